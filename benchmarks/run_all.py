"""Run every benchmark in turn and print their reports, for the table in README.md.

python benchmarks/run_all.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ["compose_throughput.py"],
    ["cold_start.py"],
    ["llm_overhead.py"],
    ["batch_concurrency.py"],
    ["batch_memory.py"],
    ["budgets.py"],
]


def main() -> None:
    for script, *args in SCRIPTS:
        print(flush=True)
        subprocess.run([sys.executable, str(HERE / script), *args], check=True)


if __name__ == "__main__":
    main()
