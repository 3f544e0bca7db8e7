"""`bowout eval`'s own measures: how much the model changed its draft, whether the letter
kept the conventions, and a whole case run against a loopback model over real HTTP."""

from __future__ import annotations

import pytest

from bowout.evaluation import (
    EvalCase,
    broken_conventions,
    edit_ratio,
    load_cases,
    missing_specifics,
    note_carried,
    run_eval,
    totals,
)
from bowout.models import Letter, LetterRequest
from bowout.render import render
from bowout.settings import LLMMode, LLMSettings
from loopback_server import LOOPBACK_HOSTS, LoopbackLLM, ok

REQUEST = LetterRequest(
    scenario="withdraw",
    tone="warm",
    sender_name="Ana Lima",
    recipient_name="Maria Gonzalez",
    company="Acme",
    interviewers=["Maria Gonzalez", "Tom Becker"],
    topic="the billing migration",
    private_reason="the commute is two hours each way",
)
DRAFT = render(REQUEST).body


def letter(body: str) -> Letter:
    return Letter(
        subject="s", body=body, source="llm", scenario="withdraw", channel="email", tone="warm"
    )


def test_edit_ratio_counts_word_edits_over_the_longer_text() -> None:
    assert edit_ratio("a b c d", "a b c d") == 0.0
    assert edit_ratio("a b c d", "a x c d") == 0.25  # one substitution
    assert edit_ratio("a b c d", "a b c d e f g h") == 0.5  # four insertions over eight
    assert edit_ratio("a b", "c d") == 1.0
    assert edit_ratio("Thank you, Maria.", "thank you maria") == 0.0  # words, not marks


def test_the_template_keeps_the_conventions() -> None:
    assert "you and Tom" in DRAFT
    assert broken_conventions(letter(DRAFT), REQUEST) == []


@pytest.mark.parametrize(
    ("change", "broken"),
    [
        (("you and Tom", "Maria and Tom"), ["third-person"]),
        (("you and Tom", "Maria Gonzalez and Tom"), ["third-person"]),
        (("Dear Maria,", "Dear Maria Gonzalez,"), ["full-name-greeting"]),
    ],
)
def test_broken_conventions_are_named(change: tuple[str, str], broken: list[str]) -> None:
    assert broken_conventions(letter(DRAFT.replace(*change)), REQUEST) == broken


def test_the_eval_requests_include_interviewer_readers_honorifics_and_public_reasons() -> None:
    requests = [case.request for case in load_cases()]
    readers = [r for r in requests if r.recipient_name]
    assert any(r.recipient_name.split()[-1] in " ".join(r.interviewers) for r in readers)  # type: ignore[union-attr]
    assert any(r.recipient_name.split()[0].endswith(".") for r in readers)  # type: ignore[union-attr]
    assert {r.because.value for r in requests} >= {
        "none", "accepted-offer", "staying", "other-direction", "personal",
    }  # fmt: skip


@pytest.mark.block_network(allowed_hosts=LOOPBACK_HOSTS)
def test_a_letter_naming_its_reader_is_reasked_and_the_eval_says_so(
    loopback_llm: LoopbackLLM,
) -> None:
    third_person = DRAFT.replace("you and Tom", "Maria and Tom")
    personal = DRAFT.replace("Thank you for", "Thanks so much for", 1)
    assert personal != DRAFT
    loopback_llm.script(ok(third_person), ok(personal))
    settings = LLMSettings(
        mode=LLMMode.ON, base_url=loopback_llm.base_url, model="loopback", max_retries=0
    )
    (result,) = run_eval([EvalCase(id="reader", request=REQUEST)], settings)
    assert result.outcome == "after-reask"
    assert result.first_failed == ["conventions"]
    assert result.conventions == [] and result.final_ok
    assert result.edit_ratio is not None and 0 < result.edit_ratio < 0.1
    reask = loopback_llm.requests[1].body["messages"][-1]["content"]
    assert "- conventions: the letter names its reader, Maria, in the third person" in reask
    summary = totals([result])
    assert summary.conventions_kept == 1 and summary.edit_ratio_median == result.edit_ratio


def test_a_person_is_kept_when_named_as_the_tone_names_them() -> None:
    # The reader is kept as "you", Tom by his given name in a warm letter.
    assert missing_specifics(DRAFT, REQUEST) == []
    assert missing_specifics("Hi Maria,\nThanks to you and Tom Becker.", REQUEST) == [
        "the billing migration"
    ]
    dropped = "Hi Maria,\nThank you for talking about the billing migration."
    assert missing_specifics(dropped, REQUEST) == ["Tom Becker"]
    formal = LetterRequest.model_validate(
        {**REQUEST.model_dump(), "tone": "formal", "recipient_name": None}
        | {"interviewers": ["Dr. Jürgen Müller"], "private_reason": None}
    )
    assert (
        missing_specifics("I enjoyed meeting Dr. Müller about the billing migration.", formal) == []
    )
    assert missing_specifics("I enjoyed meeting Jürgen about the billing migration.", formal) == [
        "Dr. Jürgen Müller"
    ]


PILOT = "I'd love to hear how the pilot in Leeds goes"
DEMO = "Kwame's demo of the triage model was the best part of my week"


@pytest.mark.parametrize(
    ("note", "body", "carried"),
    [
        (PILOT, "I'd love to hear how the Leeds pilot goes.", True),
        (PILOT, "I hope the pilot goes well.", False),  # Leeds is lost
        (PILOT, "Best of luck in Leeds.", False),
        ("congratulations on the Series B", "Congrats on closing your Series B!", True),
        (DEMO, "Your demo of the triage model was the best part of my week.", True),
        (DEMO, "Kwame's demo of the triage model was a highlight of my week.", True),
        (DEMO, "Thank you for your time.", False),
    ],
)
def test_a_note_is_carried_by_its_names_and_most_of_its_words(
    note: str, body: str, carried: bool
) -> None:
    assert note_carried(note, body, reader="Kwame Asante") is carried


def test_the_eval_requests_include_notes_in_several_scenarios() -> None:
    with_notes = [case.request for case in load_cases() if case.request.notes]
    assert len(with_notes) >= 8
    assert len({r.scenario for r in with_notes}) >= 5
    assert {r.channel.value for r in with_notes} == {"email", "linkedin"}


@pytest.mark.block_network(allowed_hosts=LOOPBACK_HOSTS)
def test_a_note_reaches_the_model_and_the_eval_says_whether_it_was_carried(
    loopback_llm: LoopbackLLM,
) -> None:
    note = "I'd love to hear how the billing pilot in Porto goes"
    request = REQUEST.model_copy(update={"notes": [note]})
    draft = render(request).body
    assert "Porto" not in draft  # the template cannot weave it in
    carried = draft.replace(
        "Thank you for", "I'd love to hear how the Porto pilot goes. Thank you for", 1
    )
    # The first request's answers drop the note twice, so it falls back to the template.
    loopback_llm.script(ok(draft), ok(draft), ok(carried))
    settings = LLMSettings(
        mode=LLMMode.ON, base_url=loopback_llm.base_url, model="loopback", max_retries=0
    )
    dropped, kept = run_eval(
        [EvalCase(id="dropped", request=request), EvalCase(id="kept", request=request)], settings
    )
    user_turn = loopback_llm.requests[0].body["messages"][-1]["content"]
    assert note in user_turn and '"notes"' in user_turn
    assert "commute" not in user_turn  # the private reason still never goes
    assert dropped.outcome == "fell-back" and dropped.notes_dropped == [note]
    assert kept.outcome == "first-try" and kept.notes_dropped == []
    summary = totals([dropped, kept])
    assert (summary.with_notes, summary.notes_carried) == (2, 1)
