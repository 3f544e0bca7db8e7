"""What a new user trips over: options a scenario leaves out, a clipboard that is not
there, help that shows Python types."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.cli import app
from running import run

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
LETTER = ["write", "--sender", "Ana Lima", "--company", "Acme", "--no-input", "--no-advice"]
NO_DISPLAY = {"DISPLAY": "", "WAYLAND_DISPLAY": ""}


def write(scenario: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [*LETTER, scenario, "--plain", "--llm", "off", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_an_option_the_scenario_has_no_place_for_gets_one_line() -> None:
    code, out, err = write("decline", "--topic", "the billing migration", "--other-role", "SRE")
    assert code == 0, err
    assert "billing migration" not in out
    lines = err.splitlines()
    assert "bowout: --topic is not used by decline: left out" in lines
    assert "bowout: --other-role is not used by decline: left out" in lines


def test_options_the_scenario_uses_or_that_are_not_letter_details_get_no_note() -> None:
    code, out, err = write(
        "withdraw", "--topic", "the billing migration", "--tone", "warm", "--channel", "email",
        "--reason", "pay", "--stage", "interviewed", "--phone", "+1 555 0100",
    )  # fmt: skip
    assert code == 0, err
    assert "billing migration" in out
    assert "not used by" not in err


def test_reply_notes_unused_options_too() -> None:
    message = ROOT / "tests" / "data" / "messages" / "gmail-thread-withdraw.eml"
    result = runner.invoke(
        app,
        [
            "reply",
            str(message),
            "decline",
            "--no-input",
            "--sender",
            "Ana Lima",
            "--referral",
            "Sam Roe",
            "--llm",
            "off",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "bowout: --referral is not used by decline: left out" in result.stderr.splitlines()


def test_copy_without_a_clipboard_prints_the_letter_then_exits_1() -> None:
    code, out, err = write("decline", "--copy", env=NO_DISPLAY)
    assert code == 1
    assert out.startswith("Subject: ") and "Ana Lima" in out
    errors = [line for line in err.splitlines() if "error" in line]
    assert errors == [
        "bowout: error: no clipboard here, so the letter above was not copied: select it in "
        "the terminal, or install wl-clipboard, xclip or xsel (Linux)"
    ]


def test_no_clipboard_no_offer_to_copy() -> None:
    result = runner.invoke(
        app,
        [*LETTER, "decline", "--panel", "--input", "--llm", "off"],
        input="\n",
        env=NO_DISPLAY,
    )
    assert result.exit_code == 0, result.output
    assert "clipboard" not in result.stderr


def test_copy_puts_the_letter_on_a_clipboard_that_exists(
    clipboard: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, held = clipboard
    done = run(tmp_path, *LETTER, "decline", "--plain", "--llm", "off", "--copy", **env)
    assert done.returncode == 0, done.stderr
    assert "copied the letter to the clipboard" in done.stderr
    assert held.read_text(encoding="utf-8") == done.stdout


def test_with_a_clipboard_a_panel_offers_to_copy(clipboard: tuple[dict[str, str], Path]) -> None:
    env, held = clipboard
    result = runner.invoke(
        app, [*LETTER, "decline", "--panel", "--input", "--llm", "off"], input="y\n", env=env
    )
    assert result.exit_code == 0, result.output
    assert "Copy the letter to the clipboard?" in result.stderr
    assert held.read_text(encoding="utf-8").startswith("Subject: ")


COMMANDS = [
    ["write"], ["advise"], ["reply"], ["check"], ["batch"], ["scenarios"], ["eval"],
    ["profile", "set"], ["profile", "show"], ["profile", "clear"], ["profile", "path"],
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_python_types(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for python_type in ("list[", "Path", "NoneType"):
        assert python_type not in result.stdout, python_type
    # Click's type names ("<file>", "<int range>") where a plain metavar belongs.
    shown = re.findall(r"<(str|path|file|int|int range|float|float range|text)>", result.stdout)
    assert not shown, shown


def test_arguments_show_their_names_alone() -> None:
    check = runner.invoke(app, ["check", "--help"], terminal_width=200).stdout
    assert "  FILE|-  The draft to check" in check
    write_help = runner.invoke(app, ["write", "--help"], terminal_width=200).stdout
    assert "Usage: bowout write [OPTIONS] [SCENARIO]" in write_help
    assert "  SCENARIO  Which letter to write" in write_help


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--to-email", "not-an-address"], {}, "recipient_email (--to-email) 'not-an-address' is"),
        (["--phone", "call me"], {}, "sender_phone (--phone or BOWOUT_PHONE) 'call me' is not"),
        ([], {"BOWOUT_EMAIL": "nope"}, "BOWOUT_EMAIL 'nope' is not an email address"),
    ],
)
def test_validation_messages_are_bowouts_words(
    args: list[str], env: dict[str, str], expected: str
) -> None:
    code, out, err = write("decline", *args, env=env)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and expected in err
    assert "Value error" not in err and "Input should" not in err


def test_profile_set_names_problems_by_its_own_flags(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["profile", "set", "--email", "nope"], env={"BOWOUT_CONFIG_DIR": str(tmp_path)}
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("bowout: error: --email 'nope' is not an email address")
    assert "Value error" not in result.stderr
