"""(d) 200 letters through `compose_many` against a model that answers after 250 ms.

    python benchmarks/batch_concurrency.py [--letters 200] [--c1-letters 200]

The model is the loopback OpenAI-compatible server (tests/loopback_server.py, run in its
own process) with a fixed 250 ms delay per answer; its answer passes every check, so each
letter is one call. For
concurrency 1, 8 and 32 the wall time is compared with the ideal N / concurrency x 250 ms.
Concurrency 1 can be sampled with fewer letters (--c1-letters) since it takes N x 250 ms.
Target: c=8 and c=32 within 1.2x of ideal.

For scale, at every concurrency above 1 the same number of calls is also made with the
clients bowout is built on, each capped by a semaphore at the same concurrency: a plain
`httpx.AsyncClient` posting the same JSON, the raw `openai.AsyncOpenAI` client and bare
`ChatOpenAI.ainvoke`, with the same messages. Their ratios are what each layer of the stack
costs here, before bowout adds anything. Every client runs --repeats times,
interleaved, and the median is reported. Note that N / concurrency need not be whole: 200
letters at c=32 are 7 rounds of 250 ms, so no client can do better than 1.12x.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable

import _bench

DELAY_MS = 250


Client = tuple[Callable[[], Awaitable[object]], Callable[[], Awaitable[None]]]  # call, close


async def _capped(client: Callable[[], Client], count: int, concurrency: int) -> None:
    call, close = client()
    slots = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with slots:
            await call()

    try:
        await asyncio.gather(*(one() for _ in range(count)))
    finally:
        await close()  # before the loop ends, as compose_many closes its own client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--c1-letters", type=int, default=200)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    _bench.header(f"{args.letters} letters at {DELAY_MS} ms per model answer")

    import httpx
    import openai
    from langchain_openai import ChatOpenAI

    from bowout.llm.prompt import build_messages
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
    base = render(request)
    answer = base.body.replace("Thank you", "Thanks", 1)
    turns = build_messages(request, base.body)
    messages = [{"role": role, "content": content} for role, content in turns]

    with _bench.loopback_model(answer, delay_ms=DELAY_MS) as base_url:
        settings = LLMSettings(mode=LLMMode.ON, base_url=base_url, model="loopback")

        # Each run builds its clients afresh, as compose_many builds its Rewriter: an async
        # client belongs to the event loop it first ran on.
        def raw_calls() -> Client:
            raw = openai.AsyncOpenAI(base_url=base_url, api_key="unused")

            async def call() -> object:
                return await raw.chat.completions.create(model="loopback", messages=messages)  # type: ignore[arg-type]

            return call, raw.close

        def httpx_calls() -> Client:
            # The HTTP layer alone: the same request body, posted and its JSON decoded.
            http = httpx.AsyncClient(limits=httpx.Limits(max_connections=1000))
            body = json.dumps({"model": "loopback", "messages": messages}).encode()
            headers = {"content-type": "application/json"}

            async def call() -> object:
                response = await http.post(
                    f"{base_url}/chat/completions", content=body, headers=headers
                )
                return response.json()

            return call, http.aclose

        def chat_calls() -> Client:
            # Its own HTTP client, as bowout's Rewriter has: without one, langchain_openai
            # shares a cached client across event loops.
            http = openai.DefaultAsyncHttpxClient()
            chat = ChatOpenAI(
                model="loopback", base_url=base_url, api_key="unused", http_async_client=http
            )
            return (lambda: chat.ainvoke(list(turns))), http.aclose

        def run_bowout(count: int, concurrency: int) -> str:
            results = asyncio.run(
                compose_many([request] * count, concurrency=concurrency, settings=settings)
            )
            calls = sum(r.letter.model_calls for r in results if r.letter)
            from_model = sum(1 for r in results if r.letter and r.letter.source == "llm")
            return f"{from_model} from the model, {calls} calls"

        def reference(client: Callable[[], Client]) -> Callable[[int, int], str]:
            def run(count: int, concurrency: int) -> str:
                asyncio.run(_capped(client, count, concurrency))
                return f"{count} calls"

            return run

        clients: dict[str, Callable[[int, int], str]] = {
            "bowout compose_many": run_bowout,
            "plain httpx.AsyncClient": reference(httpx_calls),
            "raw openai.AsyncOpenAI": reference(raw_calls),
            "bare ChatOpenAI.ainvoke": reference(chat_calls),
        }
        # Warm up imports and the first connection outside the timing.
        for run in clients.values():
            run(1, 1)
        for concurrency in args.concurrency:
            count = args.c1_letters if concurrency == 1 else args.letters
            ideal = count / concurrency * DELAY_MS / 1000
            names = list(clients)[:1] if concurrency == 1 else list(clients)
            seconds: dict[str, list[float]] = {name: [] for name in names}
            cpu_ms: dict[str, list[float]] = {name: [] for name in names}
            said: dict[str, str] = {}
            for _ in range(1 if concurrency == 1 else args.repeats):
                for name in names:
                    started, cpu_started = time.perf_counter(), time.process_time()
                    said[name] = clients[name](count, concurrency)
                    seconds[name].append(time.perf_counter() - started)
                    # CPU this process spent per letter: when count x cpu nears the ideal
                    # time, the client, not the model, sets the pace.
                    cpu_ms[name].append((time.process_time() - cpu_started) / count * 1000)
            for name in names:
                mid = _bench.median(seconds[name])
                print(
                    f"c={concurrency:>2} {name}: {count} letters in {mid:.2f} s "
                    f"(runs {', '.join(f'{t:.2f}' for t in seconds[name])}); ideal {ideal:.2f} s; "
                    f"{mid / ideal:.3f}x ideal ({said[name]}; "
                    f"client CPU {_bench.median(cpu_ms[name]):.1f} ms per letter)"
                )


if __name__ == "__main__":
    main()
