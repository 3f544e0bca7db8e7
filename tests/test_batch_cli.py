"""`bowout batch` through the CLI: invalid rows, folders of .eml files, refusals, errors."""

from __future__ import annotations

import email
import email.policy
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.cli import app
from bowout.compose import compose
from bowout.models import LetterRequest

runner = CliRunner()

CSV = """\
scenario,sender_name,sender_email,company,interviewers,recipient_name,recipient_email
withdraw,Ana Lima,ana@example.com,Acme,Dana Lee;Sam Roe,Priya Shah,priya@acme.example
withdraw,,ana@example.com,Acme,,,
withdraw,Bo Chen,,Globex Ltd.,,,
scenario-x,Bo Chen,,Globex,,,
withdraw,Cy Diaz,,Café Nuño,Lee,,
"""


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["batch", *args, "--llm", "off"])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_invalid_rows_are_reported_and_the_rest_written(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "letters.jsonl"
    code, stdout, stderr = run(str(source), "--out", str(out))
    assert code == 1  # not everything could be written
    assert stdout == ""
    lines = stderr.strip().splitlines()
    # What to do is in the message: a column or the flag gives the missing field.
    assert lines[0] == (
        "bowout: row 2 (line 3): sender_name (a column, or --sender or BOWOUT_NAME for every "
        "row) is required"
    )
    assert lines[1].startswith("bowout: row 4 (line 5): scenario")
    assert lines[-1] == (
        f"bowout: {out}: 3 written (0 from the model, 0 fell back to the template), 2 invalid"
    )
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["row"] for r in records] == [1, 3, 5]
    assert "Dana Lee and Sam Roe" in records[0]["letter"]["body"]
    assert records[2]["request"]["company"] == "Café Nuño"


def test_a_clean_batch_exits_zero_and_quiet_prints_nothing(tmp_path: Path) -> None:
    source = tmp_path / "ok.jsonl"
    source.write_text(
        json.dumps({"scenario": "withdraw", "sender_name": "Ana", "company": "Acme"}) + "\n",
        encoding="utf-8",
    )
    code, stdout, stderr = run(str(source), "--out", str(tmp_path / "out.jsonl"), "--quiet")
    assert (code, stdout, stderr) == (0, "", "")


def test_a_folder_of_eml_drafts(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    code, _, _ = run(str(source), "--out", str(folder), "--format", "eml")
    assert code == 1
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "0001-withdraw-acme-priya-shah.eml",
        "0003-withdraw-globex-ltd.eml",
        "0005-withdraw-cafe-nuno.eml",
    ]
    raw = (folder / "0001-withdraw-acme-priya-shah.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["From"] == "Ana Lima <ana@example.com>"
    assert message["To"] == "Priya Shah <priya@acme.example>"
    assert message["X-Unsent"] == "1"
    assert "Acme" in message["Subject"]
    body = message.get_content().replace("\r\n", "\n")
    expected = compose(
        LetterRequest.model_validate(
            {
                "scenario": "withdraw",
                "sender_name": "Ana Lima",
                "sender_email": "ana@example.com",
                "company": "Acme",
                "interviewers": "Dana Lee;Sam Roe",
                "recipient_name": "Priya Shah",
                "recipient_email": "priya@acme.example",
            }
        )
    )
    assert body == expected.body + "\n"
    assert message["Subject"] == expected.subject
    assert "Dana Lee and Sam Roe" in body
    # Non-ASCII text survives the trip through MIME encoding.
    cafe = email.message_from_bytes(
        (folder / "0005-withdraw-cafe-nuno.eml").read_bytes(), policy=email.policy.default
    )
    assert "Café Nuño" in cafe.get_content()


def test_a_folder_of_text_files_with_format_txt(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    run(str(source), "--out", str(folder), "--format", "txt")
    text = (folder / "0003-withdraw-globex-ltd.txt").read_text(encoding="utf-8")
    assert text.startswith("Subject: ") and "Bo Chen" in text


def test_never_overwrites_without_force(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    code, _, stderr = run(str(source), "--out", str(out))
    assert code == 1
    assert stderr.strip().splitlines() == [
        f"bowout: error: {out} already exists; pass --resume to finish it or --force to start over"
    ]
    assert out.read_text(encoding="utf-8") == "keep me\n"

    code, _, _ = run(str(source), "--out", str(out), "--force")
    assert code == 1  # the two invalid rows
    assert [json.loads(line)["row"] for line in out.read_text().splitlines()] == [1, 3, 5]


def test_a_folder_of_earlier_letters_is_not_overwritten(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    run(str(source), "--out", str(folder), "--format", "eml")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, _, stderr = run(str(source), "--out", str(folder), "--format", "eml")
    assert code == 1 and "already exists; pass --resume" in stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    # --resume finds every valid row done and writes nothing new.
    code, _, stderr = run(str(source), "--out", str(folder), "--format", "eml", "--resume")
    assert "0 written" in stderr and "3 already done" in stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    # --force starts over: letters from the earlier run are replaced, other files kept.
    (folder / "0009-withdraw-gone.eml").write_text("stale", encoding="utf-8")
    (folder / "notes.md").write_text("mine", encoding="utf-8")
    run(str(source), "--out", str(folder), "--format", "eml", "--force")
    assert sorted(p.name for p in folder.iterdir()) == [*sorted(before), "notes.md"]


def test_resume_and_force_exclude_each_other(source: Path, tmp_path: Path) -> None:
    code, _, stderr = run(str(source), "--out", str(tmp_path / "o.jsonl"), "--resume", "--force")
    assert code == 2
    assert stderr.strip() == "bowout: error: --resume and --force exclude each other; choose one"


@pytest.mark.parametrize(
    ("name", "content", "out", "message"),
    [
        ("missing.csv", None, "o.jsonl", "missing.csv not found"),
        ("people.xlsx", "x", "o.jsonl", "expected a .csv or .jsonl file, not .xlsx"),
        ("empty.csv", "", "o.jsonl", "is empty"),
        ("blank.jsonl", "\n", "o.jsonl", "has no rows"),
        ("cols.csv", "scenario,name\nwithdraw,Ana\n", "o.jsonl", "unknown column 'name'"),
        ("ok.csv", "scenario,sender_name,company\nwithdraw,A,B\n", "o.eml", "give a .jsonl file"),
    ],
)
def test_unusable_input_or_output_is_one_line(
    tmp_path: Path, name: str, content: str | None, out: str, message: str
) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_text(content, encoding="utf-8")
    code, stdout, stderr = run(str(source), "--out", str(tmp_path / out))
    assert code == 1, stderr
    assert stdout == ""
    [line] = stderr.strip().splitlines()
    assert line.startswith("bowout: error: ") and message in line
    assert not (tmp_path / out).exists()


def test_output_cannot_be_the_input(tmp_path: Path) -> None:
    source = tmp_path / "rows.jsonl"
    content = '{"scenario": "withdraw", "sender_name": "A", "company": "B"}\n'
    source.write_text(content, encoding="utf-8")
    code, _, stderr = run(str(source), "--out", str(source), "--force")
    assert code == 1 and "is the input file" in stderr
    assert source.read_text(encoding="utf-8") == content


def run_on_terminal(*args: str) -> str:
    """Run `bowout batch` with stderr on a pseudo-terminal; return what the terminal got."""
    controller, terminal = pty.openpty()
    command = [sys.executable, "-m", "bowout", "batch", *args, "--llm", "off"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    received = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the process has exited
            break
        if not chunk:
            break
        received += chunk
    process.wait(timeout=60)
    os.close(controller)
    return received.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only_without_quiet(tmp_path: Path) -> None:
    source = tmp_path / "rows.jsonl"
    row = '{"scenario": "withdraw", "sender_name": "A", "company": "B"}\n'
    source.write_text(row * 40 + "{oops\n", encoding="utf-8")
    shown = run_on_terminal(str(source), "--out", str(tmp_path / "a.jsonl"))
    assert "41/41" in shown  # the bar's count, rows done out of rows in the file
    assert "bowout: row 41: is not valid JSON" in shown
    assert "40 written" in shown

    quiet = run_on_terminal(str(source), "--out", str(tmp_path / "b.jsonl"), "--quiet")
    assert "/41" not in quiet and "written" not in quiet
    assert "bowout: row 41: is not valid JSON" in quiet


def test_eml_letters_need_a_folder_not_a_jsonl_name(source: Path, tmp_path: Path) -> None:
    code, _, stderr = run(str(source), "--out", str(tmp_path / "o.jsonl"), "--format", "eml")
    assert code == 1 and ".eml letters go in a folder" in stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_text_and_eml_letters_can_share_a_folder(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    run(str(source), "--out", str(folder), "--format", "txt")
    code, _, stderr = run(str(source), "--out", str(folder), "--format", "eml")
    assert code == 1 and "already exists" not in stderr  # 1: the two invalid rows
    suffixes = sorted(p.suffix for p in folder.iterdir())
    assert suffixes == [".eml"] * 3 + [".txt"] * 3


def test_the_saved_profile_signs_rows_that_leave_the_sender_out(tmp_path: Path) -> None:
    saved = runner.invoke(app, ["profile", "set", "--name", "Ana Lima", "--phone", "+1 555 0100"])
    assert saved.exit_code == 0, saved.output
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "scenario,company,sender_name\nwithdraw,Acme,\ndecline,Globex,Bo Chen\n", encoding="utf-8"
    )
    out = tmp_path / "letters.jsonl"
    code, _, err = run(str(rows), "--out", str(out), "--quiet")
    assert code == 0, err
    bodies = [json.loads(line)["letter"]["body"] for line in out.read_text().splitlines()]
    assert bodies[0].endswith("Ana Lima\n+1 555 0100")
    # A row's own value wins over the profile.
    assert "Bo Chen" in bodies[1] and "Ana Lima" not in bodies[1]


def test_profile_contact_details_sign_only_the_profiles_own_rows(tmp_path: Path) -> None:
    """A coach's batch: the profile's phone and email go only on rows signed by the coach
    (same name, or no name, which is signed as the coach and counted)."""
    from bowout.profile import Profile, save_profile

    save_profile(
        Profile(sender_name="Jonas Weber", sender_phone="+49 151 0000000", sender_email="j@x.de")
    )
    source = tmp_path / "clients.csv"
    source.write_text(
        "scenario,sender_name,sender_phone,company,channel\n"
        "withdraw,Ana Lima,,Acme,email\n"
        "withdraw,Bo Chen,+1 555 0199,Globex,phone\n"
        "withdraw,jonas  weber,,Initech,email\n"
        "withdraw,,,Umbrella,email\n",
        encoding="utf-8",
    )
    out = tmp_path / "letters.jsonl"
    code, _, stderr = run(str(source), "--out", str(out))
    assert code == 0, stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ana, bo, jonas, unnamed = (r["request"] for r in records)
    bodies = [r["letter"]["body"] for r in records]
    assert ana["sender_phone"] is None and ana["sender_email"] is None
    assert "+49" not in bodies[0] and "j@x.de" not in bodies[0]
    assert bo["sender_phone"] == "+1 555 0199" and "+49" not in bodies[1]  # the voicemail too
    assert jonas["sender_phone"] == "+49 151 0000000"
    assert unnamed["sender_name"] == "Jonas Weber" and unnamed["sender_email"] == "j@x.de"
    assert "1 row with no sender_name signed with your default name, Jonas Weber" in stderr


def test_failing_letters_are_counted_and_named_and_exit_3(tmp_path: Path) -> None:
    source = tmp_path / "rows.csv"
    source.write_text(
        "scenario,sender_name,company,topic\n"
        "withdraw,Ana Lima,Acme,the billing migration\n"
        "withdraw,Bo Chen,Globex,your lousy pay and the toxic culture\n",
        encoding="utf-8",
    )
    out = tmp_path / "letters.jsonl"
    code, _, stderr = run(str(source), "--out", str(out))
    assert code == 3, stderr
    lines = stderr.strip().splitlines()
    assert lines[0].startswith("bowout: row 2: the letter fails its negative-reason check")
    assert "topic (--topic)" in lines[0]
    assert "2 written (0 from the model, 0 fell back to the template), 1 failing" in lines[-1]
    # Invalid rows weigh more: exit 1.
    source.write_text(source.read_text() + "withdraw,,Initech,\n", encoding="utf-8")
    code, _, stderr = run(str(source), "--out", str(out), "--force")
    assert code == 1, stderr
