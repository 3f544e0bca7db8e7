"""How the optional LLM layer is configured: flags first, then the environment."""

from __future__ import annotations

import os

from pydantic import Field, SecretStr

from bowout.choices import LLMMode as LLMMode
from bowout.models import StrictModel

DEFAULT_MODEL = "gpt-4.1-mini"
# Local OpenAI-compatible servers (Ollama, llama.cpp, vLLM, LM Studio) ignore the key, but
# the OpenAI client refuses to start without one.
PLACEHOLDER_KEY = "not-needed"


class LLMSettings(StrictModel):
    """Model, endpoint, key and limits. The time one letter can take is bounded: at most two
    calls (the rewrite and one reask), each at most `max_retries + 1` attempts of `timeout`
    seconds; between attempts the client waits what Retry-After asks, up to `max_retry_wait`
    seconds, or its own backoff of at most 8 seconds."""

    mode: LLMMode = LLMMode.AUTO
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    # Seconds per HTTP call; the client retries failed calls `max_retries` times.
    timeout: float = Field(default=60.0, gt=0, le=600)
    max_retries: int = Field(default=2, ge=0, le=10)
    # The longest Retry-After (seconds) worth waiting for; a server that asks for longer
    # gets no retry, so one letter never waits minutes before falling back.
    max_retry_wait: float = Field(default=20.0, ge=0, le=120)
    # Same request, same answer where the server honours it (and cassettes replay).
    temperature: float = Field(default=0.0, ge=0, le=2)
    seed: int | None = 7
    # A letter is at most ~150 words (~250 tokens); an answer cut at this length is refused.
    max_tokens: int = Field(default=500, ge=50, le=4000)
    # Exit instead of falling back to the template when the model's letter is unusable.
    strict: bool = False

    @classmethod
    def from_env(cls, **overrides: object) -> LLMSettings:
        """Flags (non-None overrides) win over BOWOUT_MODEL, OPENAI_BASE_URL, OPENAI_API_KEY."""
        values: dict[str, object] = {
            "model": os.environ.get("BOWOUT_MODEL") or DEFAULT_MODEL,
            "base_url": os.environ.get("OPENAI_BASE_URL") or None,
            "api_key": os.environ.get("OPENAI_API_KEY") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)

    @property
    def configured(self) -> bool:
        return self.api_key is not None or self.base_url is not None

    @property
    def endpoint(self) -> str:
        """Where requests go, for messages (never includes the key)."""
        return self.base_url or "api.openai.com"

    def key_for_client(self) -> str:
        return self.api_key.get_secret_value() if self.api_key else PLACEHOLDER_KEY
