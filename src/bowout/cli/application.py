"""The Typer application object; each command module registers itself on it."""

from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand
from typer.models import CommandFunctionType


class _PlainArgument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class PlainCommand(TyperCommand):
    """A command whose help shows an argument by its name alone (FILE|-, SCENARIO): Typer
    would add its Python type after it (FILE|- <str>)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _PlainArgument


class App(typer.Typer):
    """typer.Typer whose commands are PlainCommands."""

    def command(
        self, *args: Any, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        kwargs.setdefault("cls", PlainCommand)
        return super().command(*args, **kwargs)


app = App(
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
