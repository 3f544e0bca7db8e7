"""How the optional LLM layer is configured: flags first, then the environment, then the
saved profile; and which key may go to which endpoint.

A key goes only where the user paired it with an endpoint, as simonw/llm does:
OPENAI_API_KEY to OpenAI's own host, or to OPENAI_BASE_URL when both come from the
environment (openai-python pairs them the same way); an endpoint typed with --base-url or
saved in the profile gets a key only from --api-key, BOWOUT_API_KEY, or a key saved in the
profile for that endpoint. A key is never sent over plain http to a host that is not this
machine. Credentials written into a URL never appear in a message: `endpoint` is redacted.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from pydantic import Field, SecretStr

from bowout.choices import LLMMode as LLMMode
from bowout.fields import BY_NAME
from bowout.models import StrictModel

DEFAULT_MODEL = "gpt-4.1-mini"
OPENAI_URL = "https://api.openai.com/v1"
OPENAI_HOST = "api.openai.com"
# Local OpenAI-compatible servers (Ollama, llama.cpp, vLLM, LM Studio) ignore the key, but
# the OpenAI client refuses to start without one.
PLACEHOLDER_KEY = "not-needed"
KEY_HINT = "pass --api-key or set BOWOUT_API_KEY for it"


def redact_url(url: str) -> str:
    """`url` without the credentials a URL can carry: user:password@ and query values."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<a URL that cannot be read>"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    query = "&".join(f"{name}=***" for name, _ in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


_URL = re.compile(r"\bhttps?://[^\s'\"<>]+", re.IGNORECASE)


def redact_urls(text: str) -> str:
    """Every URL in `text` redacted (for messages that quote a server or a library)."""
    return _URL.sub(lambda match: redact_url(match.group(0)), text)


def _host(url: str | None) -> str:
    try:
        return (urlsplit(url or OPENAI_URL).hostname or "").lower()
    except ValueError:
        return ""


def origin(url: str | None) -> tuple[str, str, int | None]:
    """Scheme, host and port: two URLs with the same origin reach the same server."""
    parts = urlsplit(url or OPENAI_URL)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port


def is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class LLMSettings(StrictModel):
    """Model, endpoint, key and limits. `timeout` bounds the whole letter: every call (the
    rewrite and one reask), every retry and every wait a server asks for with Retry-After."""

    mode: LLMMode = LLMMode.AUTO
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    # Where the key came from (for messages), and a key that was held back from this
    # endpoint because the user did not pair it with it.
    key_from: str | None = None
    held_back: str | None = None
    # Seconds for one whole letter; a person waits about a minute at most.
    timeout: float = Field(default=60.0, gt=0, le=3600)
    # Retries of a failed call, each only while the deadline leaves time for it.
    max_retries: int = Field(default=2, ge=0, le=10)
    # Same request, same answer where the server honours it (and cassettes replay).
    temperature: float = Field(default=0.0, ge=0, le=2)
    seed: int | None = 7
    # A letter is at most ~150 words (~250 tokens); an answer cut at this length is refused.
    max_tokens: int = Field(default=500, ge=50, le=4000)
    # Exit instead of falling back to the template when the model's letter is unusable.
    strict: bool = False

    @classmethod
    def from_env(
        cls,
        *,
        profile: Mapping[str, Any] | None = None,
        env: Mapping[str, str] | None = None,
        **overrides: object,
    ) -> LLMSettings:
        """Flags (non-None `overrides`) over the environment (BOWOUT_MODEL, OPENAI_BASE_URL,
        OPENAI_API_KEY, BOWOUT_API_KEY) over the saved `profile` (model, base_url, api_key
        and key_for, the endpoint a saved key belongs to)."""
        env = os.environ if env is None else env
        saved = {k: v for k, v in (profile or {}).items() if v is not None}
        given = {k: v for k, v in overrides.items() if v is not None}
        typed_url = given.pop("base_url", None)
        typed_key = given.pop("api_key", None)
        if typed_url:
            url, url_from = str(typed_url), BY_NAME["base_url"].flag
        elif env.get("OPENAI_BASE_URL"):
            url, url_from = env["OPENAI_BASE_URL"], "OPENAI_BASE_URL"
        elif saved.get("base_url"):
            url, url_from = str(saved["base_url"]), "your profile"
        else:
            url, url_from = None, None
        key, key_from, held_back = _pair_key(url, url_from, typed_key, env, saved)
        values: dict[str, object] = {
            "model": env.get("BOWOUT_MODEL") or saved.get("model") or DEFAULT_MODEL,
            "base_url": url,
            "api_key": key,
            "key_from": key_from,
            "held_back": held_back,
        }
        values.update(given)
        return cls.model_validate(values)

    @property
    def configured(self) -> bool:
        return self.api_key is not None or self.base_url is not None

    @property
    def endpoint(self) -> str:
        """Where requests go, for messages: never a key, never a credential in the URL."""
        return redact_url(self.base_url) if self.base_url else OPENAI_HOST

    @property
    def held_back_note(self) -> str | None:
        """One line saying which key was not sent to this endpoint, and how to send one."""
        if self.held_back is None:
            return None
        return (
            f"not sending {self.held_back} to {self.endpoint}, which it was not set for; "
            f"if that server needs a key, {KEY_HINT}"
        )

    def insecure_key(self) -> bool:
        """Whether a real key would cross the network unencrypted."""
        if self.api_key is None or not self.base_url:
            return False
        scheme, host, _ = origin(self.base_url)
        return scheme != "https" and not is_loopback(host)

    def key_for_client(self) -> str:
        return self.api_key.get_secret_value() if self.api_key else PLACEHOLDER_KEY


def _pair_key(
    url: str | None,
    url_from: str | None,
    typed_key: object,
    env: Mapping[str, str],
    saved: Mapping[str, Any],
) -> tuple[object, str | None, str | None]:
    """The key for `url` and where it came from, or the name of a key held back from it."""
    if typed_key:
        return typed_key, BY_NAME["api_key"].flag, None
    if env.get("BOWOUT_API_KEY"):
        return env["BOWOUT_API_KEY"], "BOWOUT_API_KEY", None
    env_key = env.get("OPENAI_API_KEY")
    if env_key and (_host(url) == OPENAI_HOST or url_from == "OPENAI_BASE_URL"):
        return env_key, "OPENAI_API_KEY", None
    saved_key = saved.get("api_key")
    if saved_key:
        # A saved key belongs to the endpoint it was saved for (the profile's, else OpenAI's).
        saved_for = saved.get("key_for") or saved.get("base_url") or OPENAI_URL
        if origin(str(saved_for)) == origin(url):
            return saved_key, "your profile", None
    if env_key:
        return None, None, "OPENAI_API_KEY"
    if saved_key:
        return None, None, "the key saved in your profile"
    return None, None, None
