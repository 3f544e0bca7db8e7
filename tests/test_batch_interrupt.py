"""Interrupt a real `bowout batch` run against a slow model, then finish it with --resume.

The model is a loopback OpenAI-compatible server that takes a while to answer; the batch
runs in a subprocess and gets a real SIGINT (Ctrl-C) once some letters are written.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bowout.compose import compose
from bowout.models import LetterRequest
from loopback_server import LOOPBACK_HOSTS, LoopbackLLM, delay, ok

pytestmark = pytest.mark.block_network(allowed_hosts=LOOPBACK_HOSTS)

ROWS = 12
FIELDS = {"scenario": "withdraw", "sender_name": "Ana Lima", "company": "Acme"}


def bowout(*args: str, base_url: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BOWOUT_"))}
    command = [sys.executable, "-m", "bowout", "batch", *args, "--llm", "on"]
    command += ["--base-url", base_url, "--model", "loopback"]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def written_rows(path: Path) -> list[int]:
    if not path.exists():
        return []
    # Every line on disk must be a whole record, whenever we look.
    return [json.loads(line)["row"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_interrupted_batch_keeps_whole_lines_and_resume_finishes_it(tmp_path: Path) -> None:
    source = tmp_path / "rows.jsonl"
    source.write_text("".join(json.dumps(FIELDS) + "\n" for _ in range(ROWS)), encoding="utf-8")
    out = tmp_path / "letters.jsonl"
    # The model's answer: a letter that passes the checks, so it is kept as the model's.
    answer = compose(LetterRequest.model_validate(FIELDS)).body.replace("Thank you", "Thanks")

    with LoopbackLLM() as server:
        server.script(delay(400, answer))
        run = bowout(str(source), "--out", str(out), "--concurrency", "2", base_url=server.base_url)
        deadline = time.monotonic() + 60
        while len(written_rows(out)) < 3:
            assert run.poll() is None, run.communicate()
            assert time.monotonic() < deadline, "no letters written in time"
            time.sleep(0.05)
        run.send_signal(signal.SIGINT)
        _, stderr = run.communicate(timeout=30)
        first_calls = len(server.requests)

    assert run.returncode == 130, stderr
    assert "interrupted" in stderr and "--resume" in stderr
    assert "Traceback" not in stderr
    done = written_rows(out)
    assert 3 <= len(done) < ROWS and len(set(done)) == len(done)
    kept = out.read_bytes()

    with LoopbackLLM() as server:
        server.script(ok(answer))
        finish = bowout(str(source), "--out", str(out), "--resume", base_url=server.base_url)
        _, stderr = finish.communicate(timeout=60)
        second_calls = len(server.requests)

    assert finish.returncode == 0, stderr
    assert f"{ROWS} written" not in stderr and f"{len(done)} already done" in stderr
    # Only the rows not yet written went to the model again.
    assert second_calls == ROWS - len(done)
    assert first_calls >= len(done)
    assert written_rows(out) == list(range(1, ROWS + 1))
    lines = out.read_bytes().splitlines(keepends=True)
    # The letters written before the interruption are kept as they were.
    assert set(kept.splitlines(keepends=True)) <= set(lines)
    letters = [json.loads(line)["letter"] for line in lines]
    assert all(letter["source"] == "llm" for letter in letters), letters[0]
