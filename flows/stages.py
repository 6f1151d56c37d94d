"""The work of each stage of the release flow, free of Prefect.

Each stage takes the run database's path, does one job, and returns its
counts. The Prefect tasks in `flows.pipeline` wrap these, and tests can call
them directly.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections import Counter
from pathlib import Path

import numpy as np

from analysis.cluster import OUTLIER, cluster_units
from analysis.embed import Embedder, text_hash
from flows import analyse as posting_rows
from flows import findings
from flows.config import RunConfig
from flows.release import sha256_file
from flows.embedding_cache import EmbeddingCache
from flows.store import as_json, insert_all, open_db, read_jsonl

logger = logging.getLogger(__name__)

FAMILIES = ("csm", "adjacent", "other")


def model_name() -> str:
    """The name of the embedding model, as written in manifests."""
    return Embedder.name


def crawl(db_path: Path, archive: Path | None, sources: Path, work: Path,
          record_to: Path | None = None, settings: dict | None = None,
          cache_dir: Path | None = None, history: Path | None = None) -> dict:
    """Crawl (or replay) the boards and load postings and rejects.

    A replay is a pure function of the archive, the sources file, the Scrapy
    settings given and the crawler's code, so with ``cache_dir`` its output
    is kept under a key of those four and a later replay of the same input
    reads it back. A live crawl also updates the postings' ``history``
    (first and last seen, closed, re-posted), which every release reads.
    """
    from crawler.run import read_result, run_crawl

    cached = crawl_cache_dir(cache_dir, archive, sources, settings) if archive else None
    if cached and (cached / "crawl-summary.json").exists():
        result, from_cache = read_result(cached), True
    else:
        result = run_crawl(sources, work, replay=archive, record=record_to,
                           settings=settings)
        from_cache = False
        if cached:
            cached.mkdir(parents=True, exist_ok=True)
            for path in (result.postings_path, result.rejects_path,
                         work / "crawl-summary.json"):
                shutil.copyfile(path, cached / path.name)
    rejects = list(read_jsonl(result.rejects_path))
    lifecycle = {}
    if history:
        lifecycle = _lifecycle(history, result.postings_path, sources, rejects,
                               live=record_to is not None)
    db = open_db(db_path)
    postings = insert_all(db, "postings", (
        {**posting_rows.posting_row(record),
         **lifecycle.get(record["posting_id"], _first_sight(record))}
        for record in read_jsonl(result.postings_path)
    ))
    insert_all(db, "rejects", rejects)
    db.close()
    reasons = Counter(r["reason"] for r in rejects)
    return {"postings": postings, "rejects": len(rejects),
            "reject_reasons": dict(sorted(reasons.items())),
            "from_cache": from_cache, "archive": str(archive or record_to)}


def _first_sight(record: dict) -> dict:
    return {"first_seen": record.get("fetched_at"), "last_seen": record.get("fetched_at"),
            "status": "open", "reposted_from": None}


def _lifecycle(history: Path, postings_path: Path, sources: Path, rejects: list,
               live: bool) -> dict[str, dict]:
    """Record a live crawl in the history; return every known posting's dates."""
    import datetime as dt

    from crawler.sources import load_boards
    from flows.lifecycle import crawled_boards, lifecycle_rows, record_crawl

    records = list(read_jsonl(postings_path))
    if live:
        boards = crawled_boards([(b.source, b.board) for b in load_boards(sources)],
                                rejects)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        summary = record_crawl(history, records, boards, now)
        logger.info("lifecycle: %s", summary)
    if not history.exists():
        return {}
    rows = lifecycle_rows(history, [r["posting_id"] for r in records])
    keep = ("first_seen", "last_seen", "status", "reposted_from")
    return {pid: {k: row.get(k) for k in keep} for pid, row in rows.items()}


def crawl_cache_dir(cache_dir: Path | None, archive: Path, sources: Path,
                    settings: dict | None = None) -> Path | None:
    """Where the replay of ``archive`` with ``sources`` and ``settings`` is
    kept, or None."""
    if cache_dir is None:
        return None
    digest = hashlib.sha256()
    for path in (archive, sources):
        digest.update(sha256_file(path).encode())
    digest.update(as_json(settings or {}).encode())
    crawler_code = Path(__file__).resolve().parents[1] / "crawler"
    for path in sorted(crawler_code.rglob("*.py")):
        digest.update(path.read_bytes())
    return cache_dir / digest.hexdigest()[:24]


def analyse_rows(rows: list[dict]) -> list:
    """Analyse a list of ``postings`` rows (a unit of work a worker can take)."""
    return [posting_rows.analyse_row(row) for row in rows]


def analyse(db_path: Path, cache_path: Path | None = None,
            batch_size: int = 500, mapper=None) -> dict:
    """Clean, section, split and label every posting, a batch at a time.

    Postings are read in key order in batches and each batch's rows are
    written before the next is read, so memory stays flat however many
    postings the run holds. With a cache, a posting analysed by an earlier
    run with the same code is taken from it instead.
    """
    from flows.analysis_cache import AnalysisCache, posting_key

    db = open_db(db_path)
    cache = AnalysisCache(cache_path) if cache_path else None
    counts: Counter = Counter()
    last = ""
    while batch := list(db.query(
        "select * from postings where posting_id > ? order by posting_id limit ?",
        [last, batch_size],
    )):
        last = batch[-1]["posting_id"]
        keys = [posting_key(row) for row in batch]
        cached = cache.get_many(keys) if cache else {}
        todo = [(k, row) for k, row in zip(keys, batch) if k not in cached]
        fresh = dict(zip([k for k, _ in todo], _analyse_all([r for _, r in todo],
                                                            mapper)))
        if cache and fresh:
            cache.put_many(fresh)
        analysed = [cached.get(k) or fresh[k] for k in keys]
        for table in ("sections", "units", "themes"):
            counts[table] += insert_all(
                db, table, [r for a in analysed for r in getattr(a, table)])
        db["postings"].upsert_all([a.posting for a in analysed], pk="posting_id")
        counts.update(a.posting["role_family"] for a in analysed)
        counts["from_cache"] += len(cached)
        logger.info("analysed %d postings (%d from the cache)",
                    sum(counts[f] for f in FAMILIES), counts["from_cache"])
    db.close()
    return {"postings": sum(counts[f] for f in FAMILIES),
            **{family: counts[family] for family in FAMILIES},
            "from_cache": counts["from_cache"], "sections": counts["sections"],
            "units": counts["units"], "theme_labels": counts["themes"]}


def _analyse_all(rows: list[dict], mapper, chunk: int = 100) -> list:
    if mapper is None or not rows:
        return analyse_rows(rows)
    chunks = [rows[i:i + chunk] for i in range(0, len(rows), chunk)]
    return [a for part in mapper(analyse_rows, chunks) for a in part]


def dedupe(db_path: Path) -> dict:
    """Group duplicate postings into jobs, one company at a time.

    Postings of different companies are never duplicates, so only one
    company's texts are in memory at once.
    """
    from analysis.dedupe import company_key, group_duplicates

    db = open_db(db_path)
    companies: dict[str, list[str]] = {}
    for row in db.query("select posting_id, company from postings order by posting_id"):
        companies.setdefault(company_key(row), []).append(row["posting_id"])
    postings = jobs = 0
    for key in sorted(companies):
        rows = _postings_by_id(db, companies[key])
        groups = group_duplicates(rows)
        members: dict[str, list[dict]] = {}
        for posting in rows:
            members.setdefault(groups[posting["posting_id"]], []).append(posting)
        jobs += insert_all(db, "jobs", (
            {"job_id": job_id, "title": group[0]["title"],
             "company": group[0]["company"], "role_family": group[0]["role_family"],
             "postings": len(group),
             "posting_ids": as_json([r["posting_id"] for r in group])}
            for job_id, group in sorted(members.items())
        ))
        db["postings"].upsert_all(
            ({"posting_id": pid, "job_id": gid} for pid, gid in groups.items()),
            pk="posting_id",
        )
        postings += len(rows)
    db.close()
    rate = 1 - jobs / postings if postings else 0.0
    logger.info("grouped %d postings of %d companies into %d jobs",
                postings, len(companies), jobs)
    return {"postings": postings, "jobs": jobs, "duplicate_rate": round(rate, 4)}


def _postings_by_id(db, ids: list[str], chunk: int = 10_000) -> list[dict]:
    """The rows dedupe needs for ``ids``, read in chunks of bound variables."""
    rows: list[dict] = []
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        marks = ", ".join("?" for _ in part)
        rows += db.query(
            "select posting_id, company, title, clean_text as text, role_family "
            f"from postings where posting_id in ({marks})", part)
    return sorted(rows, key=lambda row: row["posting_id"])


def family_units(db, config: RunConfig) -> list[dict]:
    """The requirement units of the customer success family, in a stable order."""
    marks = ", ".join("?" for _ in config.families)
    return list(db.query(
        "select u.unit_id, u.posting_id, u.section, u.text, u.text_hash from units u "
        "join postings p on p.posting_id = u.posting_id "
        f"where p.role_family in ({marks}) order by u.unit_id",
        list(config.families),
    ))


def embed(db_path: Path, cache_path: Path, config: RunConfig,
          embedder: Embedder | None = None, mapper=None) -> dict:
    """Embed the family's units, reusing vectors already in the cache.

    ``mapper`` runs the embedding of each chunk elsewhere (see
    `EmbeddingCache.fill`); without it the chunks are embedded here.
    """
    db = open_db(db_path)
    units = family_units(db, config)
    hashes = {u["text_hash"]: u["text"] for u in units}
    cache = EmbeddingCache(cache_path, model_name())
    missing = cache.missing(hashes)
    embedder = embedder or Embedder(batch_size=config.batch_size)
    cache.fill({h: hashes[h] for h in missing}, embedder, mapper=mapper,
               chunk_size=config.embed_chunk)
    insert_all(db, "embeddings", (
        {"text_hash": h, "model": model_name(), "vector": blob}
        for h, blob in cache.blobs(sorted(hashes))
    ))
    db.close()
    return {"units": len(units), "sentences": len(hashes), "embedded": len(missing),
            "from_cache": len(hashes) - len(missing)}


def cluster(db_path: Path, config: RunConfig) -> dict:
    """Cluster the family's requirement sentences and describe each cluster.

    Each distinct sentence is clustered once, however many postings repeat
    it, so a job posted in many places does not pull the clusters its way
    and the cost follows the distinct sentences, not the postings. Every unit
    then takes its sentence's cluster.
    """
    from analysis.embed import from_blobs

    db = open_db(db_path)
    units = family_units(db, config)
    text_of = {u["text_hash"]: u["text"] for u in units}
    hashes = sorted(text_of)
    vectors = dict(db.execute("select text_hash, vector from embeddings").fetchall())
    texts = [text_of[h] for h in hashes]
    result = cluster_units(texts, from_blobs(vectors[h] for h in hashes),
                           seed=config.seed,
                           min_similarity=config.cluster_min_similarity)
    cluster_of = dict(zip(hashes, np.asarray(result.assignments).tolist()))
    members: dict[int, list[dict]] = {}
    for unit in units:
        members.setdefault(cluster_of[unit["text_hash"]], []).append(unit)
    family_postings = len({u["posting_id"] for u in units}) or 1
    rows = []
    for c in result.clusters:
        member_units = members.get(c.cluster_id, [])
        overlap = findings.cluster_theme_overlap(member_units)
        postings = len({u["posting_id"] for u in member_units})
        rows.append({
            "cluster_id": c.cluster_id, "label": c.label, "terms": as_json(c.terms),
            "units": len(member_units), "postings": postings,
            "share": round(postings / family_postings, 4),
            "central_sentences": as_json([texts[i] for i in c.central]),
            "themes": as_json(overlap), "in_reference": int(bool(overlap)),
        })
    insert_all(db, "clusters", rows)
    db["units"].upsert_all(
        ({"unit_id": u["unit_id"], "cluster_id": cluster_of[u["text_hash"]]}
         for u in units),
        pk="unit_id",
    )
    db.close()
    outliers = len(members.get(OUTLIER, []))
    return {"units": len(units), "sentences": len(hashes), "clusters": len(rows),
            "outlier_share": round(outliers / len(units), 4) if units else 0.0,
            "not_in_reference": sum(1 for r in rows if not r["in_reference"]),
            "outliers": outliers}


def shares(db_path: Path, config: RunConfig) -> dict:
    """Compute every theme's share of unique family jobs, overall and by slice."""
    db = open_db(db_path)
    rows = findings.theme_shares(db, config.families)
    insert_all(db, "theme_shares", rows)
    db.close()
    overall = [r for r in rows if r["slice"] == "all"]
    return {"themes": len(overall), "jobs": overall[0]["total"] if overall else 0,
            "rows": len(rows)}


def index(db_path: Path) -> dict:
    """Add full-text search over requirement sentences and the lookup indexes."""
    db = open_db(db_path)
    db["units"].enable_fts(["text"], replace=True)
    db["postings"].enable_fts(["title"], replace=True)
    for table, column in (("units", "posting_id"), ("themes", "theme"),
                          ("sections", "label"), ("postings", "job_id"),
                          ("postings", "role_family")):
        db[table].create_index([column], if_not_exists=True)
    db.execute("analyze")
    # A release is read-only: no write-ahead log beside it, no free pages.
    # VACUUM INTO writes the compact copy once; a plain VACUUM would also
    # journal every page, needing twice the database's size in free disk.
    db.execute("pragma journal_mode = delete")
    compact = db_path.with_name(db_path.name + ".compact")
    compact.unlink(missing_ok=True)
    db.execute("vacuum into ?", [str(compact)])
    db.close()
    os.replace(compact, db_path)
    return {"fts_tables": 2}


__all__ = ["index", "crawl", "analyse", "dedupe", "embed", "cluster", "shares",
           "model_name", "text_hash"]
