"""Screen what a user typed before any of it reaches a model.

`screen_request` names each field that looks like an instruction to a model rather than
a detail of a letter (a role marker, "ignore previous instructions", a prompt delimiter, one
of the prompt's own labels) or that is too long for what it is. The rewrite layer refuses to
send a flagged field. The private reason is never sent to a model, so it is not screened.
Invisible and control characters never get this far: the request model removes or refuses
them.
"""

from __future__ import annotations

import re

from bowout.guardrails.leftovers import PROMPT_LABELS
from bowout.guardrails.patterns import lazy
from bowout.models import LetterRequest

_INSTRUCTION = lazy(
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\b[\w ,']{0,30}\b(?:instructions?|"
    r"prompts?|rules|directions|guidelines|above|previous|prior|everything|context|messages?)\b|"
    r"\byou are (?:now|no longer|actually|a|an)\b|\bact as\b|\bpretend (?:to be|you(?:'re| are))\b|"
    r"\b(?:new|updated|real|actual|hidden|secret) (?:instructions?|task|prompt|rules)\b|"
    r"\b(?:system|assistant|user|developer|human|ai)\s*:|\bsystem prompt\b|"
    r"\b(?:instead|rather),? (?:write|say|output|print|respond|reply|return)\b|"
    r"\b(?:respond|reply|answer|output|print|return) (?:only |with |in )\b|"
    r"\b(?:reveal|show|print|repeat|leak) (?:the |your )?(?:system )?(?:prompt|instructions)\b|"
    r"\bjailbreak\w*|\bDAN\b|\bdo anything now\b|"
    r"\b(?:write|compose|draft|generate) (?:a|an|the) (?:poem|story|essay|code|script|letter|"
    r"email|message)\b|\b(?:include|add|insert|mention) (?:the following|this text|a link)\b|"
    r"\bdo not (?:follow|obey)\b",
    re.IGNORECASE,
)
_DELIMITER = lazy(
    r"```|~~~|<<<|>>>|<\|[^|]{0,20}\|>|\[/?(?:INST|SYS)\]|<</?SYS>>|</?(?:system|user|assistant|"
    r"s|instructions?)>|^#{2,}\s|\{\{|\}\}|\{%|%\}|-{5,}|={5,}",
    re.IGNORECASE | re.MULTILINE,
)
_URLISH = lazy(r"https?://|www\.", re.IGNORECASE)

# Tighter than the request's own limits: a value a model sees must look like what it is.
_MAX_WORDS = {
    "sender_name": 6,
    "recipient_name": 6,
    "interviewers": 6,
    "referral": 6,
    "company": 10,
    "role": 14,
    "other_role": 14,
    "topic": 30,
    "looking_forward_to": 30,
    "interview_at": 10,
    "notes": 30,
}


def _screen_value(field: str, value: str) -> str | None:
    if _INSTRUCTION.search(value):
        return "reads like an instruction to a model, not a detail of the letter"
    if _DELIMITER.search(value):
        return "contains prompt or template delimiters (``` <<< >>> {{ }} and the like)"
    if PROMPT_LABELS.search(value):
        return "starts with a label the rewrite prompt uses"
    if _URLISH.search(value) and field not in {"topic", "looking_forward_to", "notes"}:
        return "contains a link, which this field does not need"
    limit = _MAX_WORDS.get(field)
    if limit is not None and len(value.split()) > limit:
        return f"is too long for this field ({len(value.split())} words; at most {limit})"
    return None


def screen_request(request: LetterRequest) -> dict[str, str]:
    """Map each field a model would see that must not be sent to it to a short reason."""
    flagged: dict[str, str] = {}
    shared = set(LetterRequest.fields_for_model())
    for field, value in request.model_dump(mode="json", include=shared).items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and (reason := _screen_value(field, item)):
                flagged[field] = reason
                break
    return flagged
