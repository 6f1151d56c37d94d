"""The data dictionary: what every table and column of a release means.

This module is the one place where tables and columns are described. The
Frictionless data package, the Markdown data dictionary and Datasette's
metadata are all generated from it, so they cannot disagree.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

# Storage class of a declared SQLite column -> Frictionless Table Schema type.
_FRICTIONLESS_TYPES = {"TEXT": "string", "INTEGER": "integer", "FLOAT": "number",
                       "REAL": "number", "BLOB": "string", "NUMERIC": "number"}
# Columns that hold JSON text, with the Table Schema type of the JSON value.
JSON_COLUMNS = {
    ("postings", "locations"): "array", ("postings", "compensation"): "object",
    ("postings", "segment"): "array", ("postings", "tools"): "array",
    ("postings", "places"): "array", ("postings", "countries"): "array",
    ("jobs", "posting_ids"): "array", ("clusters", "terms"): "array",
    ("clusters", "central_sentences"): "array", ("clusters", "themes"): "object",
    ("runs", "counts"): "object",
}


@dataclass(frozen=True)
class Table:
    """What one table holds.

    Attributes:
        title: a short human title.
        description: one or two sentences on what a row is.
        columns: column name -> description, in the database's column order.
    """

    title: str
    description: str
    columns: dict[str, str]


TABLES: dict[str, Table] = {
    "postings": Table(
        "Postings",
        "One row per posting as fetched, with its clean text, role family, "
        "duplicate group (job_id) and parsed fields.",
        {
            "posting_id": "`source:board:source_id`, unique across sources.",
            "source": "The applicant tracking system: ashby, greenhouse or lever.",
            "board": "The board (company) slug within the source.",
            "source_id": "The posting's id at the source.",
            "url": "The public page of the posting.",
            "title": "The job title as given.",
            "company": "The company as given, else the board slug.",
            "department": "The department as given, or null.",
            "team": "The team as given, or null.",
            "locations": "Raw location strings as given, primary first (JSON list).",
            "workplace_type": "The source's own workplace hint (remote, hybrid, "
                              "onsite) as given, or null; see `workplace` for the "
                              "parsed value.",
            "employment_type": "The employment type as given (FullTime, Full-time, "
                               "...); see `employment` for the normalised value.",
            "published_at": "When the source says the posting was published, "
                            "ISO 8601 as given.",
            "compensation": "The source's structured compensation as given "
                            "(JSON object), or null.",
            "description_html": "The posting's HTML, entities decoded once.",
            "description_text": "Plain text as the source gave it, or derived from "
                                "the HTML.",
            "clean_text": "The text the analysis reads: headings, paragraphs and "
                          "list items in order; offsets in sections and units "
                          "point into it.",
            "request_url": "The API URL whose response carried the posting.",
            "fetched_at": "ISO 8601 time of that response (not part of the "
                          "content hash).",
            "role_family": "Codebook role family from the title and text: csm, "
                           "adjacent or other.",
            "job_id": "Near-duplicate group: postings of the same job share it; "
                      "see the jobs table.",
            "segment": "Customer segments the text names: smb, mid_market, "
                       "enterprise, strategic (JSON list).",
            "years_experience_min": "Minimum years of experience asked for, or null.",
            "portfolio_min": "Smallest book of business stated (accounts or ARR, "
                             "as parsed), or null.",
            "portfolio_max": "Largest book of business stated, or null.",
            "tools": "Tools the posting names: CRMs, CS platforms, BI and SQL "
                     "(JSON list).",
            "salary_min": "Lower end of the pay range, in salary_currency per "
                          "salary_period.",
            "salary_max": "Upper end of the pay range.",
            "salary_currency": "ISO 4217 code of the pay range.",
            "salary_currency_inferred": "1 when the text stated pay without a "
                                        "currency and salary_currency is that of the "
                                        "posting's countries, else 0.",
            "salary_period": "What the pay range is per: hour, week, month or year.",
            "salary_kind": "base (salary alone) or ote (on-target earnings).",
            "salary_equity": "1 when equity is offered on top of pay, else 0.",
            "salary_raw": "The text or structured value the pay range was read from.",
            "salary_source": "Where the pay came from: structured (the source's "
                             "compensation) or text (the description); null when "
                             "no pay is stated.",
            "places": "Parsed places: city, region, ISO country, workplace type, "
                      "remote scope and the raw string (JSON list of objects).",
            "countries": "ISO 3166-1 alpha-2 codes of the places (JSON list).",
            "workplace": "Parsed workplace types, joined with / "
                         "(e.g. hybrid/remote), or null when unknown.",
            "remote_scope": "For remote work, where from: a country code or an area "
                            "(EMEA, Europe, LATAM, Worldwide).",
            "seniority": "Level from the title: associate, mid, senior, lead, "
                         "principal, manager, director, head or vp.",
            "employment": "Normalised employment type (full_time, part_time, "
                          "contract, ...), or null.",
            "published_date": "published_at as a date (YYYY-MM-DD).",
            "first_seen": "ISO 8601 time of the first crawl that saw the posting "
                          "(not part of the content hash).",
            "last_seen": "ISO 8601 time of the latest crawl that saw it (not part "
                         "of the content hash).",
            "status": "Lifecycle across crawls: open, closed (missing from its "
                      "board on two crawls in a row) or reposted.",
            "reposted_from": "For a re-post, the posting_id of the earlier posting "
                             "with the same company, title family and text.",
            "time_slice": "The period the posting speaks for: 2020-2021 for the "
                          "historical job board, else the year it was collected.",
        },
    ),
    "rejects": Table(
        "Rejects",
        "Responses and postings that could not be used, with the reason; their "
        "raw bytes stay in the input archive.",
        {
            "reject_id": "Row number of the reject.",
            "source": "The applicant tracking system.",
            "board": "The board slug.",
            "url": "The URL of the response or posting.",
            "reason": "Why it was rejected, e.g. invalid_json, "
                      "html_instead_of_json, missing_title.",
            "detail": "What exactly was wrong.",
            "fetched_at": "ISO 8601 time of the response.",
        },
    ),
    "sections": Table(
        "Sections",
        "Labelled sections of each posting, with character offsets into "
        "postings.clean_text.",
        {
            "posting_id": "The posting (postings.posting_id).",
            "position": "Order of the section in the posting, from 0.",
            "label": "about_company, role, responsibilities, requirements, "
                     "nice_to_have, compensation, benefits, legal, how_to_apply "
                     "or other.",
            "heading": "The heading as written, or null for an unheaded section.",
            "start": "Offset of the first character in postings.clean_text.",
            "end": "Offset just past the last character.",
        },
    ),
    "units": Table(
        "Requirement units",
        "Each bullet or sentence of the responsibilities, requirements and "
        "nice-to-have sections, with offsets and cluster.",
        {
            "unit_id": "`posting_id#position`.",
            "posting_id": "The posting (postings.posting_id).",
            "position": "Order of the unit in the posting, from 0.",
            "section": "Label of the section it is in: responsibilities, "
                       "requirements or nice_to_have.",
            "start": "Offset of the first character in postings.clean_text.",
            "end": "Offset just past the last character.",
            "text": "The sentence or bullet.",
            "text_hash": "SHA-256 of the text; the key of its embedding.",
            "cluster_id": "Requirement cluster (clusters.cluster_id); -1 for an "
                          "outlier, null outside the customer success family.",
        },
    ),
    "embeddings": Table(
        "Embeddings",
        "Sentence vectors of the customer success family's units, keyed by text "
        "hash.",
        {
            "text_hash": "SHA-256 of the sentence (units.text_hash).",
            "model": "The sentence-embedding model that made the vector.",
            "vector": "float32 little-endian vector (BLOB); left out of the CSV "
                      "export, kept in Parquet.",
        },
    ),
    "themes": Table(
        "Theme labels",
        "Codebook themes each posting carries, with the sentence that shows it.",
        {
            "posting_id": "The posting (postings.posting_id).",
            "theme": "Codebook theme name.",
            "evidence": "The sentence of the posting that states the theme.",
            "score": "Strength of the match, when the labeller gives one.",
        },
    ),
    "jobs": Table(
        "Jobs",
        "Groups of postings of the same job; shares count these.",
        {
            "job_id": "Id of the group.",
            "title": "Title of the group's first posting.",
            "company": "Company of the group's first posting.",
            "role_family": "Role family of the group's first posting.",
            "postings": "Number of postings in the group.",
            "posting_ids": "The postings in the group (JSON list).",
        },
    ),
    "clusters": Table(
        "Requirement clusters",
        "Themes discovered from the units, with c-TF-IDF terms, central "
        "sentences and overlap with the codebook.",
        {
            "cluster_id": "Id of the cluster.",
            "label": "Label made from the top terms.",
            "terms": "Top c-TF-IDF terms (JSON list).",
            "units": "Units in the cluster.",
            "postings": "Postings with at least one unit in the cluster.",
            "share": "postings over the customer success family's postings.",
            "central_sentences": "Units nearest the cluster centre (JSON list).",
            "themes": "Codebook themes its sentences carry (JSON).",
            "in_reference": "1 when the cluster overlaps a codebook theme, else 0.",
        },
    ),
    "theme_shares": Table(
        "Theme shares",
        "Share of unique customer success jobs that carry each theme, with a "
        "Wilson 95% interval, by slice.",
        {
            "slice": "all, or column=value (e.g. seniority=senior) for a subset "
                     "of jobs.",
            "theme": "Codebook theme name.",
            "group_name": "Where the theme stands: claim, real_requirement, "
                          "background or other.",
            "jobs": "Unique jobs in the slice that carry the theme.",
            "total": "Unique jobs in the slice.",
            "share": "jobs / total.",
            "ci_low": "Lower bound of the Wilson 95% interval.",
            "ci_high": "Upper bound of the Wilson 95% interval.",
        },
    ),
    "runs": Table(
        "Runs",
        "Each stage of the run that built this release, with counts (not part "
        "of the content hash).",
        {
            "run_id": "Id of the run.",
            "started_at": "ISO 8601 start of the stage.",
            "finished_at": "ISO 8601 end of the stage.",
            "seconds": "Wall time of the stage in seconds.",
            "stage": "crawl, analyse, dedupe, embed, cluster, shares or index.",
            "counts": "The stage's counts (JSON object).",
        },
    ),
}

HISTORY_TABLES: dict[str, Table] = {
    "theme_history": Table(
        "Theme history",
        "Every release's overall theme shares, carried forward from release to "
        "release.",
        {
            "version": "The release the shares belong to.",
            "theme": "Codebook theme name.",
            "group_name": "claim, real_requirement, background or other.",
            "jobs": "Unique customer success jobs that carry the theme.",
            "total": "Unique customer success jobs in that release.",
            "share": "jobs / total.",
            "ci_low": "Lower bound of the Wilson 95% interval.",
            "ci_high": "Upper bound of the Wilson 95% interval.",
        },
    ),
}


def data_tables(db_path: Path) -> list[str]:
    """The tables of a release database that hold data, in name order.

    Full-text indexes (``*_fts`` and their shadow tables) and SQLite's own
    tables are left out: they are derived and rebuilt from the data.
    """
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute(
            "select name from sqlite_master where type = 'table' "
            "and name not like 'sqlite_%' and name not like '%_fts%' order by name")]


def table_columns(db_path: Path, table: str) -> list[tuple[str, str, int]]:
    """``(name, declared type, position in the primary key)`` of each column."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        return [(row[1], (row[2] or "").upper(), row[5])
                for row in conn.execute(f"pragma table_info([{table}])")]


UNDESCRIBED = "Not described yet: add it to flows/dictionary.py."


def describe(table: str, column: str | None = None, strict: bool = False) -> str:
    """The description of a table, or of one of its columns.

    Args:
        table: the table.
        column: the column, or None for the table itself.
        strict: raise for a table or column the dictionary lacks, instead of
            returning :data:`UNDESCRIBED`.

    Raises:
        KeyError: ``strict`` and the dictionary does not describe it.
    """
    entry = TABLES.get(table) or HISTORY_TABLES.get(table)
    text = None
    if entry is not None:
        text = entry.description if column is None else entry.columns.get(column)
    if text is None and strict:
        raise KeyError(f"{table}.{column}" if column else table)
    return text or UNDESCRIBED


def table_schema(db_path: Path, table: str) -> dict:
    """The Frictionless Table Schema of one table, read from the database."""
    fields, keys = [], []
    for name, declared, pk in table_columns(db_path, table):
        field = {"name": name, "type": _FRICTIONLESS_TYPES.get(declared, "any"),
                 "description": describe(table, name)}
        if (table, name) in JSON_COLUMNS:
            field["type"] = JSON_COLUMNS[table, name]
            field["description"] += " Stored as JSON text."
        fields.append(field)
        if pk:
            keys.append((pk, name))
    schema = {"fields": fields}
    if keys:
        schema["primaryKey"] = [name for _, name in sorted(keys)]
    return schema


def check_described(db_path: Path) -> list[str]:
    """Columns of the database that the dictionary does not describe."""
    missing = []
    for table in data_tables(db_path):
        for name, _, _ in table_columns(db_path, table):
            try:
                describe(table, name, strict=True)
            except KeyError:
                missing.append(f"{table}.{name}")
    return missing


def dictionary_markdown(db_path: Path, version: str) -> str:
    """The data dictionary of a release as Markdown, one section per table."""
    lines = [f"# Data dictionary: csm-radar release {version}", "",
             "Every table of `csm-radar.db`, also exported as `exports/<table>.csv` "
             "and `exports/<table>.parquet`. JSON columns hold JSON text.", ""]
    for table in data_tables(db_path):
        title = TABLES[table].title if table in TABLES else table
        lines += [f"## {table}: {title}", "", describe(table), "",
                  "| column | type | key | description |",
                  "| --- | --- | --- | --- |"]
        for name, declared, pk in table_columns(db_path, table):
            key = "primary" if pk else ""
            text = describe(table, name).replace("|", "\\|")
            lines.append(f"| `{name}` | {declared or 'ANY'} | {key} | {text} |")
        lines.append("")
    return "\n".join(lines)
