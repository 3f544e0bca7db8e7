"""The wheel carries templates/ and prompts/, and an installed bowout works from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
PIP_INSTALL_ALONE = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("bowout-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed on its own (no editable checkout) into a folder for PYTHONPATH."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [*PIP_INSTALL_ALONE, "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    return target


def test_wheel_contains_templates_and_prompts(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").rglob("*"):
        if template.is_file():
            assert (
                f"bowout/templates/{template.relative_to(ROOT / 'templates').as_posix()}" in names
            )
    assert any(n.startswith("bowout/prompts/") for n in names)
    assert "bowout/__init__.py" in names
    # Library users get the package's type hints.
    assert "bowout/py.typed" in names


def test_installed_command_runs_outside_the_repo(installed: Path, tmp_path: Path) -> None:
    target = installed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The installed copy must win over the editable checkout, and must not need it.
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "BOWOUT_CONFIG_DIR": str(tmp_path / "cfg"),
        "BOWOUT_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("OPENAI_API_KEY", None)
    env.pop("OPENAI_BASE_URL", None)
    installed_files = {p for p in (target / "bowout").rglob("*") if p.is_file()}
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import bowout.resources as r; print(r.__file__); print(r.resource_dir('templates'))",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert where[0].startswith(str(target)) and where[1].startswith(str(target))

    script = target / "bin" / "bowout"
    for scenario in ("withdraw", "decline", "keep-in-touch"):
        done = subprocess.run(
            [
                str(script),
                "write",
                scenario,
                "--sender",
                "Ana Lima",
                "--company",
                "Acme",
                "--llm",
                "off",
            ],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Ana Lima" in done.stdout
    # Running leaves nothing in the package that an uninstall would not remove (what it
    # keeps between runs goes to the cache folder); Python's own bytecode aside.
    now = {p for p in (target / "bowout").rglob("*") if p.is_file() and p.suffix != ".pyc"}
    assert now <= installed_files
    assert (tmp_path / "cache").is_dir()
    shown = subprocess.run(
        [str(script), "--version"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert shown.returncode == 0 and shown.stdout.strip() == f"bowout {_project_version()}"


def _project_version() -> str:
    import tomllib

    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


EVERY_COMBINATION = """
import itertools, re
from bowout import Channel, LetterRequest, Tone, compose, list_scenarios
samples = {"sender_name": "Ana Lima", "company": "Acme", "other_role": "Platform Engineer",
           "flexibility": "remote", "role": "Data Engineer"}
count = 0
for info, channel, tone in itertools.product(list_scenarios(), Channel, Tone):
    fields = {name: samples[name] for name in info.required}
    letter = compose(LetterRequest(scenario=info.name, channel=channel, tone=tone, **fields))
    assert "Ana Lima" in letter.body, (info.name, channel, tone)
    assert not re.search(r"\\[|\\]|\\{|\\}|<|>|TODO", letter.as_text()), letter.as_text()
    assert letter.report is not None and letter.report.ok, letter.report
    count += 1
print(count)
"""


def test_every_combination_renders_from_the_installed_wheel(
    installed: Path, tmp_path: Path
) -> None:
    target = installed
    env = {**os.environ, "PYTHONPATH": str(target), "BOWOUT_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", EVERY_COMBINATION],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == 7 * 3 * 3
