"""The pipeline: request -> render -> (rewrite -> check -> reask -> fallback) -> Letter.

Without LLM settings, or when the LLM layer is off, the letter is the template's. With a
model configured, the template letter is the draft the model rewrites and the fallback
whenever the model fails or its letter fails the checks twice (bowout.llm.pipeline).

Many letters: build one `Rewriter` and pass it to every `acompose` call so they share one
client and its connection pool:

    rewriter = Rewriter(settings)
    letters = await asyncio.gather(*(acompose(r, settings, rewriter=rewriter) for r in reqs))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bowout.errors import LLMError
from bowout.guardrails import check
from bowout.llm.client import Rewriter
from bowout.models import Channel, CheckContext, Letter, LetterRequest
from bowout.render import Rendered, render
from bowout.settings import LLMMode, LLMSettings

if TYPE_CHECKING:
    from bowout.llm.pipeline import Outcome

__all__ = ["Rewriter", "acompose", "acompose_outcome", "compose", "compose_outcome"]


def _template_letter(request: LetterRequest, base: Rendered) -> Letter:
    # The template never sees the private reason, so a word they share (a template's "suit"
    # and a reason's "doesn't suit me") is a coincidence, not a leak: its words are grounded.
    report = check(base.body, CheckContext.for_request(request, base_text=base.body))
    return Letter(
        scenario=request.scenario,
        channel=request.channel,
        tone=request.tone,
        subject=base.subject,
        body=base.body,
        source="template",
        report=report,
    )


def _with_note(letter: Letter, note: str, reason: str | None = None) -> Letter:
    return letter.model_copy(update={"notes": [*letter.notes, note], "fallback_reason": reason})


def _screened_fields(request: LetterRequest) -> dict[str, str]:
    from bowout.guardrails.screen import screen_request

    flagged: dict[str, str] = screen_request(request)
    return flagged


def _skip_model(
    request: LetterRequest, settings: LLMSettings | None, template: Letter
) -> Letter | None:
    """The template letter, with the one-line note saying why, when no model is to be asked;
    None when the model should rewrite it. Raises LLMError under --strict where the user
    asked for a model and cannot have one."""
    if settings is None:
        return template
    if settings.mode is LLMMode.OFF:
        return _with_note(template, "LLM layer off (--llm off): template letter")
    if not settings.configured:
        if settings.mode is LLMMode.AUTO:
            return _with_note(
                template,
                "LLM layer off (no OPENAI_API_KEY or --base-url set): template letter",
            )
        message = (
            "--llm on needs a model: set OPENAI_API_KEY, or pass --base-url for a local "
            "OpenAI-compatible server"
        )
        if settings.strict:
            raise LLMError(message, reason="no-key")
        return _with_note(template, f"{message}; using the template letter", f"no-key: {message}")
    if request.channel is Channel.PHONE:
        return _with_note(
            template, "phone talking points are not sent to the model: template letter"
        )
    flagged = _screened_fields(request)
    if flagged:
        fields = ", ".join(f"{name} ({why})" for name, why in flagged.items())
        message = f"not sending the request to the model because of {fields}"
        if settings.strict:
            raise LLMError(f"{message}: reword those fields", reason="screened")
        return _with_note(template, f"{message}; using the template letter", f"screened: {message}")
    return None


def _too_long(letter: Letter) -> bool:
    return letter.report is not None and any(f.check == "concise" for f in letter.report.errors)


def _render_template(request: LetterRequest) -> tuple[Rendered, Letter]:
    """The template letter; when every detail together runs over the channel's length
    limit, the brief rendering that spares the least needed sentences instead."""
    base = render(request)
    template = _template_letter(request, base)
    if _too_long(template):
        brief = render(request, brief=True)
        if brief.body != base.body:
            brief_letter = _template_letter(request, brief)
            if not _too_long(brief_letter):
                left_out = "left out what you look forward to and the referral to keep it short"
                return brief, brief_letter.model_copy(update={"notes": [left_out]})
    return base, template


def _prepare(
    request: LetterRequest, settings: LLMSettings | None
) -> tuple[Rendered, Letter, Letter | None]:
    base, template = _render_template(request)
    return base, template, _skip_model(request, settings, template)


def compose_outcome(
    request: LetterRequest, settings: LLMSettings | None = None, *, rewriter: Rewriter | None = None
) -> Outcome:
    """`compose`, plus the model replies behind the letter (latency, tokens)."""
    from bowout.llm.pipeline import Outcome, run

    base, template, skipped = _prepare(request, settings)
    if skipped is not None or settings is None:
        return Outcome(letter=skipped or template)
    return run(request, settings, template, base, rewriter or Rewriter(settings))


async def acompose_outcome(
    request: LetterRequest, settings: LLMSettings | None = None, *, rewriter: Rewriter | None = None
) -> Outcome:
    """Async twin of `compose_outcome`."""
    from bowout.llm.pipeline import Outcome, arun

    base, template, skipped = _prepare(request, settings)
    if skipped is not None or settings is None:
        return Outcome(letter=skipped or template)
    return await arun(request, settings, template, base, rewriter or Rewriter(settings))


def compose(request: LetterRequest, settings: LLMSettings | None = None) -> Letter:
    """Write the letter for `request`. Without LLM settings this is the template letter."""
    base, template, skipped = _prepare(request, settings)
    if skipped is not None or settings is None:
        # The template path never imports the LLM pipeline.
        return skipped or template
    from bowout.llm.pipeline import run

    return run(request, settings, template, base, Rewriter(settings)).letter


async def acompose(
    request: LetterRequest, settings: LLMSettings | None = None, *, rewriter: Rewriter | None = None
) -> Letter:
    """Async twin of `compose`. Pass one `Rewriter(settings)` to many calls to share a client."""
    base, template, skipped = _prepare(request, settings)
    if skipped is not None or settings is None:
        return skipped or template
    from bowout.llm.pipeline import arun

    outcome = await arun(request, settings, template, base, rewriter or Rewriter(settings))
    return outcome.letter
