"""Legible: a letter shows its reader exactly what the checks read, in a language they judge.

An invisible character (zero-width space, bidi control, tag character) hides or reorders
text, so a letter holding one is refused whoever wrote it. A letter in another language is
reported as not judged: the other checks read English and would pass it silently.
"""

from __future__ import annotations

from bowout.guardrails.normalise import default
from bowout.guardrails.parse import Letter
from bowout.models import CheckContext, Finding


def check_legible(letter: Letter, context: CheckContext | None) -> list[Finding]:
    findings = []
    if letter.invisible:
        shown = ", ".join(letter.invisible[:5]) + (" ..." if len(letter.invisible) > 5 else "")
        findings.append(
            Finding(
                check="legible",
                severity="error",
                message=f"contains invisible characters ({shown})",
                advice="retype the letter, or paste it as plain text, without them",
            )
        )
    if not default().looks_english(letter.text):
        findings.append(
            Finding(
                check="legible",
                severity="error",
                message="not in English, so these checks cannot judge it",
                advice="have someone who reads the language check it, or write it in English",
                confidence=0.9,
            )
        )
    return findings
