"""A learned second opinion on negative reasons, for paraphrases the patterns do not know.

The patterns in `negative_reasons` name a topic and a judgement; people also write "the share
allocation is considerably smaller than I had hoped" or "three weeks in four on the road is
more than I can manage". This module reads one sentence with a small multinomial logistic
regression over stemmed words and pairs of neighbouring words (the words after a negation
may be marked, if cross-validation finds it helps) and says how likely the sentence gives a
reason, and which reason it most resembles.

The weights are data, in `reason_model.json` next to this file, trained by
`training/train_reason_model.py` on `training/reason_sentences.jsonl`. `ReasonModel.load`
reads them; the checker (`bowout.guardrails.checker.Checker`) does so the first time it
scores a sentence, never at import: `bowout --help` does not pay for them.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import math
import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from bowout.guardrails.parse import normalise
from bowout.guardrails.patterns import lazy
from bowout.guardrails.vocabulary import _TOKEN, STOPWORDS, stem
from bowout.kept import kept_file, read_kept, write_kept

MODEL_PATH = Path(__file__).with_name("reason_model.json")
NONE = "none"
# A sentence the patterns pass is still a negative reason when the model gives it at least
# this probability of being one. Chosen on development letters, not on the training
# sentences: see training/README.md.
THRESHOLD = 0.75

# The guardrails' own word pattern, plus the punctuation that ends a clause: a pair of words
# never spans a clause, nor does a negation's reach ("I did not mind the drive, but ...").
_WORD_OR_BREAK = lazy(rf"{_TOKEN.source}|[,;:.!?()\"]|\s[-\u2013\u2014]\s", re.IGNORECASE)
_TURNS = frozenset(["but", "however", "although", "though", "yet", "whereas"])
_NEGATORS = frozenset(["not", "no", "never", "nor", "cannot", "without", "hardly", "barely"])
_DIGIT = re.compile(r"\d")
NEGATED = "!"
PAIR = " "

_STEMS_LIMIT = 4096


def _stem(token: str, stems: dict[str, str]) -> str:
    # `stems` holds the stems of words already seen: the stemmer is general, and a letter's
    # words recur. Emptied when full, so a long batch of names and numbers never seen twice
    # cannot grow it forever (a plain dict, not an lru_cache, because `_features` reads it
    # inline on its hot path).
    found = stems.get(token)
    if found is None:
        if len(stems) >= _STEMS_LIMIT:
            stems.clear()
        if _DIGIT.search(token):
            found = "<money>" if any(c in token for c in "$€£k") else "<number>"
        else:
            found = stem(token)
        stems[token] = found
    return found


def features(
    sentence: str, *, negation: bool = True, stems: dict[str, str] | None = None
) -> list[str]:
    """The sentence's features: stems (negated ones prefixed with "!") and pairs of
    neighbouring stems in the same clause. `stems` is a cache of stems to reuse."""
    return _features(sentence, negation, None, {} if stems is None else stems)


def features_with_words(
    sentence: str, *, negation: bool = True, stems: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """The features, each with the words it came from (to explain a reading)."""
    words: list[str] = []
    found = _features(sentence, negation, words, {} if stems is None else stems)
    return list(zip(found, words, strict=True))


def _features(
    sentence: str, negation: bool, words: list[str] | None, stems: dict[str, str]
) -> list[str]:
    if not sentence.isascii():
        sentence = normalise(sentence)
    out: list[str] = []
    previous = ""  # the last word of the clause so far
    previous_stem = ""
    negated = False
    for word in _WORD_OR_BREAK.findall(sentence.lower()):
        if not word[0].isalnum() and word[0] not in "$€£":
            previous = ""
            negated = False
            continue
        token = stems.get(word) or _stem(word, stems)
        out.append(NEGATED + token if negated else token)
        if previous:
            out.append(previous_stem + PAIR + token)
        if words is not None:
            words.append(word)
            if previous:
                words.append(f"{previous} {word}")
        if word in _TURNS:
            negated = False
        elif negation and (word in _NEGATORS or word.endswith("n't")):
            negated = True
        previous, previous_stem = word, token
    return out


def softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


class ReasonModel:
    """The trained weights, and the stems of the words it has read.

    The weights are one flat table of integers: `rows` gives where each feature's row (one
    weight per label) starts in `table`. A new process reads that form back from its kept
    copy several times faster than a dict of lists (about 1.5 ms against 10)."""

    def __init__(self, header: dict[str, Any], rows: dict[str, int], table: array[int]) -> None:
        """`header`: the labels, negation, scale and bias as the JSON file has them."""
        self.labels: list[str] = header["labels"]
        self.negation: bool = header["negation"]
        # Integer weights, summed as they are and scaled once per sentence.
        self.scale = float(header["scale"])
        self.bias: list[int] = header["bias"]
        self.rows = rows
        self.table = table
        self._width = len(self.labels)
        self._weights: dict[str, list[int]] = {}  # the rows read so far
        self._none = self.labels.index(NONE)
        self._stems: dict[str, str] = {}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ReasonModel:
        """From the JSON file's data."""
        weights: dict[str, list[int]] = data["weights"]
        rows = _rows(weights, len(data["labels"]))
        return cls(_header(data), rows, array("i", chain.from_iterable(weights.values())))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ReasonModel:
        """The model in `path`: the packaged one unless another is given."""
        return _read_model(cls, path)

    def probabilities(self, sentence: str) -> list[float]:
        """The probability of each label, in the order of `labels`."""
        found = features(sentence, negation=self.negation, stems=self._stems)
        weights, rows = self._weights, self.rows
        known = [weights[f] if f in weights else self._row(f) for f in found if f in rows]
        # zip(*known) sums each label's column in C: several times faster than a Python loop.
        scale = self.scale
        return softmax([sum(column) / scale for column in zip(self.bias, *known, strict=True)])

    def _row(self, feature: str) -> list[int]:
        """A feature's weights, as a list the first time it is read (read from a list, a
        sentence's features are summed faster than from the table)."""
        start = self.rows[feature]
        row = self._weights[feature] = self.table[start : start + self._width].tolist()
        return row

    def read(self, sentence: str) -> Reading:
        probabilities = self.probabilities(sentence)
        reason = 1.0 - probabilities[self._none]
        probabilities[self._none] = -1.0
        best = probabilities.index(max(probabilities))
        return Reading(self.labels[best], reason, sentence, self)

    def cues(self, sentence: str, label: str, limit: int = 3) -> tuple[str, ...]:
        """The content words that favour `label` over "none" the most; a pair's pull is
        shared by its two words."""
        index = self.labels.index(label)
        pull: dict[str, float] = {}
        pairs = features_with_words(sentence, negation=self.negation, stems=self._stems)
        table = self.table
        for feature, source in pairs:
            start = self.rows.get(feature)
            if start is None:
                continue
            favour = table[start + index] - table[start + self._none]
            parts = source.split()
            for word in parts:
                if word not in STOPWORDS:
                    pull[word] = pull.get(word, 0.0) + favour / len(parts)
        ranked = sorted(pull, key=lambda word: -pull[word])
        return tuple(word for word in ranked[:limit] if pull[word] > 0)


@dataclass(frozen=True)
class Reading:
    """What the model makes of one sentence."""

    label: str  # the likeliest reason category, "none" aside
    # That the sentence gives some reason (1 - P(none)): a complaint the model cannot place
    # between two close categories (conduct or process) is still a complaint.
    probability: float
    sentence: str
    model: ReasonModel

    @property
    def words(self) -> tuple[str, ...]:
        """The sentence's words that pushed hardest towards the label (computed on demand:
        most sentences are never explained)."""
        return self.model.cues(self.sentence, self.label)


_HEADER = ("labels", "negation", "scale", "bias")


def _header(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in _HEADER}


def _rows(features: Iterable[str], width: int) -> dict[str, int]:
    return {feature: n * width for n, feature in enumerate(features)}


def _read_model(cls: type[ReasonModel], path: Path) -> ReasonModel:
    """The model in the JSON file at `path`. Decoding its half a megabyte is a good part of a
    new process's first check, so the model is also kept between runs (bowout.kept) in its
    flat form, stamped with the file's size and modification time."""
    stat = path.stat()
    stamp = (stat.st_size, stat.st_mtime_ns)
    kept = kept_file(f"{path.stem}.{sys.implementation.cache_tag}.marshal")
    data = read_kept(kept)
    if data:
        with contextlib.suppress(EOFError, ValueError, TypeError, KeyError):
            kept_stamp, header, features, table_bytes = marshal.loads(data)
            table = array("i")
            table.frombytes(table_bytes)
            width = len(header["labels"])
            if kept_stamp == stamp and len(table) == len(features) * width:
                return cls(header, _rows(features, width), table)
    # None kept, stale or unreadable: read the JSON.
    weights = json.loads(path.read_text(encoding="utf-8"))
    model = cls.from_data(weights)
    saved = (stamp, _header(weights), list(weights["weights"]), model.table.tobytes())
    write_kept(kept, marshal.dumps(saved))
    return model
