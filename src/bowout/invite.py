"""Decline a calendar invitation: the iTIP REPLY of RFC 5546 (section 3.2.3).

A REPLY answers the organiser's REQUEST for one attendee. It keeps the request's UID,
SEQUENCE (and RECURRENCE-ID, for one occurrence) and ORGANIZER so the organiser's calendar
matches it to the event, carries exactly one ATTENDEE (the person replying) with
PARTSTAT=DECLINED, and may carry a COMMENT for the organiser.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bowout.errors import NoInvitationError
from bowout.inbound import Invitation


def decline_invitation(
    invitation: Invitation,
    attendee_email: str,
    attendee_name: str | None,
    comment: str,
    now: datetime | None = None,
) -> bytes:
    """The .ics bytes of a REPLY that declines `invitation` for `attendee_email`."""
    from icalendar import Calendar, Event, vCalAddress, vText

    request = Calendar.from_ical(invitation.ics)
    events = [e for e in request.walk("VEVENT") if str(e.get("UID", "")) == invitation.uid]
    if not events:
        raise NoInvitationError("the invitation has no event to decline")
    original = events[0]

    reply = Calendar()
    reply.add("prodid", "-//bowout//calendar reply//EN")
    reply.add("version", "2.0")
    reply.add("method", "REPLY")

    event = Event()
    event.add("uid", invitation.uid)
    event.add("sequence", invitation.sequence)
    event.add("dtstamp", (now or datetime.now(UTC)).astimezone(UTC))
    if "RECURRENCE-ID" in original:
        event["RECURRENCE-ID"] = original["RECURRENCE-ID"]
    if "ORGANIZER" in original:
        event["ORGANIZER"] = original["ORGANIZER"]
    if invitation.summary:
        event.add("summary", invitation.summary)
    attendee = vCalAddress(f"mailto:{attendee_email}")
    if attendee_name:
        attendee.params["CN"] = vText(attendee_name)
    attendee.params["PARTSTAT"] = vText("DECLINED")
    event.add("attendee", attendee, encode=False)
    event.add("comment", comment)
    reply.add_component(event)
    return bytes(reply.to_ical())
