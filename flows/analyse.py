"""Rows of the release database from one posting record.

This is where the crawler's record meets the analysis functions: the record
becomes a ``postings`` row, and its text becomes sections, requirement units
and theme labels, each traceable to character offsets in the clean text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from analysis.document import parse_document
from analysis.embed import text_hash
from analysis.labels import label_posting
from flows.fields import posting_fields
from flows.store import as_json

logger = logging.getLogger(__name__)

RECORD_COLUMNS = (
    "posting_id", "source", "board", "source_id", "url", "title", "company",
    "department", "team", "workplace_type", "employment_type", "published_at",
    "description_html", "description_text", "request_url", "fetched_at",
)


# Real descriptions stay under 40,000 characters; five times that is a bug.
MAX_CHARS = 200_000


def _capped(value: str | None, title: str) -> str | None:
    if value and len(value) > MAX_CHARS:
        logger.warning("description of %r is %d characters; reading the first %d",
                       title, len(value), MAX_CHARS)
        return value[:MAX_CHARS]
    return value


@dataclass
class PostingRows:
    """Everything one posting adds to the database."""

    posting: dict
    sections: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    themes: list[dict] = field(default_factory=list)
    labels: dict = field(default_factory=dict)


def posting_row(record: dict) -> dict:
    """The ``postings`` row of a crawled record, before analysis."""
    row = {column: record.get(column) for column in RECORD_COLUMNS}
    row["locations"] = as_json(record.get("locations") or [])
    row["compensation"] = as_json(record.get("compensation"))
    return row


def label_row(title: str, html: str | None, text: str | None) -> tuple:
    """The document and the codebook labels of one posting's text.

    A description longer than any real posting (``MAX_CHARS``) is cut there,
    with a warning, so that one runaway input cannot stall a run.
    """
    html, text = _capped(html, title), _capped(text, title)
    document = parse_document(html or "", text)
    return document, label_posting(title or "", document)


def analyse_row(row: dict) -> PostingRows:
    """Analyse one ``postings`` row into the rows that depend on its text."""
    posting_id = row["posting_id"]
    document, labels = label_row(row["title"], row["description_html"],
                                 row["description_text"])
    years = labels.get("years_experience_min")
    book = labels.get("portfolio_accounts") or {}
    posting = {
        "posting_id": posting_id,
        "clean_text": document.text,
        "role_family": labels["role_family"],
        "segment": as_json(labels.get("segment") or []),
        "years_experience_min": years.get("value") if isinstance(years, dict) else years,
        "portfolio_min": book.get("min"),
        "portfolio_max": book.get("max"),
        "tools": as_json(labels.get("tools") or []),
        **posting_fields(row, document),
    }
    sections = [
        {"posting_id": posting_id, "position": i, "label": s.label,
         "heading": s.heading, "start": s.start, "end": s.end}
        for i, s in enumerate(document.sections)
    ]
    units = [
        {"unit_id": f"{posting_id}#{u.position:03d}", "posting_id": posting_id,
         "position": u.position, "section": u.section, "start": u.start,
         "end": u.end, "text": u.text, "text_hash": text_hash(u.text),
         "cluster_id": None}
        for u in document.units
    ]
    themes = [
        {"posting_id": posting_id, "theme": theme, "evidence": value.get("evidence"),
         "score": value.get("score")}
        for theme, value in labels.items()
        if isinstance(value, dict) and value.get("value") is True
    ]
    return PostingRows(posting, sections, units, themes, labels)
