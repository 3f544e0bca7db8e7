"""The field table: one row per request field, and every command, message, column and
listing reads from it."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from bowout.cli import app
from bowout.errors import field_flag
from bowout.fields import ADVICE_ONLY, LLM_FIELDS, REQUEST_FIELDS, FieldSpec, column_names
from bowout.models import LetterRequest
from bowout.profile import Profile
from bowout.settings import LLMSettings

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def command(*path: str) -> Any:
    """The Click command Typer builds for `bowout PATH...`."""
    found: Any = typer.main.get_command(app)
    for name in path:
        found = found.commands[name]
    return found


def options_of(cmd: Any) -> list[Any]:
    return [p for p in cmd.params if p.param_type_name == "option"]


def flags_of(cmd: Any) -> dict[str, str]:
    """Parameter name -> its first flag."""
    return {p.name: p.opts[0] for p in options_of(cmd)}


def test_every_request_field_has_exactly_one_row() -> None:
    names = [spec.name for spec in REQUEST_FIELDS]
    assert len(names) == len(set(names))
    assert set(names) == set(LetterRequest.model_fields)


def test_llm_rows_and_profile_keys_are_real_settings() -> None:
    assert {spec.name for spec in LLM_FIELDS} <= set(LLMSettings.model_fields)
    saved = {spec.name for spec in (*REQUEST_FIELDS, *LLM_FIELDS) if spec.profile_flag}
    assert saved <= set(Profile.model_fields)


def test_no_column_name_means_two_fields_and_no_flag_is_used_twice() -> None:
    seen: dict[str, str] = {}
    for spec in REQUEST_FIELDS:
        for column in spec.columns:
            assert seen.setdefault(column, spec.name) == spec.name, column
    flags = [spec.flag for spec in (*REQUEST_FIELDS, *LLM_FIELDS)]
    assert len(flags) == len(set(flags))
    assert column_names()["to"] == "recipient_name"
    assert column_names()["reason"] == "private_reason"
    assert column_names()["interviewer"] == column_names()["interviewers"] == "interviewers"


@pytest.mark.parametrize(
    ("path", "rows"),
    [
        (("write",), [s for s in REQUEST_FIELDS if s.name != "scenario"] + list(LLM_FIELDS)),
        (("advise",), [s for s in REQUEST_FIELDS if s.name != "scenario"]),
        (
            ("reply",),
            [s for s in REQUEST_FIELDS if s.name not in {"scenario", *ADVICE_ONLY}]
            + list(LLM_FIELDS),
        ),
        (("batch",), [s for s in LLM_FIELDS if s.name != "strict"]),
    ],
)
def test_commands_take_the_table_flags(path: tuple[str, ...], rows: list[FieldSpec]) -> None:
    flags = flags_of(command(*path))
    for spec in rows:
        assert flags.get(spec.name) == spec.flag, spec.name
        option = next(p for p in command(*path).params if p.name == spec.name)
        if spec.envvar and not spec.env_read_by_settings:
            assert option.envvar == spec.envvar
        else:
            assert option.envvar is None


def test_profile_set_takes_the_profile_flags_and_reads_no_environment() -> None:
    cmd = command("profile", "set")
    flags = flags_of(cmd)
    saved = [s for s in (*REQUEST_FIELDS, *LLM_FIELDS) if s.profile_flag]
    assert {flags[s.name] for s in saved} == {s.profile_flag for s in saved}
    assert all(p.envvar is None for p in options_of(cmd))


def test_no_command_writes_a_table_flag_of_its_own() -> None:
    """The table is the only place an option is declared with a field's flag. `bowout check`
    is the exception: its --channel, --reason and --name describe a draft, not a request."""
    table_flags = {spec.flag for spec in (*REQUEST_FIELDS, *LLM_FIELDS)}
    table_flags |= {s.profile_flag for s in (*REQUEST_FIELDS, *LLM_FIELDS) if s.profile_flag}
    found = []
    for path in sorted((ROOT / "src" / "bowout" / "cli").glob("*.py")):
        if path.name == "check.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # An option is declared by a call whose first argument is its flag.
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                declared = str(node.args[0].value).split("/")[0]
                if declared in table_flags:
                    found.append(f"{path.name}:{node.lineno} declares {declared}")
    assert found == []


def test_environment_variable_comes_in_through_the_flag(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["write", "withdraw", "--company", "Acme", "--no-input", "--plain", "--no-advice"],
        env={"BOWOUT_NAME": "Env Person", "BOWOUT_CONFIG_DIR": str(tmp_path)},
    )
    assert result.exit_code == 0, result.output
    assert "Env Person" in result.stdout
    # The flag beats the variable.
    result = runner.invoke(
        app,
        [
            "write",
            "withdraw",
            "--company",
            "Acme",
            "--sender",
            "Flag Person",
            "--no-input",
            "--plain",
            "--no-advice",
        ],
        env={"BOWOUT_NAME": "Env Person", "BOWOUT_CONFIG_DIR": str(tmp_path)},
    )
    assert "Flag Person" in result.stdout and "Env Person" not in result.stdout


def test_help_shows_the_environment_variable_without_hand_written_text() -> None:
    result = runner.invoke(app, ["write", "--help"], terminal_width=200)
    assert "[env var: BOWOUT_NAME]" in result.stdout
    assert "[env:" not in result.stdout


def test_messages_name_the_flag_and_the_variable() -> None:
    assert field_flag("topic") == "topic (--topic)"
    assert field_flag("sender_phone") == "sender_phone (--phone or BOWOUT_PHONE)"
    assert field_flag("not_a_field") == "not_a_field"


def test_scenarios_lists_every_column_and_its_other_names() -> None:
    result = runner.invoke(app, ["scenarios"])
    assert result.exit_code == 0, result.output
    listed = result.stdout.split("columns of a `bowout batch` file")[1]
    for spec in REQUEST_FIELDS:
        assert re.search(rf"^  {re.escape(' or '.join(spec.columns))}: ", listed, re.M), spec.name
    for name in ("channel", "tone", "private_reason or reason", "recipient_name or to"):
        assert f"  {name}" in listed


ALIASED_CSV = """\
Scenario,Sender,Phone,To,Recipient Email,Company,Interviewer,Reason
withdraw,Ana Lima,+1 555 0100,Priya Shah,priya@acme.example,Acme,Dana Lee;Sam Roe,the pay is too low
"""


def test_batch_reads_columns_by_the_flags_names(tmp_path: Path) -> None:
    source = tmp_path / "tracker.csv"
    source.write_text(ALIASED_CSV, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(source), "--out", str(out), "--llm", "off"])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    request = record["request"]
    assert request["recipient_name"] == "Priya Shah"
    assert request["sender_phone"] == "+1 555 0100"
    assert request["interviewers"] == ["Dana Lee", "Sam Roe"]
    assert "private_reason" not in request and "too low" not in out.read_text(encoding="utf-8")
    assert "Priya" in record["letter"]["body"]


def test_batch_jsonl_keys_may_be_flag_names_too(tmp_path: Path) -> None:
    source = tmp_path / "rows.jsonl"
    rows = [
        {"scenario": "decline", "sender": "Ana Lima", "company": "Acme", "to": "Priya Shah"},
        {
            "scenario": "decline",
            "sender": "Ana Lima",
            "company": "Acme",
            "to": "A",
            "recipient_name": "B",
        },
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(source), "--out", str(out), "--llm", "off"])
    assert result.exit_code == 1
    assert "row 2: has keys 'to' and 'recipient_name', which both mean recipient_name" in (
        result.stderr
    )
    assert json.loads(out.read_text(encoding="utf-8"))["request"]["recipient_name"] == "Priya Shah"


def test_two_csv_columns_meaning_one_field_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("scenario,to,recipient_name\nwithdraw,A,B\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(source), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "columns 'to' and 'recipient_name' both mean recipient_name; keep one\n"
    )
    assert result.stderr.count("\n") == 1
