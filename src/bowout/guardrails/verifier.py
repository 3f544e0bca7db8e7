"""A second reading of the sentences the negative-reason rules flag.

The rules flag a sentence when it names a topic (the job, the schedule, the process) with a
judgement; ordinary words trip them ("the position of Junior Accountant", "the interview
scheduled for Thursday"). The verifier reads each flagged sentence with the one before it and
gives the probability that it carries any negative reason; a finding under `veto` is dropped.
It also reads the sentences the rules pass, and raises one it is very sure of (at `raise`, a
high threshold), in the category it names, tone included: euphemisms and sarcasm that name no
topic. A template letter is made of sentences known to be good and is never read by it.

The model is a multinomial logistic regression over static sentence vectors
(`static_embeddings`), trained by `training/train_verifier.py`; the weights and the veto
threshold are data (`static_minilm/verifier.json`), read the first time a finding is judged.
"""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from importlib import resources
from pathlib import Path

from bowout.guardrails.parse import Letter
from bowout.guardrails.static_embeddings import StaticEmbeddings
from bowout.models import Finding

FOLDER = "static_minilm"
NONE = "none"


class Verifier:
    """Reads a sentence with the one before it; `reason(sentence, previous)` is the
    probability that the sentence gives a negative reason."""

    def __init__(
        self,
        embeddings: StaticEmbeddings,
        labels: Sequence[str],
        weights: Sequence[Sequence[float]],
        bias: Sequence[float],
        veto: float,
        raise_at: float,
    ) -> None:
        if len(weights) != len(labels) or len(bias) != len(labels):
            raise ValueError("verifier: one row of weights and one bias per label")
        if any(len(row) != 2 * embeddings.dims for row in weights):
            raise ValueError("verifier: the weights do not match the embeddings")
        self.embeddings = embeddings
        self.labels = tuple(labels)
        self.weights = [list(row) for row in weights]
        self.bias = list(bias)
        self.veto = veto
        self.raise_at = raise_at
        self._none = self.labels.index(NONE)
        self._vectors: dict[str, list[float]] = {}
        self._cache: dict[tuple[str, str], tuple[float, str]] = {}

    @classmethod
    def from_folder(cls, folder: Path) -> Verifier:
        data = json.loads((folder / "verifier.json").read_text(encoding="utf-8"))
        return cls(
            StaticEmbeddings.from_folder(folder),
            data["labels"],
            data["weights"],
            data["bias"],
            float(data["veto"]),
            float(data["raise"]),
        )

    @classmethod
    def packaged(cls) -> Verifier:
        return cls.from_folder(Path(str(resources.files("bowout.guardrails") / FOLDER)))

    def _vector(self, text: str) -> list[float]:
        found = self._vectors.get(text)
        if found is None:
            if len(self._vectors) >= 4096:
                self._vectors.clear()
            found = self._vectors[text] = self.embeddings.vector(text)
        return found

    def reason(self, sentence: str, previous: str = "") -> float:
        """1 - P(none): how likely the sentence gives some negative reason."""
        return self.reading(sentence, previous)[0]

    def reading(self, sentence: str, previous: str = "") -> tuple[float, str]:
        """How likely the sentence gives some negative reason, and the likeliest one."""
        key = (sentence, previous)
        found = self._cache.get(key)
        if found is not None:
            return found
        features = self._vector(sentence) + (
            self._vector(previous) if previous else [0.0] * self.embeddings.dims
        )
        scores = [
            b + math.fsum(map(operator.mul, row, features))
            for row, b in zip(self.weights, self.bias, strict=True)
        ]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        probability = 1.0 - exps[self._none] / sum(exps)
        label = max((i for i in range(len(self.labels)) if i != self._none), key=exps.__getitem__)
        if len(self._cache) >= 4096:
            self._cache.clear()
        found = self._cache[key] = (probability, self.labels[label])
        return found

    def confirmed(
        self, letter: Letter, findings: Sequence[Finding], keep: AbstractSet[str] = frozenset()
    ) -> list[Finding]:
        """The negative-reason findings whose sentence the verifier reads as a reason too;
        other findings, findings on a sentence in `keep`, and findings on a sentence it
        cannot place, are kept as they are."""
        sentences = list(letter.all_sentences)
        kept = []
        for finding in findings:
            excerpt = finding.excerpt or ""
            if finding.check != "negative-reason" or excerpt not in sentences or excerpt in keep:
                kept.append(finding)
                continue
            index = sentences.index(excerpt)
            previous = sentences[index - 1] if index else ""
            probability = self.reason(excerpt, previous)
            if probability >= self.veto:
                kept.append(finding.model_copy(update={"confidence": round(probability, 2)}))
        return kept

    def raised(
        self, letter: Letter, findings: Sequence[Finding], known: AbstractSet[str] = frozenset()
    ) -> list[Finding]:
        """Findings for the sentences that no finding names and that are not `known` (known
        to be good) which the verifier reads as a negative reason at `raise` or over."""
        named = {f.excerpt for f in findings} | known
        sentences = list(letter.all_sentences)
        out = []
        for index, sentence in enumerate(sentences):
            if sentence in named:
                continue
            probability, label = self.reading(sentence, sentences[index - 1] if index else "")
            if probability >= self.raise_at:
                out.append(_raised(label, sentence, probability))
        return out


def _raised(label: str, sentence: str, probability: float) -> Finding:
    what = (
        "sounds sarcastic, reproachful or impatient (tone)"
        if label == "tone"
        else f"gives a negative reason ({label})"
    )
    return Finding(
        check="negative-reason",
        severity="error",
        message=f"{what}: read by the sentence model, in words no rule names",
        advice="leave the reason out and keep the tone plain; a short civil letter is enough",
        excerpt=sentence,
        confidence=round(probability, 2),
    )
