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
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

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
    # "keyring": the saved key is in the system keyring, not in this file.
    key_store: Literal["keyring"] | None = None
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
        text = path.read_text(encoding="utf-8")
        import tomllib  # only when there is a profile to read

        raw = tomllib.loads(text)
    except FileNotFoundError:
        return Profile()
    except (OSError, ValueError) as err:  # unreadable, not UTF-8, or not TOML
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


# Where a saved key lives in the system keyring.
KEYRING_SERVICE = "bowout"
KEYRING_USER = "api-key"


def keyring_store(key: str) -> str | None:
    """Put `key` in the system keyring and read it back. The keyring backend's name when
    that worked; None when no backend can keep it (a headless Linux box usually has none),
    and the caller keeps the key in the profile file instead. keyring is imported here
    only, so commands that never store or read a key never load it."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, KEYRING_USER, key)
        if keyring.get_password(KEYRING_SERVICE, KEYRING_USER) != key:
            return None  # a backend that accepts keys and keeps none
        backend = keyring.get_keyring()
    except Exception:  # keyring's own errors, or a backend failing its way (no D-Bus)
        return None
    return getattr(backend, "name", type(backend).__name__)


def keyring_read() -> SecretStr | None:
    """The key saved in the system keyring, or None when it cannot be read now."""
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception:
        return None
    return SecretStr(value) if value else None


def keyring_forget() -> None:
    """Remove the saved key from the system keyring, if it is there."""
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception:
        pass  # nothing stored, or no keyring: nothing to remove


def with_key(profile: Profile) -> dict[str, Any]:
    """`profile.given()` with a key kept in the system keyring read into it (the LLM
    settings take the key from there)."""
    values = profile.given()
    if profile.key_store == "keyring" and "api_key" not in values:
        key = keyring_read()
        if key is not None:
            values["api_key"] = key
    return values


def key_location(profile: Profile, path: Path) -> str:
    """Where a saved key lives, for people: never the key, nor any part of it."""
    if profile.key_store == "keyring":
        return "in the system keyring"
    if profile.api_key is not None:
        return f"in {path} (in plain text, readable only by you)"
    return "not stored"
