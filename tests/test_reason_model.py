"""The learned negative-reason model: its file, its determinism, and what it reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bowout.guardrails import Checker, default_checker, reason_model
from bowout.models import CheckContext, Flexibility, LetterRequest, Scenario

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

import train_reason_model  # noqa: E402

# Written for this test, unlike any training sentence: paraphrases without the obvious keyword.
PARAPHRASES = {
    "pay": [
        "Once I worked through the numbers, the base on the table sat a fair way under what "
        "my current employer pays me.",
        "Honestly, the retirement contributions and health cover looked thin next to what I "
        "have today.",
    ],
    "reviews": [
        "A couple of people who used to work there told me things that made me think twice.",
        "The stories I kept reading from former staff on employer rating sites stayed with me.",
    ],
    "mission": [
        "I struggle to feel good about building tools whose main buyers are payday lenders.",
        "I'm not comfortable with a business that earns most of its revenue from gambling.",
    ],
    "conduct": [
        "The recruiter's repeated calls pushing me to decide within a day left a poor impression.",
        "My second interviewer spent most of our call on his phone and barely looked up.",
    ],
    "process": [
        "Being asked for a third unpaid assignment after four rounds felt like too much.",
        "I waited nearly six weeks without a word after my final interview.",
    ],
    "culture": [
        "Several people mentioned answering messages at midnight as if it were simply expected.",
        "The team seemed to thrive on internal rivalry, which isn't an environment where I do "
        "my best work.",
    ],
    "job": [
        "Most of the week would apparently be spent scheduling meetings and updating "
        "spreadsheets, which is not the work I want.",
        "The position sits a level below my current one, and I would be giving up the team I lead.",
    ],
    "schedule-location": [
        "A daily round trip of nearly three hours would be more than my family can absorb.",
        "Being on site five days a week, including alternate Saturdays, is not something I can "
        "commit to.",
    ],
}
# Sentences a good letter may contain; some name a topic kindly.
NEUTRAL = [
    "Thank you for walking me through the compensation structure so clearly.",
    "I really enjoyed meeting the team and hearing how you collaborate.",
    "I have accepted a position elsewhere that aligns closely with my current goals.",
    "The interview process was well organised and I appreciated the quick replies.",
    "I'm sorry for the late notice and any inconvenience this may cause.",
    "I will be travelling next week, so email is the best way to reach me.",
    "Your mission to make clean energy affordable is genuinely inspiring.",
    "After a lot of thought, I have decided to stay in my current role.",
    "Please pass my thanks to Maria and Kwame for their time on Tuesday.",
    "I would be glad to stay in touch and hope our paths cross again.",
    "For personal reasons, I need to withdraw my application at this time.",
    "The office tour was a highlight, and the location is lovely.",
]

ASK_FLEXIBILITY_QUESTION = "Would there be any room to work from home for part of the week?"

read_reason = default_checker().reasons.read


def without_patterns(
    monkeypatch: pytest.MonkeyPatch, threshold: float = reason_model.THRESHOLD
) -> Checker:
    """A checker whose word lists find nothing, so that only the model can find a reason."""
    checker = Checker(threshold=threshold)
    monkeypatch.setattr(checker.reasons, "categories_in", lambda sentence: [])
    return checker


def test_the_model_file_loads_with_every_category() -> None:
    model = reason_model.ReasonModel.load()
    assert sorted(model.labels) == sorted([*default_checker().reasons.category_names(), "none"])
    assert len(model.rows) > 1000
    assert reason_model.MODEL_PATH.stat().st_size < 600_000


def test_retraining_reproduces_the_committed_weights() -> None:
    committed = reason_model.MODEL_PATH.read_text(encoding="utf-8")
    settings = train_reason_model.Settings(**train_reason_model.saved_settings())
    rows = train_reason_model.read_corpus()
    assert train_reason_model.build(rows, settings) == committed


def test_the_corpus_is_not_an_evaluation_set() -> None:
    """The figures on tests/eval would be meaningless if the model had seen those sentences."""
    from bowout.guardrails.parse import parse
    from test_guardrails_eval import load_letters

    evaluated = {
        sentence.lower()
        for letter in load_letters()
        for sentence in parse(letter["text"]).all_sentences
    }
    training = {text.lower() for text, _ in train_reason_model.read_corpus()}
    assert not evaluated & training


# Read as pay ("giving up", "a level below"): the corpus has few demotions told this way.
_MISREAD = {PARAPHRASES["job"][1]}


@pytest.mark.parametrize(
    ("category", "sentence"),
    [
        pytest.param(
            category,
            s,
            marks=[pytest.mark.xfail(strict=True, reason="known misreading")]
            if s in _MISREAD
            else [],
        )
        for category, sentences in PARAPHRASES.items()
        for s in sentences
    ],
)
def test_unseen_paraphrases_read_as_their_category(category: str, sentence: str) -> None:
    assert read_reason(sentence).label == category


def test_most_unseen_paraphrases_clear_the_threshold() -> None:
    sentences = [s for group in PARAPHRASES.values() for s in group]
    cleared = [s for s in sentences if read_reason(s).probability >= reason_model.THRESHOLD]
    assert len(cleared) >= 0.75 * len(sentences), set(sentences) - set(cleared)


@pytest.mark.parametrize("sentence", NEUTRAL)
def test_neutral_sentences_stay_below_the_threshold(sentence: str) -> None:
    reading = read_reason(sentence)
    assert reading.probability < reason_model.THRESHOLD, reading


def test_a_model_finding_names_the_category_and_the_words(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the patterns, only the model can find the reason.
    checker = without_patterns(monkeypatch)
    sentence = max(
        (s for group in PARAPHRASES.values() for s in group),
        key=lambda s: read_reason(s).probability,
    )
    reading = read_reason(sentence)
    letter = f"Hi Dana,\n\nThank you for your time. {sentence}\n\nBest regards,\nSam"
    findings = [f for f in checker.check(letter).errors if f.check == "negative-reason"]
    assert len(findings) == 1
    assert findings[0].excerpt == sentence
    assert findings[0].message.startswith(f"gives a negative reason ({reading.label}):")
    assert f"(words: {', '.join(reading.words)})" in findings[0].message
    assert reading.words


def test_ask_flexibility_may_still_ask_its_one_question(monkeypatch: pytest.MonkeyPatch) -> None:
    # Patterns off and a lenient threshold, so that the model alone flags the question in
    # any other letter: what lets it through is the scenario.
    checker = without_patterns(monkeypatch, threshold=0.5)
    question = ASK_FLEXIBILITY_QUESTION
    assert read_reason(question).probability >= 0.5
    request = LetterRequest(
        scenario=Scenario.ASK_FLEXIBILITY,
        sender_name="Sam Rivera",
        company="Northwind Labs",
        flexibility=Flexibility.REMOTE,
    )
    context = CheckContext(scenario=Scenario.ASK_FLEXIBILITY, request=request)
    letter = f"Hi Dana,\n\nThank you for the offer. {question}\n\nBest regards,\nSam"
    assert not [f for f in checker.check(letter, context).errors if f.check == "negative-reason"]
    assert [f for f in checker.check(letter).errors if f.check == "negative-reason"]


def test_importing_the_guardrails_does_not_read_the_model() -> None:
    code = (
        "import bowout.guardrails as g; reasons = g.default_checker().reasons; "
        "assert 'model' not in vars(reasons) and 'lists' not in vars(reasons); print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def test_the_model_adds_its_category_when_the_patterns_chose_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sentence = PARAPHRASES["reviews"][1]
    assert read_reason(sentence).probability >= reason_model.THRESHOLD
    checker = Checker()
    monkeypatch.setattr(
        checker.reasons, "categories_in", lambda s: ["culture"] if s == sentence else []
    )
    letter = f"Hi Dana,\n\nThank you for your time. {sentence}\n\nBest regards,\nSam"
    messages = [f.message for f in checker.check(letter).errors if f.check == "negative-reason"]
    assert [m.split(":")[0] for m in messages] == [
        "gives a negative reason (culture)",
        "gives a negative reason (reviews)",
    ]
