"""Where deterministic compose spends its time: cProfile over the sample requests.

    python benchmarks/profile_compose.py [--rounds 20] [--top 25]

Prints the share of time in each bowout module (own time, so nothing is counted twice)
and the functions with the most own time. Use it when compose_throughput.py misses its
target, to see which file and function to look at.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from collections import defaultdict

import _bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    _bench.header("profile of deterministic compose")

    from bowout.compose import compose

    requests = _bench.sample_requests()
    for request in requests:  # warm-up outside the profile
        compose(request)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.rounds):
        for request in requests:
            compose(request)
    profile.disable()
    stats = pstats.Stats(profile)
    letters = args.rounds * len(requests)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"# {letters:,} letters, {total / letters * 1000:.3f} ms each under the profiler")

    by_module: dict[str, float] = defaultdict(float)
    rows = []
    for (path, line, name), (_, calls, own, _cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = path.split("/src/")[-1] if "/src/bowout/" in path else "(python and libraries)"
        by_module[where] += own
        rows.append((own, calls, f"{path.split('/')[-1]}:{line}({name})", where))
    print("\nown time by module:")
    for where, own in sorted(by_module.items(), key=lambda item: -item[1]):
        if own / total >= 0.01:
            print(f"  {own / total:6.1%}  {where}")
    print(f"\ntop {args.top} functions by own time:")
    for own, calls, name, where in sorted(rows, reverse=True)[: args.top]:
        print(f"  {own / total:6.1%}  {calls:>9,} calls  {name}  [{where}]")


if __name__ == "__main__":
    main()
