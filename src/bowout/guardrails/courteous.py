"""Courteous: thanks the reader, greets and signs off, and never scolds, mocks or shouts.

Tone words are matched as phrases, not scored: a sentiment score rates "unfortunately" and
"I regret to inform you" as negative although they are the courteous way to say no, and
rates a politely worded complaint as positive. The negative-reason check covers the latter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from bowout.choices import Scenario
from bowout.guardrails.datafiles import read_toml
from bowout.guardrails.parse import Letter
from bowout.guardrails.patterns import Lazy, lazy, words
from bowout.models import Channel, CheckContext, Finding

Severity = Literal["error", "warning"]

TONE_RULES = ("rude", "blame", "demand", "mocking")


def _tone_pattern(rule: dict[str, Any]) -> Lazy:
    """The rule's phrases as whole words, and its `anywhere` patterns wherever they stand."""
    return Lazy("|".join([words(*rule["patterns"]).source, *rule.get("anywhere", [])]), lower=True)


@dataclass(frozen=True)
class ToneRule:
    message: str
    pattern: Lazy


@dataclass(frozen=True)
class CourtesyRules:
    """The word lists of data/courteous.toml, each compiled on first use."""

    gratitude: Lazy
    congratulation: Lazy
    good_wishes: Lazy
    severity: dict[str, Severity]
    tone: tuple[ToneRule, ...]  # in the order of TONE_RULES, which is the order reported
    apology: Lazy
    emphatic_caps: Lazy
    quoted_names: Lazy  # matched in the letter's own case, read as a plain name

    @classmethod
    def load(cls, data: dict[str, Any]) -> CourtesyRules:
        thanks, tone = data["thanks"], data["tone"]
        return cls(
            gratitude=words(*thanks["gratitude"]),
            congratulation=words(*thanks["congratulation"]),
            good_wishes=words(*thanks["good_wishes"]),
            severity=dict(thanks["severity"]),
            tone=tuple(
                ToneRule(tone[name]["message"], _tone_pattern(tone[name])) for name in TONE_RULES
            ),
            apology=Lazy("|".join(tone["apology"]["patterns"]), lower=True),
            emphatic_caps=lazy(r"\b(?:" + "|".join(tone["capitals"]["words"]) + r")\b"),
            quoted_names=lazy("|".join(tone["mocking"]["quoted_names"])),
        )

    def thanks_severity(self, letter: Letter, context: CheckContext | None) -> Severity | None:
        """How serious the letter's lack of thanks is; None when it thanks someone."""
        text = letter.text.lower()
        if self.gratitude.search(text):
            return None
        scenario = context.scenario if context else None
        if scenario is Scenario.KEEP_IN_TOUCH and self.congratulation.search(text):
            return None
        if context is None or context.request is None:
            return self.severity["draft"]
        if self.good_wishes.search(text):
            return self.severity["wishes_only"]
        return self.severity["missing"]


def load_rules() -> dict[str, Any]:
    return read_toml("courteous.toml")


@cache
def default() -> CourtesyRules:
    """The rules built from the packaged data file, built once per process."""
    return CourtesyRules.load(load_rules())


_LETTER_RUN = lazy(r"[A-Za-z]")
_MULTI_BANG = lazy(r"[!?]{2,}|!\s*\?|\?\s*!")
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
    rules = default()
    findings: list[Finding] = []
    if severity := rules.thanks_severity(letter, context):
        findings.append(
            Finding(
                check="courteous",
                severity=severity,
                message="no thanks or appreciation",
                advice="thank them for their time or the opportunity",
            )
        )
    if channel is Channel.EMAIL:
        # A bare name closes a letter as well as "Kind regards," does (a business letter,
        # a terse note); a LinkedIn message needs neither.
        closed = bool(letter.sign_off or letter.signature)
        missing = [
            part
            for part, found in (("greeting", letter.greeting), ("sign-off", closed))
            if not found
        ]
        if missing:
            findings.append(
                Finding(
                    check="courteous",
                    severity="warning",
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
def _tone(sentence: str) -> tuple[Severity, str, str] | None:
    """(severity, message, advice) for a rude, blaming, demanding or shouted sentence, else None."""
    rules = default()
    plain = rules.apology.sub(" ", rules.quoted_names.sub(" named ", sentence).lower())
    for rule in rules.tone:
        if rule.pattern.search(plain):
            return "error", rule.message, "reword it or leave it out"
    if not _shouting(sentence) and rules.emphatic_caps.search(sentence):
        return "error", "a word in capitals reads as shouting", "write the word in lower case"
    if _MULTI_BANG.search(sentence):
        return "warning", "repeated '!' or '?' reads as raised voice", "use a single '.' or '!'"
    return None
