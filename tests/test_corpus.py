"""The writers' labelled letters (tests/eval/corpus/): complete, well labelled, and apart from
what the sentence model trains on."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))

from corpus import CATEGORIES, is_eval_subset, load_corpus, writers  # noqa: E402

LETTERS = load_corpus()


def test_twelve_writers_by_the_size_of_their_delivery() -> None:
    # w1..w6 were written for development; hA and hB, then dK..dN, arrived later and were
    # scored before anyone read them (see their headers).
    size_of = {"w": 100, "h": 70, "d": 75}
    sizes = {w: size_of[w[0]] for w in writers(LETTERS)}
    assert len(sizes) == 12
    assert Counter(w[0] for w in sizes) == {"w": 6, "h": 2, "d": 4}
    assert Counter(x.writer for x in LETTERS) == sizes


def test_at_least_forty_percent_good_and_every_category_in_every_writer() -> None:
    assert sum(not x.bad for x in LETTERS) >= 0.4 * len(LETTERS)
    for writer in writers(LETTERS):
        found = {x.category for x in LETTERS if x.writer == writer and x.bad}
        assert found == set(CATEGORIES), writer


def test_the_fixed_evaluation_subset_holds_every_writer_and_both_labels() -> None:
    subset = [x for x in LETTERS if is_eval_subset(x)]
    assert 0.15 * len(LETTERS) <= len(subset) <= 0.25 * len(LETTERS)
    assert {x.writer for x in subset} == set(writers(LETTERS))
    assert {x.label for x in subset} == {"good", "bad"}


def test_no_corpus_sentence_is_in_the_sentence_training_data() -> None:
    """The older sentence corpus trains every candidate; a letter's reason found there would
    let a candidate see the letter it is scored on. Stock courtesies ("I hope this note finds
    you well.") occur in both by coincidence, labelled neutral: a handful is allowed."""
    rows = [
        json.loads(line)
        for line in (ROOT / "training" / "reason_sentences.jsonl").read_text().splitlines()
        if line.strip()
    ]
    trained = {row["text"].strip().lower(): row["label"] for row in rows}
    from bowout.guardrails.parse import parse

    shared = {
        s.lower()
        for x in LETTERS
        for s in parse(x.text).all_sentences
        if len(s.split()) > 6 and s.lower() in trained
    }
    assert all(trained[s] == "none" for s in shared), sorted(shared)
    assert len(shared) <= 10, sorted(shared)
