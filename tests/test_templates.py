"""Every built-in letter: each scenario x channel x tone, with its required fields only and
with every field, read the way a recipient (and a careful reviewer) would read it."""

from __future__ import annotations

import difflib
import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from bowout.catalog import list_scenarios, scenario_info
from bowout.compose import Draft, compose
from bowout.errors import MissingFieldsError
from bowout.models import Channel, Flexibility, LetterRequest, Scenario, Tone
from bowout.names import parse_name
from bowout.render import Rendered, render
from bowout.resources import resource_dir

COMBOS = list(itertools.product(Scenario, Channel, Tone))
COMBO_IDS = [f"{s.value}-{c.value}-{t.value}" for s, c, t in COMBOS]

# A realistic request with every field filled in. Limits are asserted against it.
FULL: dict[str, Any] = {
    "sender_name": "Alex Morgan",
    "sender_phone": "+1 415 555 0142",
    "sender_email": "alex.morgan@example.com",
    "recipient_name": "Priya Raman",
    "recipient_email": "priya@example.com",
    "company": "Northwind",
    "role": "Data Engineer",
    "interviewers": ["Dana Whitfield", "Sam Okafor", "Lee Chen"],
    "topic": "the billing migration",
    "looking_forward_to": "seeing the platform launch",
    "other_role": "Analytics Engineer",
    "referral": "Jordan Reyes",
    "interview_at": "Thursday at 10:00",
    "flexibility": "pay",
}

# Fields a channel leaves out on purpose: a LinkedIn message is signed with the name alone
# (the profile carries the rest) and a phone script has no use for an email address.
CHANNEL_SKIPS = {
    Channel.EMAIL: set[str](),
    Channel.LINKEDIN: {"sender_phone", "sender_email"},
    Channel.PHONE: {"sender_email"},
}

# Words a letter may print in place of a missing recipient name.
GREETING_FALLBACKS = {"Hiring", "Team", "there", "Hello", "Hi", "Dear"}

LEFTOVER = re.compile(r"\[|\]|\{\{|\}\}|\{%|%\}|<[^>@]*>|TODO|Your Name|\bNone\b|\bundefined\b")
DANGLING = re.compile(r"\b(?:and|or)\s*[.,;:!?]|,\s*[.,;:!?]|\s[.,;:!?]")
TOKEN = re.compile(r"\w[\w'\u2019@.+-]*\w|\w|[^\w\s]")
FLEX_PHRASE = "whether there is any flexibility"


def minimal(scenario: Scenario) -> dict[str, Any]:
    return {name: FULL[name] for name in scenario_info(scenario).required}


def make(scenario: Scenario, channel: Channel, tone: Tone, **fields: Any) -> LetterRequest:
    return LetterRequest(scenario=scenario, channel=channel, tone=tone, **fields)


def full_text(rendered: Rendered) -> str:
    head = f"Subject: {rendered.subject}\n\n" if rendered.subject else ""
    return head + rendered.body


def used_fields(scenario: Scenario, channel: Channel) -> set[str]:
    return set(scenario_info(scenario).optional) - CHANNEL_SKIPS[channel]


def phone_parts(body: str) -> tuple[list[str], str]:
    """(talking points, voicemail script) of a phone letter, checking its layout on the way."""
    talking, voicemail = body.split("\n\n")
    lines = talking.split("\n")
    assert lines[0] == "Talking points:", body
    assert all(line.startswith("- ") for line in lines[1:]), body
    head, script = voicemail.split("\n")
    assert head == "Voicemail:", body
    return [line[2:] for line in lines[1:]], script


def email_parts(body: str) -> tuple[str, str, list[str]]:
    """(greeting, inner body, signature lines) of an email or LinkedIn letter."""
    paragraphs = body.split("\n\n")
    greeting, signature = paragraphs[0], paragraphs[-1].split("\n")
    assert "\n" not in greeting, body
    return greeting, "\n\n".join(paragraphs[1:-1]), signature


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]


def words(text: str) -> int:
    return len(text.split())


def only_insertions(before: str, after: str, replaceable: set[str]) -> list[str]:
    """Tokens of `before` that `after` dropped or changed (those in `replaceable` allowed)."""
    a, b = TOKEN.findall(before), TOKEN.findall(after)
    lost = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, _, _ in matcher.get_opcodes():
        if op in ("replace", "delete"):
            lost += [t for t in a[i1:i2] if t not in replaceable]
    return lost


def assert_clean(text: str) -> None:
    assert not LEFTOVER.search(text), LEFTOVER.search(text)
    assert "  " not in text, text
    assert "\n\n\n" not in text, text
    assert "()" not in text, text
    assert not DANGLING.search(text), (DANGLING.search(text), text)
    assert all(line == line.strip() for line in text.split("\n")), text
    for doubled in ("the the", "role role", "..", ",,"):
        assert doubled not in text.lower(), text


def check_layout(letter: Rendered, request: LetterRequest) -> None:
    body = letter.body
    if request.channel is Channel.PHONE:
        assert letter.subject is None
        bullets, script = phone_parts(body)
        assert 1 <= len(bullets) <= 8, body
        assert words(script) <= 60, (words(script), script)
        assert request.sender_name in script, "the voicemail must say who is calling"
        if request.sender_phone:
            assert request.sender_phone in script, "the voicemail must leave the number"
        return
    greeting, inner, signature = email_parts(body)
    assert re.match(r"(Dear|Hello|Hi)\b", greeting), greeting
    assert greeting.endswith(","), greeting
    if request.channel is Channel.LINKEDIN:
        assert letter.subject is None
        assert signature == [request.sender_name], body
        assert words(body) <= 80, (words(body), body)
        return
    assert letter.subject, "an email needs a subject line"
    assert "\n" not in letter.subject
    assert signature[0].endswith(","), signature
    expected = [request.sender_name, request.sender_phone, request.sender_email]
    assert signature[1:] == [line for line in expected if line], signature
    assert words(body) <= 150, (words(body), body)
    assert words(inner) <= 120, (words(inner), inner)


@pytest.mark.parametrize(("scenario", "channel", "tone"), COMBOS, ids=COMBO_IDS)
@pytest.mark.parametrize("given", ["required", "all"])
def test_every_letter_renders_clean_within_limits(
    scenario: Scenario, channel: Channel, tone: Tone, given: str
) -> None:
    fields = minimal(scenario) if given == "required" else FULL
    request = make(scenario, channel, tone, **fields)
    # The template's rendering, or its brief form when every detail runs over the limit.
    rendered = Draft(request).rendered
    letter = compose(request)
    assert (letter.subject, letter.body, letter.source) == (
        rendered.subject,
        rendered.body,
        "template",
    )
    assert_clean(full_text(rendered))
    check_layout(rendered, request)
    assert letter.report is not None
    assert letter.report.ok, [(f.message, f.excerpt) for f in letter.report.errors]


@pytest.mark.parametrize(("scenario", "channel", "tone"), COMBOS, ids=COMBO_IDS)
def test_every_field_a_letter_uses_shows_up(
    scenario: Scenario, channel: Channel, tone: Tone
) -> None:
    info = scenario_info(scenario)
    text = full_text(render(make(scenario, channel, tone, **FULL)))
    assert FULL["sender_name"] in text
    assert FULL["company"] in text
    for name in used_fields(scenario, channel) | (set(info.required) - {"flexibility"}):
        if name == "because":
            continue  # a choice of sentence, tested on its own
        values = FULL[name] if isinstance(FULL[name], list) else [FULL[name]]
        if name in ("recipient_name", "interviewers"):
            # People are named as the tone names them: "Priya" in a warm letter.
            values = [parse_name(v).for_tone(tone) for v in values]
        for value in values:
            assert value in text, f"{name}={value!r} missing from:\n{text}"


@pytest.mark.parametrize(("scenario", "channel", "tone"), COMBOS, ids=COMBO_IDS)
def test_each_optional_field_only_adds_text(
    scenario: Scenario, channel: Channel, tone: Tone
) -> None:
    """Adding one field adds its words and changes nothing else; a field the letter does not
    use (or the private reason) changes nothing at all."""
    base = minimal(scenario)
    before = full_text(render(make(scenario, channel, tone, **base)))
    used = used_fields(scenario, channel)
    for name in [*sorted(set(FULL) - set(base)), "private_reason"]:
        value = FULL.get(name, "the commute is far too long")
        after = full_text(render(make(scenario, channel, tone, **{**base, name: value})))
        if name not in used:
            assert after == before, f"{name} is not used here but changed the letter"
            continue
        assert after != before, f"{name} added nothing"
        replaceable = GREETING_FALLBACKS if name == "recipient_name" else set()
        lost = only_insertions(before, after, replaceable)
        assert not lost, f"adding {name} changed {lost}:\n{before}\n---\n{after}"
        assert after.count("\n\n") == before.count("\n\n"), f"{name} changed the layout"


def combos_using(field: str) -> list[Any]:
    """The combinations whose letter uses `field`, as pytest params with readable ids."""
    return [
        pytest.param(s, c, t, id=f"{s.value}-{c.value}-{t.value}")
        for s, c, t in COMBOS
        if field in used_fields(s, c)
    ]


@pytest.mark.parametrize(("scenario", "channel", "tone"), combos_using("interviewers"))
def test_name_lists_read_naturally(scenario: Scenario, channel: Channel, tone: Tone) -> None:
    people = ["Dana", "Sam", "Lee"]
    expected = ["Dana", "Dana and Sam", "Dana, Sam and Lee"]
    for count, phrase in zip(range(1, 4), expected, strict=True):
        request = make(scenario, channel, tone, **minimal(scenario), interviewers=people[:count])
        text = render(request).body
        assert re.search(rf"\b{phrase}[ .,]", text), text
        assert_clean(text)


UNUSUAL_NAMES = {
    "sender_name": "Zoë Ó Súilleabháin",
    "recipient_name": "李小龙",
    "interviewers": ["José Ñúñez", "Liam O'Connor"],
    "referral": "Siobhán O'Brien-Ng",
    "company": "Müller & Söhne",
}


@pytest.mark.parametrize(("scenario", "channel", "tone"), COMBOS, ids=COMBO_IDS)
def test_unicode_names_and_apostrophes_render_exactly(
    scenario: Scenario, channel: Channel, tone: Tone
) -> None:
    request = make(scenario, channel, tone, **{**FULL, **UNUSUAL_NAMES})
    text = full_text(render(request))
    assert_clean(text)
    used = used_fields(scenario, channel) | {"sender_name", "company"}
    for name, value in UNUSUAL_NAMES.items():
        if name in used:
            for item in value if isinstance(value, list) else [value]:
                if name in ("recipient_name", "interviewers"):
                    item = parse_name(item).for_tone(tone)
                assert item in text, f"{item!r} not rendered exactly in:\n{text}"
    if "interviewers" in used:
        expected = "José Ñúñez and Liam O'Connor" if tone is Tone.FORMAL else "José and Liam"
        assert expected in text


@pytest.mark.parametrize("value", ["{{ 7*7 }}", "{% raw %}", "{{ sender_name }}", "<b>x</b>"])
@pytest.mark.parametrize("channel", list(Channel))
def test_template_syntax_in_user_values_is_printed_literally(value: str, channel: Channel) -> None:
    request = make(Scenario.WITHDRAW, channel, Tone.FORMAL, **{**FULL, "topic": value})
    text = render(request).body
    assert value in text
    if "7*7" in value:
        assert "49" not in text


@pytest.mark.parametrize("scenario", list(Scenario))
def test_missing_required_field_is_a_typed_error(scenario: Scenario) -> None:
    for name in scenario_info(scenario).required:
        if name == "sender_name":
            continue  # the request model itself refuses a letter without a sender
        fields = {k: v for k, v in minimal(scenario).items() if k != name}
        request = make(scenario, Channel.EMAIL, Tone.FORMAL, **fields)
        with pytest.raises(MissingFieldsError) as err:
            render(request)
        assert err.value.missing == [name]
        with pytest.raises(MissingFieldsError):
            compose(request)


@pytest.mark.parametrize(("scenario", "channel", "tone"), combos_using("interview_at"))
def test_a_booked_interview_is_cancelled_with_an_apology(
    scenario: Scenario, channel: Channel, tone: Tone
) -> None:
    when = "tomorrow at 9:30"
    text = render(make(scenario, channel, tone, **minimal(scenario), interview_at=when)).body
    mentions = [s for s in sentences(text) if when in s]
    assert mentions, text
    for sentence in mentions:
        assert re.search(r"\b(apologi[sz]e|sorry|apologies)\b", sentence, re.I), sentence
        assert "short notice" in sentence, sentence


@pytest.mark.parametrize(("channel", "tone"), list(itertools.product(Channel, Tone)))
def test_ask_flexibility_asks_one_neutral_question(channel: Channel, tone: Tone) -> None:
    questions = set()
    for flexibility in Flexibility:
        fields = {**FULL, "flexibility": flexibility.value}
        text = render(make(Scenario.ASK_FLEXIBILITY, channel, tone, **fields)).body
        asked = [s for s in sentences(text) if FLEX_PHRASE in s]
        assert len(asked) == 1 if channel is not Channel.PHONE else len(asked) == 2, text
        questions.add(asked[0])
        assert re.search(r"\b(interested|keen)\b", text), "the letter must say I remain interested"
    assert len(questions) == len(Flexibility), "each constraint needs its own question"


@pytest.mark.parametrize(("scenario", "channel", "tone"), COMBOS, ids=COMBO_IDS)
def test_no_negative_reason_or_invented_detail(
    scenario: Scenario, channel: Channel, tone: Tone
) -> None:
    text = full_text(render(make(scenario, channel, tone, **FULL)))
    negative = re.compile(
        r"\b(salary|pay|paid|compensation|money|culture|commute|reviews?|mission|toxic|"
        r"disorgani[sz]ed|boring|stressful|unfortunately|manager was|another offer|accepted|"
        r"family|health|personal reasons|relocat\w*|too)\b",
        re.IGNORECASE,
    )
    found = negative.findall(text)
    if scenario is Scenario.ASK_FLEXIBILITY:
        found = [w for w in found if w.lower() != "compensation"]  # the one question asked
    else:
        assert "flexib" not in text.lower()
    assert not found, found
    # Every capitalised word that does not start a sentence comes from the request.
    given = " ".join(str(v) for v in FULL.values() if not isinstance(v, list))
    given += " " + " ".join(FULL["interviewers"])
    allowed = set(TOKEN.findall(given)) | {"I", "I'm", "I'd", "I've", "I'll", "Hiring", "Team"}
    for line in text.split("\n"):
        tokens = line.removeprefix("- ").split()
        for prev, word in itertools.pairwise(tokens):
            bare = word.strip(".,!?;:")
            if bare[:1].isupper() and not prev.endswith((".", "!", "?", ":")):
                assert bare in allowed, f"{bare!r} is not from the request:\n{text}"


def test_titles_are_not_doubled() -> None:
    request = make(
        Scenario.WITHDRAW_REDIRECT,
        Channel.EMAIL,
        Tone.FORMAL,
        **{**FULL, "role": "the Data Engineer position", "other_role": "Analytics Engineer role"},
    )
    text = render(request).body
    assert "the Data Engineer position" in text
    assert "the Analytics Engineer role" in text
    assert_clean(text)


def test_catalog_metadata_is_complete_and_consistent() -> None:
    model_fields = set(LetterRequest.model_fields)
    templates = resource_dir("templates")
    assert {info.name for info in list_scenarios()} == set(Scenario)
    for info in list_scenarios():
        assert info.title and info.summary
        assert {"sender_name", "company"} <= set(info.required)
        assert set(info.required) | set(info.optional) <= model_fields
        assert not set(info.required) & set(info.optional)
        assert "private_reason" not in info.optional
        assert info.seeds and all(re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", s) for s in info.seeds)
        for channel, tone in itertools.product(Channel, Tone):
            path = info.template_path(channel, tone).split("/")
            assert (templates / path[0] / path[1]).is_file(), path


def test_an_overlong_linkedin_message_takes_its_brief_form_and_says_so() -> None:
    long_values = {
        "company": "Northwind Analytics",
        "role": "Senior Data Engineer",
        "interviewers": ["Dana Lee", "Sam Ortiz", "Lee Park"],
        "topic": "the move to event-driven billing",
        "looking_forward_to": "seeing the new billing platform go live next spring",
        "referral": "Priya Shah",
        "interview_at": "Thursday 14 March at 10:00",
        "recipient_name": "Dana Lee",
    }
    request = make(
        Scenario.WITHDRAW, Channel.LINKEDIN, Tone.WARM, sender_name="Ana Lima", **long_values
    )
    assert len(render(request).body.split()) > 80  # every detail together is too long
    letter = compose(request)
    assert letter.report is not None and letter.report.ok, letter.report.errors
    assert "Priya Shah" not in letter.body and "next spring" not in letter.body
    # The reader is among the people met: thanked as "you", the others by first name.
    assert "you, Sam and Lee" in letter.body
    assert any("left out" in note for note in letter.notes)


def _render_with_cache(folder: str) -> str:
    """A letter rendered through a fresh environment whose compiled templates live in
    `folder`, as bowout's own environment keeps them in its cache folder."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    from bowout.render import (
        _OPTIONS,
        _KeptBytecode,
        _load,
        join_names,
        template_context,
        the_title,
    )

    kept = _KeptBytecode(Path(folder))
    env = SandboxedEnvironment(
        loader=jinja2.FunctionLoader(_load),  # type: ignore[arg-type]
        undefined=jinja2.StrictUndefined,
        bytecode_cache=kept,
        **_OPTIONS,
    )
    env.filters["names"] = join_names
    env.globals["title_phrase"] = the_title
    request = LetterRequest(
        scenario=Scenario.WITHDRAW, sender_name="Ana Lima", company="Acme", topic="billing"
    )
    template = env.get_template(
        scenario_info(request.scenario).template_path(Channel.EMAIL, Tone.WARM)
    )
    return template.render(template_context(request))


def test_kept_compiled_templates_render_the_same_letter(tmp_path: Any) -> None:
    folder = tmp_path / "kept"
    first = _render_with_cache(str(folder))  # compiles and keeps
    assert list(folder.iterdir()), "nothing was kept"
    again = _render_with_cache(str(folder))  # loads what was kept
    assert again == first
    assert "billing" in first


def test_a_read_only_cache_folder_still_renders(tmp_path: Any) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    letter = _render_with_cache(str(blocker / "kept"))  # cannot be created
    assert "Ana Lima" in letter
