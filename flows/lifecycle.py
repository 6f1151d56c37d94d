"""Posting lifecycle across crawls: first and last seen, closed, re-posted.

A small SQLite history (one file, kept between runs) records, per posting,
when it was first and last seen. After each crawl, ``record_crawl`` updates it:

- a posting missing from its board, when that board was crawled successfully,
  on two consecutive crawls is closed (``closed_at`` is the first crawl that
  missed it); it is never deleted;
- a closed posting that comes back is re-opened with status ``reposted``;
- a new posting id with the same company, the same title family
  (``analysis.dedupe.title_family``) and near-identical text as a posting
  that is no longer listed is a re-post of it: status ``reposted`` and
  ``reposted_from`` its id.

Boards that failed (not in ``boards_crawled``) leave their postings alone.

Example:
    >>> summary = record_crawl("h.sqlite", postings, boards, "2026-08-01T00:00:00Z")
    >>> lifecycle_rows("history.sqlite", ["ashby:acme:1"])["ashby:acme:1"]["status"]
    'open'
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from analysis.dedupe import title_family

logger = logging.getLogger(__name__)

MISSES_TO_CLOSE = 2
# Word 3-shingle Jaccard similarity above which two texts are the same ad.
NEAR_IDENTICAL = 0.9
# Texts shorter than this many shingles (empty descriptions) are never matched.
MIN_SHINGLES = 5
# Rejects that concern one posting, not the board: the board was still read.
POSTING_REASONS = {"missing_title", "unmappable_posting", "empty_board"}
OPEN, CLOSED, REPOSTED = "open", "closed", "reposted"

_SCHEMA = """
create table if not exists history (
    posting_id text primary key, source text, board text, company_key text,
    title_family text, text_hash text, shingles text, first_seen text,
    last_seen text, status text, misses integer default 0, first_missed text,
    closed_at text, reposted_from text
);
create index if not exists history_match on history (company_key, title_family);
create table if not exists crawls (
    crawled_at text, boards integer, postings integer, new integer,
    closed integer, reopened integer, reposted integer
);
"""
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class LifecycleSummary:
    """What one crawl changed in the history.

    Attributes:
        crawled_at: The crawl's time.
        seen: Postings in the crawl.
        new: Posting ids seen for the first time.
        missing: Open postings of crawled boards not in the crawl.
        closed: Postings closed by this crawl (second consecutive miss).
        reopened: Closed postings that came back under their own id.
        reposted: New ids linked to an earlier posting as its re-post.
    """

    crawled_at: str
    seen: int = 0
    new: int = 0
    missing: int = 0
    closed: int = 0
    reopened: int = 0
    reposted: int = 0


def record_crawl(history_path: str | Path, postings: list[dict],
                 boards_crawled: set[tuple[str, str]],
                 crawled_at: str) -> LifecycleSummary:
    """Update the history with one crawl.

    Args:
        history_path: The SQLite file; created when missing.
        postings: The crawl's posting records (``posting_id``, ``source``,
            ``board``, ``company``, ``title``, ``description_text``).
        boards_crawled: The (source, board) pairs that were read successfully;
            only their missing postings count as missing.
        crawled_at: ISO 8601 time of the crawl; crawls must come in order.

    Returns:
        LifecycleSummary: The counts of what changed.
    """
    summary = LifecycleSummary(crawled_at, seen=len(postings))
    db = _open(history_path)
    with db:
        current = {p["posting_id"]: p for p in postings}
        known = {row[0]: row for row in db.execute(
            "select posting_id, status from history where posting_id in "
            f"({','.join('?' * len(current))})", list(current))} if current else {}
        for posting_id, posting in current.items():
            if posting_id not in known:
                summary.new += 1
                summary.reposted += _insert(db, posting, crawled_at, current)
            else:
                summary.reopened += known[posting_id][1] == CLOSED
                _seen_again(db, posting_id, known[posting_id][1], crawled_at)
        _count_misses(db, current, boards_crawled, crawled_at, summary)
        db.execute("insert into crawls values (?, ?, ?, ?, ?, ?, ?)", (
            crawled_at, len(boards_crawled), summary.seen, summary.new,
            summary.closed, summary.reopened, summary.reposted))
    db.close()
    logger.info("lifecycle %s: %s", crawled_at, summary)
    return summary


def lifecycle_rows(history_path: str | Path,
                   posting_ids: Iterable[str]) -> dict[str, dict]:
    """The lifecycle columns of postings, for a release.

    Returns:
        dict: posting_id to ``first_seen``, ``last_seen``, ``status``
        (``open``, ``closed`` or ``reposted``), ``reposted_from`` (the earlier
        posting's id, for a re-post under a new id) and ``closed_at``. Ids the
        history does not hold are left out.
    """
    ids = list(posting_ids)
    db = _open(history_path)
    rows = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            "select posting_id, first_seen, last_seen, status, reposted_from, "
            f"closed_at from history where posting_id in ({marks})", chunk,
        ):
            rows[row[0]] = {"first_seen": row[1], "last_seen": row[2],
                            "status": row[3], "reposted_from": row[4],
                            "closed_at": row[5]}
    db.close()
    return rows


def crawled_boards(boards: Iterable[tuple[str, str]],
                   rejects: Iterable[Mapping]) -> set[tuple[str, str]]:
    """The boards of a crawl that were read successfully.

    A board with a reject other than a posting-level one (``missing_title``,
    ``unmappable_posting``, ``empty_board``) failed, in whole or in part, so
    its missing postings may not be gone.

    Args:
        boards: The (source, board) pairs the crawl was asked for.
        rejects: The crawl's reject records.
    """
    failed = {(r["source"], r["board"]) for r in rejects
              if r["reason"] not in POSTING_REASONS}
    return {tuple(b) for b in boards} - failed


def _open(path: str | Path) -> sqlite3.Connection:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA)
    return db


def _words(posting: Mapping) -> list[str]:
    return _WORD.findall((posting.get("description_text") or "").lower())


def _shingles(words: list[str]) -> set[str]:
    return {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}


def _company_key(posting: Mapping) -> str:
    return re.sub(r"[^a-z0-9]", "", (posting.get("company") or posting.get("board")
                                     or "").lower())


def _insert(db, posting: Mapping, crawled_at: str, current: Mapping) -> int:
    words = _words(posting)
    text_hash = hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]
    shingles = _shingles(words)
    key, family = _company_key(posting), title_family(posting.get("title"))
    earlier = _earlier_posting(db, key, family, text_hash, shingles, current)
    db.execute(
        "insert into history (posting_id, source, board, company_key, title_family,"
        " text_hash, shingles, first_seen, last_seen, status, reposted_from)"
        " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (posting["posting_id"], posting.get("source"), posting.get("board"), key,
         family, text_hash, "\n".join(sorted(shingles)), crawled_at, crawled_at,
         REPOSTED if earlier else OPEN, earlier),
    )
    return int(earlier is not None)


def _earlier_posting(db, key, family, text_hash, shingles, current) -> str | None:
    """The latest posting of the same company, title family and text that is
    not in the current crawl."""
    if len(shingles) < MIN_SHINGLES:
        return None
    candidates = db.execute(
        "select posting_id, text_hash, shingles from history where company_key = ?"
        " and title_family = ? order by last_seen desc", (key, family))
    for posting_id, other_hash, other in candidates:
        if posting_id in current:
            continue
        if other_hash == text_hash or _jaccard(shingles, set(other.split("\n"))) >= (
                NEAR_IDENTICAL):
            return posting_id
    return None


def _jaccard(first: set[str], second: set[str]) -> float:
    return len(first & second) / len(first | second) if first | second else 0.0


def _seen_again(db, posting_id: str, status: str, crawled_at: str) -> None:
    # A closed posting that comes back is re-opened as a re-post.
    db.execute(
        "update history set last_seen = ?, misses = 0, first_missed = null,"
        " closed_at = null, status = ? where posting_id = ?",
        (crawled_at, REPOSTED if status == CLOSED else status, posting_id))


def _count_misses(db, current, boards_crawled, crawled_at, summary) -> None:
    rows = db.execute("select posting_id, source, board, misses, first_missed"
                      " from history where status != ?", (CLOSED,)).fetchall()
    for posting_id, source, board, misses, first_missed in rows:
        if posting_id in current or (source, board) not in boards_crawled:
            continue
        summary.missing += 1
        misses, first_missed = misses + 1, first_missed or crawled_at
        if misses >= MISSES_TO_CLOSE:
            summary.closed += 1
            db.execute("update history set misses = ?, first_missed = ?, status = ?,"
                       " closed_at = ? where posting_id = ?",
                       (misses, first_missed, CLOSED, first_missed, posting_id))
        else:
            db.execute("update history set misses = ?, first_missed = ?"
                       " where posting_id = ?", (misses, first_missed, posting_id))
