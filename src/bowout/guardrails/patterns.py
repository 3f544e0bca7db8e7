"""Regular expressions compiled on first use.

CPython compiles a pattern in Python code, at roughly 2 µs per character, and the guardrails
hold tens of kilobytes of patterns: compiled at import they would add about 100 ms to every
`bowout` command, `--help` included. Each pattern here compiles once, the first time a check
needs it, and is then reused for every letter.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import re
import sys
from collections.abc import Iterator
from typing import Any

from bowout.kept import kept_file, read_kept, write_kept

try:  # CPython's regex engine, whose compiled form `compile_pattern` keeps
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # another Python: plain `re.compile`
    _sre = None

_ESCAPE_OR_CAPITAL = re.compile(r"(\\.)|([A-Z])")


def lowered(source: str) -> str:
    """The pattern with its literal letters lower-cased (escapes such as \\S kept), for
    matching lower-cased text without IGNORECASE, which is about three times faster."""
    return _ESCAPE_OR_CAPITAL.sub(lambda m: m.group(1) or m.group(2).lower(), source)


# Compiling is mostly parsing the pattern (Python code, in `re._parser`); the result is a
# list of integers that `_sre.compile` turns into a pattern in microseconds. Those lists are
# kept between runs (bowout.kept), so a new process skips the parse, most of the cost of its
# first check (figures in benchmarks/README.md). The file is tied to the
# interpreter's exact version and the regex engine's MAGIC, and anything unexpected (an
# unreadable or stale file, another engine) falls back to `re.compile`.
_CODE_FILE = kept_file(
    f"patterns.{sys.implementation.cache_tag}-{sys.hexversion:x}-{getattr(_sre, 'MAGIC', 0)}"
    ".marshal"
)
_codes: dict[tuple[str, int], tuple[Any, ...]] | None = None  # read on first compile
_new_codes = 0


def _load_codes() -> dict[tuple[str, int], tuple[Any, ...]]:
    global _codes
    if _codes is None:
        data = read_kept(_CODE_FILE)
        try:
            loaded = marshal.loads(data) if data else {}
            _codes = loaded if isinstance(loaded, dict) else {}
        except (EOFError, ValueError, TypeError):
            _codes = {}
    return _codes


def _save_codes() -> None:
    if not _new_codes or _codes is None:
        return
    with contextlib.suppress(ValueError):  # a value marshal cannot write: parse next time
        write_kept(_CODE_FILE, marshal.dumps(_codes))


def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, from the kept code when this interpreter made it before."""
    global _new_codes
    flags = int(flags)  # a plain int, as marshal keeps it (not a RegexFlag)
    if _sre is None:
        return re.compile(source, flags)
    codes = _load_codes()
    kept = codes.get((source, flags))
    if kept is not None:
        try:
            return _sre.compile(source, *kept)  # type: ignore[no-any-return]
        except (TypeError, ValueError, RuntimeError):
            pass  # a stale or foreign entry: compile as usual below
    try:
        # What `re._compiler.compile` does, keeping its intermediate result.
        parsed = _parser.parse(source, flags)
        code = _compiler._code(parsed, flags)
        state = parsed.state
        indexgroup: list[str | None] = [None] * state.groups
        for name, index in state.groupdict.items():
            indexgroup[index] = name
        # Plain ints throughout: the opcodes are an int subclass, which marshal refuses.
        kept = (
            int(flags | state.flags),
            [int(op) for op in code],
            state.groups - 1,
            dict(state.groupdict),
            tuple(indexgroup),
        )
        pattern: re.Pattern[str] = _sre.compile(source, *kept)
    except Exception:  # an engine with other internals: the public way is enough
        return re.compile(source, flags)
    if not _new_codes:
        atexit.register(_save_codes)
    codes[(source, flags)] = kept
    _new_codes += 1
    return pattern


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
            self._compiled = compile_pattern(source, self._flags)
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
            self._folded = compile_pattern(lowered(self.source), self._flags & ~re.IGNORECASE)
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
