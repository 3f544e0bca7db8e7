"""bowout: courteous letters that withdraw from an interview process without burning a bridge.

    from bowout import LetterRequest, compose
    letter = compose(LetterRequest(scenario="withdraw", sender_name="Ana Lima", company="Acme"))
    print(letter.as_text())

Names are imported on first use, so `import bowout` (and the CLI's --help) stays cheap.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Advice": "bowout.advise",
    "AdviceRequest": "bowout.advise",
    "BatchResult": "bowout.many",
    "BowoutError": "bowout.errors",
    "Channel": "bowout.choices",
    "CheckContext": "bowout.models",
    "Finding": "bowout.models",
    "LLMMode": "bowout.choices",
    "LLMSettings": "bowout.settings",
    "Letter": "bowout.models",
    "LetterRequest": "bowout.models",
    "Report": "bowout.models",
    "Scenario": "bowout.choices",
    "ScenarioInfo": "bowout.catalog",
    "Tone": "bowout.choices",
    "acompose": "bowout.compose",
    "advise": "bowout.advise",
    "check": "bowout.guardrails",
    "compose": "bowout.compose",
    "compose_many": "bowout.many",
    "list_scenarios": "bowout.catalog",
    "render": "bowout.render",
    "scenario_info": "bowout.catalog",
}

__all__ = [
    "Advice",
    "AdviceRequest",
    "BatchResult",
    "BowoutError",
    "Channel",
    "CheckContext",
    "Finding",
    "LLMMode",
    "LLMSettings",
    "Letter",
    "LetterRequest",
    "Report",
    "Scenario",
    "ScenarioInfo",
    "Tone",
    "acompose",
    "advise",
    "check",
    "compose",
    "compose_many",
    "list_scenarios",
    "render",
    "scenario_info",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bowout' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


class _Package(ModuleType):
    """Keeps `bowout.compose` (and advise, render, check) the function once its module of the
    same name is imported: the import system would otherwise rebind the name to the module."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _EXPORTS and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:
    from bowout.advise import Advice, AdviceRequest, advise
    from bowout.catalog import ScenarioInfo, list_scenarios, scenario_info
    from bowout.choices import Channel, Scenario, Tone
    from bowout.compose import acompose, compose
    from bowout.errors import BowoutError
    from bowout.guardrails import check
    from bowout.many import BatchResult, compose_many
    from bowout.models import CheckContext, Finding, Letter, LetterRequest, Report
    from bowout.render import render
    from bowout.settings import LLMMode, LLMSettings
