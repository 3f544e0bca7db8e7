"""`bowout write` as a person uses it: prompts on a terminal, plain text in pipes, a panel on a
terminal, and the hand-offs (clipboard, .eml, the mail application)."""

from __future__ import annotations

import email
import email.policy
import os
import pty
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from bowout import LetterRequest, compose
from bowout.cli import app, present
from bowout.profile import load_profile, profile_path
from running import on_a_terminal

runner = CliRunner()
PLAIN = ["--llm", "off", "--no-advice"]
# withdraw asks for these, in this order, after the required sender_name and company.
WITHDRAW_OPTIONAL = 9


def letter_for(**fields: object) -> str:
    request = LetterRequest.model_validate({"scenario": "withdraw", **fields})
    return compose(request).as_text()


def answers(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


# --- prompts -----------------------------------------------------------------------------


def test_prompts_ask_for_required_and_offer_optional_fields() -> None:
    given = answers(
        "Ana Lima", "Acme",  # required
        "", "", "Dana Lee; Sam Ortiz", "the billing migration",  # to, role, interviewers, topic
        *[""] * (WITHDRAW_OPTIONAL - 4),  # skip the rest
        "n",  # do not save a profile
    )  # fmt: skip
    result = runner.invoke(app, ["write", "withdraw", "--input", *PLAIN], input=given)
    assert result.exit_code == 0, result.output
    assert "Your name, for the signature" in result.stderr
    assert "(Enter to skip)" in result.stderr
    expected = letter_for(
        sender_name="Ana Lima",
        company="Acme",
        interviewers=["Dana Lee", "Sam Ortiz"],
        topic="the billing migration",
    )
    # CliRunner echoes typed answers to stdout, as a terminal would show them; the letter
    # follows, exactly as the flags would have produced it.
    assert result.stdout.endswith(expected)
    assert not profile_path().exists()


def test_the_scenario_is_asked_for_by_number_or_name() -> None:
    skip_all = [""] * WITHDRAW_OPTIONAL
    given = answers("9", "nonsense", "3", "Ana Lima", "Acme", *skip_all, "n")
    result = runner.invoke(app, ["write", "--input", *PLAIN], input=given)
    assert result.exit_code == 0, result.output
    assert "1. decline " in result.stderr and "Decline an interview" in result.stderr
    assert result.stderr.count("type a number") == 2
    assert result.stdout.endswith(letter_for(sender_name="Ana Lima", company="Acme"))


def test_an_invalid_answer_is_explained_and_asked_again() -> None:
    optional = ["", "", "", "", "", "", "", "call me maybe", "+1 555 0100", ""]
    given = answers("Ana Lima", "Acme", *optional, "n")
    result = runner.invoke(app, ["write", "withdraw", "--input", *PLAIN], input=given)
    assert result.exit_code == 0, result.output
    assert "'call me maybe' is not a phone number" in result.stderr
    assert result.stdout.endswith(
        letter_for(sender_name="Ana Lima", company="Acme", sender_phone="+1 555 0100")
    )


def test_flags_and_profile_are_not_asked_again() -> None:
    from bowout.profile import Profile, save_profile

    save_profile(Profile(sender_name="Ana Lima", sender_phone="+1 555 0100"))
    skip = [""] * (WITHDRAW_OPTIONAL - 2)  # phone comes from the profile, role from a flag
    args = ["write", "withdraw", "--input", "--role", "Data Engineer", *PLAIN]
    result = runner.invoke(app, args, input=answers("Acme", *skip))
    assert result.exit_code == 0, result.output
    assert "Your name" not in result.stderr and "The role" not in result.stderr
    assert "Your phone" not in result.stderr
    assert "Save your name" not in result.stderr  # a profile exists already
    assert result.stdout.endswith(
        letter_for(
            sender_name="Ana Lima", sender_phone="+1 555 0100", company="Acme", role="Data Engineer"
        )
    )


def test_answers_can_be_saved_as_the_profile() -> None:
    given = answers("Ana Lima", "Acme", *[""] * 7, "+1 555 0100", "", "y")
    result = runner.invoke(app, ["write", "withdraw", "--input", *PLAIN], input=given)
    assert result.exit_code == 0, result.output
    saved = load_profile()
    assert (saved.sender_name, saved.sender_phone) == ("Ana Lima", "+1 555 0100")


def test_no_input_fails_with_the_usual_one_line_error() -> None:
    result = runner.invoke(app, ["write", "withdraw", "--company", "Acme", "--no-input", *PLAIN])
    assert result.exit_code == 1
    assert result.stderr == "bowout: error: sender_name (--sender or BOWOUT_NAME) is required\n"
    assert result.stdout == ""


def test_without_a_terminal_nothing_is_asked() -> None:
    # CliRunner's stdin is not a terminal, so the default is not to prompt.
    result = runner.invoke(app, ["write", "withdraw", "--company", "Acme", *PLAIN], input="Ana\n")
    assert result.exit_code == 1 and "Your name" not in result.output
    missing = runner.invoke(app, ["write", *PLAIN])
    assert missing.exit_code == 2 and "SCENARIO" in missing.stderr


def test_terminal_detection_reads_the_real_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    leader, follower = pty.openpty()
    try:
        with open(follower, closefd=False) as tty_in, open(os.devnull) as not_tty:
            monkeypatch.setattr(sys, "stdin", tty_in)
            assert present.stdin_is_terminal() is True
            monkeypatch.setattr(sys, "stdin", not_tty)
            assert present.stdin_is_terminal() is False
    finally:
        os.close(leader)
        os.close(follower)


# --- plain and panel output --------------------------------------------------------------

FLAGS = ["withdraw", "--sender", "Ana Lima", "--company", "Acme", "--interviewer", "Dana Lee"]


def _bowout(*args: str, **kw: object) -> list[str]:
    return [sys.executable, "-m", "bowout", *args]


def test_piped_output_is_exactly_the_letter(tmp_path: Path) -> None:
    env = {**os.environ, "BOWOUT_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run(
        _bowout("write", *FLAGS, "--llm", "off"), capture_output=True, env=env, check=True
    )
    expected = letter_for(sender_name="Ana Lima", company="Acme", interviewers=["Dana Lee"])
    assert done.stdout == expected.encode()
    assert b"advice:" in done.stderr


def _run_on_a_terminal(args: list[str], tmp_path: Path) -> str:
    """Run with stdout on a pseudo-terminal and return what it showed."""
    env = {**os.environ, "BOWOUT_CONFIG_DIR": str(tmp_path), "COLUMNS": "100"}
    code, shown, errors = on_a_terminal(args, env, stream="stdout")
    assert code == 0, errors
    return shown


def test_a_terminal_gets_a_panel_with_subject_source_checks_and_advice(tmp_path: Path) -> None:
    shown = _run_on_a_terminal(
        _bowout("write", *FLAGS, "--llm", "off", "--interview-at", "tomorrow"), tmp_path
    )
    lines = shown.splitlines()
    # The subject is the title on the top rule; source and checks are on the bottom rule.
    assert any(line.lstrip().startswith("─ Withdrawing my application") for line in lines)
    assert any("─ template · checks passed" in line for line in lines)
    assert "call rather than email" in shown
    assert '(Tell a company "no" and still get the kind of job you want there)' in shown
    assert "Dana Lee" in shown


def test_plain_on_a_terminal_is_the_letter_alone(tmp_path: Path) -> None:
    shown = _run_on_a_terminal(_bowout("write", *FLAGS, "--llm", "off", "--plain"), tmp_path)
    assert "─" not in shown
    expected = letter_for(sender_name="Ana Lima", company="Acme", interviewers=["Dana Lee"])
    assert shown.replace("\r\n", "\n") == expected


def test_panel_can_be_asked_for_and_keeps_brackets_literal() -> None:
    args = ["write", *FLAGS, "--topic", "[bold]the API[/bold]", "--llm", "off", "--panel"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "─ Withdrawing my application" in result.stdout
    assert "[bold]the API[/bold]" in result.stdout
    assert "keep-in-touch" in result.stdout  # advice is in the panel, not on stderr
    assert "advice:" not in result.stderr


def test_rich_is_not_imported_for_plain_output(tmp_path: Path) -> None:
    probe = (
        "import sys, runpy; sys.argv = ['bowout', 'write', 'withdraw', '--sender', 'A',"
        " '--company', 'B', '--llm', 'off']\n"
        "try:\n    runpy.run_module('bowout', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print('RICH' if any(m.startswith(('rich', 'pyperclip')) for m in sys.modules) else 'NONE',"
        " file=sys.stderr)"
    )
    env = {**os.environ, "BOWOUT_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert done.stderr.strip().endswith("NONE"), done.stderr


# --- hand-off ----------------------------------------------------------------------------


# The clipboard, with and without one, is tested for real in test_cli_frictions.py.


def test_eml_parses_back_as_a_draft(tmp_path: Path) -> None:
    out = tmp_path / "letter.eml"
    args = ["write", *FLAGS, *PLAIN, "--format", "eml", "--email", "ana@example.com",
            "--to", "Dana Lee", "--to-email", "dana@acme.example", "--out", str(out)]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    letter = compose(
        LetterRequest(
            scenario="withdraw", sender_name="Ana Lima", company="Acme", interviewers=["Dana Lee"],
            sender_email="ana@example.com", recipient_name="Dana Lee",
            recipient_email="dana@acme.example",
        )
    )  # fmt: skip
    assert message["Subject"] == letter.subject
    assert message["To"].addresses[0].addr_spec == "dana@acme.example"
    assert message["From"].addresses[0].display_name == "Ana Lima"
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",))
    assert body is not None
    # The draft is written with SMTP line endings (CRLF).
    assert body.get_content().replace("\r\n", "\n").strip() == letter.body.strip()


@pytest.fixture
def fake_opener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real `xdg-open` on PATH that records what it was asked to open."""
    if sys.platform != "linux":
        pytest.skip("the system opener is xdg-open on Linux only")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "opened.txt"
    script = bin_dir / "xdg-open"
    script.write_text(
        f'#!/bin/sh\nprintf "%s" "$1" > "{record}.tmp" && mv "{record}.tmp" "{record}"\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return record


def _wait_for(path: Path) -> str:
    deadline = time.monotonic() + 10
    while not path.exists():
        assert time.monotonic() < deadline, "the opener was not run"
        time.sleep(0.05)
    return path.read_text()


def test_open_hands_a_mailto_link_to_the_default_handler(fake_opener: Path) -> None:
    args = ["write", *FLAGS, *PLAIN, "--to-email", "dana@acme.example", "--open"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    link = urlsplit(_wait_for(fake_opener))
    assert link.scheme == "mailto" and link.path == "dana@acme.example"
    query = parse_qs(link.query)
    assert query["subject"][0].startswith("Withdrawing my application")
    assert "Dana Lee" in query["body"][0]
    assert "opened a mailto: link" in result.stderr


def test_open_with_eml_hands_over_the_draft_file(fake_opener: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft.eml"
    args = ["write", *FLAGS, *PLAIN, "--format", "eml", "--out", str(out), "--open"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert _wait_for(fake_opener) == str(out.resolve())
    # Without --out the draft goes to a temporary .eml file.
    fake_opener.unlink()
    result = runner.invoke(app, ["write", *FLAGS, *PLAIN, "--format", "eml", "--open"])
    opened = Path(_wait_for(fake_opener))
    assert opened.suffix == ".eml" and opened.read_text() == result.stdout
    opened.unlink()


def test_open_without_a_handler_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no xdg-open, no open
    result = runner.invoke(app, ["write", *FLAGS, *PLAIN, "--open"])
    assert result.exit_code == 0
    assert "no default application to open a mailto: link" in result.stderr


def test_open_a_phone_script_explains_there_is_no_draft() -> None:
    result = runner.invoke(app, ["write", *FLAGS, *PLAIN, "--channel", "phone", "--open"])
    assert result.exit_code == 0 and "--open opens email drafts" in result.stderr


def test_after_prompts_and_a_panel_the_letter_is_offered_for_the_clipboard(
    clipboard: tuple[dict[str, str], Path],
) -> None:
    env, held = clipboard
    given = answers("Acme", *[""] * WITHDRAW_OPTIONAL, "y")  # no profile offer: --sender given
    args = ["write", "withdraw", "--sender", "Ana Lima", "--input", "--panel", *PLAIN]
    result = runner.invoke(app, args, input=given, env=env)
    assert result.exit_code == 0, result.output
    assert "Copy the letter to the clipboard?" in result.stderr
    assert held.read_text(encoding="utf-8") == letter_for(sender_name="Ana Lima", company="Acme")


def test_nothing_is_asked_when_the_flags_give_everything_required() -> None:
    args = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--input", *PLAIN]
    result = runner.invoke(app, args, input="")
    assert result.exit_code == 0, result.output
    assert result.stdout == letter_for(sender_name="Ana Lima", company="Acme")
    assert "Enter to skip" not in result.stderr
