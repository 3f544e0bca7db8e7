"""The worked examples the model is shown (prompts/examples/) are letters bowout itself
would accept: the draft's greeting and sign-off kept, every check passed, every detail of
the draft carried over, and in the variant shown for a request with notes, every note."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bowout.guardrails import check, parse
from bowout.llm.answer import dropped_notes, shape_findings
from bowout.llm.prompt import build_messages
from bowout.models import CheckContext, LetterRequest
from bowout.render import render

EXAMPLES = Path(__file__).resolve().parents[1] / "prompts" / "examples"
FILES = sorted(EXAMPLES.glob("*/*.toml"))


def example(path: Path, noted: bool = False) -> tuple[LetterRequest, str, str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    channel = path.stem.split("-")[0]
    fields = {"channel": channel, **data["request"], "scenario": path.parent.name}
    letter = data["letter"]
    if noted:
        fields["notes"] = data["with_notes"]["notes"]
        letter = data["with_notes"]["letter"]
    request = LetterRequest.model_validate(fields)
    return request, render(request).body, letter.strip()


def test_every_scenario_has_examples() -> None:
    assert {p.parent.name for p in FILES} == {
        "withdraw", "withdraw-redirect", "decline", "decline-keep-open", "decline-offer",
        "keep-in-touch", "ask-flexibility",
    }  # fmt: skip


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_an_example_keeps_its_drafts_greeting_and_sign_off(path: Path) -> None:
    _, draft, letter = example(path)
    ours, theirs = parse(letter), parse(draft)
    assert ours.greeting == theirs.greeting
    assert ours.sign_off == theirs.sign_off
    assert letter != draft, "an example shows a rewrite, not a copy"


@pytest.mark.parametrize("noted", [False, True], ids=["plain", "with-notes"])
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_an_example_passes_every_check(path: Path, noted: bool) -> None:
    request, draft, letter = example(path, noted)
    context = CheckContext.for_request(request, base_text=draft)
    report = check(letter, context)
    assert report.ok, [f.message for f in report.errors]
    assert shape_findings(letter, request, draft) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_with_notes_variant_adds_the_note_and_changes_nothing_else(path: Path) -> None:
    _, _, plain = example(path)
    request, _, noted = example(path, noted=True)
    assert request.notes and dropped_notes(plain, request) == request.notes
    assert dropped_notes(noted, request) == []
    added = set(noted.split()) - set(plain.split())
    assert len(added) <= 2 * max(len(n.split()) for n in request.notes)


def test_a_request_with_notes_is_shown_the_example_that_carries_notes() -> None:
    fields = {"scenario": "withdraw", "sender_name": "Ana Silva", "company": "Acme"}
    plain = build_messages(LetterRequest.model_validate(fields), "draft")
    noted = build_messages(LetterRequest.model_validate({**fields, "notes": ["a demo"]}), "draft")
    shown = tomllib.loads((EXAMPLES / "withdraw" / "email.toml").read_text(encoding="utf-8"))
    (note,) = shown["with_notes"]["notes"]
    assert note not in plain[1][1] and plain[2][1] == shown["letter"].strip()
    assert "- Your sketches of the new checkout screens stayed with me." in noted[1][1]
    assert noted[2][1] == shown["with_notes"]["letter"].strip()
