"""`bowout check` on files and stdin, as text and JSON, with its exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.cli import app

runner = CliRunner()

GOOD = """Dear Dana,

Thank you for the time you and Priya gave me. After careful thought, I have decided to
withdraw from the process. I hope our paths cross again.

Kind regards,
Sam Lee
"""
BAD = GOOD.replace(
    "I hope our paths cross again.", "To be honest, the salary was below what I need."
)


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_a_good_draft_from_a_file_passes(draft: Path) -> None:
    result = runner.invoke(app, ["check", str(draft)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: no problems found (")


def test_a_bad_draft_shows_the_sentence_at_fault_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(BAD, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert "negative-reason" in result.output
    assert "(pay)" in result.output
    assert "> To be honest, the salary was below what I need." in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("not ready to send: 1 error")


@pytest.mark.parametrize("args", [["check", "-"], ["check"]])
def test_stdin_with_a_dash_or_piped(args: list[str]) -> None:
    result = runner.invoke(app, args, input=BAD)
    assert result.exit_code == 1, result.output
    assert "(pay)" in result.output


def test_json_output(draft: Path) -> None:
    good = runner.invoke(app, ["check", "--json", str(draft)])
    assert good.exit_code == 0, good.output
    assert json.loads(good.output) == {"ok": True, "words": 27, "findings": []}

    bad = runner.invoke(app, ["check", "--json", "-"], input=BAD)
    assert bad.exit_code == 1
    payload = json.loads(bad.output)
    assert payload["ok"] is False
    assert set(payload) == {"ok", "words", "findings"}
    finding = payload["findings"][0]
    assert set(finding) == {"check", "severity", "message", "excerpt", "advice", "confidence"}
    assert finding["advice"]
    assert finding["excerpt"] == "To be honest, the salary was below what I need."


def test_warnings_alone_exit_0() -> None:
    no_sign_off = "Dear Dana,\n\nThank you for your time. I have decided to withdraw.\n"
    result = runner.invoke(app, ["check", "-"], input=no_sign_off)
    assert result.exit_code == 0, result.output
    assert "warning" in result.output
    assert "ok to send, but consider the warnings: 1 warning" in result.output


def test_reason_name_and_channel_options() -> None:
    leaked = GOOD.replace("I hope", "The commute is long, and I hope")
    result = runner.invoke(app, ["check", "-", "--reason", "a ninety-minute commute"], input=leaked)
    assert result.exit_code == 1
    assert "private-reason" in result.output
    assert "ninety" not in result.output, "the private reason itself is never printed"

    assert runner.invoke(app, ["check", "-", "--name", "Priya"], input=GOOD).exit_code == 0
    other = runner.invoke(app, ["check", "-", "--name", "Marcus"], input=GOOD)
    assert other.exit_code == 1
    assert "'Priya'" in other.output

    # Between the LinkedIn error limit and the email warning limit (data/concise.toml).
    extra = " ".join(f"I enjoyed conversation number {i} with the team." for i in range(20))
    long_body = GOOD.replace("I hope", extra + " I hope")
    assert runner.invoke(app, ["check", "-"], input=long_body).exit_code == 0
    linkedin = runner.invoke(app, ["check", "-", "--channel", "linkedin"], input=long_body)
    assert linkedin.exit_code == 1
    assert "LinkedIn message" in linkedin.output


def test_unreadable_input_is_one_line_and_exit_1(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["check", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1
    assert (
        missing.output.strip()
        == f"bowout: error: {tmp_path / 'nope.txt'}: no such file; give the draft's file"
    )

    folder = runner.invoke(app, ["check", str(tmp_path)])
    assert folder.exit_code == 1
    assert "is a directory" in folder.output

    binary = tmp_path / "draft.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert runner.invoke(app, ["check", str(binary)]).exit_code == 1

    empty = runner.invoke(app, ["check", "-"], input="   \n")
    assert empty.exit_code == 1
    assert "empty" in empty.output
    assert "Traceback" not in missing.output + folder.output + empty.output


def test_usage_errors_exit_2(draft: Path) -> None:
    assert runner.invoke(app, ["check", "--channel", "fax", str(draft)]).exit_code == 2
    assert runner.invoke(app, ["check", "--nope", str(draft)]).exit_code == 2
    assert runner.invoke(app, ["check", str(draft), "extra"]).exit_code == 2


ASKING = GOOD.replace(
    "I hope our paths cross again.", "Would there be any flexibility on the base salary?"
)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], 1),  # the question in a letter of unknown kind gives a reason
        (["--scenario", "withdraw"], 1),
        (["--scenario", "ask-flexibility"], 0),  # any one point
        (["--scenario", "ask-flexibility", "--flexibility", "pay"], 0),
        (["--flexibility", "pay"], 0),  # the kind alone says it is an ask-flexibility letter
        (["--flexibility", "remote"], 1),  # asks about another point than the one named
    ],
)
def test_scenario_and_flexibility_tell_check_what_the_letter_is(args: list[str], code: int) -> None:
    result = runner.invoke(app, ["check", *args, "-"], input=ASKING)
    assert result.exit_code == code, result.output


def test_flexibility_with_another_scenario_is_a_usage_error() -> None:
    args = ["check", "--scenario", "withdraw", "--flexibility", "pay", "-"]
    result = runner.invoke(app, args, input=ASKING)
    assert result.exit_code == 2, result.output
    assert "--flexibility is only for --scenario ask-flexibility" in result.output
    assert "Traceback" not in result.output
