"""Copy the writers' labelled letters into tests/eval/corpus/, each file under a header that
says who wrote it and how.

    .venv/bin/python training/import_corpus.py /path/to/writers/dev

Each writer's file is copied as it is (only the header is added), so a later delivery of the
same writer replaces the copy and `git diff` shows what changed.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval" / "corpus"

VOICES = {
    "w1_formal": "formal business English",
    "w2_startup": "casual startup English",
    "w3_nonnative": "English written as a second language",
    "w4_terse": "terse notes and short LinkedIn messages",
    "w5_effusive": "long-winded, effusive letters",
    "w6_published": "in the manner of published sample letters (career sites, academic offices)",
}

HEADER = """\
# Labelled letters by writer {writer}: {voice}.
# Written for bowout's checks by an independent writer who saw only the labelling guide
# (tests/eval/corpus/LABELS.md), never the checks, their code, tests or other data.
# Development data: the cross-writer measurement (training/cross_writer.py) trains on the
# other writers and scores this one; the shipped model trains on every letter here except
# the fixed evaluation subset (training/corpus.py, `is_eval_subset`).
# {count} letters.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    args = parser.parse_args(argv)
    for path in sorted(args.source.glob("w*.toml")):
        writer = path.stem
        text = path.read_text(encoding="utf-8")
        count = len(tomllib.loads(text)["letter"])
        voice = VOICES.get(writer, "unnamed voice")
        out = CORPUS_DIR / path.name
        out.write_text(HEADER.format(writer=writer, voice=voice, count=count) + text, "utf-8")
        print(f"{out.relative_to(CORPUS_DIR.parent.parent.parent)}: {count} letters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
