"""The scenarios bowout can write, read from each templates/<scenario>/meta.toml."""

from __future__ import annotations

import tomllib
from functools import cache

from pydantic import Field, ValidationError

from bowout.errors import MissingFieldsError, TemplateError, UnknownScenarioError
from bowout.models import Channel, LetterRequest, Scenario, StrictModel, Tone
from bowout.resources import read_resource


class ScenarioInfo(StrictModel):
    name: Scenario
    title: str
    summary: str
    required: list[str]
    optional: list[str]
    seeds: list[str]
    channels: list[Channel] = Field(default_factory=lambda: list(Channel))
    tones: list[Tone] = Field(default_factory=lambda: list(Tone))

    def template_path(self, channel: Channel, tone: Tone) -> str:
        return f"{self.name.value}/{channel.value}-{tone.value}.j2"

    def missing_fields(self, request: LetterRequest) -> list[str]:
        given = request.given_fields()
        return [name for name in self.required if name not in given]


@cache
def scenario_info(scenario: Scenario | str) -> ScenarioInfo:
    try:
        scenario = Scenario(scenario)
    except ValueError:
        known = ", ".join(s.value for s in Scenario)
        raise UnknownScenarioError(
            f"unknown scenario {scenario!r}; choose one of: {known}"
        ) from None
    raw = tomllib.loads(read_resource("templates", f"{scenario.value}/meta.toml"))
    try:
        return ScenarioInfo(name=scenario, **raw)
    except ValidationError as err:
        raise TemplateError(f"templates/{scenario.value}/meta.toml is malformed: {err}") from None


def list_scenarios() -> list[ScenarioInfo]:
    return [scenario_info(s) for s in Scenario]


def require_fields(request: LetterRequest) -> ScenarioInfo:
    info = scenario_info(request.scenario)
    missing = info.missing_fields(request)
    if missing:
        raise MissingFieldsError(request.scenario.value, missing)
    return info
