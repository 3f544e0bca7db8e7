"""The guardrails' word lists are data (src/bowout/guardrails/data/): every file is well
formed, every entry compiles, and each file's examples and near misses behave as it says."""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any

import pytest

from bowout.guardrails import default_checker, negative_reasons
from bowout.guardrails.datafiles import read_toml
from bowout.guardrails.negative_reasons import CategoryFile, ListsFile, read_file
from bowout.guardrails.patterns import lowered
from bowout.guardrails.vocabulary import stem

categories_in = default_checker().reasons.categories_in
SHARED = read_file(ListsFile, "negative_reasons.toml")
CATEGORY_FILES = {
    name: read_file(CategoryFile, f"reasons/{name}.toml") for name in SHARED.categories
}
LISTS = {
    **{f"negative_reasons.toml {field}": getattr(SHARED, field) for field in vars(SHARED)},
    **{
        f"reasons/{name}.toml {field}": getattr(data, field)
        for name, data in CATEGORY_FILES.items()
        for field in ("topic", "judgement", "direct")
    },
}
PATTERN_LISTS = {
    key: entries
    for key, entries in LISTS.items()
    if not key.endswith(
        ("categories", "examples", "near_misses", "own_reasons", "praised", "judged_despite_praise")
    )
}


def test_every_category_has_one_file_and_the_lists_read_them_in_order() -> None:
    shipped = {
        entry.name.removesuffix(".toml")
        for entry in files("bowout.guardrails").joinpath("data", "reasons").iterdir()
        if entry.name.endswith(".toml")
    }
    assert shipped == set(SHARED.categories)
    assert default_checker().reasons.category_names() == tuple(SHARED.categories)
    for name, data in CATEGORY_FILES.items():
        assert data.name == name
        assert data.examples and data.near_misses, f"reasons/{name}.toml needs both"


@pytest.mark.parametrize("key", sorted(PATTERN_LISTS))
def test_every_entry_compiles_and_appears_once(key: str) -> None:
    entries = PATTERN_LISTS[key]
    assert entries, key
    assert len(set(entries)) == len(entries), [e for e in entries if entries.count(e) > 1]
    for entry in entries:
        re.compile(lowered(entry))
        assert entry == entry.strip(), entry


def test_a_file_with_an_unknown_or_missing_key_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data: dict[str, Any] = read_toml("reasons/pay.toml")
    data["topics"] = data.pop("topic")  # a misspelt list would otherwise be empty
    monkeypatch.setattr(negative_reasons, "read_toml", lambda relative: data)
    with pytest.raises(ValueError, match=r"unknown keys \['topics'\], missing keys \['topic'\]"):
        read_file(CategoryFile, "reasons/pay.toml")


def _cases(field: str) -> list[tuple[str, str]]:
    return [
        (name, sentence)
        for name, data in CATEGORY_FILES.items()
        for sentence in getattr(data, field)
    ]


@pytest.mark.parametrize(("category", "sentence"), _cases("examples"))
def test_each_category_catches_its_examples(category: str, sentence: str) -> None:
    assert category in categories_in(sentence)


@pytest.mark.parametrize(("category", "sentence"), _cases("near_misses"))
def test_each_category_passes_its_near_misses(category: str, sentence: str) -> None:
    assert category not in categories_in(sentence)


@pytest.mark.parametrize("sentence", SHARED.near_misses)
def test_the_neutral_phrases_leave_no_category(sentence: str) -> None:
    assert categories_in(sentence) == []


@pytest.mark.parametrize("sentence", SHARED.own_reasons)
def test_a_circumstance_of_ones_own_is_no_reason_given(sentence: str) -> None:
    # Neither the lists nor the learned model read it as a remark about the company.
    assert default_checker().reasons.states_own_reason(sentence)
    assert categories_in(sentence) == []


@pytest.mark.parametrize("sentence", SHARED.judged_despite_own_reasons)
def test_a_circumstance_of_ones_own_does_not_excuse_a_judgement(sentence: str) -> None:
    assert not default_checker().reasons.states_own_reason(sentence)
    assert categories_in(sentence)


@pytest.mark.parametrize("sentence", SHARED.praised)
def test_praise_is_no_reason_given(sentence: str) -> None:
    assert default_checker().reasons.only_praises(sentence)
    assert categories_in(sentence) == []


@pytest.mark.parametrize("sentence", SHARED.judged_despite_praise)
def test_praise_does_not_excuse_a_judgement_or_a_turn(sentence: str) -> None:
    assert not default_checker().reasons.only_praises(sentence)


VOCABULARY = read_toml("vocabulary.toml")


@pytest.mark.parametrize("group", VOCABULARY["examples"]["same_stem"], ids=lambda g: g[0])
def test_words_people_swap_share_a_stem(group: list[str]) -> None:
    assert len({stem(word) for word in group}) == 1, {word: stem(word) for word in group}


def test_the_stem_groups_stay_apart() -> None:
    stems = [stem(group[0]) for group in VOCABULARY["examples"]["same_stem"]]
    assert len(set(stems)) == len(stems)


def test_the_vocabulary_lists_hold_each_word_once() -> None:
    for key in ("stopwords", "letter_words", "particles"):
        words = VOCABULARY[key]
        assert len(set(words)) == len(words), key
    members = [m for group in VOCABULARY["synonyms"].values() for m in group]
    assert len(set(members)) == len(members)
