"""Read the recruiter's message a reply answers: who to answer, what it is about, and the
calendar invitation it may carry.

`read_message(data)` parses the raw bytes with the standard library (`policy.default`) and
returns `MessageFacts`. Everything taken from the message is treated as hostile: header
values lose every control character (so a CR or LF smuggled through an encoded word can
never become a header of the draft), message ids must look like message ids, and a message
larger than `MAX_MESSAGE_BYTES` is refused rather than read.
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime
from email import message_from_bytes
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.policy import default as default_policy
from email.utils import getaddresses, parsedate_to_datetime
from functools import cached_property
from html.parser import HTMLParser
from importlib.resources import files
from typing import Any

from pydantic import Field

from bowout.choices import Scenario
from bowout.errors import MessageError
from bowout.models import StrictModel
from bowout.when import parse_interview_time

# A recruiter's message with its calendar part is a few hundred KB at most; past this it
# carries attachments a reply has no use for.
MAX_MESSAGE_BYTES = 10 * 1024 * 1024
# A message id longer than this cannot be written on one header line (RFC 5322: 998).
_MAX_MSGID = 900
_MSGID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]{1," + str(_MAX_MSGID) + r"}>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_ADDRESS = re.compile(r"^[^@\s<>,;\"()\[\]\\]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


class Invitation(StrictModel):
    """The calendar request a message carries (RFC 5546 METHOD:REQUEST)."""

    uid: str
    sequence: int = 0
    organizer: str | None = None
    summary: str | None = None
    starts: datetime | None = None
    attendees: list[str] = Field(default_factory=list)
    # The request as received, for building the reply from it.
    ics: str


class MessageFacts(StrictModel):
    """What a reply needs from the message it answers. Every value is plain, one-line text."""

    subject: str = ""
    message_id: str | None = None
    references: list[str] = Field(default_factory=list)
    date: datetime | None = None
    author_name: str | None = None
    author_email: str | None = None
    reply_name: str | None = None
    reply_email: str | None = None
    # The addresses the message was sent to: one of them is the candidate's.
    to_emails: list[str] = Field(default_factory=list)
    company: str | None = None
    role: str | None = None
    interview_at: str | None = None
    suggested_scenario: Scenario | None = None
    text: str = ""
    invitation: Invitation | None = None

    @property
    def author(self) -> str:
        """How the quote line names who wrote the message."""
        return self.author_name or self.author_email or "you"


class _Cue(StrictModel):
    scenario: Scenario
    cues: list[str]


class _Rules(StrictModel):
    reply_prefixes: list[str]
    generic_domains: list[str]
    domain_noise: list[str]
    scenario_cue: list[_Cue]
    role_in_subject: list[str]
    not_role_words: list[str]
    time_in_body: list[str]
    calendar_subject: str
    role_in_body: list[str]
    company_suffixes: list[str]
    decline_comment: str


class MessageReader:
    """Holds the reading rules (from `inbound.toml`), compiled once."""

    def __init__(self, rules: _Rules | None = None) -> None:
        self.rules = rules or _Rules.model_validate(
            tomllib.loads((files("bowout") / "inbound.toml").read_text(encoding="utf-8"))
        )

    @cached_property
    def _reply_prefix(self) -> re.Pattern[str]:
        words = "|".join(map(re.escape, self.rules.reply_prefixes))
        return re.compile(rf"^(?:\s*(?:{words})(?:\[\d+\]|\(\d+\))?\s*:\s*)+", re.IGNORECASE)

    @cached_property
    def _role_subject(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.rules.role_in_subject]

    @cached_property
    def _role_body(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.rules.role_in_body]

    def reply_subject(self, subject: str) -> str:
        """ "Re: " and the subject without the reply prefixes it already has."""
        bare = self._reply_prefix.sub("", subject).strip()
        return f"Re: {bare}" if bare else "Re:"

    def read(self, data: bytes) -> MessageFacts:
        if len(data) > MAX_MESSAGE_BYTES:
            raise MessageError(
                f"the message is {len(data) / 1024 / 1024:.1f} MB, more than bowout reads "
                f"({MAX_MESSAGE_BYTES // 1024 // 1024} MB); save it without its attachments "
                "and try again"
            )
        if not data.strip():
            raise MessageError("the message is empty; save the recruiter's email as .eml")
        message = message_from_bytes(data, policy=default_policy)
        if not isinstance(message, EmailMessage) or not message.keys():
            raise MessageError(
                "this does not look like an email message (no headers); save the "
                "recruiter's email as .eml (in most mail clients: File > Save As)"
            )
        author_name, author_email = _first_address(message, "From")
        reply_name, reply_email = _first_address(message, "Reply-To")
        if reply_email is None:
            reply_name, reply_email = author_name, author_email
        elif reply_name is None and reply_email == author_email:
            reply_name = author_name
        subject = _header(message, "Subject")
        text = _body_text(message)
        invitation = _invitation(message)
        role = company = None
        for pattern in self._role_body:
            if match := pattern.search(text):
                role = _tidy(match.group("role"))
                company = self._cut_sentence(match.group("company"))
                break
        company = company or self._company_from_signature(text)
        company = company or self._company_from_domain(reply_email or author_email)
        role = self._role(subject, company) or role
        return MessageFacts(
            subject=subject,
            message_id=next(iter(_message_ids(_header(message, "Message-ID"))), None),
            references=_message_ids(_header(message, "References")),
            date=_date(message),
            author_name=author_name,
            author_email=author_email,
            reply_name=reply_name,
            reply_email=reply_email,
            to_emails=[email for _, email in _addresses(message, "To")],
            company=company,
            role=role,
            interview_at=(
                _when(invitation.starts)
                if invitation and invitation.starts
                else self._time_in(text, _date(message))
            ),
            suggested_scenario=self._scenario(subject, text, invitation, message),
            text=text,
            invitation=invitation,
        )

    def _role(self, subject: str, company: str | None) -> str | None:
        bare = self._reply_prefix.sub("", re.sub(r"^\s*\[[^\]]{1,40}\]\s*", "", subject))
        if re.search(self.rules.calendar_subject, bare, re.IGNORECASE):
            return None
        for pattern in self._role_subject:
            if match := pattern.search(bare):
                return _tidy(match.group("role"))
        segments = re.split(_SEPARATOR, bare)
        if len(segments) < 2:
            return None
        for segment in segments:
            candidate = _tidy(segment)
            if not candidate or not candidate[0].isupper() or len(candidate.split()) > 6:
                continue
            lowered = candidate.lower()
            if any(word in lowered for word in self.rules.not_role_words):
                continue
            if company and lowered in company.lower():
                continue
            if re.search(r"\d|@", candidate) or not _title_like(candidate):
                continue
            return candidate
        return None

    def _time_in(self, text: str, sent: datetime | None) -> str | None:
        """The first time phrase in the body that bowout's time reader understands."""
        now = sent or datetime.now().astimezone()
        for pattern in self.rules.time_in_body:
            for match in re.finditer(pattern, text, re.IGNORECASE):
                phrase = " ".join(match.group(0).split())
                if len(phrase) <= 60 and parse_interview_time(phrase, now) is not None:
                    return phrase
        return None

    def _cut_sentence(self, company: str) -> str | None:
        """ "Lumen Health. We would" -> "Lumen Health"; "Acme Inc. We" -> "Acme Inc." """
        kept: list[str] = []
        for token in company.split():
            if token.endswith("."):
                if token.lower() in self.rules.company_suffixes:
                    kept.append(token)
                else:
                    kept.append(token.rstrip("."))
                break
            kept.append(token)
        return _tidy(" ".join(kept))

    def _company_from_signature(self, text: str) -> str | None:
        suffixes = "|".join(re.escape(s) for s in self.rules.company_suffixes)
        pattern = re.compile(rf"^([A-Z][\w&.' -]{{0,40}}?),?\s+(?:{suffixes})$", re.IGNORECASE)
        for line in reversed(text.splitlines()[-12:]):
            match = pattern.match(line.strip())
            if match:
                return _tidy(match.group(0))
        return None

    def _company_from_domain(self, address: str | None) -> str | None:
        if not address or "@" not in address:
            return None
        domain = address.rsplit("@", 1)[1].lower()
        if any(domain == g or domain.endswith("." + g) for g in self.rules.generic_domains):
            return None
        labels = [p for p in domain.split(".")[:-1] if p not in self.rules.domain_noise]
        if not labels:
            return None
        name = labels[-1]
        # "acme-robotics" -> "Acme Robotics"; a short name is likely an acronym.
        words = [w for w in re.split(r"[-_]", name) if w]
        return " ".join(w.upper() if len(w) <= 3 else w.capitalize() for w in words) or None

    def _scenario(
        self, subject: str, text: str, invitation: Invitation | None, message: Message
    ) -> Scenario | None:
        haystack = f"{subject}\n{text}".lower()
        for group in self.rules.scenario_cue:
            if any(cue in haystack for cue in group.cues):
                # An invitation's calendar part settles it for a first interview only when
                # nothing says an offer is on the table.
                return group.scenario
        if invitation is not None:
            return Scenario.DECLINE
        if _header(message, "In-Reply-To") or _header(message, "References"):
            return Scenario.WITHDRAW
        return None


# Dashes (hyphen, en dash, em dash), bars and slashes that separate a subject's parts.
_SEPARATOR = re.compile("\\s+[-\u2013\u2014|/]\\s+|:\\s*")
_TRIM = " ,;:-\u2013\u2014|"
_CONNECTORS = frozenset({"of", "and", "&", "for", "/", "-", "in", "the", "de", "du", "und"})


def _title_like(text: str) -> bool:
    """Whether a phrase is written as a job title: every word capitalised but connectors."""
    return all(w[0].isupper() or w.lower() in _CONNECTORS for w in text.split())


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(_CONTROL.sub(" ", _fix_c1(value)).split()).strip(_TRIM)
    return value or None


def _fix_c1(value: str) -> str:
    """Text labelled ISO-8859-1 that is really Windows-1252 (as Outlook sends it) decodes to
    C1 control characters where its dashes and quotes were: read those as Windows-1252."""
    if not re.search("[\x80-\x9f]", value):
        return value
    try:
        return value.encode("latin-1").decode("cp1252")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _header(message: Message, name: str) -> str:
    """One header as plain one-line text; never raises on a malformed header."""
    try:
        value = message.get(name)
    except Exception:  # a header the parser cannot decode is as good as absent
        return ""
    if value is None:
        return ""
    return " ".join(_CONTROL.sub(" ", _fix_c1(str(value))).split())


def _addresses(message: Message, name: str) -> list[tuple[str | None, str]]:
    pairs: list[tuple[str, str]]
    try:
        header = message.get(name)
        groups = getattr(header, "addresses", None) if header is not None else ()
        if groups is None:
            pairs = getaddresses([str(header)])
        else:
            pairs = [(a.display_name, a.addr_spec) for a in groups if isinstance(a, Address)]
    except (ValueError, TypeError, IndexError, AttributeError):
        # The parser refuses names that decode to a line break (an encoded word hiding
        # "\r\nBcc: ..."); split the raw header instead and decode each name on its own.
        raw = [v for k, v in message.raw_items() if k.lower() == name.lower()]
        pairs = [(_decode_words(d), a) for d, a in getaddresses(raw[:1])]
    found: list[tuple[str | None, str]] = []
    for display, addr in pairs:
        addr = _CONTROL.sub("", addr or "").strip()
        if _ADDRESS.match(addr):
            found.append((_tidy(display), addr))
    return found


def _decode_words(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeDecodeError):
        return value


def _first_address(message: Message, name: str) -> tuple[str | None, str | None]:
    pairs = _addresses(message, name)
    return pairs[0] if pairs else (None, None)


def _message_ids(value: str) -> list[str]:
    return _MSGID.findall(value)


def _date(message: Message) -> datetime | None:
    raw = _header(message, "Date")
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None


def _when(moment: datetime) -> str:
    """An interview time as bowout's time reader and a letter both read it."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _part_text(part: Message) -> str:
    """A text part's content, decoded even when its charset is wrong or missing."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset)
    except LookupError:  # an unknown charset name
        pass
    except UnicodeDecodeError:  # a body mislabelled as this charset
        pass
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1252", errors="replace")


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("Content-Disposition") or "").lower()
    return disposition.startswith("attachment")


def _body_text(message: Message) -> str:
    plain: list[str] = []
    html: list[str] = []
    for part in message.walk():
        if part.is_multipart() or _is_attachment(part):
            continue
        kind = part.get_content_type()
        if kind == "text/plain":
            plain.append(_part_text(part))
        elif kind == "text/html":
            html.append(_part_text(part))
    text = "\n".join(t for t in plain if t.strip())
    if not text.strip() and html:
        text = "\n".join(_html_to_text(h) for h in html)
    return _clean_body(text)


def _clean_body(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_CONTROL.sub(" ", line).rstrip() for line in text.split("\n")]
    # Collapse runs of blank lines that HTML conversion leaves.
    out: list[str] = []
    for line in lines:
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    return "\n".join(out).strip()


class _TextExtractor(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "hr"})
    _HIDDEN = frozenset({"style", "script", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # a broken document still gives what was read of it
        pass
    joined = "".join(parser.parts).replace("\xa0", " ")
    return "\n".join(" ".join(line.split()) for line in joined.split("\n"))


def _calendar_parts(message: Message) -> list[str]:
    found = []
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        name = (part.get_filename() or "").lower()
        if kind in {"text/calendar", "application/ics"} or name.endswith(".ics"):
            found.append(_part_text(part))
    return found


def _invitation(message: Message) -> Invitation | None:
    from icalendar import Calendar  # only messages with a calendar part pay for it

    for raw in _calendar_parts(message):
        try:
            calendar = Calendar.from_ical(raw)
        except Exception:  # a broken calendar part is not an invitation
            continue
        if str(calendar.get("METHOD", "")).upper() != "REQUEST":
            continue
        for event in calendar.walk("VEVENT"):
            uid = event.get("UID")
            if not uid:
                continue
            starts = None
            dtstart = event.get("DTSTART")
            if dtstart is not None and isinstance(dtstart.dt, datetime):
                starts = dtstart.dt
            organizer = event.get("ORGANIZER")
            attendees: Any = event.get("ATTENDEE") or []
            if not isinstance(attendees, list):
                attendees = [attendees]
            return Invitation(
                uid=_CONTROL.sub("", str(uid)),
                sequence=int(event.get("SEQUENCE", 0) or 0),
                organizer=_mailto(organizer),
                summary=_tidy(str(event.get("SUMMARY") or "")) or None,
                starts=starts,
                attendees=[a for a in (_mailto(x) for x in attendees) if a],
                ics=raw,
            )
    return None


def _mailto(value: Any) -> str | None:
    if value is None:
        return None
    text = _CONTROL.sub("", str(value)).strip()
    address = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE)
    return address if _ADDRESS.match(address) else None


def read_message(data: bytes, reader: MessageReader | None = None) -> MessageFacts:
    """Read a recruiter's message (the raw bytes of an .eml file)."""
    return (reader or MessageReader()).read(data)
