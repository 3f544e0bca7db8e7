"""Show what each probability threshold of the reason model would do on development letters.

    .venv/bin/python training/choose_threshold.py [EXTRA_DEV_SET ...]

Scores tests/eval/*.toml, and any further labelled letter sets given (same format), with the
patterns alone and with the patterns plus the model at each threshold: false positives on
good letters, recall per negative-reason category, and neutral sentences of
tests/eval/sentences.toml flagged. Never pass the set kept apart for the final figure.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bowout.guardrails import Checker  # noqa: E402
from bowout.guardrails.parse import parse  # noqa: E402
from test_guardrails_eval import REASONS, _context, _read, caught  # noqa: E402

# Patterns alone in `check`; the model's readings are applied per threshold below.
RULES_ONLY = Checker(threshold=2.0)
reasons = RULES_ONLY.reasons
THRESHOLDS = (0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.95, 0.97)


def readings(text: str, context: Any) -> list[tuple[str, float]]:
    """The model's reading of each sentence the patterns and the ask-flexibility rule pass."""
    letter = parse(text)
    ask = reasons.ask.allowance(letter, context)
    out = []
    for sentence in letter.all_sentences:
        if reasons.categories_in(sentence):
            continue
        if ask.covers(sentence):
            continue
        reading = reasons.read(sentence)
        out.append((reading.label, reading.probability))
    return out


def score(path: Path) -> None:
    letters = (
        [x for p in sorted(path.glob("*.toml")) for x in _read(p)] if path.is_dir() else _read(path)
    )
    rows = []
    for letter in letters:
        context = _context(letter)
        report = RULES_ONLY.check(letter["text"], context)  # the model is switched off
        rows.append((letter, report, readings(letter["text"], context)))
    print(f"\n{path} ({len(letters)} letters)")
    header = "threshold  FP        " + " ".join(f"{c[:8]:>8}" for c in sorted(REASONS))
    print(header + "   overall")
    for threshold in (None, *THRESHOLDS):
        false_positives = good = 0
        hits: dict[str, int] = defaultdict(int)
        totals: dict[str, int] = defaultdict(int)
        for letter, report, read in rows:
            model_says = {label for label, p in read if threshold is not None and p >= threshold}
            if letter["label"] == "good":
                good += 1
                false_positives += (not report.ok) or bool(model_says)
            elif letter["category"] in REASONS:
                category = letter["category"]
                totals[category] += 1
                hits[category] += caught(report, category) or category in model_says
        name = "rules" if threshold is None else f"{threshold:.2f}"
        recalls = " ".join(f"{hits[c] / totals[c]:>8.2f}" for c in sorted(REASONS))
        overall = sum(hits.values()) / max(1, sum(totals.values()))
        print(f"{name:<10} {false_positives:>2}/{good:<3}  {recalls}   {overall:.3f}")


def sentences() -> None:
    items = tomllib.loads((ROOT / "tests/eval/sentences.toml").read_text(encoding="utf-8"))
    neutral = [x["text"] for x in items["sentence"] if x["category"] == "good"]
    probabilities = [reasons.read(s).probability for s in neutral if not reasons.categories_in(s)]
    print(f"\ntests/eval/sentences.toml: {len(neutral)} neutral sentences, flagged by the model at")
    print("  " + ", ".join(f"{t:.2f}: {sum(p >= t for p in probabilities)}" for t in THRESHOLDS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extra", nargs="*", type=Path)
    args = parser.parse_args()
    for path in [ROOT / "tests" / "eval", *args.extra]:
        score(path)
    sentences()


if __name__ == "__main__":
    main()
