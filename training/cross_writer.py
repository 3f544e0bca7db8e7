"""How the checks generalise to a writer they never saw: leave one writer out.

    .venv/bin/python training/cross_writer.py [--candidates current,bow,minilm]

For each writer of tests/eval/corpus/, a candidate is trained on the other writers' letters
(plus the older sentence corpus, training/reason_sentences.jsonl) and scores the letters of
the writer left out. The figures pool those predictions over the writers:

- recall per category: bad letters flagged (an error for `current`, a reading at or over the
  threshold for a learned candidate), and the share of those named with the right category;
- false positives: good letters flagged;
- a confusion table: each bad letter's category against the category the candidate named.

`current` is today's `bowout.guardrails.check`, which never trained on these letters, so it is
scored on every letter as it is. The learned candidates read each sentence (the subject line
and a P.S. after the sign-off included) with the sentence before it as context, and a letter
is as bad as its worst sentence.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CATEGORIES, CorpusLetter, load_corpus, writers

GOOD = "good"


@dataclass(frozen=True)
class Verdict:
    score: float  # how sure the candidate is that the letter is bad (0..1)
    category: str  # the category it names, or GOOD


Judge = Callable[[CorpusLetter], Verdict]
# Given the training letters, return a judge for other letters.
Trainer = Callable[[Sequence[CorpusLetter]], Judge]


def current_judge(letter: CorpusLetter) -> Verdict:
    from bowout.guardrails import check
    from bowout.models import CheckContext

    context = CheckContext.model_validate(
        {"scenario": letter.scenario or None, "channel": letter.channel}
    )
    report = check(letter.text, context)
    if report.ok:
        return Verdict(0.0, GOOD)
    first = report.errors[0]
    named = first.check
    if first.check == "negative-reason":
        named = first.message.split("(", 1)[1].split(")", 1)[0]
    elif first.check == "courteous":
        named = "tone"
    return Verdict(1.0, named)


def cross_writer(
    letters: Sequence[CorpusLetter], trainer: Trainer | None, judge: Judge | None = None
) -> list[tuple[CorpusLetter, Verdict]]:
    out = []
    for held in writers(list(letters)):
        test = [x for x in letters if x.writer == held]
        if trainer is not None:
            judge = trainer([x for x in letters if x.writer != held])
        assert judge is not None
        out.extend((x, judge(x)) for x in test)
    return out


def threshold_for(predictions: Sequence[tuple[CorpusLetter, Verdict]], fp: float) -> float:
    """The lowest threshold at which at most `fp` of the good letters are flagged."""
    good = sorted((v.score for x, v in predictions if not x.bad), reverse=True)
    allowed = int(fp * len(good))
    # Flag strictly above the (allowed+1)-th highest good score.
    return good[allowed] + 1e-9 if allowed < len(good) else 0.0


def report(
    name: str, predictions: Sequence[tuple[CorpusLetter, Verdict]], threshold: float
) -> None:
    per_total: Counter[str] = Counter()
    per_hit: Counter[str] = Counter()
    per_named: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    per_writer: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    good = flagged_good = 0
    false_by: Counter[str] = Counter()
    for letter, verdict in predictions:
        flagged = verdict.score >= threshold and verdict.category != GOOD
        row = per_writer[letter.writer]
        if not letter.bad:
            good += 1
            flagged_good += flagged
            if flagged:
                false_by[verdict.category] += 1
            row[2] += 1
            row[3] += flagged
            continue
        per_total[letter.category] += 1
        row[0] += 1
        if flagged:
            per_hit[letter.category] += 1
            row[1] += 1
            per_named[letter.category] += verdict.category == letter.category
        confusion[letter.category][verdict.category if flagged else "missed"] += 1
    bad = sum(per_total.values())
    hits = sum(per_hit.values())
    print(f"\n== {name} (threshold {threshold:.3f})")
    print(f"{'category':<18}{'n':>4}{'recall':>8}{'named':>8}")
    for category in CATEGORIES:
        n = per_total[category]
        if n:
            named = per_named[category] / per_hit[category] if per_hit[category] else 0.0
            print(f"{category:<18}{n:>4}{per_hit[category] / n:>8.2f}{named:>8.2f}")
    named_all = sum(per_named.values()) / hits if hits else 0.0
    print(f"{'overall':<18}{bad:>4}{hits / bad if bad else 0:>8.3f}{named_all:>8.3f}")
    print(f"false positives: {flagged_good}/{good} = {flagged_good / good if good else 0:.3f}")
    if false_by:
        print(
            "false positives by what they were flagged for: "
            + ", ".join(f"{k} {v}" for k, v in false_by.most_common())
        )
    print("per writer (recall, false positives):")
    for writer, (n_bad, n_hit, n_good, n_fp) in sorted(per_writer.items()):
        recall = f"{n_hit}/{n_bad}" if n_bad else "-"
        print(f"  {writer:<14} recall {recall:>7}   false positives {n_fp}/{n_good}")
    others = {c for row in confusion.values() for c in row} - {*CATEGORIES, "missed"}
    columns = [*CATEGORIES, "missed", *sorted(others)]
    short = {c: c[:5] for c in columns}
    print("confusion (row: labelled, column: named):")
    print(" " * 18 + "".join(f"{short[c]:>6}" for c in columns))
    for category in CATEGORIES:
        if per_total[category]:
            cells = "".join(f"{confusion[category][c] or '.':>6}" for c in columns)
            print(f"{category:<18}{cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", default="current,bow,minilm")
    parser.add_argument(
        "--fp", type=float, default=0.02, help="false-positive share that sets the threshold"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="score another folder of writers' letters instead of tests/eval/corpus/",
    )
    args = parser.parse_args(argv)
    letters = load_corpus(args.corpus) if args.corpus else load_corpus()
    print(
        f"corpus: {len(letters)} letters from {len(writers(letters))} writers "
        f"({sum(not x.bad for x in letters)} good)"
    )
    print("command: .venv/bin/python training/cross_writer.py " + " ".join(sys.argv[1:]))
    for name in args.candidates.split(","):
        started = time.perf_counter()
        if name == "current":
            predictions = cross_writer(letters, None, current_judge)
            report(name, predictions, 0.5)
        elif name.startswith("cascade"):
            from cascade import TRAINERS as CASCADES

            predictions = cross_writer(letters, CASCADES[name])
            report(f"{name} (thresholds chosen on the development writers)", predictions, 0.5)
        else:
            from learned import TRAINERS

            predictions = cross_writer(letters, TRAINERS[name])
            report(f"{name} at 0.5", predictions, 0.5)
            chosen = threshold_for(predictions, args.fp)
            report(
                f"{name} at the threshold that keeps {args.fp:.0%} false positives",
                predictions,
                chosen,
            )
        print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
