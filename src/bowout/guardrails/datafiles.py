"""The guardrails' data files (word lists, rule lists, tables) in `bowout/guardrails/data/`.

Each is parsed once and its data kept between runs (bowout.kept.parsed_toml): parsing with
tomllib is a measurable part of a new process's first check, about forty times the cost of
reading back the kept copy (figures in benchmarks/README.md).
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from bowout.kept import parsed_toml


def read_toml(relative: str) -> dict[str, Any]:
    """A TOML file of `bowout/guardrails/data/`, by its path there ("reasons/pay.toml")."""
    source = files("bowout.guardrails").joinpath("data", *relative.split("/"))
    return parsed_toml(source.read_text(encoding="utf-8"), relative.replace("/", "-"))
