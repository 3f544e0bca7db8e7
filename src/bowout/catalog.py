"""The scenarios bowout can write, read from each templates/<scenario>/meta.toml."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pydantic import Field, ValidationError

from bowout.errors import (
    MissingFieldsError,
    TemplateError,
    UnknownScenarioError,
    describe_validation_error,
)
from bowout.models import Channel, LetterRequest, Scenario, StrictModel, Tone
from bowout.resources import read_resource_toml

SOURCES_FILE = "_sources.toml"


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

    @property
    def sources(self) -> list[str]:
        return [cite(seed) for seed in self.seeds]

    def unused(self, given: Iterable[str]) -> list[str]:
        """The `given` fields this scenario's letter leaves out: details another scenario
        writes (a topic, another role) that this one has no sentence for. Fields no
        scenario lists (tone, channel, the private reason, the advice context) are never
        unused."""
        uses = {*self.required, *self.optional}
        return [name for name in given if name in _letter_fields() and name not in uses]

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
    raw = read_resource_toml("templates", f"{scenario.value}/meta.toml")
    try:
        return ScenarioInfo(name=scenario, **raw)
    except ValidationError as err:
        problem = describe_validation_error(err)
        raise TemplateError(
            f"templates/{scenario.value}/meta.toml is malformed: {problem}"
        ) from None


class _Source(StrictModel):
    title: str
    date: str | None = None

    def cite(self) -> str:
        return f"{self.title} ({self.date})" if self.date else self.title


@cache
def _sources() -> dict[str, _Source]:
    raw = read_resource_toml("templates", SOURCES_FILE)
    try:
        return {name: _Source.model_validate(entry) for name, entry in raw.items()}
    except ValidationError as err:
        problem = describe_validation_error(err)
        raise TemplateError(f"templates/{SOURCES_FILE} is malformed: {problem}") from None


def cite(seed: str) -> str:
    """How a source document is named to users: its title and date, never its file name."""
    source = _sources().get(seed)
    if source is None:
        raise TemplateError(f"templates/{SOURCES_FILE} has no entry for a cited document")
    return source.cite()


@cache
def _letter_fields() -> frozenset[str]:
    """Every field some scenario's letter writes."""
    return frozenset(name for info in list_scenarios() for name in (*info.required, *info.optional))


def list_scenarios() -> list[ScenarioInfo]:
    return [scenario_info(s) for s in Scenario]


def require_fields(request: LetterRequest) -> ScenarioInfo:
    info = scenario_info(request.scenario)
    missing = info.missing_fields(request)
    if missing:
        raise MissingFieldsError(request.scenario.value, missing)
    return info
