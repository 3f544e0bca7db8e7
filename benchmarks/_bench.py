"""Helpers the benchmark scripts share: machine description, statistics, sample requests.

Not a test module: pytest collects only tests/. Each script puts this folder on sys.path
by being run as `python benchmarks/<name>.py`.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{now}; nproc {os.cpu_count()}; {model}; Python {platform.python_version()} "
        f"({platform.system()} {platform.release()})"
    )


def header(title: str) -> None:
    print(
        f"# {title}\n# {machine()}\n# command: {' '.join([Path(sys.executable).name, *sys.argv])}"
    )


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    at = (len(ordered) - 1) * q
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def pin_to_one_core() -> int | None:
    """Run on a single CPU so a figure is per core even if a library starts threads."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def sample_fields() -> list[dict[str, object]]:
    """Request fields that exercise every scenario, channel and tone, minimal and full."""
    from bowout.catalog import scenario_info
    from bowout.choices import Channel, Scenario, Tone
    from bowout.errors import BowoutError

    full: dict[str, object] = {
        "sender_phone": "+1 555 0100",
        "sender_email": "ana.lima@example.com",
        "recipient_name": "Priya Shah",
        "recipient_email": "priya@acme.example",
        "role": "Senior Data Engineer",
        "interviewers": ["Dana Lee", "Sam Roe"],
        "topic": "the billing migration",
        "looking_forward_to": "seeing the new app launch",
        "other_role": "Staff Data Engineer",
        "referral": "Jo Park",
        "interview_at": "Thursday at 10am",
        "private_reason": "the salary was well below my current one",
        "flexibility": "remote",
    }
    samples = []
    for scenario in Scenario:
        try:
            info = scenario_info(scenario)
        except BowoutError:
            continue  # not written yet in this checkout
        allowed = set(info.required) | set(info.optional)
        for channel in Channel:
            for tone in Tone:
                base = {
                    "scenario": scenario.value,
                    "channel": channel.value,
                    "tone": tone.value,
                    "sender_name": "Ana Lima",
                    "company": "Acme Analytics",
                }
                extra = {k: v for k, v in full.items() if k in allowed or k == "private_reason"}
                for name in info.required:
                    extra.setdefault(name, full.get(name, "Acme Analytics"))
                samples.append(base)
                samples.append({**base, **extra})
    return samples


def sample_requests(count: int | None = None) -> list[object]:
    """Valid requests whose templates exist in this checkout, cycled to `count`."""
    from bowout.compose import compose
    from bowout.errors import BowoutError
    from bowout.models import LetterRequest

    usable = []
    for fields in sample_fields():
        try:
            request = LetterRequest.model_validate(fields)
            compose(request)
        except (BowoutError, ValueError):
            continue  # a scenario whose templates or fields do not exist (yet)
        usable.append(request)
    if not usable:
        raise SystemExit("no usable sample request: are the templates installed?")
    if count is None:
        return usable
    return list(islice(cycle(usable), count))


def rows(count: int) -> Iterator[dict[str, object]]:
    """Input rows for a batch: the usable samples, cycled, each with its own sender."""
    fields = [
        r.model_dump(mode="json", exclude_defaults=True)  # type: ignore[attr-defined]
        for r in sample_requests()
    ]
    for n, row in enumerate(islice(cycle(fields), count)):
        yield {**row, "sender_name": f"Sender {n}"}


@contextmanager
def loopback_model(answer: str, delay_ms: float = 0) -> Iterator[str]:
    """tests/loopback_server.py in its own process (so its work does not compete with the
    client's for the GIL), answering every chat completion with `answer` after `delay_ms`.
    Yields the base URL."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write(answer)
    command = [sys.executable, __file__, "serve", "--delay-ms", str(delay_ms), handle.name]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        yield server.stdout.readline().strip()
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.unlink(handle.name)


def _serve() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--delay-ms", type=float, default=0)
    parser.add_argument("answer_file")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    import signal
    import threading

    from loopback_server import LoopbackLLM, delay

    answer = Path(args.answer_file).read_text(encoding="utf-8")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with LoopbackLLM() as server:
        server.script(delay(args.delay_ms, answer))
        print(server.base_url, flush=True)
        stop.wait()


if __name__ == "__main__":
    _serve()
