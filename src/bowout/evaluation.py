"""`bowout eval`: run a fixed set of requests through the LLM layer and measure the outcome.

For each request: accepted on the first try, after the reask, or fell back (and which
checks failed); whether every given name and the topic made it into the final letter;
whether the private reason leaked; how much the model changed its draft (a word-level edit
ratio); whether the letter kept the conventions (its reader as "you", a warm or casual
reader greeted by given name); whether it carries each note the candidate gave; latency
and tokens. Then the totals.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Callable, Iterable
from typing import Literal

from pydantic import ValidationError

from bowout.compose import compose_outcome
from bowout.errors import InvalidRequestError, LLMError, describe_validation_error
from bowout.guardrails.parse import parse
from bowout.guardrails.vocabulary import LETTER_WORDS, STOPWORDS, stem
from bowout.llm.client import Rewriter
from bowout.models import Letter, LetterRequest, StrictModel, Tone
from bowout.names import parse_name
from bowout.render import render
from bowout.resources import read_resource
from bowout.settings import LLMMode, LLMSettings

Outcome = Literal["first-try", "after-reask", "fell-back"]

# Targets the LLM layer is held to (see docs/eval-local.md).
TARGET_FROM_MODEL = 0.90
# Of the requests with notes: letters that carry every note and pass the checks.
TARGET_NOTES = 0.80


class EvalCase(StrictModel):
    id: str
    request: LetterRequest


class CaseResult(StrictModel):
    id: str
    kind: str
    outcome: Outcome
    first_failed: list[str]
    final_failed: list[str]
    fallback_reason: str | None
    missing: list[str]
    leaked: list[str]
    # Word-level edits from the draft to the final letter, over the longer one's words:
    # 0 is the draft unchanged; None when the letter is the template's.
    edit_ratio: float | None
    # Ways the final letter breaks the conventions (see `broken_conventions`).
    conventions: list[str]
    # The notes the final letter does not carry (see `note_carried`).
    notes_dropped: list[str]
    has_notes: bool
    final_ok: bool
    seconds: float
    calls: int
    input_tokens: int
    output_tokens: int


class Totals(StrictModel):
    requests: int
    first_try: int
    after_reask: int
    fell_back: int
    from_model_rate: float
    final_ok_rate: float
    all_specifics_present: int
    leaks: int
    # Over the letters from the model.
    edit_ratio_median: float | None
    edit_ratio_min: float | None
    conventions_kept: int
    # Requests with notes, and those whose final letter carries every note and passes.
    with_notes: int
    notes_carried: int
    seconds_total: float
    seconds_median: float
    input_tokens: int
    output_tokens: int

    @property
    def targets_met(self) -> bool:
        return (
            self.from_model_rate >= TARGET_FROM_MODEL
            and self.final_ok_rate == 1.0
            and self.leaks == 0
            and self.conventions_kept == self.requests
            and (not self.with_notes or self.notes_carried / self.with_notes >= TARGET_NOTES)
        )


def load_cases(text: str | None = None) -> list[EvalCase]:
    """Cases from JSONL: one request per line plus an "id"; the bundled set by default."""
    text = read_resource("prompts", "eval/requests.jsonl") if text is None else text
    cases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
            case_id = str(fields.pop("id", f"line-{number}"))
            cases.append(EvalCase(id=case_id, request=LetterRequest.model_validate(fields)))
        except ValidationError as err:
            problem = describe_validation_error(err)
            raise InvalidRequestError(f"evaluation requests, line {number}: {problem}") from None
        except ValueError as err:
            problem = f"not a JSON object ({str(err).splitlines()[0]})"
            raise InvalidRequestError(f"evaluation requests, line {number}: {problem}") from None
    return cases


_WORD = re.compile(r"[^\W\d_]{4,}")
# Words too common to count as a leak, from the same lists the checks use; the matching
# itself stays separate and simple so the evaluation does not grade the check with itself.
_COMMON = STOPWORDS | LETTER_WORDS


_YOU = re.compile(r"\byou\b", re.IGNORECASE)


def _mentions(text: str, form: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(form.lower())}(?!\w)", text.lower()) is not None


def missing_specifics(body: str, request: LetterRequest) -> list[str]:
    """The names and the topic the letter dropped. A person is kept when the letter names
    them as its tone would ("Tom" in a warm letter, "Dr. Becker" in a formal one) or by
    their full name; the reader, when among the interviewers, when it speaks to them as
    "you"."""
    reader = parse_name(request.recipient_name) if request.recipient_name else None
    missing = []
    for typed in [*request.interviewers, *([request.referral] if request.referral else [])]:
        person = parse_name(typed)
        if reader is not None and reader.same_person(person):
            if not _YOU.search(body):
                missing.append(typed)
            continue
        forms = {typed, person.full, person.formal(), person.for_tone(request.tone)}
        if not any(_mentions(body, form) for form in forms):
            missing.append(typed)
    phrases = [request.other_role, request.topic]
    return missing + [p for p in phrases if p and p.lower() not in body.lower()]


# A note is carried when most of its content words, or words of the same stem, are in the
# letter and every name it gives is: a paraphrase keeps those, a dropped note keeps none.
NOTE_WORDS_KEPT = 0.6


def _content_stems(text: str) -> set[str]:
    return {stem(w.lower()) for w in _WORD.findall(text)} - {stem(w) for w in _COMMON}


def note_carried(note: str, body: str, reader: str | None = None) -> bool:
    """Whether `body` carries `note`: its names (the reader's as "you") and most of its
    content words or words of the same stem.

    Separate on purpose from the pipeline's gate (`bowout.llm.answer.dropped_notes`, which
    decides whether a rewrite is asked again): the evaluation grades what the pipeline
    accepted by a reading of its own, so a loose gate shows up as notes the evaluation finds
    missing instead of grading itself."""
    wanted = _content_stems(note)
    words = note.split()
    # Capitalised words inside a sentence are names ("Kwame's demo", "the pilot in Leeds").
    names = [
        _WORD.findall(w)[0]
        for before, w in itertools.pairwise(words)
        if w[:1].isupper() and _WORD.findall(w) and not before.endswith((".", "!", "?"))
    ]
    you = parse_name(reader) if reader else None
    for name in names:
        if you is not None and you.same_person(parse_name(name)):
            if not _YOU.search(body) and not re.search(r"\byour\b", body, re.IGNORECASE):
                return False
            wanted -= {stem(name.lower())}
        elif not _mentions(body, name):
            return False
    if not wanted:
        return True
    said = _content_stems(body)
    # A shared start of five letters stands for a close paraphrase ("congrats").
    starts = {w[:5] for w in said if len(w) >= 5}
    kept = [w for w in wanted if w in said or (len(w) >= 5 and w[:5] in starts)]
    return len(kept) / len(wanted) >= NOTE_WORDS_KEPT


def leaked_words(letter: Letter, request: LetterRequest, draft: str) -> list[str]:
    """Distinctive words of the private reason that appear in the letter but were in
    neither the draft nor the details the model was given."""
    if not request.private_reason:
        return []
    public = " ".join([draft, *(str(v) for v in request.model_dump().values())]).lower()
    body = letter.body.lower()
    words = {w.lower() for w in _WORD.findall(request.private_reason)} - _COMMON
    return sorted(w for w in words if w not in public and re.search(rf"\b{w}\b", body))


_EDIT_WORD = re.compile(r"[\w']+")


def edit_ratio(draft: str, letter: str) -> float:
    """Word-level Levenshtein distance from `draft` to `letter` over the longer one's word
    count: 0.0 for the same words, 1.0 for nothing in common."""
    a = [w.lower() for w in _EDIT_WORD.findall(draft)]
    b = [w.lower() for w in _EDIT_WORD.findall(letter)]
    if not a and not b:
        return 0.0
    previous = list(range(len(b) + 1))
    for i, word in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
            )
        previous = current
    return previous[-1] / max(len(a), len(b))


def broken_conventions(letter: Letter, request: LetterRequest) -> list[str]:
    """ "third-person" when the reader's name appears anywhere after the greeting (even as
    direct address, so this is stricter than the check); "full-name-greeting" when a warm
    or casual letter greets a reader who has a given and a family name by both. Measured
    apart from the guardrails' own conventions check, which it grades."""
    if not request.recipient_name:
        return []
    reader = parse_name(request.recipient_name)
    parsed = parse(letter.body)
    broken = []
    familiar = request.tone is not Tone.FORMAL and not reader.family_first
    if (
        familiar
        and reader.given
        and reader.family
        and reader.full.lower() in parsed.greeting.lower()
    ):
        broken.append("full-name-greeting")
    forms = {reader.full, reader.formal()}
    others = [parse_name(n) for n in (*request.interviewers, request.sender_name) if n]
    if reader.given and all(
        (o.given or "") != reader.given for o in others if not reader.same_person(o)
    ):
        forms.add(reader.given)
    after_greeting = " ".join(parsed.sentences + parsed.voicemail_sentences)
    if any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", after_greeting) for f in forms if f):
        broken.append("third-person")
    return broken


def run_case(case: EvalCase, settings: LLMSettings, rewriter: Rewriter) -> CaseResult:
    request = case.request
    started = time.perf_counter()
    result = compose_outcome(request, settings, rewriter=rewriter)
    seconds = time.perf_counter() - started
    letter = result.letter
    if letter.source == "llm":
        outcome: Outcome = "first-try" if letter.model_calls == 1 else "after-reask"
    else:
        outcome = "fell-back"
    report = letter.report
    draft = render(request).body
    return CaseResult(
        id=case.id,
        kind=f"{request.scenario.value}/{request.channel.value}/{request.tone.value}",
        outcome=outcome,
        first_failed=sorted({f.check for f in result.first_errors}),
        final_failed=sorted({f.check for f in result.final_errors}),
        fallback_reason=letter.fallback_reason,
        missing=missing_specifics(letter.body, request),
        leaked=leaked_words(letter, request, draft),
        edit_ratio=edit_ratio(draft, letter.body) if letter.source == "llm" else None,
        conventions=broken_conventions(letter, request),
        notes_dropped=[
            n
            for n in request.notes
            if n and not note_carried(n, letter.body, request.recipient_name)
        ],
        has_notes=bool(request.notes),
        final_ok=bool(report and report.ok),
        seconds=seconds,
        calls=letter.model_calls,
        input_tokens=sum(r.input_tokens for r in result.replies),
        output_tokens=sum(r.output_tokens for r in result.replies),
    )


def run_eval(
    cases: Iterable[EvalCase],
    settings: LLMSettings,
    on_result: Callable[[CaseResult], None] | None = None,
) -> list[CaseResult]:
    if not settings.configured:
        raise LLMError(
            "bowout eval needs a model: set OPENAI_API_KEY, or pass --base-url for a local "
            "OpenAI-compatible server",
            reason="no-key",
        )
    settings = settings.model_copy(update={"mode": LLMMode.ON, "strict": False})
    rewriter = Rewriter(settings)
    results = []
    for case in cases:
        result = run_case(case, settings, rewriter)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def totals(results: list[CaseResult]) -> Totals:
    count = len(results) or 1
    seconds = sorted(r.seconds for r in results) or [0.0]
    first = sum(r.outcome == "first-try" for r in results)
    reask = sum(r.outcome == "after-reask" for r in results)
    ratios = sorted(r.edit_ratio for r in results if r.edit_ratio is not None)
    return Totals(
        requests=len(results),
        first_try=first,
        after_reask=reask,
        fell_back=sum(r.outcome == "fell-back" for r in results),
        from_model_rate=(first + reask) / count,
        final_ok_rate=sum(r.final_ok for r in results) / count,
        all_specifics_present=sum(not r.missing for r in results),
        leaks=sum(bool(r.leaked) for r in results),
        edit_ratio_median=ratios[len(ratios) // 2] if ratios else None,
        edit_ratio_min=ratios[0] if ratios else None,
        conventions_kept=sum(not r.conventions for r in results),
        with_notes=sum(r.has_notes for r in results),
        notes_carried=sum(r.has_notes and not r.notes_dropped and r.final_ok for r in results),
        seconds_total=sum(seconds),
        seconds_median=seconds[len(seconds) // 2],
        input_tokens=sum(r.input_tokens for r in results),
        output_tokens=sum(r.output_tokens for r in results),
    )


def format_result(result: CaseResult) -> str:
    if result.outcome == "fell-back":
        why = ", ".join(result.final_failed) or (result.fallback_reason or "").split(":")[0]
        outcome = f"fell back ({why})"
    elif result.outcome == "after-reask":
        outcome = f"after reask (first: {', '.join(result.first_failed)})"
    else:
        outcome = "first try"
    present = "all present" if not result.missing else "missing " + "; ".join(result.missing)
    leak = "LEAKED " + ",".join(result.leaked) if result.leaked else "no leak"
    checks = "passes" if result.final_ok else "FAILS"
    edits = "-" if result.edit_ratio is None else f"{result.edit_ratio:.2f}"
    kept = "kept" if not result.conventions else "BROKE " + ",".join(result.conventions)
    notes = "-" if not result.has_notes else "dropped" if result.notes_dropped else "carried"
    return (
        f"{result.id:<28} {result.kind:<36} {outcome:<40} names/topic {present:<14} "
        f"{leak:<8} edits {edits:<4} conventions {kept:<6} notes {notes:<7} final {checks:<6} "
        f"{result.seconds:5.1f} s  {result.input_tokens}+{result.output_tokens} tok"
    )


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def format_totals(summary: Totals, settings: LLMSettings) -> str:
    n = summary.requests or 1
    lines = [
        f"model {settings.model} at {settings.endpoint}: {summary.requests} requests",
        f"  accepted on the first try  {summary.first_try:>3} ({summary.first_try / n:.0%})",
        f"  accepted after the reask   {summary.after_reask:>3} ({summary.after_reask / n:.0%})",
        f"  from the model in total    {summary.first_try + summary.after_reask:>3} "
        f"({summary.from_model_rate:.0%}; target >= {TARGET_FROM_MODEL:.0%})",
        f"  fell back to the template  {summary.fell_back:>3} ({summary.fell_back / n:.0%})",
        f"  final letters passing      {summary.final_ok_rate:.0%} (target 100%)",
        f"  every name and topic kept  {summary.all_specifics_present:>3} of {summary.requests}",
        f"  private reason leaked      {summary.leaks:>3} (target 0)",
        f"  conventions kept           {summary.conventions_kept:>3} of {summary.requests} "
        "(target all)",
        f"  notes carried, letter ok   {summary.notes_carried:>3} of {summary.with_notes} "
        f"requests with notes (target >= {TARGET_NOTES:.0%})",
        f"  draft changed (edit ratio) median {_ratio(summary.edit_ratio_median)}, "
        f"least {_ratio(summary.edit_ratio_min)} over the model's letters",
        f"  latency                    {summary.seconds_total:.1f} s in total, "
        f"median {summary.seconds_median:.1f} s per letter",
        f"  tokens                     {summary.input_tokens} in, {summary.output_tokens} out",
        f"  targets                    {'met' if summary.targets_met else 'NOT met'}",
    ]
    return "\n".join(lines)
