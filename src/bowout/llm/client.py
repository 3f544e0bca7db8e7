"""The model client: one LangChain `ChatOpenAI` per Rewriter, shared by every letter it writes.

openai and langchain_openai are imported here, inside functions, and nowhere else, so the
template path never pays for them. Retries, backoff (honouring Retry-After) and timeouts are
the OpenAI client's own; we only cap how long a Retry-After we are willing to wait and turn
each failure into an `LLMError` whose message tells the user what to do.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from bowout.errors import LLMError
from bowout.models import StrictModel
from bowout.settings import LLMSettings

if TYPE_CHECKING:
    from collections.abc import Sequence

    from langchain_openai import ChatOpenAI

    from bowout.llm.prompt import Turn


class Reply(StrictModel):
    """One model answer and what it cost."""

    text: str
    finish_reason: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0


def _retry_after(headers: Any) -> float | None:
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return float(value) * scale
        except ValueError:
            return None  # an HTTP date: the client's own rules apply
    return None


def _cap_retry_wait(settings: LLMSettings) -> tuple[Any, Any]:
    """httpx response hooks that tell the OpenAI client not to retry when the server asks
    for a longer wait than `settings.max_retry_wait` (the client obeys x-should-retry)."""

    def hook(response: Any) -> None:
        if response.status_code == 429:
            wait = _retry_after(response.headers)
            if wait is not None and wait > settings.max_retry_wait:
                response.headers["x-should-retry"] = "false"

    async def ahook(response: Any) -> None:
        hook(response)

    return hook, ahook


def build_chat_model(settings: LLMSettings) -> ChatOpenAI:
    import openai
    from langchain_openai import ChatOpenAI

    hook, ahook = _cap_retry_wait(settings)
    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        api_key=settings.key_for_client(),
        temperature=settings.temperature,
        seed=settings.seed,
        max_tokens=settings.max_tokens,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        http_client=openai.DefaultHttpxClient(event_hooks={"response": [hook]}),
        http_async_client=openai.DefaultAsyncHttpxClient(event_hooks={"response": [ahook]}),
    )


def explain(err: Exception, settings: LLMSettings) -> LLMError:
    """A one-line message that says what went wrong and what to do about it."""
    import openai

    where = settings.endpoint
    if isinstance(err, LLMError):
        return err
    if isinstance(err, openai.AuthenticationError):
        return LLMError(
            f"{where} rejected the API key (HTTP 401): check OPENAI_API_KEY",
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
        wait = _retry_after(err.response.headers)
        asked = f", asked to wait {wait:g} s" if wait is not None else ""
        return LLMError(
            f"{where} is rate limiting requests (HTTP 429{asked}) and retries ran out: "
            "try again in a minute, or use --llm off",
            reason="rate-limited",
        )
    if isinstance(err, openai.APIStatusError):
        code = err.status_code
        if code >= 500:
            return LLMError(
                f"{where} failed with HTTP {code}: try again later, or use --llm off",
                reason="server-error",
            )
        return LLMError(
            f"{where} refused the request (HTTP {code}): check --model and --base-url",
            reason="refused",
        )
    if isinstance(err, openai.APITimeoutError):
        return LLMError(
            f"no answer from {where} within {settings.timeout:g} s: raise --timeout, "
            "or try again later",
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


class Rewriter:
    """A configured model client. Build one per run and pass it to every `acompose` call:
    the HTTP connection pool is shared, so many letters cost one client."""

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings
        self._chat: ChatOpenAI | None = None

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

    def complete(self, turns: Sequence[Turn]) -> Reply:
        started = time.perf_counter()
        try:
            message = self.chat.invoke(list(turns))
            return self._reply(message, started)
        except Exception as err:
            raise explain(err, self.settings) from err

    async def aclose(self) -> None:
        """Close the client's connections. Needed before its event loop ends: an async
        client left open is closed later by the garbage collector, on a loop that is gone."""
        if self._chat is not None:
            chat, self._chat = self._chat, None
            if chat.http_async_client is not None:
                await chat.http_async_client.aclose()
            if chat.http_client is not None:
                chat.http_client.close()

    async def acomplete(self, turns: Sequence[Turn]) -> Reply:
        started = time.perf_counter()
        try:
            message = await self.chat.ainvoke(list(turns))
            return self._reply(message, started)
        except Exception as err:
            raise explain(err, self.settings) from err
