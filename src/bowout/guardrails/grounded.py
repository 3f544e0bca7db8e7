"""Grounded: every name, address, number, date and life event in the letter comes from the user.

What counts as given: the request's fields (the private reason included, for life events:
the letter may not *say* it, but a claim it implies is then not invented), the extra names
(`bowout check --name`) and the base template text.

Without any context (a pasted draft checked on its own) nothing can be compared, so names,
addresses, dates and claims are not judged; a money figure or percentage is still reported,
as a warning, because a letter rarely needs one and it is the kind of detail a model invents.
With only extra names (`--name`), names in the body are judged against them; the rest is not.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from bowout.guardrails.parse import Letter
from bowout.guardrails.patterns import Caseless, lazy
from bowout.guardrails.private_reason import legitimate_text
from bowout.models import CheckContext, Finding

# The look-behind starts a match only where an address can start: without it a long run of
# letters is rescanned from every position.
_EMAIL = lazy(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = lazy(
    r"\bhttps?://[^\s<>()]+|\bwww\.[^\s<>()]+|(?<![\w-])[\w-]+\.(?:com|org|net|io|co|dev|ai|app|me)"
    r"(?:/[^\s<>()]*)?\b",
    re.IGNORECASE,
)
_PHONE = lazy(r"(?<![\w$])\+?\(?\d[\d ().-]{6,}\d(?![\w%])")
_MONEY = lazy(r"[$€£]\s?\d[\d,.]*\s?(?:k|m|K|M)?\b|\b\d[\d,.]*\s?(?:%|percent\b|k\b|K\b)")
_NUMBER = lazy(r"\b\d[\d,.:]*(?:st|nd|rd|th|am|pm)?\b", re.IGNORECASE)
_COUNT = Caseless(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) "
    r"(?:rounds|interviews|weeks|months|years|days|calls|conversations|stages|people|"
    r"interviewers|meetings|times|offers)\b",
    re.IGNORECASE,
)
_DATE = Caseless(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|yesterday|tonight|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?(?= \d))\b",
    re.IGNORECASE,
)
# Life events a letter may only state when the user said so. Each pattern is only searched for
# (a sentence makes the claim or not), so it is Caseless: lower-cased text, no IGNORECASE.
_CLAIMS = (
    (
        "another offer",
        Caseless(
            r"\b(?:accept\w*|taken|took|signed|chosen|going with|received|decided to accept|"
            r"decided to take|pursue|pursuing|joining|join)\b[\w ]{0,20}\b(?:another|other|"
            r"a different|an?(?: new)?|competing|a competing)\s+"
            r"(?:offer|position|role|job|opportunity)\b|"
            r"\b(?:another|competing|counter)[- ]?offer\b",
        ),
        Caseless(
            r"offer|accept|another|elsewhere|other (?:company|role|job|position)|"
            r"joining|signed",
        ),
    ),
    # Staying where one is ("I'm happy in my current role") is the neutral reason every
    # template may give; what the current employer did about it is a fact only the user knows.
    (
        "a counter-offer or promotion from your employer",
        Caseless(
            r"\bcounter[- ]?offer\w*|\bmy (?:current|present) (?:employer|company|manager) "
            r"(?:has |have |just )?(?:offered|promoted|counter\w*|made me)",
        ),
        Caseless(r"counter|promot|raise|offered me|current (?:employer|company)"),
    ),
    (
        "family reasons",
        Caseless(
            r"\bfamil(?:y|ial)\b|\bpersonal (?:reasons?|circumstances|matters?|situation)\b|"
            r"\bcar(?:e|ing) for\b|\bcaregiv\w*|\b(?:newborn|pregnan\w*|maternity|paternity|"
            r"my (?:partner|spouse|wife|husband|children|kids|son|daughter|parents?|mother|"
            r"father|mum|mom|dad))\b",
        ),
        Caseless(
            r"famil|personal|partner|spouse|wife|husband|child|kid|son|daughter|"
            r"parent|mother|father|mum|mom|dad|baby|care",
        ),
    ),
    (
        "a move",
        Caseless(
            # "move to the next round" or "to a more senior role" is no change of address.
            r"\brelocat\w*|\bmov(?:e|ing) (?:to(?! (?:the |a |an |my )?(?:[\w-]+ ){0,2}(?:rounds?|"
            r"stages?|steps?|phases?|roles?|positions?|teams?|jobs?|levels?|interviews?|"
            r"offers?|company|employer|point)\b)|away|abroad|back|across|overseas|out of|house|"
            r"cities|countries|states)\b",
        ),
        Caseless(r"relocat|mov(?:e|ing)|city|country|abroad|overseas"),
    ),
    (
        "health",
        Caseless(
            r"\b(?:my|for|due to|personal|of) health\b|\bhealth (?:reasons?|issues?|concerns?|"
            r"matters?|grounds|condition|problems?)\b|\bmedical\b|\bsurgery\b|\billness\b|"
            r"\bdiagnos\w*|\b(?:been|fallen|am|was|fell) (?:sick|ill|unwell)\b|"
            r"\brecover(?:y|ing)\b",
        ),
        Caseless(r"health|medical|surgery|ill|sick|unwell|recover|diagnos|doctor"),
    ),
)
# Capitalised words that are not people or companies: calendar words, titles, sign-offs.
_COMMON_CAPS = frozenset(
    [
        "i",
        "i'm",
        "i'd",
        "i've",
        "i'll",
        "dear",
        "hi",
        "hello",
        "hey",
        "thank",
        "thanks",
        "best",
        "kind",
        "warm",
        "warmest",
        "kindest",
        "regards",
        "sincerely",
        "cheers",
        "warmly",
        "respectfully",
        "many",
        "all",
        "with",
        "yours",
        "subject",
        "re",
        "voicemail",
        "linkedin",
        "zoom",
        "teams",
        "slack",
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "team",
        "hiring",
        "manager",
        "managers",
        "recruiter",
        "recruiting",
        "talent",
        "acquisition",
        "hr",
        "ceo",
        "cto",
        "coo",
        "cfo",
        "cpo",
        "vp",
        "svp",
        "evp",
        "director",
        "head",
        "lead",
        "senior",
        "junior",
        "principal",
        "staff",
        "associate",
        "assistant",
        "engineer",
        "engineering",
        "engineers",
        "software",
        "product",
        "design",
        "designer",
        "data",
        "sales",
        "marketing",
        "operations",
        "officer",
        "department",
        "people",
        "human",
        "resources",
        "company",
        "role",
        "position",
        "interview",
        "interviews",
        "process",
        "opportunity",
        "english",
        "us",
        "uk",
        "eu",
        "ai",
        "ml",
        "ux",
        "ui",
        "qa",
        "sre",
        "api",
        "pm",
        "ps",
        "ok",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "analyst",
        "developer",
        "developers",
        "scientist",
        "science",
        "research",
        "manager's",
        "ops",
        "devops",
        "it",
        "iii",
        "ii",
        "jr",
        "sr",
        "specialist",
        "coordinator",
        "consultant",
        "architect",
        "partner",
        "founder",
        "co-founder",
        "chief",
        "executive",
        "technology",
        "technical",
        "program",
        "project",
        "account",
        "customer",
        "success",
        "support",
        "finance",
        "legal",
        "frontend",
        "backend",
        "front-end",
        "back-end",
        "full-stack",
        "fullstack",
        "mobile",
        "web",
        "cloud",
        "platform",
        "infrastructure",
        "security",
    ]
)
_CAP_WORD = lazy(r"(?<![\w'-])([A-Z][a-zA-Z'-]*[a-zA-Z]|[A-Z])(?:'s)?(?![\w-])")
_OPENERS = lazy(r"^\W*(?:dear|hi|hello|hey|hiya|good morning|good afternoon)\s+", re.I)


def _name_candidates(letter: Letter, *, whole: bool) -> list[tuple[str, str]]:
    """(word, where) for capitalised words that are not at the start of a sentence; the
    greeting and the signature too when `whole`."""
    found: list[tuple[str, str]] = []
    greeting = _OPENERS.sub("", letter.greeting).rstrip(",:! ") if whole else ""
    if greeting:
        found.extend((m.group(1), letter.greeting) for m in _CAP_WORD.finditer(greeting))
    for line in letter.signature if whole else []:
        if "@" in line or any(ch.isdigit() for ch in line):
            continue
        found.extend((m.group(1), line) for m in _CAP_WORD.finditer(line))
    for sentence in letter.sentences + letter.voicemail_sentences:
        found.extend((word, sentence) for word in _capitalised_inside(sentence))
    return found


# The names in a sentence depend on the sentence alone; template letters repeat their
# sentences across a batch.
@lru_cache(maxsize=1024)
def _capitalised_inside(sentence: str) -> tuple[str, ...]:
    """The capitalised words of a sentence, other than one that starts it (or starts a
    clause after a colon, a quote, a bracket or a bullet)."""
    found = []
    for m in _CAP_WORD.finditer(sentence):
        before = sentence[: m.start()].rstrip()
        if not before or before[-1] in ':;"(-\u2022*':
            continue
        found.append(m.group(1))
    return tuple(found)


def _finding(
    message: str,
    excerpt: str,
    severity: str = "error",
    advice: str = "use only details you gave bowout, or check this one is right",
) -> Finding:
    return Finding(
        check="grounded",
        severity="error" if severity == "error" else "warning",
        message=message,
        excerpt=excerpt,
        advice=advice,
    )


def _sentence_of(letter: Letter, needle: str) -> str:
    for sentence in letter.all_sentences + letter.signature + [letter.greeting]:
        if needle in sentence:
            return sentence
    return needle


_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


def _fields(context: CheckContext) -> list[object]:
    """The request's field values, as iterating it gives them, without pydantic's iterator."""
    return list(vars(context.request).values()) if context.request is not None else []


def _numbers_given(context: CheckContext) -> str:
    """Counts the user gave as numbers (`rounds`), in digits and in words, so "after three
    rounds" is grounded when the request says 3."""
    counts = [v for v in _fields(context) if type(v) is int]
    words = [_NUMBER_WORDS[n] for n in counts if 0 <= n < len(_NUMBER_WORDS)]
    return "\n" + " ".join([*map(str, counts), *words])


def _user_words(context: CheckContext) -> str:
    """What the user wrote: the request's text fields and the private reason. The choices
    picked from a list (scenario, tone, stage, ...) say nothing: "decline-offer" does not
    mean another offer was accepted."""
    parts = [context.private_reason or ""]
    for value in _fields(context):
        if isinstance(value, str) and not isinstance(value, Enum):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(str(v) for v in value)
    return "\n".join(parts)


# Every letter of one request compares against the same given text.
@lru_cache(maxsize=256)
def _given_forms(given: str) -> tuple[str, frozenset[str], str]:
    """The given text lower-cased, its words (lower-cased, also without "'s": "Orchard's" is
    Orchard) and its digits."""
    lower = given.lower()
    if given.isascii():  # the same words, found in the lower-cased text at once
        words = set(_GIVEN_WORD_LOWER.findall(lower))
    else:
        words = {w.lower() for w in _GIVEN_WORD.findall(given)}
    words |= {w.removesuffix("'s") for w in words}
    # Joining the runs of digits: one match per run rather than per other character.
    return lower, frozenset(words), "".join(_DIGITS.findall(given))


_GIVEN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_GIVEN_WORD_LOWER = re.compile(r"[a-z][a-z'-]*")
_DIGITS = re.compile(r"\d+")


_ANY_DIGIT = re.compile(r"\d")
_TLDS = ("com", "org", "net", "io", "co", "dev", "ai", "app", "me")


def _may_hold_link(text: str) -> bool:
    """False only when `_URL` cannot match: ASCII text with none of "http", "www." or a dot
    before one of its domain endings. A cheap test before the costly search."""
    if not text.isascii():
        return True
    lower = text.lower()
    return "http" in lower or "www." in lower or any("." + tld in lower for tld in _TLDS)


def check_grounded(letter: Letter, context: CheckContext | None) -> list[Finding]:
    text = letter.text
    judgeable = context is not None and (context.request is not None or bool(context.base_text))
    if context is None or not (judgeable or context.names):
        return [
            _finding(
                f"the figure {m.group(0).strip()!r} is not from you",
                _sentence_of(letter, m.group(0)),
                "warning",
                "check it is right and needed; leave it out if not",
            )
            for m in _MONEY.finditer(text)
        ]
    given = legitimate_text(context, include_private=judgeable) + _numbers_given(context)
    given_lower, given_words, given_digits = _given_forms(given)
    findings: list[Finding] = []

    seen: set[str] = set()
    # With only extra names (`bowout check --name`), the people in the body are judged; the
    # greeting and signature hold the reader's and the sender's names, which we were not told.
    for word, where in _name_candidates(letter, whole=judgeable):
        lower = word.lower().removesuffix("'s")
        if lower in _COMMON_CAPS or lower in given_words or lower in seen:
            continue
        if not judgeable and word.isupper():
            continue
        seen.add(lower)
        findings.append(
            _finding(
                f"the name {word!r} is not one you gave",
                where,
                advice="check who this is and the spelling, or pass it with --name",
            )
        )
    if not judgeable:
        return findings

    spans: list[tuple[int, int]] = []
    # Most letters hold no address or link at all: skip the searches that cannot match.
    for pattern, what, may_match in (
        (_EMAIL, "email address", "@" in text),
        (_URL, "link", _may_hold_link(text)),
    ):
        for m in pattern.finditer(text) if may_match else ():
            spans.append(m.span())
            if m.group(0).lower().rstrip(".") not in given_lower:
                findings.append(
                    _finding(
                        f"the {what} {m.group(0)!r} is not one you gave",
                        _sentence_of(letter, m.group(0)),
                    )
                )
    # A phone number, a figure and a plain number all need a digit.
    has_digit = _ANY_DIGIT.search(text) is not None
    for m in _PHONE.finditer(text) if has_digit else ():
        if any(a <= m.start() < b for a, b in spans):
            continue
        spans.append(m.span())
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) >= 7 and digits not in given_digits:
            findings.append(
                _finding(
                    f"the phone number {m.group(0)!r} is not one you gave",
                    _sentence_of(letter, m.group(0)),
                )
            )
    for pattern in (_MONEY, _NUMBER, _COUNT, _DATE) if has_digit else (_COUNT, _DATE):
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            spans.append(m.span())
            found = text[m.start() : m.end()]  # a Caseless match's own text is lower-cased
            value = found.strip()
            if value.lower() in given_lower or value.rstrip(".,") in given_lower:
                continue
            if pattern is _COUNT and value.split()[0].lower() in given_words:
                continue
            what = "date" if pattern is _DATE else "figure"
            findings.append(
                _finding(
                    f"the {what} {value!r} is not from your request",
                    _sentence_of(letter, found),
                )
            )
    # A life event is grounded when the template says it or the user's own words mention it.
    # The first sentence that makes a claim is its excerpt, when the claim is not given.
    first: dict[int, str] = {}
    for sentence in letter.all_sentences:
        for index in _claims_in(sentence):
            first.setdefault(index, sentence)
    said = _user_words(context) if first else ""
    base = context.base_text or ""
    for index in sorted(first):
        label, claim, grounds = _CLAIMS[index]
        sentence = first[index]
        if not (claim.search(base) or grounds.search(said)):
            findings.append(
                _finding(
                    f"says {label}, which you did not tell bowout",
                    sentence,
                    advice="leave it out unless it is true and you want to say it",
                )
            )
    return findings


# Which claims a sentence makes depends on the sentence alone; template letters repeat their
# sentences across a batch, and most sentences make none.
@lru_cache(maxsize=1024)
def _claims_in(sentence: str) -> frozenset[int]:
    """The indexes in `_CLAIMS` of the life events the sentence states."""
    return frozenset(i for i, (_, claim, _) in enumerate(_CLAIMS) if claim.search(sentence))
