"""Leftovers: placeholders, template syntax and traces of a model or its prompt."""

from __future__ import annotations

import re

from bowout.guardrails.parse import Letter, words
from bowout.guardrails.patterns import Caseless, Lazy, lazy
from bowout.models import CheckContext, Finding

# (pattern, what it finds[, text every match contains]): the substring test is far cheaper
# than the search, and most letters hold no placeholder at all.
_PLACEHOLDERS: tuple[tuple[Lazy, str] | tuple[Lazy, str, tuple[str, ...]], ...] = (
    (lazy(r"\[[^\]\n]{0,80}\]"), "a [bracketed] placeholder"),
    (lazy(r"\{\{.*?\}\}|\{\{|\}\}", re.DOTALL), "template syntax {{ }}"),
    (lazy(r"\{%.*?%\}|\{%|%\}|\{#|#\}", re.DOTALL), "template syntax {% %}"),
    (
        lazy(r"</?(?!https?://)[A-Za-z][^<>\n@]{0,60}>"),
        "an <angle-bracket> placeholder or tag",
    ),
    # The request's field names, as the rewrite prompt shows them to the model.
    (
        lazy(
            r"\b(?:sender|recipient)_(?:name|phone|email)\b|\b(?:looking_forward_to|other_role|"
            r"interview_at|private_reason)\b"
        ),
        "a field name from the request",
        ("_",),
    ),
    (lazy(r"\{[A-Za-z_ ]{1,40}\}"), "a {curly} placeholder"),
    (Caseless(r"\b(?:TODO|TBD|FIXME|XXX|lorem ipsum)\b"), "an unfinished marker"),
    (
        Caseless(
            r"^\s*(?:your|recipient's|hiring manager's|candidate's|sender's) (?:full )?"
            r"(?:name|number|phone(?: number)?|email(?: address)?|title)\s*$",
            re.MULTILINE,
        ),
        "a placeholder name",
    ),
    (
        lazy(
            r"\b(?:Your (?:Full )?Name|Your Number|Your Phone|First Name|Last Name|Company "
            r"Name|Job Title|Hiring Manager's Name|Recipient Name|Company X|Project [XY]|"
            r"X{3,})\b"
        ),
        "a placeholder name",
        ("Your", "Name", "Title", "Company", "Project", "XXX"),
    ),
    (lazy(r"_{3,}|\.{4,}"), "a blank to fill in", ("___", "....")),
)
_ARTEFACTS = Caseless(
    # "as an assistant" alone, not the job title ("as an Assistant Accountant").
    r"\b(?:as an (?:ai|a\.i\.|ai language model|language model|assistant(?!\s+\w))|i am an ai|"
    r"i'm an ai|"
    r"here(?:'s| is) (?:the|a|your|an) (?:rewritten|revised|updated|improved|polished|"
    r"personali[sz]ed|final|new|edited|shorter|more formal|warmer)?\s*(?:version|letter|email|"
    # A model's label for its answer, not "I can send an updated version" of a CV.
    r"draft|message|rewrite)|(?:rewritten|revised|updated) (?:version|letter|draft)"
    r"(?=\s*[:(\n]| of (?:the|your|this|my) (?:letter|email|message|draft))|"
    r"below is (?:the|a|your)|i hope this helps|"
    r"let me know if you (?:would like|'d like|want|need) (?:any |me to )?"
    r"(?:changes|adjustments|edits|tweaks|another|a different|more)|"
    r"feel free to (?:adjust|customi[sz]e|modify|tweak|edit|personali[sz]e)|"
    r"(?:certainly|sure|of course)[!,.] here|"
    r"this (?:version|rewrite|draft|revision) (?:keeps|maintains|removes|adds|includes|avoids|is)|"
    r"this (?:letter|email|message) (?:keeps|maintains|removes|adds|avoids)|"
    r"i(?:'ve| have) (?:rewritten|woven|personali[sz]ed|revised|kept the (?:tone|letter|"
    r"structure|length)|removed the|added (?:a|the|some) (?:mention|reference|detail|line|"
    r"sentence))|word count|(?:original|base) (?:draft|template)|the draft (?:above|below)|"
    # The re-ask lists failed checks as "- family: message (in: ...)"; an echo of that list.
    r"(?:negative-reason|private-reason|leftovers|grounded|concise|courteous):|these checks failed|"
    r"gives a negative reason|\(in: \")",
    re.IGNORECASE,
)
_FENCE = Caseless(
    r"```|~~~|<<<|>>>|<\|[a-z_]+\|>|\[/?INST\]|</?s>|\*\*[^*\n]+\*\*|^#{1,6} |"
    r"^(?:-{3,}|={3,}|\*{3,})\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# Every match of `_FENCE` holds one of these; most letters hold none, and the test is cheap.
_FENCE_MARKS = ("```", "~~~", "<", ">", "[", "**", "#", "---", "===")
# Labels from the rewrite prompts and request fields, at the start of a line.
PROMPT_LABELS = Caseless(
    r"^\s*[*_#>]*\s*(?:draft|details|letter|rewritten letter|revised letter|final letter|"
    r"output|input|instructions?|rules|constraints|example|scenario|channel|tone|sender|"
    r"recipient|company|role|topic|interviewers?(?: to thank)?|looking forward to|other role|"
    r"referral|interview(?: at| time)?|private reason|reason|context|facts|notes?|note to self|"
    r"explanation|changes(?: made)?|assistant|system|user|answer|response|"
    r"signature|sign[- ]off|greeting|stage|tone of voice|subject line|word count|"
    r"things to mention|mention|do not mention|avoid|fixes?|problems?|failed checks)"
    r"\s*[*_]*\s*:",
    re.IGNORECASE | re.MULTILINE,
)


def _first_line(text: str, start: int) -> str:
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return text[begin : end if end != -1 else len(text)].strip()


def check_leftovers(letter: Letter, context: CheckContext | None) -> list[Finding]:
    text = letter.text
    findings: list[Finding] = []
    for pattern, what, *needs in _PLACEHOLDERS:
        if needs and not any(needle in text for needle in needs[0]):
            continue
        if match := pattern.search(text):
            findings.append(
                Finding(
                    check="leftovers",
                    severity="error",
                    message=f"{what} is still in the letter",
                    advice="fill it in or remove it",
                    excerpt=_first_line(text, match.start()),
                )
            )
    if match := _ARTEFACTS.search(text):
        findings.append(
            Finding(
                check="leftovers",
                severity="error",
                message="a note from whoever wrote the draft, not part of the letter",
                advice="remove it",
                excerpt=_first_line(text, match.start()),
            )
        )
    if any(mark in text for mark in _FENCE_MARKS) and (match := _FENCE.search(text)):
        findings.append(
            Finding(
                check="leftovers",
                severity="error",
                message="formatting marks (```, <<< >>>, markdown) from a prompt",
                advice="remove them",
                excerpt=_first_line(text, match.start()),
            )
        )
    for match in PROMPT_LABELS.finditer(text):
        line = _first_line(text, match.start())
        if line.lower().startswith("subject:") or line.lower().startswith("voicemail"):
            continue
        findings.append(
            Finding(
                check="leftovers",
                severity="error",
                message="a label from a prompt or a form",
                advice="remove it",
                excerpt=line,
            )
        )
        break
    # After the sign-off come only the name and contact lines, nothing that reads as prose.
    for line in letter.signature:
        if line.upper().startswith(("P.S", "PS")):
            continue
        count = len(words(line))
        if count > 10 or (count > 3 and line.rstrip().endswith((".", "!", "?", ":"))):
            findings.append(
                Finding(
                    check="leftovers",
                    severity="error",
                    message="text after the signature",
                    advice="remove it, or move it above the sign-off",
                    excerpt=line,
                )
            )
            break
    return findings
