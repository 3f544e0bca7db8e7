"""The no-LLM path must not pay for openai or langchain: prove it in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys, runpy
sys.argv = ["bowout", *{args!r}]
try:
    runpy.run_module("bowout", run_name="__main__")
except SystemExit as exit:
    code = exit.code
else:
    code = 0
heavy = sorted(m for m in sys.modules if m.split(".")[0] in LIBRARIES)
print("HEAVY:" + ",".join(heavy))
sys.exit(code)
"""


LLM_LIBRARIES = ("openai", "langchain", "langchain_core", "langchain_openai")


def loaded(args: list[str], libraries: tuple[str, ...]) -> str:
    """Run `bowout ARGS` in a fresh interpreter; which of `libraries` it loaded."""
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "BOWOUT_CONFIG_DIR": "/nonexistent"}
    probe = PROBE.replace("LIBRARIES", repr(libraries))
    done = subprocess.run(
        [sys.executable, "-c", probe.format(args=args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1].removeprefix("HEAVY:")


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["write", "--help"],
        ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--interviewer", "Dana"],
        ["scenarios"],
    ],
)
def test_no_llm_path_imports_no_llm_library(args: list[str]) -> None:
    assert loaded(args, LLM_LIBRARIES) == ""


def test_the_template_path_loads_no_spinner_or_panel_library() -> None:
    """Piped, with no model, `bowout write` draws nothing: rich (the spinner, the panel)
    stays unloaded."""
    args = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--plain"]
    assert loaded(args, ("rich",)) == ""


def test_library_import_is_light() -> None:
    code = (
        "import bowout, sys; print(any(m.startswith(('openai', 'langchain')) for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_every_public_name_resolves() -> None:
    import bowout

    assert set(bowout.__all__) == set(bowout._EXPORTS)
    for name in bowout.__all__:
        assert getattr(bowout, name) is not None


@pytest.mark.parametrize(
    "args",
    [
        ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--plain"],
        ["profile", "show"],
    ],
)
def test_keyring_loads_only_to_store_or_read_a_key(args: list[str]) -> None:
    assert loaded(args, ("keyring", "secretstorage", "jeepney")) == ""


def test_the_template_path_loads_no_event_loop() -> None:
    """Only the model client needs asyncio; `bowout write` with no model does not import it."""
    args = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--plain"]
    assert loaded(args, ("asyncio",)) == ""


def test_compose_still_offers_the_rewriter() -> None:
    import importlib

    from bowout.llm.client import Rewriter

    assert importlib.import_module("bowout.compose").Rewriter is Rewriter
