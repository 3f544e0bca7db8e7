"""The README's set-up commands are what CI runs and what a new user types."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from bowout.cli import app

ROOT = Path(__file__).resolve().parents[1]


def setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.DOTALL)


def test_exactly_two_one_line_set_up_commands() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test_command = setup_commands()[1]
    assert test_command.endswith("pytest")
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_the_first_command_writes_a_letter() -> None:
    first = setup_commands()[0]
    write_part = first.split("&& .venv/bin/bowout ", 1)[1]
    result = CliRunner().invoke(app, [*shlex.split(write_part), "--llm", "off"])
    assert result.exit_code == 0, result.output
    assert "Dana Lee and Sam Ortiz" in result.stdout
