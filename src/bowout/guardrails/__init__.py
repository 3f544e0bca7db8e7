"""Deterministic, offline checks that every letter must pass.

`check(text, context)` parses the letter once and runs each family of checks on the parse:

- legible: no invisible characters; a letter in another language is reported as not judged
- concise: length per channel, overlong and repeated sentences
- courteous: thanks, greeting and sign-off, no rude, blaming, demanding or shouting words
- negative-reason: no complaint about pay, reviews, mission, conduct, process, culture,
  the job, or the schedule and location (one neutral question allowed in ask-flexibility)
- private-reason: the user's real reason does not show through
- grounded: names, numbers, dates and life events come from the user
- leftovers: no placeholders, template syntax or traces of a model or prompt

`screen_request(request)` (in `bowout.guardrails.screen`) flags user fields a model must not
see.
"""

from __future__ import annotations

from collections.abc import Callable

from bowout.guardrails.concise import check_concise
from bowout.guardrails.courteous import check_courteous
from bowout.guardrails.grounded import check_grounded
from bowout.guardrails.leftovers import check_leftovers
from bowout.guardrails.legible import check_legible
from bowout.guardrails.negative_reasons import check_negative_reasons
from bowout.guardrails.parse import Letter, parse
from bowout.guardrails.private_reason import check_private_reason
from bowout.guardrails.screen import screen_request
from bowout.models import CheckContext, Finding, Report

CheckFamily = Callable[[Letter, CheckContext | None], list[Finding]]

FAMILIES: tuple[CheckFamily, ...] = (
    check_legible,
    check_leftovers,
    check_courteous,
    check_negative_reasons,
    check_private_reason,
    check_grounded,
    check_concise,
)


def check(text: str, context: CheckContext | None = None) -> Report:
    """Check one letter; `Report.ok` is false when any finding is an error.

    `Report.words` counts the body: the words between the greeting and the sign-off (for a
    phone script, the talking points and the voicemail), which is what the limits apply to.
    """
    return check_parsed(parse(text), context)


def check_parsed(letter: Letter, context: CheckContext | None = None) -> Report:
    """`check` for a letter already parsed (no check changes the parse)."""
    findings = [finding for family in FAMILIES for finding in family(letter, context)]
    return Report(findings=findings, words=letter.body_words)


def over_length(letter: Letter, context: CheckContext | None = None) -> bool:
    """Whether `check` would fail the parsed letter for its length alone: the concise family
    only, for choosing between renderings before a letter is checked in full."""
    return any(f.severity == "error" for f in check_concise(letter, context))


__all__ = ["FAMILIES", "check", "check_parsed", "over_length", "parse", "screen_request"]
