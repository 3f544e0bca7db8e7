"""Turn a Letter into what a person pastes, pipes or opens: text, JSON, Markdown or .eml."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from bowout.choices import OutputFormat as OutputFormat
from bowout.errors import OutputExistsError
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
def atomic_writer(path: Path, *, force: bool = False) -> Iterator[TextIO]:
    """A text handle whose content replaces `path` only when the block completes; an error
    or interruption leaves `path` as it was. Refuses an existing file unless forced."""
    if path.exists() and not force:
        raise OutputExistsError(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new_file(path: Path, content: str, *, force: bool = False) -> None:
    """Write atomically; refuse to replace an existing file unless forced."""
    with atomic_writer(path, force=force) as handle:
        handle.write(content)
