"""Concise: a letter short enough to be read in one glance on the channel it goes through."""

from __future__ import annotations

from functools import lru_cache

from bowout.guardrails.parse import Letter, words
from bowout.guardrails.patterns import lazy
from bowout.models import Channel, CheckContext, Finding

# (warning above, error above) in words, per channel; voicemail and bullets are phone-only.
# Email and LinkedIn count the body: what lies between the greeting and the sign-off.
EMAIL_WORDS = (120, 150)
LINKEDIN_WORDS = (65, 80)
VOICEMAIL_WORDS = 60
PHONE_BULLETS = 8
SENTENCE_WORDS = (35, 50)

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
    channel = context.channel if context else Channel.EMAIL
    findings: list[Finding] = []
    if channel is Channel.EMAIL:
        findings += _limit(letter.body_words, EMAIL_WORDS, "the email body")
    elif channel is Channel.LINKEDIN:
        findings += _limit(letter.body_words, LINKEDIN_WORDS, "the LinkedIn message")
    else:
        if len(letter.bullets) > PHONE_BULLETS:
            findings.append(
                Finding(
                    check="concise",
                    severity="error",
                    message=f"{len(letter.bullets)} talking points",
                    advice=f"keep it to {PHONE_BULLETS} or fewer",
                )
            )
        voicemail = len(words(letter.voicemail))
        if voicemail > VOICEMAIL_WORDS:
            findings.append(
                Finding(
                    check="concise",
                    severity="error",
                    message=f"the voicemail is {voicemail} words",
                    advice=f"keep it to {VOICEMAIL_WORDS} words or fewer (about 20 seconds)",
                )
            )
    warn, error = SENTENCE_WORDS
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
