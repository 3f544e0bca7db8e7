"""How sure each judging rule is, and the learned model's warning band, on development letters.

    .venv/bin/python training/finding_precision.py [--write]

Runs `check` on every letter of the development corpus (tests/eval/corpus/; never a
held-out set) with its scenario and channel, and prints:

- for each rule that judges what a sentence means (a negative-reason category, a tone rule),
  how many letters it flagged and the share of them that are labelled bad, smoothed as
  (bad + 1) / (letters + 2): its measured precision, which `bowout check` shows as how
  sure the finding is. A rule that flagged fewer than MIN_LETTERS letters gets its
  family's pooled precision;
- for each width of band above the learned model's threshold, how many good and bad letters
  would no longer be flagged if the model's readings in the band were warnings. The band
  chosen is the one that unflags the most good letters net of the bad ones it lets through
  (the narrowest of equals): inside it the model is more often wrong than right.

--write stores both in src/bowout/guardrails/data/confidence.toml. The learned readings are
told apart by the words they cite ("(words: ...)" in the message).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CorpusLetter, load_corpus

from bowout.guardrails import check, default_checker
from bowout.guardrails.confidence import rule_key
from bowout.guardrails.reason_model import THRESHOLD
from bowout.models import CheckContext, Finding

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "bowout" / "guardrails" / "data" / "confidence.toml"
MIN_LETTERS = 5
BANDS = [round(0.01 * i, 2) for i in range(0, 21)]
TONE = (
    "rude or dismissive",
    "blames the reader",
    "demands instead of asking",
    "written in capitals, which reads as shouting",
    "a word in capitals reads as shouting",
    "repeated '!' or '?' reads as raised voice",
)
FAMILIES = {
    "negative-reason": [
        f"negative-reason ({name})" for name in default_checker().reasons.category_names()
    ],
    "courteous": [f"courteous: {message}" for message in TONE],
}


def _learned(finding: Finding) -> bool:
    return finding.check == "negative-reason" and "(words:" in finding.message


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"write {OUT.name}")
    args = parser.parse_args(argv)
    letters: list[CorpusLetter] = load_corpus()
    flagged: Counter[str] = Counter()
    right: Counter[str] = Counter()
    # Per letter: whether anything but a learned reading fails it, and its strongest reading.
    verdicts: list[tuple[bool, bool, float]] = []
    for letter in letters:
        context = CheckContext.model_validate(
            {"scenario": letter.scenario or None, "channel": letter.channel}
        )
        report = check(letter.text, context)
        keys = {rule_key(f) for f in report.findings if not _learned(f)}
        for key in keys:
            flagged[key] += 1
            right[key] += letter.bad
        other = any(not _learned(f) for f in report.errors)
        readings = [f.confidence for f in report.findings if _learned(f)]
        verdicts.append((letter.bad, other, max(readings, default=0.0)))

    precision: dict[str, float] = {}
    print(f"development letters: {len(letters)} ({sum(not x.bad for x in letters)} good)")
    print(f"{'rule':<58}{'letters':>8}{'bad':>6}{'precision':>11}")
    for keys in FAMILIES.values():
        pooled_n = sum(flagged[k] for k in keys)
        # Smoothed, (bad + 1) / (letters + 2): a judgement from a few letters is never certain.
        pooled = (sum(right[k] for k in keys) + 1) / (pooled_n + 2)
        for key in keys:
            n = flagged[key]
            value = (right[key] + 1) / (n + 2) if n >= MIN_LETTERS else pooled
            precision[key] = round(value, 2)
            note = "" if n >= MIN_LETTERS else "  (pooled)"
            print(f"{key:<58}{n:>8}{right[key]:>6}{value:>11.2f}{note}")

    print(f"\nlearned readings at or over {THRESHOLD} as warnings below threshold + band:")
    print(f"{'band':>6}{'good unflagged':>16}{'bad missed':>12}{'net':>6}")
    best, best_net = 0.0, 0
    for band in BANDS:
        good = bad = 0
        for is_bad, other, reading in verdicts:
            if not other and THRESHOLD <= reading < THRESHOLD + band:
                bad += is_bad
                good += not is_bad
        net = good - bad
        print(f"{band:>6.2f}{good:>16}{bad:>12}{net:>6}")
        if net > best_net:
            best, best_net = band, net
    print(f"chosen band: {best:.2f}")

    if args.write:
        lines = [
            "# How sure each judging rule is, and the learned model's warning band",
            "# (bowout.guardrails.confidence). Written by",
            "#   .venv/bin/python training/finding_precision.py --write",
            "# from the development corpus tests/eval/corpus/, whose letters were read",
            "# to tune the rules: these are development figures, not held-out ones.",
            "",
            "[learned]",
            "# Readings of the learned model from its threshold up to threshold + band are",
            "# warnings: the band that unflags the most good letters net of the bad ones.",
            f"band = {best}",
            "",
            "[precision]",
            "# The share of the development letters a rule flagged that are bad, smoothed as",
            "# (bad + 1) / (letters + 2); a rule that flagged fewer than",
            f"# {MIN_LETTERS} letters has its family's pooled share.",
            *(f'"{key}" = {value}' for key, value in precision.items()),
            "",
        ]
        OUT.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
