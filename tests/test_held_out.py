"""The held-out letters: well labelled, and apart from every letter and sentence anything was
tuned or trained on, and from each other. Their scores are not asserted here: a test that
pinned them would invite tuning to them.

- tests/eval/held_out_writers/: scored on totals only (see each file's header);
- tests/eval/held_out_unscored/: never scored yet, kept for the next measurement.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))

from corpus import CATEGORIES, CorpusLetter, load_corpus, writers  # noqa: E402

EVAL = ROOT / "tests" / "eval"
HELD_OUT = {name: load_corpus(EVAL / name) for name in ("held_out_writers", "held_out_unscored")}
DEVELOPMENT = load_corpus()
SETS = pytest.mark.parametrize("name", list(HELD_OUT))


@SETS
def test_four_writers_of_75_letters_with_every_category(name: str) -> None:
    letters = HELD_OUT[name]
    assert len(writers(letters)) == 4
    for writer in writers(letters):
        mine = [x for x in letters if x.writer == writer]
        assert len(mine) == 75, writer
        assert {x.category for x in mine if x.bad} == set(CATEGORIES), writer
    assert sum(not x.bad for x in letters) >= 0.4 * len(letters)


@SETS
def test_labels_agree_with_categories(name: str) -> None:
    for letter in HELD_OUT[name]:
        assert letter.label in {"good", "bad"}, letter.id
        assert (letter.label == "good") == (letter.category == "good"), letter.id


def _apart(letters: list[CorpusLetter], others: list[CorpusLetter]) -> None:
    assert not {x.id for x in letters} & {x.id for x in others}
    assert not {x.writer for x in letters} & {x.writer for x in others}
    assert not {x.text.strip() for x in letters} & {x.text.strip() for x in others}


@SETS
def test_apart_from_the_development_letters_and_the_training_sentences(name: str) -> None:
    letters = HELD_OUT[name]
    _apart(letters, DEVELOPMENT)
    rows = (ROOT / "training" / "reason_sentences.jsonl").read_text().splitlines()
    trained = {json.loads(r)["text"].strip().lower() for r in rows if r.strip()}
    from bowout.guardrails.parse import parse

    reasons = {
        s.lower()
        for x in letters
        if x.bad
        for s in parse(x.text).all_sentences
        if len(s.split()) > 6 and s.lower() in trained
    }
    assert not reasons, len(reasons)


def test_the_two_held_out_sets_are_apart() -> None:
    _apart(HELD_OUT["held_out_writers"], HELD_OUT["held_out_unscored"])
