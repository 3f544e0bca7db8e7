"""The one question an ask-flexibility letter may ask: the data file's examples, and letters."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bowout.guardrails import check, parse
from bowout.guardrails.flexibility import default, load_rules
from bowout.models import CheckContext, Flexibility, Report, Scenario

RULES = load_rules()
ASK = default()


@pytest.mark.parametrize("sentence", RULES["question"]["asks"])
def test_questions_are_read_as_asking(sentence: str) -> None:
    assert ASK.asks(sentence)


@pytest.mark.parametrize("sentence", RULES["question"]["announcements"])
def test_a_question_that_announces_a_question_names_no_point(sentence: str) -> None:
    # Where the kind is not given, the point is that of the question the announcement
    # leads to: here the office, so the location sentences are the ask.
    assert ASK.announces(sentence)
    question = "Would it be possible to be based in the Leeds office rather than Manchester?"
    allowance = ASK.allowance(parse(letter(f"{sentence} {question}")), ask())
    assert question in allowance.asked
    assert Flexibility.LOCATION in allowance.points


@pytest.mark.parametrize("sentence", RULES["question"]["announced_and_asked"])
def test_a_sentence_that_announces_and_asks_names_its_point(sentence: str) -> None:
    assert not ASK.announces(sentence)
    allowance = ASK.allowance(parse(letter(sentence)), ask())
    assert sentence in allowance.asked
    assert Flexibility.LOCATION in allowance.points


@pytest.mark.parametrize("sentence", RULES["question"]["statements"])
def test_statements_are_not_read_as_asking(sentence: str) -> None:
    assert not ASK.asks(sentence)


@pytest.mark.parametrize("sentence", RULES["complaint"]["complaints"])
def test_complaints_are_not_neutral(sentence: str) -> None:
    assert not ASK.neutral(sentence)


@pytest.mark.parametrize("sentence", RULES["complaint"]["neutral"])
def test_neutral_sentences_about_a_point_are_neutral(sentence: str) -> None:
    assert ASK.neutral(sentence)


@pytest.mark.parametrize("sentence", RULES["fallback"]["examples"])
def test_fallbacks_are_recognised(sentence: str) -> None:
    assert ASK.is_fallback(sentence)


def test_every_point_of_the_vocabulary_has_rules() -> None:
    assert {p.kind for p in ASK.points} == set(Flexibility)


def letter(body: str) -> str:
    return (
        f"Dear Dana,\n\nThank you for the offer and for your time. {body}\n\nKind regards,\nSam\n"
    )


def reasons(report: Report) -> list[str]:
    return [f.excerpt for f in report.errors if f.check == "negative-reason"]


def ask(kind: str | None = None) -> CheckContext:
    return CheckContext(scenario=Scenario.ASK_FLEXIBILITY, flexibility=kind)


QUESTIONS = {
    "pay": "Would there be any flexibility on the base salary?",
    "start-date": (
        "My notice period is three months, so the proposed start date of 1 February is "
        "difficult for me. Would it be possible to start on 3 March rather than 10 February?"
    ),
    "location": (
        "Would it be possible for me to be based in the Leeds office rather than Manchester?"
    ),
    "remote": "Would there be any flexibility to work from home three days a week rather than two?",
    "schedule": "Would it be possible to work 7:30 a.m. to 4:00 p.m. instead of 9 to 5:30?",
    "title": (
        "One question before I decide: would it be possible for the role to carry the "
        "Senior Product Manager title?"
    ),
}


@pytest.mark.parametrize("kind", QUESTIONS)
def test_the_question_is_allowed_in_ask_flexibility_about_its_point_only(kind: str) -> None:
    text = letter(QUESTIONS[kind])
    assert not reasons(check(text, ask(kind))), kind
    assert not reasons(check(text, ask())), "unknown kind: any one point"
    # The same question in any other letter gives a reason.
    assert reasons(check(text)), "no scenario"
    assert reasons(check(text, CheckContext(scenario=Scenario.WITHDRAW)))


def test_a_question_about_another_point_than_the_one_named_is_flagged() -> None:
    text = letter(QUESTIONS["remote"])
    assert reasons(check(text, ask("pay")))


def test_with_the_kind_unknown_only_the_first_point_is_allowed() -> None:
    text = letter(f"{QUESTIONS['pay']} {QUESTIONS['remote']}")
    assert reasons(check(text, ask())) == [QUESTIONS["remote"]]


def test_a_second_complaint_in_the_same_letter_is_flagged() -> None:
    complaint = "Honestly the figure felt low for a Senior role in London, well under market."
    text = letter(f"{QUESTIONS['pay']} {complaint}")
    assert reasons(check(text, ask("pay"))) == [complaint]
    assert reasons(check(text, ask())) == [complaint]


def test_a_complaint_phrased_as_a_question_is_flagged() -> None:
    text = letter("Is there any flexibility, given the salary is so far below market?")
    assert reasons(check(text, ask("pay")))


def test_stating_the_point_without_asking_is_not_the_ask() -> None:
    text = letter("The base salary would make the move difficult for my family.")
    assert not ASK.allowance(parse(text), ask("pay")).asked


def test_the_fallback_sentence_belongs_to_the_ask() -> None:
    fallback = (
        "I fully understand if the project timeline does not permit this, in which case I "
        "would, with regret, have to step back from the position."
    )
    allowance = ASK.allowance(parse(letter(f"{QUESTIONS['start-date']} {fallback}")), ask())
    assert allowance.covers(fallback)
    assert Flexibility.START_DATE in allowance.points


def test_flexibility_alone_makes_an_ask_flexibility_context() -> None:
    assert CheckContext(flexibility="pay").scenario is Scenario.ASK_FLEXIBILITY
    with pytest.raises(ValidationError, match="only for ask-flexibility"):
        CheckContext(scenario="withdraw", flexibility="pay")


def test_the_request_flexibility_counts_when_the_context_has_none() -> None:
    from bowout.models import LetterRequest

    request = LetterRequest(scenario="ask-flexibility", sender_name="Sam", flexibility="pay")
    context = CheckContext(scenario=Scenario.ASK_FLEXIBILITY, request=request)
    assert not reasons(check(letter(QUESTIONS["pay"]), context))
    assert reasons(check(letter(QUESTIONS["remote"]), context))


def test_a_title_asked_for_in_quotes_is_the_title_point() -> None:
    # The explanation names the titles; the question only quotes the one wanted.
    explained = (
        'Funders abroad know the title "Research Fellow" better than "Research Associate", '
        "and I understand both titles sit at the same grade here."
    )
    question = 'Would there be any flexibility to use "Research Fellow" in the contract?'
    allowance = ASK.allowance(parse(letter(f"{explained} {question}")), ask())
    assert Flexibility.TITLE in allowance.points
    assert allowance.covers(explained) and allowance.covers(question)


def test_a_point_on_the_pay_scale_is_the_pay_point() -> None:
    question = "Would there be any flexibility to start at spine point 40 rather than 39?"
    allowance = ASK.allowance(parse(letter(question)), ask())
    assert Flexibility.PAY in allowance.points


def test_how_long_the_process_took_is_no_explanation_of_the_ask() -> None:
    took = (
        "Since it took eleven weeks to receive this letter, I have committed to a teaching "
        "contract until the end of February."
    )
    question = "Is there flexibility to move the start date to 1 March?"
    assert reasons(check(letter(f"{took} {question}"), ask())) == [took]
