"""Sentence vectors kept between runs, keyed by model and text hash.

A weekly run meets mostly sentences it has embedded before; only the new
ones go through the model. Vectors are committed batch by batch, so a run
killed part-way keeps what it finished and the next run resumes from there.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from analysis.embed import Embedder, encode_sentences, to_blob

logger = logging.getLogger(__name__)

COMMIT_EVERY = 512
# Chunks handed to a distributed mapper at once, then committed.
WAVE = 8


class EmbeddingCache:
    """A SQLite table of vectors for one model.

    Args:
        path: the cache database; created when missing.
        model: the model's name; vectors of other models are never mixed in.
    """

    def __init__(self, path: Path, model: str):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.model = model
        self.conn = sqlite3.connect(path)
        self.conn.execute("pragma journal_mode = wal")
        self.conn.execute(
            "create table if not exists vectors (model text, text_hash text, "
            "vector blob, primary key (model, text_hash))"
        )

    def missing(self, hashes: Iterable[str]) -> list[str]:
        """The hashes that have no vector yet, in sorted order."""
        known = {
            row[0] for row in self.conn.execute(
                "select text_hash from vectors where model = ?", (self.model,))
        }
        return sorted(set(hashes) - known)

    def fill(self, texts: dict[str, str], embedder: Embedder, mapper=None,
             chunk_size: int = COMMIT_EVERY) -> int:
        """Embed the given ``{hash: text}`` and store the vectors; return the count.

        Args:
            texts: the sentences to embed, by hash.
            embedder: the embedder used in this process.
            mapper: ``mapper(func, items, **kwargs)`` that runs ``func`` on
                every item elsewhere (a Dask cluster) and returns the results
                in order; without it, chunks are embedded here one by one.
            chunk_size: sentences per chunk; each chunk is committed as soon
                as it is embedded, so a killed run keeps what it finished.
        """
        # Sentences of like length share a chunk, so batches carry little padding.
        hashes = sorted(texts, key=lambda h: (len(texts[h]), h))
        chunks = [hashes[i:i + chunk_size] for i in range(0, len(hashes), chunk_size)]
        wave = 1 if mapper is None else WAVE
        done = 0
        for start in range(0, len(chunks), wave):
            group = chunks[start:start + wave]
            sentences = [[texts[h] for h in chunk] for chunk in group]
            if mapper is None:
                results = [embedder.encode(sentences[0])]
            else:
                results = mapper(encode_sentences, sentences,
                                 batch_size=embedder.batch_size)
            for chunk, vectors in zip(group, results):
                self.conn.executemany(
                    "insert or replace into vectors values (?, ?, ?)",
                    [(self.model, h, to_blob(v)) for h, v in zip(chunk, vectors)],
                )
                self.conn.commit()
                done += len(chunk)
            logger.info("embedded %d of %d new sentences", done, len(hashes))
        return done

    def blobs(self, hashes: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """Yield ``(hash, vector bytes)`` for each hash that has a vector."""
        for text_hash in hashes:
            row = self.conn.execute(
                "select vector from vectors where model = ? and text_hash = ?",
                (self.model, text_hash),
            ).fetchone()
            if row:
                yield text_hash, row[0]

    def close(self) -> None:
        """Close the database."""
        self.conn.close()
