"""The one question an ask-flexibility letter may ask, and the sentences that belong to it.

An ask-flexibility letter asks, before the candidate withdraws, whether one negotiable point
(pay, start date, location, remote days, schedule or title) has any give. Raising that point
neutrally is the letter's purpose, so the negative-reason check lets those sentences through
(`Allowance.permits`); the same sentence in any other letter is a reason given. The rules
and their examples live in data/flexibility.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from bowout.choices import Flexibility, Scenario
from bowout.guardrails.datafiles import read_toml
from bowout.guardrails.parse import Letter
from bowout.guardrails.patterns import Lazy, words
from bowout.models import CheckContext


@dataclass(frozen=True)
class Point:
    """One negotiable point: what a sentence about it mentions, and the negative-reason
    categories a neutral sentence about it falls into."""

    kind: Flexibility
    topic: Lazy
    categories: frozenset[str]

    def mentioned_in(self, sentence: str) -> bool:
        return bool(self.topic.search(sentence.lower()))


@dataclass(frozen=True)
class Allowance:
    """The sentences of one letter that make up its ask, and what they may touch on."""

    asked: frozenset[str] = frozenset()  # the question and the sentences that explain it
    fallback: frozenset[str] = frozenset()  # "if not, I understand"
    categories: frozenset[str] = frozenset()
    fallback_categories: frozenset[str] = frozenset()
    points: tuple[Flexibility, ...] = ()

    def permits(self, sentence: str, category: str) -> bool:
        """Whether `sentence` of this letter may fall into the negative-reason `category`."""
        if sentence in self.asked and category in self.categories:
            return True
        return sentence in self.fallback and category in self.categories | self.fallback_categories

    def covers(self, sentence: str) -> bool:
        """Whether the sentence is part of the ask at all."""
        return sentence in self.asked or sentence in self.fallback


NOTHING = Allowance()


@dataclass(frozen=True)
class AskRules:
    """The compiled rules of data/flexibility.toml; build with `load()` or `default()`."""

    points: tuple[Point, ...]
    question: Lazy
    announcing: Lazy
    complaint: Lazy
    fallback: Lazy
    fallback_categories: frozenset[str]

    @classmethod
    def load(cls, data: dict[str, Any]) -> AskRules:
        points = tuple(
            Point(Flexibility(kind), words(*table["topic"]), frozenset(table["categories"]))
            for kind, table in data["point"].items()
        )
        return cls(
            points=points,
            question=words(*data["question"]["patterns"]),
            announcing=words(*data["question"]["announcing"]),
            complaint=words(*data["complaint"]["patterns"]),
            fallback=Lazy("(?:" + "|".join(data["fallback"]["patterns"]) + ")", lower=True),
            fallback_categories=frozenset(data["fallback"]["categories"]),
        )

    def asks(self, sentence: str) -> bool:
        text = sentence.lower()
        return text.rstrip().endswith("?") or bool(self.question.search(text))

    def announces(self, sentence: str) -> bool:
        """Whether the sentence only announces a question ("may I ask one question?"): a
        sentence that goes on to ask it ("may I ask one question: would it be possible to
        work from home two days a week?") asks about the point it names after the
        announcement."""
        text = sentence.lower()
        found = self.announcing.search(text)
        return found is not None and not self._about(text[found.end() :])

    def neutral(self, sentence: str) -> bool:
        return not self.complaint.search(sentence.lower())

    def is_fallback(self, sentence: str) -> bool:
        return bool(self.fallback.search(sentence.lower().lstrip()))

    def allowance(self, letter: Letter, context: CheckContext | None) -> Allowance:
        """What this letter may say about its one point; nothing unless it is an
        ask-flexibility letter that asks a neutral question about a point."""
        if context is None or context.scenario is not Scenario.ASK_FLEXIBILITY:
            return NOTHING
        kind = asked_kind(context)
        sentences = letter.all_sentences
        if kind is not None:
            points = tuple(p for p in self.points if p.kind is kind)
        else:
            # Unknown kind: the point of the first neutral question is the letter's point.
            first = next(
                (
                    s
                    for s in sentences
                    if self.asks(s) and not self.announces(s) and self.neutral(s) and self._about(s)
                ),
                None,
            )
            points = tuple(p for p in self.points if first and p.mentioned_in(first))
        neutral = [s for s in sentences if self.neutral(s)]
        asked = [s for s in neutral if any(p.mentioned_in(s) for p in points)]
        if not any(self.asks(s) for s in asked):
            return NOTHING  # a letter that states the point without asking is not asking
        return Allowance(
            asked=frozenset(asked),
            fallback=frozenset(s for s in neutral if self.is_fallback(s)),
            categories=frozenset(c for p in points for c in p.categories),
            fallback_categories=self.fallback_categories,
            points=tuple(p.kind for p in points),
        )

    def _about(self, sentence: str) -> bool:
        return any(p.mentioned_in(sentence) for p in self.points)


def asked_kind(context: CheckContext) -> Flexibility | None:
    """The point the user said the letter asks about: the context's own, else its request's."""
    if context.flexibility is not None:
        return context.flexibility
    return context.request.flexibility if context.request else None


def load_rules() -> dict[str, Any]:
    return read_toml("flexibility.toml")


@cache
def default() -> AskRules:
    """The rules built from the packaged data file, built once per process."""
    return AskRules.load(load_rules())


def allowance(letter: Letter, context: CheckContext | None) -> Allowance:
    """`AskRules.allowance` with the packaged rules."""
    return default().allowance(letter, context)
