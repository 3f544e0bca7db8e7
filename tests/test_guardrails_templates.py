"""Every built-in letter passes the guardrails: each scenario, channel and tone, with the
fewest fields it needs and with every field it can use."""

from __future__ import annotations

from typing import Any

import pytest

from bowout.catalog import ScenarioInfo, list_scenarios
from bowout.compose import compose
from bowout.models import Channel, Flexibility, LetterRequest, Scenario, Tone

FULL: dict[str, Any] = {
    "sender_phone": "+1 415 555 0134",
    "sender_email": "sam.rivera@example.com",
    "recipient_name": "Dana Whitaker",
    "recipient_email": "dana@northwind.example",
    "company": "Northwind Labs",
    "role": "Senior Data Engineer",
    "interviewers": ["Priya Nair", "Tom Becker"],
    "topic": "the streaming ingestion rebuild",
    "looking_forward_to": "seeing the new pipeline launch",
    "other_role": "Analytics Engineer",
    "referral": "Jordan Ellis",
    "interview_at": "Thursday at 10am",
}
# The real reason is never in the letter, but the checks compare against it.
PRIVATE_REASON = "the salary band is well below what I earn and the recruiter was pushy"


def _request(
    info: ScenarioInfo, channel: Channel, tone: Tone, full: bool, flexibility: Flexibility | None
) -> LetterRequest:
    fields: dict[str, Any] = {
        "scenario": info.name,
        "channel": channel,
        "tone": tone,
        "sender_name": "Sam Rivera",
        "private_reason": PRIVATE_REASON,
        "flexibility": flexibility,
    }
    wanted = set(info.required) | (set(info.optional) if full else set())
    fields.update({k: v for k, v in FULL.items() if k in wanted})
    return LetterRequest.model_validate(fields)


def _cases() -> list[Any]:
    cases = []
    for info in list_scenarios():
        flexibilities: list[Flexibility | None] = (
            list(Flexibility) if info.name is Scenario.ASK_FLEXIBILITY else [None]
        )
        for channel in info.channels:
            for tone in info.tones:
                for full in (False, True):
                    for flexibility in flexibilities:
                        label = "-".join(
                            [
                                info.name.value,
                                channel.value,
                                tone.value,
                                "full" if full else "minimal",
                                *([flexibility.value] if flexibility else []),
                            ]
                        )
                        cases.append(pytest.param(info, channel, tone, full, flexibility, id=label))
    return cases


@pytest.mark.parametrize(("info", "channel", "tone", "full", "flexibility"), _cases())
def test_built_in_letter_passes_the_checks(
    info: ScenarioInfo,
    channel: Channel,
    tone: Tone,
    full: bool,
    flexibility: Flexibility | None,
) -> None:
    letter = compose(_request(info, channel, tone, full, flexibility))
    assert letter.report is not None
    problems = [f"{f.check}: {f.message} | {f.excerpt}" for f in letter.report.errors]
    assert not problems, "\n".join([letter.body, *problems])


def test_every_scenario_is_covered() -> None:
    assert {info.name for info in list_scenarios()} == set(Scenario)
