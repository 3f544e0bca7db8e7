"""While the model writes, a terminal shows a spinner with the elapsed time and the endpoint;
pipes and logs get nothing of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.cli import app
from loopback_server import LOOPBACK_HOSTS, LoopbackLLM, delay, ok
from running import BOWOUT, on_a_terminal, user_env

pytestmark = pytest.mark.block_network(allowed_hosts=LOOPBACK_HOSTS)
WRITE = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--no-advice"]


def with_credentials(base_url: str) -> str:
    """The server's URL with a user, a password and a token in it, none of which may show."""
    return base_url.replace("http://", "http://ana:hunter2pass@") + "?token=tok-secret-99"


def run_with_stderr_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """The exit status, stdout, and what the terminal on stderr showed."""
    code, shown, out = on_a_terminal(args, user_env(cwd, COLUMNS="120"), stream="stderr")
    return code, out, shown


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
