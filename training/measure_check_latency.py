"""Median and p95 time of `bowout.guardrails.check` per letter over the labelled letters.

    .venv/bin/python training/measure_check_latency.py [--rounds 20]

Each letter is checked once to warm the caches (the reason model loads on first use), then
timed `--rounds` times; the figures are per letter, over every letter and round. Per-sentence
caches are emptied before each round, so the figures are for letters never seen before.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bowout.guardrails import check  # noqa: E402
from test_guardrails_eval import _context  # noqa: E402


def clear_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("bowout.guardrails"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    letters = [
        letter
        for path in sorted((ROOT / "tests" / "eval").glob("*.toml"))
        for letter in tomllib.loads(path.read_text(encoding="utf-8")).get("letter", [])
    ]
    cases = [(letter["text"], _context(letter)) for letter in letters]
    for text, context in cases:
        check(text, context)
    times = []
    for _ in range(args.rounds):
        clear_caches()
        for text, context in cases:
            start = time.perf_counter()
            check(text, context)
            times.append(time.perf_counter() - start)
    times.sort()
    median = statistics.median(times) * 1e3
    p95 = times[int(0.95 * (len(times) - 1))] * 1e3
    runs = f"{len(cases)} letters x {args.rounds}"
    print(f"check() over {runs}: median {median:.3f} ms, p95 {p95:.3f} ms")


if __name__ == "__main__":
    main()
