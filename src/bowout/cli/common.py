"""What every command shares: one-line errors, stderr notes, writing output safely."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TextIO, TypeGuard, TypeVar

import typer

from bowout.errors import BowoutError, describe_validation_error

if TYPE_CHECKING:
    from pydantic import ValidationError

P = ParamSpec("P")
R = TypeVar("R")


def is_terminal(stream: TextIO) -> bool:
    """Whether a person is on the other end; False for pipes, files and closed streams."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def read_user_file(path: Path, what: str, limit: int | None = None) -> bytes:
    """A file the user named, as bytes; `what` ends each message with what to give instead.
    With a limit, one byte past it is read: enough to know the file is too large, no more."""
    try:
        with path.open("rb") as handle:
            return handle.read(-1 if limit is None else limit + 1)
    except FileNotFoundError:
        raise fail(f"{path}: no such file; give {what}") from None
    except IsADirectoryError:
        raise fail(f"{path} is a directory; give {what}") from None
    except PermissionError:
        raise fail(f"{path}: permission denied") from None
    except OSError as err:
        raise fail(f"cannot read {path}: {err.strerror or err}") from None


def note(message: str) -> None:
    """A status line for the person at the terminal; stdout stays clean for pipes."""
    typer.echo(f"bowout: {message}", err=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"bowout: error: {message}", err=True)
    return typer.Exit(code=code)


def _is_validation_error(err: Exception) -> TypeGuard[ValidationError]:
    # Checked without importing pydantic: --help and cheap commands never load it, and an
    # error cannot be pydantic's if pydantic was never imported.
    core = sys.modules.get("pydantic_core")
    return core is not None and isinstance(err, core.ValidationError)


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one line on stderr and an exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except BowoutError as err:
            raise fail(str(err), err.exit_code) from None
        except Exception as err:
            if not _is_validation_error(err):
                raise
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
    from bowout.output import write_new_file

    write_new_file(out, content, force=force)
    note(f"wrote {out}")


def drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != []}
