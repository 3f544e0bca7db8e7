"""Words as the content checks compare them: lower-cased, stemmed, stopwords dropped."""

from __future__ import annotations

import functools
import itertools
import re

from bowout.guardrails.patterns import lazy

_TOKEN = lazy(r"[a-z0-9$€£][a-z0-9$€£'-]*", re.IGNORECASE)

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "let's",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "wasn't",
        "we",
        "we're",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "won't",
        "would",
        "wouldn't",
        "you",
        "you'd",
        "you'll",
        "you're",
        "your",
        "yours",
        "yourself",
        "also",
        "really",
        "just",
        "quite",
        "bit",
        "little",
        "lot",
        "lots",
        "much",
        "many",
        "thing",
        "things",
        "way",
        "like",
        "get",
        "got",
        "make",
        "made",
        "go",
        "going",
        "went",
        "know",
        "known",
        "say",
        "said",
        "tell",
        "told",
        "think",
        "thought",
        "feel",
        "felt",
        "seem",
        "seemed",
        "seems",
        "want",
        "wanted",
        "need",
        "needed",
        "needs",
        "one",
        "two",
        "three",
        "it'd",
        "can't",
        "cannot",
        "couldn't",
        "didn't",
        "doesn't",
        "don't",
        "shouldn't",
        "aren't",
        "weren't",
        "haven't",
        "hasn't",
        "hadn't",
        "maybe",
        "perhaps",
        "probably",
        "actually",
        "still",
        "even",
        "though",
        "although",
        "however",
        "since",
        "while",
        "yet",
        "us",
        "they're",
        "there'd",
        "i'd've",
        "sure",
        "right",
        "well",
        "good",
        "great",
        "kind",
        "sort",
        "enough",
    ]
)

# Words any courteous letter may use, so they never count as a private reason showing through.
LETTER_WORDS = frozenset(
    [
        "thank",
        "thanks",
        "thankful",
        "grateful",
        "gratitude",
        "appreciate",
        "appreciated",
        "appreciation",
        "time",
        "times",
        "role",
        "roles",
        "position",
        "positions",
        "job",
        "jobs",
        "opportunity",
        "opportunities",
        "interview",
        "interviews",
        "interviewed",
        "interviewing",
        "process",
        "company",
        "companies",
        "team",
        "teams",
        "consider",
        "considered",
        "considering",
        "consideration",
        "decide",
        "decided",
        "decision",
        "withdraw",
        "withdrawing",
        "withdrawal",
        "candidacy",
        "application",
        "apply",
        "applied",
        "forward",
        "touch",
        "future",
        "best",
        "wish",
        "wishes",
        "regards",
        "meet",
        "meeting",
        "met",
        "discuss",
        "discussed",
        "discussion",
        "conversation",
        "conversations",
        "enjoy",
        "enjoyed",
        "learn",
        "learned",
        "learning",
        "fit",
        "look",
        "looking",
        "reach",
        "open",
        "contact",
        "hope",
        "hoping",
        "glad",
        "happy",
        "sorry",
        "apologise",
        "apologize",
        "inconvenience",
        "notice",
        "dear",
        "hi",
        "hello",
        "warm",
        "kind",
        "sincerely",
        "cheers",
        "letter",
        "email",
        "message",
        "call",
        "phone",
        "speak",
        "spoke",
        "talk",
        "talked",
        "step",
        "move",
        "moving",
        "forward",
        "pursue",
        "pursuing",
        "candidate",
        "hiring",
        "manager",
        "recruiter",
        "people",
        "person",
        "week",
        "today",
        "tomorrow",
        "again",
        "soon",
        "keep",
        "stay",
        "staying",
        "connected",
        "linkedin",
        "success",
        "luck",
        "continue",
        "continued",
    ]
)

_SUFFIXES = (
    ("ational", "at"),
    ("ations", "at"),
    ("ation", "at"),
    ("ments", ""),
    ("ment", ""),
    ("ness", ""),
    ("ingly", ""),
    ("ings", ""),
    ("ing", ""),
    ("edly", ""),
    ("ied", "y"),
    ("ies", "y"),
    ("ed", ""),
    ("ers", ""),
    ("er", ""),
    ("est", ""),
    ("ly", ""),
    ("es", ""),
    ("s", ""),
)

# Small clusters of words people swap when they reword a reason.
_SYNONYMS = {
    stem: canonical
    for canonical, members in {
        "pay": "pay paid salary salaries compensation comp wage wages remuneration money",
        "commute": "commute commuting travel travelling traveling drive driving",
        "office": "office onsite on-site in-office in-person",
        "review": "review reviews glassdoor rating ratings reputation",
        "rude": "rude disrespectful dismissive condescending impolite",
        "junior": "junior entry-level",
        "boring": "boring dull tedious uninteresting",
        "long": "long lengthy drawn-out",
        "boss": "boss manager supervisor",
        "remote": "remote wfh",
    }.items()
    for member in members.split()
    for stem in [member]
}


def _strip_suffix(word: str) -> str:
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


# A letter stems about a hundred words, mostly the same ones letter after letter; the result
# depends on the word alone. Bounded so a long batch of unusual words cannot grow it forever.
@functools.lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A crude stemmer: the same stem for the inflections people swap ("offer", "offered")."""
    word = word.lower().strip("'-")
    if word.endswith("'s"):
        word = word[:-2]
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    # Twice, so "offered" and "offer" both end as "off" rather than one step apart.
    word = _strip_suffix(_strip_suffix(word))
    if len(word) > 4:
        word = word.rstrip("eiy")
    return _SYNONYMS.get(word, word)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


_PARTICLES = frozenset(["out", "up", "off", "down", "back", "over", "home", "site", "time", "line"])


def word_forms(text: str) -> list[str]:
    """Tokens, with hyphenated words also split and joined ("take-home", "take", "takehome")
    and neighbours joined ("burned out" -> "burnout"), so spacing variants still match."""
    base = [t.lower() for t in tokens(text)]
    forms = list(base)
    for token in base:
        if "-" in token:
            parts = [p for p in token.split("-") if p]
            forms.extend(parts)
            forms.append("".join(parts))
    forms.extend(
        stem(a) + b for a, b in itertools.pairwise(base) if b in _PARTICLES and a not in STOPWORDS
    )
    return forms


def content_stems(text: str, *, drop_letter_words: bool = False) -> frozenset[str]:
    """The stems of a text's content words."""
    return _content_stems(text, drop_letter_words)


# Every letter of one request stems the same request text and private reason again; the
# result depends on the text alone. Frozen, so no caller can change a shared answer.
@functools.lru_cache(maxsize=1024)
def _content_stems(text: str, drop_letter_words: bool) -> frozenset[str]:
    out = set()
    for form in word_forms(text):
        if form in STOPWORDS or len(form) < 3 or (drop_letter_words and form in LETTER_WORDS):
            continue
        out.add(stem(form))
    return frozenset(out)
