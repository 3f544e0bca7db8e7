"""`bowout profile`: save the sender's name, phone, email and tone as defaults."""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

import typer

from bowout.cli.application import App, app
from bowout.cli.common import note, user_errors
from bowout.cli.options import NO_FLAGS, Flags, table_options
from bowout.fields import ALL_FIELDS, profile_flags

_SAVED = tuple(spec for spec in ALL_FIELDS if spec.profile_flag)
_ENV = "/".join(spec.envvar for spec in _SAVED if spec.envvar and not spec.env_read_by_settings)

profile_app = App(
    name="profile",
    help="Your defaults for every letter: name, phone, email, tone (and the model to use). "
    f"Flags win over {_ENV}, which win over the saved profile.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(profile_app)


@profile_app.command("set")
@user_errors
@table_options(*_SAVED, profile=True)
def set_(
    flags: Flags = NO_FLAGS,
    store_key: Annotated[
        bool,
        typer.Option(
            "--store-key",
            help="Also save an API key (from OPENAI_API_KEY, else asked for without echo), "
            "in the system keyring, or where there is none in a file only you can read.",
        ),
    ] = False,
    forget_key: Annotated[
        bool, typer.Option("--forget-key", help="Remove a saved API key.")
    ] = False,
) -> None:
    """Save defaults. Only the values you pass change; pass an empty value ("") to clear one."""
    from pydantic import SecretStr

    from bowout.profile import (
        keyring_forget,
        keyring_store,
        load_profile,
        save_profile,
        validate_profile,
    )

    changes: dict[str, Any] = flags.request | flags.llm
    if not changes and not store_key and not forget_key:
        names = [*profile_flags().values(), "--store-key", "--forget-key"]
        raise typer.BadParameter(f"give at least one of {', '.join(names)}")
    values = load_profile().given() | changes
    stored_in: str | None = None
    if forget_key or store_key:
        # A new key replaces the old one wherever that was.
        if values.pop("key_store", None) == "keyring":
            keyring_forget()
        values.pop("api_key", None)
        values.pop("key_for", None)
    if store_key:
        from bowout.settings import OPENAI_URL

        key = _key_to_store()
        stored_in = keyring_store(key)
        if stored_in is None:
            values["api_key"] = SecretStr(key)
        else:
            values["key_store"] = "keyring"
        # The key belongs to the endpoint it is saved with, and goes nowhere else.
        values["key_for"] = values.get("base_url") or OPENAI_URL
    # Problems are named by this command's flags, not by `bowout write`'s.
    profile = validate_profile(values, profile_flags())
    path = save_profile(profile)
    note(f"saved {path}")
    if store_key and stored_in is not None:
        note(f"your API key is in the system keyring ({stored_in}), not in {path}")
    elif store_key:
        note(
            f"warning: no system keyring is available here, so your API key is stored in plain "
            f"text in {path} (readable only by you)"
        )


def _key_to_store() -> str:
    key = os.environ.get("OPENAI_API_KEY", "").strip()
    if key:
        return key
    from bowout.cli.present import stdin_is_terminal

    if not stdin_is_terminal():
        raise typer.BadParameter("set OPENAI_API_KEY, or run on a terminal to type the key",
                                 param_hint="--store-key")  # fmt: skip
    typed: str = typer.prompt("API key (not shown)", hide_input=True, err=True)
    if not typed.strip():
        raise typer.BadParameter("the key is empty", param_hint="--store-key")
    return typed.strip()


@profile_app.command()
@user_errors
def show(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the saved profile and which environment variables override it; for an API key,
    where it is kept, never the key."""
    from bowout.profile import LLM_ENV, SENDER_ENV, key_location, load_profile, profile_path

    profile = load_profile()
    shown: dict[str, Any] = profile.model_dump(mode="json", exclude={"api_key", "key_store"})
    shown["api_key"] = key_location(profile, profile_path())
    env_vars = SENDER_ENV | LLM_ENV
    overridden = {field: var for field, var in env_vars.items() if os.environ.get(var)}
    if as_json:
        report = {"path": str(profile_path()), "profile": shown, "overridden_by": overridden}
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    typer.echo(f"# {profile_path()}")
    for field, value in shown.items():
        suffix = f"  (overridden by {overridden[field]})" if field in overridden else ""
        typer.echo(f"{field}: {'-' if value is None else value}{suffix}")


@profile_app.command()
@user_errors
def path() -> None:
    """Print where the profile is stored (BOWOUT_CONFIG_DIR overrides the folder)."""
    from bowout.profile import profile_path

    typer.echo(str(profile_path()))


@profile_app.command()
@user_errors
def clear(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete the saved profile."""
    from bowout.cli.present import stdin_is_terminal
    from bowout.profile import clear_profile, profile_path

    target = profile_path()
    if not target.exists():
        note(f"no profile saved at {target}")
        return
    if not yes:
        if not stdin_is_terminal():
            raise typer.BadParameter("pass --yes to delete the profile", param_hint="--yes")
        typer.confirm(f"Delete {target}?", abort=True, err=True)
    clear_profile(target)
    note(f"deleted {target}")
