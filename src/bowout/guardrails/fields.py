"""Judge the user's own words before they become a letter.

A template letter is built from what the user typed, so "your lousy pay" as the topic makes
the template itself fail its checks. `judge_fields` runs each free-text field through the
same `check` every letter passes (and so through its normalisation), keeping only the
findings about a sentence (a phrase has no greeting or sign-off to miss), and names the
field to reword.
"""

from __future__ import annotations

from bowout.guardrails.checker import Checker
from bowout.models import CheckContext, Finding, LetterRequest, Report

# The free-text fields a letter quotes; names are checked as names by the letter's checks.
_PHRASES = ("topic", "looking_forward_to", "role", "other_role", "interview_at", "notes")


# How the letter speaks to its reader: a note may name the reader ("Kwame's demo"), and the
# letter that carries it says "your demo".
_ABOUT_THE_LETTER = {"conventions"}


# Choices and private text: never the wording of a sentence the user can change.
_NOT_TEXT = {
    "scenario",
    "channel",
    "tone",
    "stage",
    "prior_channel",
    "flexibility",
    "private_reason",
}


def judge_fields(request: LetterRequest, checker: Checker) -> dict[str, Finding]:
    """Each field whose own words fail a check, with the first error found in it."""
    context = CheckContext.for_request(request)
    judged: dict[str, Finding] = {}
    for name in _PHRASES:
        value = getattr(request, name)
        for text in value if isinstance(value, list) else [value]:
            if not text:
                continue
            errors = [
                f
                for f in checker.check(text, context).errors
                if f.excerpt and f.check not in _ABOUT_THE_LETTER
            ]
            if errors:
                judged[name] = errors[0]
                break
    return judged


def fields_in(report: Report, request: LetterRequest) -> list[str]:
    """The given fields whose text appears in a sentence the report faults."""
    excerpts = " ".join(f.excerpt for f in report.errors).casefold()
    if not excerpts:
        return []
    named = []
    for name, value in request.model_dump(exclude=_NOT_TEXT).items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and v and v.casefold() in excerpts for v in values):
            named.append(name)
    return named
