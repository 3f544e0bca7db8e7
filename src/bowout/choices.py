"""The fixed vocabularies of a request.

Kept apart from the pydantic models so the CLI can offer these choices (and print
--help) without paying for pydantic, jinja2 or the guardrails.
"""

from enum import StrEnum


class Scenario(StrEnum):
    DECLINE = "decline"
    DECLINE_KEEP_OPEN = "decline-keep-open"
    WITHDRAW = "withdraw"
    WITHDRAW_REDIRECT = "withdraw-redirect"
    DECLINE_OFFER = "decline-offer"
    KEEP_IN_TOUCH = "keep-in-touch"
    ASK_FLEXIBILITY = "ask-flexibility"


class Channel(StrEnum):
    EMAIL = "email"
    LINKEDIN = "linkedin"
    PHONE = "phone"


class Tone(StrEnum):
    FORMAL = "formal"
    WARM = "warm"
    CASUAL = "casual"


class Because(StrEnum):
    """The public reason a letter may give, chosen by the user (never inferred from the
    private one). NONE: the letter gives no reason at all."""

    ACCEPTED_OFFER = "accepted-offer"
    STAYING = "staying"
    OTHER_DIRECTION = "other-direction"
    PERSONAL = "personal"
    NONE = "none"


class Stage(StrEnum):
    """How far the process has gone; advice and scenario suggestions depend on it."""

    INVITED = "invited"
    INTERVIEWED = "interviewed"
    OFFER = "offer"


class Flexibility(StrEnum):
    """Constraints that are often negotiable, which `ask-flexibility` may ask about."""

    PAY = "pay"
    LOCATION = "location"
    REMOTE = "remote"
    SCHEDULE = "schedule"
    START_DATE = "start-date"
    TITLE = "title"


class BatchFormat(StrEnum):
    """What `bowout batch` writes: one JSONL file, or a folder of .txt or .eml files."""

    JSONL = "jsonl"
    TXT = "txt"
    EML = "eml"


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    EML = "eml"


class LLMMode(StrEnum):
    """Whether to ask a model to personalise the template letter."""

    AUTO = "auto"
    ON = "on"
    OFF = "off"
