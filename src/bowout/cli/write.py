"""`bowout write` and `bowout scenarios`: parse flags, fill defaults, ask for what is missing
on a terminal, call the library, then show or hand off the letter.

The request flags come from the field table (bowout.fields), as every command's do.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bowout.choices import Channel, LLMMode, OutputFormat, Scenario, Tone
from bowout.cli import present
from bowout.cli.application import app
from bowout.cli.common import emit, fail, note, user_errors
from bowout.cli.options import NO_FLAGS, Flags, llm_rows, option, request_rows, table_options
from bowout.fields import flag_of, request_spec

if TYPE_CHECKING:
    from bowout.advise import Advice
    from bowout.catalog import ScenarioInfo
    from bowout.models import LetterRequest
    from bowout.settings import LLMSettings

_OUT = "Output"


def llm_settings(given: dict[str, Any]) -> LLMSettings:
    """Flags over the environment over the saved profile; `given` holds the LLM options
    that were given (Flags.llm)."""
    from bowout.profile import load_profile, with_key
    from bowout.settings import LLMSettings

    profile = load_profile()
    # A key in the system keyring is read only when a model may be asked.
    saved = profile.given() if given.get("mode") is LLMMode.OFF else with_key(profile)
    settings = LLMSettings.from_env(profile=saved, **given)
    if settings.held_back_note and settings.mode is not LLMMode.OFF:
        note(settings.held_back_note)
    return settings


def _checked(scenario: Scenario, name: str, raw: str) -> Any:
    """Validate one answer by the LetterRequest rule for that field (the same as for flags)."""
    from pydantic import ValidationError

    from bowout.errors import describe_validation_error
    from bowout.models import LetterRequest

    blank = LetterRequest.model_construct(scenario=scenario, sender_name="")
    try:
        checked = LetterRequest.__pydantic_validator__.validate_assignment(blank, name, raw)
    except ValidationError as err:
        raise typer.BadParameter(describe_validation_error(err)) from None
    return getattr(checked, name)


def _has_prompt(name: str) -> bool:
    spec = request_spec(name)
    return spec is not None and spec.prompt is not None


def _ask(scenario: Scenario, name: str, *, required: bool) -> Any:
    spec = request_spec(name)
    label = spec.prompt if spec and spec.prompt else name.replace("_", " ").capitalize()
    if required:
        return typer.prompt(label, value_proc=lambda raw: _checked(scenario, name, raw), err=True)
    answer = typer.prompt(
        f"{label} (Enter to skip)",
        default="",
        show_default=False,
        value_proc=lambda raw: _checked(scenario, name, raw) if raw.strip() else None,
        err=True,
    )
    return answer if answer not in ("", [], None) else None


def _ask_scenario() -> Scenario:
    from bowout.catalog import list_scenarios

    infos = list_scenarios()
    typer.echo("Which letter?", err=True)
    for number, info in enumerate(infos, 1):
        typer.echo(f"  {number}. {info.name.value:<18} {info.title}", err=True)

    def pick(raw: str) -> Scenario:
        raw = raw.strip()
        if raw.isdigit() and 1 <= int(raw) <= len(infos):
            return infos[int(raw) - 1].name
        try:
            return Scenario(raw)
        except ValueError:
            raise typer.BadParameter(f"type a number from 1 to {len(infos)} or a name") from None

    return typer.prompt("Number or name", value_proc=pick, err=True)  # type: ignore[no-any-return]


def ask_for_missing(
    info: ScenarioInfo, fields: dict[str, Any], *, offer_optional: bool = False
) -> dict[str, Any]:
    """On a terminal: ask for each required field not given, then offer the optional ones.
    Someone who gave everything required on the command line is not asked anything."""
    answers: dict[str, Any] = {}
    for name in info.required:
        if name not in fields:
            answers[name] = _ask(info.name, name, required=True)
    if not answers and not offer_optional:
        return answers
    # Only details with a question in the field table are offered: a choice such as the
    # public reason has its own flag.
    offered = [n for n in info.optional if n not in fields and _has_prompt(n)]
    if offered:
        typer.echo("Optional details make the letter personal; press Enter to skip any.", err=True)
    for name in offered:
        value = _ask(info.name, name, required=False)
        if value is not None:
            answers[name] = value
    return answers


def note_unused(info: ScenarioInfo, given: dict[str, Any]) -> None:
    """One line for each option given that this scenario's letter has no place for."""
    for name in info.unused(given):
        note(f"{flag_of(name)} is not used by {info.name.value}: left out")


def _offer_to_save_profile(answers: dict[str, Any]) -> None:
    from bowout.profile import Profile, load_profile, profile_path, save_profile

    mine = {
        k: v for k, v in answers.items() if k in ("sender_name", "sender_phone", "sender_email")
    }
    if "sender_name" not in mine or profile_path().exists():
        return
    if typer.confirm("Save your name and contact details for next time?", default=True, err=True):
        path = save_profile(Profile.model_validate(load_profile().given() | mine))
        note(f"saved your profile to {path} (change it with `bowout profile set`)")


def _advice_for(request: LetterRequest) -> list[Advice]:
    # Imported only when advice is wanted: --no-advice skips its rules and data file.
    from bowout.advise import advise

    return advise(request)


@app.command()
@user_errors
@table_options(*request_rows(without={"scenario"}), *llm_rows())
def write(
    scenario: Annotated[
        Scenario | None,
        typer.Argument(
            help="Which letter to write (see `bowout scenarios`); asked for on a terminal.",
            show_default=False,
            metavar="SCENARIO",
        ),
    ] = None,
    flags: Flags = NO_FLAGS,
    fmt: Annotated[
        OutputFormat,
        option("--format", "text, json (the full Letter), markdown, or eml (a mail draft).", _OUT),
    ] = OutputFormat.TEXT,
    out: Annotated[
        Path | None,
        option(
            "--out", "Write to this file instead of stdout.", _OUT, dir_okay=False, metavar="FILE"
        ),
    ] = None,
    force: Annotated[bool, option("--force", "Overwrite --out if it exists.", _OUT)] = False,
    plain: Annotated[
        bool | None,
        option(
            "--plain/--panel",
            "Plain letter text, or a panel with checks and advice [default: panel on a "
            "terminal, plain when piped].",
            _OUT,
            show_default=False,
        ),
    ] = None,
    advice: Annotated[
        bool, option("--advice/--no-advice", "Print advice about sending (stderr).", _OUT)
    ] = True,
    copy: Annotated[bool, option("--copy", "Also put the letter on the clipboard.", _OUT)] = False,
    open_: Annotated[
        bool,
        option("--open", "Open the draft (.eml or a mailto: link) in your mail application.", _OUT),
    ] = False,
    ask: Annotated[
        bool | None,
        option(
            "--input/--no-input",
            "Ask for missing details [default: only when stdin is a terminal].",
            _OUT,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a letter. Give what you know as flags; on a terminal bowout asks for anything
    required that is missing (your name and phone can come from `bowout profile set`)."""
    from bowout.catalog import scenario_info
    from bowout.compose import compose
    from bowout.models import LetterRequest
    from bowout.output import format_letter
    from bowout.profile import fill_defaults

    interactive = ask if ask is not None else present.stdin_is_terminal()
    fields = fill_defaults(flags.request)
    chose_here = scenario is None
    if scenario is None:
        if not interactive:
            names = ", ".join(s.value for s in Scenario)
            raise typer.BadParameter(f"none given; choose one of: {names}", param_hint="'SCENARIO'")
        scenario = _ask_scenario()
    if interactive:
        answers = ask_for_missing(scenario_info(scenario), fields, offer_optional=chose_here)
        fields |= answers
        _offer_to_save_profile(answers)
    request = LetterRequest.model_validate({"scenario": scenario, **fields})
    note_unused(scenario_info(scenario), flags.request)
    if fmt is OutputFormat.EML and request.channel is not Channel.EMAIL:
        raise typer.BadParameter(
            f"eml is for email letters; a {request.channel.value} letter is text "
            "(leave out --format or use text or markdown)",
            param_hint="'--format'",
        )
    settings = llm_settings(flags.llm)
    with present.model_at_work(settings):
        letter = compose(request, settings)
    items = _advice_for(request) if advice else []
    for line in letter.notes:
        note(line)

    panel = not plain if plain is not None else present.stdout_is_terminal()
    content = format_letter(letter, request, fmt)
    if panel and fmt is OutputFormat.TEXT and out is None:
        source = "template" if letter.source == "template" else f"model {settings.model}"
        present.show_panel(letter, source, items)
        # A panel is for reading; after answering prompts, offer the text itself to paste,
        # where there is somewhere to paste it from.
        if interactive and not copy and present.clipboard_available():
            copy = typer.confirm("Copy the letter to the clipboard?", default=True, err=True)
    else:
        emit(content, out, force=force)
        present.print_advice(items)
    if open_:
        present.open_draft(letter, request, content if fmt is OutputFormat.EML else None, out)
    if copy:
        problem = present.copy_to_clipboard(
            letter.as_text() if fmt is OutputFormat.TEXT else content
        )
        if problem:
            # The letter is out already; the exit status says the copy asked for failed.
            raise fail(problem)


@app.command()
@user_errors
def scenarios() -> None:
    """List the scenarios, with the fields each needs and the sources it draws on, and every
    column a `bowout batch` file may have."""
    from bowout.catalog import list_scenarios
    from bowout.fields import REQUEST_FIELDS

    channels = ", ".join(c.value for c in Channel)
    tones = ", ".join(t.value for t in Tone)
    typer.echo(f"channels: {channels}\ntones: {tones}\n")
    for info in list_scenarios():
        typer.echo(f"{info.name.value}\n  {info.summary}")
        typer.echo(f"  required: {', '.join(info.required)}")
        typer.echo(f"  optional: {', '.join(info.optional) or '-'}")
        typer.echo(f"  sources: {'; '.join(info.sources)}\n")
    typer.echo("columns of a `bowout batch` file (CSV header or JSONL key; names after 'or' "
               "mean the same, and each has the flag of the same name):")  # fmt: skip
    for spec in REQUEST_FIELDS:
        names = " or ".join(spec.columns)
        typer.echo(f"  {names}: {spec.help}")
