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

from analysis.embed import Embedder, to_blob

logger = logging.getLogger(__name__)

COMMIT_EVERY = 512


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

    def fill(self, texts: dict[str, str], embedder: Embedder) -> int:
        """Embed the given ``{hash: text}`` and store the vectors; return the count."""
        hashes = sorted(texts)
        done = 0
        for start in range(0, len(hashes), COMMIT_EVERY):
            batch = hashes[start:start + COMMIT_EVERY]
            vectors = embedder.encode([texts[h] for h in batch])
            self.conn.executemany(
                "insert or replace into vectors values (?, ?, ?)",
                [(self.model, h, to_blob(v)) for h, v in zip(batch, vectors)],
            )
            self.conn.commit()
            done += len(batch)
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
