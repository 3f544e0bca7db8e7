"""Body lengths of sample letters, from which the limits of data/concise.toml were chosen.

    .venv/bin/python training/length_samples.py [--seeds DIR]

Prints, per writer of the development corpus (tests/eval/corpus/) and channel, the body word
counts of the good letters (as `bowout check` counts them), and with --seeds the sample
letters quoted in the source documents (the folder they were collected in). Development
data only: never point it at a held-out set.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import load_corpus

from bowout.guardrails import parse

# Where each source document's sample letter starts and ends (its own words).
_SEED_SAMPLES = {
    "003_de1725ccfcebf3cc.txt": [("We offer an example below:", "We Can Help")],
    "000_5bd98ae0a1fbc233.txt": [("template you can use:", "Best Regards")],
    "001_f02e870e3abeaf61.txt": [("Dear Contact,", "Warmly,")],
    "004_af3f4051d9b1377c.txt": [
        ("declining a first interview/phone interview:", "Thanks again"),
        ("company you\u2019re interested in:", "Looking forward to talking soon"),
        ("withdrawing from the interview process:", "Thanks again"),
    ],
}


def _spread(counts: list[int]) -> str:
    counts = sorted(counts)
    return (
        f"n={len(counts):>3}  min {counts[0]:>3}  median {statistics.median(counts):>5}  "
        f"max {counts[-1]:>3}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, help="the folder of source documents")
    args = parser.parse_args(argv)
    letters = [x for x in load_corpus() if not x.bad]
    for channel in ("email", "linkedin"):
        print(f"good {channel} letters, words counted:")
        for writer in sorted({x.writer for x in letters}):
            # What concise counts: an email's body, a LinkedIn message whole.
            counts = [
                parse(x.text).body_words if channel == "email" else parse(x.text).message_words
                for x in letters
                if x.writer == writer and x.channel == channel
            ]
            if counts:
                print(f"  {writer:<14} {_spread(counts)}")
    if args.seeds:
        print("sample letters in the source documents, body words:")
        for name, spans in _SEED_SAMPLES.items():
            text = (args.seeds / name).read_text(encoding="utf-8")
            for start, end in spans:
                sample = text.split(start, 1)[1].split(end, 1)[0]
                sample = re.sub(r"^\s*(?:Dear|Hi)\b[^\n]*\n", "", sample.strip())
                print(f"  {name:<26} {parse(sample).body_words:>4}  ({start[:40]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
