"""The gap report of a release, as a web page with charts and as Markdown.

Both are rendered from the release database alone, so every number in them
can be checked with SQL against the tables it came from.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import sqlite_utils

from flows.findings import CLAIM_TO_REQUIREMENT

TEMPLATES = Path(__file__).parent / "templates"
EVIDENCE_PER_THEME = 5
# What the reference document says, set beside what the postings say.
DOCUMENT_SAYS = {
    "portfolio": "a book of twenty to one hundred accounts",
    "quota": "most modern CSM roles carry quota on renewals, retention or expansion",
    "data_sql": "most CSMs are not SQL users",
}


@dataclass
class ThemeRow:
    """One theme's overall share with its evidence."""

    theme: str
    group: str
    jobs: int
    total: int
    share: float
    low: float
    high: float
    evidence: list[dict] = field(default_factory=list)


@dataclass
class Report:
    """Everything the report shows, read from one release database."""

    version: str
    counts: dict
    themes: list[ThemeRow]
    pairs: list[tuple[ThemeRow, ThemeRow]]
    slices: dict[str, list[dict]]
    clusters: list[dict]
    outlier_share: float
    portfolio: list[tuple[str, int]]
    years: list[tuple[str, int]]
    tools: list[tuple[str, int]]
    csm_only: dict[str, dict] = field(default_factory=dict)
    document_says: dict = field(default_factory=lambda: dict(DOCUMENT_SAYS))


def _evidence(db, theme: str) -> list[dict]:
    """Evidence sentences of a theme, from as many companies as there are.

    The strongest sentence of each company, companies taken in an order
    that does not favour the start of the alphabet (by a hash of the name).
    """
    rows = db.query(
        "select t.evidence, t.score, p.title, p.company, p.url from themes t "
        "join postings p on p.posting_id = t.posting_id "
        "where t.theme = ? and p.role_family in ('csm', 'adjacent') "
        "order by t.score desc, p.posting_id",
        [theme],
    )
    best: dict[str, dict] = {}
    for row in rows:
        best.setdefault(row["company"] or "", row)
    ranked = sorted(best.values(), key=lambda r: (
        -r["score"], hashlib.sha256((r["company"] or "").encode()).hexdigest()))
    return ranked[:EVIDENCE_PER_THEME]


def _bucket_counts(values, edges) -> list[tuple[str, int]]:
    counts = Counter()
    for value in values:
        for low, high in edges:
            if low <= value <= high:
                counts[f"{low}-{high}" if high < 10**6 else f"{low}+"] += 1
                break
    return [(f"{lo}-{hi}" if hi < 10**6 else f"{lo}+",
             counts[f"{lo}-{hi}" if hi < 10**6 else f"{lo}+"]) for lo, hi in edges]


def read_report(db_path: Path, version: str, counts: dict) -> Report:
    """Gather the report's figures from a release database."""
    db = sqlite_utils.Database(
        sqlite3.connect(f"file:{db_path}?mode=ro", uri=True))
    rows = list(db.query("select * from theme_shares order by slice, share desc"))
    overall = {
        r["theme"]: ThemeRow(r["theme"], r["group_name"], r["jobs"], r["total"],
                             r["share"], r["ci_low"], r["ci_high"])
        for r in rows if r["slice"] == "all"
    }
    for row in overall.values():
        row.evidence = _evidence(db, row.theme)
    slices: dict[str, list[dict]] = {}
    for r in rows:
        if r["slice"] != "all":
            slices.setdefault(r["slice"], []).append(r)
    family = list(db.query(
        "select portfolio_min, years_experience_min, tools from postings "
        "where role_family in ('csm', 'adjacent')"
    )) if "portfolio_min" in db["postings"].columns_dict else []
    tools = Counter(t for r in family for t in json.loads(r["tools"] or "[]"))
    clusters = list(db.query("select * from clusters order by postings desc"))
    units = db.execute(
        "select count(*), sum(cluster_id = -1) from units where cluster_id is not null"
    ).fetchone()
    return Report(
        version=version,
        counts=counts,
        themes=sorted(overall.values(), key=lambda t: -t.share),
        pairs=[(overall[c], overall[r]) for c, r in CLAIM_TO_REQUIREMENT.items()
               if c in overall and r in overall],
        csm_only={r["theme"]: r for r in slices.get("role_family=csm", [])},
        slices=slices,
        clusters=[{**c, "terms": json.loads(c["terms"]),
                   "central_sentences": json.loads(c["central_sentences"]),
                   "themes": json.loads(c["themes"])} for c in clusters],
        outlier_share=(units[1] or 0) / units[0] if units and units[0] else 0.0,
        portfolio=_bucket_counts(
            [r["portfolio_min"] for r in family if r["portfolio_min"]],
            [(1, 19), (20, 49), (50, 100), (101, 10**6 + 1)]),
        years=_bucket_counts(
            [r["years_experience_min"] for r in family
             if r["years_experience_min"] is not None],
            [(0, 1), (2, 3), (4, 5), (6, 8), (9, 10**6 + 1)]),
        tools=tools.most_common(15),
    )


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",)),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )


def render_report(report: Report) -> tuple[str, str]:
    """Return the report as (HTML, Markdown)."""
    env = _environment()
    pct = lambda value: f"{100 * value:.1f}"  # noqa: E731
    env.filters["pct"] = pct
    html = env.get_template("report.html.j2").render(r=report)
    markdown = env.get_template("report.md.j2").render(r=report)
    return html, markdown


def write_report(db_path: Path, folder: Path, version: str, counts: dict) -> list[Path]:
    """Write ``report.html`` and ``report.md`` for a release database."""
    html, markdown = render_report(read_report(db_path, version, counts))
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "report.html", folder / "report.md"]
    paths[0].write_text(html, encoding="utf-8")
    paths[1].write_text(markdown, encoding="utf-8")
    return paths
