"""The held-out letters (tests/eval/held_out_writers/): well labelled, and apart from every
letter and sentence anything was tuned or trained on. Their scores are not asserted here: a
test that pinned them would invite tuning to them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))

from corpus import CATEGORIES, load_corpus, writers  # noqa: E402

HELD_OUT = load_corpus(ROOT / "tests" / "eval" / "held_out_writers")
DEVELOPMENT = load_corpus()


def test_four_writers_of_75_letters_with_every_category() -> None:
    assert len(writers(HELD_OUT)) == 4
    for writer in writers(HELD_OUT):
        mine = [x for x in HELD_OUT if x.writer == writer]
        assert len(mine) == 75, writer
        assert {x.category for x in mine if x.bad} == set(CATEGORIES), writer
    assert sum(not x.bad for x in HELD_OUT) >= 0.4 * len(HELD_OUT)


def test_labels_agree_with_categories() -> None:
    for letter in HELD_OUT:
        assert letter.label in {"good", "bad"}, letter.id
        assert (letter.label == "good") == (letter.category == "good"), letter.id


def test_apart_from_the_development_letters_and_the_training_sentences() -> None:
    assert not {x.id for x in HELD_OUT} & {x.id for x in DEVELOPMENT}
    assert not {x.writer for x in HELD_OUT} & {x.writer for x in DEVELOPMENT}
    assert not {x.text.strip() for x in HELD_OUT} & {x.text.strip() for x in DEVELOPMENT}
    rows = (ROOT / "training" / "reason_sentences.jsonl").read_text().splitlines()
    trained = {json.loads(r)["text"].strip().lower() for r in rows if r.strip()}
    from bowout.guardrails.parse import parse

    reasons = {
        s.lower()
        for x in HELD_OUT
        if x.bad
        for s in parse(x.text).all_sentences
        if len(s.split()) > 6 and s.lower() in trained
    }
    assert not reasons, len(reasons)
