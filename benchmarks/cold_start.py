"""(b) CLI cold start against importing the CLI's own dependencies, in the same run.

    python benchmarks/cold_start.py [--runs 40]

Each command runs in a fresh interpreter from the same virtual environment, interleaved
round-robin so background load hits all of them alike; the figure is the median wall time.
Baseline: `python -c "import typer, jinja2, pydantic"`. No LLM: OPENAI_* and BOWOUT_*
are removed from the environment, and BOWOUT_CONFIG_DIR points nowhere (no saved
profile). Target: <= 1.15x.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time

import _bench

PYTHON = str(_bench.BIN / "python")
BOWOUT = str(_bench.BIN / "bowout")

COMMANDS = {
    "baseline: python -c 'import typer, jinja2, pydantic'": [
        PYTHON,
        "-c",
        "import typer, jinja2, pydantic",
    ],
    "bowout write withdraw --sender X --company Y": [
        BOWOUT,
        "write",
        "withdraw",
        "--sender",
        "X",
        "--company",
        "Y",
    ],
    "bowout --help": [BOWOUT, "--help"],
    # For scale, two floors bowout cannot go below with its stack: importing what any
    # pydantic model needs, and running the smallest Typer command (Typer 0.2x validates
    # every option through a pydantic TypeAdapter, which loads all of pydantic).
    "floor: python -c 'import typer, jinja2; from pydantic import BaseModel'": [
        PYTHON,
        "-c",
        "import typer, jinja2; from pydantic import BaseModel",
    ],
    "floor: a one-option Typer command (benchmarks/_typer_floor.py --name X)": [
        PYTHON,
        str(_bench.ROOT / "benchmarks" / "_typer_floor.py"),
        "--name",
        "X",
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    _bench.header("CLI cold start")
    # No key, no model server, no saved profile: the template path a new user gets.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BOWOUT_"))}
    # As on a user's machine, the warm-up run leaves bytecode behind for the timed runs
    # (some sandboxes set this variable, which would make every run compile from source).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["BOWOUT_CONFIG_DIR"] = "/nonexistent"
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():  # warm the page cache and the .pyc files
        subprocess.run(command, env=env, capture_output=True, check=True)
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            started = time.perf_counter()
            subprocess.run(
                command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
            )
            times[name].append((time.perf_counter() - started) * 1000)
    base = _bench.median(next(iter(times.values())))
    print(f"# {args.runs} runs each, interleaved; median (p25-p75) wall time")
    for name, samples in times.items():
        mid = _bench.median(samples)
        spread = f"{_bench.percentile(samples, 0.25):.0f}-{_bench.percentile(samples, 0.75):.0f}"
        print(f"{name}: {mid:.0f} ms ({spread}) = {mid / base:.2f}x baseline")


if __name__ == "__main__":
    main()
