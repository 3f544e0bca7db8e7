"""The stock sentences of a letter, chosen from several phrasings without randomness.

templates/_phrasings.toml holds, for each kind of sentence (the opening thanks, the
decision, the door-open line, the close, ...), several interchangeable phrasings per tone.
A letter's phrasing of each kind is picked by a stable hash (SHA-256, never Python's
per-process salted hash()) of who writes to whom: the scenario, channel and tone, the
sender and the company. The same request always gives the same letter, a batch of
different senders or companies does not repeat itself, and adding a detail (a topic, an
interviewer) only adds its sentence rather than rewording the rest.
"""

from __future__ import annotations

import hashlib
from functools import cache

from pydantic import ConfigDict, Field

from bowout.choices import Because, Scenario, Tone
from bowout.errors import TemplateError
from bowout.models import LetterRequest, StrictModel
from bowout.resources import read_resource_toml

# The kinds every letter may use, each from its one group.
SHARED = {
    "met_both": ("met", "both"),
    "met_people": ("met", "people"),
    "met_topic": ("met", "topic"),
    "cancel_soon": ("cancel", "soon"),
    "cancel_ahead": ("cancel", "ahead"),
    "forward": ("forward", "any"),
    "referral": ("referral", "any"),
    "close": ("close", "any"),
}
# What the choice depends on: the letter's kind and who writes to which company.
_SEED_FIELDS = {"scenario", "channel", "tone", "sender_name", "company"}


class _PhrasingFile(StrictModel):
    model_config = ConfigDict(defer_build=True)

    uses: dict[Scenario, dict[str, str]]
    opening: dict[str, dict[Tone, list[str]]]
    decision: dict[str, dict[Tone, list[str]]]
    door: dict[str, dict[Tone, list[str]]]
    met: dict[str, dict[Tone, list[str]]]
    cancel: dict[str, dict[Tone, list[str]]]
    forward: dict[str, dict[Tone, list[str]]]
    referral: dict[str, dict[Tone, list[str]]]
    close: dict[str, dict[Tone, list[str]]]
    # Kinds only some scenarios use (the line that asks for the next step, its follow-up).
    ask: dict[str, dict[Tone, list[str]]] = Field(default_factory=dict)
    follow: dict[str, dict[Tone, list[str]]] = Field(default_factory=dict)
    because: dict[Because, dict[Tone, list[str]]]

    def group(self, kind: str, name: str) -> dict[Tone, list[str]]:
        groups: dict[str, dict[Tone, list[str]]] = getattr(self, kind)
        return groups[name]


@cache
def phrasing_file() -> _PhrasingFile:
    try:
        return _PhrasingFile.model_validate(read_resource_toml("templates", "_phrasings.toml"))
    except ValueError as err:  # not TOML (TOMLDecodeError), or not the file's shape
        raise TemplateError(f"templates/_phrasings.toml is malformed: {err}") from None


def request_seed(request: LetterRequest) -> str:
    """What the choice depends on (never the private reason)."""
    return request.model_dump_json(include=_SEED_FIELDS)


def pick(options: list[str], seed: str, kind: str) -> str:
    """One of `options`, the same for the same seed and kind on every run and machine."""
    digest = hashlib.sha256(f"{kind}\x00{seed}".encode()).digest()
    return options[int.from_bytes(digest[:8], "big") % len(options)]


def choose(request: LetterRequest) -> dict[str, str]:
    """Each kind of sentence this request's letter may use -> its phrasing, with format
    fields such as {company} still to fill."""
    data = phrasing_file()
    seed = request_seed(request)
    tone = request.tone
    chosen: dict[str, str] = {}
    for kind, group in data.uses[request.scenario].items():
        chosen[kind] = pick(data.group(kind, group)[tone], seed, kind)
    for kind, (family, group) in SHARED.items():
        chosen[kind] = pick(data.group(family, group)[tone], seed, kind)
    # Always present, so a template can test it; empty unless the user chose a reason.
    chosen["because"] = ""
    if request.because is not Because.NONE:
        chosen["because"] = pick(data.because[request.because][tone], seed, "because")
    return chosen
