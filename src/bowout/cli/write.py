"""`bowout write` and `bowout scenarios`: parse flags, call the library, print."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bowout.catalog import list_scenarios
from bowout.cli.app import app
from bowout.cli.common import drop_none, emit, note, user_errors
from bowout.compose import compose
from bowout.models import Channel, LetterRequest, Scenario, Tone
from bowout.output import OutputFormat, format_letter
from bowout.settings import LLMMode, LLMSettings

_LETTER = "Letter"
_LLM = "LLM layer (optional)"
_OUT = "Output"


@app.command()
@user_errors
def write(
    scenario: Annotated[
        Scenario, typer.Argument(help="Which letter to write (see `bowout scenarios`).")
    ],
    sender: Annotated[
        str | None,
        typer.Option("--sender", help="Your name, for the signature.", rich_help_panel=_LETTER),
    ] = None,
    phone: Annotated[
        str | None,
        typer.Option(
            "--phone", help="Your phone number, for the signature.", rich_help_panel=_LETTER
        ),
    ] = None,
    email: Annotated[
        str | None,
        typer.Option(
            "--email", help="Your email address, for the signature.", rich_help_panel=_LETTER
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Who you are writing to (default: a general greeting).",
            rich_help_panel=_LETTER,
        ),
    ] = None,
    to_email: Annotated[
        str | None,
        typer.Option(
            "--to-email", help="Their email address (used in .eml output).", rich_help_panel=_LETTER
        ),
    ] = None,
    company: Annotated[
        str | None, typer.Option("--company", help="The company.", rich_help_panel=_LETTER)
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role", help="The role you applied or interviewed for.", rich_help_panel=_LETTER
        ),
    ] = None,
    interviewer: Annotated[
        list[str] | None,
        typer.Option(
            "--interviewer",
            help="Someone you met, to thank by name (repeat for several).",
            rich_help_panel=_LETTER,
        ),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            help="What you discussed, e.g. 'the billing migration'.",
            rich_help_panel=_LETTER,
        ),
    ] = None,
    looking_forward_to: Annotated[
        str | None,
        typer.Option(
            "--looking-forward-to",
            help="What you look forward to, e.g. 'seeing the app launch'.",
            rich_help_panel=_LETTER,
        ),
    ] = None,
    other_role: Annotated[
        str | None,
        typer.Option(
            "--other-role",
            help="Another role you would like to be considered for.",
            rich_help_panel=_LETTER,
        ),
    ] = None,
    referral: Annotated[
        str | None,
        typer.Option(
            "--referral", help="Someone you can recommend for the role.", rich_help_panel=_LETTER
        ),
    ] = None,
    interview_at: Annotated[
        str | None,
        typer.Option(
            "--interview-at",
            help="When an interview is already scheduled, e.g. 'Thursday at 10am'.",
            rich_help_panel=_LETTER,
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help="Your real reason. Private: never written into the letter, never sent to a model.",
            rich_help_panel=_LETTER,
        ),
    ] = None,
    tone: Annotated[
        Tone, typer.Option("--tone", help="Register of the letter.", rich_help_panel=_LETTER)
    ] = Tone.FORMAL,
    channel: Annotated[
        Channel,
        typer.Option(
            "--channel",
            help="email, a LinkedIn message, or talking points for a phone call.",
            rich_help_panel=_LETTER,
        ),
    ] = Channel.EMAIL,
    llm: Annotated[
        LLMMode,
        typer.Option(
            "--llm",
            help="auto: use a model when OPENAI_API_KEY or a base URL is set.",
            rich_help_panel=_LLM,
        ),
    ] = LLMMode.AUTO,
    model: Annotated[
        str | None,
        typer.Option("--model", help="Chat model name [env: BOWOUT_MODEL].", rich_help_panel=_LLM),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="OpenAI-compatible endpoint [env: OPENAI_BASE_URL].",
            rich_help_panel=_LLM,
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout", help="Seconds to wait for the model per call.", rich_help_panel=_LLM
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Exit 1 instead of falling back to the template.", rich_help_panel=_LLM
        ),
    ] = False,
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            help="text, json (the full Letter), markdown, or eml (a draft for mail clients).",
            rich_help_panel=_OUT,
        ),
    ] = OutputFormat.TEXT,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write to this file instead of stdout.",
            rich_help_panel=_OUT,
            dir_okay=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --out if it exists.", rich_help_panel=_OUT)
    ] = False,
) -> None:
    """Write a letter. Only --sender (and usually --company) is required; every other detail
    you give is woven in, and anything you leave out leaves no trace."""
    fields = drop_none(
        {
            "scenario": scenario,
            "channel": channel,
            "tone": tone,
            "sender_name": sender,
            "sender_phone": phone,
            "sender_email": email,
            "recipient_name": to,
            "recipient_email": to_email,
            "company": company,
            "role": role,
            "interviewers": interviewer,
            "topic": topic,
            "looking_forward_to": looking_forward_to,
            "other_role": other_role,
            "referral": referral,
            "interview_at": interview_at,
            "private_reason": reason,
        }
    )
    request = LetterRequest.model_validate(fields)
    settings = LLMSettings.from_env(
        mode=llm, model=model, base_url=base_url, timeout=timeout, strict=strict
    )
    letter = compose(request, settings)
    for line in letter.notes:
        note(line)
    emit(format_letter(letter, request, fmt), out, force=force)


@app.command()
@user_errors
def scenarios() -> None:
    """List the scenarios, with the fields each needs and the sources it draws on."""
    channels = ", ".join(c.value for c in Channel)
    tones = ", ".join(t.value for t in Tone)
    typer.echo(f"channels: {channels}\ntones: {tones}\n")
    for info in list_scenarios():
        typer.echo(f"{info.name.value}\n  {info.summary}")
        typer.echo(f"  required: {', '.join(info.required)}")
        typer.echo(f"  optional: {', '.join(info.optional) or '-'}")
        typer.echo(f"  seeds: {', '.join(info.seeds)}\n")
