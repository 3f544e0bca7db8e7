"""The labelled letters of tests/eval/corpus/, read with the identity of their writer.

    from corpus import load_corpus, is_eval_subset

Each writer's file is one voice (see its header). `is_eval_subset` fixes, by a hash of the
letter's id, the one letter in five that the shipped model never trains on: the committed
fast test (tests/test_guardrails_eval.py) scores the checker on those letters only.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "tests" / "eval" / "corpus"
EVAL_SHARE = 5  # one letter in EVAL_SHARE is kept for the committed test

CATEGORIES = (
    "pay",
    "reviews",
    "mission",
    "conduct",
    "process",
    "culture",
    "job",
    "schedule-location",
    "tone",
)


@dataclass(frozen=True)
class CorpusLetter:
    writer: str
    id: str
    label: str  # "good" or "bad"
    category: str  # "good" or one of CATEGORIES
    scenario: str
    channel: str
    text: str

    @property
    def bad(self) -> bool:
        return self.label == "bad"


def load_writer(path: Path) -> list[CorpusLetter]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))["letter"]
    letters = []
    for row in raw:
        letter = CorpusLetter(
            writer=path.stem,
            id=row["id"],
            label=row["label"],
            category=row["category"],
            scenario=row.get("scenario", ""),
            channel=row.get("channel", "email"),
            text=row["text"],
        )
        if letter.label not in ("good", "bad"):
            raise ValueError(f"{path.name}: {letter.id}: label {letter.label!r}")
        if (letter.category == "good") != (letter.label == "good") or (
            letter.bad and letter.category not in CATEGORIES
        ):
            raise ValueError(f"{path.name}: {letter.id}: category {letter.category!r}")
        letters.append(letter)
    return letters


def load_corpus(directory: Path = CORPUS_DIR) -> list[CorpusLetter]:
    """Every writer's letters, in writer order; ids are unique across writers."""
    letters = [x for path in sorted(directory.glob("*.toml")) for x in load_writer(path)]
    seen: set[str] = set()
    for letter in letters:
        if letter.id in seen:
            raise ValueError(f"duplicate letter id {letter.id}")
        seen.add(letter.id)
    return letters


def writers(letters: list[CorpusLetter]) -> list[str]:
    return sorted({x.writer for x in letters})


def is_eval_subset(letter: CorpusLetter) -> bool:
    digest = hashlib.sha256(letter.id.encode()).digest()
    return digest[0] % EVAL_SHARE == 0
