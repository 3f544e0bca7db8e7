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
- conventions: the reader is "you", never named in the third person; a warm or casual
  reader is greeted by given name; the letter never greets its own sender

`check` uses a default `Checker` (bowout.guardrails.checker), which owns the word lists, the
reason model and their caches; build your own to pass where many letters are checked.
`screen_request(request)` (in `bowout.guardrails.screen`) flags user fields a model must not
see.
"""

from __future__ import annotations

from bowout.guardrails.checker import Checker, default_checker
from bowout.guardrails.parse import Letter, parse
from bowout.guardrails.screen import screen_request
from bowout.models import CheckContext, Report


def check(text: str, context: CheckContext | None = None) -> Report:
    """Check one letter with the default checker; `Report.ok` is false when any finding is
    an error. See `Checker.check`."""
    return default_checker().check(text, context)


def check_parsed(letter: Letter, context: CheckContext | None = None) -> Report:
    """`check` for a letter already parsed (no check changes the parse)."""
    return default_checker().check_parsed(letter, context)


over_length = Checker.over_length

__all__ = [
    "Checker",
    "check",
    "check_parsed",
    "default_checker",
    "over_length",
    "parse",
    "screen_request",
]
