"""`bowout write` and `bowout scenarios`: parse flags, fill defaults, ask for what is missing
on a terminal, call the library, then show or hand off the letter.

The request flags are declared once here as annotated types; `bowout advise` takes the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bowout.choices import Channel, Flexibility, LLMMode, OutputFormat, Scenario, Stage, Tone
from bowout.cli import present
from bowout.cli.app import app
from bowout.cli.common import drop_none, emit, note, user_errors

if TYPE_CHECKING:
    from bowout.advise import Advice
    from bowout.catalog import ScenarioInfo
    from bowout.models import LetterRequest
    from bowout.settings import LLMSettings

_LETTER = "Letter"
_CONTEXT = "Situation (for advice; never printed in the letter)"
_LLM = "LLM layer (optional)"
_OUT = "Output"


def _opt(flag: str, help: str, panel: str = _LETTER, **kw: Any) -> Any:
    return typer.Option(flag, help=help, rich_help_panel=panel, **kw)


SenderOpt = Annotated[
    str | None,
    _opt("--sender", "Your name, for the signature [env: BOWOUT_NAME; profile].", metavar="NAME"),
]
PhoneOpt = Annotated[
    str | None, _opt("--phone", "Your phone number [env: BOWOUT_PHONE; profile].", metavar="PHONE")
]
EmailOpt = Annotated[
    str | None, _opt("--email", "Your email address [env: BOWOUT_EMAIL; profile].", metavar="EMAIL")
]
ToOpt = Annotated[
    str | None,
    _opt("--to", "Who you are writing to (default: a general greeting).", metavar="NAME"),
]
ToEmailOpt = Annotated[
    str | None, _opt("--to-email", "Their email address (for eml and --open).", metavar="EMAIL")
]
CompanyOpt = Annotated[str | None, _opt("--company", "The company.", metavar="TEXT")]
RoleOpt = Annotated[
    str | None, _opt("--role", "The role you applied or interviewed for.", metavar="TEXT")
]
InterviewerOpt = Annotated[
    list[str] | None,
    _opt("--interviewer", "Someone you met, to thank by name (repeatable).", metavar="NAME"),
]
TopicOpt = Annotated[
    str | None, _opt("--topic", "What you discussed, e.g. 'the billing migration'.", metavar="TEXT")
]
ForwardOpt = Annotated[
    str | None,
    _opt(
        "--looking-forward-to",
        "What you look forward to, e.g. 'seeing the app launch'.",
        metavar="TEXT",
    ),
]
OtherRoleOpt = Annotated[
    str | None,
    _opt("--other-role", "Another role you would like to be considered for.", metavar="TEXT"),
]
ReferralOpt = Annotated[
    str | None, _opt("--referral", "Someone you can recommend for the role.", metavar="NAME")
]
InterviewAtOpt = Annotated[
    str | None,
    _opt(
        "--interview-at",
        "When an interview is scheduled, e.g. 'tomorrow 10am', '2026-11-23 14:00'.",
        metavar="WHEN",
    ),
]
ReasonOpt = Annotated[
    str | None,
    _opt(
        "--reason",
        "Your real reason. Private: never written into the letter, never sent to a model.",
        _CONTEXT,
        metavar="TEXT",
    ),
]
StageOpt = Annotated[Stage | None, _opt("--stage", "How far the process has gone.", _CONTEXT)]
RoundsOpt = Annotated[
    int | None, _opt("--rounds", "How many interview rounds you have had.", _CONTEXT, metavar="N")
]
RecruiterOpt = Annotated[
    bool | None,
    _opt("--recruiter/--no-recruiter", "Whether a recruiter is involved.", _CONTEXT),
]
PriorChannelOpt = Annotated[
    Channel | None,
    _opt("--prior-channel", "How you have been in touch so far.", _CONTEXT),
]
FlexibilityOpt = Annotated[
    Flexibility | None,
    _opt("--flexibility", "For ask-flexibility: the one constraint to ask about.", _CONTEXT),
]
ChannelOpt = Annotated[
    Channel, _opt("--channel", "email, a LinkedIn message, or talking points for a phone call.")
]


LLMModeOpt = Annotated[
    LLMMode, _opt("--llm", "auto: use a model when a key or base URL is configured.", _LLM)
]
ModelOpt = Annotated[
    str | None,
    _opt("--model", "Chat model name [env: BOWOUT_MODEL; profile].", _LLM, metavar="NAME"),
]
BaseUrlOpt = Annotated[
    str | None,
    _opt(
        "--base-url",
        "OpenAI-compatible endpoint [env: OPENAI_BASE_URL; profile].",
        _LLM,
        metavar="URL",
    ),
]
TimeoutOpt = Annotated[
    float | None,
    _opt(
        "--timeout",
        "Seconds the whole letter may take with the model [default: 60].",
        _LLM,
        metavar="SECONDS",
    ),
]
ApiKeyOpt = Annotated[
    str | None,
    _opt(
        "--api-key",
        "Key for the model server, sent only to the endpoint in use [env: BOWOUT_API_KEY].",
        _LLM,
        metavar="KEY",
    ),
]


def llm_settings(
    llm: LLMMode,
    model: str | None,
    base_url: str | None,
    timeout: float | None,
    api_key: str | None = None,
    *,
    strict: bool = False,
) -> LLMSettings:
    """Flags over the environment over the saved profile."""
    from bowout.profile import load_profile
    from bowout.settings import LLMSettings

    flags = drop_none({"mode": llm, "model": model, "base_url": base_url, "timeout": timeout})
    flags["api_key"] = api_key
    settings = LLMSettings.from_env(profile=load_profile().given(), **flags, strict=strict)
    if settings.held_back_note and settings.mode is not LLMMode.OFF:
        note(settings.held_back_note)
    return settings


def request_fields(**flags: Any) -> dict[str, Any]:
    """Flag values under their LetterRequest field names, leaving out what was not given."""
    names = {
        "sender": "sender_name",
        "phone": "sender_phone",
        "email": "sender_email",
        "to": "recipient_name",
        "to_email": "recipient_email",
        "interviewer": "interviewers",
        "reason": "private_reason",
        "recruiter": "via_recruiter",
    }
    return drop_none({names.get(flag, flag): value for flag, value in flags.items()})


# What to ask for each field on a terminal.
_PROMPTS = {
    "sender_name": "Your name, for the signature",
    "company": "Company",
    "role": "The role (e.g. Data Engineer)",
    "recipient_name": "Who you are writing to (e.g. Dana Reyes)",
    "recipient_email": "Their email address",
    "interviewers": "People you met, to thank by name (separate with ;)",
    "topic": "Something you discussed (e.g. the billing migration)",
    "looking_forward_to": "Something you look forward to (e.g. seeing the app launch)",
    "other_role": "The role you would rather be considered for",
    "referral": "Someone you could recommend for the role",
    "interview_at": "When the interview you are cancelling is (e.g. Thursday 10am)",
    "sender_phone": "Your phone number",
    "sender_email": "Your email address",
    "flexibility": "The one thing to ask about",
}


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


def _ask(scenario: Scenario, name: str, *, required: bool) -> Any:
    label = _PROMPTS.get(name, name.replace("_", " ").capitalize())
    if name == "flexibility":
        label += f" ({', '.join(f.value for f in Flexibility)})"
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
    offered = [n for n in info.optional if n not in fields]
    if offered:
        typer.echo("Optional details make the letter personal; press Enter to skip any.", err=True)
    for name in offered:
        value = _ask(info.name, name, required=False)
        if value is not None:
            answers[name] = value
    return answers


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
def write(
    scenario: Annotated[
        Scenario | None,
        typer.Argument(
            help="Which letter to write (see `bowout scenarios`); asked for on a terminal.",
            show_default=False,
        ),
    ] = None,
    sender: SenderOpt = None,
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    to: ToOpt = None,
    to_email: ToEmailOpt = None,
    company: CompanyOpt = None,
    role: RoleOpt = None,
    interviewer: InterviewerOpt = None,
    topic: TopicOpt = None,
    looking_forward_to: ForwardOpt = None,
    other_role: OtherRoleOpt = None,
    referral: ReferralOpt = None,
    interview_at: InterviewAtOpt = None,
    tone: Annotated[
        Tone | None, _opt("--tone", "Register of the letter [env: BOWOUT_TONE; profile; formal].")
    ] = None,
    channel: ChannelOpt = Channel.EMAIL,
    reason: ReasonOpt = None,
    stage: StageOpt = None,
    rounds: RoundsOpt = None,
    recruiter: RecruiterOpt = None,
    prior_channel: PriorChannelOpt = None,
    flexibility: FlexibilityOpt = None,
    llm: LLMModeOpt = LLMMode.AUTO,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    timeout: TimeoutOpt = None,
    api_key: ApiKeyOpt = None,
    strict: Annotated[
        bool, _opt("--strict", "Exit 1 instead of falling back to the template.", _LLM)
    ] = False,
    fmt: Annotated[
        OutputFormat,
        _opt("--format", "text, json (the full Letter), markdown, or eml (a mail draft).", _OUT),
    ] = OutputFormat.TEXT,
    out: Annotated[
        Path | None,
        _opt(
            "--out", "Write to this file instead of stdout.", _OUT, dir_okay=False, metavar="FILE"
        ),
    ] = None,
    force: Annotated[bool, _opt("--force", "Overwrite --out if it exists.", _OUT)] = False,
    plain: Annotated[
        bool | None,
        _opt(
            "--plain/--panel",
            "Plain letter text, or a panel with checks and advice [default: panel on a "
            "terminal, plain when piped].",
            _OUT,
            show_default=False,
        ),
    ] = None,
    advice: Annotated[
        bool, _opt("--advice/--no-advice", "Print advice about sending (stderr).", _OUT)
    ] = True,
    copy: Annotated[bool, _opt("--copy", "Also put the letter on the clipboard.", _OUT)] = False,
    open_: Annotated[
        bool,
        _opt("--open", "Open the draft (.eml or a mailto: link) in your mail application.", _OUT),
    ] = False,
    ask: Annotated[
        bool | None,
        _opt(
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
    fields = fill_defaults(
        request_fields(
            sender=sender, phone=phone, email=email, to=to, to_email=to_email, company=company,
            role=role, interviewer=interviewer, topic=topic,
            looking_forward_to=looking_forward_to, other_role=other_role, referral=referral,
            interview_at=interview_at, tone=tone, channel=channel, reason=reason, stage=stage,
            rounds=rounds, recruiter=recruiter, prior_channel=prior_channel,
            flexibility=flexibility,
        )
    )  # fmt: skip
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
    settings = llm_settings(llm, model, base_url, timeout, api_key, strict=strict)
    letter = compose(request, settings)
    items = _advice_for(request) if advice else []
    for line in letter.notes:
        note(line)

    panel = not plain if plain is not None else present.stdout_is_terminal()
    content = format_letter(letter, request, fmt)
    if panel and fmt is OutputFormat.TEXT and out is None:
        source = "template" if letter.source == "template" else f"model {settings.model}"
        present.show_panel(letter, source, items)
        # A panel is for reading; after answering prompts, offer the text itself to paste.
        if interactive and not copy:
            copy = typer.confirm("Copy the letter to the clipboard?", default=True, err=True)
    else:
        emit(content, out, force=force)
        present.print_advice(items)
    if copy:
        present.copy_to_clipboard(letter.as_text() if fmt is OutputFormat.TEXT else content)
    if open_:
        present.open_draft(letter, request, content if fmt is OutputFormat.EML else None, out)


@app.command()
@user_errors
def scenarios() -> None:
    """List the scenarios, with the fields each needs and the sources it draws on."""
    from bowout.catalog import list_scenarios

    channels = ", ".join(c.value for c in Channel)
    tones = ", ".join(t.value for t in Tone)
    typer.echo(f"channels: {channels}\ntones: {tones}\n")
    for info in list_scenarios():
        typer.echo(f"{info.name.value}\n  {info.summary}")
        typer.echo(f"  required: {', '.join(info.required)}")
        typer.echo(f"  optional: {', '.join(info.optional) or '-'}")
        typer.echo(f"  sources: {'; '.join(info.sources)}\n")
