"""The pipeline: request -> render -> (rewrite -> check -> reask -> fallback) -> Letter.

Without LLM settings, or when the LLM layer is off, the letter is the template's. With a
model configured, the template letter is the draft the model rewrites and the fallback
whenever the model fails or its letter fails the checks twice (bowout.llm.pipeline).

Many letters: build one `Rewriter` and pass it to every `acompose` call so they share one
client and its connection pool, and close it before the event loop ends:

    rewriter = Rewriter(settings)
    try:
        letters = await asyncio.gather(*(acompose(r, settings, rewriter=rewriter) for r in reqs))
    finally:
        await rewriter.aclose()
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from bowout.errors import GuardrailError, LLMError, field_flag
from bowout.guardrails import Checker, default_checker, parse, screen_request
from bowout.guardrails.fields import fields_in, judge_fields
from bowout.guardrails.parse import Letter as ParsedLetter
from bowout.models import Channel, CheckContext, Letter, LetterRequest, Report
from bowout.render import Rendered, render
from bowout.settings import LLMMode, LLMSettings

if TYPE_CHECKING:
    from bowout.llm.client import Rewriter
    from bowout.llm.pipeline import Outcome

__all__ = [
    "NO_CALLBACK",
    "Draft",
    "Rewriter",
    "acompose",
    "acompose_outcome",
    "compose",
    "compose_outcome",
]


def __getattr__(name: str) -> Any:
    # `Rewriter` is re-exported for callers of `acompose`, but imported only when asked for:
    # the model client brings asyncio, which the template path never needs.
    if name == "Rewriter":
        from bowout.llm.client import Rewriter

        return Rewriter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_LEFT_OUT = "left out what you look forward to and the referral to keep it short"
# Phone letters are always the template's (they never go to a model), so the template
# letter is the one place to say so.
NO_CALLBACK = (
    f"warning: the voicemail script gives no number to call you back on; add your "
    f"{field_flag('sender_phone')}"
)
_NOTES_LEFT_OUT = (
    f"left out your {field_flag('notes')}: a template cannot weave free text in; set "
    "OPENAI_API_KEY or --base-url (a local OpenAI-compatible server) so a model can"
)


class Draft:
    """The template's rendering of a request: what the model rewrites, and the letter to
    fall back on.

    Its full check runs only when the template letter is the one handed back (no model, or
    a fallback). On the LLM path the model's letter is checked instead, so checking the
    draft before the call would only delay the request. `checker` checks both.
    """

    def __init__(self, request: LetterRequest, checker: Checker | None = None) -> None:
        self.request = request
        self.checker = checker or default_checker()
        self.rendered, self.notes, self._parsed = self._fitting_rendering(request)
        # The template letter never carries a note (it would be pasted in raw): say so.
        if request.notes:
            self.notes.append(_NOTES_LEFT_OUT)

    def _fitting_rendering(
        self, request: LetterRequest
    ) -> tuple[Rendered, list[str], ParsedLetter]:
        """The template's rendering (and its parse, for the check); when every detail
        together runs over the channel's length limit, the brief rendering that spares the
        least needed sentences instead."""
        base = render(request)
        parsed = parse(base.body)
        context = CheckContext.for_request(request)
        if self.checker.over_length(parsed, context):
            brief = render(request, brief=True)
            if brief.body != base.body:
                parsed_brief = parse(brief.body)
                if not self.checker.over_length(parsed_brief, context):
                    return brief, [_LEFT_OUT], parsed_brief
        return base, [], parsed

    @cached_property
    def letter(self) -> Letter:
        """The checked template letter."""
        body = self.rendered.body
        # The template never sees the private reason, so a word they share (a template's
        # "suit" and a reason's "doesn't suit me") is a coincidence, not a leak: its words
        # are grounded.
        context = CheckContext.for_request(self.request, base_text=body)
        report = self.checker.check_parsed(self._parsed, context)
        failing = failing_note(self.request, report, self.checker)
        notes = [*self.notes, failing] if failing else list(self.notes)
        if self.request.channel is Channel.PHONE and not self.request.sender_phone:
            notes.append(NO_CALLBACK)
        return self.as_letter(body, report, source="template", notes=notes)

    def as_letter(self, body: str, report: Report, **fields: Any) -> Letter:
        """A letter for this request with `body` (the template's or a model's rewrite of it),
        keeping the rendering's subject line."""
        request = self.request
        return Letter(
            scenario=request.scenario,
            channel=request.channel,
            tone=request.tone,
            subject=self.rendered.subject,
            body=body,
            report=report,
            **fields,
        )

    def noted(self, note: str, reason: str | None = None, model_calls: int = 0) -> Letter:
        """The template letter with one more note, why it stands in for a model's letter,
        and how many model calls were spent before it did."""
        letter = self.letter
        notes = [*letter.notes, note]
        return letter.model_copy(
            update={"notes": notes, "fallback_reason": reason, "model_calls": model_calls}
        )


def failing_note(request: LetterRequest, report: Report, checker: Checker) -> str | None:
    """One line naming the check a template letter fails and the field to reword."""
    if report.ok:
        return None
    judged = judge_fields(request, checker)
    if judged:
        fields = ", ".join(field_flag(name) for name in judged)
        finding = next(iter(judged.values()))
        return (
            f"the letter fails its {finding.check} check because of your {fields}: "
            f"reword it ({finding.message})"
        )
    first = report.errors[0]
    fields = ", ".join(field_flag(name) for name in fields_in(report, request))
    where = f" in your {fields}" if fields else ""
    return f"the letter fails its {first.check} check{where}: {first.message}"


def _checked(letter: Letter, draft: Draft, settings: LLMSettings | None) -> Letter:
    """With --strict, a template letter that fails its checks is an error, not output."""
    request = draft.request
    report = letter.report
    strict = settings is not None and settings.strict
    if not strict or letter.source != "template" or report is None or report.ok:
        return letter
    note = failing_note(request, report, draft.checker)
    raise GuardrailError(f"{note}; --strict writes no such letter")


def _skip_model(
    request: LetterRequest, settings: LLMSettings | None, draft: Draft
) -> Letter | None:
    """The template letter, with the one-line note saying why, when no model is to be asked;
    None when the model should rewrite it. Raises LLMError under --strict where the user
    asked for a model and cannot have one."""
    if settings is None:
        return draft.letter
    if settings.mode is LLMMode.OFF:
        return draft.noted("LLM layer off (--llm off): template letter")
    if not settings.configured:
        if settings.mode is LLMMode.AUTO:
            return draft.noted(
                "LLM layer off (no OPENAI_API_KEY or --base-url set): template letter"
            )
        message = (
            "--llm on needs a model: set OPENAI_API_KEY, or pass --base-url for a local "
            "OpenAI-compatible server"
        )
        if settings.strict:
            raise LLMError(message, reason="no-key")
        return draft.noted(f"{message}; using the template letter", f"no-key: {message}")
    if request.channel is Channel.PHONE:
        return draft.noted("phone talking points are not sent to the model: template letter")
    judged = judge_fields(request, draft.checker)
    if judged:
        name, finding = next(iter(judged.items()))
        message = (
            f"not sending the request to the model because your {field_flag(name)} fails "
            f"the {finding.check} check"
        )
        if settings.strict:
            raise GuardrailError(f"{message}: reword it ({finding.message})")
        return draft.noted(f"{message}; using the template letter", f"field-fails: {message}")
    flagged = screen_request(request)
    if flagged:
        fields = ", ".join(f"{name} ({why})" for name, why in flagged.items())
        message = f"not sending the request to the model because of {fields}"
        if settings.strict:
            raise LLMError(f"{message}: reword those fields", reason="screened")
        return draft.noted(f"{message}; using the template letter", f"screened: {message}")
    return None


def _prepare(
    request: LetterRequest, settings: LLMSettings | None, checker: Checker | None
) -> tuple[Draft, Letter | None]:
    draft = Draft(request, checker)
    return draft, _skip_model(request, settings, draft)


@lru_cache(maxsize=8)
def _shared_rewriter(settings: LLMSettings) -> Rewriter:
    # A blocking client is not tied to an event loop, so one per settings serves every
    # plain `compose` call: building one costs about 40 ms, more than the letter itself.
    from bowout.llm.client import Rewriter

    return Rewriter(settings)


def compose_outcome(
    request: LetterRequest,
    settings: LLMSettings | None = None,
    *,
    rewriter: Rewriter | None = None,
    checker: Checker | None = None,
) -> Outcome:
    """`compose`, plus the model replies behind the letter (latency, tokens)."""
    from bowout.llm.pipeline import Outcome, run

    draft, skipped = _prepare(request, settings, checker)
    if skipped is not None or settings is None:
        return Outcome(letter=_checked(skipped or draft.letter, draft, settings))
    outcome = run(settings, draft, rewriter or _shared_rewriter(settings))
    _checked(outcome.letter, draft, settings)
    return outcome


async def _arun(settings: LLMSettings, draft: Draft, rewriter: Rewriter | None) -> Outcome:
    from bowout.llm.pipeline import arun

    if rewriter is not None:
        return await arun(settings, draft, rewriter)
    # An async client belongs to the event loop it ran on, so without a shared `rewriter`
    # one is built for this letter and closed after it.
    from bowout.llm.client import Rewriter

    own = Rewriter(settings)
    try:
        return await arun(settings, draft, own)
    finally:
        await own.aclose()


async def acompose_outcome(
    request: LetterRequest,
    settings: LLMSettings | None = None,
    *,
    rewriter: Rewriter | None = None,
    checker: Checker | None = None,
) -> Outcome:
    """Async twin of `compose_outcome`."""
    from bowout.llm.pipeline import Outcome

    draft, skipped = _prepare(request, settings, checker)
    if skipped is not None or settings is None:
        return Outcome(letter=_checked(skipped or draft.letter, draft, settings))
    outcome = await _arun(settings, draft, rewriter)
    _checked(outcome.letter, draft, settings)
    return outcome


def compose(
    request: LetterRequest, settings: LLMSettings | None = None, *, checker: Checker | None = None
) -> Letter:
    """Write the letter for `request`. Without LLM settings this is the template letter.
    `checker` checks it (the default checker unless given: pass one to many calls to share
    its caches)."""
    draft, skipped = _prepare(request, settings, checker)
    if skipped is not None or settings is None:
        # The template path never imports the LLM pipeline.
        return _checked(skipped or draft.letter, draft, settings)
    from bowout.llm.pipeline import run

    return _checked(run(settings, draft, _shared_rewriter(settings)).letter, draft, settings)


async def acompose(
    request: LetterRequest,
    settings: LLMSettings | None = None,
    *,
    rewriter: Rewriter | None = None,
    checker: Checker | None = None,
) -> Letter:
    """Async twin of `compose`. Pass one `Rewriter(settings)` to many calls to share a client."""
    draft, skipped = _prepare(request, settings, checker)
    if skipped is not None or settings is None:
        return _checked(skipped or draft.letter, draft, settings)
    return _checked((await _arun(settings, draft, rewriter)).letter, draft, settings)
