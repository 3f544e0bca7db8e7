"""(d) 200 letters through `compose_many` against a model that answers after 250 ms.

    python benchmarks/batch_concurrency.py [--letters 200] [--c1-letters 200]

The model is the loopback OpenAI-compatible server (tests/loopback_server.py, run in its
own process) with a fixed 250 ms delay per answer; its answer passes every check, so each
letter is one call. For
concurrency 1, 8 and 32 the wall time is compared with the ideal N / concurrency x 250 ms.
Concurrency 1 can be sampled with fewer letters (--c1-letters) since it takes N x 250 ms.
Target: c=8 and c=32 within 1.2x of ideal.
"""

from __future__ import annotations

import argparse
import asyncio
import time

import _bench

DELAY_MS = 250


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--c1-letters", type=int, default=200)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    args = parser.parse_args()
    _bench.header(f"{args.letters} letters at {DELAY_MS} ms per model answer")

    from bowout.many import compose_many
    from bowout.models import LetterRequest
    from bowout.render import render
    from bowout.settings import LLMMode, LLMSettings

    fields = {
        "scenario": "withdraw",
        "sender_name": "Ana Lima",
        "company": "Acme Analytics",
        "interviewers": ["Dana Lee"],
        "topic": "the billing migration",
    }
    request = LetterRequest.model_validate(fields)
    answer = render(request).body.replace("Thank you", "Thanks", 1)

    with _bench.loopback_model(answer, delay_ms=DELAY_MS) as base_url:
        settings = LLMSettings(mode=LLMMode.ON, base_url=base_url, model="loopback")
        # Warm up imports and the first connection outside the timing.
        asyncio.run(compose_many([request], concurrency=1, settings=settings))
        for concurrency in args.concurrency:
            count = args.c1_letters if concurrency == 1 else args.letters
            started, cpu_started = time.perf_counter(), time.process_time()
            results = asyncio.run(
                compose_many([request] * count, concurrency=concurrency, settings=settings)
            )
            seconds = time.perf_counter() - started
            # CPU this process spent per letter: when count x cpu nears the ideal time, the
            # client, not the model, sets the pace.
            cpu_ms = (time.process_time() - cpu_started) / count * 1000
            calls = sum(r.letter.model_calls for r in results if r.letter)
            from_model = sum(1 for r in results if r.letter and r.letter.source == "llm")
            ideal = count / concurrency * DELAY_MS / 1000
            print(
                f"c={concurrency:>2}: {count} letters in {seconds:.2f} s; ideal {ideal:.2f} s; "
                f"{seconds / ideal:.3f}x ideal ({from_model} from the model, {calls} calls; "
                f"client CPU {cpu_ms:.1f} ms per letter)"
            )


if __name__ == "__main__":
    main()
