"""The data that crosses bowout's boundaries: what a user asks for and what they get back.

Every model forbids unknown fields so a misspelt CSV column or JSON key is an error
rather than a silently ignored value.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    computed_field,
    field_validator,
    model_validator,
)

# Re-exported: the vocabularies are part of the request's public shape.
from bowout.choices import Because as Because
from bowout.choices import Channel as Channel
from bowout.choices import Flexibility as Flexibility
from bowout.choices import Scenario as Scenario
from bowout.choices import Stage as Stage
from bowout.choices import Tone as Tone


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


_SPACE_RUN = re.compile(r"[ \t\u00a0]+")


def _clean_line(value: Any) -> Any:
    """Normalise one line of user text; refuse anything that would break a letter's layout."""
    if not isinstance(value, str):
        return value
    # Imported here: the guardrails package imports this module.
    from bowout.guardrails.normalise import default

    text = unicodedata.normalize("NFC", value)
    # Characters that render as nothing can smuggle text past a reader or a check; a field
    # holding one is refused rather than cleaned behind the user's back.
    if hidden := default().invisible_in(text):
        raise ValueError(
            f"contains invisible characters ({', '.join(hidden[:3])}); retype it without them"
        )
    if "\n" in text or "\r" in text:
        raise ValueError("must be a single line (it contains a line break)")
    if any(unicodedata.category(ch) == "Cc" and ch != "\t" for ch in text):
        raise ValueError("contains control characters; remove them and try again")
    text = _SPACE_RUN.sub(" ", text).strip()
    return text


def _empty_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


def _at_most(limit: int) -> AfterValidator:
    # Our own check rather than Field(max_length=...): the message names characters and the
    # limit, and a long value is refused, never silently cut.
    def check(value: str | None) -> str | None:
        if value is not None and len(value) > limit:
            raise ValueError(f"is too long ({len(value)} characters; at most {limit})")
        return value

    return AfterValidator(check)


_Line = BeforeValidator(_clean_line)
_NoneIfBlank = BeforeValidator(_empty_to_none)

Name = Annotated[str, _Line, AfterValidator(_not_blank), _at_most(80)]
OptionalName = Annotated[str | None, _Line, _NoneIfBlank, _at_most(80)]
Company = Annotated[str | None, _Line, _NoneIfBlank, _at_most(100)]
RoleTitle = Annotated[str | None, _Line, _NoneIfBlank, _at_most(120)]
Phrase = Annotated[str | None, _Line, _NoneIfBlank, _at_most(200)]
When = Annotated[str | None, _Line, _NoneIfBlank, _at_most(60)]
Reason = Annotated[str | None, _Line, _NoneIfBlank, _at_most(500)]

_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{5,30}(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$", re.IGNORECASE)


def _check_email(value: str | None) -> str | None:
    if value is not None and not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address (expected name@example.com)")
    return value


def _check_phone(value: str | None) -> str | None:
    if value is not None and not _PHONE.match(value):
        raise ValueError(f"{value!r} is not a phone number (digits, spaces, +, -, ( ) only)")
    return value


Email = Annotated[str | None, _Line, _NoneIfBlank, _at_most(254), AfterValidator(_check_email)]
Phone = Annotated[str | None, _Line, _NoneIfBlank, _at_most(40), AfterValidator(_check_phone)]

MAX_INTERVIEWERS = 8
MAX_NOTES = 3

# Several names in one flag or CSV cell: "Maria Gonzalez, Tom Becker", "Dana; Sam",
# "Dana Lee and Sam Ortiz".
_NAME_SEPARATORS = re.compile(r"\s*[;,]\s*|\s+(?:and|&)\s+", re.IGNORECASE)


_NOTE_SEPARATOR = re.compile(r"\s*;\s*")


def _split_list(value: Any, separators: re.Pattern[str]) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list | tuple):
        parts: list[Any] = []
        for item in value:
            parts.extend(separators.split(item) if isinstance(item, str) else [item])
        return [v for v in parts if not (isinstance(v, str) and not v.strip())]
    return value


class LetterRequest(StrictModel):
    """Everything a letter may draw on. Field names double as CSV/JSON column names."""

    scenario: Scenario
    channel: Channel = Channel.EMAIL
    tone: Tone = Tone.FORMAL
    sender_name: Name
    sender_phone: Phone = None
    sender_email: Email = None
    recipient_name: OptionalName = None
    recipient_email: Email = None
    company: Company = None
    role: RoleTitle = None
    interviewers: list[Name] = Field(default_factory=list, max_length=MAX_INTERVIEWERS)
    topic: Phrase = None
    looking_forward_to: Phrase = None
    other_role: RoleTitle = None
    referral: OptionalName = None
    interview_at: When = None
    # The public reason the letter gives, if any; the user chooses it.
    because: Because = Because.NONE
    # Details the candidate wants mentioned, in their own words. Only a model can weave
    # free text into a letter; the template leaves notes out and says so.
    notes: list[Phrase] = Field(default_factory=list, max_length=MAX_NOTES)
    # Only for checks and advice: never rendered into a letter, never sent to a model.
    # Excluded by the model itself, so no dump (JSON, JSONL, a prompt, a cassette) has it.
    private_reason: Reason = Field(default=None, exclude=True)
    # Context for advice; none of these is printed in a letter.
    stage: Stage | None = None
    rounds: int | None = Field(default=None, ge=0, le=20)
    via_recruiter: bool = False
    prior_channel: Channel | None = None
    # The one negotiable constraint an ask-flexibility letter asks about.
    flexibility: Flexibility | None = None

    @field_validator("interviewers", mode="before")
    @classmethod
    def _split_interviewers(cls, value: Any) -> Any:
        return _split_list(value, _NAME_SEPARATORS)

    @field_validator("notes", mode="before")
    @classmethod
    def _split_notes(cls, value: Any) -> Any:
        # A note is free text with its own commas, so only ';' separates notes.
        return _split_list(value, _NOTE_SEPARATOR)

    @classmethod
    def fields_for_model(cls) -> tuple[str, ...]:
        """The one list of fields a model may see: what a letter says about the people, the
        company and the conversation. Never the private reason, never contact details
        (they only sit in the signature), never the advice-only context."""
        return _FIELDS_FOR_MODEL

    def given_fields(self) -> set[str]:
        """Names of the fields the user actually filled in."""
        dumped = self.model_dump(exclude={"scenario", "channel", "tone"})
        if self.because is Because.NONE:
            dumped.pop("because")
        return {k for k, v in dumped.items() if v not in (None, [], "", False)}


_FIELDS_FOR_MODEL = (
    "sender_name",
    "recipient_name",
    "company",
    "role",
    "interviewers",
    "topic",
    "looking_forward_to",
    "other_role",
    "referral",
    "interview_at",
    "flexibility",
    "notes",
)


class CheckContext(StrictModel):
    """What the guardrails may compare a letter against. Every field is optional: a pasted
    draft is checked with whatever the user tells us; a composed letter with its request."""

    channel: Channel = Channel.EMAIL
    # What the letter is (None: unknown, and the checks judge it as any letter).
    scenario: Scenario | None = None
    # For ask-flexibility: the one constraint the letter may ask about (None: any one of
    # them). Given alone it makes the letter an ask-flexibility letter.
    flexibility: Flexibility | None = None
    request: LetterRequest | None = None
    # Extra names the letter may mention (e.g. `bowout check --name`).
    names: list[str] = Field(default_factory=list)
    private_reason: str | None = Field(default=None, exclude=True)
    # The template letter a rewrite started from: anything in it counts as grounded.
    base_text: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _flexibility_means_ask_flexibility(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("flexibility") is not None:
            scenario = data.get("scenario")
            if scenario is None:
                data = {**data, "scenario": Scenario.ASK_FLEXIBILITY}
            elif str(getattr(scenario, "value", scenario)) != Scenario.ASK_FLEXIBILITY.value:
                raise ValueError(
                    f"flexibility is only for ask-flexibility letters, not {scenario!s}"
                )
        return data

    @classmethod
    def for_request(cls, request: LetterRequest, base_text: str | None = None) -> CheckContext:
        asks = request.scenario is Scenario.ASK_FLEXIBILITY
        return cls(
            channel=request.channel,
            scenario=request.scenario,
            flexibility=request.flexibility if asks else None,
            request=request,
            private_reason=request.private_reason,
            base_text=base_text,
        )


class Finding(StrictModel):
    """One thing a reader of the letter would object to, and how to fix it.

    `excerpt` is the sentence (or line) the finding is about; empty when it is about the
    letter as a whole (its length, a missing thank-you). `advice` says what to do about it.
    `confidence` says how sure the check is, from 0 to 1: 1.0 for a fact the check measured
    (a word count, an invisible character, a missing greeting); a learned model's
    probability, or a rule's measured precision, for a judgement of what a sentence means.
    """

    check: str
    severity: Literal["error", "warning"]
    message: str
    excerpt: str = ""
    advice: str = ""
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class Report(StrictModel):
    findings: list[Finding] = Field(default_factory=list)
    words: int = 0

    @model_validator(mode="before")
    @classmethod
    def _drop_derived_ok(cls, data: Any) -> Any:
        # `ok` is written out for readers but derived from the findings, so a Report read
        # back from JSON may carry it; any other unknown field is still refused.
        if isinstance(data, dict) and "ok" in data:
            data = {k: v for k, v in data.items() if k != "ok"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


class Letter(StrictModel):
    scenario: Scenario
    channel: Channel
    tone: Tone
    subject: str | None = None
    body: str
    source: Literal["template", "llm"] = "template"
    fallback_reason: str | None = None
    model_calls: int = 0
    report: Report | None = None
    notes: list[str] = Field(default_factory=list)

    def as_text(self) -> str:
        """The letter as a person would paste it: subject line first for email."""
        if self.subject:
            return f"Subject: {self.subject}\n\n{self.body}\n"
        return f"{self.body}\n"
