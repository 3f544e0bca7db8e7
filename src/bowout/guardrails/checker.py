"""The checker: every check family run on a parsed letter, with the state they keep.

A `Checker` owns what the checks read once and reuse: the negative-reason word lists
(data/negative_reasons.toml and data/reasons/), the learned reason model, and the caches of
what they made of each sentence. Each is read the first time a letter needs it, so building
a checker costs nothing. Build one and pass it where many letters are checked (compose takes
a `checker=`); `bowout.guardrails.check` uses the default one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from bowout.guardrails.concise import check_concise, letter_length
from bowout.guardrails.conventions import load as load_conventions
from bowout.guardrails.courteous import check_courteous
from bowout.guardrails.grounded import check_grounded
from bowout.guardrails.leftovers import check_leftovers
from bowout.guardrails.legible import check_legible
from bowout.guardrails.negative_reasons import ReasonCheck, ReasonLists
from bowout.guardrails.parse import Letter, parse
from bowout.guardrails.private_reason import check_private_reason
from bowout.guardrails.reason_model import THRESHOLD, ReasonModel
from bowout.models import CheckContext, Finding, Report

CheckFamily = Callable[[Letter, CheckContext | None], list[Finding]]


class Checker:
    """Checks letters; `lists`, `model` and `threshold` replace the packaged ones (for
    measuring another model or list, or for tests)."""

    def __init__(
        self,
        *,
        lists: ReasonLists | None = None,
        model: ReasonModel | None = None,
        threshold: float = THRESHOLD,
    ) -> None:
        self.reasons = ReasonCheck(lists, model, threshold)
        self.conventions = load_conventions()
        self.families: tuple[CheckFamily, ...] = (
            check_legible,
            check_leftovers,
            check_courteous,
            self.reasons.check,
            self._private_reason,
            check_grounded,
            check_concise,
            self.conventions.check_letter,
        )

    def _private_reason(self, letter: Letter, context: CheckContext | None) -> list[Finding]:
        return check_private_reason(letter, context, self.reasons)

    def check(self, text: str, context: CheckContext | None = None) -> Report:
        """Check one letter; `Report.ok` is false when any finding is an error.

        `Report.words` counts the body: the words between the greeting and the sign-off (for
        a phone script, the talking points and the voicemail), which is what the limits
        apply to.
        """
        return self.check_parsed(parse(text), context)

    def check_parsed(self, letter: Letter, context: CheckContext | None = None) -> Report:
        """`check` for a letter already parsed (no check changes the parse)."""
        # Each judgement says how sure it is: its rule's measured precision (confidence.py).
        rated = self.reasons.sureness.rated
        findings = [rated(f) for family in self.families for f in family(letter, context)]
        return Report(findings=findings, words=letter.body_words)

    @staticmethod
    def over_length(letter: Letter, context: CheckContext | None = None) -> bool:
        """Whether `check` would report the parsed letter's length (a warning or an error)
        or fail it on the concise family: for choosing between renderings before a letter is
        checked in full. bowout's own letters stay within the warning limit where a brief
        rendering can."""
        if letter_length(letter, context):
            return True
        return any(f.severity == "error" for f in check_concise(letter, context))


@cache
def default_checker() -> Checker:
    """The checker `bowout.guardrails.check` uses: the packaged lists and model."""
    return Checker()
