"""The sender's profile: the name, phone, email and tone to use when a command does not say.

Stored as TOML in the user's config directory (platformdirs; BOWOUT_CONFIG_DIR overrides it).
Precedence, highest first: command-line flags, then the environment (BOWOUT_NAME,
BOWOUT_PHONE, BOWOUT_EMAIL, BOWOUT_TONE; for the model BOWOUT_MODEL, OPENAI_BASE_URL,
OPENAI_API_KEY), then the saved profile. An API key is saved only when the user asks
(`bowout profile set --store-key`), in a file only its owner can read, and is never printed.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, SecretStr, ValidationError

from bowout.errors import ProfileError, describe_validation_error
from bowout.fields import LLM_FIELDS, REQUEST_FIELDS, environment
from bowout.models import Email, OptionalName, Phone, Phrase, StrictModel, Tone
from bowout.output import write_new_file

APP_NAME = "bowout"
PROFILE_FILE = "profile.toml"
CONFIG_DIR_ENV = "BOWOUT_CONFIG_DIR"

# Request field -> environment variable that sets its default (from the field table).
SENDER_ENV = environment(REQUEST_FIELDS)
# LLM setting -> environment variable LLMSettings.from_env reads, which beats the profile.
LLM_ENV = environment(LLM_FIELDS)


def _http_url(value: str | None) -> str | None:
    if value is not None and not value.startswith(("http://", "https://")):
        raise ValueError(f"{value!r} is not an http(s) URL (e.g. http://127.0.0.1:8077/v1)")
    return value


class Profile(StrictModel):
    """Defaults for letters. Field names match LetterRequest and LLMSettings, and so do the
    rules each value must pass."""

    sender_name: OptionalName = None
    sender_phone: Phone = None
    sender_email: Email = None
    tone: Tone | None = None
    model: Phrase = None
    base_url: Annotated[Phrase, AfterValidator(_http_url)] = None
    api_key: SecretStr | None = None
    # The endpoint a saved key was saved for: it is sent there and nowhere else.
    key_for: Annotated[Phrase, AfterValidator(_http_url)] = None

    def given(self) -> dict[str, Any]:
        return {k: v for k, v in self if v is not None}


def config_dir() -> Path:
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    # Imported here: only commands that read the profile pay for it.
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def profile_path() -> Path:
    return config_dir() / PROFILE_FILE


def load_profile(path: Path | None = None) -> Profile:
    """The saved profile, or an empty one when none is saved."""
    path = path or profile_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Profile()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ProfileError(
            f"cannot read the profile {path} ({err}); fix it or run `bowout profile clear`"
        ) from None
    try:
        return Profile.model_validate(raw)
    except ValidationError as err:
        raise ProfileError(
            f"the profile {path} is invalid: {describe_validation_error(err)}; "
            "fix it with `bowout profile set` or run `bowout profile clear`"
        ) from None


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    """Write the profile atomically, readable by its owner only (it holds personal details)."""
    path = path or profile_path()
    lines = ["# bowout sender profile; edit with `bowout profile set`."]
    for key, value in profile.given().items():
        text = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
        # A JSON string is a valid TOML basic string: quotes, backslashes, control characters
        # and non-ASCII text all round-trip.
        lines.append(f"{key} = {json.dumps(text, ensure_ascii=False)}")
    hint = f"set {CONFIG_DIR_ENV} to a folder you can write to"
    write_new_file(path, "\n".join(lines) + "\n", force=True, hint=hint)
    os.chmod(path, 0o600)
    return path


def clear_profile(path: Path | None = None) -> bool:
    path = path or profile_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def validate_profile(values: Mapping[str, Any], names: Mapping[str, str]) -> Profile:
    """Profile.model_validate, with each problem named the way the user set it (`names`
    maps a field to e.g. its environment variable or its `profile set` flag)."""
    try:
        return Profile.model_validate(values)
    except ValidationError as err:
        raise ProfileError(describe_validation_error(err, names=names)) from None


def env_defaults(env: Mapping[str, str] | None = None) -> Profile:
    """The BOWOUT_* defaults, checked by the same rules as the profile."""
    env = os.environ if env is None else env
    values = {field: env[var] for field, var in SENDER_ENV.items() if env.get(var, "").strip()}
    return validate_profile(values, SENDER_ENV)


def sender_defaults(
    env: Mapping[str, str] | None = None, profile: Profile | None = None
) -> dict[str, Any]:
    """Defaults for sender_name, sender_phone, sender_email and tone: environment over profile."""
    profile = load_profile() if profile is None else profile
    saved = {k: v for k, v in profile.given().items() if k in SENDER_ENV}
    return saved | env_defaults(env).given()


def fill_defaults(
    fields: dict[str, Any],
    env: Mapping[str, str] | None = None,
    profile: Profile | None = None,
) -> dict[str, Any]:
    """`fields` (from flags or a file row) with the sender's defaults under them: a value that
    is given always wins."""
    return sender_defaults(env, profile) | {k: v for k, v in fields.items() if v is not None}


def mask(secret: SecretStr | None) -> str:
    """How a stored key is shown: never the key, at most its last four characters."""
    if secret is None:
        return "not stored"
    value = secret.get_secret_value()
    return f"stored (…{value[-4:]})" if len(value) >= 16 else "stored"
