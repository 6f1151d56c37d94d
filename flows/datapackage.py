"""The Frictionless data package that describes a release.

``datapackage.json`` names one tabular resource per data table (its CSV
export, with the table's schema, primary key, size and SHA-256), where the
data came from and under which licence, and how it was made: code version,
model, parameters and input archive, taken from the run's manifest.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flows.dictionary import TABLES, describe, table_schema
from flows.exports import Export
from flows.release import sha256_file

logger = logging.getLogger(__name__)

DATAPACKAGE_NAME = "datapackage.json"
DEFAULT_ARCHIVE_NAME = "csm-radar-default.warc.gz"
MIT = {"name": "MIT", "path": "https://opensource.org/licenses/MIT",
       "title": "MIT License"}
# Where the shipped archive's responses come from: datasets/archive/PROVENANCE.md.
ARCHIVE_SOURCES = [
    {"title": "stapply-ai/ats-scrapers: Ashby posting API responses, 384 boards",
     "path": "https://github.com/stapply-ai/ats-scrapers", "license": "MIT"},
    {"title": "omoji-personal/careerkit: Greenhouse and Lever API responses",
     "path": "https://github.com/omoji-personal/careerkit", "license": "MIT"},
    {"title": "ehddd3579-dot/career-page-job-monitor: Lever API responses",
     "path": "https://github.com/ehddd3579-dot/career-page-job-monitor",
     "license": "MIT"},
]
LIVE_SOURCES = [
    {"title": "Ashby public posting API", "path": "https://api.ashbyhq.com",
     "license": "terms of the job board"},
    {"title": "Greenhouse job board API", "path": "https://boards-api.greenhouse.io",
     "license": "terms of the job board"},
    {"title": "Lever postings API", "path": "https://api.lever.co",
     "license": "terms of the job board"},
]
NOTICE = ("The postings' wording belongs to the employers that published them; "
          "csm-radar's code is MIT-licensed.")


def sources_for(manifest: dict) -> tuple[list[dict], list[dict]]:
    """The sources and licences of a release, from the archive it was built from.

    The shipped archive's responses come from MIT-licensed repositories; a
    live crawl reads the boards' public APIs under each board's terms.
    """
    if manifest.get("input_archive") == DEFAULT_ARCHIVE_NAME:
        return ARCHIVE_SOURCES, [MIT]
    return LIVE_SOURCES, []


def datapackage(folder: Path, version: str, manifest: dict,
                exports: list[Export]) -> dict:
    """The data package descriptor of a release being assembled in ``folder``.

    Args:
        folder: the release (or staging) folder; resource paths are relative
            to it.
        version: the release id.
        manifest: the run's manifest (code version, model, parameters, input).
        exports: the CSV and Parquet files of each table.
    """
    db_path = folder / "csm-radar.db"
    sources, licenses = sources_for(manifest)
    resources = []
    for export in exports:
        title = TABLES[export.table].title if export.table in TABLES else export.table
        schema = table_schema(db_path, export.table)
        left_out = [f["name"] for f in schema["fields"]
                    if f["name"] not in export.csv_columns]
        schema["fields"] = [f for f in schema["fields"]
                            if f["name"] in export.csv_columns]
        description = describe(export.table)
        if left_out:
            description += (f" The CSV leaves out {', '.join(left_out)} (binary); "
                            "the Parquet file keeps it.")
        resources.append({
            "name": export.table,
            "title": title,
            "description": description,
            "path": export.csv.relative_to(folder).as_posix(),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": export.csv.stat().st_size,
            "hash": f"sha256:{sha256_file(export.csv)}",
            "schema": schema,
            "csm_radar": {
                "rows": export.rows,
                "parquet": export.parquet.relative_to(folder).as_posix(),
                "sqlite_table": export.table,
            },
        })
    descriptor = {
        "profile": "tabular-data-package",
        "name": "csm-radar",
        "title": f"csm-radar release {version}",
        "description": "Customer success job postings, what their requirements "
                       "say, and the share of unique jobs that carry each theme "
                       f"of the codebook. {NOTICE}",
        "version": version,
        "sources": sources,
        "resources": resources,
        "csm_radar": {
            "database": "csm-radar.db",
            "code_version": manifest.get("code_version"),
            "model": manifest.get("model"),
            "parameters": manifest.get("parameters", {}),
            "input_archive": manifest.get("input_archive"),
            "input_archive_sha256": manifest.get("input_archive_sha256"),
        },
    }
    if licenses:
        descriptor["licenses"] = licenses
    return descriptor
