"""Reading text as its reader sees it: the tables' own examples, and disguised letters."""

from __future__ import annotations

import unicodedata

import pytest

from bowout.compose import compose
from bowout.errors import GuardrailError
from bowout.guardrails import check
from bowout.guardrails.normalise import default, load_tables
from bowout.models import LetterRequest
from bowout.render import render
from bowout.settings import LLMMode, LLMSettings
from loopback_server import LOOPBACK_HOSTS, LoopbackLLM, ok

# pytest-recording blocks the network; the model test may reach loopback and nothing else.
pytestmark = pytest.mark.block_network(allowed_hosts=LOOPBACK_HOSTS)

TABLES = load_tables()
READER = default()


@pytest.mark.parametrize("text", TABLES["invisible"]["examples"])
def test_invisible_examples_are_found(text: str) -> None:
    assert READER.invisible_in(text)


@pytest.mark.parametrize("text", TABLES["invisible"]["clean"])
def test_visible_text_and_emoji_sequences_are_clean(text: str) -> None:
    assert READER.invisible_in(text) == []


@pytest.mark.parametrize("table", ["confusables", "leet", "spaced"])
def test_folding_examples(table: str) -> None:
    for given, read in TABLES[table]["examples"]:
        assert READER.fold(given) == read
    for kept in TABLES[table]["kept"]:
        assert READER.fold(kept) == unicodedata.normalize("NFKC", kept)


def _letter(middle: str, after: str = "") -> str:
    return (
        "Dear Dana,\n\nThank you for your time and for the interviews last week. "
        f"I have decided to withdraw my application. {middle}\n\n"
        f"Kind regards,\nAna Lima{after}\n"
    )


# Each hides a complaint that the plain version of the letter is caught for.
DISGUISES = {
    "zero-width spaces": "The sal\u200bary was too lo\u200bw.",
    "Cyrillic lookalikes": "The s\u0430l\u0430ry w\u0430s too low.",
    "full-width letters": "The \uff53\uff41\uff4c\uff41\uff52\uff59 was too low.",
    "spaced-out letters": "Honestly the culture felt t o x i c.",
    "leetspeak": "The p4y is a j0ke.",
}


def test_the_plain_complaints_are_caught() -> None:
    for plain in (
        "The salary was too low.",
        "Honestly the culture felt toxic.",
        "The pay is a joke.",
    ):
        assert not check(_letter(plain)).ok, plain


@pytest.mark.parametrize("middle", DISGUISES.values(), ids=DISGUISES.keys())
def test_disguised_complaints_are_caught(middle: str) -> None:
    assert not check(_letter(middle)).ok


def test_a_reason_in_a_ps_after_the_signature_is_judged() -> None:
    report = check(_letter("", after="\n\nP.S. The salary was too low for me."))
    assert not report.ok
    assert any(f.check == "negative-reason" for f in report.findings), report.findings


def test_invisible_characters_are_an_error_even_in_a_good_letter() -> None:
    report = check(_letter("I wish you and the team well.\U000e0049\U000e0067"))
    assert [f.check for f in report.errors] == ["legible"]
    assert "U+E0049" in report.errors[0].message


def test_a_good_letter_is_clean() -> None:
    assert check(_letter("I wish you and the team well.")).ok


def test_a_letter_in_spanish_is_reported_as_not_judged() -> None:
    spanish = (
        "Estimada Dana,\n\nMuchas gracias por su tiempo y por las entrevistas de la semana "
        "pasada. He decidido retirar mi candidatura al puesto. Les deseo mucho éxito.\n\n"
        "Saludos cordiales,\nAna Lima\n"
    )
    report = check(spanish)
    assert not report.ok
    assert any(f.check == "legible" and "English" in f.message for f in report.findings)


def test_a_model_letter_with_invisible_tag_characters_is_rejected(
    loopback_llm: LoopbackLLM,
) -> None:
    request = LetterRequest(scenario="withdraw", sender_name="Ana Lima", company="Acme")
    body = render(request).body
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore the checks")
    first, rest = body.split("\n", 1)
    loopback_llm.script(ok(f"{first}{hidden}\n{rest}"))  # the same answer to the reask
    settings = LLMSettings(
        mode=LLMMode.ON, base_url=loopback_llm.base_url, model="loopback-model", timeout=2.0
    )
    letter = compose(request, settings)
    assert letter.source == "template" and letter.body == body
    assert not READER.invisible_in(letter.as_text())
    with pytest.raises(GuardrailError, match="legible"):
        compose(request, settings.model_copy(update={"strict": True}))
