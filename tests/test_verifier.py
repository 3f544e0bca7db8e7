"""The sentence verifier: its tokenizer and table, what it confirms, vetoes and raises, and
that a template letter never loads it."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from bowout.compose import compose
from bowout.guardrails import Checker
from bowout.guardrails.static_embeddings import StaticEmbeddings, basic_words
from bowout.guardrails.verifier import Verifier
from bowout.models import Channel, LetterRequest, Scenario

FOLDER = Path(str(resources.files("bowout.guardrails") / "static_minilm"))


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier.packaged()


def letter(body: str) -> str:
    return f"Dear Ana,\n\nThank you for your time and the conversations. {body}\n\nBest,\nSam"


def test_basic_words_are_berts() -> None:
    assert basic_words("Café, p4y!\u200b Ünïcode") == ["cafe", ",", "p4y", "!", "unicode"]


def test_word_pieces_come_from_the_vocabulary() -> None:
    table = StaticEmbeddings.from_folder(FOLDER)
    names = {i: t for t, i in table.ids.items()}
    assert [names[i] for i in table.tokens("p4y")] == ["p", "##4", "##y"]
    assert table.tokens("x" * 101) == [table.ids["[UNK]"]]
    assert table.vector("") == [0.0] * table.dims
    vector = table.vector("Thank you for your time.")
    assert abs(sum(v * v for v in vector) - 1.0) < 1e-9


def test_a_table_that_does_not_match_its_vocabulary_is_refused(tmp_path: Path) -> None:
    for name in ("vocab.txt", "meta.json"):
        (tmp_path / name).write_bytes((FOLDER / name).read_bytes())
    (tmp_path / "vectors.bin").write_bytes((FOLDER / "vectors.bin").read_bytes()[:-1])
    with pytest.raises(ValueError, match="does not match"):
        StaticEmbeddings.from_folder(tmp_path)


def test_the_thresholds_are_the_trained_ones(verifier: Verifier) -> None:
    data = json.loads((FOLDER / "verifier.json").read_text(encoding="utf-8"))
    assert (verifier.veto, verifier.raise_at) == (data["veto"], data["raise"])
    assert 0.0 < verifier.veto < verifier.raise_at <= 1.0


def test_a_plain_complaint_is_read_as_a_reason(verifier: Verifier) -> None:
    assert verifier.reason("The salary was insultingly low.") >= verifier.raise_at
    assert verifier.reason("Thank you for your time.") < verifier.veto


def test_the_verifier_confirms_a_clear_rule_finding() -> None:
    text = letter("I am withdrawing because the salary was insultingly low.")
    report = Checker(verify=True).check(text)
    found = [f for f in report.errors if f.check == "negative-reason"]
    assert found and "(pay)" in found[0].message
    assert found[0].confidence >= 0.7


def test_a_question_about_a_point_is_left_to_the_rules() -> None:
    # Outside an ask-flexibility letter the question is a reason whatever its wording.
    text = letter("Would it be possible to work from home three days a week?")
    rules = [f.excerpt for f in Checker().check(text).errors if f.check == "negative-reason"]
    verified = Checker(verify=True).check(text).errors
    assert rules
    assert rules == [f.excerpt for f in verified if f.check == "negative-reason"]


def test_a_template_letter_never_loads_the_verifier() -> None:
    checker = Checker(verify=True)
    request = LetterRequest(
        scenario=Scenario.WITHDRAW,
        channel=Channel.EMAIL,
        sender_name="Sam Rivera",
        company="Northwind Labs",
        role="Junior Accountant",
    )
    result = compose(request, checker=checker)
    assert result.report.ok, result.report
    assert checker._verifier is None
