"""`profile set --store-key`: the system keyring when a backend works, else the 0600 file,
saying which; `profile show` says where the key is, never what it is. Both paths run for
real: an in-memory keyring backend selected through keyring's own API, and keyring's fail
backend (what a headless Linux box has)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.cli import app
from bowout.profile import KEYRING_SERVICE, KEYRING_USER
from loopback_server import LOOPBACK_HOSTS, LoopbackLLM, ok
from memory_keyring import Keyring as MemoryKeyring
from running import run

pytestmark = pytest.mark.block_network(allowed_hosts=LOOPBACK_HOSTS)
SECRET = "sk-stored-secret-0123456789"
GOOD = (
    "Dear Hiring Team,\n\nThank you for your time and for considering me for the role at Acme. "
    "I have decided to withdraw my application.\n\nKind regards,\nAna Lima"
)
runner = CliRunner()


def invoke(*args: str, **env: str) -> tuple[int, str, str]:
    base = {"OPENAI_API_KEY": "", "OPENAI_BASE_URL": "", "BOWOUT_API_KEY": ""}
    result = runner.invoke(app, list(args), env={**base, **env})
    return result.exit_code, result.stdout, result.stderr


def profile_file(config: Path) -> Path:
    return config / "profile.toml"


def sent_key(server: LoopbackLLM) -> str:
    return server.requests[-1].headers["authorization"].removeprefix("Bearer ")


def write_with_the_saved_key(server: LoopbackLLM, config: Path) -> int:
    server.script(ok(GOOD))
    code, _, err = invoke(
        "write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--llm", "on",
        "--no-advice", "--plain", BOWOUT_CONFIG_DIR=str(config),
    )  # fmt: skip
    assert code == 0, err
    assert SECRET not in err
    return code


def store_the_key_for(server: LoopbackLLM, config: Path) -> str:
    """`profile set --store-key` for the server's endpoint; what it said on stderr."""
    code, _, err = invoke(
        "profile", "set", "--base-url", server.base_url, "--store-key",
        BOWOUT_CONFIG_DIR=str(config), OPENAI_API_KEY=SECRET,
    )  # fmt: skip
    assert code == 0, err
    return err


def test_a_working_keyring_keeps_the_key_and_the_file_does_not(
    memory_keyring: MemoryKeyring, loopback_llm: LoopbackLLM, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    err = store_the_key_for(loopback_llm, config)
    assert f"your API key is in the system keyring ({MemoryKeyring.name})" in err
    assert memory_keyring.passwords == {(KEYRING_SERVICE, KEYRING_USER): SECRET}
    assert SECRET not in profile_file(config).read_text(encoding="utf-8")

    code, out, _ = invoke("profile", "show", BOWOUT_CONFIG_DIR=str(config))
    assert code == 0 and "api_key: in the system keyring" in out
    assert SECRET not in out and SECRET[-4:] not in out

    write_with_the_saved_key(loopback_llm, config)
    assert sent_key(loopback_llm) == SECRET

    code, _, err = invoke("profile", "set", "--forget-key", BOWOUT_CONFIG_DIR=str(config))
    assert code == 0, err
    assert memory_keyring.passwords == {}
    assert "api_key: not stored" in invoke("profile", "show", BOWOUT_CONFIG_DIR=str(config))[1]


def test_without_a_keyring_the_key_goes_to_a_file_only_you_can_read(
    no_keyring: None, loopback_llm: LoopbackLLM, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    err = store_the_key_for(loopback_llm, config)
    path = profile_file(config)
    assert (
        f"warning: no system keyring is available here, so your API key is stored in plain "
        f"text in {path} (readable only by you)"
    ) in err
    assert SECRET in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    code, out, _ = invoke("profile", "show", BOWOUT_CONFIG_DIR=str(config))
    assert code == 0
    assert f"api_key: in {path} (in plain text, readable only by you)" in out
    assert SECRET not in out and SECRET[-4:] not in out

    write_with_the_saved_key(loopback_llm, config)
    assert sent_key(loopback_llm) == SECRET


def test_the_installed_command_falls_back_with_keyrings_fail_backend(tmp_path: Path) -> None:
    done = run(
        tmp_path, "profile", "set", "--store-key",
        OPENAI_API_KEY=SECRET, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "no system keyring is available here" in done.stderr
    shown = run(tmp_path, "profile", "show")
    assert "api_key: in " in shown.stdout and SECRET not in shown.stdout
