"""Build the chat messages for a rewrite from the files in prompts/.

The prompt files hold every instruction. The request's fields reach the model only as
data: the rendered draft inside <draft> tags and a JSON object inside <details> tags.
`LetterRequest.fields_for_model()` says which fields those are (never `private_reason`),
and no field the input screen flagged is sent
(a flagged request is not sent at all; see bowout.llm.pipeline).
"""

from __future__ import annotations

import json
import re
import tomllib
from functools import cache
from string import Template
from typing import Literal

from pydantic import Field, ValidationError

from bowout.catalog import scenario_info
from bowout.errors import TemplateError
from bowout.models import Channel, Finding, LetterRequest, StrictModel, Tone
from bowout.names import addressed_to_reader
from bowout.render import render

Role = Literal["system", "user", "assistant"]
Turn = tuple[Role, str]


# Word budgets told to the model sit below the guardrails' error limits, so a letter
# written to the budget passes the "concise" check with room to spare.
_WORD_BUDGET = {Channel.EMAIL: 110, Channel.LINKEDIN: 60, Channel.PHONE: 50}
_KIND = {Channel.EMAIL: "letter", Channel.LINKEDIN: "message", Channel.PHONE: "notes"}
_TONE_WORDS = {Tone.FORMAL: "formal", Tone.WARM: "warm", Tone.CASUAL: "relaxed, friendly"}


class NotedExample(StrictModel):
    """The same example when the candidate adds notes: the notes, and the letter that
    carries them."""

    notes: list[str]
    letter: str


class Example(StrictModel):
    """One few-shot example: a request (its draft is rendered from the current template)
    and the letter a good rewrite of that draft would be."""

    letter: str
    request: dict[str, object] = Field(default_factory=dict)
    with_notes: NotedExample | None = None


def _prompt_file(name: str) -> str:
    from bowout.resources import read_resource

    return read_resource("prompts", name)


@cache
def _template(name: str) -> Template:
    return Template(_prompt_file(name).strip())


@cache
def _example(scenario: str, channel: str, tone: str) -> Example:
    """The most specific example file: <scenario>/<channel>-<tone>.toml, else <channel>.toml."""
    candidates = (
        f"examples/{scenario}/{channel}-{tone}.toml",
        f"examples/{scenario}/{channel}.toml",
    )
    for name in candidates:
        try:
            raw = _prompt_file(name)
        except TemplateError:
            continue
        try:
            return Example.model_validate(tomllib.loads(raw))
        except (tomllib.TOMLDecodeError, ValidationError) as err:
            raise TemplateError(f"bowout's prompts/{name} is malformed: {err}") from None
    raise TemplateError(
        f"bowout has no prompt example for {scenario} by {channel}; reinstall bowout"
    )


def escape_tags(text: str) -> str:
    """`text` with '<' and '>' escaped, so no value can close a tag around it."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e")


def details_json(request: LetterRequest) -> str:
    """The request's shareable fields as JSON. '<' and '>' are escaped so no value can
    close the <details> tag around it."""
    info = scenario_info(request.scenario)
    # Only what this scenario's letter uses: a field the template ignores would only tempt
    # the model to add it. Notes are the exception: any letter may carry them, and only
    # the model can weave them in.
    used = {*info.required, *info.optional, "notes"}
    fields = [name for name in LetterRequest.fields_for_model() if name in used]
    data = request.model_dump(mode="json", include=set(fields), exclude_none=True)
    data = {k: data[k] for k in fields if data.get(k) not in (None, [], "")}
    return escape_tags(json.dumps(data, ensure_ascii=False))


def _as_sentence(note: str, recipient: str | None) -> str:
    sentence = addressed_to_reader(note.strip(), recipient)
    sentence = sentence[:1].upper() + sentence[1:]
    return sentence if sentence.endswith((".", "!", "?")) else f"{sentence}."


def _note_sentences(request: LetterRequest) -> list[str]:
    return [_as_sentence(n, request.recipient_name) for n in request.notes if n and n.strip()]


def draft_with_notes(draft: str, request: LetterRequest) -> str:
    """The draft the model edits: the template's letter with each note as a sentence of
    its own at the start of the closing paragraph, its reader as "you". A small model keeps
    what its draft says far more reliably than it adds what it is told to add; the letter
    bowout writes without a model never carries a note."""
    notes = _note_sentences(request)
    if not notes:
        return draft
    blocks = draft.split("\n\n")
    # Greeting, body paragraphs, then the sign-off and signature.
    body = range(1, len(blocks) - 1)
    if not body:
        return draft
    closing = body[-1] if len(body) > 1 else body[0]
    said = " ".join(escape_tags(n) for n in notes)
    if len(body) > 1:
        blocks[closing] = f"{said} {blocks[closing]}"
    else:
        blocks[closing] = f"{blocks[closing]} {said}"
    return "\n\n".join(blocks)


def _user_turn(draft: str, request: LetterRequest) -> str:
    draft = draft_with_notes(draft, request)
    turn = _template("user.md").substitute(draft=draft, details=details_json(request))
    if not request.notes:
        return turn
    # Said only when there are notes, so a request without them is asked as it always was.
    listed = "\n".join(f"- {escape_tags(note)}" for note in _note_sentences(request))
    notes = _template("notes.md").substitute(kind=_KIND[request.channel], notes=listed)
    return f"{turn}\n\n{notes}"


def system_prompt(request: LetterRequest) -> str:
    return _template("system.md").substitute(
        tone=_TONE_WORDS[request.tone],
        max_words=_WORD_BUDGET[request.channel],
        kind=_KIND[request.channel],
    )


@cache
def _example_turns(scenario: str, channel: str, tone: str, noted: bool) -> tuple[Turn, Turn]:
    example = _example(scenario, channel, tone)
    # The example may pin its own tone: its draft and its letter must agree with each other.
    fields = {"channel": channel, "tone": tone, **example.request, "scenario": scenario}
    answer = example.letter
    # A small model follows a worked example far better than an instruction: a request
    # with notes is shown an example whose notes became a sentence of the letter.
    if noted and example.with_notes is not None:
        fields["notes"] = example.with_notes.notes
        answer = example.with_notes.letter
    try:
        example_request = LetterRequest.model_validate(fields)
    except ValidationError as err:
        raise TemplateError(f"a prompt example for {scenario} is malformed: {err}") from None
    draft = render(example_request).body
    return ("user", _user_turn(draft, example_request)), ("assistant", answer.strip())


def build_messages(request: LetterRequest, draft: str) -> list[Turn]:
    """System prompt, one worked example for this scenario, channel and tone, then the draft."""
    example_user, example_answer = _example_turns(
        request.scenario.value, request.channel.value, request.tone.value, bool(request.notes)
    )
    return [
        ("system", system_prompt(request)),
        example_user,
        example_answer,
        ("user", _user_turn(draft, request)),
    ]


_WORD = re.compile(r"\w{4,}")


def _without_private_words(text: str, request: LetterRequest, shared: str) -> str:
    """Blank out any word of the private reason that the model has not already seen.

    A finding about a leak may quote the private reason; the reask must not pass it on.
    """
    if not request.private_reason:
        return text
    seen = {w.lower() for w in _WORD.findall(shared)}
    secret = {w.lower() for w in _WORD.findall(request.private_reason)} - seen
    if not secret:
        return text
    return _WORD.sub(lambda m: "..." if m.group(0).lower() in secret else m.group(0), text)


def reask_messages(
    request: LetterRequest, draft: str, errors: list[Finding], shared: str
) -> list[Turn]:
    """The reask: the same conversation again, with the checks that failed and why added
    to the last message. A small model shown its own failed answer tends to repeat it;
    a fresh attempt told what went wrong fixes it far more often.

    `shared` is everything the model has already been sent or written (draft, details and
    its own answer): words from there may be quoted back, private words may not.
    """
    problems = "\n".join(
        f"- {f.check}: {f.message}" + (f' (in: "{f.excerpt}")' if f.excerpt else "") for f in errors
    )
    problems = _without_private_words(problems, request, shared)
    note = _template("reask.md").substitute(problems=problems, kind=_KIND[request.channel])
    *start, (_, last) = build_messages(request, draft)
    return [*start, ("user", f"{last}\n\n{note}")]
