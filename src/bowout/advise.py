"""Advice on whether and how to send the letter, drawn from the seed documents.

Deterministic and explainable: each rule is one small function below that looks at the
request and, when it applies, returns an `Advice` naming the seed it comes from and what in
the request made it fire. The wording and the patterns for negotiable reasons live in
templates/_advice.toml, so they can be read and changed without touching code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache

from pydantic import ConfigDict, Field, field_validator

from bowout.catalog import cite
from bowout.errors import TemplateError
from bowout.models import (
    Because,
    Channel,
    Flexibility,
    LetterRequest,
    OptionalName,
    Scenario,
    Stage,
    StrictModel,
)
from bowout.resources import read_resource_toml
from bowout.when import parse_interview_time

# Models here are built on first use, not at import: `bowout write` imports this module on
# every run and its cold start is measured.
_LAZY = ConfigDict(defer_build=True)

ADVICE_FILE = "_advice.toml"
_SEED_NAME = r"^\d{3}_[0-9a-f]{16}\.txt$"


class Advice(StrictModel):
    """One thing to consider before sending. `because` says what in the request led to it."""

    model_config = _LAZY

    id: str
    message: str
    seed: str
    # The seed document's title and date, as users see it cited.
    source: str
    because: str
    scenario: Scenario | None = None
    channel: Channel | None = None
    flexibility: Flexibility | None = None


class AdviceRequest(LetterRequest):
    """A LetterRequest whose scenario and sender may still be open: advice comes before the
    letter, so `bowout advise` needs neither. Every other field keeps the letter's rules."""

    model_config = _LAZY

    scenario: Scenario | None = None  # type: ignore[assignment]
    sender_name: OptionalName = None  # type: ignore[assignment]


class _RuleText(StrictModel):
    model_config = _LAZY

    seed: str
    message: str

    @field_validator("seed")
    @classmethod
    def _seed_file_name(cls, value: str) -> str:
        if not re.match(_SEED_NAME, value):
            raise ValueError(f"{value!r} is not a seed file name like 003_de1725ccfcebf3cc.txt")
        return value


class _Negotiable(StrictModel):
    model_config = _LAZY

    label: str
    patterns: list[str] = Field(min_length=1)


class _AdviceFile(StrictModel):
    model_config = _LAZY

    rules: dict[str, _RuleText]
    negotiable: dict[Flexibility, _Negotiable]
    settled: list[str] = Field(default_factory=list)
    # Patterns in the private reason that fit one of the public reasons (--because).
    public: dict[Because, list[str]] = Field(default_factory=dict)


@cache
def _advice_file() -> _AdviceFile:
    try:
        return _AdviceFile.model_validate(read_resource_toml("templates", ADVICE_FILE))
    except ValueError as err:  # not TOML (TOMLDecodeError), or not the file's shape
        raise TemplateError(f"templates/{ADVICE_FILE} is malformed: {err}") from None


@cache
def _negotiable_patterns() -> list[tuple[Flexibility, re.Pattern[str]]]:
    return [
        (flexibility, re.compile(pattern, re.IGNORECASE))
        for flexibility, spec in _advice_file().negotiable.items()
        for pattern in spec.patterns
    ]


@cache
def _public_patterns() -> list[tuple[Because, re.Pattern[str]]]:
    return [
        (because, re.compile(p, re.IGNORECASE))
        for because, patterns in _advice_file().public.items()
        for p in patterns
    ]


def fitting_public_reason(reason: str | None) -> Because | None:
    """The public reason (--because) a private reason fits, if any: "I took an offer
    elsewhere for more money" fits accepted-offer. Only ever a suggestion to the user; the
    letter never infers its reason."""
    if not reason:
        return None
    return next((because for because, p in _public_patterns() if p.search(reason)), None)


@cache
def _settled_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in _advice_file().settled]


class NegotiableMatch(StrictModel):
    model_config = _LAZY

    flexibility: Flexibility
    phrase: str
    position: int


def negotiable_constraints(reason: str | None) -> list[NegotiableMatch]:
    """The often-negotiable constraints a private reason mentions, one per kind, in the order
    they appear in the text (the first is the one an ask-flexibility letter would ask about)."""
    if not reason or any(p.search(reason) for p in _settled_patterns()):
        return []
    found: dict[Flexibility, NegotiableMatch] = {}
    for flexibility, pattern in _negotiable_patterns():
        match = pattern.search(reason)
        if match and (
            flexibility not in found
            or match.start() < found[flexibility].position
            # At the same place the longer phrase says more ("salary band" over "salary").
            or (
                match.start() == found[flexibility].position
                and len(match.group(0).strip()) > len(found[flexibility].phrase)
            )
        ):
            found[flexibility] = NegotiableMatch(
                flexibility=flexibility, phrase=match.group(0).strip(), position=match.start()
            )
    return sorted(found.values(), key=lambda m: m.position)


# --- the rules ---------------------------------------------------------------------------

SOON_HOURS = 24
WITHDRAWING = {Scenario.WITHDRAW, Scenario.WITHDRAW_REDIRECT, Scenario.DECLINE_OFFER}
DECLINING = {Scenario.DECLINE, Scenario.DECLINE_KEEP_OPEN}


class _Facts:
    """What the rules share: the request plus what is derived from it once."""

    def __init__(self, request: LetterRequest, now: datetime) -> None:
        self.request = request
        self.now = now
        # The template's own annotation says Scenario; an AdviceRequest may leave it open.
        self.scenario: Scenario | None = request.scenario
        self.stage = request.stage or _stage_from_rounds(request.rounds)
        self.interview = (
            parse_interview_time(request.interview_at, now) if request.interview_at else None
        )
        self.negotiable = negotiable_constraints(request.private_reason)

    @property
    def interview_soon(self) -> bool:
        """Within a day, or on the next calendar day: either way the notice is short."""
        if self.interview is None or self.interview.is_past(self.now):
            return False
        tomorrow = self.now.date() + timedelta(days=1)
        return (
            self.interview.within(self.now, SOON_HOURS) or self.interview.start.date() <= tomorrow
        )


def _stage_from_rounds(rounds: int | None) -> Stage | None:
    if rounds is None:
        return None
    return Stage.INTERVIEWED if rounds > 0 else Stage.INVITED


def _advice(
    rule: str,
    because: str,
    *,
    scenario: Scenario | None = None,
    channel: Channel | None = None,
    flexibility: Flexibility | None = None,
    **fields: object,
) -> Advice:
    text = _advice_file().rules.get(rule)
    if text is None:
        raise TemplateError(f"templates/{ADVICE_FILE} has no [rules.{rule}]; reinstall bowout")
    return Advice(
        id=rule,
        message=text.message.format(**fields),
        seed=text.seed,
        source=cite(text.seed),
        because=because,
        scenario=scenario,
        channel=channel,
        flexibility=flexibility,
    )


def _interview_timing(f: _Facts) -> Advice | None:
    text = f.request.interview_at
    if not text:
        return None
    given = f'interview_at is "{text}"'
    if f.interview is None:
        return _advice("interview-time-unclear", f"{given}, which could not be read", text=text)
    if f.interview.is_past(f.now):
        return _advice("interview-past", f"{given}, before now", text=text)
    when = f.interview.describe(f.now)
    if f.interview_soon:
        return _advice(
            "interview-soon",
            f"{given}: {when}, short notice",
            channel=Channel.PHONE,
            when=when,
        )
    return _advice("interview-scheduled", f"{given}: {when}", when=when)


def _negotiable_reason(f: _Facts) -> Advice | None:
    if not f.negotiable or f.scenario is Scenario.ASK_FLEXIBILITY:
        return None
    first = f.negotiable[0].flexibility
    labels = _advice_file().negotiable
    matched = ", ".join(f'"{m.phrase}" ({labels[m.flexibility].label})' for m in f.negotiable)
    return _advice(
        "negotiable-reason",
        f"the private reason mentions {matched}",
        scenario=Scenario.ASK_FLEXIBILITY,
        flexibility=first,
        matched=matched,
        flag=first.value,
    )


def _recruiter_first(f: _Facts) -> Advice | None:
    if not f.request.via_recruiter or f.scenario is Scenario.KEEP_IN_TOUCH:
        return None
    return _advice("recruiter-first", "a recruiter is involved (--recruiter)")


def _call_after_rounds(f: _Facts) -> Advice | None:
    rounds = f.request.rounds
    if rounds is None or rounds < 2 or f.request.channel is Channel.PHONE:
        return None
    if f.interview_soon or f.scenario is Scenario.KEEP_IN_TOUCH:
        return None  # the interview advice already says to call
    return _advice("call-after-rounds", f"rounds is {rounds}", channel=Channel.PHONE, rounds=rounds)


def _match_channel(f: _Facts) -> Advice | None:
    prior = f.request.prior_channel
    if prior is None or prior is f.request.channel:
        return None
    return _advice(
        "match-channel",
        f"prior_channel is {prior.value} but the letter is for {f.request.channel.value}",
        channel=prior,
        prior=prior.value,
    )


def _scenario_fit(f: _Facts) -> Advice | None:
    scenario, stage = f.scenario, f.stage
    if scenario in (Scenario.KEEP_IN_TOUCH, Scenario.ASK_FLEXIBILITY):
        return None
    if scenario is None:
        suggested = _suggest_scenario(stage, f.request.other_role)
        if suggested is None:
            return None
        return _advice(
            "scenario-suggested",
            f"stage is {stage.value if stage else 'unknown'} and no scenario was chosen",
            scenario=suggested,
            suggested=suggested.value,
        )
    if stage is Stage.OFFER and scenario is not Scenario.DECLINE_OFFER:
        return _advice(
            "scenario-offer",
            f"stage is offer but the scenario is {scenario.value}",
            scenario=Scenario.DECLINE_OFFER,
        )
    if stage is Stage.INVITED and scenario in WITHDRAWING:
        return _advice(
            "scenario-not-interviewed",
            f"stage is invited but the scenario is {scenario.value}",
            scenario=Scenario.DECLINE,
        )
    if stage is Stage.INTERVIEWED and scenario in DECLINING:
        return _advice(
            "scenario-interviewed",
            f"stage is interviewed but the scenario is {scenario.value}",
            scenario=Scenario.WITHDRAW,
        )
    if scenario is Scenario.WITHDRAW and f.request.other_role:
        return _advice(
            "scenario-other-role",
            "other_role is given but the scenario is withdraw",
            scenario=Scenario.WITHDRAW_REDIRECT,
            other_role=f.request.other_role,
        )
    return None


def _suggest_scenario(stage: Stage | None, other_role: str | None) -> Scenario | None:
    if stage is Stage.OFFER:
        return Scenario.DECLINE_OFFER
    if stage is Stage.INTERVIEWED:
        return Scenario.WITHDRAW_REDIRECT if other_role else Scenario.WITHDRAW
    if stage is Stage.INVITED:
        return Scenario.DECLINE_KEEP_OPEN if other_role else Scenario.DECLINE
    return None


def _public_reason(f: _Facts) -> Advice | None:
    if f.request.because is not Because.NONE or f.scenario in (
        Scenario.KEEP_IN_TOUCH,
        Scenario.ASK_FLEXIBILITY,
    ):
        return None
    fitting = fitting_public_reason(f.request.private_reason)
    if fitting is None:
        return None
    return _advice("public-reason", f"the private reason fits {fitting.value}", value=fitting.value)


def _dont_rush(f: _Facts) -> Advice | None:
    if f.request.rounds != 1 or f.stage is not Stage.INTERVIEWED or f.interview_soon:
        return None
    if f.scenario is not None and f.scenario not in WITHDRAWING:
        return None
    return _advice("dont-rush", "rounds is 1")


def _leaving(f: _Facts) -> bool:
    """Is this a letter that ends the process (or, without a scenario, a stage that will)?"""
    if f.scenario is None:
        return f.stage is not None
    return f.scenario in WITHDRAWING or f.scenario is Scenario.DECLINE_KEEP_OPEN


def _keep_in_touch(f: _Facts) -> Advice | None:
    if not _leaving(f):
        return None
    why = f"the scenario is {f.scenario.value}" if f.scenario else f"stage is {f.stage}"
    return _advice("keep-in-touch", why, scenario=Scenario.KEEP_IN_TOUCH)


def _offer_referral(f: _Facts) -> Advice | None:
    if f.request.referral or not (_leaving(f) or f.scenario is Scenario.DECLINE):
        return None
    return _advice("offer-referral", "no --referral is given")


# Most urgent first.
RULES: list[Callable[[_Facts], Advice | None]] = [
    _interview_timing,
    _negotiable_reason,
    _public_reason,
    _recruiter_first,
    _call_after_rounds,
    _match_channel,
    _scenario_fit,
    _dont_rush,
    _keep_in_touch,
    _offer_referral,
]


def advise(request: LetterRequest, now: datetime | None = None) -> list[Advice]:
    """The advice that applies to `request`, most urgent first. `now` (local time unless it
    carries a timezone) anchors relative interview times such as "tomorrow 10am"."""
    facts = _Facts(request, now or datetime.now())
    return [item for rule in RULES if (item := rule(facts)) is not None]
