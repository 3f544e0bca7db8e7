"""What the files kept between runs save the first `check` in a new process.

    python benchmarks/first_check.py [--runs 31]

Each run is a fresh interpreter that imports the guardrails, then times one `check` of a
pasted draft (CPU time of that call, and wall time). Interleaved, with the cache folder
either warmed by a first run (the compiled regex code, the parsed data files and the model's
weights are read back) or a path that cannot be created (everything is built again).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

import _bench
from budgets import DRAFT

PYTHON = str(_bench.BIN / "python")
CODE = """
import sys, time
import bowout.guardrails as g
text = sys.stdin.read()
cpu, wall = time.process_time(), time.perf_counter()
g.check(text)
print((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    _bench.header("first check in a new process, with and without the kept files")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BOWOUT_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as folder:
        blocker = Path(folder) / "a-file"
        blocker.write_text("not a folder", encoding="utf-8")
        cases = {
            "kept files read back": str(Path(folder) / "cache"),
            "nothing kept": str(blocker / "cache"),  # even root cannot create this
        }
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.runs + 1):  # the first round warms the .pyc files and the cache
            for name, cache in cases.items():
                result = subprocess.run(
                    [PYTHON, "-c", CODE],
                    env={**env, "BOWOUT_CACHE_DIR": cache},
                    input=DRAFT,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                cpu, wall = map(float, result.stdout.split())
                samples[name].append((cpu, wall))
    print(f"# {args.runs} runs each, interleaved (after one warm-up round)")
    for name, values in samples.items():
        cpus = [cpu for cpu, _ in values[1:]]
        walls = [wall for _, wall in values[1:]]
        print(
            f"{name}: first check CPU median {_bench.median(cpus):.1f} ms "
            f"(p25-p75 {_bench.percentile(cpus, 0.25):.1f}-{_bench.percentile(cpus, 0.75):.1f}),"
            f" wall median {_bench.median(walls):.1f} ms"
        )


if __name__ == "__main__":
    main()
