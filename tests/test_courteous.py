"""Courteous: the data file's examples, and the letter formats people really send."""

from __future__ import annotations

import pytest

from bowout.guardrails import check, parse
from bowout.guardrails.courteous import TONE_RULES, default, load_rules
from bowout.models import Channel, CheckContext, LetterRequest, Report, Scenario

RULES = load_rules()
COURTESY = default()


def _found(pattern_name: str, sentence: str) -> bool:
    pattern = getattr(COURTESY, pattern_name)
    return bool(pattern.search(sentence.lower()))


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("gratitude", "examples"),
        ("congratulation", "congratulation_examples"),
        ("good_wishes", "good_wishes_examples"),
    ],
)
def test_thanks_examples(name: str, key: str) -> None:
    for sentence in RULES["thanks"][key]:
        assert _found(name, sentence), sentence


@pytest.mark.parametrize("sentence", RULES["thanks"]["near_misses"])
def test_thanks_near_misses(sentence: str) -> None:
    assert not any(_found(n, sentence) for n in ("gratitude", "congratulation", "good_wishes"))


TONE = [
    (name, sentence, found)
    for name in TONE_RULES
    for key, found in (("examples", True), ("near_misses", False))
    for sentence in RULES["tone"][name][key]
]


@pytest.mark.parametrize(("name", "sentence", "found"), TONE)
def test_tone_examples_and_near_misses(name: str, sentence: str, found: bool) -> None:
    report = check(f"Dear Dana,\n\nThank you for your time. {sentence}\n\nKind regards,\nSam\n")
    messages = [f.message for f in report.errors if f.excerpt == sentence]
    assert (RULES["tone"][name]["message"] in messages) is found, messages


@pytest.mark.parametrize("sentence", RULES["tone"]["apology"]["examples"])
def test_apologies_are_set_aside(sentence: str) -> None:
    assert COURTESY.apology.search(sentence.lower())
    assert check(f"Dear Dana,\n\nThank you. {sentence}\n\nKind regards,\nSam\n").ok


@pytest.mark.parametrize(("key", "found"), [("examples", True), ("near_misses", False)])
def test_capitals(key: str, found: bool) -> None:
    for sentence in RULES["tone"]["capitals"][key]:
        report = check(f"Dear Dana,\n\nThank you. {sentence}\n\nKind regards,\nSam\n")
        assert (not report.ok) is found, sentence


def thanks(report: Report) -> list[str]:
    return [f.severity for f in report.findings if f.message == "no thanks or appreciation"]


CHECK_IN = (
    "Subject: Congratulations on the launch\n\nHi Mariana,\n\nCongratulations on shipping the "
    "new app. I withdrew in January for timing reasons, but I'd be glad to talk if anything in "
    "design opens up.\n\nAll the best,\nKofi Asante\n"
)
TERSE = (
    "Hi Tomasz,\n\nPlease withdraw my application for the Junior Accountant role. I've decided "
    "to stay in my current position.\n\nBest regards,\nAisha Bello\n"
)


def _written_by_bowout(scenario: Scenario) -> CheckContext:
    return CheckContext.for_request(
        LetterRequest(scenario=scenario, sender_name="Aisha Bello", company="Acme")
    )


def test_a_keep_in_touch_note_may_congratulate_instead_of_thanking() -> None:
    assert thanks(check(CHECK_IN, CheckContext(scenario=Scenario.KEEP_IN_TOUCH))) == []
    assert thanks(check(CHECK_IN, _written_by_bowout(Scenario.KEEP_IN_TOUCH))) == []
    # Congratulating is no thank-you in a letter of another kind.
    assert thanks(check(CHECK_IN, _written_by_bowout(Scenario.WITHDRAW))) == ["error"]


def test_a_missing_thank_you_in_a_draft_is_a_warning_whatever_its_kind() -> None:
    # A terse note is a letter a careful candidate may send; a curt one is told by its words.
    assert thanks(check(TERSE)) == ["warning"]
    assert check(TERSE).ok
    assert thanks(check(TERSE, CheckContext(scenario=Scenario.WITHDRAW))) == ["warning"]
    assert check(TERSE, CheckContext(scenario=Scenario.WITHDRAW)).ok


def test_a_letter_bowout_writes_must_thank_them() -> None:
    assert thanks(check(TERSE, _written_by_bowout(Scenario.WITHDRAW))) == ["error"]


def test_good_wishes_without_thanks_are_a_warning() -> None:
    text = TERSE.replace("current position.", "current position. Best of luck with the search.")
    assert thanks(check(text, CheckContext(scenario=Scenario.WITHDRAW))) == ["warning"]
    assert thanks(check(text, _written_by_bowout(Scenario.WITHDRAW))) == ["warning"]


BUSINESS = """Isabela Moreno
1847 Larkspur Avenue
Austin, TX 78704

June 12, 2025

Ms. Eleanor Whitcombe
Director of Human Resources
Bluebonnet Medical Group
400 Congress Avenue, Suite 1200
Austin, TX 78701

Dear Ms. Whitcombe:

Thank you for your letter of June 9 offering me the position of Clinic Coordinator.
After careful thought I have accepted another offer, and I must respectfully decline.

I hope very much that our paths will cross again.

Isabela Moreno

P.S. Please pass my thanks to Dr. Ramanathan.
"""


def test_a_us_business_letter_parses_into_its_parts_and_is_valid() -> None:
    letter = parse(BUSINESS)
    assert letter.heading[0] == "Isabela Moreno"
    assert letter.heading[-1] == "Austin, TX 78701"
    assert "June 12, 2025" in letter.heading
    assert letter.greeting == "Dear Ms. Whitcombe:"
    assert letter.sign_off == ""
    assert letter.signature == ["Isabela Moreno"]
    assert letter.sentences[0].startswith("Thank you for your letter of June 9")
    assert letter.sentences[-1] == "I hope very much that our paths will cross again."
    assert letter.postscript_sentences == ["Please pass my thanks to Dr. Ramanathan."]
    # The address blocks and the date are not body words.
    assert letter.body_words == 15 + 13 + 10
    report = check(BUSINESS, CheckContext(scenario=Scenario.DECLINE_OFFER))
    assert report.findings == [], report.findings


def test_a_terse_note_signed_with_a_bare_name_is_closed() -> None:
    letter = parse("Hi Marco,\n\nThanks, but I'll pass on the interview.\n\nMarco Rossi\n")
    assert letter.signature == ["Marco Rossi"]
    assert check("Hi Marco,\n\nThanks, but I'll pass on the interview.\n\nSam\n").findings == []


def test_a_sentence_is_not_taken_for_a_signature() -> None:
    letter = parse("Hi Marco,\n\nThanks for the call.\n\nI will pass on this one.\n")
    assert letter.signature == []
    assert letter.sentences[-1] == "I will pass on this one."


def test_prose_before_a_greeting_is_not_a_heading() -> None:
    text = "I wanted to write before Friday, and this is long enough to be prose.\nDear Dana,\n"
    assert parse(text).heading == []


def test_a_linkedin_message_without_a_sign_off_is_valid() -> None:
    text = (
        "Hi Deepa, for personal reasons I need to step out of the process for the Operations "
        "Lead role. Thank you for your help, and all the best."
    )
    context = CheckContext(scenario=Scenario.WITHDRAW, channel=Channel.LINKEDIN)
    assert check(text, context).findings == []


def test_an_email_without_greeting_or_sign_off_is_only_a_warning() -> None:
    report = check("Thank you for your time. I have decided to withdraw my application.")
    assert report.ok
    assert [f.message for f in report.warnings] == ["no greeting or sign-off"]
