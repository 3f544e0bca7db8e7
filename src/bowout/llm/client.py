"""The model client: one LangChain `ChatOpenAI` per Rewriter, shared by every letter it writes.

openai and langchain_openai are imported here, inside functions, and nowhere else, so the
template path never pays for them.

Time is ours, not the OpenAI client's: its timeout and retries are per request, so a server
that drips one byte a second, or asks for Retry-After: 119 twice, could keep a person
waiting for minutes. Every call here runs under one `Deadline` per letter (asyncio's
timeout cancels the call wherever it is: connecting, waiting, or reading a dripping body);
the client's own retries are off and we retry, honouring Retry-After for 429 and 503 alike,
only while the wait and another attempt fit in what is left. Blocking callers get the
same code on a private event loop in a background thread.

Redirects to another origin are refused (the letter's details would go to a server the
user never named); the message names the target.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
import weakref
from collections.abc import Coroutine
from contextlib import suppress
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, TypeVar

from bowout.errors import LLMError
from bowout.models import StrictModel
from bowout.settings import KEY_HINT, LLMSettings, origin, redact_url

if TYPE_CHECKING:
    from collections.abc import Sequence

    from langchain_openai import ChatOpenAI

    from bowout.llm.prompt import Turn

T = TypeVar("T")

# What openai-python retries: timeouts, conflicts, rate limits and server errors.
_RETRY_STATUSES = frozenset({408, 409, 429})
# An attempt needs at least this long to be worth starting after a wait.
_MIN_ATTEMPT_S = 0.5


class Reply(StrictModel):
    """One model answer and what it cost."""

    text: str
    finish_reason: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0


class Deadline:
    """When one letter must be done by, from its first call to its last retry."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._ends = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._ends - time.monotonic())

    def fits(self, wait: float) -> bool:
        """Whether waiting `wait` seconds still leaves time for another attempt."""
        return wait + _MIN_ATTEMPT_S <= self.remaining()


class CrossOriginRedirect(Exception):
    """The server redirected to another origin; bowout does not follow it."""

    def __init__(self, target: str) -> None:
        self.target = target
        super().__init__(f"redirected to {target}")


def _retry_after(headers: Any) -> float | None:
    """Seconds a server asks to wait: retry-after-ms, or Retry-After in seconds or as a date."""
    if headers is None:
        return None
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            return max(0.0, float(value) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _causes(err: BaseException) -> list[BaseException]:
    chain = []
    seen: BaseException | None = err
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    return chain


def _redirect_in(err: BaseException) -> CrossOriginRedirect | None:
    return next((e for e in _causes(err) if isinstance(e, CrossOriginRedirect)), None)


def _refuse_cross_origin(response: Any) -> None:
    """httpx response hook: a redirect to another scheme, host or port is not followed."""
    if not response.has_redirect_location:
        return
    target = response.request.url.join(response.headers["location"])
    if origin(str(target)) != origin(str(response.request.url)):
        raise CrossOriginRedirect(redact_url(str(target)))


async def _arefuse_cross_origin(response: Any) -> None:
    _refuse_cross_origin(response)


def build_chat_model(settings: LLMSettings) -> ChatOpenAI:
    if settings.insecure_key():
        raise LLMError(
            f"refusing to send an API key over plain http to {settings.endpoint}: use an "
            "https:// --base-url, or no key for a server that needs none",
            reason="insecure",
        )
    import openai
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        api_key=settings.key_for_client(),
        temperature=settings.temperature,
        seed=settings.seed,
        max_tokens=settings.max_tokens,
        # The deadline cancels the call first; this only keeps the client from giving up
        # on its own per-request clock before ours.
        timeout=settings.timeout + 5,
        max_retries=0,
        http_client=openai.DefaultHttpxClient(event_hooks={"response": [_refuse_cross_origin]}),
        http_async_client=openai.DefaultAsyncHttpxClient(
            event_hooks={"response": [_arefuse_cross_origin]}
        ),
    )


def timed_out(settings: LLMSettings, deadline: Deadline) -> LLMError:
    return LLMError(
        f"no letter from {settings.endpoint} within {deadline.seconds:g} s: raise --timeout, "
        "or try again later",
        reason="timeout",
    )


def _key_advice(settings: LLMSettings) -> str:
    if settings.key_from is not None:
        return f"check the key from {settings.key_from}"
    if settings.held_back is not None:
        return f"{settings.held_back} was not sent to this server; {KEY_HINT}"
    return KEY_HINT


def _wait_phrase(err: Any, deadline: Deadline | None) -> str:
    response = getattr(err, "response", None)
    wait = _retry_after(getattr(response, "headers", None))
    if wait is None:
        return ""
    if deadline is not None and not deadline.fits(wait):
        return f", asked to wait {wait:g} s, more than this letter's {deadline.seconds:g} s allow"
    return f", asked to wait {wait:g} s"


def explain(err: Exception, settings: LLMSettings, deadline: Deadline | None = None) -> LLMError:
    """A one-line message that says what went wrong and what to do about it."""
    import openai

    where = settings.endpoint
    if isinstance(err, LLMError):
        return err
    redirect = _redirect_in(err)
    if redirect is not None:
        return LLMError(
            f"{where} redirected the request to {redirect.target}, another server, which "
            "bowout does not follow: give that address with --base-url if you trust it",
            reason="redirected",
        )
    if isinstance(err, openai.AuthenticationError):
        return LLMError(
            f"{where} rejected the request for want of a valid API key (HTTP 401): "
            f"{_key_advice(settings)}",
            reason="unauthorized",
        )
    if isinstance(err, openai.PermissionDeniedError):
        return LLMError(
            f"{where} refused access to model {settings.model!r} (HTTP 403): "
            "check the key's permissions or pick another --model",
            reason="forbidden",
        )
    if isinstance(err, openai.NotFoundError):
        return LLMError(
            f"model {settings.model!r} was not found at {where} (HTTP 404): "
            "check --model (or BOWOUT_MODEL) and --base-url",
            reason="model-not-found",
        )
    if isinstance(err, openai.RateLimitError):
        return LLMError(
            f"{where} is rate limiting requests (HTTP 429{_wait_phrase(err, deadline)}) and "
            "retries ran out: try again in a minute, or use --llm off",
            reason="rate-limited",
        )
    if isinstance(err, openai.APIStatusError):
        code = err.status_code
        if code >= 500:
            return LLMError(
                f"{where} failed with HTTP {code}{_wait_phrase(err, deadline)}: try again "
                "later, or use --llm off",
                reason="server-error",
            )
        if 300 <= code < 400:
            return LLMError(
                f"{where} answered with a redirect (HTTP {code}) bowout does not follow: "
                "check --base-url",
                reason="redirected",
            )
        return LLMError(
            f"{where} refused the request (HTTP {code}): check --model and --base-url",
            reason="refused",
        )
    if isinstance(err, openai.APITimeoutError | TimeoutError):
        seconds = deadline.seconds if deadline is not None else settings.timeout
        return LLMError(
            f"no letter from {where} within {seconds:g} s: raise --timeout, or try again later",
            reason="timeout",
        )
    if isinstance(err, openai.APIConnectionError):
        return LLMError(
            f"cannot connect to {where}: check that the server is running and --base-url is right",
            reason="connection",
        )
    # A 200 answer that is not a chat completion (malformed JSON, an HTML page, ...).
    return LLMError(
        f"{where} sent something that is not a chat completion ({type(err).__name__}): "
        "check that --base-url points at an OpenAI-compatible /v1 endpoint",
        reason="bad-response",
    )


def retry_wait(err: Exception, attempt: int) -> float | None:
    """How long to wait before retrying after `err` (attempt 0 is the first retry), or None
    when it is not worth retrying: what openai-python would retry, with its backoff."""
    import openai

    if _redirect_in(err) is not None:
        return None
    if isinstance(err, openai.APIStatusError):
        response = err.response
        asked = response.headers.get("x-should-retry")
        if asked == "false":
            return None
        if asked != "true" and err.status_code not in _RETRY_STATUSES and err.status_code < 500:
            return None
        wait = _retry_after(response.headers)
        if wait is not None:
            return wait
    elif not isinstance(err, openai.APIConnectionError):
        return None
    backoff: float = min(0.5 * 2**attempt, 8.0)
    return backoff * random.uniform(0.75, 1.0)


class _LoopThread:
    """A private event loop on a daemon thread: blocking callers run the async path here,
    so the deadline cancels a call the same way for them, and the client it holds keeps
    its connections from one letter to the next."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.chat: ChatOpenAI | None = None
        self._thread = threading.Thread(
            target=self.loop.run_forever, name="bowout-model-client", daemon=True
        )
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout)
        except BaseException:
            future.cancel()  # e.g. Ctrl-C while waiting: stop the call too
            raise

    def stop(self) -> None:
        """Close the client's connections on the loop, then end the loop and its thread."""
        if self.loop.is_closed():
            return
        chat, self.chat = self.chat, None
        if chat is not None and threading.current_thread() is not self._thread:
            with suppress(Exception):
                self.run(_close_chat(chat), timeout=5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)
            if not self._thread.is_alive():
                self.loop.close()


class Rewriter:
    """A configured model client. Build one per run and pass it to every `acompose` call:
    the HTTP connection pool is shared, so many letters cost one client."""

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings
        self._chat: ChatOpenAI | None = None
        # For blocking calls: their own loop and client (an async client belongs to a loop).
        self._loop: _LoopThread | None = None
        self._lock = threading.Lock()

    @property
    def chat(self) -> ChatOpenAI:
        if self._chat is None:
            self._chat = build_chat_model(self.settings)
        return self._chat

    def _reply(self, message: Any, started: float) -> Reply:
        content = message.content
        text = content if isinstance(content, str) else ""
        meta = message.response_metadata or {}
        usage = message.usage_metadata or {}
        reply = Reply(
            text=text,
            finish_reason=meta.get("finish_reason"),
            input_tokens=usage.get("input_tokens", 0),
            output_tokens=usage.get("output_tokens", 0),
            seconds=time.perf_counter() - started,
        )
        where = self.settings.endpoint
        if reply.finish_reason == "length":
            raise LLMError(
                f"the answer from {self.settings.model!r} at {where} was cut off at "
                f"{self.settings.max_tokens} tokens: try another --model",
                reason="truncated",
            )
        if not reply.text.strip():
            raise LLMError(
                f"{self.settings.model!r} at {where} gave an empty answer: try again, or "
                "try another --model",
                reason="empty",
            )
        return reply

    async def _call(self, chat: ChatOpenAI, turns: Sequence[Turn], deadline: Deadline) -> Reply:
        """One call with its retries, all within `deadline`."""
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                remaining = deadline.remaining()
                if remaining <= 0:
                    raise TimeoutError
                async with asyncio.timeout(remaining):
                    message = await chat.ainvoke(list(turns))
            except TimeoutError:
                raise timed_out(self.settings, deadline) from None
            except Exception as err:
                wait = retry_wait(err, attempt) if attempt < self.settings.max_retries else None
                if wait is None or not deadline.fits(wait):
                    raise explain(err, self.settings, deadline) from err
                await asyncio.sleep(wait)
                attempt += 1
                continue
            return self._reply(message, started)

    def complete(self, turns: Sequence[Turn], deadline: Deadline | None = None) -> Reply:
        """Blocking: the call runs on the Rewriter's own event loop, under `deadline` (a new
        one of `settings.timeout` seconds when not given)."""
        deadline = deadline or Deadline(self.settings.timeout)
        with self._lock:
            if self._loop is None:
                self._loop = _LoopThread()
                # A Rewriter dropped without close() still ends its thread and connections.
                weakref.finalize(self, self._loop.stop)
            loop = self._loop
        return loop.run(self._blocking(loop, turns, deadline))

    async def _blocking(
        self, loop: _LoopThread, turns: Sequence[Turn], deadline: Deadline
    ) -> Reply:
        try:
            if loop.chat is None:
                loop.chat = build_chat_model(self.settings)
            return await self._call(loop.chat, turns, deadline)
        except LLMError:
            raise
        except Exception as err:
            raise explain(err, self.settings, deadline) from err

    async def acomplete(self, turns: Sequence[Turn], deadline: Deadline | None = None) -> Reply:
        deadline = deadline or Deadline(self.settings.timeout)
        try:
            return await self._call(self.chat, turns, deadline)
        except LLMError:
            raise
        except Exception as err:
            raise explain(err, self.settings, deadline) from err

    async def aclose(self) -> None:
        """Close the client's connections. Needed before its event loop ends: an async
        client left open is closed later by the garbage collector, on a loop that is gone."""
        if self._chat is not None:
            chat, self._chat = self._chat, None
            await _close_chat(chat)
        self.close()

    def close(self) -> None:
        """Close what blocking calls opened: their client and their event loop thread."""
        with self._lock:
            loop, self._loop = self._loop, None
        if loop is not None:
            loop.stop()


async def _close_chat(chat: ChatOpenAI) -> None:
    if chat.http_async_client is not None:
        await chat.http_async_client.aclose()
    if chat.http_client is not None:
        chat.http_client.close()
