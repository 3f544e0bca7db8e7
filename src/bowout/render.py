"""Render a request through its Jinja2 template: the deterministic base of every letter.

Templates run in a sandbox with StrictUndefined, so a typo in a template fails loudly
instead of printing an empty gap. User values are passed as data; Jinja never evaluates
them, so a topic such as "{{ 7*7 }}" is printed as typed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from bowout.catalog import require_fields
from bowout.errors import TemplateError
from bowout.kept import kept_file
from bowout.models import Channel, LetterRequest, StrictModel
from bowout.resources import read_resource


class Rendered(StrictModel):
    subject: str | None
    body: str


def join_names(names: Iterable[str]) -> str:
    """'Dana', 'Dana and Sam', 'Dana, Sam and Lee'."""
    items = [n for n in names if n]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _load(name: str) -> tuple[str, str, object]:
    # Bundled templates never change while we run, so Jinja need not re-check them.
    return read_resource("templates", name), name, lambda: True


_OPTIONS: dict[str, object] = {
    "autoescape": False,  # plain-text letters, not HTML
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": False,
}


class _KeptBytecode(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (bowout.kept): compiling a letter's template and
    its macros is most of a one-letter run's rendering (about 18 ms), loading them back
    about two. Jinja names each file by the template and rejects one whose source has
    changed; the folder's name carries what else shapes the compiled code (Jinja's version
    and the options above)."""

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # Unreadable (Jinja lets some such errors through): the template is compiled.
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # Not writable: nothing is lost but time.
        with contextlib.suppress(OSError):
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)


def _kept_bytecode() -> _KeptBytecode | None:
    shape = repr((jinja2.__version__, sorted(_OPTIONS.items()))).encode()
    folder = kept_file(f"templates-{hashlib.sha1(shape, usedforsecurity=False).hexdigest()[:12]}")
    return None if folder is None else _KeptBytecode(folder)


@cache
def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FunctionLoader(_load),  # type: ignore[arg-type]
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        bytecode_cache=_kept_bytecode(),
        **_OPTIONS,
    )
    env.filters["names"] = join_names
    return env


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([,.;:!?])")
_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


def _reflow(paragraph: str) -> str:
    """Join a paragraph's template lines into flowing text, keeping deliberate line breaks.

    Templates put each (often optional) sentence on its own line. Kept as written: a block
    whose first line ends with ',' (greeting, sign-off and signature), bullets ('- '), and
    the line after a heading that ends with ':'.
    """
    lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
    if not lines or lines[0].endswith(","):
        return "\n".join(lines)
    out: list[str] = []
    for line in lines:
        if out and not line.startswith("- ") and not out[-1].endswith(":"):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def tidy(text: str) -> str:
    """Reflow paragraphs and fold the gaps an omitted optional part leaves behind."""
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text))
    paragraphs = (_reflow(p) for p in _BLANK_RUNS.sub("\n\n", text).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def template_context(request: LetterRequest, *, brief: bool = False) -> dict[str, object]:
    # The dump leaves out the private reason (the model excludes it), so no template can
    # print it by mistake.
    context: dict[str, object] = request.model_dump(mode="json")
    context["interviewer_names"] = join_names(request.interviewers)
    # A brief letter leaves out the sentences a short channel can best spare (what the
    # sender looks forward to, a referral) when every detail together runs over its limit.
    context["brief"] = brief
    return context


def render(request: LetterRequest, *, brief: bool = False) -> Rendered:
    info = require_fields(request)
    try:
        template = environment().get_template(info.template_path(request.channel, request.tone))
        text = template.render(template_context(request, brief=brief))
    except jinja2.TemplateNotFound as err:
        raise TemplateError(f"bowout's template {err.name} is missing; reinstall bowout") from None
    except jinja2.TemplateError as err:
        where = info.template_path(request.channel, request.tone)
        raise TemplateError(f"template {where} failed: {err}") from None
    return split_subject(tidy(text), request.channel)


def split_subject(text: str, channel: Channel) -> Rendered:
    """Email templates start with a 'Subject: ...' line; other channels have none."""
    if channel is Channel.EMAIL and text.startswith("Subject:"):
        first, _, rest = text.partition("\n")
        return Rendered(subject=first.removeprefix("Subject:").strip(), body=rest.strip())
    return Rendered(subject=None, body=text)
