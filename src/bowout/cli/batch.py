"""`bowout batch`: many letters from a CSV or JSONL file, with progress and resume."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bowout.choices import BatchFormat
from bowout.cli.application import app
from bowout.cli.common import fail, is_terminal, note, user_errors
from bowout.cli.options import NO_FLAGS, Flags, llm_rows, request_rows, table_options
from bowout.cli.write import llm_settings

if TYPE_CHECKING:
    from bowout.batch import BatchEvent

_LLM = "LLM layer (optional)"
_DEFAULTS = "Defaults for columns the file lacks (a column wins over its flag)"
_OUT = "Output"


@app.command()
@user_errors
@table_options(*request_rows(), *llm_rows(strict=False), panel=_DEFAULTS)
def batch(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT",
            help="A .csv or .jsonl file, one letter per row. Columns are request field names "
            "or their flags' names (scenario, to, company, interviewers, ...; see `bowout "
            "scenarios`); separate several interviewers with ';'.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="A .jsonl file, or a folder for one file per letter.",
            metavar="PATH",
            rich_help_panel=_OUT,
            show_default=False,
        ),
    ],
    fmt: Annotated[
        BatchFormat | None,
        typer.Option(
            "--format",
            help="jsonl, or a folder of eml drafts (LinkedIn and phone letters as .txt) or "
            "of txt files [default: jsonl for a .jsonl name, else eml].",
            rich_help_panel=_OUT,
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Finish an interrupted run: skip rows already written.",
            rich_help_panel=_OUT,
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace what --out already holds.", rich_help_panel=_OUT),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="No progress bar and no summary; problems are still reported."
        ),
    ] = False,
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency",
            help="Letters in flight at once (matters with a model).",
            metavar="N",
            min=1,
            max=256,
            rich_help_panel=_LLM,
        ),
    ] = 8,  # bowout.many.DEFAULT_CONCURRENCY, not imported so --help stays cheap
    flags: Flags = NO_FLAGS,
) -> None:
    """Write a letter for every row of a CSV or JSONL file.

    The request flags (--scenario, --tone, --company, ...) give every row the values its
    columns leave out, so a tracker with company, role, recipient and recipient email is
    enough: `bowout batch applications.csv --scenario withdraw --out drafts/`. A folder
    gets .eml drafts named after the company and the recipient (LinkedIn and phone letters
    as .txt). Letters are written as they finish, so an interrupted run keeps what it wrote: run the
    same command with --resume to finish it. Invalid rows are reported (row number and
    reason) and skipped. Exit status 1 when any row was invalid or failed, 3 when every
    row has a letter but some fail their checks (reword the fields named).
    """
    import asyncio

    from bowout.batch import check_input, count_rows, run_batch
    from bowout.profile import fill_defaults

    if resume and force:
        raise fail("--resume and --force exclude each other; choose one", 2)
    check_input(source)
    settings = llm_settings(flags.llm)
    # Flags over BOWOUT_* over the profile; a row's own columns win over all of them.
    defaults = fill_defaults(flags.request)
    show_progress = not quiet and is_terminal(sys.stderr)
    with _progress(count_rows(source) if show_progress else None) as on_event:
        try:
            summary = asyncio.run(
                run_batch(
                    source,
                    out,
                    fmt=fmt,
                    concurrency=concurrency,
                    settings=settings,
                    resume=resume,
                    force=force,
                    on_event=on_event,
                    defaults=defaults,
                )
            )
        except KeyboardInterrupt:
            raise fail(
                f"interrupted; what was written to {out} is kept: "
                "run the same command with --resume to finish",
                130,
            ) from None
    if not quiet:
        note(f"{out}: {summary.describe()}")
        for count, first in summary.fallbacks.values():
            note(f"{count} fell back to the template, e.g. because {first}")
    if summary.exit_code:
        raise typer.Exit(code=summary.exit_code)


@contextmanager
def _progress(total: int | None) -> Iterator[Callable[[BatchEvent], None]]:
    """Report each row's problems on stderr, with a progress bar when `total` is given."""
    if total is None:

        def plain(event: BatchEvent) -> None:
            if event.message:
                note(event.message)

        yield plain
        return

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("letters", total=total)

        def with_bar(event: BatchEvent) -> None:
            if event.message:
                bar.console.print(
                    f"bowout: {event.message}", markup=False, highlight=False, soft_wrap=True
                )
            bar.advance(task)

        yield with_bar
