"""While the model writes, a terminal shows a spinner with the elapsed time and the endpoint;
pipes and logs get nothing of it."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.cli import app
from loopback_server import LOOPBACK_HOSTS, LoopbackLLM, delay, ok

pytestmark = pytest.mark.block_network(allowed_hosts=LOOPBACK_HOSTS)
BOWOUT = str(Path(sys.executable).parent / "bowout")
WRITE = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--no-advice"]


def with_credentials(base_url: str) -> str:
    """The server's URL with a user, a password and a token in it, none of which may show."""
    return base_url.replace("http://", "http://ana:hunter2pass@") + "?token=tok-secret-99"


def run_with_stderr_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BOWOUT_"))}
    env |= {"BOWOUT_CONFIG_DIR": str(cwd), "TERM": "xterm", "COLUMNS": "120"}
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL, env=env, cwd=cwd
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    out = proc.stdout.read().decode() if proc.stdout else ""
    proc.wait(timeout=60)
    os.close(leader)
    return proc.returncode, out, b"".join(chunks).decode(errors="replace")


def test_a_terminal_sees_the_model_at_work_with_the_time_and_no_credentials(
    loopback_llm: LoopbackLLM, tmp_path: Path
) -> None:
    loopback_llm.script(delay(2500))
    url = with_credentials(loopback_llm.base_url)
    args = [BOWOUT, *WRITE, "--base-url", url, "--model", "slow-model", "--timeout", "20"]
    code, out, shown = run_with_stderr_on_a_terminal(args, tmp_path)
    assert code == 0, shown
    assert "Ana Lima" in out
    assert "slow-model at http://***@127.0.0.1:" in shown and "is writing" in shown
    assert "0:00:01" in shown or "0:00:02" in shown  # the clock moved while it waited
    for secret in ("hunter2pass", "ana:", "tok-secret-99"):
        assert secret not in shown


def test_pipes_get_no_spinner(loopback_llm: LoopbackLLM, tmp_path: Path) -> None:
    loopback_llm.script(ok())
    result = CliRunner().invoke(
        app,
        [*WRITE, "--base-url", loopback_llm.base_url, "--model", "m"],
        env={"BOWOUT_CONFIG_DIR": str(tmp_path), "OPENAI_API_KEY": "", "BOWOUT_API_KEY": ""},
    )
    assert result.exit_code == 0, result.output
    assert "is writing" not in result.stderr and "0:00:0" not in result.stderr


def test_no_spinner_without_a_model(tmp_path: Path) -> None:
    code, out, shown = run_with_stderr_on_a_terminal([BOWOUT, *WRITE, "--llm", "off"], tmp_path)
    assert code == 0 and "Ana Lima" in out
    assert "is writing" not in shown
