"""The run's SQLite database: what each table holds and how rows get there.

Tables are created with explicit columns and primary keys so that an empty
run still publishes a database with the full schema, and every write goes
through sqlite-utils in batches.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import sqlite_utils

logger = logging.getLogger(__name__)

SCHEMA: dict[str, tuple[dict, str | tuple]] = {
    "postings": (
        {
            "posting_id": str, "source": str, "board": str, "source_id": str,
            "url": str, "title": str, "company": str, "department": str,
            "team": str, "locations": str, "workplace_type": str,
            "employment_type": str, "published_at": str, "compensation": str,
            "description_html": str, "description_text": str, "clean_text": str,
            "request_url": str, "fetched_at": str, "role_family": str,
            "job_id": str, "segment": str, "years_experience_min": int,
            "portfolio_min": int, "portfolio_max": int, "tools": str,
            "salary_min": float, "salary_max": float, "salary_currency": str,
            "salary_period": str, "salary_kind": str, "salary_equity": int,
            "salary_raw": str, "salary_source": str,
            "salary_currency_inferred": int, "places": str,
            "countries": str, "workplace": str, "remote_scope": str,
            "seniority": str, "employment": str, "published_date": str,
            "first_seen": str, "last_seen": str, "status": str,
            "reposted_from": str, "time_slice": str,
        },
        "posting_id",
    ),
    "rejects": (
        {"reject_id": int, "source": str, "board": str, "url": str,
         "reason": str, "detail": str, "fetched_at": str},
        "reject_id",
    ),
    "sections": (
        {"posting_id": str, "position": int, "label": str, "heading": str,
         "start": int, "end": int},
        ("posting_id", "position"),
    ),
    "units": (
        {"unit_id": str, "posting_id": str, "position": int, "section": str,
         "start": int, "end": int, "text": str, "text_hash": str,
         "cluster_id": int},
        "unit_id",
    ),
    "embeddings": (
        {"text_hash": str, "model": str, "vector": bytes},
        "text_hash",
    ),
    "themes": (
        {"posting_id": str, "theme": str, "evidence": str, "score": float},
        ("posting_id", "theme"),
    ),
    "jobs": (
        {"job_id": str, "title": str, "company": str, "role_family": str,
         "postings": int, "posting_ids": str},
        "job_id",
    ),
    "clusters": (
        {"cluster_id": int, "label": str, "terms": str, "units": int,
         "postings": int, "share": float, "central_sentences": str,
         "themes": str, "in_reference": int},
        "cluster_id",
    ),
    "theme_shares": (
        {"slice": str, "theme": str, "group_name": str, "jobs": int,
         "total": int, "share": float, "ci_low": float, "ci_high": float},
        ("slice", "theme"),
    ),
    "runs": (
        {"run_id": str, "started_at": str, "finished_at": str, "stage": str,
         "seconds": float, "counts": str},
        ("run_id", "stage"),
    ),
}


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) a run database with the full schema."""
    db = sqlite_utils.Database(path)
    # A run database is scratch until it is published as a copy: a crash
    # loses the run, never a release, so commits need not wait for the disk.
    db.execute("pragma synchronous = off")
    for name, (columns, pk) in SCHEMA.items():
        db[name].create(columns, pk=pk, if_not_exists=True)
    return db


def as_json(value) -> str | None:
    """Store lists and objects as JSON text, which Datasette renders."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def read_jsonl(path: Path) -> Iterator[dict]:
    """Yield the objects of a JSON-lines file, skipping blank lines."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def insert_all(db: sqlite_utils.Database, table: str, rows: Iterable[dict]) -> int:
    """Insert rows in batches, replacing rows with the same key; return the count."""
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            yield row

    db[table].insert_all(counted(), batch_size=500, replace=True, alter=True)
    return count


def write_run_stage(db, run_id: str, stage: str, started: str, finished: str,
                    counts, seconds: float | None = None):
    """Record one stage of a run with its wall time and counts."""
    db["runs"].insert(
        {"run_id": run_id, "stage": stage, "started_at": started,
         "finished_at": finished, "seconds": seconds, "counts": as_json(counts)},
        replace=True,
    )
