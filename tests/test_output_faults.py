"""Writing output on real file systems that fail: read-only, full, a file where a folder
should be, a folder where a file should be, /proc; and writers racing for one name.

Each fault must end in one line naming the path and what to do, exit 1 in the CLI, and
leave nothing partial behind. The read-only and full file systems are real tmpfs mounts,
made only where the machine allows mounting (root in a sandbox that permits it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.batch import open_sink, run_batch
from bowout.choices import BatchFormat
from bowout.cli import app
from bowout.errors import (
    InputFileError,
    OutputBusyError,
    OutputExistsError,
    OutputWriteError,
)
from bowout.output import write_new_file

runner = CliRunner()
WRITE = ["write", "withdraw", "--sender", "Ana Lima", "--company", "Acme", "--llm", "off"]


def _mount(target: Path, options: str) -> None:
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root on Linux")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"this sandbox does not allow mounting a tmpfs: {done.stderr.strip()}")


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[list[Path]]:
    """Mount points made by the test; each is unmounted afterwards."""
    points: list[Path] = []
    yield points
    for point in points:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


def tmpfs(mounted: list[Path], where: Path, options: str) -> Path:
    where.mkdir()
    _mount(where, options)
    mounted.append(where)
    return where


def fill(folder: Path) -> None:
    """Use up a small file system, leaving it full."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"x" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)


def only_entries(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def assert_one_line_error(result: object, *needles: str) -> None:
    exit_code = result.exit_code  # type: ignore[attr-defined]
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert exit_code == 1, stderr
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    lines = [line for line in stderr.strip().splitlines() if "LLM layer off" not in line]
    assert len(lines) == 1 and lines[0].startswith("bowout: error: "), lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


# --- one file -------------------------------------------------------------------------


def test_read_only_file_system(mounted: list[Path], tmp_path: Path) -> None:
    ro = tmpfs(mounted, tmp_path / "ro", "size=1m,ro")
    target = ro / "letter.txt"
    with pytest.raises(OutputWriteError, match="read-only") as caught:
        write_new_file(target, "Dear Dana")
    assert "\n" not in str(caught.value) and str(target) in str(caught.value)
    result = runner.invoke(app, [*WRITE, "--out", str(target)])
    assert_one_line_error(result, str(target), "read-only", "another --out")
    assert only_entries(ro) == []


def test_full_file_system_leaves_no_partial_file(mounted: list[Path], tmp_path: Path) -> None:
    full = tmpfs(mounted, tmp_path / "full", "size=64k")
    fill(full)
    result = runner.invoke(app, [*WRITE, "--out", str(full / "letter.txt")])
    assert_one_line_error(result, "letter.txt", "disk is full")
    assert only_entries(full) == ["filler"]  # no letter, no temporary file


def test_a_path_under_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    target = tmp_path / "notes.txt" / "letter.txt"
    result = runner.invoke(app, [*WRITE, "--out", str(target)])
    assert_one_line_error(result, str(target), "part of the path is a file")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_folder_where_the_file_should_go(tmp_path: Path) -> None:
    folder = tmp_path / "letter.txt"
    folder.mkdir()
    for force in (False, True):
        with pytest.raises(OutputWriteError, match="is a folder"):
            write_new_file(folder, "Dear Dana", force=force)
    # The CLI refuses it while parsing its options: a usage error, in one line.
    result = runner.invoke(app, [*WRITE, "--out", str(folder), "--force"])
    assert result.exit_code == 2 and "is a directory" in result.stderr
    assert "Traceback" not in result.output
    assert only_entries(folder) == []


def test_proc_is_not_writable(tmp_path: Path) -> None:
    if not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    result = runner.invoke(app, [*WRITE, "--out", "/proc/letter.txt"])
    assert_one_line_error(result, "/proc/letter.txt")


def test_profile_on_a_read_only_disk_says_where_to_put_it(
    mounted: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ro = tmpfs(mounted, tmp_path / "ro", "size=1m,ro")
    monkeypatch.setenv("BOWOUT_CONFIG_DIR", str(ro))
    result = runner.invoke(app, ["profile", "set", "--name", "Ana Lima"])
    assert_one_line_error(result, "read-only", "BOWOUT_CONFIG_DIR")


def test_racing_writers_never_overwrite_each_other(tmp_path: Path) -> None:
    """8 writers at once for one name, 10 times: exactly one wins each time and the file
    holds the winner's text whole."""
    writers, trials = 8, 10

    def one(n: int, target: Path, start: threading.Barrier, outcomes: dict[int, bool]) -> None:
        start.wait()
        try:
            write_new_file(target, f"letter {n}\n" * 200)
        except OutputExistsError:
            outcomes[n] = False
        else:
            outcomes[n] = True

    for trial in range(trials):
        target = tmp_path / f"same-{trial}.txt"
        start = threading.Barrier(writers)
        outcomes: dict[int, bool] = {}
        threads = [
            threading.Thread(target=one, args=(n, target, start, outcomes)) for n in range(writers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        won = [n for n, wrote in outcomes.items() if wrote]
        assert len(outcomes) == writers and len(won) == 1, (trial, outcomes)
        assert target.read_text(encoding="utf-8") == f"letter {won[0]}\n" * 200
        assert only_entries(tmp_path).count(target.name) == 1
        assert not [name for name in only_entries(tmp_path) if name.endswith(".tmp")]


def test_racing_cli_writes_exactly_one_exits_0(tmp_path: Path) -> None:
    """The same race through the installed command: 8 processes, one file, no --force."""
    target = tmp_path / "same.txt"
    command = [sys.executable, "-m", "bowout", *WRITE, "--no-advice", "--out", str(target)]
    env = {**os.environ, "BOWOUT_CACHE_DIR": str(tmp_path / "cache")}
    started = time.monotonic()
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(8)
    ]
    codes = [proc.wait(timeout=60) for proc in procs]
    errors = [proc.stderr.read().decode() for proc in procs if proc.stderr]
    assert time.monotonic() - started < 60
    assert sorted(codes) == [0] + [1] * 7, errors
    assert sum("already exists" in text for text in errors) == 7
    assert target.read_text(encoding="utf-8").startswith("Subject: ")


# --- batches ----------------------------------------------------------------------------

ROW = {"scenario": "withdraw", "sender_name": "Ana Lima", "company": "Acme", "topic": "data"}


def rows_file(path: Path, count: int) -> Path:
    lines = [json.dumps({**ROW, "company": f"Acme {n}"}) for n in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def batch(*args: str) -> object:
    return runner.invoke(app, ["batch", *args, "--llm", "off", "--quiet"])


def test_a_hard_link_to_the_input_is_the_input(tmp_path: Path) -> None:
    source = rows_file(tmp_path / "in.jsonl", 3)
    before = source.read_bytes()
    os.link(source, tmp_path / "out.jsonl")
    os.symlink(source, tmp_path / "link.jsonl")
    for out in ("out.jsonl", "link.jsonl"):
        result = batch(str(source), "--out", str(tmp_path / out), "--force")
        assert_one_line_error(result, "is the input file")
    assert source.read_bytes() == before


def test_a_second_run_into_the_same_output_fails_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    first = open_sink(out, BatchFormat.JSONL)  # holds the lock, as a running batch does
    try:
        out.write_bytes(b'{"row": 1}\n')  # what the first run has written so far
        with pytest.raises(OutputBusyError, match="another bowout run"):
            open_sink(out, BatchFormat.JSONL, force=True)
        with pytest.raises(OutputBusyError):
            open_sink(out, BatchFormat.JSONL, resume=True)
        assert out.read_bytes() == b'{"row": 1}\n'  # the refused run truncated nothing
        folder = tmp_path / "drafts"
        held = open_sink(folder, BatchFormat.EML)
        try:
            with pytest.raises(OutputBusyError):
                open_sink(folder, BatchFormat.EML, force=True)
        finally:
            held.close()
    finally:
        first.close()
    open_sink(out, BatchFormat.JSONL, force=True).close()  # free again once it is closed


def test_two_forced_batches_at_once_never_mix_their_lines(tmp_path: Path) -> None:
    """Two `--force` runs into one file, started together, 5 times: every run either
    finishes or fails at once saying the file is busy, and the file is always one run's
    whole, ordered output."""
    source = rows_file(tmp_path / "in.jsonl", 150)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "bowout", "batch", str(source), "--out", str(out)]
    command += ["--force", "--llm", "off", "--quiet"]
    env = {**os.environ, "BOWOUT_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(5):
        procs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for _ in range(2)
        ]
        codes = [proc.wait(timeout=120) for proc in procs]
        errors = [proc.stderr.read().decode() for proc in procs if proc.stderr]
        assert 0 in codes, errors
        for code, text in zip(codes, errors, strict=True):
            assert code == 0 or "being written by another bowout run" in text, text
        rows = [json.loads(line)["row"] for line in out.read_text(encoding="utf-8").splitlines()]
        assert rows == list(range(1, 151))


def test_a_batch_that_fills_the_disk_keeps_whole_lines_and_resumes(
    mounted: list[Path], tmp_path: Path
) -> None:
    import asyncio

    disk = tmpfs(mounted, tmp_path / "disk", "size=16k")
    source = rows_file(tmp_path / "in.jsonl", 40)
    out = disk / "out.jsonl"
    result = batch(str(source), "--out", str(out))
    assert_one_line_error(result, str(out), "disk is full", "--resume")
    kept = out.read_bytes()
    assert kept.endswith(b"\n") and kept  # whole lines only
    done = [json.loads(line)["row"] for line in kept.splitlines()]
    assert 0 < len(done) < 40
    assert [name for name in only_entries(disk) if name != "out.jsonl"] == []
    # Make room (move the file elsewhere), then finish with --resume: nothing lost.
    roomy = tmp_path / "roomy.jsonl"
    shutil.move(str(out), roomy)
    summary = asyncio.run(run_batch(source, roomy, resume=True))
    assert summary.skipped == len(done) and summary.written == 40 - len(done)
    rows = [json.loads(line)["row"] for line in roomy.read_text(encoding="utf-8").splitlines()]
    assert rows == list(range(1, 41))


def test_batch_folder_output_on_a_read_only_disk(mounted: list[Path], tmp_path: Path) -> None:
    ro = tmpfs(mounted, tmp_path / "ro", "size=1m,ro")
    source = rows_file(tmp_path / "in.jsonl", 2)
    result = batch(str(source), "--out", str(ro / "drafts"))
    assert_one_line_error(result, "read-only")
    result = batch(str(source), "--out", str(ro / "out.jsonl"))
    assert_one_line_error(result, "read-only")


def test_batch_output_under_a_regular_file(tmp_path: Path) -> None:
    source = rows_file(tmp_path / "in.jsonl", 2)
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    for out in ("plain/out.jsonl", "plain/drafts"):
        result = batch(str(source), "--out", str(tmp_path / out))
        assert_one_line_error(result, "part of the path is a file")


def test_input_file_errors_still_come_first(tmp_path: Path) -> None:
    with pytest.raises(InputFileError):
        import asyncio

        asyncio.run(run_batch(tmp_path / "missing.jsonl", tmp_path / "out.jsonl"))
    assert not (tmp_path / "out.jsonl").exists()
