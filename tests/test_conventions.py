"""The conventions check: the reader is "you", and a warm or casual reader is greeted by
given name. Its examples live beside its rules in guardrails/data/conventions.toml."""

from __future__ import annotations

from typing import Any

import pytest

from bowout.guardrails import check
from bowout.guardrails.conventions import CHECK, default
from bowout.models import Channel, CheckContext, LetterRequest, Scenario, Tone
from bowout.render import render

EXAMPLES = default().examples


def request_for(example: dict[str, Any], **changes: Any) -> LetterRequest:
    return LetterRequest(
        scenario=Scenario.WITHDRAW,
        tone=example["tone"],
        sender_name=example.get("sender", "Ana Lima"),
        recipient_name=example.get("recipient"),
        interviewers=example.get("interviewers", []),
        **changes,
    )


def rules_found(text: str, request: LetterRequest) -> list[str]:
    report = check(text, CheckContext.for_request(request))
    rules = []
    for finding in report.findings:
        if finding.check != CHECK:
            continue
        assert finding.severity == "error" and finding.advice and finding.excerpt
        if "own sender" in finding.message:
            rules.append("greets_sender")
        else:
            rules.append("full_name_greeting" if "greets" in finding.message else "third_person")
    return rules


def test_the_examples_cover_both_rules_failing_and_passing() -> None:
    found = [tuple(e["findings"]) for e in EXAMPLES]
    assert {("third_person",), ("full_name_greeting",), ("greets_sender",), ()} <= set(found)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["why"] for e in EXAMPLES])
def test_a_convention_example(example: dict[str, Any]) -> None:
    assert rules_found(example["letter"], request_for(example)) == example["findings"]


def test_the_finding_says_what_to_write_instead() -> None:
    request = LetterRequest(
        scenario="withdraw", tone="casual", sender_name="Ana Lima", recipient_name="Émilie Roux"
    )
    report = check("Hi Émilie Roux,\n\nThanks for your time.\n\nCheers,\nAna Lima",
                   CheckContext.for_request(request))  # fmt: skip
    (finding,) = [f for f in report.findings if f.check == CHECK]
    assert finding.advice == 'greet a casual reader by given name: "Hi Émilie,"'
    assert not report.ok


def test_a_letter_checked_without_its_request_is_not_judged_on_them() -> None:
    text = "Hi Maria Gonzalez,\n\nThanks for meeting Maria Gonzalez.\n\nCheers,\nAna Lima"
    assert not [f for f in check(text, CheckContext()).findings if f.check == CHECK]


SCENARIOS_WITH_INTERVIEWERS = [
    Scenario.WITHDRAW,
    Scenario.WITHDRAW_REDIRECT,
    Scenario.DECLINE_OFFER,
    Scenario.KEEP_IN_TOUCH,
    Scenario.ASK_FLEXIBILITY,
]


@pytest.mark.parametrize("scenario", SCENARIOS_WITH_INTERVIEWERS)
@pytest.mark.parametrize("channel", list(Channel))
@pytest.mark.parametrize("tone", list(Tone))
@pytest.mark.parametrize(
    "reader", ["Maria Gonzalez", "Ms. Maria Gonzalez", "Dr. Anna van der Berg"]
)
def test_every_template_letter_keeps_the_conventions(
    scenario: Scenario, channel: Channel, tone: Tone, reader: str
) -> None:
    plain = reader.split(" ", 1)[1] if reader.startswith(("Ms.", "Dr.")) else reader
    request = LetterRequest(
        scenario=scenario,
        channel=channel,
        tone=tone,
        sender_name="Ana Lima",
        recipient_name=reader,
        company="Acme",
        role="Data Engineer",
        interviewers=[plain, "Tom Becker"],
        topic="the billing migration",
        other_role="Analytics Engineer",
        flexibility="remote",
    )
    assert rules_found(render(request).body, request) == []
