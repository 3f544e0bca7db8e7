"""Running the installed `bowout` command as a user would: in a fresh process, from a folder
of the test's own, with none of the machine's BOWOUT_*/OPENAI_* settings; and with one of
its streams on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Literal

BOWOUT = str(Path(sys.executable).parent / "bowout")


def user_env(cwd: Path, **extra: str) -> dict[str, str]:
    """The environment without personal settings, with the profile kept in `cwd`. The
    temporary cache folder the test suite sets stays."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BOWOUT_"))}
    env["BOWOUT_CONFIG_DIR"] = str(cwd / "config")
    if "BOWOUT_CACHE_DIR" in os.environ:
        env["BOWOUT_CACHE_DIR"] = os.environ["BOWOUT_CACHE_DIR"]
    return env | extra


def run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BOWOUT, *args], cwd=cwd, env=user_env(cwd, **env), capture_output=True, text=True,
        check=False,
    )  # fmt: skip


def on_a_terminal(
    command: list[str], env: dict[str, str], *, stream: Literal["stdout", "stderr"]
) -> tuple[int, str, str]:
    """Run with `stream` on a pseudo-terminal: the exit status, what the terminal showed,
    and what the other stream carried."""
    leader, follower = pty.openpty()
    env = {**env, "TERM": "xterm", "COLUMNS": env.get("COLUMNS", "100")}
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: follower}
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, env=env, **streams)
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
    other = proc.stderr if stream == "stdout" else proc.stdout
    carried = other.read().decode() if other else ""
    proc.wait(timeout=60)
    os.close(leader)
    return proc.returncode, b"".join(chunks).decode(errors="replace"), carried
