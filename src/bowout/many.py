"""Many letters at once: `compose_many` and its streaming twin `compose_as_completed`.

At most `concurrency` letters are in flight at a time, and a new one starts only when a
slot frees up, so memory stays flat however many requests an iterator yields. One failing
request never sinks the others: its error is recorded on its result.

asyncio is imported inside the functions: `import bowout` and the CLI's cold start must not
pay for it when no batch runs.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable
from typing import TYPE_CHECKING

from bowout.compose import acompose
from bowout.errors import BowoutError
from bowout.llm.client import Rewriter
from bowout.models import Letter, LetterRequest, StrictModel
from bowout.settings import LLMSettings

if TYPE_CHECKING:
    import asyncio

DEFAULT_CONCURRENCY = 8


class BatchResult(StrictModel):
    """One request's outcome: a letter, or the one-line reason there is none."""

    index: int
    request: LetterRequest | None = None
    letter: Letter | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.letter is not None


def describe_failure(err: Exception) -> str:
    # Our own errors already read as one line for a user; anything else is a fault worth
    # naming by type so it can be reported.
    if isinstance(err, BowoutError):
        return str(err)
    return f"{type(err).__name__}: {err}"


async def _compose_one(
    index: int, request: LetterRequest, settings: LLMSettings | None, rewriter: Rewriter | None
) -> BatchResult:
    try:
        letter = await acompose(request, settings, rewriter=rewriter)
    except Exception as err:  # one bad request must not stop the batch
        return BatchResult(index=index, request=request, error=describe_failure(err))
    return BatchResult(index=index, request=request, letter=letter)


async def compose_as_completed(
    items: Iterable[tuple[int, LetterRequest]],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    settings: LLMSettings | None = None,
    rewriter: Rewriter | None = None,
) -> AsyncGenerator[BatchResult, None]:
    """Compose each `(index, request)` and yield results as they finish (not in order).

    `items` is consumed lazily. Every letter shares one model client: `rewriter`, or one
    built here from `settings` (the client itself is only created if a letter needs it).
    Closing the iterator early (or cancelling its consumer) cancels the letters in flight.
    """
    import asyncio

    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    # A client built here is closed here; one passed in belongs to the caller.
    own_client = rewriter is None and settings is not None
    if rewriter is None and settings is not None:
        rewriter = Rewriter(settings)
    slots = asyncio.BoundedSemaphore(concurrency)
    # Bounded too: a slot is freed only once its result is queued, so a slow consumer
    # holds back new work instead of letting finished letters pile up in memory.
    finished: asyncio.Queue[BatchResult | None] = asyncio.Queue(maxsize=concurrency)
    in_flight: set[asyncio.Task[None]] = set()

    async def run(index: int, request: LetterRequest) -> None:
        try:
            await finished.put(await _compose_one(index, request, settings, rewriter))
        finally:
            slots.release()

    async def wind_down() -> None:
        # Wait for the last slots to come back, then say that nothing more is coming.
        for _ in range(concurrency):
            await slots.acquire()
        await finished.put(None)

    async def feed() -> None:
        try:
            for index, request in items:
                await slots.acquire()
                task = asyncio.create_task(run(index, request))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
        except Exception:
            # The iterator itself failed (e.g. a file became unreadable): hand over the
            # letters already in flight, then let the consumer see the error.
            await wind_down()
            raise
        await wind_down()

    feeder = asyncio.create_task(feed())
    try:
        while (result := await finished.get()) is not None:
            yield result
        await feeder  # surfaces an error raised by the `items` iterator itself
    finally:
        await _cancel([feeder, *in_flight])
        if own_client and rewriter is not None:
            await rewriter.aclose()


async def _cancel(tasks: list[asyncio.Task[None]]) -> None:
    import asyncio

    pending = [task for task in tasks if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)


async def compose_many(
    requests: Iterable[LetterRequest],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    settings: LLMSettings | None = None,
    rewriter: Rewriter | None = None,
) -> list[BatchResult]:
    """Compose every request, at most `concurrency` at a time, sharing one model client;
    results in input order, each with its letter or its error.

    ```
    results = asyncio.run(compose_many(requests, concurrency=8))
    for result in results:
        print(result.letter.as_text() if result.ok else f"#{result.index}: {result.error}")
    ```
    """
    results = [
        result
        async for result in compose_as_completed(
            enumerate(requests), concurrency=concurrency, settings=settings, rewriter=rewriter
        )
    ]
    results.sort(key=lambda result: result.index)
    return results
