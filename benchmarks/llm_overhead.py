"""(c) What the LLM path adds per letter, against a loopback server that answers at once.

    python benchmarks/llm_overhead.py [--calls 300]

Each client sends the same messages to the same loopback OpenAI-compatible server
(tests/loopback_server.py, in its own process), whose answer is a letter that passes
every check:
  - raw `openai` client: `client.chat.completions.create(...)`;
  - bare LangChain: `ChatOpenAI(...).invoke(messages)`;
  - bowout: `compose_outcome(request, settings, rewriter=shared)` -- render, input screen,
    prompt, the same ChatOpenAI call, answer clean-up and every guardrail check;
  - and `compose(request, settings)`, the one-call API, which reuses one client per settings.
Calls are interleaved in rounds so background load hits all of them alike; the figure is
the median per call. Target: bowout <= 5 ms above bare ChatOpenAI.invoke.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import _bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="calls per client")
    args = parser.parse_args()
    _bench.header("LLM-path overhead per letter")

    import openai
    from langchain_openai import ChatOpenAI

    from bowout.compose import Rewriter, compose, compose_outcome
    from bowout.llm.prompt import build_messages
    from bowout.models import LetterRequest
    from bowout.render import render
    from bowout.settings import LLMMode, LLMSettings

    request = LetterRequest.model_validate(
        {
            "scenario": "withdraw",
            "sender_name": "Ana Lima",
            "company": "Acme Analytics",
            "role": "Senior Data Engineer",
            "interviewers": ["Dana Lee", "Sam Roe"],
            "topic": "the billing migration",
        }
    )
    base = render(request)
    answer = base.body.replace("Thank you", "Thanks", 1)
    turns = build_messages(request, base.body)
    messages = [{"role": role, "content": content} for role, content in turns]

    with _bench.loopback_model(answer) as base_url:
        settings = LLMSettings(mode=LLMMode.ON, base_url=base_url, model="loopback", max_retries=0)
        raw = openai.OpenAI(base_url=base_url, api_key="unused", max_retries=0)
        chat = ChatOpenAI(
            model="loopback",
            base_url=base_url,
            api_key="unused",  # type: ignore[arg-type]
            max_retries=0,
            temperature=settings.temperature,
            seed=settings.seed,
        )
        rewriter = Rewriter(settings)

        def ours() -> None:
            outcome = compose_outcome(request, settings, rewriter=rewriter)
            if outcome.letter.source != "llm" or outcome.letter.model_calls != 1:
                raise SystemExit(f"not a one-call model letter: {outcome.letter.fallback_reason}")

        clients: dict[str, Callable[[], object]] = {
            "raw openai client": lambda: raw.chat.completions.create(
                model="loopback", messages=messages, temperature=0, seed=settings.seed
            ),
            "bare ChatOpenAI.invoke": lambda: chat.invoke(turns),
            "bowout compose_outcome (shared Rewriter)": ours,
            "bowout compose(request, settings)": lambda: compose(request, settings),
        }
        times: dict[str, list[float]] = {name: [] for name in clients}
        for call in clients.values():  # warm up: connections, imports, caches
            for _ in range(20):
                call()
        for _ in range(args.calls):
            for name, call in clients.items():
                started = time.perf_counter()
                call()
                times[name].append((time.perf_counter() - started) * 1000)

    bare = _bench.median(times["bare ChatOpenAI.invoke"])
    print(f"# {args.calls} calls each, interleaved; median and p95 per call")
    for name, samples in times.items():
        mid = _bench.median(samples)
        p95 = _bench.percentile(samples, 0.95)
        print(f"{name}: {mid:.2f} ms (p95 {p95:.2f}); {mid - bare:+.2f} ms vs bare ChatOpenAI")


if __name__ == "__main__":
    main()
