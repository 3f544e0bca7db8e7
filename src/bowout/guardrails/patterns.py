"""Regular expressions compiled on first use.

CPython compiles a pattern in Python code, at roughly 2 µs per character, and the guardrails
hold tens of kilobytes of patterns: compiled at import they would add about 100 ms to every
`bowout` command, `--help` included. Each pattern here compiles once, the first time a check
needs it, and is then reused for every letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_ESCAPE_OR_CAPITAL = re.compile(r"(\\.)|([A-Z])")


def lowered(source: str) -> str:
    """The pattern with its literal letters lower-cased (escapes such as \\S kept), for
    matching lower-cased text without IGNORECASE, which is about three times faster."""
    return _ESCAPE_OR_CAPITAL.sub(lambda m: m.group(1) or m.group(2).lower(), source)


class Lazy:
    __slots__ = ("_compiled", "_flags", "_lower", "source")

    def __init__(self, source: str, flags: int = 0, *, lower: bool = False) -> None:
        self.source = source
        self._flags = flags
        self._lower = lower
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            source = lowered(self.source) if self._lower else self.source
            self._compiled = re.compile(source, self._flags)
        return self._compiled

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.search(text, pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)

    def findall(self, text: str) -> list[str]:
        return self.compiled.findall(text)

    def sub(self, replacement: str, text: str) -> str:
        return self.compiled.sub(replacement, text)

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        return self.compiled.split(text, maxsplit)


class Caseless(Lazy):
    """A case-insensitive pattern that, on ASCII text, runs its lower-cased form on the
    lower-cased text: lower-casing ASCII keeps every position, so the spans are the same, and
    matching without IGNORECASE is about three times faster. Other text (a name like "Zoë")
    takes the IGNORECASE pattern as written. Matches are for their positions: on the fast
    path their text is lower-cased, so read the text from the original with the span."""

    __slots__ = ("_folded",)

    def __init__(self, source: str, flags: int = 0) -> None:
        super().__init__(source, flags | re.IGNORECASE)
        self._folded: re.Pattern[str] | None = None

    @property
    def folded(self) -> re.Pattern[str]:
        if self._folded is None:
            self._folded = re.compile(lowered(self.source), self._flags & ~re.IGNORECASE)
        return self._folded

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        if text.isascii():
            return self.folded.search(text.lower(), pos)
        return self.compiled.search(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if text.isascii():
            return self.folded.finditer(text.lower())
        return self.compiled.finditer(text)


def lazy(source: str, flags: int = 0) -> Lazy:
    return Lazy(source, flags)


def words(*alternatives: str) -> Lazy:
    """Whole words or phrases, matched against lower-cased text."""
    return Lazy(r"\b(?:" + "|".join(alternatives) + r")\b", lower=True)
