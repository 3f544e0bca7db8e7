"""Sentence vectors from static token embeddings distilled from all-MiniLM-L6-v2.

A sentence's vector is the mean of its WordPiece tokens' rows, L2-normalised: no neural
network runs here, only a table lookup in pure Python. The table (`static_minilm/`, beside
this file) is made by `training/distill_static.py`, which runs every token of MiniLM's
vocabulary through the model once; its provenance and licence are in that folder's README.

The tokenizer is BERT's, as MiniLM's `tokenizer.json` configures it: text cleaned of control
characters, Chinese characters split, lower-cased, accents stripped, split on white space and
punctuation, then each word cut greedily into the longest pieces of the vocabulary.
"""

from __future__ import annotations

import json
import math
import struct
import unicodedata
from importlib import resources
from pathlib import Path

_MAX_WORD = 100  # characters; a longer word is [UNK], as in BERT


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_chinese(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def basic_words(text: str) -> list[str]:
    """BERT's basic tokenizer (lower-casing, accents stripped)."""
    chars = []
    for char in text:
        code = ord(char)
        if (
            code == 0
            or code == 0xFFFD
            or (unicodedata.category(char).startswith("C") and char not in "\t\n\r")
        ):
            continue
        if _is_chinese(code):
            chars.append(f" {char} ")
        elif char.isspace():
            chars.append(" ")
        else:
            chars.append(char)
    words = []
    for word in "".join(chars).lower().split():
        word = "".join(
            c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn"
        )
        current = ""
        for char in word:
            if _is_punctuation(char):
                if current:
                    words.append(current)
                    current = ""
                words.append(char)
            else:
                current += char
        if current:
            words.append(current)
    return words


class StaticEmbeddings:
    """The token table and its vocabulary; `vector(sentence)` is the sentence's embedding."""

    def __init__(self, vocab: list[str], table: bytes, dims: int) -> None:
        self.ids = {token: i for i, token in enumerate(vocab)}
        self.dims = dims
        self._row = 4 + dims
        self._table = memoryview(table)
        if len(table) != self._row * len(vocab):
            raise ValueError("static embeddings: the table does not match the vocabulary")
        self._unk = self.ids["[UNK]"]
        self._words: dict[str, tuple[int, ...]] = {}
        # Rows of the tokens seen so far; at most the vocabulary (about 4 MB as floats).
        self._rows: dict[int, tuple[float, ...]] = {}

    @classmethod
    def from_folder(cls, folder: Path) -> StaticEmbeddings:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        vocab = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
        return cls(vocab, (folder / "vectors.bin").read_bytes(), int(meta["dims"]))

    @classmethod
    def packaged(cls) -> StaticEmbeddings:
        folder = resources.files("bowout.guardrails") / "static_minilm"
        return cls.from_folder(Path(str(folder)))

    def word_pieces(self, word: str) -> tuple[int, ...]:
        found = self._words.get(word)
        if found is not None:
            return found
        pieces: list[int] = []
        if len(word) > _MAX_WORD:
            pieces = [self._unk]
        start = 0
        while not pieces or start < len(word):
            if len(word) > _MAX_WORD:
                break
            end = len(word)
            piece = None
            while start < end:
                candidate = word[start:end] if start == 0 else "##" + word[start:end]
                piece = self.ids.get(candidate)
                if piece is not None:
                    break
                end -= 1
            if piece is None:
                pieces = [self._unk]
                break
            pieces.append(piece)
            start = end
            if start >= len(word):
                break
        if len(self._words) >= 8192:
            self._words.clear()
        result = tuple(pieces)
        self._words[word] = result
        return result

    def tokens(self, text: str) -> list[int]:
        return [piece for word in basic_words(text) for piece in self.word_pieces(word)]

    def row(self, token: int) -> tuple[float, ...]:
        """The token's row as floats (decoded once, then kept)."""
        found = self._rows.get(token)
        if found is None:
            offset = token * self._row
            (scale,) = struct.unpack_from("<f", self._table, offset)
            values = self._table[offset + 4 : offset + self._row].cast("b")
            found = self._rows[token] = tuple(scale * v for v in values)
        return found

    def vector(self, text: str) -> list[float]:
        """The mean of the text's token rows, L2-normalised (all zeros for no tokens)."""
        rows = [self.row(token) for token in self.tokens(text)]
        if not rows:
            return [0.0] * self.dims
        total = list(map(math.fsum, zip(*rows, strict=True)))
        norm = math.sqrt(math.fsum(t * t for t in total))
        return [t / norm for t in total] if norm else total
