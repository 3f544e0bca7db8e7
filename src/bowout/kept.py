"""Files bowout derives from its own data and keeps between runs, as Python keeps bytecode:
the guardrails' compiled regex code, their parsed data files, the reason model's weights in
marshal form and the compiled templates. Each saves a new process tens of milliseconds.

They live in the user's cache folder ($BOWOUT_CACHE_DIR, else $XDG_CACHE_HOME/bowout, else
~/.cache/bowout), in a subfolder per install. They are not kept inside the package, because
an uninstall removes only the files the installer wrote, and anything else would leave a
stray `bowout` folder in site-packages. Whoever reads a kept file checks it and rebuilds
it when it is stale. A folder that cannot be written costs only time.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

CACHE_DIR_ENV = "BOWOUT_CACHE_DIR"


@cache
def kept_dir() -> Path | None:
    """This install's folder for kept files; None when the user has no home to keep them in."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        base = Path(override).expanduser()
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        try:
            base = (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "bowout"
        except RuntimeError:  # no home directory
            return None
    # One subfolder per install, so environments with different versions of bowout never
    # read each other's files.
    install = str(Path(__file__).resolve().parent).encode()
    return base / hashlib.sha1(install, usedforsecurity=False).hexdigest()[:12]


def kept_file(name: str) -> Path | None:
    folder = kept_dir()
    return None if folder is None else folder / name


def read_kept(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None  # none yet, or unreadable: the caller builds it


def write_kept(path: Path | None, data: bytes) -> None:
    """Write `path` whole or not at all, whoever else writes it at the same time."""
    if path is None:
        return
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:  # read-only, or not a folder: built again next time
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def parsed_toml(text: str, name: str) -> dict[str, Any]:
    """`tomllib.loads(text)` for one of bowout's own data files, `name` naming it ("reasons-
    pay.toml"). Parsing is pure Python, tens of times the cost of reading back a marshal copy
    of the result, so the result is kept, with the digest of the text it came from: a
    changed file is parsed again. A file with a value marshal cannot hold (a TOML date) is
    parsed every time."""
    digest = hashlib.sha1(text.encode(), usedforsecurity=False).digest()
    kept = kept_file(f"data-{name}.{sys.implementation.cache_tag}.marshal")
    saved = read_kept(kept)
    if saved:
        try:
            kept_digest, data = marshal.loads(saved)
            if kept_digest == digest and isinstance(data, dict):
                return data
        except (EOFError, ValueError, TypeError):
            pass  # unreadable: parse the text
    import tomllib  # only to parse: a start with every copy kept does not load it

    parsed = tomllib.loads(text)
    with contextlib.suppress(ValueError):
        write_kept(kept, marshal.dumps((digest, parsed)))
    return parsed
