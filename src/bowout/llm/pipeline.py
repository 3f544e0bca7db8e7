"""rewrite -> check -> (reask once) -> accept or fall back, written once for sync and async.

`_steps` is a generator that holds every decision and does no I/O: it yields the messages
to send and receives the model's `Reply` (or has the call's `LLMError` thrown into it).
`run` and `arun` drive it with a blocking or an awaiting call, so both paths behave alike.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from pydantic import Field

from bowout.errors import GuardrailError, LLMError
from bowout.llm.answer import as_body, restore_greeting, shape_findings, strip_wrappers
from bowout.llm.client import Deadline, Reply
from bowout.llm.prompt import Turn, build_messages, details_json, reask_messages
from bowout.models import CheckContext, Finding, Letter, LetterRequest, Report, StrictModel
from bowout.settings import LLMSettings

if TYPE_CHECKING:
    from bowout.compose import Draft
    from bowout.guardrails import Checker
    from bowout.llm.client import Rewriter


class Outcome(StrictModel):
    """A letter plus the model calls behind it (for `bowout eval` and diagnostics)."""

    letter: Letter
    replies: list[Reply] = Field(default_factory=list)
    # Error findings on the first answer (what the reask asked to fix), and on the last
    # answer when the letter fell back because both failed.
    first_errors: list[Finding] = Field(default_factory=list)
    final_errors: list[Finding] = Field(default_factory=list)


Steps = Generator[list[Turn], "Reply", Outcome]


def judge(
    raw: str, request: LetterRequest, context: CheckContext, checker: Checker
) -> tuple[str, Report]:
    """The body to keep from an answer and its report. Wrappers are stripped only when the
    answer as given fails and the stripped one passes."""
    draft = context.base_text or ""
    body = as_body(raw, request, draft)
    report = full_check(body, request, context, checker)
    if report.ok:
        return body, report
    stripped = restore_greeting(strip_wrappers(body, request), draft)
    if stripped and stripped != body:
        stripped_report = full_check(stripped, request, context, checker)
        if stripped_report.ok:
            return stripped, stripped_report
    return body, report


def full_check(
    body: str, request: LetterRequest, context: CheckContext, checker: Checker
) -> Report:
    report = checker.check(body, context)
    extra = shape_findings(body, request, context.base_text or "")
    if not extra:
        return report
    return Report(findings=[*report.findings, *extra], words=report.words)


def _summary(findings: list[Finding]) -> str:
    names = list(dict.fromkeys(f.check for f in findings))
    first = findings[0].message if findings else ""
    return f"{', '.join(names)} ({first})" if first else ", ".join(names)


def _steps(settings: LLMSettings, draft: Draft) -> Steps:
    request, base = draft.request, draft.rendered
    context = CheckContext.for_request(request, base_text=base.body)
    turns = build_messages(request, base.body)
    replies: list[Reply] = []
    first_errors: list[Finding] = []
    who = f"{settings.model} at {settings.endpoint}"

    def fall_back(
        reason: str, message: str, calls: int, final_errors: list[Finding] | None = None
    ) -> Outcome:
        letter = draft.noted(f"{message}; using the template letter", f"{reason}: {message}", calls)
        return Outcome(
            letter=letter,
            replies=replies,
            first_errors=first_errors,
            final_errors=final_errors or [],
        )

    for attempt in (1, 2):
        try:
            reply = yield turns
        except LLMError as err:
            if settings.strict:
                raise
            return fall_back(err.reason, str(err), attempt)
        replies.append(reply)
        body, report = judge(reply.text, request, context, draft.checker)
        if report.ok:
            how = "on the first try" if attempt == 1 else "after one reask"
            letter = draft.as_letter(
                body,
                report,
                source="llm",
                model_calls=len(replies),
                notes=[f"letter written by {who}; it passed the checks {how}"],
            )
            return Outcome(letter=letter, replies=replies, first_errors=first_errors)
        if attempt == 1:
            first_errors = report.errors
            shared = "\n".join((base.body, details_json(request), reply.text))
            turns = reask_messages(request, base.body, report.errors, shared)
    message = f"the letter from {who} failed the checks twice: {_summary(report.errors)}"
    if settings.strict:
        raise GuardrailError(f"{message}; drop --strict to get the template letter")
    return fall_back("checks-failed", message, 2, report.errors)


def run(settings: LLMSettings, draft: Draft, rewriter: Rewriter) -> Outcome:
    steps = _steps(settings, draft)
    deadline = Deadline(settings.timeout)  # one for the whole letter, reask included
    try:
        turns = next(steps)
        while True:
            try:
                reply = rewriter.complete(turns, deadline)
            except LLMError as err:
                turns = steps.throw(err)
            else:
                turns = steps.send(reply)
    except StopIteration as done:
        outcome: Outcome = done.value
        return outcome


async def arun(settings: LLMSettings, draft: Draft, rewriter: Rewriter) -> Outcome:
    steps = _steps(settings, draft)
    deadline = Deadline(settings.timeout)
    try:
        turns = next(steps)
        while True:
            try:
                reply = await rewriter.acomplete(turns, deadline)
            except LLMError as err:
                turns = steps.throw(err)
            else:
                turns = steps.send(reply)
    except StopIteration as done:
        outcome: Outcome = done.value
        return outcome
