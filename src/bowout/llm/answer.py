"""Turn a model's answer into a letter body, and spot answers that are not a letter at all.

The contract with the model: it answers with the body only, greeting to signature; the
subject stays the template's. `normalise` applies that contract. `strip_wrappers` goes
further (code fences, a "Here is..." preamble, commentary after the signature) and is used
only when the guardrails reject the answer as it came, so the leftovers check still sees,
and still catches, any artefact that stripping would not remove.
"""

from __future__ import annotations

import re

from bowout.guardrails.normalise import default
from bowout.guardrails.parse import GREETING
from bowout.models import Finding, LetterRequest
from bowout.names import parse_name
from bowout.render import plain_quotes

_SUBJECT_LINE = re.compile(r"\A\s*\**subject\**\s*:[^\n]*\n+", re.IGNORECASE)
_FENCE_LINE = re.compile(r"^\s*(```|~~~)[\w-]*\s*$", re.MULTILINE)
_PREAMBLE = re.compile(
    r"\A\s*(?:sure|certainly|of course|okay|ok|here(?:'s| is| are)|below is|rewritten|"
    r"the rewritten|revised|updated|your (?:letter|message))\b[^\n]*\n+",
    re.IGNORECASE,
)
# A greeting line is short: "Dear Dr. María de la Cruz," is six words.
_GREETING_WORDS = 8
_BLANK_RUNS = re.compile(r"\n\s*\n(?:\s*\n)+")
_QUOTES = ('"', "\u201c", "\u201d", "'")


def normalise(raw: str) -> str:
    """Tidy line endings and blank runs; plain quotes, as the templates write them; drop a
    subject line (the template's subject stays)."""
    text = plain_quotes(raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    text = _SUBJECT_LINE.sub("", text, count=1)
    return _BLANK_RUNS.sub("\n\n", text).strip()


def as_body(raw: str, request: LetterRequest, draft: str = "") -> str:
    """The contract applied to an answer: normalised, with the draft's greeting and the
    signature's contact lines."""
    return restore_greeting(restore_contact_lines(normalise(raw), request), draft)


def restore_greeting(text: str, draft: str) -> str:
    """The draft's greeting line in place of the model's own.

    How a letter greets its reader ("Hi Maria," in a casual letter, "Dear Ms. Gonzalez," in
    a formal one) is bowout's convention, not prose to rewrite; a small model tends to
    write the full name back in. Only a line that is a greeting and nothing more is
    replaced, so a letter that runs its first sentence into the greeting is judged as it is.
    """
    ours = draft.split("\n", 1)[0].strip()
    if not GREETING.match(ours):
        return text
    first, newline, rest = text.partition("\n")
    theirs = first.strip()
    if theirs == ours or not GREETING.match(theirs) or not theirs.endswith((",", ":")):
        return text
    if len(theirs.split()) > _GREETING_WORDS:
        return text
    return f"{ours}{newline}{rest}"


def restore_contact_lines(text: str, request: LetterRequest) -> str:
    """Put back the phone and email lines under the name when the model dropped them.

    Like the subject, the signature's contact lines are the user's own data, not prose to
    rewrite: a letter that ends with the sender's name gets them back, in template order.
    """
    contact = [v for v in (request.sender_phone, request.sender_email) if v]
    lines = text.rstrip().split("\n")
    if not contact or lines[-1].strip() != plain_quotes(request.sender_name):
        return text
    if any(value in text for value in contact):
        return text
    return "\n".join([*lines, *contact])


def _cut_after_signature(text: str, request: LetterRequest) -> str:
    """Drop lines after the signature block (name, then phone and email lines)."""
    lines = text.split("\n")
    name_at = max(
        (i for i, line in enumerate(lines) if line.strip() == plain_quotes(request.sender_name)),
        default=-1,
    )
    if name_at < 0:
        return text
    end = name_at + 1
    contact = {v for v in (request.sender_phone, request.sender_email) if v}
    while end < len(lines) and lines[end].strip() in contact:
        end += 1
    return "\n".join(lines[:end])


def strip_wrappers(text: str, request: LetterRequest) -> str:
    """Remove what commonly wraps a letter in a chat answer; leave the letter itself alone."""
    text = _FENCE_LINE.sub("", text)
    text = _PREAMBLE.sub("", text, count=1)
    text = text.strip()
    if len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1]
    text = _cut_after_signature(text, request)
    return normalise(text)


_CONTENT_WORD = re.compile(r"[^\W_]{4,}")
_FILLER = frozenset({"about", "from", "into", "that", "this", "with", "your", "their", "when"})


def _names(request: LetterRequest) -> list[str]:
    """Names, and the contact lines of the signature, which must appear exactly as given.
    People are named as the draft's tone names them ("Tom" in a warm letter, "Tom Becker"
    in a formal one); the reader, who is "you", is not named at all."""
    reader = parse_name(request.recipient_name) if request.recipient_name else None
    people = [parse_name(n) for n in request.interviewers]
    met = [p.for_tone(request.tone) for p in people if reader is None or not reader.same_person(p)]
    given = (*met, request.referral, request.other_role)
    return [n for n in (*given, request.sender_phone, request.sender_email) if n]


def _phrases(request: LetterRequest) -> list[str]:
    return [p for p in (request.topic, request.looking_forward_to) if p]


def missing_details(text: str, request: LetterRequest, draft: str) -> list[str]:
    """Details the draft mentions that the rewrite dropped. Names must appear as given;
    the topic and what the user looks forward to may be reworded, but their content words
    must all be there."""
    lowered = text.lower()
    names = [plain_quotes(name) for name in _names(request)]
    missing = [name for name in names if name in draft and name not in text]
    for phrase in map(plain_quotes, _phrases(request)):
        if phrase.lower() not in draft.lower():
            continue
        words = {w.lower() for w in _CONTENT_WORD.findall(phrase)} - _FILLER
        if any(not re.search(rf"\b{re.escape(w)}", lowered) for w in words):
            missing.append(phrase)
    return missing


def dropped_notes(text: str, request: LetterRequest) -> list[str]:
    """The notes the rewrite left out (the gate that asks again; `bowout eval` grades notes
    by a reading of its own, `bowout.evaluation.note_carried`). A note may be reworded,
    and its reader becomes "you", but the other names it gives must appear and at least
    half of its content words must, each by its first five letters ("congratulations" as
    "congrats")."""
    lowered = text.lower()
    reader = parse_name(request.recipient_name) if request.recipient_name else None
    dropped = []
    for note in filter(None, request.notes):
        note = plain_quotes(note)
        words = {w.lower().removesuffix("'s") for w in _CONTENT_WORD.findall(note)} - _FILLER
        named = {w for w in re.findall(r"(?<=\s)[A-Z][^\W\d_]+", note)}
        if reader is not None:
            capitalised = re.findall(r"[A-Z][^\W\d_]+", note)
            readers = {w for w in capitalised if reader.same_person(parse_name(w))}
            named -= readers
            words -= {w.lower() for w in readers}
        if any(name not in text for name in named):
            dropped.append(note)
            continue
        kept = [w for w in words if re.search(rf"\b{re.escape(w[:5])}", lowered)]
        if words and len(kept) * 2 < len(words):
            dropped.append(note)
    return dropped


def shape_findings(text: str, request: LetterRequest, draft: str) -> list[Finding]:
    """What makes an answer unusable as this letter, beyond the guardrails' own checks."""
    findings = []
    missing = missing_details(text, request, draft)
    if missing:
        quoted = "; ".join(f'"{item}"' for item in missing)
        findings.append(
            Finding(
                check="details",
                severity="error",
                message=f"the letter must mention, as the draft does: {quoted}",
                advice="put these details back as the draft has them",
            )
        )
    for note in dropped_notes(text, request):
        findings.append(
            Finding(
                check="details",
                severity="error",
                message=f'the letter leaves out the candidate\'s note: "{note}"',
                advice="work the note in as one clause or sentence, in the letter's words",
            )
        )
    if plain_quotes(request.sender_name) not in text:
        findings.append(
            Finding(
                check="signature",
                severity="error",
                message=f"the letter must end with the draft's sign-off and the name "
                f"{request.sender_name}",
                advice="end with the draft's sign-off and signature",
            )
        )
    if not default().looks_english(text):
        findings.append(
            Finding(
                check="language",
                severity="error",
                message="the letter must be in English, like the draft",
                advice="write the letter in English",
            )
        )
    return findings
