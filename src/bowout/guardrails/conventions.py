"""Conventions: a letter speaks to its reader as "you" and greets a warm or casual reader by
given name.

Both are judged against the request: who the reader is (`recipient_name`), the tone, and the
other people the letter may name. The rules' wording and the patterns that tell direct
address ("Thank you, Maria, for ...") from a mention ("meeting Maria and Tom") are data:
guardrails/data/conventions.toml, whose examples are tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from bowout.guardrails.datafiles import read_toml
from bowout.guardrails.normalise import default as default_normaliser
from bowout.guardrails.parse import Letter
from bowout.models import CheckContext, Finding, LetterRequest, Tone
from bowout.names import PersonName, greeting, parse_name

CHECK = "conventions"


@dataclass(frozen=True)
class _Rule:
    message: str
    advice: str


class Conventions:
    """The compiled conventions, built once from their data file."""

    def __init__(self, data: dict[str, Any]) -> None:
        third = data["third_person"]
        self.third_person = _Rule(third["message"], third["advice"])
        self.direct_before = re.compile(third["direct_before"])
        self.direct_after = re.compile(third["direct_after"])
        full = data["full_name_greeting"]
        self.full_name_greeting = _Rule(full["message"], full["advice"])
        sender = data["greets_sender"]
        self.greets_sender = _Rule(sender["message"], sender["advice"])
        self.examples: list[dict[str, Any]] = data.get("examples", [])

    def check_letter(self, letter: Letter, context: CheckContext | None) -> list[Finding]:
        """The check family: judged only when the letter comes with its request."""
        if context is None or context.request is None:
            return []
        return self.check(letter, context.request)

    def check(self, letter: Letter, request: LetterRequest) -> list[Finding]:
        fold = default_normaliser().fold
        findings = self._sender_greeted(letter, request, fold)
        if not request.recipient_name:
            return findings
        reader = parse_name(fold(request.recipient_name))
        findings.extend(self._greeting(letter, reader, request.tone))
        findings.extend(self._third_person(letter, reader, request, fold))
        return findings

    def _sender_greeted(
        self, letter: Letter, request: LetterRequest, fold: Callable[[str], str]
    ) -> list[Finding]:
        sender = parse_name(fold(request.sender_name))
        if request.recipient_name and sender.same_person(parse_name(fold(request.recipient_name))):
            return []
        if not letter.greeting or not _mentions(letter.greeting, sender.full):
            return []
        rule = self.greets_sender
        expected = greeting(request.recipient_name, request.tone)
        return [
            Finding(
                check=CHECK,
                severity="error",
                message=rule.message.format(greeting=letter.greeting),
                excerpt=letter.greeting,
                advice=rule.advice.format(expected=expected),
            )
        ]

    def _greeting(self, letter: Letter, reader: PersonName, tone: Tone) -> list[Finding]:
        if tone is Tone.FORMAL or reader.family_first or not (reader.given and reader.family):
            return []
        if not _mentions(letter.greeting, reader.full):
            return []
        rule = self.full_name_greeting
        return [
            Finding(
                check=CHECK,
                severity="error",
                message=rule.message.format(tone=tone.value, greeting=letter.greeting),
                excerpt=letter.greeting,
                advice=rule.advice.format(tone=tone.value, expected=greeting(reader.full, tone)),
            )
        ]

    def _third_person(
        self,
        letter: Letter,
        reader: PersonName,
        request: LetterRequest,
        fold: Callable[[str], str],
    ) -> list[Finding]:
        forms = _reader_forms(reader, request, fold)
        if not forms:
            return []
        # Case-sensitive: a reader called Hope is not named by "I hope".
        pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")
        sentences = [*letter.sentences, *letter.voicemail_sentences, *letter.postscript_sentences]
        for sentence in sentences:
            for match in pattern.finditer(sentence):
                before = sentence[: match.start()].lower()
                after = sentence[match.end() :].lower()
                if self.direct_before.search(before) and self.direct_after.search(after):
                    continue
                rule = self.third_person
                return [
                    Finding(
                        check=CHECK,
                        severity="error",
                        message=rule.message.format(name=match.group(0)),
                        excerpt=sentence,
                        advice=rule.advice,
                    )
                ]
        return []


def _mentions(text: str, name: str) -> bool:
    # ASCII case-insensitive matching is lower-casing: a name absent from the lower-cased
    # text cannot match, and most greetings do not hold the name asked about.
    if text.isascii() and name.isascii() and name.lower() not in text.lower():
        return False
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text, re.IGNORECASE) is not None


def _reader_forms(
    reader: PersonName, request: LetterRequest, fold: Callable[[str], str]
) -> list[str]:
    """Every way a letter could name its reader, longest first. The given name alone counts
    only when nobody else the letter may name (another interviewer, the referral, the
    sender) shares it."""
    forms = {reader.full, reader.formal()}
    if reader.honorific and reader.family:
        forms.add(f"{reader.honorific.rstrip('.')} {reader.family}")
    others = [
        parse_name(fold(n))
        for n in (*request.interviewers, request.referral, request.sender_name)
        if n
    ]
    others = [o for o in others if not reader.same_person(o)]
    if reader.given and not reader.family_first:
        shared = {(o.given or "").casefold() for o in others}
        if reader.given.casefold() not in shared:
            forms.add(reader.given)
    taken = {o.full.casefold() for o in others}
    return sorted((f for f in forms if f and f.casefold() not in taken), key=len, reverse=True)


def load() -> Conventions:
    return Conventions(read_toml("conventions.toml"))


@cache
def default() -> Conventions:
    """The packaged conventions, built once, for the evaluation and tests; a Checker loads
    its own."""
    return load()


__all__ = ["CHECK", "Conventions", "default", "load"]
