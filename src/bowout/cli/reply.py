"""`bowout reply`: answer a recruiter's message in its thread, and decline its invitation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from bowout.choices import Channel, Scenario
from bowout.cli import present
from bowout.cli.application import app
from bowout.cli.common import emit, fail, note, read_user_file, user_errors
from bowout.cli.options import NO_FLAGS, Flags, llm_rows, option, reply_rows, table_options
from bowout.cli.write import ask_for_missing, llm_settings, note_unused
from bowout.fields import flag_of

_OUT = "Output"
_FORMATS = ("eml", "text")


def _show_read(facts: Any, fields: dict[str, Any]) -> None:
    rows = [
        ("to", f"{fields.get('recipient_name') or ''} <{fields.get('recipient_email') or '?'}>"),
        ("company", fields.get("company")),
        ("role", fields.get("role")),
        ("interview", fields.get("interview_at")),
        ("invitation", facts.invitation.summary if facts.invitation else None),
    ]
    typer.echo("Read from the message:", err=True)
    for label, value in rows:
        if value:
            typer.echo(f"  {label:<11}{value}", err=True)


@app.command()
@user_errors
@table_options(*reply_rows(), *llm_rows())
def reply(
    message: Annotated[
        Path,
        typer.Argument(
            help="The recruiter's message, saved as .eml (File > Save As in most mail apps).",
            show_default=False,
            metavar="MESSAGE.eml",
        ),
    ],
    scenario: Annotated[
        Scenario | None,
        typer.Argument(
            help="Which letter; suggested from the message and confirmed on a terminal.",
            show_default=False,
            metavar="SCENARIO",
        ),
    ] = None,
    flags: Flags = NO_FLAGS,
    decline_invite: Annotated[
        bool,
        option(
            "--decline-invite",
            "Also decline the calendar invitation the message carries (an iTIP reply).",
        ),
    ] = False,
    fmt: Annotated[
        str,
        option(
            "--format",
            "eml (the threaded draft) or text (the letter alone).",
            _OUT,
            metavar="[eml|text]",
        ),
    ] = "eml",
    out: Annotated[
        Path | None,
        option(
            "--out", "Write to this file instead of stdout.", _OUT, dir_okay=False, metavar="FILE"
        ),
    ] = None,
    force: Annotated[bool, option("--force", "Overwrite --out if it exists.", _OUT)] = False,
    open_: Annotated[
        bool, option("--open", "Open the draft in your mail application.", _OUT)
    ] = False,
    ask: Annotated[
        bool | None,
        option(
            "--input/--no-input",
            "Confirm what was read and ask for what is missing [default: on a terminal].",
            _OUT,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Reply to a recruiter's message in its thread: a draft .eml with In-Reply-To,
    References and the original quoted; with --decline-invite, the calendar decline too."""
    from bowout.catalog import scenario_info
    from bowout.inbound import MessageReader
    from bowout.models import LetterRequest
    from bowout.profile import fill_defaults
    from bowout.reply import compose_reply, prefill

    if fmt not in _FORMATS:
        raise typer.BadParameter(f"choose one of: {', '.join(_FORMATS)}", param_hint="'--format'")
    if flags.request.get("channel", Channel.EMAIL) is not Channel.EMAIL:
        raise typer.BadParameter(
            "a reply is an email; use `bowout write` for LinkedIn or a phone call",
            param_hint=f"'{flag_of('channel')}'",
        )
    interactive = ask if ask is not None else present.stdin_is_terminal()
    reader = MessageReader()
    from bowout.inbound import MAX_MESSAGE_BYTES

    facts = reader.read(read_user_file(message, "the .eml file you saved", MAX_MESSAGE_BYTES))
    given = fill_defaults(flags.request)
    fields = prefill(facts) | given  # flags override anything read
    if scenario is None:
        suggested = facts.suggested_scenario
        if not interactive:
            names = ", ".join(s.value for s in Scenario)
            hint = f" (the message reads like {suggested.value})" if suggested else ""
            raise typer.BadParameter(
                f"none given{hint}; with --no-input name one of: {names}",
                param_hint="'SCENARIO'",
            )
        scenario = _confirm_scenario(suggested)
    if interactive:
        _show_read(facts, fields)
        if not typer.confirm("Use these details?", default=True, err=True):
            examples = ", ".join(filter(None, map(flag_of, ("recipient_name", "company"))))
            raise fail(f"stopped; give the right details as flags (e.g. {examples})")
        fields |= ask_for_missing(scenario_info(scenario), fields)
    request = LetterRequest.model_validate({"scenario": scenario, **fields})
    note_unused(scenario_info(scenario), flags.request)
    settings = llm_settings(flags.llm)
    with present.model_at_work(settings):
        result = compose_reply(
            facts, request, settings, decline_invite=decline_invite, reader=reader
        )
    for line in result.letter.notes:
        note(line)
    if decline_invite:
        note("the draft declines the calendar invitation (invite-reply.ics)")
    content = result.letter.as_text() if fmt == "text" else result.eml.decode("ascii")
    emit(content, out, force=force)
    if open_:
        if fmt == "eml":
            present.open_draft(result.letter, result.request, content, out)
        else:
            note("--open opens the .eml draft; leave out --format text")


def _confirm_scenario(suggested: Scenario | None) -> Scenario:
    choices = ", ".join(s.value for s in Scenario)

    def pick(raw: str) -> Scenario:
        try:
            return Scenario(raw.strip())
        except ValueError:
            raise typer.BadParameter(f"type one of: {choices}") from None

    if suggested is not None:
        return typer.prompt(  # type: ignore[no-any-return]
            f"Which letter ({choices})", default=suggested.value, value_proc=pick, err=True
        )
    return typer.prompt(f"Which letter ({choices})", value_proc=pick, err=True)  # type: ignore[no-any-return]
