"""Closing out after an offer: flags give a batch's defaults, a folder gets email drafts, and
LinkedIn and phone letters are text. Run through the installed command, from outside the
repository, as a user would."""

from __future__ import annotations

import email
import email.policy
import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from bowout import LetterRequest, compose
from running import run

ROOT = Path(__file__).resolve().parents[1]


def bowout(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(cwd, *args, "--llm", "off") if args[0] == "batch" else run(cwd, *args)


def csv_rows(text: str) -> int:
    return len(text.strip().splitlines()) - 1


def recipe() -> tuple[list[str], str, list[str]]:
    """The README's "I accepted an offer" recipe: its commands, its CSV, its file names."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Recipe: I accepted an offer", 1)[1].split("\n## ", 1)[0]
    commands = re.search(r"```sh\n(.+?)\n```", section, re.DOTALL)
    table = re.search(r"```\n(company,.+?)\n```", section, re.DOTALL)
    assert commands and table
    names = re.findall(r"`(\d{4}-[a-z0-9-]+\.eml)`", section)
    assert len(names) == csv_rows(table.group(1))
    return commands.group(1).splitlines(), table.group(1) + "\n", names


def test_the_readme_recipe_writes_one_email_draft_per_application(tmp_path: Path) -> None:
    commands, csv_text, names = recipe()
    (tmp_path / "applications.csv").write_text(csv_text, encoding="utf-8")
    for line in commands:
        done = bowout(tmp_path, *shlex.split(line)[1:])
        assert done.returncode == 0, done.stderr
    drafts = tmp_path / "drafts"
    assert sorted(p.name for p in drafts.iterdir()) == names
    first = email.message_from_bytes((drafts / names[0]).read_bytes(), policy=email.policy.default)
    assert first["To"].addresses[0].addr_spec == "priya@acme.example"
    assert first["Subject"]
    body = first.get_content()
    expected = compose(
        LetterRequest(
            scenario="withdraw", because="accepted-offer", company="Acme", role="Data Engineer",
            recipient_name="Priya Shah", recipient_email="priya@acme.example",
            sender_name="Ana Lima", sender_phone="+1 555 0100", sender_email="ana@example.com",
        )
    )  # fmt: skip
    assert first["Subject"] == expected.subject
    assert body.replace("\r\n", "\n").strip() == expected.body.strip()
    assert "Ana Lima" in body and "+1 555 0100" in body


def test_to_company_and_role_columns_are_enough(tmp_path: Path) -> None:
    (tmp_path / "applications.csv").write_text(
        "to,company,role\nPriya Shah,Acme,Data Engineer\nSam Roe,Globex,Analyst\n",
        encoding="utf-8",
    )
    saved = bowout(tmp_path, "profile", "set", "--name", "Ana Lima")
    assert saved.returncode == 0, saved.stderr
    done = bowout(
        tmp_path, "batch", "applications.csv", "--scenario", "withdraw",
        "--because", "accepted-offer", "--out", "drafts/",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "drafts").iterdir())
    assert names == ["0001-withdraw-acme-priya-shah.eml", "0002-withdraw-globex-sam-roe.eml"]


def test_columns_win_over_flags_and_flags_fill_the_rest(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(
        "scenario,sender,company,to\n"
        ",Ana Lima,Acme,Priya Shah\n"
        "decline,Ana Lima,Globex,\n"
        ",Ana Lima,,\n",
        encoding="utf-8",
    )
    done = bowout(
        tmp_path, "batch", "in.csv", "--scenario", "withdraw", "--tone", "casual",
        "--company", "Initech", "--out", "out.jsonl",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr

    rows = [json.loads(line)["request"] for line in (tmp_path / "out.jsonl").open()]
    assert [r["scenario"] for r in rows] == ["withdraw", "decline", "withdraw"]
    assert [r["company"] for r in rows] == ["Acme", "Globex", "Initech"]
    assert {r["tone"] for r in rows} == {"casual"}


def test_a_default_sender_signs_only_rows_that_are_theirs(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text("sender,company\n,Acme\nBo Chen,Globex\n", encoding="utf-8")
    done = bowout(
        tmp_path, "batch", "in.csv", "--scenario", "withdraw", "--sender", "Ana Lima",
        "--phone", "+1 555 0100", "--out", "out.jsonl",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    ana, bo = text.splitlines()
    assert "Ana Lima" in ana and "+1 555 0100" in ana
    assert "Bo Chen" in bo and "+1 555 0100" not in bo  # never another person's number
    assert "1 row with no sender_name signed with your default name, Ana Lima" in done.stderr


CHANNELS_CSV = """\
company,to,to_email,channel
Acme,Priya Shah,priya@acme.example,email
Globex,Sam Roe,,linkedin
Initech,,,phone
"""


@pytest.mark.parametrize("fmt", [[], ["--format", "eml"]])
def test_linkedin_and_phone_rows_are_text_among_email_drafts(
    tmp_path: Path, fmt: list[str]
) -> None:
    (tmp_path / "in.csv").write_text(CHANNELS_CSV, encoding="utf-8")
    args = ["batch", "in.csv", "--scenario", "withdraw", "--sender", "Ana Lima", "--out", "d"]
    done = bowout(tmp_path, *args, *fmt)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [
        "0001-withdraw-acme-priya-shah.eml",
        "0002-withdraw-globex-sam-roe.linkedin.txt",
        "0003-withdraw-initech.phone.txt",
    ]
    phone = (tmp_path / "d" / "0003-withdraw-initech.phone.txt").read_text(encoding="utf-8")
    assert not phone.startswith(("Subject:", "From:", "To:"))  # text, not a mail draft
    summary = done.stderr.strip().splitlines()[-1]
    assert "1 linkedin and 1 phone written as .txt (an .eml draft is for email letters)" in summary
    assert "1 phone letter with no callback number in the voicemail (add a phone column or " \
        "--phone)" in summary  # fmt: skip

    # Resuming the same run knows the text letters are done; a txt run does not take them.
    again = bowout(tmp_path, *args, *fmt, "--resume")
    assert again.returncode == 0 and "3 already done" in again.stderr
    text_run = bowout(tmp_path, *args, "--format", "txt")
    assert text_run.returncode == 0, text_run.stderr
    assert len(list((tmp_path / "d").glob("*.txt"))) == 5


def test_a_voicemail_with_a_callback_number_gets_no_warning(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text("company,channel,phone\nAcme,phone,+1 555 0100\n")
    done = bowout(tmp_path, "batch", "in.csv", "--scenario", "withdraw", "--sender", "Ana Lima",
                  "--out", "d")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "callback" not in done.stderr


def test_write_refuses_an_email_draft_of_a_phone_letter(tmp_path: Path) -> None:
    args = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--no-input"]
    done = bowout(tmp_path, *args, "--channel", "linkedin", "--format", "eml")
    assert done.returncode == 2 and done.stdout == ""
    assert "eml is for email letters; a linkedin letter is text" in done.stderr


def test_write_warns_of_a_voicemail_without_a_callback_number(tmp_path: Path) -> None:
    args = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--no-input"]
    bare = bowout(tmp_path, *args, "--channel", "phone", "--no-advice")
    assert bare.returncode == 0, bare.stderr
    assert "Voicemail" in bare.stdout
    assert "warning: the voicemail script gives no number to call you back on; add your " \
        "sender_phone (--phone or BOWOUT_PHONE)" in bare.stderr  # fmt: skip
    with_phone = bowout(tmp_path, *args, "--channel", "phone", "--phone", "+1 555 0100")
    assert with_phone.returncode == 0 and "call you back" not in with_phone.stderr
    assert "+1 555 0100" in with_phone.stdout
