"""Read text the way its reader sees it, in one place for every stage that judges text.

The request model refuses a field with invisible characters, the checks refuse a letter
with them, and the model-answer cleaner relies on the checks to reject an answer with them;
all three ask the same `Normaliser`. For judging, a letter is read after Unicode NFKC
(full-width letters become plain ones), with Cyrillic and Greek lookalikes folded inside
Latin words, spaced-out letters joined ("t o x i c") and leetspeak read as letters
("p4y is a j0ke"). The tables live in data/normalise.toml with their examples.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from bowout.guardrails.datafiles import read_toml

_LATIN = re.compile(r"[A-Za-z]")
_CHUNK = re.compile(r"\S+")
_EMAIL_OR_LINK = re.compile(r"@[^@\s]*\.|://|^www\.", re.IGNORECASE)
_WORD_LETTERS = re.compile(r"[^\W\d_]")
# Frequent English function words: a real English letter is full of them.
_ENGLISH = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "have", "i"),
        *("in", "is", "it", "me", "my", "of", "on", "our", "so", "that", "the", "this", "to"),
        *("was", "we", "will", "with", "you", "your", "would", "thank", "thanks", "hope"),
    }
)
_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Normaliser:
    """The tables for reading text as shown; build one with `load()` or `default()`."""

    invisible_ranges: tuple[tuple[int, int], ...]
    confusables: dict[int, str]
    leet: dict[str, str]
    spaced_min: int

    @classmethod
    def load(cls, data: dict[str, Any]) -> Normaliser:
        leet = data["leet"]["map"]
        spaced = max(2, int(data["spaced"]["min_letters"]))
        return cls(
            invisible_ranges=tuple((int(a), int(b)) for a, b in data["invisible"]["ranges"]),
            confusables={ord(k): v for k, v in data["confusables"]["map"].items()},
            leet=dict(leet),
            spaced_min=spaced,
        )

    # -- invisible characters -------------------------------------------------------------
    def is_invisible(self, ch: str) -> bool:
        code = ord(ch)
        return any(a <= code <= b for a, b in self.invisible_ranges) or (
            unicodedata.category(ch) == "Cf"
        )

    def invisible_in(self, text: str) -> list[str]:
        """The invisible characters in `text`, as U+XXXX names, first occurrence order."""
        if text.isascii():
            return []
        found: dict[str, None] = {}
        for at, ch in enumerate(text):
            if not ch.isascii() and self.is_invisible(ch) and not _in_emoji(text, at):
                found[f"U+{ord(ch):04X}"] = None
        return list(found)

    # -- reading for judgement --------------------------------------------------------------
    def fold(self, text: str) -> str:
        """NFKC, lookalikes folded, spaced letters joined, leetspeak read as letters."""
        text = unicodedata.normalize("NFKC", text)
        if not text.isascii():
            text = _CHUNK.sub(self._fold_confusables, text)
        text = self._spaced.sub(self._join_spaced, text)
        # A leet word never spans whitespace, so when the whole text holds none (most
        # letters, whose digits are dates and figures), no chunk does either.
        if any(ch in text for ch in self.leet) and self._leet_word.search(text):
            text = _CHUNK.sub(self._fold_leet, text)
        return text

    def _join_spaced(self, match: re.Match[str]) -> str:
        letters = match.group(0).split(" ")
        # "it was a j o k e": the article before the run is a word of its own.
        if letters[0] in ("a", "A", "I") and len(letters) > self.spaced_min:
            return f"{letters[0]} {''.join(letters[1:])}"
        return "".join(letters)

    def _fold_confusables(self, match: re.Match[str]) -> str:
        chunk = match.group(0)
        if chunk.isascii() or not _LATIN.search(chunk):
            return chunk
        return chunk.translate(self.confusables)

    def _fold_leet(self, match: re.Match[str]) -> str:
        chunk = match.group(0)
        if _EMAIL_OR_LINK.search(chunk):
            return chunk
        return self._leet_word.sub(self._leet_one, chunk)

    def _leet_one(self, match: re.Match[str]) -> str:
        word = match.group(0)
        if len(_WORD_LETTERS.findall(word)) < 2:
            return word
        return "".join(self.leet.get(ch, ch) for ch in word)

    @property
    def _leet_word(self) -> re.Pattern[str]:
        return _leet_pattern("".join(self.leet))

    @property
    def _spaced(self) -> re.Pattern[str]:
        return _spaced_pattern(self.spaced_min)

    # -- language -------------------------------------------------------------------------
    @staticmethod
    def looks_english(text: str) -> bool:
        """Whether the text reads as English: enough of its words are common English ones
        and nearly all its letters are Latin. Too short to tell counts as English."""
        found = [w.lower() for w in _WORDS.findall(text)]
        if len(found) < 8:
            return True
        if sum(1 for w in found if w in _ENGLISH) < 0.12 * len(found):
            return False
        if text.isascii():
            return True
        letters = [ch for ch in text if ch.isalpha()]
        return sum(1 for ch in letters if ch.isascii()) >= 0.8 * len(letters)


_JOINER = "\u200d"
_PRESENTATION = ("\ufe0e", "\ufe0f")
_KEYCAP = "\u20e3"


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or "\U0001f3fb" <= ch <= "\U0001f3ff"


def _in_emoji(text: str, at: int) -> bool:
    """Whether the format character at `at` belongs to an emoji: a presentation selector
    after a symbol or a keycap digit ("❤️", "1️⃣"), or a joiner between two symbols
    ("👩‍💻"). Anywhere else it is stray."""
    ch = text[at]
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if ch in _PRESENTATION:
        return bool(before) and (
            _is_emoji(before) or (before in "0123456789#*" and after == _KEYCAP)
        )
    if ch == _JOINER:
        return (
            bool(before and after)
            and (_is_emoji(before) or before in _PRESENTATION)
            and _is_emoji(after)
        )
    return False


@cache
def _leet_pattern(symbols: str) -> re.Pattern[str]:
    # A word that starts and ends with a letter and holds a leet symbol inside: "p4y",
    # "j0ke", "t3rr1ble"; not "3rd", "10am", "Q4" or "£45,000".
    inner = re.escape(symbols)
    return re.compile(rf"(?<![\w{inner}])[A-Za-z][A-Za-z{inner}]*[{inner}][A-Za-z{inner}]*[A-Za-z]")


@cache
def _spaced_pattern(least: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:[A-Za-z] ){{{least - 1},}}[A-Za-z](?![\w])")


def load_tables() -> dict[str, Any]:
    return read_toml("normalise.toml")


@cache
def default() -> Normaliser:
    """The normaliser built from the packaged tables, built once per process."""
    return Normaliser.load(load_tables())
