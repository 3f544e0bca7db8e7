"""The guardrails' budgets, each as a ratio to a reference measured in the same run.

    python benchmarks/budgets.py [--runs 30] [--seconds 5]

Start-up, each command in a fresh interpreter, interleaved round-robin so background load
hits all of them alike (median wall time, and median CPU time of the child, which a
shared machine disturbs less):
- the floor: the smallest one-option Typer command (benchmarks/_typer_floor.py);
- `bowout write` with no model, as in the README's first command: budget <= 1.4x the floor;
- `bowout check -` on a pasted draft (read from stdin): budget <= 3x the floor.
In one process, on one core:
- `check` warm: each letter of the writers' corpus (tests/eval/corpus/) checked once,
  with its scenario and channel as context, after the development letters have warmed the
  checker (lists compiled, model read): budget median <= 20 ms per letter;
- deterministic `compose` on distinct rows (every row its own sender, company and topic, so
  no letter repeats another's sentences): budget >= 500 letters/s.
No LLM: OPENAI_* and BOWOUT_* are removed from the environment, BOWOUT_CONFIG_DIR points
nowhere, and the cache folder is a fresh temporary one, warmed by the first run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice

import _bench

PYTHON = str(_bench.BIN / "python")
BOWOUT = str(_bench.BIN / "bowout")
README_WRITE = [
    "write",
    "withdraw",
    "--sender",
    "Ana Lima",
    "--company",
    "Acme",
    "--role",
    "Data Engineer",
    "--interviewer",
    "Dana Lee",
    "--interviewer",
    "Sam Ortiz",
    "--topic",
    "the billing migration",
]
DRAFT = """\
Subject: Withdrawing my application

Dear Ms. Whitford,

Thank you for taking the time to speak with me about the Senior Analyst role last week. I
enjoyed learning about the team's plans for the new reporting platform.

After careful thought, I have decided to withdraw my application, as I have accepted another
offer. I hope our paths cross again.

Best regards,
Ana Lima
"""
FLOOR = "floor: benchmarks/_typer_floor.py --name X"
COMMANDS = {
    FLOOR: ([PYTHON, str(_bench.ROOT / "benchmarks" / "_typer_floor.py"), "--name", "X"], None),
    "bowout write (the README's first command)": ([BOWOUT, *README_WRITE], None),
    "bowout check - (a pasted draft)": ([BOWOUT, "check", "-"], DRAFT),
}
BUDGETS = {
    "bowout write (the README's first command)": 1.4,
    "bowout check - (a pasted draft)": 3.0,
}


def _run_and_measure(command: list[str], stdin: str | None, env: dict[str, str]) -> list[float]:
    started = time.perf_counter()
    before = os.times()
    subprocess.run(
        command,
        env=env,
        input=stdin,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        check=False,
    )
    after = os.times()
    wall = (time.perf_counter() - started) * 1000
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return [wall, cpu * 1000]


def start_up(runs: int) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BOWOUT_"))}
    # As on a user's machine, the warm-up run leaves bytecode behind for the timed runs.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["BOWOUT_CONFIG_DIR"] = "/nonexistent"
    with tempfile.TemporaryDirectory() as cache:
        env["BOWOUT_CACHE_DIR"] = cache
        for command, stdin in COMMANDS.values():  # page cache, .pyc files, kept templates
            subprocess.run(command, env=env, input=stdin, capture_output=True, text=True)
        samples: dict[str, list[list[float]]] = {name: [] for name in COMMANDS}
        for _ in range(runs):
            for name, (command, stdin) in COMMANDS.items():
                samples[name].append(_run_and_measure(command, stdin, env))
    floor_wall = _bench.median([s[0] for s in samples[FLOOR]])
    floor_cpu = _bench.median([s[1] for s in samples[FLOOR]])
    print(f"# start-up: {runs} runs each, interleaved; median wall (p25-p75) and median CPU")
    for name, values in samples.items():
        walls = [s[0] for s in values]
        wall = _bench.median(walls)
        cpu = _bench.median([s[1] for s in values])
        spread = f"{_bench.percentile(walls, 0.25):.0f}-{_bench.percentile(walls, 0.75):.0f}"
        budget = BUDGETS.get(name)
        verdict = ""
        if budget is not None:
            met = wall / floor_wall <= budget
            verdict = f"  budget <= {budget}x: {'met' if met else 'missed'}"
        print(
            f"{name}: wall {wall:.0f} ms ({spread}) = {wall / floor_wall:.2f}x; "
            f"CPU {cpu:.0f} ms = {cpu / floor_cpu:.2f}x{verdict}"
        )


def warm_check(seconds: float) -> None:
    sys.path.insert(0, str(_bench.ROOT / "training"))
    sys.path.insert(0, str(_bench.ROOT / "tests"))
    from corpus import load_corpus

    from bowout.guardrails import Checker
    from bowout.models import CheckContext
    from test_guardrails_eval import _context, load_letters

    checker = Checker()
    for letter in load_letters():  # the development letters: lists compiled, model read
        checker.check(letter["text"], _context(letter))
    corpus = load_corpus()
    samples = []
    cpu = []
    for letter in corpus:
        context = CheckContext.model_validate(
            {"scenario": letter.scenario or None, "channel": letter.channel}
        )
        started, started_cpu = time.perf_counter_ns(), time.process_time_ns()
        checker.check(letter.text, context)
        samples.append((time.perf_counter_ns() - started) / 1e6)
        cpu.append((time.process_time_ns() - started_cpu) / 1e6)
    median = _bench.median(samples)
    print(
        f"check warm, {len(corpus)} corpus letters once each: median {median:.2f} ms, "
        f"p95 {_bench.percentile(samples, 0.95):.2f} ms, max {max(samples):.2f} ms; "
        f"CPU median {_bench.median(cpu):.2f} ms"
        f"  budget median <= 20 ms: {'met' if median <= 20 else 'missed'}"
    )


def distinct_compose(seconds: float) -> None:
    from bowout.compose import compose
    from bowout.guardrails import Checker
    from bowout.models import LetterRequest

    base = [
        r.model_dump(mode="json", exclude_defaults=True)  # type: ignore[attr-defined]
        for r in _bench.sample_requests()
    ]
    count = 20_000
    requests = []
    for n, fields in enumerate(islice(cycle(base), count)):
        row = {**fields, "sender_name": f"Sender {n}", "company": f"Company {n}"}
        if "topic" in row:
            row["topic"] = f"the migration of system {n}"
        requests.append(LetterRequest.model_validate(row))
    checker = Checker()
    compose(requests[0], checker=checker)  # templates compiled, lists and model read
    done = 0
    started, started_cpu = time.perf_counter(), time.process_time()
    deadline = started + seconds
    for request in requests[1:]:
        compose(request, checker=checker)
        done += 1
        if time.perf_counter() >= deadline:
            break
    rate = done / (time.perf_counter() - started)
    cpu_rate = done / (time.process_time() - started_cpu)
    print(
        f"compose on distinct rows: {rate:,.0f} letters/s wall, {cpu_rate:,.0f} per CPU "
        f"second ({done:,} letters, none repeated)"
        f"  budget >= 500/s: {'met' if rate >= 500 else 'missed'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--skip-start-up", action="store_true")
    args = parser.parse_args()
    _bench.header("guardrail budgets")
    if not args.skip_start_up:
        start_up(args.runs)
    cpu = _bench.pin_to_one_core()
    print(f"# in-process figures pinned to CPU {cpu}")
    warm_check(args.seconds)
    distinct_compose(args.seconds)


if __name__ == "__main__":
    main()
