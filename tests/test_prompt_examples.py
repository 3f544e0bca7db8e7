"""The worked examples the model is shown (prompts/examples/) are letters bowout itself
would accept: the draft's greeting and sign-off kept, every check passed, every detail of
the draft carried over."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bowout.guardrails import check, parse
from bowout.llm.answer import shape_findings
from bowout.models import CheckContext, LetterRequest
from bowout.render import render

EXAMPLES = Path(__file__).resolve().parents[1] / "prompts" / "examples"
FILES = sorted(EXAMPLES.glob("*/*.toml"))


def example(path: Path) -> tuple[LetterRequest, str, str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    channel = path.stem.split("-")[0]
    fields = {"channel": channel, **data["request"], "scenario": path.parent.name}
    request = LetterRequest.model_validate(fields)
    return request, render(request).body, data["letter"].strip()


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


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_an_example_passes_every_check(path: Path) -> None:
    request, draft, letter = example(path)
    context = CheckContext.for_request(request, base_text=draft)
    report = check(letter, context)
    assert report.ok, [f.message for f in report.errors]
    assert shape_findings(letter, request, draft) == []
