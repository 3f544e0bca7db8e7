"""The private reason never shows through: none of its distinctive words appear in the letter.

Distinctive means: a content word of the reason (stopwords dropped, stemmed, common
rewordings folded together) that neither the base template nor the request's other fields
contain, and that is not a word every courteous letter may use ("role", "time", "team").
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from bowout.guardrails.negative_reasons import ReasonCheck
from bowout.guardrails.parse import Letter
from bowout.guardrails.vocabulary import content_stems, stem, word_forms
from bowout.models import CheckContext, Finding


def legitimate_text(context: CheckContext, *, include_private: bool) -> str:
    """Everything the letter may draw on: the request's fields, extra names, the base text."""
    parts: list[str] = list(context.names)
    if context.base_text:
        parts.append(context.base_text)
    request = context.request
    if request is not None:
        # The fields as they are, not model_dump(mode="json"): the same strings (a choice
        # as its value) at a fraction of the cost, and two checks ask for every letter.
        for name, value in vars(request).items():
            if name == "private_reason" and not include_private:
                continue
            if isinstance(value, Enum):
                value = value.value
            if isinstance(value, str):
                parts.append(value)
            elif isinstance(value, list):
                parts.extend(str(v) for v in value)
    if include_private and context.private_reason:
        parts.append(context.private_reason)
    return "\n".join(parts)


# A sentence's words depend on the sentence alone, and template letters repeat their
# sentences across a batch; the reason they are compared with changes from letter to letter.
@lru_cache(maxsize=1024)
def _stemmed_forms(sentence: str) -> tuple[tuple[str, str], ...]:
    """Each distinct word form of the sentence with its stem."""
    return tuple((form, stem(form)) for form in dict.fromkeys(word_forms(sentence)))


def check_private_reason(
    letter: Letter, context: CheckContext | None, reasons: ReasonCheck
) -> list[Finding]:
    """`reasons` says what kind of reason a sentence gives."""
    if context is None or not context.private_reason:
        return []
    allowed = content_stems(legitimate_text(context, include_private=False))
    secret = content_stems(context.private_reason, drop_letter_words=True) - allowed
    # The kind of reason it is (pay, the commute, ...): a letter that raises the same kind
    # gives the reason away in other words.
    kinds = set(reasons.categories_in(context.private_reason))
    ask = reasons.ask.allowance(letter, context)
    findings = []
    for sentence in [*letter.all_sentences, letter.greeting, *letter.signature]:
        if ask.covers(sentence):
            # Asking about the named constraint is the point of an ask-flexibility letter.
            continue
        shown = sorted({form for form, stemmed in _stemmed_forms(sentence) if stemmed in secret})
        same_kind = (
            sorted(kinds.intersection(reasons.categories_in_letter(sentence, context)))
            if kinds
            else []
        )
        if same_kind and not shown:
            findings.append(
                Finding(
                    check="private-reason",
                    severity="error",
                    message=f"hints at your private reason ({', '.join(same_kind)})",
                    advice="leave the real reason out of the letter",
                    excerpt=sentence,
                )
            )
        elif shown:
            findings.append(
                Finding(
                    check="private-reason",
                    severity="error",
                    message=f"echoes your private reason ({', '.join(shown)})",
                    advice="leave the real reason out of the letter",
                    excerpt=sentence,
                )
            )
    return findings
