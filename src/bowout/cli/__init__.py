"""The `bowout` command. Thin: every command parses, calls the library and prints."""

from bowout.cli import (
    advise,  # noqa: F401  (registers its commands)
    batch,  # noqa: F401  (registers its commands)
    check,  # noqa: F401  (registers its commands)
    eval,  # noqa: F401  (registers its commands)
    profile,  # noqa: F401  (registers its commands)
    write,  # noqa: F401  (registers its commands)
)
from bowout.cli.app import app


def main() -> None:
    app(prog_name="bowout")


__all__ = ["app", "main"]
