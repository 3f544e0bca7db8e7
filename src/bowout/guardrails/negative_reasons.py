"""Negative reasons: the things a candidate may think but should never write (seed 004).

A sentence gives a negative reason in a category when it names the category's topic
(pay, the reviews, the mission, ...) together with a negative judgement, in any order, or
when it uses a phrase that is a complaint on its own ("lowball", "unpaid take-home",
"a step down"). Neutral mentions pass: "I enjoyed learning about your culture", "thank you
for the salary discussion", "mission-critical", "this role isn't the right fit for me".
Phrases that sound negative but are courteous ("I apologise for any inconvenience",
"sorry to disappoint") are removed before matching.

The word lists are data: `data/negative_reasons.toml` and one `data/reasons/<category>.toml`
per category, each with the sentences it must catch and pass (tests/test_rule_data.py).
This module holds the sentence logic that combines them, and the few patterns that describe
the shape of a sentence rather than its words.
"""

from __future__ import annotations

import re
from dataclasses import MISSING, dataclass, field, fields
from functools import cached_property, lru_cache
from typing import TypeVar

from bowout.guardrails.confidence import Sureness
from bowout.guardrails.confidence import default as sureness
from bowout.guardrails.datafiles import read_toml
from bowout.guardrails.flexibility import Allowance, AskRules, load_rules
from bowout.guardrails.parse import Letter
from bowout.guardrails.patterns import Lazy, words
from bowout.guardrails.reason_model import THRESHOLD, Reading, ReasonModel
from bowout.models import CheckContext, Finding


def _pattern(source: str) -> Lazy:
    # Every pattern here runs on lower-cased text.
    return Lazy(source, lower=True)


@dataclass(frozen=True)
class ListsFile:
    """`data/negative_reasons.toml`: the lists every category shares."""

    categories: list[str]
    neutral: list[str]
    negative: list[str]
    mild: list[str]
    complaint: list[str]
    hedge: list[str]
    self_assessment: list[str]
    title_heads: list[str]
    title_levels: list[str]
    own_situation: list[str]
    capability: list[str]
    own_direction: list[str]
    factor: list[str]
    praise: list[str]
    after_praise: list[str]
    # Sentences the lists must catch, and sentences they must pass (tests/test_rule_data.py).
    examples: list[str] = field(default_factory=list)
    near_misses: list[str] = field(default_factory=list)
    # Sentences `ReasonCheck.states_own_reason` must accept, and ones it must refuse.
    own_reasons: list[str] = field(default_factory=list)
    judged_despite_own_reasons: list[str] = field(default_factory=list)
    # Sentences `ReasonCheck.only_praises` must accept, and ones it must refuse.
    praised: list[str] = field(default_factory=list)
    judged_despite_praise: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CategoryFile:
    """`data/reasons/<name>.toml`: one category's lists."""

    name: str
    what: str
    broad: bool
    doubt: bool
    cause: bool
    topic: list[str]
    judgement: list[str]
    direct: list[str]
    examples: list[str] = field(default_factory=list)
    near_misses: list[str] = field(default_factory=list)


_File = TypeVar("_File", ListsFile, CategoryFile)


def read_file(kind: type[_File], relative: str) -> _File:
    """One of the data files, refused with the key at fault when a key is unknown or
    missing (a misspelt list would otherwise be silently empty)."""
    data = read_toml(relative)
    known = {f.name: f for f in fields(kind)}
    unknown = sorted(set(data) - set(known))
    missing = sorted(
        name for name, f in known.items() if name not in data and f.default_factory is MISSING
    )
    if unknown or missing:
        raise ValueError(f"data/{relative}: unknown keys {unknown}, missing keys {missing}")
    return kind(**data)


@dataclass(frozen=True)
class Category:
    name: str
    what: str  # how a finding names it: "a remark about <what>"
    topic: Lazy
    judgement: Lazy
    direct: Lazy
    # Whether any general negative word counts; for the job and the schedule, common
    # self-focused sentences ("I lack experience the role needs") must still pass.
    broad: bool
    doubt: bool  # whether a doubt about the topic counts ("I'm not sure I believe in ...")
    cause: bool  # whether the topic as the cause of the decision counts ("due to the ...")

    @classmethod
    def from_file(cls, data: CategoryFile) -> Category:
        return cls(
            name=data.name,
            what=data.what,
            topic=words(*data.topic),
            judgement=words(*data.judgement),
            direct=words(*data.direct),
            broad=data.broad,
            doubt=data.doubt,
            cause=data.cause,
        )


# A word of a job title or a name as people capitalise it: "Junior", "FP&A", "UX",
# "Swansea-based", "(Payments)".
_CAPITALISED = r"(?:[A-Z][\w&+/.'-]*|\([A-Z][^()]{0,30}\))"
_TITLE_JOIN = r"(?:\s*,\s*|\s+(?:of|and|&|for|in)\s+|\s*[-\u2013]\s*|\s+)"
_TITLE_RUN = rf"{_CAPITALISED}(?:{_TITLE_JOIN}{_CAPITALISED})*"


class Titles:
    """Capitalised names of roles and of what surrounds them: "the Junior Accountant
    position", "the Account Manager role", "the position of Logistics Team Leader", "the
    Swansea-based role". A title is the employer's name for the job, not a remark about it,
    so it is read as the plain word "named" (the head noun stays, so "the Acme process was
    chaotic" is still a remark about the process). A run of level words alone ("a Junior
    role") is not a name, and neither is a capitalised word opening the sentence."""

    def __init__(self, heads: list[str], levels: list[str]) -> None:
        alternatives = "|".join(heads)
        self._before = re.compile(rf"()\b({_TITLE_RUN})(?=\s+(?:{alternatives})\b)")
        self._after = re.compile(rf"(\b(?:{alternatives}) of (?:the )?)({_TITLE_RUN})")
        self._levels = frozenset(level.lower() for level in levels)

    def plain(self, sentence: str) -> str:
        if not any(c.isupper() for c in sentence[1:]):
            return sentence

        def replace(match: re.Match[str]) -> str:
            lead, found = match.group(1), match.group(2)
            names = [w.lower() for w in re.findall(r"[\w&+/.'-]+", found)]
            if all(name in self._levels for name in names):
                return match.group(0)
            if match.start(2) == 0 and len(names) == 1:
                return match.group(0)
            return lead + "named"

        return self._after.sub(replace, self._before.sub(replace, sentence))


@dataclass(frozen=True)
class ReasonLists:
    """The word lists, compiled on first use, each pattern once."""

    categories: tuple[Category, ...]
    neutral: Lazy
    generic: Lazy  # the general judgements, for the broad categories
    mild: Lazy  # the general judgements that count for every category
    complaint: Lazy
    hedge: Lazy
    self_assessment: Lazy
    titles: Titles
    own_situation: Lazy  # the candidate's own circumstances given as the reason
    capability: Lazy  # what the candidate can or cannot do, which such a reason explains
    own_direction: Lazy  # a negation that says where the candidate is heading
    factor: Lazy  # "... was the deciding factor": what precedes it is a cause
    praise: Lazy  # "... has been an absolute joy": what is said of the topic is praise
    after_praise: Lazy  # "..., and the team seemed to live at their desks": a second clause

    @classmethod
    def load(cls) -> ReasonLists:
        shared = read_file(ListsFile, "negative_reasons.toml")
        categories = []
        for name in shared.categories:
            data = read_file(CategoryFile, f"reasons/{name}.toml")
            if data.name != name:
                raise ValueError(f"reasons/{name}.toml names its category {data.name!r}")
            categories.append(Category.from_file(data))
        return cls(
            categories=tuple(categories),
            neutral=words(*shared.neutral),
            generic=words(*shared.negative),
            mild=words(*shared.mild),
            complaint=words(*shared.complaint),
            hedge=words(*shared.hedge),
            self_assessment=words(*shared.self_assessment),
            titles=Titles(shared.title_heads, shared.title_levels),
            own_situation=words(*shared.own_situation),
            capability=words(*shared.capability),
            own_direction=words(*shared.own_direction),
            factor=words(*shared.factor),
            praise=words(*shared.praise),
            after_praise=words(*shared.after_praise),
        )

    def category(self, name: str) -> Category:
        return next(c for c in self.categories if c.name == name)


# A negated predicate whose subject is the topic: "the recruiter wasn't very transparent",
# "the hours don't fit my life". Up to five words may sit between them, but no new subject:
# in "thanks for the role, but I won't continue" the "won't" belongs to "I", not the role.
_NEGATED_PREDICATE = _pattern(
    # An optional relative clause right after the topic: "the figure you proposed ...".
    r"^(?: (?:that |which |who )?(?:you|we|I|they|he|she)(?:'ve)? (?:[\w-]+ ){1,2}?)?"
    r"[\s,]*(?:(?!(?:but|so|and|or|because|although|though|while|as|since|when|whereas|if|"
    r"unless|I|I'm|I've|I'd|I'll|we|we're|you|you're|he|she|they|it|it's)\b)[\w'-]+[\s,]+){0,5}?"
    r"(?:isn't|wasn't|aren't|weren't|doesn't|don't|didn't|won't|wouldn't|can't|couldn't|"
    r"shouldn't|is not|was not|are not|were not|does not|do not|did not|will not|would not|"
    r"cannot|could not|(?:is|was|are|were|seems?|seemed|feels?|felt|sounds?|sounded|looks?|"
    r"looked) (?:\w+ )?(?:not|never|hardly|no longer|less)|never|hardly)\b"
)
# What a negation may say about the job without giving a reason (seeds 001, 003, 004).
_JOB_FIT = _pattern(
    r"\b(?:fit|match|looking for|align\w*|for me|direction|suited|candidate|right (?:time|move|"
    r"step|choice|opportunity|role|position)|want(?:ed)? to (?:pursue|take|go)|move forward|"
    r"proceed|continue|pursue|going to|able to|in a position|commit\w*|take on|right now|"
    r"at the moment|at (?:this|the) (?:time|stage|point)|currently|plans?|goals?|priorities|"
    r"interests)\b"
)
_OWN_JOB = _pattern(
    r"\b(?:my|our) (?:current |present |existing |own )?(?:role|job|position|post|"
    r"work|team|title|schedule|hours|office|commute|location)\b"
)
_CLAUSE_END = _pattern(r"\b(?:but|however|although|though|yet)\b|[;:]")


# A reason given as the cause of the decision: "Given the salary range, I have decided to
# withdraw", "due to the length of the commute". The process is left out: "given your
# timeline, I wanted to tell you now" is a courtesy, not a complaint.
_BECAUSE = _pattern(
    # "given" as a cause, not the participle: "I have given the offer careful thought".
    r"\b(?:(?<!have )(?<!has )(?<!had )(?<!'ve )(?<!been )(?<!being )(?<!was )(?<!were )"
    r"(?<!having )given|because of|due to|in light of|owing to|on account of|as a result of|"
    r"with (?:the|your) \w+ in mind)\b"
)
_DECISION = _pattern(
    r"\b(?:withdraw\w*|declin\w*|step\w* (?:back|away|aside)|pull\w* out|bow\w* out|"
    r"(?:not|n't) (?:\w+ )?(?:continue|continuing|proceed\w*|pursue|pursuing|move forward|"
    r"moving forward|go ahead|accept\w*)|pass on|turn\w* down|decided|decision|must)\b"
)
# The candidate's own decision and what it acts on: "I am unable to accept the offer", "I
# will step back from consideration for the role", "I'm withdrawing from the process". The
# offer, role or process named as what is declined is not a topic of complaint, and the
# decision verb is not a judgement ("can't accept", "step back"). Words that would make the
# object itself a complaint ("a lower offer", "a junior role") end the object.
_OBJECT_WORD = (
    r"(?:(?!(?:low\w*|less|paid|underpaid|unpaid|better|higher|stronger|more|"
    r"bigger|reduced|demot\w*|part-time|temporary|given|due|as|because|but|and|so)\b)"
    r"[\w&.'-]+\s+)"
)
_OBJECT = (
    r"(?:(?:the|your|this|that|my|our|kind|generous|an?|any|further)\s+){0,3}"
    r"(?:" + _OBJECT_WORD + r"{0,4}?(?:role|position|post|job|vacancy|opening)|offers?|"
    r"(?:named |interview |hiring |recruitment |recruiting |selection |application )?"
    r"(?:process|procedure)|"
    r"(?:named )?(?:offers?|application|candidacy|opportunity|consideration|interviews?|search)|"
    # What was just named: "I'd like to step back from it", "I'll decline this one".
    r"it|this one|them)"
)
_DECIDED = _pattern(
    r"\b(?:accept\w*|declin\w*|turn\w* down|refus\w*|withdraw\w*(?: from)?|"
    # "step back" the verb, not the noun ("a step back from my current role").
    r"(?<!a )(?<!big )(?<!real )(?<!major )(?:step|pull|bow|back)\w* (?:back|away|aside|out|down)"
    r"(?: (?:from|of))?|"
    r"pass(?:ing)? on|continu\w*(?: (?:with|in))?|proceed\w*(?: with)?|pursu\w*|"
    r"(?:mov|go)\w* (?:forward|ahead)(?: with)?|tak\w*|leav\w*|remov\w* (?:me|myself) from) "
    r"("  # what is declined: the one capturing group
    + _OBJECT
    # "consideration for the analyst role", "the offer for the data engineer position"
    + rf"(?:\s(?:for|in|with|at|of)\s{_OBJECT})?)\b"
)
# ...unless the next clause is about that object: in "I must decline the offer, as it falls
# short", "it" is the offer, and the offer stays a topic.
_REFERS_BACK = _pattern(
    r"^[\s,;-]*(?:(?:as|since|because|and|but|so|though)\s+)?(?:it|it's|its|they|they're|which)\b"
)


def _set_aside_decisions(text: str) -> str:
    def replace(decision: re.Match[str]) -> str:
        if _REFERS_BACK.match(text[decision.end() :]):
            return " " + decision.group(1)
        return " "

    return _DECIDED.compiled.sub(replace, text)


# A negation followed by a negative word is praise: "never felt rushed", "didn't miss a beat".
_DOUBLE_NEGATIVE = _pattern(
    r"^(?:\s+[\w']+){0,3}?\s+(?:rush\w*|miss\w*|problems?|issues?|disappoint\w*|hesitat\w*|"
    r"worr\w*|doubt\w*|troubl\w*|bad|wrong|fault\w*|complain\w*|concern\w*|stress\w*|"
    r"pressur\w*|bother\w*|hassle|fuss|burden\w*|chore|wast\w*|boring|dull|difficult|hard|"
    r"factor|reason|matter\w*|need to|have to|skip|drag\w*|let me down|fail\w*)\b"
)


def _negated_topic(category: Category, text: str, direction: Lazy) -> bool:
    for match in category.topic.finditer(text):
        rest = text[match.end() :]
        negation = _NEGATED_PREDICATE.match(rest)
        if negation is None or _DOUBLE_NEGATIVE.match(rest[negation.end() :]):
            continue
        # Whatever the topic, "... isn't the direction I want to take" says where the
        # candidate is going, not what is wrong with it.
        if direction.search(rest[negation.end() : negation.end() + 60]):
            continue
        # The job alone may be negated to say it does not fit (seeds 001, 003, 004).
        if category.name == "job" and _JOB_FIT.search(rest[negation.end() : negation.end() + 60]):
            continue
        return True
    return False


def _given_titles(context: CheckContext | None) -> tuple[str, ...]:
    """The names the user gave for the company and roles, longest first."""
    request = context.request if context else None
    if request is None:
        return ()
    titles = {t for t in (request.company, request.role, request.other_role) if t}
    return tuple(sorted(titles, key=len, reverse=True))


def _as_plain_names(sentence: str, titles: tuple[str, ...]) -> str:
    # A title is the user's own name for the thing, not a remark about it: "Junior Data
    # Scientist" or "Night Shift Lead" says nothing negative about the role.
    for title in titles:
        if sentence.isascii() and title.isascii():
            # What the regular expression below does, without compiling one per title: in
            # ASCII, lower-casing keeps every position, and a title usually is not there.
            sentence = _replace_caseless(sentence, title, "the position")
        else:
            sentence = re.sub(re.escape(title), "the position", sentence, flags=re.IGNORECASE)
    return sentence


def _replace_caseless(text: str, old: str, new: str) -> str:
    """Every non-overlapping `old` in `text`, whatever its case, replaced by `new`, left to
    right (both ASCII)."""
    folded, needle = text.lower(), old.lower()
    at = folded.find(needle)
    if at < 0 or not needle:
        return text
    parts = []
    start = 0
    while at >= 0:
        parts.append(text[start:at])
        parts.append(new)
        start = at + len(needle)
        at = folded.find(needle, start)
    parts.append(text[start:])
    return "".join(parts)


class ReasonCheck:
    """The negative-reason check: the word lists, the learned model and the ask-flexibility
    rules (each read the first time a letter needs it), and what they made of the sentences
    seen so far.

    The caches are bounded and keyed by the sentence alone: template letters repeat their
    sentences across a batch, and the private-reason check asks about the same ones again.
    """

    def __init__(
        self,
        lists: ReasonLists | None = None,
        model: ReasonModel | None = None,
        threshold: float = THRESHOLD,
        ask: AskRules | None = None,
    ) -> None:
        if ask is not None:
            self.ask = ask
        if lists is not None:
            self.lists = lists
        if model is not None:
            self.model = model
        # A sentence the lists pass is still a negative reason when the model gives it at
        # least this probability of being one.
        self.threshold = threshold
        self._categories = lru_cache(maxsize=1024)(self._find_categories)
        # Three checks judge each sentence of a letter, with the same titles.
        self._plain = lru_cache(maxsize=1024)(_as_plain_names)
        self.read = lru_cache(maxsize=1024)(self._read)
        self.own_reason = lru_cache(maxsize=1024)(self.states_own_reason)
        self.praises = lru_cache(maxsize=1024)(self.only_praises)
        # The forms of a sentence the rules read, each asked for by several rules of one
        # sentence (a sentence's categories, its own reason, its praise).
        self._plain_lower = lru_cache(maxsize=1024)(self._read_plain)
        self._cleaned = lru_cache(maxsize=1024)(self._clean)

    @cached_property
    def lists(self) -> ReasonLists:
        return ReasonLists.load()

    @cached_property
    def model(self) -> ReasonModel:
        return ReasonModel.load()

    @cached_property
    def ask(self) -> AskRules:
        return AskRules.load(load_rules())

    @cached_property
    def sureness(self) -> Sureness:
        return sureness()

    def category_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.lists.categories)

    def categories_in(self, sentence: str) -> list[str]:
        """The negative-reason categories a sentence falls into (empty when it is neutral)."""
        return list(self._categories(sentence))

    def categories_in_letter(self, sentence: str, context: CheckContext | None) -> list[str]:
        """`categories_in`, with the user's own company and role titles read as plain names."""
        return self.categories_in(self._plain(sentence, _given_titles(context)))

    def _read(self, sentence: str) -> Reading:
        return self.model.read(sentence)

    def _read_plain(self, sentence: str) -> str:
        """The sentence lower-cased, its titles read as plain words."""
        return self.lists.titles.plain(sentence).lower()

    def _clean(self, sentence: str) -> str:
        """`_plain_lower`, with the neutral phrases set aside."""
        return self.lists.neutral.sub(" ", self._plain_lower(sentence))

    def _names_own_situation(self, sentence: str) -> bool:
        # Read before the neutral phrases are removed: "an offer I had been waiting on" is
        # both the candidate's own news and a neutral phrase.
        return bool(self.lists.own_situation.search(self._plain_lower(sentence)))

    def states_own_reason(self, sentence: str) -> bool:
        """Whether the sentence gives the candidate's own circumstances as the reason
        (relocating with family, caring, health, a visa, a commitment made elsewhere) and
        judges nothing: no list finds a category in it and no general judgement is left
        once what the candidate cannot do, and the words that name the circumstance ("so
        far from my family": distance, not "far from ideal"), are set aside."""
        lists = self.lists
        cleaned = self._cleaned(sentence)
        if not self._names_own_situation(sentence):
            return False
        rest = lists.own_situation.sub(" ", lists.capability.sub(" ", cleaned))
        return not lists.generic.search(rest) and not self.categories_in(sentence)

    def only_praises(self, sentence: str) -> bool:
        """Whether the sentence praises what it names and judges nothing: no general
        judgement, no turn to another clause ("but", "however"), and no list finds a
        category in it. The learned model reads which topic's words a sentence holds, so
        praise of the process reads to it like a remark about the process."""
        lists = self.lists
        cleaned = self._cleaned(sentence)
        praised = lists.praise.search(cleaned)
        # The praise must end the sentence's say: a clause after it ("Everyone was lovely,
        # and the team seemed to live at their desks") may carry a reason of its own.
        return bool(
            praised
            and not lists.after_praise.search(cleaned, praised.end())
            and not lists.generic.search(cleaned)
            and not _CLAUSE_END.search(cleaned)
            and not self.categories_in(sentence)
        )

    def _find_categories(self, sentence: str) -> tuple[str, ...]:
        lists = self.lists
        cleaned = self._cleaned(sentence)
        own = self._names_own_situation(sentence)
        if own:
            # "I'm relocating to Toronto with my partner, so the role won't work for me":
            # what the candidate cannot do is explained by their own circumstances, so it
            # judges nothing on the company's side.
            cleaned = lists.capability.sub(" ", cleaned)
        undecided = _set_aside_decisions(cleaned)
        about_them = _OWN_JOB.sub(" ", undecided)
        hedge = lists.hedge.search(undecided)
        doubted = ""
        if hedge and not lists.self_assessment.search(cleaned):
            # A doubt about the candidate's own team or role ("I'm not comfortable leaving
            # my team mid-project") is no doubt about the company's.
            doubted = _OWN_JOB.sub(" ", _CLAUSE_END.split(undecided[hedge.end() :], maxsplit=1)[0])
        cause = _BECAUSE.search(about_them) if _DECISION.search(cleaned) else None
        because = _CLAUSE_END.split(about_them[cause.end() :], maxsplit=1)[0] if cause else ""
        because = re.split(r",| so | and i\b", because, maxsplit=1)[0]
        if own and lists.own_situation.search(because):
            # The cause given is the candidate's own: "because of the move to Denver".
            because = ""
        factor = None if own else lists.factor.search(about_them)
        if factor:
            # "The rotating weekend shifts were the deciding factor": the subject is a cause.
            # The whole clause: its subject may come before a comma ("the group dynamic I
            # observed, where the newer members barely spoke, was a factor").
            subject = _CLAUSE_END.split(about_them[: factor.start()])[-1]
            because = f"{because} {subject}"
        judged: dict[bool, bool] = {}  # the general judgements, looked for once per sentence

        def judged_generally(broad: bool) -> bool:
            if broad not in judged:
                judged[broad] = bool((lists.generic if broad else lists.mild).search(cleaned))
            return judged[broad]

        # A category its own words find (a phrase or judgement only it knows) is named
        # before one found by a general judgement of a topic the sentence also names: in
        # "the news report about staff not getting salary" the report is told, the pay
        # judged.
        found, general = [], []
        for category in lists.categories:
            if category.direct.search(undecided) or (
                category.topic.search(undecided) and category.judgement.search(undecided)
            ):
                found.append(category.name)
                continue
            # Every other rule needs the category's topic, other than as what is declined.
            if not category.topic.search(undecided):
                continue
            if (
                judged_generally(category.broad)
                or _negated_topic(category, about_them, lists.own_direction)
                or (doubted and category.doubt and category.topic.search(doubted))
                or (because and category.cause and category.topic.search(because))
            ):
                general.append(category.name)
        found += general
        if not found and lists.complaint.search(cleaned):
            found.append("process")
        return tuple(found)

    def check(self, letter: Letter, context: CheckContext | None) -> list[Finding]:
        # An ask-flexibility letter's one neutral question (and what explains it) is its
        # purpose, not a reason given: the allowance says which sentences those are.
        ask = self.ask.allowance(letter, context)
        titles = _given_titles(context)
        findings = []
        for sentence in letter.all_sentences:
            judged = self._plain(sentence, titles)
            for name in self.categories_in(judged):
                if not ask.permits(sentence, name):
                    findings.append(self.finding(name, sentence))
        return findings + self._learned_findings(letter, ask, titles)

    def _learned_findings(
        self, letter: Letter, ask: Allowance, titles: tuple[str, ...] = ()
    ) -> list[Finding]:
        """Sentences the learned model (`reason_model`) reads as a negative reason that the
        lists pass, or place in another category: paraphrases no list names. An
        ask-flexibility letter's neutral question stays allowed whatever the model calls it."""
        findings = []
        for sentence in letter.all_sentences:
            if ask.covers(sentence):
                continue
            judged = self._plain(sentence, titles)
            if self.own_reason(judged) or self.praises(judged):
                continue
            reading = self.read(judged)
            if reading.probability >= self.threshold and reading.label not in self.categories_in(
                judged
            ):
                findings.append(
                    self.finding(reading.label, sentence, reading.words, reading.probability)
                )
        return findings

    def finding(
        self,
        name: str,
        sentence: str,
        cues: tuple[str, ...] = (),
        probability: float | None = None,
    ) -> Finding:
        """A finding for the category; a learned reading's `probability` is how sure it is,
        and a reading just over the threshold is a warning (data/confidence.toml)."""
        category = self.lists.category(name)
        evidence = f" (words: {', '.join(cues)})" if cues else ""
        return Finding(
            check="negative-reason",
            severity=(
                self.sureness.learned_severity(probability, self.threshold)
                if probability is not None
                else "error"
            ),
            confidence=min(probability, 0.99) if probability is not None else 1.0,
            message=f"gives a negative reason ({name}): a remark about {category.what}{evidence}",
            advice="leave the reason out; a short civil letter is enough",
            excerpt=sentence,
        )
