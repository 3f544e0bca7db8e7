"""Cascade candidates for training/cross_writer.py: the rules find, a learned verifier judges.

Today's `check` runs unchanged. Each of its negative-reason findings names a sentence; a
sentence classifier (the multiple-instance model of `learned.py`, reading the sentence with
the one before it) gives that sentence a probability of carrying any negative reason, and the
finding is vetoed when the probability is under `veto`. Separately, a sentence the rules did
not flag is raised when its probability reaches `raise_at`, a high threshold, in the category
the classifier names (`tone` included). Findings of the other checks (courtesy, length,
leftovers) are kept as they are.

Both thresholds are chosen on development writers only, by a nested leave-one-writer-out:
for the writer left out, each of the five others is in turn scored by a verifier trained on
the remaining four, and the pair of thresholds that flags the fewest good letters of those
five writers, without catching fewer of their bad letters than the rules alone, is the one
applied to the writer left out (whose letters neither trained the verifier nor chose its
thresholds).

Featurisers: `minilm` (the full int8 ONNX model, the embeddings cached by `learned.embed`)
and `static<dims>` (the distilled table of `training/distill_static.py`, read by
`bowout.guardrails.static_embeddings` in pure Python, as it would be at run time).
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CorpusLetter, writers
from learned import CACHE, LABELS, SentenceModel, letter_pairs, minilm_features, train_mil

# The table bowout ships (training/distill_static.py's default output).
PACKAGED = Path(__file__).resolve().parent.parent / "src/bowout/guardrails/static_minilm"
VETOES = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
RAISES = (0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 2.0)  # 2.0: never raise
C = 4.0


@dataclass(frozen=True)
class RuleReading:
    others: tuple[str, ...]  # the categories of findings the verifier does not judge, in order
    reasons: tuple[tuple[int, str], ...]  # (sentence index, category) of negative-reason hits
    order: tuple[tuple[str, int], ...]  # every error in order: (category, sentence index or -1)
    # Sentences the verifier leaves to the rules: questions about a negotiable point, and an
    # ask-flexibility letter's ask (as bowout.guardrails.checker does).
    exempt: frozenset[int] = frozenset()


@cache
def rule_reading(letter: CorpusLetter) -> RuleReading:
    from bowout.guardrails import parse
    from bowout.models import CheckContext

    checker = _rules_only()

    context = CheckContext.model_validate(
        {"scenario": letter.scenario or None, "channel": letter.channel}
    )
    sentences = [s for s, _ in letter_pairs(letter)]
    reasons, others, order = [], [], []
    ask = checker.reasons.ask
    allowance = ask.allowance(parse(letter.text), context)
    exempt = frozenset(
        i
        for i, s in enumerate(sentences)
        if allowance.covers(s) or (ask.asks(s) and any(p.mentioned_in(s) for p in ask.points))
    )
    for finding in checker.check(letter.text, context).errors:
        if finding.check == "negative-reason":
            name = finding.message.split("(", 1)[1].split(")", 1)[0]
            excerpt = finding.excerpt or ""
            index = sentences.index(excerpt) if excerpt in sentences else -1
            if index < 0:  # a sentence the verifier cannot locate stays a rule finding
                others.append(name)
                order.append((name, -1))
            else:
                reasons.append((index, name))
                order.append((name, index))
        else:
            name = "tone" if finding.check == "courteous" else finding.check
            others.append(name)
            order.append((name, -1))
    return RuleReading(tuple(others), tuple(reasons), tuple(order), exempt)


@cache
def _rules_only() -> Any:
    from bowout.guardrails import Checker

    return Checker(verify=False)


# ---- featurisers ----


def static_featuriser(folder: Path) -> Callable[[Sequence[tuple[str, str]]], Any]:
    from bowout.guardrails.static_embeddings import StaticEmbeddings

    table = StaticEmbeddings.from_folder(folder)
    digest = hashlib.sha1((folder / "vectors.bin").read_bytes()).hexdigest()[:12]
    store = CACHE / f"static-{digest}.npz"
    known: dict[str, np.ndarray] = {}
    if store.exists():
        with np.load(store) as saved:
            known.update({k: saved[k] for k in saved.files})

    def vectors(texts: Sequence[str]) -> np.ndarray:
        key = {t: hashlib.sha1(t.encode()).hexdigest() for t in texts}
        missing = [t for t in dict.fromkeys(texts) if key[t] not in known]
        for t in missing:
            known[key[t]] = np.array(table.vector(t), dtype=np.float32)
        if missing:
            CACHE.mkdir(parents=True, exist_ok=True)
            np.savez(store, **known)
        return np.stack([known[key[t]] for t in texts])

    def featurise(pairs: Sequence[tuple[str, str]]) -> Any:
        return np.hstack([vectors([s for s, _ in pairs]), vectors([p for _, p in pairs])])

    return featurise


def featuriser(name: str) -> Callable[[Sequence[tuple[str, str]]], Any]:
    if name == "minilm":
        return minilm_features
    if name.startswith("static"):
        dims = name.removeprefix("static") or "128"
        folder = PACKAGED if dims == "128" else CACHE / f"static{dims}"
        if not folder.exists():
            from distill_static import main as distill

            distill(["--dims", dims, "--out", str(folder)])
        return static_featuriser(folder)
    raise KeyError(name)


# ---- the cascade ----


@dataclass(frozen=True)
class Scored:
    """A letter's rule reading with the verifier's sentence probabilities."""

    letter: CorpusLetter
    rules: RuleReading
    reason: np.ndarray  # per sentence: 1 - P(none)
    named: tuple[str, ...]  # per sentence: the category the verifier names


def score(model: SentenceModel, letters: Sequence[CorpusLetter]) -> list[Scored]:
    pairs = [letter_pairs(x) for x in letters]
    flat = [p for ps in pairs for p in ps]
    probabilities = model.probabilities(flat) if flat else np.zeros((0, len(LABELS)))
    out, start = [], 0
    for letter, ps in zip(letters, pairs, strict=True):
        p = probabilities[start : start + len(ps)]
        start += len(ps)
        named = tuple(LABELS[1 + int(np.argmax(row[1:]))] for row in p)
        out.append(Scored(letter, rule_reading(letter), 1.0 - p[:, 0], named))
    return out


def decide(scored: Scored, veto: float, raise_at: float) -> str | None:
    """The category the cascade names for the letter, or None when it passes."""
    exempt = scored.rules.exempt
    for name, index in scored.rules.order:
        if index < 0 or index in exempt or scored.reason[index] >= veto:
            return name
    for index in np.argsort(-scored.reason, kind="stable"):
        if scored.reason[index] < raise_at:
            break
        if int(index) not in exempt:
            return scored.named[int(index)]
    return None


def rates(scored: Sequence[Scored], veto: float, raise_at: float) -> tuple[float, float]:
    """(recall on the bad letters, share of good letters flagged)."""
    bad = [s for s in scored if s.letter.bad]
    good = [s for s in scored if not s.letter.bad]
    recall = sum(decide(s, veto, raise_at) is not None for s in bad) / len(bad)
    false = sum(decide(s, veto, raise_at) is not None for s in good) / len(good)
    return recall, false


def choose(scored: Sequence[Scored], raises: Sequence[float] = RAISES) -> tuple[float, float]:
    """The thresholds that flag the fewest good development letters without catching fewer
    bad ones than the rules alone (veto 0, never raise); ties go to higher recall, then to
    the lower veto and the higher raise threshold (the smaller change to the rules)."""
    floor, _ = rates(scored, 0.0, 2.0)
    candidates = []
    for v in VETOES:
        for r in raises:
            recall, false = rates(scored, v, r)
            if recall >= floor - 1e-9:
                candidates.append((false, -recall, v, -r))
    false, _, veto, raise_at = min(candidates)
    return veto, -raise_at


def train(letters: Sequence[CorpusLetter], featurise: Any, hinted: bool = False) -> SentenceModel:
    """The multiple-instance verifier; `hinted`: a bad letter's sentences that the rules flag
    in the letter's own category are also taught as that category (the rules' hits on good
    letters are taught as neutral either way, as every sentence of a good letter is)."""
    extra = []
    if hinted:
        for letter in letters:
            if letter.bad:
                pairs = letter_pairs(letter)
                for index, name in rule_reading(letter).reasons:
                    if name == letter.category:
                        extra.append((pairs[index], name))
    # One BLAS thread: on a busy two-core machine more make these fits 20-30 times slower.
    with threadpool_limits(1):
        return train_mil(letters, featurise, c=C, extra=sorted(set(extra)))


def scored_by_writers(
    name: str, letters: Sequence[CorpusLetter], trained_on: frozenset[str], target: str
) -> list[Scored]:
    """The letters of `target` scored by a verifier trained on the writers `trained_on`,
    kept on disk: the nested measurement trains each set of writers once."""
    test = [x for x in letters if x.writer == target]
    # Keyed by the sentences as the parser splits them today: a change to the parser
    # (or to the letters) is a new measurement.
    key = hashlib.sha1(
        repr(
            (
                (name, C, sorted(trained_on), target, [x.id for x in letters]),
                tuple(tuple(letter_pairs(x)) for x in letters),
            )
        ).encode()
    ).hexdigest()[:16]
    store = CACHE / f"cascade-{key}.pkl"
    if store.exists():
        reason, named = pickle.loads(store.read_bytes())
    else:
        models = _MODELS.setdefault(name, {})
        if trained_on not in models:
            base, hinted = name.removesuffix("h"), name.endswith("h")
            models[trained_on] = train(
                [x for x in letters if x.writer in trained_on], featuriser(base), hinted
            )
        found = score(models[trained_on], test)
        reason, named = [s.reason for s in found], [s.named for s in found]
        CACHE.mkdir(parents=True, exist_ok=True)
        store.write_bytes(pickle.dumps((reason, named)))
    return [Scored(x, rule_reading(x), r, n) for x, r, n in zip(test, reason, named, strict=True)]


_MODELS: dict[str, dict[frozenset[str], SentenceModel]] = {}


def cascade_trainer(name: str, raising: bool = True) -> Callable[[Sequence[CorpusLetter]], Any]:
    raises = RAISES if raising else (2.0,)

    def trainer(letters: Sequence[CorpusLetter]) -> Callable[[CorpusLetter], Any]:
        from corpus import load_corpus
        from cross_writer import GOOD, Verdict

        everyone = load_corpus()
        development_writers = frozenset(writers(list(letters)))
        development: list[Scored] = []
        for held in sorted(development_writers):
            development.extend(
                scored_by_writers(name, everyone, development_writers - {held}, held)
            )
        veto, raise_at = choose(development, raises)
        recall, false = rates(development, veto, raise_at)
        target = sorted(set(writers(everyone)) - development_writers)
        print(
            f"  {target[0]} left out: veto {veto}, raise {raise_at} chosen on "
            f"{len(development)} development letters (there: recall {recall:.3f}, "
            f"false positives {false:.3f})",
            flush=True,
        )
        scored = {
            s.letter.id: s
            for s in scored_by_writers(name, everyone, development_writers, target[0])
        }

        def judge(letter: CorpusLetter) -> Verdict:
            named = decide(scored[letter.id], veto, raise_at)
            return Verdict(0.0, GOOD) if named is None else Verdict(1.0, named)

        return judge

    return trainer


# "-veto": the verifier only vetoes rule findings, never raises a sentence of its own.
TRAINERS = {
    f"cascade-{f}{suffix}": cascade_trainer(f, raising=not suffix)
    for f in ("minilm", "minilmh", "static128", "static128h", "static256")
    for suffix in ("", "-veto")
}
