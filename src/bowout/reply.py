"""Answer the recruiter's message in its own thread: a letter composed as usual, wrapped in
an .eml draft that mail clients file as a reply, and optionally the calendar decline.

    facts = read_message(Path("invite.eml").read_bytes())
    reply = compose_reply(facts, LetterRequest(scenario="decline", sender_name="Sam Ortiz"))
    Path("reply.eml").write_bytes(reply.eml)

Threading follows RFC 5322 section 3.6.4: `In-Reply-To` names the message answered and
`References` is that message's References followed by its Message-ID. Both are written by
bowout itself, unencoded and folded between ids, because the standard library may turn a
long References header into encoded words (cpython issue #100991) and Outlook then loses
the thread.
"""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from typing import TYPE_CHECKING, Any

from bowout.choices import Channel
from bowout.errors import InvalidRequestError, NoInvitationError
from bowout.inbound import MessageFacts, MessageReader
from bowout.models import Letter, LetterRequest, StrictModel

if TYPE_CHECKING:
    from bowout.settings import LLMSettings

# Mail clients keep the first id and the most recent ones when a thread grows long.
_MAX_REFERENCES = 40
_FOLD_AT = 78


class Reply(StrictModel):
    """A reply ready to open in a mail client."""

    request: LetterRequest
    letter: Letter
    eml: bytes
    # The iTIP REPLY declining the invitation, when one was asked for.
    ics: bytes | None = None


def prefill(facts: MessageFacts) -> dict[str, Any]:
    """The request fields the message answers, under their LetterRequest names."""
    values = {
        "recipient_name": facts.reply_name,
        "recipient_email": facts.reply_email,
        "company": facts.company,
        "role": facts.role,
        "interview_at": facts.interview_at,
    }
    return {k: v for k, v in values.items() if v}


def sender_address(facts: MessageFacts, request: LetterRequest) -> str | None:
    """The candidate's own address: the one they gave, else the one address the message was
    sent to (a message to several people does not say which one is theirs)."""
    if request.sender_email:
        return request.sender_email
    if len(facts.to_emails) == 1:
        return facts.to_emails[0]
    return None


def with_message(facts: MessageFacts, request: LetterRequest) -> LetterRequest:
    """`request` with what the message says filled in where the request says nothing."""
    given = {name: getattr(request, name) for name in request.model_fields_set}
    given = {k: v for k, v in given.items() if v is not None}
    return LetterRequest.model_validate(prefill(facts) | given)


def compose_reply(
    facts: MessageFacts,
    request: LetterRequest,
    settings: LLMSettings | None = None,
    *,
    decline_invite: bool = False,
    reader: MessageReader | None = None,
    now: datetime | None = None,
) -> Reply:
    """Compose the letter for `request` (completed from `facts`) as a threaded reply."""
    from bowout.compose import compose

    if request.channel is not Channel.EMAIL:
        raise InvalidRequestError(
            f"a reply is an email; drop --channel {request.channel.value} (use `bowout write` "
            "for a LinkedIn message or a phone call)"
        )
    reader = reader or MessageReader()
    ics = None
    own_address = sender_address(facts, request)
    if decline_invite:
        ics = _decline(facts, request, own_address, reader, now)
    full = with_message(facts, request)
    letter = compose(full, settings)
    eml = threaded_draft(facts, full, letter, own_address, ics, reader)
    return Reply(request=full, letter=letter, eml=eml, ics=ics)


def _decline(
    facts: MessageFacts,
    request: LetterRequest,
    own_address: str | None,
    reader: MessageReader,
    now: datetime | None,
) -> bytes:
    from bowout.invite import decline_invitation

    if facts.invitation is None:
        raise NoInvitationError(
            "--decline-invite needs a calendar invitation, and this message carries none "
            "(no text/calendar REQUEST part or .ics attachment); leave the flag out"
        )
    if own_address is None:
        raise NoInvitationError(
            "--decline-invite needs your address as the invitation names you: pass --email"
        )
    return decline_invitation(
        facts.invitation, own_address, request.sender_name, reader.rules.decline_comment, now
    )


def quote(facts: MessageFacts) -> str:
    """The original below the reply, as mail clients quote it."""
    if facts.date is not None:
        when = f"{facts.date:%a}, {facts.date.day} {facts.date:%b %Y at %H:%M}"
        intro = f"On {when}, {facts.author} wrote:"
    else:
        intro = f"{facts.author} wrote:"
    lines = facts.text.splitlines() or [""]
    return intro + "\n" + "\n".join(f"> {line}" if line else ">" for line in lines)


def threaded_draft(
    facts: MessageFacts,
    request: LetterRequest,
    letter: Letter,
    own_address: str | None,
    ics: bytes | None,
    reader: MessageReader,
) -> bytes:
    message = EmailMessage(policy=SMTP)
    if own_address:
        message["From"] = Address(display_name=request.sender_name, addr_spec=own_address)
    if request.recipient_email:
        message["To"] = Address(
            display_name=request.recipient_name or "", addr_spec=request.recipient_email
        )
    message["Subject"] = reader.reply_subject(facts.subject)
    # Outlook opens a message with this header as an unsent draft to edit and send.
    message["X-Unsent"] = "1"
    message.set_content(f"{letter.body}\n\n{quote(facts)}\n")
    if ics is not None:
        message.add_alternative(ics.decode("utf-8"), subtype="calendar", params={"method": "REPLY"})
        message.add_attachment(ics, maintype="application", subtype="ics",
                               filename="invite-reply.ics")  # fmt: skip
    raw = message.as_bytes()
    return _with_threading(raw, facts)


def thread_ids(facts: MessageFacts) -> list[str]:
    """The References of the reply: the parent's References, then the parent's Message-ID."""
    ids = list(dict.fromkeys([*facts.references, *filter(None, [facts.message_id])]))
    if len(ids) > _MAX_REFERENCES:
        ids = [ids[0], *ids[-(_MAX_REFERENCES - 1) :]]
    return ids


def fold_ids(name: str, ids: list[str]) -> bytes:
    """`name: id id ...` folded between ids, so no line is longer than it must be."""
    lines = [f"{name}:"]
    for msgid in ids:
        if len(lines[-1]) + 1 + len(msgid) > _FOLD_AT and lines[-1] != f"{name}:":
            lines.append("")
        lines[-1] += f" {msgid}"
    return "\r\n".join(lines).encode("ascii") + b"\r\n"


def _with_threading(raw: bytes, facts: MessageFacts) -> bytes:
    ids = thread_ids(facts)
    if not ids:
        return raw
    head, sep, body = raw.partition(b"\r\n\r\n")
    extra = b""
    if facts.message_id:
        extra += fold_ids("In-Reply-To", [facts.message_id])
    extra += fold_ids("References", ids)
    return head + b"\r\n" + extra.rstrip(b"\r\n") + sep + body
