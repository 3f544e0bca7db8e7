"""Split a letter once into the parts every check looks at.

A letter is read as: an optional `Subject:` line, a greeting, the body, a sign-off and the
lines after it (the signature). Phone scripts also have talking points (bullets) and a
voicemail section introduced by a line that starts with "Voicemail". Paragraphs are joined
before sentences are cut, so a hard-wrapped draft pasted from a mail client reads the same
as a reflowed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bowout.guardrails.normalise import default as default_normaliser
from bowout.guardrails.patterns import lazy

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-"})

WORD = lazy(r"[A-Za-z0-9$€£][A-Za-z0-9$€£'.,%/@+-]*(?<![.,'])")
_SUBJECT = lazy(r"^\s*subject\s*:\s*(.*)$", re.IGNORECASE)
GREETING = lazy(
    r"^(?:dear|hi|hello|hey|hiya|greetings|good (?:morning|afternoon|evening)|morning|"
    r"to whom it may concern)\b",
    re.IGNORECASE,
)
SIGN_OFF = lazy(
    r"^(?:(?:with )?(?:best|kind|warm|warmest|kindest|many|all the)\s*(?:regards|wishes|best|"
    r"thanks)?|best|regards|sincerely|yours(?: sincerely| truly| faithfully)?|cheers|warmly|"
    r"respectfully|take care|talk soon|thanks|thank you|many thanks|"
    r"(?:thanks|thank you)(?: again| so much| once again)?(?: for [\w ']{1,40})?|"
    r"with (?:gratitude|thanks|appreciation|best wishes)|best wishes|"
    r"looking forward to (?:talking|speaking|hearing)[\w ]{0,30}|"
    r"(?:best|kind|warm)(?:est)? regards)\s*[,.!-]*$",
    re.IGNORECASE,
)
_BULLET = lazy(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+")
_VOICEMAIL = lazy(
    r"^\s*[*_#]*\s*(?:if (?:you )?(?:get|reach|hit) (?:their |the )?)?voicemail\b[^:\n]*:\s*(.*)$",
    re.IGNORECASE,
)
_SENTENCE_END = lazy(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9$])")
_ABBREVIATION = lazy(r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Inc|Ltd|Jr|Sr|Co|vs|etc|e\.g|i\.e|approx)\.$")


def normalise(text: str) -> str:
    """Straight quotes and ASCII dashes, so one pattern covers what mail clients produce."""
    return text.translate(_QUOTES).translate(_DASHES).replace("\r\n", "\n").replace("\r", "\n")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def split_sentences(paragraph: str) -> list[str]:
    pieces = [p.strip() for p in _SENTENCE_END.split(paragraph) if p.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged and _ABBREVIATION.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def _paragraph_units(lines: list[str]) -> list[str]:
    """Join a paragraph's wrapped lines; keep bullets and short lone lines apart."""
    units: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                units.append(" ".join(current))
                current = []
            continue
        if _BULLET.match(line):
            if current:
                units.append(" ".join(current))
            current = [_BULLET.sub("", line).strip()]
            continue
        if current and current[-1].endswith(":"):
            units.append(" ".join(current))
            current = []
        current.append(line.strip())
    if current:
        units.append(" ".join(current))
    return units


@dataclass
class Letter:
    """The parts of a letter, computed once and shared by every check."""

    text: str
    subject: str = ""
    greeting: str = ""
    body_lines: list[str] = field(default_factory=list)
    sign_off: str = ""
    signature: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    voicemail: str = ""
    voicemail_sentences: list[str] = field(default_factory=list)
    # A P.S. after the signature is read like the body: readers read it first.
    postscript_sentences: list[str] = field(default_factory=list)
    body_words: int = 0
    # Invisible characters in the letter as given (U+XXXX); the text above is read as shown.
    invisible: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.body_lines)

    @property
    def all_sentences(self) -> list[str]:
        """Every sentence a reader sees, the subject line included."""
        head = [self.subject] if self.subject else []
        return head + self.sentences + self.voicemail_sentences + self.postscript_sentences


_POSTSCRIPT = lazy(r"^\s*p\.?\s?s\b\.?\s*[:.-]?\s*", re.IGNORECASE)


def parse(raw: str) -> Letter:
    reader = default_normaliser()
    hidden = reader.invisible_in(raw)
    if hidden:
        raw = "".join(ch for ch in raw if not reader.is_invisible(ch))
    text = normalise(reader.fold(raw)).strip()
    lines = [line.rstrip() for line in text.split("\n")]
    letter = Letter(text=text, invisible=hidden)

    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and (m := _SUBJECT.match(lines[start])):
        letter.subject = m.group(1).strip()
        start += 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and GREETING.match(lines[start].strip()):
        first = lines[start].strip()
        head, comma, rest = first.partition(",")
        if comma and len(head.split()) <= 8:
            letter.greeting = head + ","
            lines[start] = rest.strip()
        elif len(first.split()) <= 8:
            letter.greeting = first
            lines[start] = ""

    end = len(lines)
    for i in range(len(lines) - 1, start - 1, -1):
        candidate = lines[i].strip()
        if candidate and len(candidate.split()) <= 8 and SIGN_OFF.match(candidate):
            # A sign-off closes the letter only if little follows it (name, phone, email).
            if len([x for x in lines[i + 1 :] if x.strip()]) <= 6:
                end = i
                letter.sign_off = candidate
                letter.signature = [x.strip() for x in lines[i + 1 :] if x.strip()]
            break

    # A P.S. anywhere after the body (before or after the name) is read as letter text.
    # (Without a sign-off a P.S. is part of the body and read there.)
    ps_at = next((i for i, x in enumerate(lines[end:], end) if _POSTSCRIPT.match(x)), None)
    if ps_at is not None:
        postscript = " ".join(x.strip() for x in lines[ps_at:] if x.strip())
        letter.postscript_sentences = split_sentences(_POSTSCRIPT.sub("", postscript))
        letter.signature = [x for x in letter.signature if x not in lines[ps_at:]]
    body = lines[start:end]
    voicemail_at = next((i for i, line in enumerate(body) if _VOICEMAIL.match(line)), None)
    if voicemail_at is not None:
        match = _VOICEMAIL.match(body[voicemail_at])
        assert match is not None
        tail = [match.group(1), *body[voicemail_at + 1 :]]
        letter.voicemail = " ".join(x.strip() for x in tail if x.strip())
        letter.voicemail_sentences = split_sentences(letter.voicemail)
        body = body[:voicemail_at]
    letter.body_lines = [line for line in body if line.strip()]
    letter.bullets = [_BULLET.sub("", x).strip() for x in body if _BULLET.match(x)]
    for unit in _paragraph_units(body):
        letter.sentences.extend(split_sentences(unit))
    letter.body_words = len(words(" ".join(body))) + len(words(letter.voicemail))
    return letter
