"""bowout: courteous letters that withdraw from an interview process without burning a bridge.

from bowout import LetterRequest, compose
letter = compose(LetterRequest(scenario="withdraw", sender_name="Ana Lima", company="Acme"))
print(letter.as_text())
"""

from bowout.catalog import ScenarioInfo, list_scenarios, scenario_info
from bowout.compose import compose
from bowout.errors import BowoutError
from bowout.guardrails import check
from bowout.models import (
    Channel,
    CheckContext,
    Finding,
    Letter,
    LetterRequest,
    Report,
    Scenario,
    Tone,
)
from bowout.render import render
from bowout.settings import LLMMode, LLMSettings

__version__ = "0.1.0"

__all__ = [
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
    "check",
    "compose",
    "list_scenarios",
    "render",
    "scenario_info",
]
