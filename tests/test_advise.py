"""Advice before sending: which rules fire, what they suggest, the seed each names, and how
free-text interview times are read."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout import Advice, AdviceRequest, LetterRequest, advise, compose
from bowout.advise import negotiable_constraints
from bowout.cli import app
from bowout.models import Channel, Flexibility, Scenario, Stage
from bowout.when import parse_interview_time

ROOT = Path(__file__).resolve().parents[1]
# Sunday 22 November 2026, 09:00 local time.
NOW = datetime(2026, 11, 22, 9, 0)
runner = CliRunner()


def ids(items: list[Advice]) -> list[str]:
    return [item.id for item in items]


def by_id(items: list[Advice], rule: str) -> Advice:
    found = [item for item in items if item.id == rule]
    assert found, f"{rule} not in {ids(items)}"
    return found[0]


def withdraw(**fields: object) -> LetterRequest:
    return LetterRequest.model_validate(
        {"scenario": "withdraw", "sender_name": "Ana Lima", "company": "Acme", **fields}
    )


# --- negotiable reasons ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("the salary band is below what I need", Flexibility.PAY),
        ("They lowballed me on compensation", Flexibility.PAY),
        ("I'd be underpaid compared to now", Flexibility.PAY),
        ("the commute", Flexibility.LOCATION),
        ("commuting two hours a day is too much", Flexibility.LOCATION),
        ("I would have to relocate to Berlin", Flexibility.LOCATION),
        ("they want 5 days in office", Flexibility.REMOTE),
        ("the role is fully on-site and I need hybrid", Flexibility.REMOTE),
        ("the shifts include weekends", Flexibility.SCHEDULE),
        ("the on-call rota every other week", Flexibility.SCHEDULE),
        ("can't start until March", Flexibility.START_DATE),
        ("my notice period is three months", Flexibility.START_DATE),
        ("the title is a step down for me", Flexibility.TITLE),
        ("they levelled me as junior", Flexibility.TITLE),
    ],
)
def test_negotiable_reasons_are_recognised_in_their_paraphrases(
    reason: str, expected: Flexibility
) -> None:
    found = negotiable_constraints(reason)
    assert found and found[0].flexibility is expected, found


@pytest.mark.parametrize(
    "reason",
    [
        "I did not like the culture",
        "the role is not the direction I want my career to go",
        "I accepted another offer, which also pays more",
        "I'm happy where I am, even with the commute",
        "",
    ],
)
def test_reasons_that_are_not_negotiable_suggest_no_flexibility(reason: str) -> None:
    assert negotiable_constraints(reason) == []
    items = advise(AdviceRequest(private_reason=reason or None, stage=Stage.INTERVIEWED), NOW)
    assert "negotiable-reason" not in ids(items)


def test_first_mentioned_constraint_is_the_one_to_ask_about() -> None:
    found = negotiable_constraints("the title is too junior and the pay is low")
    assert [m.flexibility for m in found] == [Flexibility.TITLE, Flexibility.PAY]


def test_done_when_salary_band_names_the_reason_and_suggests_ask_flexibility() -> None:
    request = AdviceRequest(
        private_reason="the salary band is below what I need",
        stage=Stage.INTERVIEWED,
        rounds=2,
    )
    items = advise(request, NOW)
    item = by_id(items, "negotiable-reason")
    assert "salary band" in item.message and "salary band" in item.because
    assert item.scenario is Scenario.ASK_FLEXIBILITY and item.flexibility is Flexibility.PAY
    assert "ask-flexibility --flexibility pay" in item.message
    assert item.seed == "003_de1725ccfcebf3cc.txt"
    # Two rounds in: a call stands out.
    assert by_id(items, "call-after-rounds").channel is Channel.PHONE


def test_no_flexibility_advice_when_already_asking() -> None:
    request = AdviceRequest(
        scenario=Scenario.ASK_FLEXIBILITY, private_reason="the pay", flexibility="pay"
    )
    assert "negotiable-reason" not in ids(advise(request, NOW))


# --- interview timing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "has_time"),
    [
        ("tomorrow 10am", datetime(2026, 11, 23, 10, 0), True),
        ("Tomorrow at 10:30", datetime(2026, 11, 23, 10, 30), True),
        ("2026-11-23 14:00", datetime(2026, 11, 23, 14, 0), True),
        ("2026-11-23T14:00", datetime(2026, 11, 23, 14, 0), True),
        ("2026-11-25", datetime(2026, 11, 25), False),
        ("in 3 hours", datetime(2026, 11, 22, 12, 0), True),
        ("in an hour", datetime(2026, 11, 22, 10, 0), True),
        ("in 2 days", datetime(2026, 11, 24, 9, 0), True),
        ("Thursday", datetime(2026, 11, 26), False),
        ("thu 2pm", datetime(2026, 11, 26, 14, 0), True),
        ("next Sunday", datetime(2026, 11, 29), False),
        ("today at 3pm", datetime(2026, 11, 22, 15, 0), True),
        ("3pm", datetime(2026, 11, 22, 15, 0), True),
        ("8am", datetime(2026, 11, 23, 8, 0), True),  # already past today: tomorrow's
        ("noon", datetime(2026, 11, 22, 12, 0), True),
        ("Nov 25 at 9:30", datetime(2026, 11, 25, 9, 30), True),
        ("25th November 2026", datetime(2026, 11, 25), False),
        ("Thursday 26 Nov, 10:00", datetime(2026, 11, 26, 10, 0), True),
        ("3 Jan", datetime(2027, 1, 3), False),
    ],
)
def test_interview_times_are_read_relative_to_now(
    text: str, start: datetime, has_time: bool
) -> None:
    parsed = parse_interview_time(text, NOW)
    assert parsed is not None, text
    assert (parsed.start, parsed.has_time) == (start, has_time)


@pytest.mark.parametrize(
    "text", ["soon", "next week", "after lunch maybe", "13pm", "25:00", "10", "2026-02-30"]
)
def test_unreadable_times_are_not_guessed(text: str) -> None:
    assert parse_interview_time(text, NOW) is None
    item = by_id(advise(withdraw(interview_at=text), NOW), "interview-time-unclear")
    assert text in item.message


def test_iso_time_with_an_offset_is_converted_to_the_clock_of_now() -> None:
    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    parsed = parse_interview_time("2026-11-22T14:00+02:00", now)
    assert parsed is not None and parsed.start == datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["tomorrow", "tomorrow 10am", "in 3 hours", "today 5pm"])
def test_an_interview_within_a_day_means_call_and_apologise(text: str) -> None:
    item = by_id(advise(withdraw(interview_at=text), NOW), "interview-soon")
    assert item.channel is Channel.PHONE
    assert "call" in item.message and "short notice" in item.message
    assert item.seed == "002_3a08936b91e9927f.txt"


def test_a_later_interview_means_tell_them_early_not_call() -> None:
    items = advise(withdraw(interview_at="Thursday 10am"), NOW)
    assert "interview-soon" not in ids(items)
    assert "Thu 26 Nov" in by_id(items, "interview-scheduled").message


def test_a_past_interview_time_is_flagged() -> None:
    items = advise(withdraw(interview_at="2026-11-20 10:00"), NOW)
    assert "interview-soon" not in ids(items)
    assert "2026-11-20 10:00" in by_id(items, "interview-past").message


def test_an_interview_tomorrow_gives_a_letter_that_apologises_for_short_notice() -> None:
    request = withdraw(interview_at="tomorrow 10am")
    assert "interview-soon" in ids(advise(request))
    assert "short notice" in compose(request).body


# --- the other rules ---------------------------------------------------------------------


def test_recruiter_is_told_first() -> None:
    assert "recruiter-first" in ids(advise(withdraw(via_recruiter=True), NOW))
    assert "recruiter-first" not in ids(advise(withdraw(), NOW))


@pytest.mark.parametrize(("rounds", "fires"), [(None, False), (1, False), (2, True), (4, True)])
def test_a_call_stands_out_after_several_rounds(rounds: int | None, fires: bool) -> None:
    items = advise(withdraw(rounds=rounds), NOW)
    assert ("call-after-rounds" in ids(items)) is fires
    if fires:
        assert str(rounds) in by_id(items, "call-after-rounds").message


def test_no_call_advice_for_a_letter_that_is_already_a_call() -> None:
    assert "call-after-rounds" not in ids(advise(withdraw(rounds=3, channel="phone"), NOW))


def test_one_round_in_do_not_rush() -> None:
    assert "dont-rush" in ids(advise(withdraw(rounds=1), NOW))


def test_match_the_channel_used_so_far() -> None:
    item = by_id(advise(withdraw(prior_channel="linkedin"), NOW), "match-channel")
    assert item.channel is Channel.LINKEDIN and "--channel linkedin" in item.message
    assert "match-channel" not in ids(advise(withdraw(prior_channel="email"), NOW))


@pytest.mark.parametrize(
    ("scenario", "stage", "rule", "suggested"),
    [
        ("withdraw", "offer", "scenario-offer", Scenario.DECLINE_OFFER),
        ("withdraw", "invited", "scenario-not-interviewed", Scenario.DECLINE),
        ("decline", "interviewed", "scenario-interviewed", Scenario.WITHDRAW),
    ],
)
def test_a_scenario_that_does_not_fit_the_stage_gets_a_better_one(
    scenario: str, stage: str, rule: str, suggested: Scenario
) -> None:
    request = LetterRequest(scenario=scenario, sender_name="A", company="B", stage=stage)
    assert by_id(advise(request, NOW), rule).scenario is suggested


@pytest.mark.parametrize(
    ("stage", "other_role", "suggested"),
    [
        (Stage.OFFER, None, Scenario.DECLINE_OFFER),
        (Stage.INTERVIEWED, None, Scenario.WITHDRAW),
        (Stage.INTERVIEWED, "Platform Engineer", Scenario.WITHDRAW_REDIRECT),
        (Stage.INVITED, None, Scenario.DECLINE),
    ],
)
def test_without_a_scenario_one_is_suggested_from_the_stage(
    stage: Stage, other_role: str | None, suggested: Scenario
) -> None:
    items = advise(AdviceRequest(stage=stage, other_role=other_role), NOW)
    item = by_id(items, "scenario-suggested")
    assert item.scenario is suggested and f"bowout write {suggested.value}" in item.message


def test_fitting_scenario_gets_no_scenario_advice() -> None:
    items = advise(withdraw(stage="interviewed", rounds=1), NOW)
    assert not [i for i in ids(items) if i.startswith("scenario-")]


def test_keep_in_touch_and_referral_after_withdrawing() -> None:
    items = advise(withdraw(), NOW)
    assert by_id(items, "keep-in-touch").scenario is Scenario.KEEP_IN_TOUCH
    assert "offer-referral" in ids(items)
    assert "offer-referral" not in ids(advise(withdraw(referral="Sam Ortiz"), NOW))
    keep = LetterRequest(scenario="keep-in-touch", sender_name="A", company="B")
    assert "keep-in-touch" not in ids(advise(keep, NOW))


def test_advice_is_deterministic() -> None:
    request = withdraw(
        interview_at="tomorrow 9am", rounds=3, via_recruiter=True, private_reason="the commute"
    )
    assert advise(request, NOW) == advise(request, NOW)
    assert ids(advise(request, NOW))[:3] == [
        "interview-soon",
        "negotiable-reason",
        "recruiter-first",
    ]


# --- every item is explainable and sourced -------------------------------------------------


def _cited_seeds() -> set[str]:
    seeds: set[str] = set()
    for meta in (ROOT / "templates").glob("*/meta.toml"):
        seeds.update(tomllib.loads(meta.read_text(encoding="utf-8"))["seeds"])
    return seeds


def test_every_rule_names_a_seed_the_templates_cite_and_says_why() -> None:
    rules = tomllib.loads((ROOT / "templates" / "_advice.toml").read_text())["rules"]
    assert {rule["seed"] for rule in rules.values()} <= _cited_seeds()
    busy = AdviceRequest(
        stage=Stage.INTERVIEWED,
        rounds=2,
        via_recruiter=True,
        prior_channel=Channel.PHONE,
        interview_at="tomorrow",
        private_reason="the commute",
    )
    items = advise(busy, NOW)
    assert len(items) >= 6
    for item in items:
        assert item.id in rules and item.seed == rules[item.id]["seed"]
        assert item.because and "\n" not in item.message


def test_rules_in_code_all_have_wording_in_the_data_file() -> None:
    text = (ROOT / "src" / "bowout" / "advise.py").read_text()
    rules = tomllib.loads((ROOT / "templates" / "_advice.toml").read_text())["rules"]
    used = {rule for rule in rules if f'"{rule}"' in text}
    assert used == set(rules)


# --- CLI ---------------------------------------------------------------------------------


def test_cli_advise_done_when_example() -> None:
    result = runner.invoke(
        app,
        ["advise", "--reason", "the salary band is below what I need", "--stage", "interviewed",
         "--rounds", "2"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "salary band" in result.stdout
    assert "bowout write ask-flexibility --flexibility pay" in result.stdout
    assert "source: How to: Withdrawing from an Interview (2022)" in result.stdout
    assert ".txt" not in result.output


def test_cli_advise_json_takes_the_write_flags() -> None:
    args = ["advise", "withdraw", "--sender", "Ana", "--company", "Acme", "--interview-at",
            "in 2 hours", "--recruiter", "--json"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [item["id"] for item in items][:2] == ["interview-soon", "recruiter-first"]
    # Documents are cited by title; their internal file names stay out of the output.
    assert all("seed" not in item and item["source"] for item in items)


def test_cli_advise_rejects_bad_values_in_one_line() -> None:
    result = runner.invoke(app, ["advise", "--rounds", "99"])
    assert result.exit_code != 0
    result = runner.invoke(app, ["advise", "--interview-at", "x" * 500])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "--interview-at" in result.stderr


def test_write_prints_advice_on_stderr_and_no_advice_hides_it() -> None:
    args = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--llm", "off",
            "--interview-at", "tomorrow 10am"]  # fmt: skip
    shown = runner.invoke(app, args)
    assert shown.exit_code == 0, shown.output
    advice_lines = [line for line in shown.stderr.splitlines() if "advice:" in line]
    assert any("call rather than email" in line for line in advice_lines)
    titles = [item.source for item in advise(AdviceRequest(scenario=Scenario.WITHDRAW,
              sender_name="Ana Lima", company="Acme", interview_at="tomorrow 10am"))]  # fmt: skip
    assert all(
        line.endswith(f"[{title}]") for line, title in zip(advice_lines, titles, strict=True)
    )
    assert ".txt" not in shown.output
    assert "advice" not in shown.stdout and "short notice" in shown.stdout
    hidden = runner.invoke(app, [*args, "--no-advice"])
    assert "advice:" not in hidden.stderr
    assert hidden.stdout == shown.stdout


def test_now_defaults_to_the_clock() -> None:
    soon = (datetime.now() + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    assert "interview-soon" in ids(advise(withdraw(interview_at=soon)))
