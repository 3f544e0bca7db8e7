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
    # Address blocks and the date line before the greeting of a business letter.
    heading: list[str] = field(default_factory=list)
    # Invisible characters in the letter as given (U+XXXX); the text above is read as shown.
    invisible: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.body_lines)

    @property
    def message_words(self) -> int:
        """Every word under the subject line: greeting, body, sign-off, name and P.S."""
        head = len(words(f"Subject: {self.subject}")) if self.subject else 0
        return len(words(self.text)) - head

    @property
    def all_sentences(self) -> list[str]:
        """Every sentence a reader sees, the subject line included."""
        head = [self.subject] if self.subject else []
        return head + self.sentences + self.voicemail_sentences + self.postscript_sentences


_POSTSCRIPT = lazy(r"^\s*p\.?\s?s\b\.?\s*[:.-]?\s*", re.IGNORECASE)
# A name as people sign: capitalised words, initials, particles, an optional title or degree.
_NAME = lazy(
    r"^(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?\s+)?[A-Z][\w'.-]*"
    r"(?:\s+(?:[A-Z][\w'.-]*|de|da|das|do|dos|van|von|der|den|la|le|del|della|di|du|bin|binti|"
    r"al|el|ibn|y|e|ter|op))"
    r"{0,5}(?:,?\s+(?:PhD|MBA|CPA|MD|Jr\.?|Sr\.?|II|III))?$"
)
_HEADING_LINES = 16  # address blocks (sender's, recipient's) and a date line
_ENDS_SENTENCE = lazy(r"[.!?]$")


def _heading_line(line: str) -> bool:
    """A line of an address block or a date line: short, and not a sentence."""
    text = line.strip()
    if len(text.split()) > 10 or text.endswith(("!", "?", ":")):
        return False
    return not _ENDS_SENTENCE.search(text) or bool(_ABBREVIATION.search(text))


def _heading_end(lines: list[str], start: int) -> int | None:
    """Where the greeting of a business letter is, when address and date lines come
    before it; None when the letter opens otherwise."""
    if start >= len(lines) or GREETING.match(lines[start].strip()):
        return None
    seen = 0
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        if GREETING.match(line):
            return i if seen else None
        seen += 1
        if seen > _HEADING_LINES or not _heading_line(line):
            return None
    return None


def _bare_signature(lines: list[str], start: int, end: int) -> int | None:
    """Where a closing bare name starts: the last paragraph before `end`, one to five short
    lines, the first a name (then a title or contact lines). None when there is none."""
    last = end
    while last > start and not lines[last - 1].strip():
        last -= 1
    first = last
    while first > start and lines[first - 1].strip():
        first -= 1
    block = [x.strip() for x in lines[first:last]]
    if not block or len(block) > 5 or first <= start:
        return None
    if not _NAME.match(block[0]) or len(block[0].split()) > 6:
        return None
    if any(len(x.split()) > 8 or (_ENDS_SENTENCE.search(x) and "@" not in x) for x in block[1:]):
        return None
    # Something must come before it: a lone line is the letter, not its signature.
    if not any(x.strip() for x in lines[start:first]):
        return None
    return first


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
    # A business letter opens with address blocks and a date line before its greeting.
    if (heading := _heading_end(lines, start)) is not None:
        letter.heading = [x.strip() for x in lines[start:heading] if x.strip()]
        start = heading
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
            # A sign-off closes the letter only if little follows it (name, phone, email);
            # a closing sentence ("Thanks for the call.") only if no sentence follows it.
            after = [x.strip() for x in lines[i + 1 :] if x.strip()]
            sentence = _ENDS_SENTENCE.search(candidate) and any(
                _ENDS_SENTENCE.search(x) and len(x.split()) > 3 for x in after
            )
            if len(after) <= 6 and not sentence:
                end = i
                letter.sign_off = candidate
                letter.signature = [x.strip() for x in lines[i + 1 :] if x.strip()]
            break

    if not letter.sign_off:
        # No sign-off word: a letter may still close with a bare name (a business letter,
        # a terse note), with a P.S. after it.
        ps_first = next(
            (i for i in range(start + 1, len(lines)) if _POSTSCRIPT.match(lines[i])), len(lines)
        )
        if (name_at := _bare_signature(lines, start, ps_first)) is not None:
            end = name_at
            letter.signature = [x.strip() for x in lines[name_at:] if x.strip()]
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
