"""Courteous: thanks the reader, greets and signs off, and never scolds, mocks or shouts.

Tone words are matched as phrases, not scored: a sentiment score rates "unfortunately" and
"I regret to inform you" as negative although they are the courteous way to say no, and
rates a politely worded complaint as positive. The negative-reason check covers the latter.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from bowout.guardrails.parse import Letter
from bowout.guardrails.patterns import Lazy, lazy, words
from bowout.models import Channel, CheckContext, Finding

_any = words


GRATITUDE = _any(
    r"thank\w*",
    r"grateful",
    r"gratitude",
    r"appreciat\w*",
    r"enjoy\w*",
    r"pleasure",
    r"(?:great|good|nice|lovely|wonderful|a pleasure) (?:meeting|to meet|speaking|to speak|"
    r"talking|to talk|spending time|getting to know|to connect|connecting)",
    r"(?:honou?red|glad|delighted|happy) to have",
    r"(?:value|valued) (?:the|your)",
    r"kind of you",
)

_RUDE = _any(
    r"waste of (?:my|our|everyone's)? ?time",
    r"wast(?:ed|ing) (?:my|our|so much of my) time",
    r"thanks for nothing",
    r"no thanks to you",
    r"stop (?:emailing|e-mailing|contacting|calling|messaging|texting|bothering|pestering|"
    r"spamming) me",
    r"(?:do not|don't|never|did not|not to) (?:contact|email|e-mail|call|message|reach out to) me",
    r"lose my (?:number|email|details)",
    r"leave me alone",
    r"ridiculous\w*",
    r"absurd",
    r"(?:is|was|been|be|it's|what) (?:a |an absolute |a total |a complete |such a )joke",
    r"laughable",
    r"pathetic",
    r"clowns?",
    r"circus",
    r"incompeten\w*",
    r"idiot\w*",
    r"stupid\w*",
    r"dumb",
    r"moron\w*",
    r"useless",
    r"shame on",
    r"how dare",
    r"you people",
    r"insult\w*",
    r"(?:damn|damned|hell|crap|crappy|shit\w*|bullshit|bs|wtf|f\*+\w*|fuck\w*|sucks?)",
    r"garbage",
    r"rubbish",
    r"nonsense",
    r"disgrace\w*",
    r"appall\w*",
    r"outrage\w*",
    r"terrible",
    r"awful",
    r"horrible",
    r"horrendous",
    r"atrocious",
    r"worst",
    r"(?:quite )?frankly,? (?:this|it|that)\b[\w ']{0,30}\b(?:was|is|has been)\b",
    r"good luck (?:with that|finding (?:anyone|someone|somebody) (?:who|that|else))",
    r"(?:someone|anyone) (?:else )?(?:who|that) (?:will|would) put up with",
    r"whatever(?=\s*[.!]|\s*$)",
    r"(?:thanks|thank you|appreciate)[\w ,']{0,40}, I (?:guess|suppose)",
    r"I'm out(?! of)",
    r"with (?:all )?due respect",
    r"no offen[cs]e",
    r"to be (?:blunt|brutally honest)",
    r"not worth (?:my|the|anyone's) (?:time|effort)",
    r"beneath me",
    r"must be nice",
    r"(?:thanks|thank you) (?:a lot|so much) for (?:wasting|nothing|ignoring|ghosting|"
    r"the runaround)",
    r"(?:yeah|sure),? right",
    r"(?:obviously|clearly) (?:you (?:don't|didn't|never|weren't|aren't|can't|couldn't)|nobody|"
    r"no one)",
    r"not that (?:it|you) (?:matters?|care)",
    r"(?:some|a bit of) (?:feedback|advice) for (?:you|your)",
    r"you (?:might|may|should|could) (?:want to )?(?:consider|try|learn|think about) "
    r"(?:treating|respecting|being|improving|training|getting)",
)
_BLAME = _any(
    r"because of you\b(?!r)",
    r"your (?:fault|mistake|failure|incompetence)",
    r"you (?:never(?! know)|didn't even|did not even|couldn't even|could not even|failed to|"
    r"forgot to|refused to|ignored|wasted|strung me along|messed|"
    r"kept me (?:waiting|hanging|in the dark)|"
    r"made me (?:wait|jump|feel (?:unwelcome|small|stupid)))",
    r"(?:you|your team|your recruiter|your company|the recruiter|your hiring manager) "
    r"(?:clearly |obviously )?(?:don't|do not|didn't|did not) (?:care|bother|respect|value)",
    r"(?:I|I'd) (?:blame|hold you responsible)",
    r"(?:nobody|no one) (?:bothered|cared|replied|responded|followed up)",
    r"I hope (?:you|your team|the company|they) (?:\w+ ){0,2}(?:learn\w*|improve\w*|do better)",
    r"(?:treat|handle|respect|communicate with|run|manage)\b[\w ']{0,30}\b(?:candidates?|"
    r"applicants?|people|process|interviews?)\b[\w ']{0,15}\b(?:better|more (?:respect|care|"
    r"professional\w*))",
    r"(?:in future|next time),? (?:please (?:make sure|ensure|try|consider|be)|you (?:might|may|"
    r"should|could) (?:want to )?(?:consider|try|make|ensure|be))",
    r"(?:you|your team) (?:should|ought to) have (?:told|said|let me know|called|replied|"
    r"responded|informed|mentioned|been (?:clearer|honest|upfront))",
)
_DEMAND = _any(
    r"I (?:demand|insist(?! on (?:thanking|saying|adding|expressing))|expect you to|"
    r"require you to)",
    r"(?:you|your team) (?:need|needs|must|have) to (?:remove|delete|stop|reply|respond|"
    r"confirm|acknowledge|explain|pay|fix|do better|understand)",
    r"(?:remove|delete|erase) (?:all )?my (?:details|data|information|resume|cv|profile|"
    r"application) (?:immediately|now|at once|right away|asap)",
    r"reply (?:immediately|asap|right away|by return)",
    # "I will not be accepting the offer" states the candidate's own decision; only a refusal
    # to be treated some way ("I will not tolerate", "I will not be spoken to") is a demand.
    r"I (?:(?:will|shall) not|won't) (?:tolerate|put up with|stand for|"
    r"accept (?:this|that|such|being|any|these)(?! (?:offer|role|position|job|opportunity|"
    r"invitation|proposal)\b)|"
    r"be (?:spoken|talked|treated|contacted|ignored|strung|pushed|pressured|messed|kept|"
    r"bullied|disrespected|rushed|chased|hounded|harassed))",
)
# Words people type in capitals for emphasis; acronyms (CEO, HR, NYC) are not shouting.
_EMPHATIC_CAPS = lazy(
    r"\b(?:NOT|NEVER|NO|STOP|DO|DON'T|WILL|WON'T|CANNOT|CAN'T|ANY|ALL|EVER|AGAIN|NOTHING|"
    r"WASTE|WASTED|REALLY|VERY|EXTREMELY|UNACCEPTABLE|RIDICULOUS|TERRIBLE|WORST|ABSOLUTELY|"
    r"SERIOUSLY|PLEASE|NOW|ONLY|WHY|WHAT|HOW|NOBODY|TIME|INTERESTED|YOU|YOUR)\b"
)
_LETTER_RUN = lazy(r"[A-Za-z]")
_MULTI_BANG = lazy(r"[!?]{2,}|!\s*\?|\?\s*!")
_FAMILIAR = (
    "rude or dismissive",
    "blames the reader",
    "demands instead of asking",
)


# Courteous phrases that contain a word the patterns above look for: a strong word aimed at
# the writer's own timing, delay or news is an apology, not rudeness.
_APOLOGY = Lazy(
    r"\bI (?:feel|felt) (?:so |really |truly |quite )?(?:terrible|awful|horrible|bad)\b|"
    r"\b(?:for|about) (?:the|my|this) (?:terrible|awful|horrible|stupidly|ridiculously|horribly|"
    r"terribly|awfully)(?: \w+)? (?:timing|delay\w*|late\w*|notice|news|reply|response)\b|"
    r"\b(?:the|my) timing (?:is|was|could not be|couldn't be)\b[\w ]{0,12}\b(?:terrible|awful|"
    r"horrible|worse|worst)\b|"
    r"\b(?:terrible|awful|horrible|bad) news to (?:deliver|share|send|give|break)\b|"
    r"\b(?:don't|do not|never|no need to) feel (?:like )?you (?:need|have) to\b",
    lower=True,
)


_CAPITALS_RUN = lazy(r"[A-Z]{3}")


def _shouting(line: str) -> bool:
    if not _CAPITALS_RUN.search(line):
        return False
    letters = _LETTER_RUN.findall(line)
    if len(letters) < 12 or len(line.split()) < 3:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) > 0.7


def check_courteous(letter: Letter, context: CheckContext | None) -> list[Finding]:
    channel = context.channel if context else Channel.EMAIL
    findings: list[Finding] = []
    if not GRATITUDE.search(letter.text.lower()):
        findings.append(
            Finding(
                check="courteous",
                severity="error",
                message="no thanks or appreciation",
                advice="thank them for their time or the opportunity",
            )
        )
    if channel is Channel.EMAIL:
        missing = [
            part
            for part, found in (("greeting", letter.greeting), ("sign-off", letter.sign_off))
            if not found
        ]
        if missing:
            findings.append(
                Finding(
                    check="courteous",
                    severity="error" if len(missing) == 2 else "warning",
                    message=f"no {' or '.join(missing)}",
                    advice="an email opens with 'Dear ...' or 'Hi ...' and closes with "
                    "'Kind regards,' and your name",
                )
            )
    shouted = [x for x in letter.text.split("\n") + letter.all_sentences if _shouting(x)]
    if shouted:
        findings.append(
            Finding(
                check="courteous",
                severity="error",
                message="written in capitals, which reads as shouting",
                advice="write it in ordinary sentence case",
                excerpt=shouted[0].strip(),
            )
        )
    for sentence in [*letter.all_sentences, letter.greeting, letter.sign_off]:
        if not sentence:
            continue
        if found := _tone(sentence):
            severity, message, advice = found
            findings.append(
                Finding(
                    check="courteous",
                    severity=severity,
                    message=message,
                    excerpt=sentence,
                    advice=advice,
                )
            )
    return findings


# The verdict on a sentence depends on the sentence alone, and template letters repeat
# their sentences (and every letter its sign-off) across a batch.
@lru_cache(maxsize=1024)
def _tone(sentence: str) -> tuple[Literal["error", "warning"], str, str] | None:
    """(severity, message, advice) for a rude, blaming, demanding or shouted sentence, else None."""
    plain = _APOLOGY.sub(" ", sentence.lower())
    for pattern, what in zip((_RUDE, _BLAME, _DEMAND), _FAMILIAR, strict=True):
        if pattern.search(plain):
            return "error", what, "reword it or leave it out"
    if not _shouting(sentence) and _EMPHATIC_CAPS.search(sentence):
        return "error", "a word in capitals reads as shouting", "write the word in lower case"
    if _MULTI_BANG.search(sentence):
        return "warning", "repeated '!' or '?' reads as raised voice", "use a single '.' or '!'"
    return None
