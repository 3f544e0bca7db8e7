"""(e) Peak memory (RSS) of one `bowout batch` run over 1,000, 5,000 and 10,000 letters.

    python benchmarks/batch_memory.py [--counts 1000 5000 10000]

Each count runs `bowout batch rows.csv --out letters.jsonl --llm off --quiet` in a fresh
process and reads its peak resident set size from the kernel (wait4's ru_maxrss), so
the figure includes the interpreter and every import. For scale, the same is measured
for `python -c "import typer, jinja2, pydantic"`. Also reported: peak RSS of the library
call `compose_many` for the same letters, which returns every result in a list (so it
grows with the count, by design), and of `compose_as_completed`, which streams.
Target: 10,000 letters <= 120 MB peak, and flat as the count grows.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import tempfile
import time
from pathlib import Path

import _bench

LIBRARY_RUN = """
import asyncio, sys
from pathlib import Path
from bowout.batch import read_rows
from bowout.many import compose_as_completed, compose_many
mode, source = sys.argv[1], Path(sys.argv[2])
def requests():
    return ((r.row, r.request) for r in read_rows(source) if r.request is not None)
async def stream():
    return sum([result.ok async for result in compose_as_completed(requests(), concurrency=8)])
if mode == "many":
    results = asyncio.run(compose_many((q for _, q in requests()), concurrency=8))
    written = sum(r.ok for r in results)
else:
    written = asyncio.run(stream())
print(written)
"""


def peak_rss_mb(command: list[str]) -> tuple[float, float]:
    """Run `command`; return its peak RSS in MB and its wall time in seconds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BOWOUT_"))}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command} failed")
    return usage.ru_maxrss / 1024, seconds  # ru_maxrss is in KiB on Linux


def write_rows(path: Path, count: int) -> None:
    fields = list(dict.fromkeys(k for row in _bench.rows(200) for k in row))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for row in _bench.rows(count):
            cells = {k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()}
            writer.writerow(cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 5000, 10000])
    args = parser.parse_args()
    _bench.header("peak memory of one batch")
    python = str(_bench.BIN / "python")
    bowout = str(_bench.BIN / "bowout")
    base, _ = peak_rss_mb([python, "-c", "import typer, jinja2, pydantic"])
    print(f"baseline python -c 'import typer, jinja2, pydantic': {base:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            source = Path(tmp) / f"rows-{count}.csv"
            write_rows(source, count)
            out = Path(tmp) / f"letters-{count}.jsonl"
            command = [bowout, "batch", str(source), "--out", str(out), "--llm", "off", "--quiet"]
            rss, seconds = peak_rss_mb(command)
            written = sum(1 for _ in out.open(encoding="utf-8"))
            assert written == count, (written, count)
            lib = {
                mode: peak_rss_mb([python, "-c", LIBRARY_RUN, mode, str(source)])[0]
                for mode in ("stream", "many")
            }
            print(
                f"{count:>6} letters: bowout batch peak {rss:.1f} MB in {seconds:.1f} s "
                f"({count / seconds:,.0f} letters/s end to end, {out.stat().st_size / 1e6:.1f} MB "
                f"written); compose_as_completed {lib['stream']:.1f} MB; "
                f"compose_many (keeps all results) {lib['many']:.1f} MB"
            )


if __name__ == "__main__":
    main()
