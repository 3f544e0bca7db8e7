"""Typer options built from the field table (bowout.fields), so that `write`, `advise`,
`reply`, `batch` and `profile set` take the same flags, with the same help, without
listing them.

`@table_options(*specs)` adds one option per row to a command in place of its `flags`
parameter, and calls the command with a `Flags` holding what was given.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

import typer

from bowout.fields import ADVICE_ONLY, LLM_FIELDS, REQUEST_FIELDS, FieldSpec

R = TypeVar("R")

PANELS = {
    "letter": "Letter",
    "situation": "Situation (for advice; never printed in the letter)",
    "llm": "LLM layer (optional)",
}

_REQUEST_NAMES = frozenset(spec.name for spec in REQUEST_FIELDS)


@dataclass(frozen=True)
class Flags:
    """What the table's options were given: request fields and LLM settings by field name.
    A flag that was not given (and whose environment variable is not set) is absent."""

    request: dict[str, Any] = field(default_factory=dict)
    llm: dict[str, Any] = field(default_factory=dict)


def request_rows(*, without: Iterable[str] = ()) -> tuple[FieldSpec, ...]:
    """The request rows, less the named ones."""
    left_out = set(without)
    return tuple(spec for spec in REQUEST_FIELDS if spec.name not in left_out)


def reply_rows() -> tuple[FieldSpec, ...]:
    # A reply gives no advice, and its scenario is an argument.
    return request_rows(without={"scenario", *ADVICE_ONLY})


def llm_rows(*, strict: bool = True) -> tuple[FieldSpec, ...]:
    return tuple(spec for spec in LLM_FIELDS if strict or spec.name != "strict")


def option(flag: str, help: str, panel: str = "Output", **kw: Any) -> Any:
    """A command's own option (not a field's), in a help panel."""
    return typer.Option(flag, help=help, rich_help_panel=panel, **kw)


def _option(spec: FieldSpec, *, profile: bool, panel: str | None) -> tuple[Any, Any]:
    """The annotated type and default of the parameter for one row."""
    name = (spec.profile_flag if profile else None) or spec.flag
    decls = [f"{name}/{spec.off_flag}" if spec.off_flag else name]
    value_type: Any = list[spec.type] if spec.many else spec.type  # type: ignore[name-defined]
    default: Any = None
    if spec.type is bool and spec.off_flag is None:
        value_type, default = bool, False  # a plain switch: given or not
    else:
        value_type = value_type | None
    info = typer.Option(
        *decls,
        help=spec.help if profile else spec.env_help,
        rich_help_panel=None if profile else _panel(spec, panel),
        metavar=spec.metavar,
        # What `profile set` saves is only what was typed, never the environment.
        envvar=None if profile or spec.env_read_by_settings else spec.envvar,
        show_default=False,
    )
    return Annotated[value_type, info], default


def _panel(spec: FieldSpec, panel: str | None) -> str:
    return panel if panel and spec.group != "llm" else PANELS[spec.group]


def table_options(
    *specs: FieldSpec, profile: bool = False, panel: str | None = None
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Give the decorated command one option per row, where its `flags: Flags` parameter
    is. `profile=True`: the rows' `profile set` flags, with no environment variables.
    `panel` puts the request rows under one heading of the command's own."""

    def decorate(func: Callable[..., R]) -> Callable[..., R]:
        own = list(inspect.signature(func, eval_str=True).parameters.values())
        at = [param.name for param in own].index("flags")
        added = []
        for spec in specs:
            annotation, default = _option(spec, profile=profile, panel=panel)
            added.append(
                inspect.Parameter(
                    spec.name,
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=annotation,
                    default=default,
                )
            )
        # Keyword-only throughout: Click passes every value by name.
        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own[:at]]
        params += added
        params += [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own[at + 1 :]]
        names = [spec.name for spec in specs]

        @functools.wraps(func)
        def command(**kwargs: Any) -> R:
            given = {name: kwargs.pop(name) for name in names}
            given = {k: v for k, v in given.items() if v is not None and v != []}
            request = {k: v for k, v in given.items() if k in _REQUEST_NAMES}
            llm = {k: v for k, v in given.items() if k not in _REQUEST_NAMES}
            return func(**kwargs, flags=Flags(request=request, llm=llm))

        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        return command

    return decorate


# The `flags` parameter's default, for a command called directly rather than through Typer.
NO_FLAGS = Flags()
