"""LetterRequest validation: bad input gets a clear message; odd but valid input survives intact."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bowout.errors import describe_validation_error
from bowout.models import LetterRequest


def make(**fields: object) -> LetterRequest:
    base: dict[str, object] = {"scenario": "withdraw", "sender_name": "Ana Lima", "company": "Acme"}
    base.update(fields)
    return LetterRequest.model_validate(base)


def message_for(**fields: object) -> str:
    with pytest.raises(ValidationError) as info:
        make(**fields)
    return describe_validation_error(info.value)


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_blank_sender_is_refused(name: str) -> None:
    assert message_for(sender_name=name) == "sender_name must not be empty"


def test_newline_in_a_name_is_refused() -> None:
    assert "single line" in message_for(recipient_name="Dana\nLee")


def test_control_characters_are_refused() -> None:
    assert "control characters" in message_for(topic="the \x07 migration")


def test_long_topic_is_refused_not_truncated() -> None:
    message = message_for(topic="x" * 10_000)
    assert message == "topic is too long (10000 characters; at most 200)"


def test_unknown_field_is_refused() -> None:
    assert message_for(salary="low") == "salary is not a known field"


@pytest.mark.parametrize("scenario", ["withdrawl", "WITHDRAW", ""])
def test_unknown_scenario_lists_the_choices(scenario: str) -> None:
    message = message_for(scenario=scenario)
    assert message.startswith("scenario must be one of")
    assert "'withdraw'" in message


def test_unknown_channel() -> None:
    assert message_for(channel="fax").startswith("channel must be one of")


@pytest.mark.parametrize(
    "name", ["Zoë Ó Súilleabháin", "李小龙", "José Ñúñez", "Liam O'Connor", "Anne-Marie d'Arc"]
)
def test_unicode_and_apostrophes_are_kept_exactly(name: str) -> None:
    request = make(sender_name=name, interviewers=[name])
    assert request.sender_name == name
    assert request.interviewers == [name]


def test_whitespace_is_folded() -> None:
    request = make(sender_name="  Ana   Lima ", company="Acme\u00a0 Corp")
    assert request.sender_name == "Ana Lima"
    assert request.company == "Acme Corp"


@pytest.mark.parametrize("hidden", ["\u200b", "\u202e", "\U000e0041", "\ufeff", "x\ufe0f"])
def test_a_field_with_invisible_characters_is_refused(hidden: str) -> None:
    with pytest.raises(ValidationError, match="invisible characters"):
        make(company=f"Acme{hidden} Corp")


def test_interviewers_from_a_semicolon_list() -> None:
    assert make(interviewers="Dana; Sam ;; Lee").interviewers == ["Dana", "Sam", "Lee"]


def test_blank_optional_fields_become_absent() -> None:
    request = make(topic="  ", role="")
    assert request.topic is None
    assert request.role is None
    assert "topic" not in request.given_fields()


@pytest.mark.parametrize("value", ["not-an-email", "a@b", "two@@example.com"])
def test_bad_email(value: str) -> None:
    assert "is not an email address" in message_for(sender_email=value)


@pytest.mark.parametrize("value", ["call me", "12"])
def test_bad_phone(value: str) -> None:
    assert "is not a phone number" in message_for(sender_phone=value)


@pytest.mark.parametrize(
    "value", ["+1 (555) 010-0199", "020 7946 0958", "+44 20 7946 0958 ext. 12"]
)
def test_good_phone(value: str) -> None:
    assert make(sender_phone=value).sender_phone == value


def test_template_syntax_in_values_is_plain_data() -> None:
    assert make(topic="{{ 7*7 }}").topic == "{{ 7*7 }}"


def test_a_letter_reads_back_from_its_own_json() -> None:
    from bowout import compose
    from bowout.models import Letter

    letter = compose(make(interviewers=["Dana Lee"], topic="the billing migration"))
    again = Letter.model_validate_json(letter.model_dump_json())
    assert again == letter
    assert again.report is not None and again.report.ok


def test_a_report_still_refuses_unknown_fields() -> None:
    from bowout.models import Report

    with pytest.raises(ValidationError):
        Report.model_validate({"findings": [], "words": 3, "ok": True, "score": 1})


def test_the_private_reason_is_left_out_of_every_dump_by_the_model() -> None:
    import json as _json

    from bowout.models import LetterRequest as Request

    request = Request(
        scenario="withdraw", sender_name="Ana Lima", private_reason="the pay is too low"
    )
    assert request.private_reason == "the pay is too low"  # kept for the checks
    assert "private_reason" not in request.model_dump()
    assert "pay is too low" not in request.model_dump_json()
    assert "pay is too low" not in _json.dumps(request.model_dump(mode="json"))
    assert "private_reason" not in Request.fields_for_model()
    assert not {"sender_phone", "sender_email"} & set(Request.fields_for_model())
