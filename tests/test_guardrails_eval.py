"""Recall per category and false positives of the guardrails on labelled letters.

The figures that matter are those of `test_the_fixed_corpus_subset_at_its_figures`: a fixed
fifth of the writers' corpus (tests/eval/corpus/, `is_eval_subset` in training/corpus.py),
which the shipped sentence model never trains on, scored at what the checker of the commit
measures, so that a regression fails. The older development sets (tests/eval/*.toml) were
tuned on until they passed; `test_the_development_letters_still_pass` only keeps them passing.
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from bowout.guardrails import check, default_checker
from bowout.models import CheckContext, Report

EVAL_DIR = Path(__file__).parent / "eval"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))

from corpus import CorpusLetter, is_eval_subset, load_corpus  # noqa: E402

_CONTEXT_KEYS = set(CheckContext.model_fields)
REASONS = set(default_checker().reasons.category_names())
FAMILIES = {"courteous", "leftovers", "grounded", "private-reason", "concise"}

# The development sets: the checks were tuned on them until they passed these.
MIN_RECALL = 0.97
MIN_CATEGORY_RECALL = 0.9
MAX_FALSE_POSITIVE_RATE = 0.02

# The fixed corpus subset, as the checker measures it (222 letters: 120 bad, 102 good). Bad
# letters caught per category, for the category they are labelled with ("tone" counts as
# the courteous check), and good letters flagged. A change that lowers a count or flags one
# more good letter fails; a change that improves them should raise them here.
SUBSET_CAUGHT = {
    "conduct": (16, 16),
    "culture": (15, 15),
    "job": (11, 12),
    "mission": (8, 8),
    "pay": (15, 18),
    "process": (13, 13),
    "reviews": (10, 12),
    "schedule-location": (12, 12),
    "tone": (11, 14),
}
SUBSET_GOOD = 102
SUBSET_MAX_FLAGGED = 0


def _read(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".toml":
        return list(tomllib.loads(path.read_text(encoding="utf-8")).get("letter", []))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_letters() -> list[dict[str, Any]]:
    extra = os.environ.get("BOWOUT_EVAL")
    paths = (
        [Path(extra)]
        if extra
        else sorted(EVAL_DIR.glob("*.toml")) + sorted(EVAL_DIR.glob("*.jsonl"))
    )
    return [letter for path in paths for letter in _read(path)]


def _context(letter: dict[str, Any]) -> CheckContext | None:
    raw = dict(letter.get("context") or {})
    raw.update({k: v for k, v in letter.items() if k in _CONTEXT_KEYS})
    return CheckContext.model_validate(raw) if raw else None


def caught(report: Report, category: str) -> bool:
    """Whether the report fails the letter for the reason it is labelled with.

    A letter labelled too long is caught when its length is reported: below the error
    limit of data/concise.toml that is a warning (a letter growing long), not a failure.
    These letters were labelled when every email over 150 words failed."""
    if category == "concise" and any(f.check == "concise" for f in report.findings):
        return True
    for finding in report.errors:
        if category in REASONS and finding.check == "negative-reason":
            if f"({category})" in finding.message:
                return True
        elif finding.check == category:
            return True
    return False


LETTERS = load_letters()


def test_the_set_is_big_and_varied_enough() -> None:
    if os.environ.get("BOWOUT_EVAL"):
        pytest.skip("scoring an outside set")
    good = [x for x in LETTERS if x["label"] == "good"]
    bad = [x for x in LETTERS if x["label"] == "bad"]
    assert len(good) >= 60
    assert len(bad) >= 90
    per_category: dict[str, int] = defaultdict(int)
    for letter in bad:
        per_category[letter["category"]] += 1
    assert set(per_category) == REASONS | FAMILIES
    assert min(per_category.values()) >= 8, per_category
    assert len({x["id"] for x in LETTERS}) == len(LETTERS), "ids must be unique"


def test_the_development_letters_still_pass() -> None:
    totals: dict[str, int] = defaultdict(int)
    hits: dict[str, int] = defaultdict(int)
    flagged_any: dict[str, int] = defaultdict(int)
    false_positives: list[str] = []
    misses: list[str] = []
    good = 0
    for letter in LETTERS:
        report = check(letter["text"], _context(letter))
        if letter["label"] == "good":
            good += 1
            if not report.ok:
                first = report.errors[0]
                false_positives.append(f"{letter['id']}: {first.message} | {first.excerpt}")
            continue
        category = letter["category"]
        totals[category] += 1
        flagged_any[category] += not report.ok
        if caught(report, category):
            hits[category] += 1
        else:
            misses.append(f"{letter['id']} ({category})")

    recall = {c: hits[c] / totals[c] for c in sorted(totals)}
    overall = sum(hits.values()) / sum(totals.values())
    fp_rate = len(false_positives) / good if good else 0.0
    print(f"\nguardrails on {sum(totals.values())} bad and {good} good letters")
    for category, value in recall.items():
        print(
            f"  {category:<18} recall {value:.2f}  ({hits[category]}/{totals[category]}; "
            f"failed for any reason {flagged_any[category]}/{totals[category]})"
        )
    print(f"  overall            recall {overall:.3f}")
    print(f"  false positives    {len(false_positives)}/{good} = {fp_rate:.3f}")
    for line in misses:
        print(f"  missed: {line}")
    for line in false_positives:
        print(f"  false positive: {line}")

    assert overall >= MIN_RECALL, misses
    assert all(v >= MIN_CATEGORY_RECALL for v in recall.values()), recall
    assert fp_rate <= MAX_FALSE_POSITIVE_RATE, false_positives


def test_sentences_by_category() -> None:
    """Single sentences: each negative one in its category, the neutral ones in none."""
    if os.environ.get("BOWOUT_EVAL"):
        pytest.skip("scoring an outside set")
    sentences = tomllib.loads((EVAL_DIR / "sentences.toml").read_text(encoding="utf-8"))
    totals: dict[str, int] = defaultdict(int)
    hits: dict[str, int] = defaultdict(int)
    false_alarms = []
    for item in sentences["sentence"]:
        found = default_checker().reasons.categories_in(item["text"])
        if item["category"] == "good":
            totals["good"] += 1
            if found:
                false_alarms.append(f"{found}: {item['text']}")
            continue
        totals[item["category"]] += 1
        hits[item["category"]] += item["category"] in found
    recall = {c: hits[c] / totals[c] for c in sorted(totals) if c != "good"}
    print(f"\nsentences: {sum(totals.values())}; recall by category:")
    print("  " + ", ".join(f"{c} {v:.2f}" for c, v in recall.items()))
    print(f"  neutral sentences flagged: {len(false_alarms)}/{totals['good']}")
    assert set(recall) == REASONS
    assert all(v >= MIN_CATEGORY_RECALL for v in recall.values()), recall
    assert len(false_alarms) / totals["good"] <= MAX_FALSE_POSITIVE_RATE, false_alarms


def test_a_bad_evaluation_row_is_one_line() -> None:
    import pytest as _pytest

    from bowout.errors import InvalidRequestError
    from bowout.evaluation import load_cases

    bad = '{"id": "x", "scenario": "withdraw", "sender_name": "", "rounds": "many", "nope": 1}\n'
    with _pytest.raises(InvalidRequestError) as caught:
        load_cases(bad)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("evaluation requests, line 1: ")
    assert "sender_name" in message and "nope is not a known field" in message
    with _pytest.raises(InvalidRequestError) as broken:
        load_cases("{not json\n")
    assert "\n" not in str(broken.value)


def _corpus_context(letter: CorpusLetter) -> CheckContext:
    # What `bowout check --scenario S --channel C` tells the checks about a pasted letter.
    return CheckContext.model_validate(
        {"scenario": letter.scenario or None, "channel": letter.channel}
    )


def test_the_fixed_corpus_subset_at_its_figures() -> None:
    subset = [x for x in load_corpus() if is_eval_subset(x)]
    caught_by: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    flagged: list[str] = []
    missed: list[str] = []
    for letter in subset:
        report = check(letter.text, _corpus_context(letter))
        if not letter.bad:
            if not report.ok:
                flagged.append(f"{letter.id}: {report.errors[0].message}")
            continue
        totals[letter.category] += 1
        named = "courteous" if letter.category == "tone" else letter.category
        if caught(report, named):
            caught_by[letter.category] += 1
        else:
            missed.append(f"{letter.id} ({letter.category})")
    good = len(subset) - sum(totals.values())
    bad = sum(totals.values())
    print(f"\ncorpus subset: {bad} bad and {good} good letters")
    for category in sorted(totals):
        print(f"  {category:<18} caught {caught_by[category]}/{totals[category]}")
    print(f"  overall            recall {sum(caught_by.values()) / bad:.3f}")
    print(f"  good letters flagged {len(flagged)}/{good} = {len(flagged) / good:.3f}")
    assert good == SUBSET_GOOD and dict(totals) == {c: t for c, (_, t) in SUBSET_CAUGHT.items()}
    lower = {
        c: (caught_by[c], least) for c, (least, _) in SUBSET_CAUGHT.items() if caught_by[c] < least
    }
    assert not lower, (lower, missed)
    assert len(flagged) <= SUBSET_MAX_FLAGGED, flagged
