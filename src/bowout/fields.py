"""The one table of what a user can tell bowout: each field's flag, help, environment
variable, CSV/JSONL columns and profile key.

The CLI builds its options from these rows, error messages name fields by their flags from
them, `bowout batch` reads columns by them and `bowout scenarios` lists them. A row is typed
Python rather than a TOML file because it carries the type a flag parses (a choices enum, a
number, a yes/no switch): a data file would spell those as strings to be mapped back and
validated on every start of the command, while this table is checked by mypy and costs
nothing to load. Importing it loads neither pydantic nor typer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bowout.choices import Because, Channel, Flexibility, LLMMode, Scenario, Stage, Tone

Group = Literal["letter", "situation", "llm"]


@dataclass(frozen=True)
class FieldSpec:
    """One field. `name` is its LetterRequest (or LLMSettings) field name, which is also its
    key in a profile, a JSON dump and a CSV header."""

    name: str
    flag: str
    help: str
    group: Group
    # What the flag parses: str, int, float, bool (an on/off switch), or a choices enum.
    type: type = str
    metavar: str | None = None
    # A list field: the flag may be repeated, a CSV cell separates values with ';'.
    many: bool = False
    # For an on/off field: the flag that turns it off.
    off_flag: str | None = None
    # Read as the flag's value when the flag is not given.
    envvar: str | None = None
    # The environment variable is read by the LLM settings themselves, not as the flag:
    # where a key or an endpoint came from decides where the key may go.
    env_read_by_settings: bool = False
    # The `bowout profile set` flag that saves this field; None: not saved in a profile.
    profile_flag: str | None = None
    # More CSV/JSONL column names for the field, beside its name and its flag's name.
    aliases: tuple[str, ...] = ()
    # What to ask on a terminal when the field is missing; None: never asked.
    prompt: str | None = None
    # Said in help when the flag is not given (the field's own default applies then).
    default_note: str | None = None

    @property
    def column(self) -> str:
        """The flag's name as a column: --to-email -> to_email."""
        return self.flag.removeprefix("--").replace("-", "_")

    @property
    def columns(self) -> tuple[str, ...]:
        """Every CSV/JSONL column name that means this field, the field name first."""
        names = [self.name, self.column, *self.aliases]
        return tuple(dict.fromkeys(names))

    @property
    def env_help(self) -> str:
        """The help line, with the default and, for settings, the variable they read."""
        text = self.help
        if self.default_note:
            text += f"  [default: {self.default_note}]"
        if self.envvar and self.env_read_by_settings:
            text += f"  [env var: {self.envvar}]"
        return text


REQUEST_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "scenario",
        "--scenario",
        "Which letter to write (see `bowout scenarios`).",
        "letter",
        type=Scenario,
    ),
    FieldSpec(
        "sender_name",
        "--sender",
        "Your name, for the signature.",
        "letter",
        metavar="NAME",
        envvar="BOWOUT_NAME",
        profile_flag="--name",
        prompt="Your name, for the signature",
    ),
    FieldSpec(
        "sender_phone",
        "--phone",
        "Your phone number.",
        "letter",
        metavar="PHONE",
        envvar="BOWOUT_PHONE",
        profile_flag="--phone",
        prompt="Your phone number",
    ),
    FieldSpec(
        "sender_email",
        "--email",
        "Your email address.",
        "letter",
        metavar="EMAIL",
        envvar="BOWOUT_EMAIL",
        profile_flag="--email",
        prompt="Your email address",
    ),
    FieldSpec(
        "recipient_name",
        "--to",
        "Who you are writing to (default: a general greeting).",
        "letter",
        metavar="NAME",
        aliases=("recipient",),
        prompt="Who you are writing to (e.g. Dana Reyes)",
    ),
    FieldSpec(
        "recipient_email",
        "--to-email",
        "Their email address (for eml and --open).",
        "letter",
        metavar="EMAIL",
        prompt="Their email address",
    ),
    FieldSpec("company", "--company", "The company.", "letter", metavar="TEXT", prompt="Company"),
    FieldSpec(
        "role",
        "--role",
        "The role you applied or interviewed for.",
        "letter",
        metavar="TEXT",
        prompt="The role (e.g. Data Engineer)",
    ),
    FieldSpec(
        "interviewers",
        "--interviewer",
        "Someone you met, to thank by name (repeatable).",
        "letter",
        metavar="NAME",
        many=True,
        prompt="People you met, to thank by name (separate with ;)",
    ),
    FieldSpec(
        "topic",
        "--topic",
        "What you discussed, e.g. 'the billing migration'.",
        "letter",
        metavar="TEXT",
        prompt="Something you discussed (e.g. the billing migration)",
    ),
    FieldSpec(
        "looking_forward_to",
        "--looking-forward-to",
        "What you look forward to, e.g. 'seeing the app launch'.",
        "letter",
        metavar="TEXT",
        prompt="Something you look forward to (e.g. seeing the app launch)",
    ),
    FieldSpec(
        "other_role",
        "--other-role",
        "Another role you would like to be considered for.",
        "letter",
        metavar="TEXT",
        prompt="The role you would rather be considered for",
    ),
    FieldSpec(
        "referral",
        "--referral",
        "Someone you can recommend for the role.",
        "letter",
        metavar="NAME",
        prompt="Someone you could recommend for the role",
    ),
    FieldSpec(
        "interview_at",
        "--interview-at",
        "When an interview is scheduled, e.g. 'tomorrow 10am', '2026-11-23 14:00'.",
        "letter",
        metavar="WHEN",
        prompt="When the interview you are cancelling is (e.g. Thursday 10am)",
    ),
    FieldSpec(
        "because",
        "--because",
        "A neutral public reason the letter may give.",
        "letter",
        type=Because,
        default_note="none: no reason at all",
    ),
    FieldSpec(
        "notes",
        "--note",
        "A detail to mention, in your own words (repeatable); only a model weaves it in.",
        "letter",
        metavar="TEXT",
        many=True,
    ),
    FieldSpec(
        "tone",
        "--tone",
        "Register of the letter.",
        "letter",
        type=Tone,
        envvar="BOWOUT_TONE",
        profile_flag="--tone",
        default_note="profile, else formal",
    ),
    FieldSpec(
        "channel",
        "--channel",
        "email, a LinkedIn message, or talking points for a phone call.",
        "letter",
        type=Channel,
        default_note="email",
    ),
    FieldSpec(
        "private_reason",
        "--reason",
        "Your real reason. Private: never written into the letter, never sent to a model.",
        "situation",
        metavar="TEXT",
    ),
    FieldSpec("stage", "--stage", "How far the process has gone.", "situation", type=Stage),
    FieldSpec(
        "rounds",
        "--rounds",
        "How many interview rounds you have had.",
        "situation",
        type=int,
        metavar="N",
    ),
    FieldSpec(
        "via_recruiter",
        "--recruiter",
        "Whether a recruiter is involved.",
        "situation",
        type=bool,
        off_flag="--no-recruiter",
    ),
    FieldSpec(
        "prior_channel",
        "--prior-channel",
        "How you have been in touch so far.",
        "situation",
        type=Channel,
    ),
    FieldSpec(
        "flexibility",
        "--flexibility",
        "For ask-flexibility: the one constraint to ask about.",
        "situation",
        type=Flexibility,
        prompt=f"The one thing to ask about ({', '.join(f.value for f in Flexibility)})",
    ),
)

# Advice-only context: no letter uses these, so `bowout reply` (which gives no advice)
# does not take them.
ADVICE_ONLY = frozenset({"stage", "rounds", "via_recruiter", "prior_channel"})

LLM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "mode",
        "--llm",
        "auto: use a model when a key or base URL is configured.",
        "llm",
        type=LLMMode,
        default_note="auto",
    ),
    FieldSpec(
        "model",
        "--model",
        "Chat model name.",
        "llm",
        metavar="NAME",
        envvar="BOWOUT_MODEL",
        env_read_by_settings=True,
        profile_flag="--model",
    ),
    FieldSpec(
        "base_url",
        "--base-url",
        "OpenAI-compatible endpoint.",
        "llm",
        metavar="URL",
        envvar="OPENAI_BASE_URL",
        env_read_by_settings=True,
        profile_flag="--base-url",
    ),
    FieldSpec(
        "timeout",
        "--timeout",
        "Seconds the whole letter may take with the model.",
        "llm",
        type=float,
        metavar="SECONDS",
        default_note="60",
    ),
    FieldSpec(
        "api_key",
        "--api-key",
        "Key for the model server, sent only to the endpoint in use.",
        "llm",
        metavar="KEY",
        envvar="BOWOUT_API_KEY",
        env_read_by_settings=True,
    ),
    FieldSpec(
        "strict",
        "--strict",
        "Exit 1 instead of falling back to the template.",
        "llm",
        type=bool,
    ),
)

ALL_FIELDS = REQUEST_FIELDS + LLM_FIELDS
BY_NAME = {spec.name: spec for spec in ALL_FIELDS}


def request_spec(name: str) -> FieldSpec | None:
    return next((spec for spec in REQUEST_FIELDS if spec.name == name), None)


def flag_of(name: str) -> str | None:
    """The CLI flag for a field, or None for a name that has none."""
    spec = BY_NAME.get(name)
    return spec.flag if spec else None


def column_names() -> dict[str, str]:
    """Every CSV/JSONL column name a request may use -> its LetterRequest field."""
    return {column: spec.name for spec in REQUEST_FIELDS for column in spec.columns}


def environment(fields: tuple[FieldSpec, ...] = ALL_FIELDS) -> dict[str, str]:
    """Field -> the environment variable that sets its default."""
    return {spec.name: spec.envvar for spec in fields if spec.envvar}


def profile_flags() -> dict[str, str]:
    """Profile key -> its `bowout profile set` flag."""
    return {spec.name: spec.profile_flag for spec in ALL_FIELDS if spec.profile_flag}
