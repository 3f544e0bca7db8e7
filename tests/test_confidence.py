"""Findings say how sure they are; a learned reading just over the threshold is a warning."""

from __future__ import annotations

import pytest

from bowout.guardrails import Checker, check, default_checker
from bowout.guardrails.confidence import Sureness, default, rule_key
from bowout.models import Finding

SURE = default()
LETTER = "Dear Dana,\n\nThank you for your time. {}\n\nKind regards,\nSam Lee\n"


def test_the_figures_cover_every_negative_reason_category() -> None:
    names = default_checker().reasons.category_names()
    assert {f"negative-reason ({n})" for n in names} <= set(SURE.precision)
    assert 0.0 <= SURE.band < 0.25


@pytest.mark.parametrize(
    "data",
    [
        {"learned": {"band": 1.5}, "precision": {}},
        {"learned": {"band": 0.05}, "precision": {"courteous: rude or dismissive": 2.0}},
    ],
)
def test_figures_out_of_range_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"confidence\.toml"):
        Sureness.load(data)  # type: ignore[arg-type]


def test_a_rule_finding_carries_its_measured_precision() -> None:
    sentence = "To be honest, the salary was well below what I need."
    (finding,) = [f for f in check(LETTER.format(sentence)).errors if f.excerpt == sentence]
    assert rule_key(finding) == "negative-reason (pay)"
    assert finding.confidence == SURE.precision["negative-reason (pay)"] < 1.0


def test_a_measured_fact_is_certain() -> None:
    long = LETTER.format(" ".join(f"We discussed topic number {i}." for i in range(60)))
    (finding,) = [f for f in check(long).findings if f.check == "concise"]
    assert finding.confidence == 1.0


def test_every_finding_says_what_to_do() -> None:
    text = (
        "Dear Dana,\n\nThe salary was an insult. I DO NOT want to hear from you. "
        "Frankly, this has been a waste of my time. [Company] lost me.\n"
    )
    report = check(text)
    assert report.errors
    assert all(f.advice for f in report.findings), report.findings


def _model_only(monkeypatch: pytest.MonkeyPatch, threshold: float) -> Checker:
    checker = Checker(threshold=threshold)
    monkeypatch.setattr(checker.reasons, "categories_in", lambda sentence: [])
    return checker


SENTENCE = "I reviewed the package in detail, and it is not something I can make work financially."


def _readings(checker: Checker) -> list[Finding]:
    report = checker.check(LETTER.format(SENTENCE))
    return [f for f in report.findings if f.check == "negative-reason"]


def test_a_reading_just_over_the_threshold_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    probability = default_checker().reasons.read(SENTENCE).probability
    assert probability > 0.5
    near = _model_only(monkeypatch, threshold=probability - SURE.band / 2)
    (finding,) = _readings(near)
    assert finding.severity == ("warning" if SURE.band else "error")
    assert finding.confidence == pytest.approx(min(probability, 0.99))
    clear = _model_only(monkeypatch, threshold=probability - SURE.band - 0.01)
    assert [f.severity for f in _readings(clear)] == ["error"]
    below = _model_only(monkeypatch, threshold=min(probability + 0.01, 0.999))
    assert _readings(below) == []
