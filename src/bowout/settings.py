"""How the optional LLM layer is configured: flags first, then the environment."""

from __future__ import annotations

import os
from enum import StrEnum

from pydantic import Field, SecretStr

from bowout.models import StrictModel

DEFAULT_MODEL = "gpt-4.1-mini"


class LLMMode(StrEnum):
    AUTO = "auto"
    ON = "on"
    OFF = "off"


class LLMSettings(StrictModel):
    mode: LLMMode = LLMMode.AUTO
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout: float = Field(default=60.0, gt=0, le=600)
    max_retries: int = Field(default=2, ge=0, le=10)
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
