"""The `bowout` command. Thin: every command parses, calls the library and prints.

Each command's module registers the command on the application (bowout.cli.application)
when it is imported. `bowout.cli.app` is the application with every command, for scripts
and tests; the `bowout` command itself imports only the module of the command it runs, so
that `bowout write` does not load, or have Typer build, `batch`, `reply` and the rest.
"""

from __future__ import annotations

import gc
import os
import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

# Each command -> the module that registers it, in the order that gives `bowout --help` its
# order (a module that imports another registers that one's commands first).
COMMAND_MODULES = {
    "advise": "bowout.cli.advise",
    "batch": "bowout.cli.batch",
    "check": "bowout.cli.check",
    "eval": "bowout.cli.eval",
    "profile": "bowout.cli.profile",
    "reply": "bowout.cli.reply",
    "write": "bowout.cli.write",
    "scenarios": "bowout.cli.write",
}
# The commands that handle one letter, or none, per run; they run without the cyclic
# collector (see `main`). `batch` and `eval` handle thousands and keep it, as does anything
# not named here (a global option before the command, a command added later).
ONE_LETTER_COMMANDS = frozenset({"write", "check", "reply", "advise", "scenarios", "profile"})


def loaded_app(command: str | None = None) -> typer.Typer:
    """The application with `command` registered; with every command when `command` is None
    or names none (the group's help, a misspelt command, completion)."""
    if command in COMMAND_MODULES:
        import_module(COMMAND_MODULES[command])
    else:
        for module in dict.fromkeys(COMMAND_MODULES.values()):
            import_module(module)
    from bowout.cli.application import app

    return app


def main() -> None:
    """The `bowout` process: run the command named on the command line, then exit."""
    command = sys.argv[1] if len(sys.argv) > 1 else None
    # Starting a command builds tens of thousands of objects that live as long as the
    # process (modules, classes, pydantic validators, compiled patterns), and the cyclic
    # collector would trace them over and over while they are built; at exit it would trace
    # and free them once more. A command that handles one letter runs without it (its
    # garbage is a letter's worth), and at exit what is left is frozen out of the final
    # collection: together about a fifth of a `bowout write`. A batch keeps the collector,
    # so a long run's garbage is collected as it goes. Frozen objects are never finalised at
    # exit, so every file bowout writes is closed explicitly (`with`), never left to it.
    collecting = gc.isenabled()
    if command in ONE_LETTER_COMMANDS:
        gc.disable()
    # pydantic looks for plugins by scanning every installed distribution's entry points
    # (~30 ms per start); the bowout command uses none. Scripts importing the library are
    # unaffected, and a user who sets the variable keeps their own value.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        loaded_app(command)(prog_name="bowout")
    finally:
        gc.freeze()
        # A caller running `main` in its own process gets its collector back.
        if collecting:
            gc.enable()


def __getattr__(name: str) -> Any:
    if name == "app":
        return loaded_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMAND_MODULES", "ONE_LETTER_COMMANDS", "app", "loaded_app", "main"]
