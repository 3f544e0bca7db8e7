"""Concise: a letter short enough to be read in one glance on the channel it goes through."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from bowout.guardrails.datafiles import read_toml
from bowout.guardrails.parse import Letter, words
from bowout.guardrails.patterns import lazy
from bowout.models import Channel, CheckContext, Finding


@dataclass(frozen=True)
class Limits:
    """The word limits of data/concise.toml (where they are explained)."""

    email: tuple[int, int]  # (warning above, error above), the body between greeting and sign-off
    linkedin: tuple[int, int]
    voicemail: int
    talking_points: int
    sentence: tuple[int, int]

    @classmethod
    def load(cls, data: dict[str, Any]) -> Limits:
        def pair(name: str) -> tuple[int, int]:
            warn, error = int(data[name]["warn"]), int(data[name]["error"])
            if not 0 < warn < error:
                raise ValueError(f"concise.toml: [{name}] needs 0 < warn < error")
            return warn, error

        return cls(
            email=pair("email"),
            linkedin=pair("linkedin"),
            voicemail=int(data["phone"]["voicemail"]),
            talking_points=int(data["phone"]["talking_points"]),
            sentence=pair("sentence"),
        )


def load_limits() -> dict[str, Any]:
    return read_toml("concise.toml")


@cache
def default() -> Limits:
    """The limits from the packaged data file, read once per process."""
    return Limits.load(load_limits())


_NON_WORD = lazy(r"[^a-z0-9 ]+")


def _key(sentence: str) -> str:
    return " ".join(_NON_WORD.sub(" ", sentence.lower()).split())


# A sentence's length and key depend on the sentence alone; template letters repeat their
# sentences across a batch.
@lru_cache(maxsize=1024)
def _measure(sentence: str) -> tuple[int, str]:
    """The sentence's word count and its key for spotting a repeat."""
    return len(words(sentence)), _key(sentence)


def _limit(counted: int, limits: tuple[int, int], what: str) -> list[Finding]:
    warn, error = limits
    if counted > error:
        return [
            Finding(
                check="concise",
                severity="error",
                message=f"{what} is {counted} words",
                advice=f"cut it to {error} words or fewer",
            )
        ]
    if counted > warn:
        return [
            Finding(
                check="concise",
                severity="warning",
                message=f"{what} is {counted} words",
                advice=f"about {warn} words reads better; cut what the reader does not need",
            )
        ]
    return []


def check_concise(letter: Letter, context: CheckContext | None) -> list[Finding]:
    return letter_length(letter, context) + _sentence_findings(letter)


def letter_length(letter: Letter, context: CheckContext | None) -> list[Finding]:
    """The findings about the whole letter's length on its channel (not its sentences)."""
    channel = context.channel if context else Channel.EMAIL
    limits = default()
    findings: list[Finding] = []
    if channel is Channel.EMAIL:
        findings += _limit(letter.body_words, limits.email, "the email body")
    elif channel is Channel.LINKEDIN:
        # A LinkedIn message is read whole, greeting and name included, in one bubble.
        findings += _limit(letter.message_words, limits.linkedin, "the LinkedIn message")
    else:
        if len(letter.bullets) > limits.talking_points:
            findings.append(
                Finding(
                    check="concise",
                    severity="error",
                    message=f"{len(letter.bullets)} talking points",
                    advice=f"keep it to {limits.talking_points} or fewer",
                )
            )
        voicemail = len(words(letter.voicemail))
        if voicemail > limits.voicemail:
            findings.append(
                Finding(
                    check="concise",
                    severity="error",
                    message=f"the voicemail is {voicemail} words",
                    advice=f"keep it to {limits.voicemail} words or fewer (under half a minute)",
                )
            )
    return findings


def _sentence_findings(letter: Letter) -> list[Finding]:
    findings: list[Finding] = []
    warn, error = default().sentence
    seen: set[str] = set()
    for sentence in letter.sentences + letter.voicemail_sentences:
        count, key = _measure(sentence)
        if count > warn:
            findings.append(
                Finding(
                    check="concise",
                    severity="error" if count > error else "warning",
                    message=f"a {count}-word sentence",
                    advice=f"split it or cut it below {warn} words",
                    excerpt=sentence,
                )
            )
        # The voicemail may repeat a talking point: it is said instead of the call, not after it.
        if key in seen and len(key.split()) >= 4 and sentence not in letter.voicemail_sentences:
            findings.append(
                Finding(
                    check="concise",
                    severity="error",
                    message="the same sentence appears twice",
                    advice="keep one of them",
                    excerpt=sentence,
                )
            )
        seen.add(key)
    return findings
