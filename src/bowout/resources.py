"""Find and read the bundled templates/ and prompts/ folders.

In a wheel they live inside the package (hatch force-include); in a source checkout or an
editable install they stay at the repository's top level, which is where we look next.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from bowout.errors import TemplateError
from bowout.kept import parsed_toml


@cache
def resource_dir(name: str) -> Traversable:
    packaged = files("bowout") / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise TemplateError(f"bowout's {name}/ folder is missing from this install; reinstall bowout")


def read_resource(folder: str, relative: str) -> str:
    node = resource_dir(folder)
    for part in relative.split("/"):
        node = node / part
    if not node.is_file():
        raise TemplateError(
            f"bowout's {folder}/{relative} is missing from this install; reinstall bowout"
        )
    return node.read_text(encoding="utf-8")


def read_resource_toml(folder: str, relative: str) -> dict[str, Any]:
    """A TOML file of the folder, parsed (kept between runs: bowout.kept.parsed_toml). A
    malformed file raises tomllib.TOMLDecodeError, a ValueError."""
    text = read_resource(folder, relative)
    return parsed_toml(text, f"{folder}-{relative.replace('/', '-')}")
