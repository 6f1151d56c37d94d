"""The gap table: each theme's share of unique customer success jobs.

A job (a group of duplicate postings) carries a theme when any of its
postings does. Shares come with Wilson 95% intervals, overall and by slice.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from analysis.codebook import CLAIM_TO_REQUIREMENT
from analysis.shares import wilson

OVERLAP_MIN_SHARE = 0.15
SLICE_COLUMNS = ("role_family", "source", "seniority", "segment", "time_slice")


def cluster_theme_overlap(units: list[dict]) -> dict[str, float]:
    """Share of a cluster's units that state each codebook theme.

    Only themes stated by at least ``OVERLAP_MIN_SHARE`` of the units are
    kept; a cluster left with none is one the reference document does not
    talk about.
    """
    from analysis.themes import sentence_themes

    # A sentence repeated across postings is labelled once.
    repeats = Counter((unit["text"], unit["section"]) for unit in units)
    hits: dict[str, int] = defaultdict(int)
    for (text, section), count in repeats.items():
        for theme in sentence_themes(text, section):
            hits[theme] += count
    total = len(units) or 1
    return {
        theme: round(count / total, 3)
        for theme, count in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        if count / total >= OVERLAP_MIN_SHARE
    }


def _job_slices(db, families) -> dict[str, dict]:
    """Each family job with the themes it carries and the slices it falls in."""
    marks = ", ".join("?" for _ in families)
    columns = {c.name for c in db["postings"].columns}
    extra = [c for c in SLICE_COLUMNS if c in columns]
    select = ", ".join(["posting_id", "job_id"] + extra)
    jobs: dict[str, dict] = {}
    for row in db.query(
        f"select {select} from postings where role_family in ({marks})", list(families)
    ):
        job = jobs.setdefault(row["job_id"] or row["posting_id"],
                              {"themes": set(), "slices": set()})
        job.setdefault("postings", []).append(row["posting_id"])
        for column in extra:
            for value in _values(row[column]):
                job["slices"].add(f"{column}={value}")
    # Only the family's labels: the other postings' would fill memory for nothing.
    themes_by_posting: dict[str, set] = defaultdict(set)
    for row in db.query(
        "select t.posting_id, t.theme from themes t join postings p "
        f"on p.posting_id = t.posting_id where p.role_family in ({marks})", list(families)
    ):
        themes_by_posting[row["posting_id"]].add(row["theme"])
    for job in jobs.values():
        for posting_id in job["postings"]:
            job["themes"] |= themes_by_posting[posting_id]
    return jobs


def _values(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str) and value.startswith("["):
        return [str(v) for v in json.loads(value)]
    return [str(value)]


def theme_shares(db, families, themes: list[str] | None = None) -> list[dict]:
    """Rows of the gap table: slice, theme, jobs carrying it, total, share, CI."""
    from analysis.codebook import THEME_NAMES

    themes = themes or list(THEME_NAMES)
    jobs = _job_slices(db, families)
    slices = {"all": list(jobs.values())}
    for job in jobs.values():
        for name in job["slices"]:
            slices.setdefault(name, []).append(job)
    rows = []
    for slice_name, members in sorted(slices.items()):
        for theme in themes:
            count = sum(theme in job["themes"] for job in members)
            share = wilson(count, len(members))
            rows.append({
                "slice": slice_name, "theme": theme, "group_name": group_of(theme),
                "jobs": count, "total": len(members), "share": round(share.share, 4),
                "ci_low": round(share.low, 4), "ci_high": round(share.high, 4),
            })
    return rows


def group_of(theme: str) -> str:
    """Where a theme stands in the document's argument."""
    if theme in CLAIM_TO_REQUIREMENT:
        return "claim"
    if theme in CLAIM_TO_REQUIREMENT.values():
        return "real_requirement"
    if theme.startswith("bg_"):
        return "background"
    return "other"
