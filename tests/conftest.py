"""Shared fixtures. LLM tests replay HTTP from cassettes/ (pytest-recording + vcrpy)."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from loopback_server import loopback_llm  # noqa: F401  (fixture for fault tests and benchmarks)
from memory_keyring import Keyring as MemoryKeyring

ROOT = Path(__file__).resolve().parents[1]
_CACHE_KEY = pytest.StashKey[Path]()
CASSETTES = ROOT / "cassettes"

# Headers that can carry a secret or identify an account, on requests and on responses.
SECRET_REQUEST_HEADERS = (
    "authorization",
    "api-key",
    "x-api-key",
    "cookie",
    "openai-organization",
    "openai-project",
)
IDENTIFYING_RESPONSE_HEADERS = frozenset(
    {
        "set-cookie",
        "openai-organization",
        "openai-project",
        "x-request-id",
        "cf-ray",
        "cf-cache-status",
        "server",
        "alt-svc",
        "strict-transport-security",
        "openai-processing-ms",
        "openai-version",
        "x-envoy-upstream-service-time",
    }
)


def _drop_identifying_headers(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        lowered = name.lower()
        if lowered in IDENTIFYING_RESPONSE_HEADERS or lowered.startswith("x-ratelimit"):
            del headers[name]
    return response


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    # No record_mode here: it would override --record-mode on the command line.
    return {
        "filter_headers": list(SECRET_REQUEST_HEADERS),
        "before_record_response": _drop_identifying_headers,
        "decode_compressed_response": True,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "allow_playback_repeats": False,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


@pytest.fixture(autouse=True)
def _cassette_fully_played(request: pytest.FixtureRequest) -> Iterator[None]:
    """A replayed cassette must be used up: a request the code no longer makes is a change
    in behaviour, not something to ignore."""
    yield
    if request.node.get_closest_marker("vcr") is None:
        return
    cassette = request.getfixturevalue("vcr")
    if cassette is not None and cassette.record_mode == "none":
        assert cassette.all_played, (
            f"cassette {cassette._path} was only partly played "
            f"({cassette.play_count} of {len(cassette)} interactions)"
        )


@pytest.fixture(autouse=True)
def _no_personal_defaults(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read the developer's saved profile or BOWOUT_* defaults."""
    monkeypatch.setenv("BOWOUT_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    for name in ("BOWOUT_NAME", "BOWOUT_PHONE", "BOWOUT_EMAIL", "BOWOUT_TONE"):
        monkeypatch.delenv(name, raising=False)


def pytest_configure(config: pytest.Config) -> None:
    # Set before any test module is imported: collection already builds templates and rules,
    # and the folder is resolved once per process, so a fixture would come too late.
    # One folder for the whole run: what bowout keeps there is shared as on a user's machine.
    folder = Path(tempfile.mkdtemp(prefix="bowout-cache-"))
    config.stash[_CACHE_KEY] = folder
    os.environ["BOWOUT_CACHE_DIR"] = str(folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_CACHE_KEY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def _cache_dir(pytestconfig: pytest.Config) -> Path:
    return pytestconfig.stash[_CACHE_KEY]


@pytest.fixture(autouse=True)
def _temporary_cache(_cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never write compiled rules or model weights to the real ~/.cache."""
    monkeypatch.setenv("BOWOUT_CACHE_DIR", str(_cache_dir))


@pytest.fixture
def clipboard(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A Wayland clipboard: wl-copy and wl-paste programs on PATH that keep the text in a
    file, as wl-clipboard keeps it in the compositor."""
    bin_dir, held = tmp_path / "bin", tmp_path / "clipboard.txt"
    bin_dir.mkdir()
    for name, script in (("wl-copy", f"cat > {held}"), ("wl-paste", f"cat {held}")):
        program = bin_dir / name
        program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
    env = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": "", "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    return env, held


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)
