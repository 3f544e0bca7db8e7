"""`bowout check`: run the guardrails on a draft from a file or stdin and say what to fix."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bowout.choices import Channel, Flexibility, Scenario
from bowout.cli.application import app
from bowout.cli.common import fail, is_terminal, read_user_file, user_errors
from bowout.fields import BY_NAME

# The flags this command shares with `write`, as the field table spells them.
CHANNEL_FLAG, SCENARIO_FLAG, FLEXIBILITY_FLAG, PRIVATE_REASON_FLAG = (
    BY_NAME[name].flag for name in ("channel", "scenario", "flexibility", "private_reason")
)

if TYPE_CHECKING:
    from bowout.models import Finding, Report


def read_draft(source: str | None) -> str:
    """The draft's text from a file, or from stdin for '-' or when stdin is piped."""
    if source is None or source == "-":
        if source is None and is_terminal(sys.stdin):
            raise fail("give a FILE to check, or pipe a draft in: bowout check - < draft.txt", 2)
        return sys.stdin.read()
    data = read_user_file(Path(source), "the draft's file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise fail(f"{source} is not UTF-8 text; save the draft as plain text") from None


def how_sure(confidence: float) -> str:
    """A finding's confidence in words: a measured fact, or how likely the judgement is."""
    return "certain" if confidence >= 1.0 else f"{round(confidence * 100)}% sure"


def describe(finding: Finding) -> str:
    pad = f"\n{'':<25}"
    line = f"{finding.severity:<8}{finding.check:<17}{finding.message}"
    if finding.excerpt:
        line += f"{pad}> {finding.excerpt}"
    if finding.advice:
        line += f"{pad}what to do: {finding.advice}"
    return line + f"{pad}({how_sure(finding.confidence)})"


def summary(report: Report) -> str:
    if not report.findings:
        return f"ok: no problems found ({report.words} words)"
    errors, warnings = len(report.errors), len(report.warnings)
    counts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    counts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    verdict = "not ready to send" if errors else "ok to send, but consider the warnings"
    return f"{verdict}: {', '.join(counts)} ({report.words} words)"


@app.command("check")
@user_errors
def check_command(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="FILE|-",
            help="The draft to check; '-' or nothing (with piped input) reads stdin.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help='Print {"ok", "words", "findings"} as JSON.')
    ] = False,
    channel: Annotated[
        Channel, typer.Option(CHANNEL_FLAG, help="Where it will be sent; sets the length limits.")
    ] = Channel.EMAIL,
    scenario: Annotated[
        Scenario | None,
        typer.Option(
            SCENARIO_FLAG,
            help="What the letter is (e.g. keep-in-touch, ask-flexibility); unknown by default.",
        ),
    ] = None,
    flexibility: Annotated[
        Flexibility | None,
        typer.Option(
            FLEXIBILITY_FLAG,
            help="For ask-flexibility: the one point the letter asks about (default: any one).",
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            PRIVATE_REASON_FLAG,
            help="Your real reason, to make sure it does not show through. Never printed.",
            metavar="TEXT",
        ),
    ] = None,
    names: Annotated[
        list[str] | None,
        typer.Option(
            "--name",
            help="A name the draft may mention (repeat). With any, other names are reported.",
            metavar="NAME",
        ),
    ] = None,
) -> None:
    """Check a draft you wrote: length, courtesy, negative reasons, your private reason,
    names and leftovers. Exit 0 when it is ready, 1 when any error is found."""
    # Imported here so other commands and --help do not pay for the checks.
    from bowout.guardrails import check as check_letter
    from bowout.models import CheckContext

    text = read_draft(source)
    if not text.strip():
        raise fail("the draft is empty; nothing to check")
    if flexibility is not None and scenario not in (None, Scenario.ASK_FLEXIBILITY):
        raise fail(
            f"{FLEXIBILITY_FLAG} is only for {SCENARIO_FLAG} {Scenario.ASK_FLEXIBILITY},"
            f" not {scenario}",
            2,
        )
    context = CheckContext(
        channel=channel,
        scenario=scenario,
        flexibility=flexibility,
        private_reason=reason,
        names=names or [],
    )
    report = check_letter(text, context)
    if as_json:
        payload = {
            "ok": report.ok,
            "words": report.words,
            "findings": [finding.model_dump() for finding in report.findings],
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for finding in report.findings:
            typer.echo(describe(finding))
        typer.echo(summary(report))
    if not report.ok:
        raise typer.Exit(code=1)
