"""`bowout write` and `bowout scenarios` through the CLI: output formats, files, exit codes."""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.cli import app
from bowout.models import Channel, Scenario, Tone

runner = CliRunner()
BASIC = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--llm", "off"]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_letter_on_stdout() -> None:
    code, out, _ = run(*BASIC, "--interviewer", "Dana Lee", "--topic", "the billing migration")
    assert code == 0, out
    assert out.startswith("Subject: ")
    assert "Dana Lee" in out and "the billing migration" in out
    assert out.rstrip().endswith("Ana Lima")


def test_json_is_the_letter() -> None:
    code, out, _ = run(*BASIC, "--format", "json", "--reason", "the pay was too low")
    assert code == 0
    data = json.loads(out)
    assert data["scenario"] == "withdraw" and data["source"] == "template"
    assert data["report"]["ok"] is True
    # The private reason is never part of the output.
    assert "pay" not in out.lower()


def test_markdown() -> None:
    code, out, _ = run(*BASIC, "--format", "markdown")
    assert code == 0
    assert out.startswith("**Subject:** ")


def test_eml_parses_back_as_a_draft() -> None:
    code, out, _ = run(
        *BASIC,
        "--format",
        "eml",
        "--email",
        "ana@example.com",
        "--to",
        "Zoë Ó Súilleabháin",
        "--to-email",
        "zoe@example.com",
    )
    assert code == 0
    message = email.message_from_string(out, policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert "zoe@example.com" in message["To"]
    assert message["To"].addresses[0].display_name == "Zoë Ó Súilleabháin"
    assert "ana@example.com" in message["From"]
    assert message["Subject"].startswith("Withdraw")
    body = message.get_content()
    assert "Dear Zoë Ó Súilleabháin," in body


def test_out_writes_a_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "letter.txt"
    code, out, err = run(*BASIC, "--out", str(target))
    assert code == 0 and out == ""
    first = target.read_text(encoding="utf-8")
    assert "Ana Lima" in first

    code, _, err = run(*BASIC, "--tone", "casual", "--out", str(target))
    assert code == 1
    expected = f"bowout: error: {target} already exists; pass --force to overwrite it"
    assert [line for line in err.splitlines() if "error" in line] == [expected]
    assert target.read_text(encoding="utf-8") == first

    code, _, _ = run(*BASIC, "--tone", "casual", "--out", str(target), "--force")
    assert code == 0
    assert target.read_text(encoding="utf-8") != first


def test_missing_required_field_is_one_line_exit_1() -> None:
    code, out, err = run("write", "withdraw", "--company", "Acme", "--llm", "off", "--no-input")
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "--sender" in lines[0]
    assert "Traceback" not in err


def test_bad_value_names_the_flag() -> None:
    code, _, err = run(*BASIC, "--topic", "x" * 10_000)
    assert code == 1
    assert "topic (--topic) is too long (10000 characters; at most 200)" in err
    assert len(err.strip().splitlines()) == 1


def test_newline_in_a_name() -> None:
    code, _, err = run(
        "write", "withdraw", "--sender", "Ana\nLima", "--company", "Acme", "--llm", "off"
    )
    assert code == 1
    assert "single line" in err


@pytest.mark.parametrize(
    "args", [["write", "withdrawl", "--sender", "A"], ["write", "withdraw", "--channel", "fax"]]
)
def test_unknown_choice_is_a_usage_error(args: list[str]) -> None:
    code, _, _ = run(*args)
    assert code == 2


def test_unused_optional_field_is_accepted_and_ignored() -> None:
    code, out, _ = run(
        "write",
        "decline",
        "--sender",
        "Ana Lima",
        "--company",
        "Acme",
        "--other-role",
        "SRE",
        "--llm",
        "off",
    )
    assert code == 0
    assert "SRE" not in out


def test_scenarios_lists_everything() -> None:
    code, out, _ = run("scenarios")
    assert code == 0
    for name in [*Scenario, *Channel, *Tone]:
        assert name.value in out
    assert out.count("required: sender_name") == len(Scenario)
    assert out.count("sources: ") == len(Scenario)
    assert "How to Drop Out from a Job Interview (2022)" in out
    assert ".txt" not in out


def test_python_dash_m_works() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bowout",
            "write",
            "decline",
            "--sender",
            "Ana Lima",
            "--company",
            "Acme",
            "--llm",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Ana Lima" in done.stdout


def test_a_failing_template_letter_is_never_silent() -> None:
    from typer.testing import CliRunner as Runner

    from bowout.cli import app as cli_app

    args = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--llm", "off"]
    args += ["--topic", "your lousy pay and the toxic culture", "--no-advice"]
    result = Runner().invoke(cli_app, args)
    assert result.exit_code == 0
    failing = [line for line in result.stderr.splitlines() if "fails its" in line]
    assert len(failing) == 1 and "negative-reason" in failing[0] and "--topic" in failing[0]
    strict = Runner().invoke(cli_app, [*args, "--strict"])
    assert strict.exit_code == 1 and strict.stdout == ""
    assert strict.stderr.strip().splitlines()[-1].startswith("bowout: error: the letter fails")
