"""Length: the limits of data/concise.toml and their examples."""

from __future__ import annotations

import pytest

from bowout.guardrails import check, parse
from bowout.guardrails.concise import default, load_limits
from bowout.models import Channel, CheckContext

DATA = load_limits()


def _body(words: int) -> str:
    # Distinct five-word sentences (and one shorter), so only the length is at fault.
    sentences = [f"We discussed topic number {i}." for i in range(words // 5)]
    rest = words % 5
    if rest:
        sentences.append(" ".join(["Thanks"] + ["again"] * (rest - 1)) + ".")
    return " ".join(sentences)


@pytest.mark.parametrize("example", DATA["example"], ids=lambda e: f"{e['channel']}-{e['words']}")
def test_length_examples(example: dict[str, object]) -> None:
    words = int(str(example["words"]))
    channel = Channel(str(example["channel"]))
    # An email counts its body; a LinkedIn message every word ("Dear Dana, ... Kind regards, Sam").
    body = words - 2 if channel is Channel.EMAIL else words - 7
    text = f"Dear Dana,\n\nThank you. {_body(body)}\n\nKind regards,\nSam\n"
    report = check(text, CheckContext(channel=channel))
    counted = report.words if channel is Channel.EMAIL else parse(text).message_words
    assert counted == words
    found = [f.severity for f in report.findings if f.check == "concise"]
    assert found == ([example["severity"]] if example["severity"] else []), report.findings


def test_every_limit_warns_before_it_fails() -> None:
    limits = default()
    for warn, error in (limits.email, limits.linkedin, limits.sentence):
        assert 0 < warn < error


def test_the_findings_say_what_to_cut_to() -> None:
    limits = default()
    long = f"Dear Dana,\n\nThank you. {_body(limits.email[1] + 10)}\n\nKind regards,\nSam\n"
    (finding,) = [f for f in check(long).findings if f.check == "concise"]
    assert finding.severity == "error"
    assert str(limits.email[1]) in finding.advice
