"""The `bowout` command. Thin: every command parses, calls the library and prints."""

import os

from bowout.cli import (
    advise,  # noqa: F401  (registers its commands)
    batch,  # noqa: F401  (registers its commands)
    check,  # noqa: F401  (registers its commands)
    eval,  # noqa: F401  (registers its commands)
    profile,  # noqa: F401  (registers its commands)
    reply,  # noqa: F401  (registers its commands)
    write,  # noqa: F401  (registers its commands)
)
from bowout.cli.app import app


def main() -> None:
    # pydantic looks for plugins by scanning every installed distribution's entry points
    # (~30 ms per start); the bowout command uses none. Scripts importing the library are
    # unaffected, and a user who sets the variable keeps their own value.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app(prog_name="bowout")


__all__ = ["app", "main"]
