"""Analysed postings kept between runs, keyed by content and code.

A weekly run sees mostly postings it has analysed before. Each posting's
rows (its parsed fields, sections, units and themes) are stored under a key
made of the posting's own content and a fingerprint of the analysis code, so
a posting is analysed again only when it changed or the code that reads it
did.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from pathlib import Path

from flows.analyse import PostingRows

# The columns of a posting that its analysis reads.
ANALYSED_COLUMNS = ("posting_id", "source", "title", "description_html",
                    "description_text", "compensation", "locations",
                    "workplace_type", "employment_type", "published_at")
CODE = [Path(__file__).resolve().parents[1] / "analysis",
        Path(__file__).parent / "analyse.py", Path(__file__).parent / "fields.py"]


@functools.cache
def code_fingerprint() -> str:
    """SHA-256 over the source of every module that analyses a posting."""
    digest = hashlib.sha256()
    for root in CODE:
        files = sorted(root.rglob("*.py")) + sorted(root.rglob("*.csv")) \
            if root.is_dir() else [root]
        for path in files:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def posting_key(row: dict) -> str:
    """The cache key of one ``postings`` row."""
    content = json.dumps([row.get(c) for c in ANALYSED_COLUMNS], ensure_ascii=False)
    return hashlib.sha256((code_fingerprint() + content).encode()).hexdigest()


class AnalysisCache:
    """A SQLite table of analysed postings.

    Args:
        path: the cache database; created when missing.
    """

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(path)
        self.conn.execute(
            "create table if not exists analysed (key text primary key, rows text)")

    def get_many(self, keys: list[str]) -> dict[str, PostingRows]:
        """The cached rows of those keys that are present."""
        found = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for key, rows in self.conn.execute(
                f"select key, rows from analysed where key in ({marks})", chunk
            ):
                found[key] = PostingRows(**json.loads(rows))
        return found

    def put_many(self, items: dict[str, PostingRows]) -> None:
        """Store analysed rows and commit, so a killed run keeps them."""
        self.conn.executemany(
            "insert or replace into analysed values (?, ?)",
            [(key, json.dumps(rows.__dict__, ensure_ascii=False))
             for key, rows in items.items()],
        )
        self.conn.commit()

    def close(self) -> None:
        """Close the database."""
        self.conn.close()
