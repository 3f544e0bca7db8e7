"""Words as the content checks compare them: lower-cased, stemmed, stopwords dropped."""

from __future__ import annotations

import functools
import itertools
import re

from bowout.guardrails.datafiles import read_toml
from bowout.guardrails.patterns import lazy

_TOKEN = lazy(r"[a-z0-9$€£][a-z0-9$€£'-]*", re.IGNORECASE)


# The word lists are data (data/vocabulary.toml): constants, read once at import.
_DATA = read_toml("vocabulary.toml")
STOPWORDS: frozenset[str] = frozenset(_DATA["stopwords"])
# Words any courteous letter may use, so they never count as a private reason showing through.
LETTER_WORDS: frozenset[str] = frozenset(_DATA["letter_words"])
_PARTICLES: frozenset[str] = frozenset(_DATA["particles"])
_SUFFIXES: tuple[tuple[str, str], ...] = tuple((a, b) for a, b in _DATA["suffixes"])
# Small clusters of words people swap when they reword a reason.
_SYNONYMS: dict[str, str] = {
    member: name for name, members in _DATA["synonyms"].items() for member in members
}
del _DATA


def _strip_suffix(word: str) -> str:
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


# A letter stems about a hundred words, mostly the same ones letter after letter; the result
# depends on the word alone. Bounded so a long batch of unusual words cannot grow it forever.
@functools.lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A crude stemmer: the same stem for the inflections people swap ("offer", "offered")."""
    word = word.lower().strip("'-")
    if word.endswith("'s"):
        word = word[:-2]
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    # Twice, so "offered" and "offer" both end as "off" rather than one step apart.
    word = _strip_suffix(_strip_suffix(word))
    if len(word) > 4:
        word = word.rstrip("eiy")
    return _SYNONYMS.get(word, word)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_forms(text: str) -> list[str]:
    """Tokens, with hyphenated words also split and joined ("take-home", "take", "takehome")
    and neighbours joined ("burned out" -> "burnout"), so spacing variants still match."""
    base = [t.lower() for t in tokens(text)]
    forms = list(base)
    for token in base:
        if "-" in token:
            parts = [p for p in token.split("-") if p]
            forms.extend(parts)
            forms.append("".join(parts))
    forms.extend(
        stem(a) + b for a, b in itertools.pairwise(base) if b in _PARTICLES and a not in STOPWORDS
    )
    return forms


def content_stems(text: str, *, drop_letter_words: bool = False) -> frozenset[str]:
    """The stems of a text's content words."""
    return _content_stems(text, drop_letter_words)


# Every letter of one request stems the same request text and private reason again; the
# result depends on the text alone. Frozen, so no caller can change a shared answer.
@functools.lru_cache(maxsize=1024)
def _content_stems(text: str, drop_letter_words: bool) -> frozenset[str]:
    out = set()
    for form in word_forms(text):
        if form in STOPWORDS or len(form) < 3 or (drop_letter_words and form in LETTER_WORDS):
            continue
        out.add(stem(form))
    return frozenset(out)
