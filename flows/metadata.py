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


QUERIES = {
    "gap": {
        "title": "Claims against reality",
        "description": "For each pair of the reference document, the share of unique "
                       "customer success jobs that name the generic claim and the "
                       "share that describe the real requirement (95% intervals).",
        "sql": """
select c.theme as claim, round(100 * c.share, 1) as claim_pct,
       round(100 * c.ci_low, 1) || '-' || round(100 * c.ci_high, 1) as claim_ci,
       r.theme as real_requirement, round(100 * r.share, 1) as real_pct,
       round(100 * r.ci_low, 1) || '-' || round(100 * r.ci_high, 1) as real_ci,
       c.total as jobs
from theme_shares c join theme_shares r on r.slice = c.slice
where c.slice = 'all' and (c.theme, r.theme) in (values
  ('churn_listed', 'early_risk_detection'), ('onboarding', 'onboarding_first_impression'),
  ('expansion', 'expansion_timing'), ('qbr', 'qbr_outcomes'),
  ('data_sql', 'data_dashboards'))
order by c.share desc""",
    },
    "theme_evidence": {
        "title": "Evidence for a theme",
        "description": "The sentences that carry a theme, with their postings.",
        "sql": """
select t.theme, t.evidence, p.title, p.company, p.url, p.posting_id
from themes t join postings p on p.posting_id = t.posting_id
where t.theme = :theme order by p.company, p.title limit 500""",
    },
    "shares": {
        "title": "Every theme's share",
        "description": "Share of unique customer success jobs per theme and slice.",
        "sql": """
select slice, theme, group_name, jobs, total, round(100 * share, 1) as pct,
       round(100 * ci_low, 1) as ci_low_pct, round(100 * ci_high, 1) as ci_high_pct
from theme_shares where slice = coalesce(nullif(:slice, ''), 'all')
order by share desc""",
    },
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
        "queries": QUERIES,
    }
    database["tables"]["units"]["fts_table"] = "units_fts"
    database["tables"]["units"]["searchmode"] = "raw"
    database["tables"]["postings"]["facets"] = ["role_family", "source", "board"]
    database["tables"]["themes"]["facets"] = ["theme"]
    return {
        "title": "csm-radar",
        "license": "Data: see the sources' licences in the manifest",
        "source": f"archive {manifest.get('input_archive')}",
        "databases": {"csm-radar": database},
    }
