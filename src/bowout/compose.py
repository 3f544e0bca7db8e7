"""The pipeline: request -> render -> (rewrite -> check -> reask -> fallback) -> Letter."""

from __future__ import annotations

from bowout.guardrails import check
from bowout.models import CheckContext, Letter, LetterRequest
from bowout.render import render
from bowout.settings import LLMSettings


def compose(request: LetterRequest, settings: LLMSettings | None = None) -> Letter:
    """Write the letter for `request`. Without LLM settings this is the template letter."""
    base = render(request)
    report = check(base.body, CheckContext.for_request(request))
    return Letter(
        scenario=request.scenario,
        channel=request.channel,
        tone=request.tone,
        subject=base.subject,
        body=base.body,
        source="template",
        report=report,
    )


async def acompose(request: LetterRequest, settings: LLMSettings | None = None) -> Letter:
    """Async twin of `compose`, for many letters at once (see `compose_many`)."""
    return compose(request, settings)
