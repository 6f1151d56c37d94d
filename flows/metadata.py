"""Titles and descriptions that Datasette shows beside each table."""

from __future__ import annotations

TABLES = {
    "postings": ("Postings", "One row per posting as fetched, with its clean text, "
                 "role family, duplicate group (job_id) and parsed fields."),
    "rejects": ("Rejects", "Responses and postings that could not be used, with the "
                "reason; their raw bytes stay in the input archive."),
    "sections": ("Sections", "Labelled sections of each posting, with character "
                 "offsets into postings.clean_text."),
    "units": ("Requirement units", "Each bullet or sentence of the responsibilities, "
              "requirements and nice-to-have sections, with offsets and cluster."),
    "embeddings": ("Embeddings", "Sentence vectors (float32, little-endian) of the "
                   "customer success family's units, keyed by text hash."),
    "themes": ("Theme labels", "Codebook themes each posting carries, with the "
               "sentence that shows it."),
    "jobs": ("Jobs", "Groups of postings of the same job; shares count these."),
    "clusters": ("Requirement clusters", "Themes discovered from the units, with "
                 "c-TF-IDF terms, central sentences and overlap with the codebook."),
    "theme_shares": ("Theme shares", "Share of unique customer success jobs that "
                     "carry each theme, with a Wilson 95% interval, by slice."),
    "runs": ("Runs", "Each stage of the run that built this release, with counts."),
}


def datasette_metadata(manifest: dict) -> dict:
    """Datasette metadata for a release, from its manifest."""
    database = {
        "title": f"csm-radar release {manifest['version']}",
        "description": "Customer success job postings: what listings claim, "
                       "and what the role really needs.",
        "tables": {
            name: {"title": title, "description": text}
            for name, (title, text) in TABLES.items()
        },
    }
    return {
        "title": "csm-radar",
        "license": "Data: see the sources' licences in the manifest",
        "source": f"archive {manifest.get('input_archive')}",
        "databases": {"csm-radar": database},
    }
