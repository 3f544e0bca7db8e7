"""What a user expects of any CLI: a version, sources they can look up by title."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.catalog import cite, list_scenarios
from bowout.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_package_version(flag: str) -> None:
    result = runner.invoke(app, [flag])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"bowout {version('bowout')}\n"


def test_every_cited_document_has_a_title_and_none_shows_its_file_name() -> None:
    sources = tomllib.loads((ROOT / "templates" / "_sources.toml").read_text(encoding="utf-8"))
    cited = {seed for info in list_scenarios() for seed in info.seeds}
    advice = tomllib.loads((ROOT / "templates" / "_advice.toml").read_text(encoding="utf-8"))
    cited |= {rule["seed"] for rule in advice["rules"].values()}
    assert cited <= set(sources)
    for seed in cited:
        assert ".txt" not in cite(seed) and cite(seed) == sources[seed]["title"] + (
            f" ({sources[seed]['date']})" if "date" in sources[seed] else ""
        )
    assert cite("000_5bd98ae0a1fbc233.txt") == "How to Drop Out from a Job Interview (2022)"


def test_advice_json_names_sources_by_title_only() -> None:
    result = runner.invoke(app, ["advise", "--stage", "interviewed", "--json"])
    assert result.exit_code == 0, result.output
    assert '"source": "' in result.stdout and ".txt" not in result.stdout
    assert '"seed"' not in result.stdout


@pytest.mark.parametrize(
    "command",
    [["write"], ["advise"], ["batch"], ["reply"], ["profile", "set"], ["eval"], ["check"]],
)
def test_help_shows_plain_metavars(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    if command == ["write"]:
        assert "--sender NAME" in result.stdout and "--interview-at WHEN" in result.stdout
        assert "--topic TEXT" in result.stdout and "--interviewer NAME" in result.stdout
