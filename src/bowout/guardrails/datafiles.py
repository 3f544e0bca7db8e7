"""The guardrails' data files (word lists, rule lists, tables) in `bowout/guardrails/data/`.

Parsing them with tomllib (pure Python) is a measurable part of a new process's first check,
about forty times the cost of reading back a marshal copy of the result (figures in
benchmarks/README.md). So each file's data is also kept between runs (bowout.kept), with the
digest of the text it came from: a changed file is parsed again, and a copy that cannot be
read or written costs only the parse.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import sys
import tomllib
from importlib.resources import files
from typing import Any

from bowout.kept import kept_file, read_kept, write_kept


def read_toml(relative: str) -> dict[str, Any]:
    """A TOML file of `bowout/guardrails/data/`, by its path there ("reasons/pay.toml")."""
    source = files("bowout.guardrails").joinpath("data", *relative.split("/"))
    text = source.read_text(encoding="utf-8")
    digest = hashlib.sha1(text.encode(), usedforsecurity=False).digest()
    kept = kept_file(f"data-{relative.replace('/', '-')}.{sys.implementation.cache_tag}.marshal")
    saved = read_kept(kept)
    if saved:
        try:
            kept_digest, data = marshal.loads(saved)
            if kept_digest == digest and isinstance(data, dict):
                return data
        except (EOFError, ValueError, TypeError):
            pass  # unreadable: parse the text
    parsed = tomllib.loads(text)
    # A value marshal cannot hold (a TOML date): that file is parsed every time.
    with contextlib.suppress(ValueError):
        write_kept(kept, marshal.dumps((digest, parsed)))
    return parsed
