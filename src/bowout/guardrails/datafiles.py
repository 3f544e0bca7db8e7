"""The guardrails' data files (word lists, rule lists, tables) in `bowout/guardrails/data/`."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Any


def read_toml(relative: str) -> dict[str, Any]:
    """A TOML file of `bowout/guardrails/data/`, by its path there ("reasons/pay.toml")."""
    source = files("bowout.guardrails").joinpath("data", *relative.split("/"))
    return tomllib.loads(source.read_text(encoding="utf-8"))
