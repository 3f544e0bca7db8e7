"""Many letters through a model: the concurrency bound, order, and letters that fall back.

The model is a loopback OpenAI-compatible server (tests/loopback_server.py), over real HTTP.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bowout.cli import app
from bowout.many import compose_many
from bowout.models import LetterRequest
from bowout.render import render
from bowout.settings import LLMMode, LLMSettings
from loopback_server import LOOPBACK_HOSTS, LoopbackLLM, delay, server_error

pytestmark = pytest.mark.block_network(allowed_hosts=LOOPBACK_HOSTS)


def requests(count: int) -> list[LetterRequest]:
    return [
        LetterRequest(scenario="withdraw", sender_name="Ana Lima", company="Acme")  # type: ignore[arg-type]
        for _ in range(count)
    ]


def good_answer() -> str:
    return render(requests(1)[0]).body.replace("Thank you", "Thanks", 1)


def settings_for(server: LoopbackLLM) -> LLMSettings:
    return LLMSettings(mode=LLMMode.ON, base_url=server.base_url, model="loopback", max_retries=0)


def most_in_flight(server: LoopbackLLM, seconds: float) -> int:
    """The most requests the server was holding at once (each is held `seconds`)."""
    arrivals = [r.at for r in server.requests]
    return max(sum(1 for t in arrivals if t <= at < t + seconds) for at in arrivals)


def test_at_most_concurrency_letters_are_in_flight(loopback_llm: LoopbackLLM) -> None:
    loopback_llm.script(delay(300, good_answer()))
    results = asyncio.run(
        compose_many(requests(9), concurrency=3, settings=settings_for(loopback_llm))
    )
    assert [r.index for r in results] == list(range(9))
    assert all(r.letter is not None and r.letter.source == "llm" for r in results), results[0]
    assert len(loopback_llm.requests) == 9
    assert most_in_flight(loopback_llm, 0.3) == 3


def test_a_failing_model_call_does_not_sink_the_batch(loopback_llm: LoopbackLLM) -> None:
    answer = good_answer()
    # One call in the middle fails; --strict makes that letter an error instead of a fallback.
    loopback_llm.script(delay(50, answer), delay(50, answer), server_error(), delay(50, answer))
    strict = settings_for(loopback_llm).model_copy(update={"strict": True})
    results = asyncio.run(compose_many(requests(6), concurrency=1, settings=strict))
    failed = [r.index for r in results if r.error is not None]
    assert failed == [2]
    assert "HTTP 500" in str(results[2].error)
    assert all(r.letter is not None for r in results if r.index != 2)


def test_batch_summary_says_why_letters_fell_back(
    loopback_llm: LoopbackLLM, tmp_path: Path
) -> None:
    loopback_llm.script(server_error(503))
    source = tmp_path / "rows.jsonl"
    source.write_text(
        "".join(
            json.dumps({"scenario": "withdraw", "sender_name": "A", "company": "B"}) + "\n"
            for _ in range(3)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    args = ["batch", str(source), "--out", str(out), "--llm", "on"]
    args += ["--base-url", loopback_llm.base_url, "--model", "loopback"]
    result = CliRunner().invoke(app, args, env={"OPENAI_API_KEY": ""})
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        f"bowout: {out}: 3 written (0 from the model, 3 fell back to the template), 0 invalid"
    )
    assert lines[1].startswith("bowout: 3 fell back to the template, e.g. because ")
    assert "HTTP 503" in lines[1]
    letters = [json.loads(line)["letter"] for line in out.read_text().splitlines()]
    assert [letter["source"] for letter in letters] == ["template"] * 3


def unclosed_connections(run: Callable[[], None]) -> list[str]:
    """What `run` leaves for the garbage collector: "unclosed transport" warnings."""
    import gc
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        run()
        gc.collect()
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


def test_a_batch_closes_the_client_it_built(loopback_llm: LoopbackLLM) -> None:
    # Each asyncio.run is its own event loop; connections a batch leaves open outlive it
    # and are only reclaimed by the garbage collector.
    loopback_llm.script(delay(10, good_answer()))

    def two_batches() -> None:
        for _ in range(2):
            results = asyncio.run(
                compose_many(requests(4), concurrency=4, settings=settings_for(loopback_llm))
            )
            assert all(r.letter is not None and r.letter.source == "llm" for r in results)

    assert unclosed_connections(two_batches) == []


def test_acompose_without_a_rewriter_closes_its_own_client(loopback_llm: LoopbackLLM) -> None:
    from bowout.compose import acompose

    loopback_llm.script(delay(0, good_answer()))

    def two_letters() -> None:
        for request in requests(2):
            letter = asyncio.run(acompose(request, settings_for(loopback_llm)))
            assert letter.source == "llm"

    assert unclosed_connections(two_letters) == []


def test_plain_compose_calls_share_one_connection(loopback_llm: LoopbackLLM) -> None:
    # Building a client costs more than a letter; a script calling compose() in a loop
    # should pay for it once.
    from bowout.compose import compose

    loopback_llm.script(delay(0, good_answer()))
    settings = settings_for(loopback_llm)
    letters = [compose(request, settings) for request in requests(3)]
    assert [letter.source for letter in letters] == ["llm"] * 3
    assert len({received.client_port for received in loopback_llm.requests}) == 1
