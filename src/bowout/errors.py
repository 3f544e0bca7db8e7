"""Typed errors. The library raises these; the CLI turns each into one line and an exit code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class BowoutError(Exception):
    """Base class: a request bowout cannot carry out. `str(err)` is a one-line message."""

    exit_code = 1


class InvalidRequestError(BowoutError):
    """The request's values are not acceptable (validation failed)."""

    @classmethod
    def from_validation(
        cls, err: ValidationError, *, prefix: str = "", flags: bool = False
    ) -> InvalidRequestError:
        return cls(prefix + describe_validation_error(err, flags=flags))


class UnknownScenarioError(InvalidRequestError):
    pass


class MissingFieldsError(InvalidRequestError):
    """A scenario needs fields the request did not give."""

    def __init__(self, scenario: str, missing: list[str]) -> None:
        self.scenario = scenario
        self.missing = missing
        flags = ", ".join(field_flag(name) for name in missing)
        super().__init__(f"the {scenario} letter needs {flags}")


class TemplateError(BowoutError):
    """A bundled template is missing or broken: a packaging fault, not the user's."""


class OutputError(BowoutError):
    """bowout cannot write where it was asked to. Nothing partial is left at `path`."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(message)


class OutputExistsError(OutputError):
    def __init__(self, path: str, hint: str = "pass --force to overwrite it") -> None:
        super().__init__(path, f"{path} already exists; {hint}")


class OutputBusyError(OutputError):
    """Another bowout run holds the lock on this output."""

    def __init__(self, path: str) -> None:
        super().__init__(
            path,
            f"{path} is being written by another bowout run; wait for it to finish "
            "or choose another --out",
        )


# What to say for the file-system errors a user can do something about, by errno name.
_OS_PROBLEMS = {
    "EROFS": "the file system is read-only",
    "ENOSPC": "the disk is full",
    "EDQUOT": "the disk quota is used up",
    "ENOTDIR": "part of the path is a file, not a folder",
    "EISDIR": "it is a folder, not a file",
    "EACCES": "permission denied",
    "EPERM": "the operation is not permitted there",
    "ENAMETOOLONG": "the name is too long",
    "ENOENT": "a folder on the way does not exist and cannot be made",
    "EEXIST": "part of the path is a file, not a folder",
}


class OutputWriteError(OutputError):
    """An OSError while writing output, as one line naming the path and what to do."""

    def __init__(self, path: str, err: OSError, hint: str = "choose another --out") -> None:
        import errno

        self.errno = err.errno
        name = errno.errorcode.get(err.errno or 0, "")
        problem = _OS_PROBLEMS.get(name) or (err.strerror or type(err).__name__).lower()
        super().__init__(path, f"cannot write {path}: {problem}; {hint}")


class InputFileError(BowoutError):
    """An input file bowout cannot use: missing, empty, the wrong kind, or unknown columns."""


class ProfileError(BowoutError):
    """The saved sender profile, or a BOWOUT_* default, cannot be read or is invalid."""


class LLMError(BowoutError):
    """The model could not give a usable letter. `reason` is a short machine-readable tag."""

    def __init__(self, message: str, *, reason: str = "model-error") -> None:
        self.reason = reason
        super().__init__(message)


class GuardrailError(BowoutError):
    """A letter failed the checks and the caller asked not to fall back (--strict)."""


def _ways_to_set(name: str) -> str | None:
    """What a CLI user types to set a field: "--phone or BOWOUT_PHONE", or None."""
    from bowout.fields import request_spec

    spec = request_spec(name)
    if spec is None:
        return None
    return f"{spec.flag} or {spec.envvar}" if spec.envvar else spec.flag


def field_flag(name: str) -> str:
    """A field as messages name it, with what a CLI user types to set it:
    "topic (--topic)", "sender_phone (--phone or BOWOUT_PHONE)"."""
    ways = _ways_to_set(name)
    return f"{name} ({ways})" if ways else name


def column_or_flag(name: str) -> str:
    """A field as a batch's messages name it: its column first, since a row's own cell is
    what is usually missing, then the flag that sets it for every row:
    "company (a column, or --company for every row)"."""
    ways = _ways_to_set(name)
    return f"{name} (a column, or {ways} for every row)" if ways else name


def describe_validation_error(
    err: ValidationError, *, flags: bool = False, names: Mapping[str, str] | None = None
) -> str:
    """One line naming each bad field (and its CLI flag, for CLI users, or the name in
    `names`, e.g. an environment variable) and what is wrong, in bowout's words: never
    pydantic's "Value error," or "Input should be"."""
    parts = []
    for item in err.errors(include_url=False):
        loc = ".".join(str(p) for p in item["loc"]) or "request"
        first = str(item["loc"][0]) if item["loc"] else ""
        if names and first in names:
            loc = names[first] + loc[len(first) :]
        elif flags and first:
            loc = field_flag(first) + loc[len(first) :]
        msg = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "missing":
            msg = "is required"
        elif item["type"] == "extra_forbidden":
            msg = "is not a known field"
        elif item["type"] == "enum":
            msg = msg.replace("Input should be", "must be one of")
        parts.append(f"{loc} {msg}")
    return "; ".join(parts)


class MessageError(BowoutError):
    """A message to reply to that bowout cannot read: not an email, empty or too large."""


class NoInvitationError(BowoutError):
    """--decline-invite was asked for, but the message carries no calendar invitation."""
