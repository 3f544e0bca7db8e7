"""`bowout advise`: what to consider before sending, from the same flags as `bowout write`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bowout.choices import Scenario
from bowout.cli.application import app
from bowout.cli.common import user_errors
from bowout.cli.options import NO_FLAGS, Flags, request_rows, table_options


@app.command(name="advise")
@user_errors
@table_options(*request_rows(without={"scenario"}))
def advise_command(
    scenario: Annotated[
        Scenario | None,
        typer.Argument(
            help="The letter you plan to send, if you know (advice suggests one otherwise).",
            show_default=False,
            metavar="SCENARIO",
        ),
    ] = None,
    flags: Flags = NO_FLAGS,
    as_json: Annotated[bool, typer.Option("--json", help="Print the items as JSON.")] = False,
) -> None:
    """Before you send: is the reason negotiable, should you call, who to tell first, which
    letter fits. Takes the same flags as `bowout write`; each item names the source it
    comes from and what in your situation led to it."""
    from bowout.advise import AdviceRequest, advise

    fields = {"scenario": scenario, **flags.request} if scenario else flags.request
    items = advise(AdviceRequest.model_validate(fields))
    if as_json:
        # Sources are cited by title; the seed file name is internal.
        dumped = [item.model_dump(mode="json", exclude={"seed"}) for item in items]
        typer.echo(json.dumps(dumped, indent=2))
        return
    if not items:
        typer.echo("No advice for this situation: send the letter when you are ready.")
        return
    for number, item in enumerate(items, 1):
        typer.echo(f"{number}. {item.message}")
        typer.echo(f"   why: {item.because}; source: {item.source}")
