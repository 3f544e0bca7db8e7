"""(a) Deterministic compose throughput on one core, and `check` latency per letter.

    python benchmarks/compose_throughput.py [--seconds 5]

Throughput: `compose(request)` with no LLM (render + every guardrail check) over requests
covering every scenario x channel x tone, minimal and full, for a fixed time.
Latency: `check(text, context)` timed one letter at a time, on the letters compose wrote
(with their request as context, as compose checks them) and on the same text with no
context (as `bowout check` sees a pasted draft). Targets: >= 2,000 letters/s; check
median <= 1 ms.
"""

from __future__ import annotations

import argparse
import gc
import time

import _bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    args = parser.parse_args()
    _bench.header("compose throughput and check latency")
    cpu = _bench.pin_to_one_core()
    print(f"# pinned to CPU {cpu}")

    from bowout.compose import compose
    from bowout.guardrails import check
    from bowout.models import CheckContext
    from bowout.render import render

    requests = _bench.sample_requests()
    print(f"# {len(requests)} distinct requests (scenario x channel x tone, minimal and full)")
    letters = [compose(r) for r in requests]  # warm-up: compiles templates, fills caches
    contexts = [CheckContext.for_request(r) for r in requests]

    def rate(work: object) -> tuple[float, int]:
        done = 0
        started = time.perf_counter()
        deadline = started + args.seconds
        while time.perf_counter() < deadline:
            for request in requests:
                work(request)  # type: ignore[operator]
            done += len(requests)
        return done / (time.perf_counter() - started), done

    gc.collect()
    compose_rate, composed = rate(compose)
    render_rate, _ = rate(render)
    print(f"compose (render + all checks): {compose_rate:,.0f} letters/s ({composed:,} letters)")
    print(f"render only:                   {render_rate:,.0f} letters/s")

    def latencies(with_context: bool) -> list[float]:
        samples: list[float] = []
        deadline = time.perf_counter() + args.seconds
        while time.perf_counter() < deadline:
            for letter, context in zip(letters, contexts, strict=True):
                ctx = context if with_context else None
                started = time.perf_counter_ns()
                check(letter.body, ctx)
                samples.append((time.perf_counter_ns() - started) / 1e6)
        return samples

    for label, with_context in (("with request context", True), ("no context (a draft)", False)):
        samples = latencies(with_context)
        print(
            f"check {label}: median {_bench.median(samples):.3f} ms, "
            f"p95 {_bench.percentile(samples, 0.95):.3f} ms, max {max(samples):.3f} ms "
            f"({len(samples):,} checks)"
        )
    words = sorted(len(letter.body.split()) for letter in letters)
    print(f"# letters checked: {words[0]}-{words[-1]} words (median {_bench.median(words)})")


if __name__ == "__main__":
    main()
