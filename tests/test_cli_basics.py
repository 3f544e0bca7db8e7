"""What a user expects of any CLI: a version, sources they can look up by title."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.catalog import cite, list_scenarios
from bowout.cli import COMMAND_MODULES, app

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


def test_the_command_table_lists_every_command() -> None:
    """`bowout CMD` imports only COMMAND_MODULES[CMD], so every command must be listed."""
    import typer.main

    assert set(typer.main.get_command(app).commands) == set(COMMAND_MODULES)


def test_each_command_is_registered_by_the_module_the_table_names() -> None:
    """In a fresh interpreter, as `bowout CMD` runs it: the table's module alone registers
    the command."""
    probe = (
        "import sys, typer.main\n"
        "from bowout.cli import loaded_app\n"
        "for name in sys.argv[1:]:\n"
        "    group = typer.main.get_command(loaded_app(name))\n"
        "    print(name, name in group.commands)\n"
    )
    for name in COMMAND_MODULES:
        done = subprocess.run(
            [sys.executable, "-c", probe, name], capture_output=True, text=True, check=True
        )
        assert done.stdout.split() == [name, "True"], done.stderr


@pytest.mark.parametrize(
    ("argv", "collects"),
    [
        (["write", "--help"], False),
        (["check", "--help"], False),
        (["reply", "--help"], False),
        (["batch", "--help"], True),
        (["eval", "--help"], True),
        (["--help"], True),  # not a one-letter command: the collector stays on
    ],
)
def test_only_commands_of_one_letter_run_without_the_cyclic_collector(
    argv: list[str], collects: bool
) -> None:
    """A one-letter command starts faster without the collector; a batch of thousands of
    letters, or anything not known to handle one letter, keeps it. Either way a caller
    running `main` in its own process gets its collector back."""
    probe = (
        "import gc, sys\n"
        "import bowout.cli as cli\n"
        "seen = []\n"
        "build = cli.loaded_app\n"
        "def spy(command=None):\n"
        "    seen.append(gc.isenabled())\n"
        "    return build(command)\n"
        "cli.loaded_app = spy\n"
        f"sys.argv = ['bowout', *{argv!r}]\n"
        "try:\n"
        "    cli.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(seen[0], gc.isenabled())\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == f"{collects} True", done.stderr
