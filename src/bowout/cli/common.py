"""What every command shares: one-line errors, stderr notes, writing output safely."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from pydantic import ValidationError

from bowout.errors import BowoutError, describe_validation_error
from bowout.output import write_new_file

P = ParamSpec("P")
R = TypeVar("R")


def note(message: str) -> None:
    """A status line for the person at the terminal; stdout stays clean for pipes."""
    typer.echo(f"bowout: {message}", err=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"bowout: error: {message}", err=True)
    return typer.Exit(code=code)


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one line on stderr and an exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except BowoutError as err:
            raise fail(str(err), err.exit_code) from None
        except ValidationError as err:
            raise fail(describe_validation_error(err, flags=True)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except BrokenPipeError:
            # The reader went away (e.g. `| head`); nothing more to say.
            sys.stderr.close()
            raise typer.Exit(code=0) from None

    return wrapper


def emit(content: str, out: Path | None, *, force: bool) -> None:
    if out is None:
        typer.echo(content, nl=False)
        return
    write_new_file(out, content, force=force)
    note(f"wrote {out}")


def drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != []}
