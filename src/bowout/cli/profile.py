"""`bowout profile`: save the sender's name, phone, email and tone as defaults."""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

import typer

from bowout.choices import Tone
from bowout.cli.app import app
from bowout.cli.common import note, user_errors

profile_app = typer.Typer(
    name="profile",
    help="Your defaults for every letter: name, phone, email, tone (and the model to use). "
    "Flags win over BOWOUT_NAME/BOWOUT_PHONE/BOWOUT_EMAIL/BOWOUT_TONE, which win over the "
    "saved profile.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(profile_app)

# Option -> Profile field.
_FIELDS = {
    "name": "sender_name",
    "phone": "sender_phone",
    "email": "sender_email",
    "tone": "tone",
    "model": "model",
    "base_url": "base_url",
}


@profile_app.command("set")
@user_errors
def set_(
    name: Annotated[
        str | None, typer.Option("--name", help="Your name, for signatures.", metavar="NAME")
    ] = None,
    phone: Annotated[
        str | None, typer.Option("--phone", help="Your phone number.", metavar="PHONE")
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="Your email address.", metavar="EMAIL")
    ] = None,
    tone: Annotated[Tone | None, typer.Option("--tone", help="Your usual register.")] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Chat model name.", metavar="NAME")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint.", metavar="URL")
    ] = None,
    store_key: Annotated[
        bool,
        typer.Option(
            "--store-key",
            help="Also save an API key (from OPENAI_API_KEY, else asked for without echo). "
            "It is stored in plain text in a file only you can read.",
        ),
    ] = False,
    forget_key: Annotated[
        bool, typer.Option("--forget-key", help="Remove a saved API key.")
    ] = False,
) -> None:
    """Save defaults. Only the values you pass change; pass an empty value ("") to clear one."""
    from pydantic import SecretStr

    from bowout.profile import load_profile, save_profile, validate_profile

    given = {"name": name, "phone": phone, "email": email, "tone": tone}
    given |= {"model": model, "base_url": base_url}
    changes: dict[str, Any] = {_FIELDS[k]: v for k, v in given.items() if v is not None}
    if not changes and not store_key and not forget_key:
        raise typer.BadParameter("give at least one of --name, --phone, --email, --tone, "
                                 "--model, --base-url, --store-key, --forget-key")  # fmt: skip
    values = load_profile().given() | changes
    if forget_key:
        values.pop("api_key", None)
        values.pop("key_for", None)
    if store_key:
        from bowout.settings import OPENAI_URL

        values["api_key"] = SecretStr(_key_to_store())
        # The key belongs to the endpoint it is saved with, and goes nowhere else.
        values["key_for"] = values.get("base_url") or OPENAI_URL
    # Problems are named by this command's flags (--name), not by `bowout write`'s (--sender).
    flags = {field: f"--{option.replace('_', '-')}" for option, field in _FIELDS.items()}
    profile = validate_profile(values, flags)
    path = save_profile(profile)
    note(f"saved {path}")
    if store_key:
        note(f"warning: your API key is stored in plain text in {path} (readable only by you)")


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
    """Show the saved profile and which environment variables override it (a key is masked)."""
    from bowout.profile import LLM_ENV, SENDER_ENV, load_profile, mask, profile_path

    profile = load_profile()
    shown: dict[str, Any] = profile.model_dump(mode="json", exclude={"api_key"})
    shown["api_key"] = mask(profile.api_key)
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
