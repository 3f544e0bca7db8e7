"""The checker: every check family run on a parsed letter, with the state they keep.

A `Checker` owns what the checks read once and reuse: the negative-reason word lists
(data/negative_reasons.toml and data/reasons/), the learned reason model, the sentence
verifier that confirms or vetoes their findings (`verifier`), and the caches of what they
made of each sentence. Each is read the first time a letter needs it, so building
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
from bowout.guardrails.verifier import Verifier
from bowout.models import CheckContext, Finding, Report

CheckFamily = Callable[[Letter, CheckContext | None], list[Finding]]


class Checker:
    """Checks letters; `lists`, `model` and `threshold` replace the packaged ones (for
    measuring another model or list, or for tests). `verify=True` has the sentence
    verifier (`verifier`, else the packaged one) veto and raise negative-reason findings.
    It is off by default: across writers it flags fewer good letters and catches a few more
    bad ones, but it vetoes real reasons that the development letters and tests catch today
    (training/README.md)."""

    def __init__(
        self,
        *,
        lists: ReasonLists | None = None,
        model: ReasonModel | None = None,
        threshold: float = THRESHOLD,
        verifier: Verifier | None = None,
        verify: bool = False,
    ) -> None:
        self.reasons = ReasonCheck(lists, model, threshold)
        self._verifier = verifier
        self.verify = verify
        self._known: dict[str, frozenset[str]] = {}  # a template's sentences, by its text
        self.conventions = load_conventions()
        self.families: tuple[CheckFamily, ...] = (
            check_legible,
            check_leftovers,
            check_courteous,
            self._reasons,
            self._private_reason,
            check_grounded,
            check_concise,
            self.conventions.check_letter,
        )

    @property
    def verifier(self) -> Verifier:
        """The sentence verifier, read the first time a letter needs it."""
        if self._verifier is None:
            self._verifier = Verifier.packaged()
        return self._verifier

    def _reasons(self, letter: Letter, context: CheckContext | None) -> list[Finding]:
        # The verifier vetoes rule findings it does not read as a reason, and raises the
        # sentences it is very sure of, other than the template's own (known good): a
        # template letter the rules pass never loads it. What it reads is wording only, so
        # a question about a negotiable point (allowed or not by the letter's kind, which
        # the rules know) is neither vetoed nor raised.
        findings = self.reasons.check(letter, context)
        if not self.verify:
            return findings
        ask = self.reasons.ask
        kept = {f.excerpt for f in findings if self._asks_about_a_point(f.excerpt)}
        if findings:
            findings = self.verifier.confirmed(letter, findings, kept)
        allowance = ask.allowance(letter, context)
        known = self._known_good(context.base_text if context else None) | {
            s for s in letter.all_sentences if allowance.covers(s) or self._asks_about_a_point(s)
        }
        if all(sentence in known for sentence in letter.all_sentences):
            return findings
        return findings + self.verifier.raised(letter, findings, known)

    def _asks_about_a_point(self, sentence: str) -> bool:
        ask = self.reasons.ask
        return ask.asks(sentence) and any(p.mentioned_in(sentence) for p in ask.points)

    def _known_good(self, base_text: str | None) -> frozenset[str]:
        if not base_text:
            return frozenset()
        found = self._known.get(base_text)
        if found is None:
            if len(self._known) >= 256:
                self._known.clear()
            found = self._known[base_text] = frozenset(parse(base_text).all_sentences)
        return found

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
