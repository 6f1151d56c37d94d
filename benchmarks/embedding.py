"""Embedding throughput: the pipeline's path against bare sentence-transformers.

On the same sentences (distinct requirement units of the customer success
family, as ``flows.stages.embed`` sees them), with the same batch size and
a model already loaded and warmed up:
- ``bare``: ``SentenceTransformer(path).encode(sentences, batch_size=B)``;
- ``embedder``: ``analysis.embed.Embedder(B).encode(sentences)`` (adds
  normalisation and a float32 cast);
- ``cache_fill``: ``EmbeddingCache.fill({hash: text}, embedder)`` into a new
  cache, as ``flows.stages.embed`` calls it (hash order, chunks of
  ``COMMIT_EVERY``, a SQLite commit per chunk).
Each is timed ``repeat`` times, interleaved, best kept.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from benchmarks.timing import PeakRSS, Stopwatch, mib


def family_sentences(db_path: Path, limit: int | None) -> list[str]:
    """Distinct family sentences of a run database, in hash order, capped."""
    from flows.config import RunConfig
    from flows.stages import family_units
    from flows.store import open_db

    db = open_db(db_path)
    units = family_units(db, RunConfig())
    db.close()
    texts = {u["text_hash"]: u["text"] for u in units}
    ordered = [texts[h] for h in sorted(texts)]
    return ordered[:limit] if limit else ordered


def bench(sentences: list[str], batch_size: int = 64, repeat: int = 2) -> dict:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    import torch
    from analysis.embed import Embedder, model_path, text_hash
    from flows.embedding_cache import COMMIT_EVERY, EmbeddingCache

    embedder = Embedder(batch_size=batch_size)
    with Stopwatch() as load:
        bare = SentenceTransformer(model_path(), device="cpu")
        embedder.model  # noqa: B018  (load)
    warm = sentences[: batch_size * 2]
    bare.encode(warm, batch_size=batch_size)
    embedder.encode(warm)

    texts = {text_hash(s): s for s in sentences}
    times = {"bare": [], "embedder": [], "cache_fill": []}
    with PeakRSS() as peak, tempfile.TemporaryDirectory(prefix="bench-embed-") as tmp:
        for i in range(repeat):
            with Stopwatch() as w:
                bare.encode(sentences, batch_size=batch_size)
            times["bare"].append(w.seconds)
            with Stopwatch() as w:
                embedder.encode(sentences)
            times["embedder"].append(w.seconds)
            cache = EmbeddingCache(Path(tmp) / f"cache-{i}.db", embedder.name)
            with Stopwatch() as w:
                cache.fill(texts, embedder)
            times["cache_fill"].append(w.seconds)
            cache.close()
    n = len(sentences)
    best = {k: min(v) for k, v in times.items()}
    words = sum(len(s.split()) for s in sentences) / max(n, 1)
    return {
        "sentences": n, "mean_words": round(words, 1), "batch_size": batch_size,
        "commit_every": COMMIT_EVERY, "torch_threads": torch.get_num_threads(),
        "model_load_s": round(load.seconds, 2),
        **{f"{k}_s": round(v, 2) for k, v in best.items()},
        **{f"{k}_sentences_per_s": round(n / v, 1) for k, v in best.items()},
        "embedder_vs_bare_ratio": round(best["bare"] / best["embedder"], 3),
        "cache_fill_vs_bare_ratio": round(best["bare"] / best["cache_fill"], 3),
        "peak_rss_mib": mib(peak.bytes),
    }
