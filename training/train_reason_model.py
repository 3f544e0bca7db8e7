"""Train the negative-reason sentence model and write src/bowout/guardrails/reason_model.json.

    .venv/bin/python training/train_reason_model.py            # cross-validate, then train
    .venv/bin/python training/train_reason_model.py --no-cv    # train with the saved settings

Multinomial logistic regression (a softmax over the labels) on the features of
`bowout.guardrails.reason_model.features`, fitted with AdaGrad and an L2 penalty. Pure
Python and deterministic: a fixed seed, features and labels in sorted order, weights rounded
before they are written, so the same corpus always gives the same file.

Cross-validation (stratified, 5 folds) picks the penalty, how rare a feature may be and
whether negation is marked; the settings it picks are written into the model, so `--no-cv`
retrains the same model quickly.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bowout.guardrails.reason_model import MODEL_PATH, NONE, features, softmax

CORPUS = Path(__file__).resolve().parent / "reason_sentences.jsonl"

LABELS = (
    "conduct",
    "culture",
    "job",
    "mission",
    NONE,
    "pay",
    "process",
    "reviews",
    "schedule-location",
)
SCALE = 1000  # weights are stored as integers in thousandths
SEED = 20261122
FOLDS = 5


@dataclass(frozen=True)
class Settings:
    l2: float = 1e-4
    negation: bool = True
    epochs: int = 20
    rate: float = 0.5
    min_count: int = 2  # a feature must occur in this many training sentences
    prune: float = 0.02  # weights smaller than this are dropped from the file


Example = tuple[list[str], int]


def read_corpus(path: Path = CORPUS) -> list[tuple[str, str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if item["label"] not in LABELS:
            raise SystemExit(f"{path}:{number}: unknown label {item['label']!r}")
        rows.append((item["text"].strip(), item["label"]))
    # Sorted and without duplicates, so the order the writers used does not matter.
    return sorted(set(rows))


def featurise(rows: Sequence[tuple[str, str]], negation: bool) -> list[Example]:
    return [
        (sorted(set(features(text, negation=negation))), LABELS.index(label))
        for text, label in rows
    ]


def train(
    examples: Sequence[Example], settings: Settings
) -> tuple[list[float], dict[str, list[float]]]:
    """Fit the weights; returns the bias and the weights of each kept feature."""
    counts = Counter(f for feats, _ in examples for f in feats)
    vocabulary = sorted(f for f, n in counts.items() if n >= settings.min_count)
    k = len(LABELS)
    weights = {f: [0.0] * k for f in vocabulary}
    squares = {f: [1e-8] * k for f in vocabulary}
    bias = [0.0] * k
    bias_squares = [1e-8] * k
    data = [([f for f in feats if f in weights], label) for feats, label in examples]
    order = list(range(len(data)))
    shuffler = random.Random(SEED)
    rate, l2 = settings.rate, settings.l2
    for _ in range(settings.epochs):
        shuffler.shuffle(order)
        for index in order:
            feats, label = data[index]
            rows = [weights[f] for f in feats]
            error = softmax([sum(column) for column in zip(bias, *rows, strict=True)])
            error[label] -= 1.0
            for c in range(k):
                g = error[c]
                bias_squares[c] += g * g
                bias[c] -= rate * g / math.sqrt(bias_squares[c])
            for f in feats:
                row, sq = weights[f], squares[f]
                for c in range(k):
                    g = error[c] + l2 * row[c]
                    sq[c] += g * g
                    row[c] -= rate * g / math.sqrt(sq[c])
    return bias, weights


def predict(bias: list[float], weights: dict[str, list[float]], feats: list[str]) -> list[float]:
    rows = [weights[f] for f in feats if f in weights]
    return softmax([sum(column) for column in zip(bias, *rows, strict=True)])


def folds(examples: Sequence[Example]) -> list[int]:
    """A fold for each example, stratified by label, the same on every run."""
    assignment = [0] * len(examples)
    shuffler = random.Random(SEED)
    for label in range(len(LABELS)):
        members = [i for i, (_, y) in enumerate(examples) if y == label]
        shuffler.shuffle(members)
        for position, i in enumerate(members):
            assignment[i] = position % FOLDS
    return assignment


# The checker flags a sentence when some reason is likely enough, and a letter has
# several sentences: what counts is how many reasons are caught while very few neutral
# sentences are flagged. Settings are compared at this rate of neutral sentences flagged.
FALSE_ALARM_RATE = 0.005


def cross_validate(rows: Sequence[tuple[str, str]], settings: Settings) -> dict[str, float]:
    """Out-of-fold accuracy, and the share of reasons caught (with the right label) when the
    threshold flags no more than FALSE_ALARM_RATE of the neutral sentences."""
    examples = featurise(rows, settings.negation)
    fold_of = folds(examples)
    none = LABELS.index(NONE)
    correct = 0
    neutral: list[float] = []  # the probability of some reason, per neutral sentence
    reasons: list[tuple[float, bool]] = []  # the same, and whether the likeliest is right
    for fold in range(FOLDS):
        bias, weights = train(
            [e for e, f in zip(examples, fold_of, strict=True) if f != fold], settings
        )
        for (feats, label), f in zip(examples, fold_of, strict=True):
            if f != fold:
                continue
            probabilities = predict(bias, weights, feats)
            correct += max(range(len(LABELS)), key=probabilities.__getitem__) == label
            best = max((i for i in range(len(LABELS)) if i != none), key=probabilities.__getitem__)
            if label == none:
                neutral.append(1.0 - probabilities[none])
            else:
                reasons.append((1.0 - probabilities[none], best == label))
    neutral.sort(reverse=True)
    threshold = neutral[int(FALSE_ALARM_RATE * len(neutral))]
    caught = sum(right for p, right in reasons if p > threshold)
    return {
        "accuracy": correct / len(examples),
        "recall": caught / len(reasons),
        "threshold": threshold,
    }


def model_data(
    bias: list[float], weights: dict[str, list[float]], settings: Settings
) -> dict[str, Any]:
    kept = {}
    for feature in sorted(weights):
        row = [round(w * SCALE) for w in weights[feature]]
        if max(abs(w) for w in weights[feature]) >= settings.prune:
            kept[feature] = row
    return {
        "about": "negative-reason sentence model; retrain with training/train_reason_model.py",
        "labels": list(LABELS),
        "negation": settings.negation,
        "scale": SCALE,
        "settings": asdict(settings),
        "bias": [round(b * SCALE) for b in bias],
        "weights": kept,
    }


def dump(data: dict[str, Any]) -> str:
    """One feature per line: compact, and a retrained model diffs readably."""
    head = {k: v for k, v in data.items() if k != "weights"}
    lines = [json.dumps(head, sort_keys=True)[:-1] + ', "weights": {']
    rows = [
        f"{json.dumps(f)}: {json.dumps(row, separators=(',', ':'))}"
        for f, row in data["weights"].items()
    ]
    lines.append(",\n".join(rows))
    lines.append("}}")
    return "\n".join(lines) + "\n"


def build(rows: Sequence[tuple[str, str]], settings: Settings) -> str:
    bias, weights = train(featurise(rows, settings.negation), settings)
    return dump(model_data(bias, weights, settings))


def saved_settings(path: Path = MODEL_PATH) -> dict[str, Any]:
    """The settings the model in `path` was trained with."""
    settings: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["settings"]
    return settings


SIMPLER_WITHIN = 0.01

GRID = [
    Settings(l2=l2, negation=negation, min_count=min_count)
    for negation in (True, False)
    for min_count in (1, 2)
    for l2 in (1e-2, 3e-3, 1e-3)
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--no-cv", action="store_true", help="reuse the settings in --out")
    args = parser.parse_args()
    rows = read_corpus(args.corpus)
    print(f"{len(rows)} sentences: {dict(sorted(Counter(label for _, label in rows).items()))}")
    if args.no_cv:
        best = Settings(**saved_settings(args.out))
    else:
        results = []
        for settings in GRID:
            started = time.perf_counter()
            scores = cross_validate(rows, settings)
            print(
                f"  l2={settings.l2:g} negation={settings.negation} "
                f"min_count={settings.min_count}: "
                f"accuracy {scores['accuracy']:.3f}, reasons caught {scores['recall']:.3f} "
                f"at {FALSE_ALARM_RATE:.1%} neutral flagged (p > {scores['threshold']:.2f}) "
                f"({time.perf_counter() - started:.0f} s)"
            )
            results.append((scores["recall"], settings))
        # Among settings within a point of the best, take the simplest: features seen at
        # least twice make a smaller model that leans less on one-off wording.
        top = max(recall for recall, _ in results)
        close = [pair for pair in results if pair[0] >= top - SIMPLER_WITHIN]
        recall, best = max(close, key=lambda pair: (pair[1].min_count, pair[0]))
        print(f"chosen: {best} (cross-validated reasons caught {recall:.3f})")
    text = build(rows, best)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode()) // 1024} KB)")


if __name__ == "__main__":
    sys.exit(main())
