"""How a letter reaches the person: a rich panel on a terminal, plain text for pipes, advice
lines on stderr, the clipboard, or the system's mail client.

rich and pyperclip are imported only where they are used, so `bowout write | cat` never
pays for them (the CLI's cold start is measured).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from bowout.choices import Channel, LLMMode
from bowout.cli.common import is_terminal, note

if TYPE_CHECKING:
    from bowout.advise import Advice
    from bowout.models import Letter, LetterRequest, Report
    from bowout.settings import LLMSettings


def stdout_is_terminal() -> bool:
    return is_terminal(sys.stdout)


def stdin_is_terminal() -> bool:
    return is_terminal(sys.stdin)


def advice_line(item: Advice) -> str:
    return f"advice: {item.message} [{item.source}]"


def print_advice(items: Sequence[Advice]) -> None:
    """One line each on stderr, so stdout stays exactly the letter."""
    for item in items:
        note(advice_line(item))


def describe_checks(report: Report | None) -> str:
    if report is None:
        return "not checked"
    if not report.findings:
        return f"checks passed ({report.words} words)"
    errors, warnings = len(report.errors), len(report.warnings)
    parts = [
        f"{n} {kind}{'s' if n != 1 else ''}"
        for n, kind in ((errors, "error"), (warnings, "warning"))
        if n
    ]
    return f"checks: {', '.join(parts)} ({report.words} words)"


def show_panel(letter: Letter, source: str, advice: Sequence[Advice]) -> None:
    """The letter in a panel titled with its subject, with where it came from, the check
    results and the advice underneath."""
    from rich.box import HORIZONTALS
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.text import Text

    console = Console(highlight=False)
    # Text objects, never markup: a letter may contain brackets that rich would eat.
    title = Text(letter.subject or f"{letter.scenario.value} · {letter.channel.value}")
    status = Text(f"{source} · {describe_checks(letter.report)}")
    # Rules above and below only, no side borders: text selected in the terminal copies
    # without box characters.
    console.print(
        Panel(
            Text(letter.body),
            title=title,
            subtitle=status,
            title_align="left",
            box=HORIZONTALS,
            padding=(0, 0),
            expand=False,
        )
    )
    lines: list[Text] = []
    if letter.report is not None:
        for finding in letter.report.findings:
            lines.append(Text(f"{finding.severity}: {finding.message}", style="yellow"))
    for item in advice:
        lines.append(Text.assemble("• ", item.message, (f"  ({item.source})", "dim")))
    if lines:
        console.print(Group(*lines))


NO_CLIPBOARD = (
    "no clipboard here, so the letter above was not copied: select it in the terminal, "
    "or install wl-clipboard, xclip or xsel (Linux)"
)


def _clipboard() -> Any:
    """pyperclip's copy function for this session's clipboard, or a falsy stand-in when
    there is none. Found afresh each time: pyperclip's own module-level choice is made
    once per process and would outlive a change of display."""
    import pyperclip

    copy, _paste = pyperclip.determine_clipboard()
    return copy


def clipboard_available() -> bool:
    """Whether this session has a clipboard tool (a terminal over SSH or a Linux console
    without X or Wayland has none)."""
    return bool(_clipboard())


@contextmanager
def model_at_work(settings: LLMSettings) -> Iterator[None]:
    """A spinner with the elapsed time on stderr while a model writes, so a wait of half a
    minute does not look like a hang. Only on a terminal (pipes and logs get nothing), and
    only with a model configured: the template path never imports rich for it. Names the
    model and the endpoint, never a key: `endpoint` is redacted."""
    if settings.mode is LLMMode.OFF or not settings.configured or not is_terminal(sys.stderr):
        yield
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    # Text, not markup: a model name or URL may hold brackets.
    columns = (SpinnerColumn(), TextColumn("{task.description}", markup=False), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        progress.add_task(f"{settings.model} at {settings.endpoint} is writing", total=None)
        yield


def copy_to_clipboard(text: str) -> str | None:
    """Copy `text`; None when done, else the one line saying why not."""
    copy = _clipboard()
    if not copy:
        return NO_CLIPBOARD
    try:
        copy(text)
    except Exception as err:  # a clipboard tool that exists but fails (e.g. no display)
        return f"could not copy to the clipboard ({type(err).__name__}); nothing was copied"
    note("copied the letter to the clipboard")
    return None


def mailto_link(letter: Letter, request: LetterRequest) -> str:
    to = quote(request.recipient_email or "", safe="@")
    query = f"subject={quote(letter.subject or '')}&body={quote(letter.body + chr(10))}"
    return f"mailto:{to}?{query}"


def system_opener() -> list[str] | None:
    """The command that hands a file or link to the user's default application."""
    if sys.platform == "darwin":
        found = shutil.which("open")
    elif sys.platform == "win32":
        return ["cmd", "/c", "start", ""]
    else:
        found = shutil.which("xdg-open")
    return [found] if found else None


def open_with_default(target: str) -> bool:
    opener = system_opener()
    if opener is None:
        return False
    try:
        subprocess.Popen(
            [*opener, target],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True


def open_draft(letter: Letter, request: LetterRequest, eml: str | None, out: Path | None) -> None:
    """Open the .eml (from --format eml) or a mailto: link in the default mail client."""
    if eml is None and letter.channel is not Channel.EMAIL:
        note(f"--open opens email drafts; a {letter.channel.value} letter has none (try --copy)")
        return
    if eml is not None:
        if out is None:
            fd, name = tempfile.mkstemp(prefix="bowout-", suffix=".eml")
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(eml)
            out = Path(name)
        target, what = str(out.resolve()), f"the draft {out}"
    else:
        target, what = mailto_link(letter, request), "a mailto: link"
    if open_with_default(target):
        note(f"opened {what} in your default mail application")
    else:
        where = f"; the draft is at {out}" if eml is not None else ""
        note(f"no default application to open {what} (xdg-open or open not found){where}")
