"""Dynamic int8 quantisation of the model's linear layers, against float32.

sentence-transformers' own quantised backends (ONNX and OpenVINO int8 models)
need extras that cannot be installed beside the pinned stack (see
RESULTS.md). PyTorch's dynamic quantisation needs nothing new: it swaps each
``torch.nn.Linear`` for an int8 version at load time. This measures, on the
same sentences with the same batch size, interleaved, best of ``repeat``:

- throughput of the float32 model and of the quantised one;
- how far the vectors move: cosine of each sentence's two vectors;
- what that does downstream: whether each sentence keeps its nearest
  neighbour, and the adjusted Rand index between the k-means clusterings of
  the two sets of vectors (``analysis.cluster.cluster_units``, same seed).

Usage: python -m benchmarks.quantised --db RUN.db [--sentences 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

from benchmarks.timing import Stopwatch


def quantised_copy(model):
    """A copy of a SentenceTransformer with int8 dynamic linear layers."""
    import copy

    import torch

    return torch.ao.quantization.quantize_dynamic(
        copy.deepcopy(model), {torch.nn.Linear}, dtype=torch.qint8)


def compare(sentences: list[str], batch_size: int = 64, repeat: int = 2,
            seed: int = 13) -> dict:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from sklearn.metrics import adjusted_rand_score

    from analysis.cluster import cluster_units
    from analysis.embed import model_path

    full = SentenceTransformer(model_path(), device="cpu")
    small = quantised_copy(full)
    models = {"float32": full, "int8": small}
    for model in models.values():
        model.encode(sentences[: batch_size * 2], batch_size=batch_size)
    times: dict[str, list[float]] = {name: [] for name in models}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(repeat):
        for name, model in models.items():
            with Stopwatch() as watch:
                vectors[name] = model.encode(sentences, batch_size=batch_size,
                                             normalize_embeddings=True)
            times[name].append(watch.seconds)
    a, b = vectors["float32"], vectors["int8"]
    cosine = np.sum(a * b, axis=1)
    neighbours = {}
    for name, v in vectors.items():
        similarity = v @ v.T
        np.fill_diagonal(similarity, -1)
        neighbours[name] = similarity.argmax(axis=1)
    clusters = {name: cluster_units(sentences, v.astype(np.float32), seed=seed).assignments
                for name, v in vectors.items()}
    best = {name: min(t) for name, t in times.items()}
    n = len(sentences)
    return {
        "sentences": n, "batch_size": batch_size,
        **{f"{name}_sentences_per_s": round(n / s, 1) for name, s in best.items()},
        "int8_vs_float32_speed": round(best["float32"] / best["int8"], 3),
        "cosine_min": round(float(cosine.min()), 4),
        "cosine_mean": round(float(cosine.mean()), 4),
        "same_nearest_neighbour": round(float(np.mean(
            neighbours["float32"] == neighbours["int8"])), 4),
        "cluster_adjusted_rand": round(float(adjusted_rand_score(
            clusters["float32"], clusters["int8"])), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quantised",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True,
                        help="a run database (e.g. benchmarks/out/work/x1/csm-radar.db)")
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    from benchmarks.embedding import family_sentences

    sentences = family_sentences(args.db, args.sentences or None)
    result = compare(sentences, args.batch_size, args.repeat)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
