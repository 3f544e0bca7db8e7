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
from datetime import datetime
from functools import cache
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from bowout.catalog import require_fields
from bowout.errors import TemplateError
from bowout.kept import kept_file
from bowout.models import Channel, LetterRequest, StrictModel
from bowout.names import greeting, join_names, people_met, spoken_hello
from bowout.phrasing import choose
from bowout.resources import read_resource
from bowout.when import short_notice


class Rendered(StrictModel):
    subject: str | None
    body: str


def the_title(title: str) -> str:
    """ "the Data Engineer role"; a title typed as "Data Engineer role" or "the ... position"
    is not doubled into "the the ... role role"."""
    bare = title[4:] if title.lower().startswith("the ") else title
    if bare.lower().endswith((" role", " position", " job", " opening")):
        return f"the {bare}"
    return f"the {bare} role"


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
    env.globals["title_phrase"] = the_title
    return env


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([,.;:!?])")
# A value that ends in its own stop ("Acme, Inc.", "Yahoo!") before the sentence's period:
# one mark, not "Inc.." (an ellipsis is left alone).
_DOUBLED_STOP = re.compile(r"(?<![.])([.!?])\.(?![.])")
_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
# Letters use plain apostrophes and quotes throughout, the templates' own and those in the
# values typed (a curly apostrophe in a name or a topic) alike.
_PLAIN_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
)


def plain_quotes(text: str) -> str:
    return text.translate(_PLAIN_QUOTES)


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
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", plain_quotes(text)))
    text = _DOUBLED_STOP.sub(r"\1", text)
    paragraphs = (_reflow(p) for p in _BLANK_RUNS.sub("\n\n", text).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _sentence_case(text: str) -> str:
    """Capitalise a sentence that starts with a value typed in lower case ("acme is ...");
    a value with capitals of its own ("eBay") is kept as typed."""
    first = text.split(" ", 1)[0]
    return text[0].upper() + text[1:] if first.islower() and first.isalpha() else text


def _sentences(request: LetterRequest, values: dict[str, str]) -> dict[str, str]:
    """The request's stock sentences (bowout.phrasing) with its values filled in."""
    return {
        kind: _sentence_case(text.format(**values)) if text else text
        for kind, text in choose(request).items()
    }


def template_context(
    request: LetterRequest, *, brief: bool = False, now: datetime | None = None
) -> dict[str, object]:
    # The dump leaves out the private reason (the model excludes it), so no template can
    # print it by mistake.
    context: dict[str, object] = request.model_dump(mode="json")
    tone = request.tone
    # The reader, when among the interviewers, is "you": "you and Tom".
    met = people_met(request.interviewers, request.recipient_name, tone)
    values = {
        "company": request.company or "",
        "the_role": the_title(request.role) if request.role else "the role",
        "the_other_role": the_title(request.other_role) if request.other_role else "",
        "people_met": met,
        "topic": request.topic or "",
        "looking_forward_to": request.looking_forward_to or "",
        "referral": request.referral or "",
        "interview_at": request.interview_at or "",
    }
    context["interviewer_names"] = met
    context["greeting_line"] = greeting(request.recipient_name, tone)
    context["hello_line"] = spoken_hello(request.recipient_name, tone)
    context["short_notice"] = short_notice(request.interview_at, now or datetime.now())
    context["say"] = _sentences(request, values)
    # A brief letter leaves out the sentences a short channel can best spare (what the
    # sender looks forward to, a referral) when every detail together runs over its limit.
    context["brief"] = brief
    return context


def render(request: LetterRequest, *, brief: bool = False, now: datetime | None = None) -> Rendered:
    """The template letter. `now` (default: the clock) decides whether an interview being
    cancelled is close enough to apologise for the short notice."""
    info = require_fields(request)
    try:
        template = environment().get_template(info.template_path(request.channel, request.tone))
        text = template.render(template_context(request, brief=brief, now=now))
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
