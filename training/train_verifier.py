"""Train the verifier that bowout ships (src/bowout/guardrails/static_minilm/verifier.json).

    .venv/bin/python training/train_verifier.py

The verifier is the `cascade-static128h` candidate of training/cascade.py: a sentence
classifier over the distilled static embeddings (training/distill_static.py, whose output is
committed beside it), trained by multiple-instance learning on training/reason_sentences.jsonl
and the letters of tests/eval/corpus/ outside the fixed evaluation subset (`is_eval_subset`,
which the committed fast test scores), with the rules' hits in a bad letter's own category
taught as that category.

Its two thresholds (veto a rule finding under `veto`; raise a sentence the rules pass at
`raise`) are chosen on cross-writer predictions: each writer's letters (outside the
evaluation subset) scored by a verifier trained on the other five writers; the pair is the
one that flags the fewest good letters without catching fewer bad ones than the rules alone
(`cascade.choose`). Deterministic: the same files give a byte-identical verifier.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cascade import C, choose, featuriser, rates, scored_by_writers, train
from corpus import is_eval_subset, load_corpus, writers
from learned import LABELS

NAME = "static128h"
OUT = Path(__file__).resolve().parent.parent / "src/bowout/guardrails/static_minilm"


def main() -> int:
    everyone = load_corpus()
    names = frozenset(writers(everyone))
    development = [
        s
        for held in sorted(names)
        for s in scored_by_writers(NAME, everyone, names - {held}, held)
        if not is_eval_subset(s.letter)
    ]
    veto, raise_at = choose(development)
    recall, false = rates(development, veto, raise_at)
    floor_recall, floor_false = rates(development, 0.0, 2.0)
    print(
        f"veto {veto}, raise {raise_at} chosen on {len(development)} cross-writer "
        "development letters: "
        f"recall {floor_recall:.3f} -> {recall:.3f}, good letters flagged "
        f"{floor_false:.3f} -> {false:.3f}"
    )
    model = train(
        [x for x in everyone if not is_eval_subset(x)],
        featuriser(NAME.removesuffix("h")),
        hinted=NAME.endswith("h"),
    )
    assert model.model is not None
    assert list(model.model.classes_) == list(range(len(LABELS)))
    data = {
        "about": "training/train_verifier.py; see training/README.md",
        "c": C,
        "labels": list(LABELS),
        "veto": veto,
        "raise": raise_at,
        "bias": [round(float(b), 6) for b in model.model.intercept_],
        "weights": [[round(float(w), 6) for w in row] for row in model.model.coef_],
    }
    (OUT / "verifier.json").write_text(json.dumps(data) + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'verifier.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
