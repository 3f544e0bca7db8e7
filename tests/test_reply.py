"""`bowout reply`: reading real messages, the threaded draft, the calendar decline, and
hostile messages. Every draft is parsed back with the standard library and every header
rule is checked on the raw bytes, which is what a mail client reads."""

from __future__ import annotations

import base64
import email
import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from bowout.cli import app
from bowout.errors import MessageError, NoInvitationError
from bowout.inbound import MAX_MESSAGE_BYTES, MessageReader, read_message
from bowout.models import LetterRequest
from bowout.reply import compose_reply, fold_ids, thread_ids

MESSAGES = Path(__file__).parent / "data" / "messages"
SAMPLES = sorted(MESSAGES.glob("*.eml"))
INVITES = {
    "applemail-ics-attachment.eml",
    "thunderbird-outlook-invite.eml",
    "thunderbird-single-event.eml",
}
runner = CliRunner()


def _raw_headers(eml: bytes) -> dict[str, str]:
    """Header name -> its raw value with folding kept, from the bytes as written."""
    head = eml.split(b"\r\n\r\n", 1)[0].decode("ascii")
    headers: dict[str, str] = {}
    name = ""
    for line in head.split("\r\n"):
        if line[:1] in (" ", "\t"):
            headers[name] += "\r\n" + line
        else:
            name, _, value = line.partition(":")
            assert name not in headers, f"{name} appears twice"
            headers[name] = value
    return headers


def _request(scenario: str = "decline", **extra: object) -> LetterRequest:
    # A company for the messages that do not name one (the letters need it).
    fields = {"scenario": scenario, "sender_name": "Sam Ortiz", "company": "Acme", **extra}
    return LetterRequest.model_validate(fields)


def _reply_for(path: Path, **kw: object) -> tuple[object, bytes]:
    facts = read_message(path.read_bytes())
    scenario = getattr(facts.suggested_scenario, "value", None) or "withdraw"
    result = compose_reply(facts, _request(scenario), **kw)  # type: ignore[arg-type]
    return facts, result.eml


def test_there_are_enough_real_samples_and_each_is_documented() -> None:
    sources = (MESSAGES / "SOURCES.md").read_text(encoding="utf-8")
    assert len(SAMPLES) >= 10
    for sample in SAMPLES:
        assert sample.name in sources, f"{sample.name} has no source in SOURCES.md"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_gives_a_threaded_draft(path: Path) -> None:
    facts, eml = _reply_for(path)
    headers = _raw_headers(eml)
    original = email.message_from_bytes(path.read_bytes(), policy=default_policy)

    # Threading, on the raw bytes: unencoded, folded between ids, no line over 998.
    assert all(len(line) <= 998 for line in eml.split(b"\r\n"))
    parent_id = (original["Message-ID"] or "").strip() or None
    parent_refs = re.findall(r"<[^<>\s]+>", str(original["References"] or ""))
    if parent_id:
        assert headers["In-Reply-To"].strip() == parent_id
        assert re.findall(r"<[^<>\s]+>", headers["References"]) == [*parent_refs, parent_id]
    else:
        assert "In-Reply-To" not in headers
    for name in ("In-Reply-To", "References"):
        assert "=?" not in headers.get(name, ""), "threading headers must not be encoded words"

    draft = email.message_from_bytes(eml, policy=default_policy)
    subject = str(draft["Subject"])
    assert subject.startswith("Re: ") or subject == "Re:"
    assert not re.match(r"(?i)re:\s*re:", subject)
    assert draft["X-Unsent"] == "1"
    assert "Date" not in draft and "Message-ID" not in draft
    reply_to = original.get("Reply-To") or original["From"]
    assert draft["To"].addresses[0].addr_spec == reply_to.addresses[0].addr_spec

    body = draft.get_body(("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    assert re.search(r"^(?:On .+, )?.+ wrote:$", text, re.MULTILINE)
    first_line = next((line for line in facts.text.splitlines() if line.strip()), None)  # type: ignore[attr-defined]
    if first_line:
        assert f"> {first_line}" in text


EXPECTED = {
    # file: (company, role, suggested scenario, interview_at)
    "applemail-ics-attachment.eml": (
        "Tideline",
        "ML Engineer",
        "decline",
        "8 December 2026 at 15:00",
    ),
    "ats-invitation-html-only.eml": ("Lumen Health", "Product Designer", "decline", None),
    "gmail-thread-withdraw.eml": ("Acme Robotics, Inc.", "Senior Data Engineer", "withdraw", None),
    "outlook-offer-encoded-names.eml": (
        "Nordwind Energie GmbH",
        "Projektleiterin",
        "decline-offer",
        None,
    ),
    "thunderbird-single-event.eml": (None, None, "decline", "16 March 2022 at 11:00"),
    "thunderbird-publish-attachment.eml": (None, None, None, None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_what_the_message_says_is_prefilled(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    facts = read_message((MESSAGES / name).read_bytes())
    company, role, scenario, when = EXPECTED[name]
    assert facts.company == company
    assert facts.role == role
    assert getattr(facts.suggested_scenario, "value", None) == scenario
    assert facts.interview_at == when


def test_encoded_names_and_html_only_bodies_are_read_as_text() -> None:
    offer = read_message((MESSAGES / "outlook-offer-encoded-names.eml").read_bytes())
    assert offer.reply_name == "Jürgen Müller"
    assert "\u2013" in offer.subject and "\x96" not in offer.subject  # Windows-1252 dash
    ats = read_message((MESSAGES / "ats-invitation-html-only.eml").read_bytes())
    assert ats.reply_email == "priya.raman@lumenhealth.io"  # Reply-To wins over From
    assert "<p>" not in ats.text and "margin" not in ats.text
    assert ats.text.startswith("Hi Sam,")
    bad = read_message((MESSAGES / "thunderbird-bad-charset.eml").read_bytes())
    assert "Matterhorn1" in bad.text


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Next steps", "Re: Next steps"),
        ("Re: Re: Next steps", "Re: Next steps"),
        ("RE: AW: Ihr Angebot", "Re: Ihr Angebot"),
        ("Re[2]: Interview", "Re: Interview"),
        ("SV: Intervju", "Re: Intervju"),
        ("Fwd: Interview", "Re: Fwd: Interview"),
        ("Re: Fwd: Interview", "Re: Fwd: Interview"),
        ("", "Re:"),
    ],
)
def test_reply_subjects(subject: str, expected: str) -> None:
    assert MessageReader().reply_subject(subject) == expected


@pytest.mark.parametrize("name", sorted(INVITES))
def test_the_calendar_decline_matches_the_request(name: str) -> None:
    facts = read_message((MESSAGES / name).read_bytes())
    assert facts.invitation is not None
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    me = facts.to_emails[0]
    result = compose_reply(facts, _request("decline"), decline_invite=True, now=now)
    assert result.ics is not None

    request = icalendar.Calendar.from_ical(facts.invitation.ics)
    asked = next(iter(request.walk("VEVENT")))
    reply = icalendar.Calendar.from_ical(result.ics)
    assert str(reply["METHOD"]) == "REPLY"
    (event,) = reply.walk("VEVENT")
    assert str(event["UID"]) == str(asked["UID"])
    assert int(event.get("SEQUENCE", 0)) == int(asked.get("SEQUENCE", 0))
    assert str(event["ORGANIZER"]) == str(asked["ORGANIZER"])
    assert event["DTSTAMP"].dt == now
    attendee = event["ATTENDEE"]
    assert not isinstance(attendee, list), "exactly one ATTENDEE"
    assert str(attendee).lower() == f"mailto:{me}".lower()
    assert attendee.params["PARTSTAT"] == "DECLINED"
    assert str(event["COMMENT"]).strip()

    # In the draft: a text/calendar; method=REPLY part and an invite-reply.ics attachment.
    draft = email.message_from_bytes(result.eml, policy=default_policy)
    calendar_parts = [p for p in draft.walk() if p.get_content_type() == "text/calendar"]
    assert len(calendar_parts) == 1
    assert calendar_parts[0].get_param("method") == "REPLY"
    assert calendar_parts[0].get_content().encode() == result.ics
    (attachment,) = [p for p in draft.walk() if p.get_filename() == "invite-reply.ics"]
    assert attachment.get_content() == result.ics


def test_declining_without_an_invitation_is_a_clear_error() -> None:
    published = read_message((MESSAGES / "thunderbird-publish-attachment.eml").read_bytes())
    assert published.invitation is None  # METHOD:PUBLISH is not an invitation
    with pytest.raises(NoInvitationError, match="carries none"):
        compose_reply(published, _request(), decline_invite=True)


# ---------------------------------------------------------------- hostile messages


def _message(headers: str, body: str = "Hello,\r\n\r\nCan we talk?\r\n") -> bytes:
    return (headers.strip().replace("\n", "\r\n") + "\r\n\r\n" + body).encode("utf-8")


def test_no_message_id_still_gives_a_draft() -> None:
    facts = read_message(_message("From: Dana <dana@acme.io>\nTo: sam@example.net\nSubject: Hi"))
    eml = compose_reply(facts, _request()).eml
    headers = _raw_headers(eml)
    assert "In-Reply-To" not in headers and "References" not in headers
    assert email.message_from_bytes(eml, policy=default_policy)["To"] == "Dana <dana@acme.io>"


@pytest.mark.parametrize("header", ["From", "Reply-To"])
def test_a_line_break_smuggled_into_a_name_never_becomes_a_header(header: str) -> None:
    evil = base64.b64encode(b"Eve\r\nBcc: attacker@evil.test\r\nX-Evil: 1").decode()
    raw = _message(
        f"{header}: =?utf-8?b?{evil}?= <eve@acme.io>\n"
        + ("From: Dana <dana@acme.io>\n" if header == "Reply-To" else "")
        + "To: sam@example.net\nSubject: =?utf-8?b?"
        + base64.b64encode(b"Interview\r\nBcc: attacker@evil.test").decode()
        + "?=\nMessage-ID: <a@acme.io>"
    )
    eml = compose_reply(read_message(raw), _request()).eml
    headers = _raw_headers(eml)
    assert "Bcc" not in headers and "X-Evil" not in headers
    # What was smuggled stays inside one quoted name or the subject text.
    assert not re.search(rb"\r\n(?:Bcc|X-Evil):", eml.split(b"\r\n\r\n", 1)[0])
    draft = email.message_from_bytes(eml, policy=default_policy)
    assert draft["Bcc"] is None
    assert [a.addr_spec for a in draft["To"].addresses] == ["eve@acme.io"]


def test_a_message_id_that_is_not_one_is_left_out() -> None:
    raw = _message(
        "From: Dana <dana@acme.io>\nTo: sam@example.net\nSubject: Hi\n"
        "Message-ID: not-an-id\nReferences: <ok@acme.io> garbage <" + "x" * 2000 + "@acme.io>"
    )
    facts = read_message(raw)
    assert facts.message_id is None
    assert facts.references == ["<ok@acme.io>"]


def test_a_truncated_mime_structure_still_gives_a_draft() -> None:
    raw = _message(
        "From: Dana <dana@acme.io>\nTo: sam@example.net\nSubject: Interview\n"
        "Message-ID: <t@acme.io>\nMIME-Version: 1.0\n"
        'Content-Type: multipart/alternative; boundary="b1"',
        "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHi Sam, can we",
    )
    facts = read_message(raw)
    assert "Hi Sam" in facts.text
    assert b"In-Reply-To: <t@acme.io>" in compose_reply(facts, _request()).eml


def test_a_body_mislabelled_as_utf8_is_still_read() -> None:
    raw = (
        b"From: Dana <dana@acme.io>\r\nTo: sam@example.net\r\nSubject: Hi\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nCaf\xe9 at 10? Regards, Ren\xe9e\r\n"
    )
    facts = read_message(raw)
    assert "Café at 10?" in facts.text and "Renée" in facts.text


def test_a_very_large_message_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    big = _message(
        "From: Dana <dana@acme.io>\nTo: sam@example.net\nSubject: Hi\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b"',
        "--b\r\nContent-Type: text/plain\r\n\r\nHi\r\n--b\r\nContent-Type: application/pdf\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        + "QUFB" * (MAX_MESSAGE_BYTES // 4)
        + "\r\n--b--",
    )
    with pytest.raises(MessageError, match="more than bowout reads"):
        read_message(big)
    path = tmp_path / "big.eml"
    path.write_bytes(big)
    result = runner.invoke(app, ["reply", str(path), "decline", "--no-input", "--sender", "S"])
    assert result.exit_code == 1, result.output
    assert "more than bowout reads" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02 not mail", b"just some words\n"])
def test_something_that_is_not_a_message_is_refused(data: bytes) -> None:
    with pytest.raises(MessageError):
        read_message(data)


# ---------------------------------------------------------------- folding


def test_long_references_fold_between_ids_and_read_back_whole() -> None:
    ids = [f"<{i:03d}.{'a' * 60}@mail.example.com>" for i in range(60)]
    facts = read_message(
        _message(
            "From: Dana <dana@acme.io>\nTo: sam@example.net\nSubject: Hi\n"
            f"Message-ID: <last@acme.io>\nReferences: {' '.join(ids)}"
        )
    )
    kept = thread_ids(facts)
    assert kept[0] == ids[0] and kept[-1] == "<last@acme.io>" and len(kept) == 40
    eml = compose_reply(facts, _request()).eml
    raw = _raw_headers(eml)["References"]
    assert re.findall(r"<[^<>\s]+>", raw) == kept
    for line in raw.split("\r\n"):
        assert len(line) <= 998
        assert len(re.findall(r"<", line)) == 1  # each long id on its own line
    parsed = email.message_from_bytes(eml, policy=default_policy)
    assert re.findall(r"<[^<>\s]+>", str(parsed["References"])) == kept


def test_short_ids_share_a_line() -> None:
    folded = fold_ids("References", ["<a@b>", "<c@d>", "<e@f>"]).decode()
    assert folded == "References: <a@b> <c@d> <e@f>\r\n"


# ---------------------------------------------------------------- command line


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["reply", *args])
    return result.exit_code, result.output


def test_cli_writes_the_draft_and_refuses_to_overwrite(tmp_path: Path) -> None:
    sample = str(MESSAGES / "applemail-ics-attachment.eml")
    out = tmp_path / "reply.eml"
    code, output = _run(sample, "decline", "--no-input", "--sender", "Li Wei", "--decline-invite",
                        "--out", str(out))  # fmt: skip
    assert code == 0, output
    draft = email.message_from_bytes(out.read_bytes(), policy=default_policy)
    assert isinstance(draft, EmailMessage)
    assert draft["In-Reply-To"] == "<8C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F@tideline.ai>"
    assert any(p.get_filename() == "invite-reply.ics" for p in draft.walk())
    code, output = _run(sample, "decline", "--no-input", "--sender", "Li Wei", "--out", str(out))
    assert code == 1 and "already exists" in output


def test_cli_flags_override_what_was_read() -> None:
    sample = str(MESSAGES / "ats-invitation-html-only.eml")
    code, output = _run(sample, "decline", "--no-input", "--sender", "Sam Ortiz",
                        "--company", "Lumen", "--to", "Priya", "--format", "text")  # fmt: skip
    assert code == 0, output
    assert "Lumen Health" not in output and "Lumen" in output
    assert "Priya" in output and "> " not in output  # the letter alone


def test_cli_needs_a_scenario_without_input() -> None:
    code, output = _run(str(MESSAGES / "gmail-thread-withdraw.eml"), "--no-input", "--sender", "A")
    assert code == 2
    assert "reads like withdraw" in output


@pytest.mark.parametrize("channel", ["linkedin", "phone"])
def test_cli_refuses_a_channel_other_than_email(channel: str) -> None:
    code, output = _run(str(MESSAGES / "gmail-thread-withdraw.eml"), "withdraw", "--no-input",
                        "--sender", "A", "--channel", channel)  # fmt: skip
    assert code == 2 and "a reply is an email" in output


def test_cli_decline_invite_without_an_invitation_is_one_line() -> None:
    code, output = _run(str(MESSAGES / "gmail-thread-withdraw.eml"), "withdraw", "--no-input",
                        "--sender", "A", "--decline-invite")  # fmt: skip
    assert code == 1
    assert "carries none" in output and "Traceback" not in output


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_cli_bad_message_paths_are_one_line(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "nope.eml" if kind == "missing" else tmp_path
    code, output = _run(str(path), "decline", "--no-input", "--sender", "A")
    assert code == 1, output
    assert "Traceback" not in output and output.count("\n") <= 2
    assert "give the .eml file you saved" in output


def test_cli_confirms_what_was_read_on_a_terminal() -> None:
    result = runner.invoke(
        app,
        ["reply", str(MESSAGES / "ats-invitation-html-only.eml"), "--input", "--sender", "Sam"],
        input="\ny\n",
    )
    assert result.exit_code == 0, result.output
    assert "Read from the message:" in result.output
    assert "Lumen Health" in result.output and "Product Designer" in result.output
    assert "[decline]" in result.output  # the suggested scenario is the default


def test_dtstamp_defaults_to_now() -> None:
    facts = read_message((MESSAGES / "thunderbird-single-event.eml").read_bytes())
    ics = compose_reply(facts, _request(), decline_invite=True).ics
    assert ics is not None
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert abs(event["DTSTAMP"].dt - datetime.now(UTC)) < timedelta(minutes=5)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Could we meet on Tuesday 8 December at 3pm?", "Tuesday 8 December at 3pm"),
        ("The interview is on December 8, 2026 at 15:00 in Leeds.", "December 8, 2026 at 15:00"),
        ("Your slot: 2026-12-08 15:00 (UK time).", "2026-12-08 15:00"),
        ("See you next Tuesday at 10am!", "next Tuesday at 10am"),
        ("We will be in touch about next steps.", None),
    ],
)
def test_the_interview_time_is_read_from_the_body(sentence: str, expected: str | None) -> None:
    raw = _message(
        "From: Dana <dana@acme.io>\nTo: sam@example.net\nSubject: Interview\n"
        "Date: Tue, 1 Dec 2026 09:00:00 +0000",
        f"Hi Sam,\r\n\r\n{sentence}\r\n\r\nDana\r\n",
    )
    assert read_message(raw).interview_at == expected
