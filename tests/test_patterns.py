"""The guardrails keep their compiled regex code between processes; it must behave exactly
like `re.compile`, and anything wrong with the kept file must fall back to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bowout.guardrails import patterns
from bowout.guardrails.patterns import Caseless, Lazy, lowered, words

SAMPLES = [
    (r"\b(?:salary|pay)\s+(?P<what>band|range)\b", re.IGNORECASE),
    (r"^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*,$", re.MULTILINE),
    (r"(\w+)@(\w+)\.(?:com|org)", 0),
]
TEXTS = ["The Salary Band was low", "Dear Dana Lee,\nHi", "mail ana@acme.com now", "nothing"]


@pytest.fixture
def code_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "patterns.marshal"
    monkeypatch.setattr(patterns, "_CODE_FILE", path)
    monkeypatch.setattr(patterns, "_codes", None)
    monkeypatch.setattr(patterns, "_new_codes", 0)
    return path


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (
        b.pattern,
        b.flags,
        b.groups,
        b.groupindex,
    )
    for text in TEXTS:
        ma, mb = a.search(text), b.search(text)
        assert (ma and (ma.span(), ma.groups())) == (mb and (mb.span(), mb.groups()))


@pytest.mark.parametrize(("source", "flags"), SAMPLES)
def test_kept_code_compiles_to_the_same_pattern(
    code_file: Path, monkeypatch: pytest.MonkeyPatch, source: str, flags: int
) -> None:
    first = patterns.compile_pattern(source, flags)
    patterns._save_codes()
    assert code_file.exists()
    # A new process: nothing in memory, the kept file on disk.
    monkeypatch.setattr(patterns, "_codes", None)
    again = patterns.compile_pattern(source, flags)
    _same(first, re.compile(source, flags))
    _same(again, re.compile(source, flags))


def test_a_broken_kept_file_falls_back_to_re_compile(code_file: Path) -> None:
    code_file.write_bytes(b"not marshal data at all")
    source, flags = SAMPLES[0]
    _same(patterns.compile_pattern(source, flags), re.compile(source, flags))


def test_a_wrong_entry_falls_back_to_re_compile(code_file: Path) -> None:
    source, flags = SAMPLES[2]
    patterns._load_codes()[(source, flags)] = (flags, [1, 2, 3], 0, {}, ())
    _same(patterns.compile_pattern(source, flags), re.compile(source, flags))


CASE_TEXTS = ["The Salary Band was LOW", "Dear Dana Lee,\nHi", "Zoë's Pay Range", "nothing"]


def test_lowered_keeps_escapes_and_lowers_letters() -> None:
    assert lowered(r"\SDear [A-Z]\b\D") == r"\Sdear [a-z]\b\D"


def test_a_pattern_compiles_only_when_first_used() -> None:
    pattern = Lazy(r"(unclosed")
    with pytest.raises(re.error):
        pattern.search("text")


@pytest.mark.parametrize("text", CASE_TEXTS)
def test_caseless_finds_the_same_spans_as_ignorecase(text: str) -> None:
    source = r"\b(?:salary|pay)\s+(?:band|range)\b|\bdear [A-Z]\w+|low"
    reference = re.compile(source, re.IGNORECASE)
    caseless = Caseless(source)
    assert [m.span() for m in caseless.finditer(text)] == [
        m.span() for m in reference.finditer(text)
    ]
    found, expected = caseless.search(text), reference.search(text)
    assert (found and found.span()) == (expected and expected.span())


def test_words_match_whole_words_of_lower_cased_text() -> None:
    pattern = words(r"pay", r"Salary band")
    assert pattern.search("the salary band is fine")
    assert not pattern.search("repayment")
