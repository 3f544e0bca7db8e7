"""Turn a Letter into what a person pastes, pipes or opens: text, JSON, Markdown or .eml."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from bowout.choices import OutputFormat as OutputFormat
from bowout.errors import OutputExistsError, OutputWriteError
from bowout.models import Letter, LetterRequest


def to_markdown(letter: Letter) -> str:
    head = f"**Subject:** {letter.subject}\n\n" if letter.subject else ""
    return head + letter.body + "\n"


def to_eml(letter: Letter, request: LetterRequest) -> str:
    """An RFC 5322 message that mail clients open as an unsent draft."""
    # The email package costs ~10 ms to import; only .eml output pays for it.
    from email.message import EmailMessage
    from email.policy import SMTP

    message = EmailMessage(policy=SMTP)
    if request.sender_email:
        message["From"] = f"{request.sender_name} <{request.sender_email}>"
    if request.recipient_email:
        name = request.recipient_name or ""
        message["To"] = f"{name} <{request.recipient_email}>" if name else request.recipient_email
    message["Subject"] = letter.subject or ""
    # Outlook and Thunderbird treat a message with this header as a draft to edit and send.
    message["X-Unsent"] = "1"
    message.set_content(letter.body + "\n")
    return message.as_string()


def format_letter(letter: Letter, request: LetterRequest, fmt: OutputFormat) -> str:
    if fmt is OutputFormat.JSON:
        return letter.model_dump_json(indent=2) + "\n"
    if fmt is OutputFormat.MARKDOWN:
        return to_markdown(letter)
    if fmt is OutputFormat.EML:
        return to_eml(letter, request)
    return letter.as_text()


@contextmanager
def atomic_writer(
    path: Path, *, force: bool = False, hint: str = "choose another --out"
) -> Iterator[TextIO]:
    """A text handle whose content appears at `path` only when the block completes; an error
    or interruption leaves `path` as it was and removes the temporary file.

    Without `force` the new file is published with a hard link, which the kernel refuses
    when `path` exists, so of several writers racing for one name exactly one wins and no
    one overwrites another (checking first and replacing after would let two both "win").
    Any OSError becomes an `OutputWriteError` naming `path` and what to do (`hint`).
    """
    if path.is_dir():
        raise OutputWriteError(str(path), IsADirectoryError(errno.EISDIR, "is a folder"), hint)
    if not force and os.path.lexists(path):
        raise OutputExistsError(str(path))  # the early, friendly answer; _publish decides
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputWriteError(str(path), err, hint) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        _publish(tmp, path, force=force)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputWriteError(str(path), err, hint) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# Where hard links are not supported (some network and FAT file systems).
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV}


def _publish(tmp: str, path: Path, *, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputExistsError(str(path)) from None
    except OSError as err:
        if err.errno not in _NO_LINKS:
            raise
        # Claim the name exclusively, then move the finished file onto the claim.
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise OutputExistsError(str(path)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def write_new_file(
    path: Path, content: str, *, force: bool = False, hint: str = "choose another --out"
) -> None:
    """Write atomically; refuse to replace an existing file unless forced."""
    with atomic_writer(path, force=force, hint=hint) as handle:
        handle.write(content)
