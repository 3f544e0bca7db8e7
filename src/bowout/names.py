"""People's names as a letter uses them: honorific, given and family name, and the form
each tone greets and mentions them by.

"Ms. Maria Gonzalez" is greeted "Dear Ms. Gonzalez," in a formal letter and "Hi Maria," in
a casual one; "Anna van der Berg" is Ms. van der Berg when an honorific is known; a name
written family-name-first in CJK script (李小龙) is always used in full. The word lists and
greetings are data: templates/_names.toml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from pydantic import ConfigDict

from bowout.choices import Tone
from bowout.errors import TemplateError
from bowout.models import StrictModel
from bowout.resources import read_resource_toml


class _Greeting(StrictModel):
    named: str
    nobody: str


class _ReaderAsYou(StrictModel):
    verbs: dict[str, str]
    subject_after: list[str]
    not_verbs: list[str]


class _NamesFile(StrictModel):
    model_config = ConfigDict(defer_build=True)

    honorifics: list[str]
    particles: list[str]
    greeting: dict[Tone, _Greeting]
    spoken: dict[Tone, _Greeting]
    reader: _ReaderAsYou


@cache
def _names_file() -> _NamesFile:
    try:
        return _NamesFile.model_validate(read_resource_toml("templates", "_names.toml"))
    except ValueError as err:  # not TOML (TOMLDecodeError), or not the file's shape
        raise TemplateError(f"templates/_names.toml is malformed: {err}") from None


@cache
def _honorifics() -> dict[str, str]:
    """Each honorific's key (lower case, no period) -> the form a letter writes."""
    return {h.rstrip(".").casefold(): h for h in _names_file().honorifics}


def _family_first_script(text: str) -> bool:
    """Han, Hangul or Kana: scripts whose names are written family name first and are not
    split into a given name a Western greeting could use."""
    return any(
        unicodedata.name(ch, "").startswith(("CJK UNIFIED", "HANGUL", "HIRAGANA", "KATAKANA"))
        for ch in text
    )


@dataclass(frozen=True)
class PersonName:
    """One person's name, read from what the user typed."""

    full: str  # as typed without the honorific: "Maria José Gonzalez"
    honorific: str | None
    given: str | None  # the first given name: "Maria"
    family: str | None
    family_first: bool = False

    @property
    def key(self) -> str:
        return self.full.casefold()

    def formal(self) -> str:
        """ "Ms. Gonzalez" when an honorific is known, else the full name."""
        if self.honorific and self.family:
            return f"{self.honorific} {self.family}"
        if self.honorific and self.family_first:
            return f"{self.honorific} {self.full}"
        return self.full

    def familiar(self) -> str:
        """The given name; the whole name where no given name can be used on its own."""
        if self.family_first or not self.given:
            return self.formal()
        return self.given

    def for_tone(self, tone: Tone) -> str:
        """How a letter in `tone` greets or mentions this person."""
        return self.formal() if tone is Tone.FORMAL else self.familiar()

    def same_person(self, other: PersonName) -> bool:
        """Whether two typed names are plausibly the same person: the same full name, or one
        gives only a given or only a family name the other shares ("Maria", "Ms. Gonzalez"
        and "Maria Gonzalez")."""
        if self.key == other.key:
            return True
        if self.family_first or other.family_first:
            return False
        for partial, whole in ((self, other), (other, self)):
            if partial.given and partial.family:
                continue
            if partial.given and whole.family:
                return partial.given.casefold() == (whole.given or "").casefold()
            if partial.family and whole.given:
                return partial.family.casefold() == (whole.family or "").casefold()
        return False


_SPACES = re.compile(r"\s+")


@cache
def parse_name(typed: str) -> PersonName:
    """Read a typed name: an optional honorific, then the given name, then the family name
    with any particles before it. One word is a given name, or a family name after an
    honorific ("Dr. Müller")."""
    words = _SPACES.split(typed.strip())
    honorific = None
    if len(words) > 1 and (found := _honorifics().get(words[0].rstrip(".").casefold())):
        honorific, words = found, words[1:]
    full = " ".join(words)
    if _family_first_script(full):
        return PersonName(full, honorific, None, full, family_first=True)
    if len(words) == 1:
        if honorific:
            return PersonName(full, honorific, None, full)
        return PersonName(full, None, full, None)
    particles = set(_names_file().particles)
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in particles:
        start -= 1
    return PersonName(full, honorific, words[0], " ".join(words[start:]))


def greeting(recipient: str | None, tone: Tone) -> str:
    """ "Dear Ms. Gonzalez," / "Hi Maria," / "Dear Hiring Team,"."""
    return _address(_names_file().greeting[tone], recipient, tone)


def spoken_hello(recipient: str | None, tone: Tone) -> str:
    """The start of a voicemail: "Hello Ms. Gonzalez" / "Hi Maria"."""
    return _address(_names_file().spoken[tone], recipient, tone)


def _address(forms: _Greeting, recipient: str | None, tone: Tone) -> str:
    if not recipient:
        return forms.nobody
    return forms.named.format(name=parse_name(recipient).for_tone(tone))


def people_met(interviewers: list[str], recipient: str | None, tone: Tone) -> str:
    """The people to thank, as the letter names them: the reader, when among them, is
    "you" and comes first ("you and Tom"); the others by the tone's form of their name."""
    reader = parse_name(recipient) if recipient else None
    names = [parse_name(n) for n in interviewers]
    others = [n for n in names if reader is None or not reader.same_person(n)]
    words = (["you"] if len(others) < len(names) else []) + [n.for_tone(tone) for n in others]
    return join_names(words)


def join_names(names: list[str]) -> str:
    """'Dana', 'Dana and Sam', 'Dana, Sam and Lee'."""
    items = [n for n in names if n]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def addressed_to_reader(text: str, recipient: str | None) -> str:
    """`text` with the reader's name as "you" and "your": a note the candidate typed about
    the person they write to ("Kwame's demo was the best part of my week", "Kwame was so
    helpful") as the letter says it to them ("Your demo was the best part of my week", "You
    were so helpful"). The rules for the verb after the name are in templates/_names.toml."""
    if not recipient:
        return text
    reader = parse_name(recipient)
    forms = {recipient.strip(), reader.full, reader.formal()}
    if not reader.family_first and reader.given:
        forms.add(reader.given)
    if reader.honorific and reader.family:
        forms.add(reader.family)
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?:{alternatives})(?P<possessive>['\u2019]s)?(?!\w)(?:(?P<space>\s+)(?P<next>[a-z']+\b)(?:(?P<space2>\s+)(?P<then>[a-z']+\b))?)?"
    )
    rules = _names_file().reader

    def replace(match: re.Match[str]) -> str:
        before = text[: match.start()].rstrip()
        at_start = not before or before.endswith((".", "!", "?"))
        word = "your" if match.group("possessive") else "you"
        if at_start:
            word = word.capitalize()
        following, then = match.group("next"), match.group("then")
        if following is None:
            return word
        if not match.group("possessive"):
            previous = before.rsplit(None, 1)[-1].lower() if before else ""
            subject = at_start or previous in rules.subject_after
            # An adverb between ("Kwame always asks"): the verb is the word after it.
            if then is not None and following in rules.not_verbs:
                then = _agreeing(then, subject, rules)
            else:
                following = _agreeing(following, subject, rules)
        rest = f"{match.group('space2')}{then}" if then is not None else ""
        return f"{word}{match.group('space')}{following}{rest}"

    return pattern.sub(replace, text)


def _agreeing(verb: str, subject: bool, rules: _ReaderAsYou) -> str:
    """The verb after "you": "was" as "were" always; "enjoys" as "enjoy" when "you" is the
    subject."""
    if verb in rules.verbs:
        return rules.verbs[verb]
    if not subject or len(verb) < 4 or not verb.endswith("s") or verb.endswith("ss"):
        return verb
    if verb in rules.not_verbs:
        return verb
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return verb[:-2]
    return verb[:-1]
