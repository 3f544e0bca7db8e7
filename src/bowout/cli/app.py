"""The Typer application object; each command module registers itself on it."""

import typer

app = typer.Typer(
    name="bowout",
    help="Write the courteous letter that withdraws from an interview process or declines "
    "an interview, without burning a bridge. Works offline from templates; with an "
    "OpenAI key or a local OpenAI-compatible server it personalises the letter.",
    no_args_is_help=True,
    # A traceback's local variables could include an API key.
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"bowout {version('bowout')}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: bool = typer.Option(
        False,
        "--version",
        "-V",
        help="Print bowout's version and exit.",
        callback=_print_version,
        is_eager=True,
    ),
) -> None:
    pass
