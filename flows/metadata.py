"""What Datasette shows beside a release: titles, descriptions, licences,
sources, facets and canned queries.

Table and column descriptions come from :mod:`flows.dictionary`, the same
place the data package and the data dictionary are made from.
"""

from __future__ import annotations

from flows.datapackage import NOTICE, sources_for
from flows.dictionary import HISTORY_TABLES, TABLES

HISTORY_DATABASE = "history"
# Facets worth a click on each table; JSON-list columns are array facets.
FACETS = {
    "postings": ["role_family", "source", "seniority", "workplace",
                 {"array": "segment"}, {"array": "countries"}, "salary_source"],
    "themes": ["theme"],
    "theme_shares": ["group_name", "theme"],
    "units": ["section"],
    "sections": ["label"],
    "rejects": ["reason", "source"],
    "jobs": ["role_family"],
    "clusters": ["in_reference"],
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
    "similar_postings": {
        "title": "Postings like a given one",
        "description": "Postings that share the most codebook themes with the "
                       "posting given (by posting_id), with the Jaccard overlap "
                       "of their theme sets.",
        "sql": """
with mine as (select theme from themes where posting_id = :posting_id),
     counts as (select posting_id, count(*) as n from themes group by posting_id)
select p.posting_id, p.title, p.company, p.seniority, count(*) as shared_themes,
       round(1.0 * count(*) / (c.n + (select count(*) from mine) - count(*)), 3)
         as jaccard,
       group_concat(t.theme, ', ') as themes, p.url
from themes t join mine using (theme)
join postings p on p.posting_id = t.posting_id
join counts c on c.posting_id = t.posting_id
where t.posting_id != :posting_id
group by t.posting_id order by shared_themes desc, jaccard desc, p.company, p.title
limit 50""",
    },
}

HISTORY_QUERIES = {
    "theme_trend": {
        "title": "Theme shares across releases",
        "description": "Each release's overall share of every theme, and how far it "
                       "moved since the release before (percentage points). "
                       "Leave theme empty for every theme.",
        "sql": """
select version, theme, group_name, jobs, total, round(100 * share, 1) as pct,
       round(100 * ci_low, 1) || '-' || round(100 * ci_high, 1) as ci,
       lag(version) over w as previous_version,
       round(100 * (share - lag(share) over w), 1) as change_pts
from theme_history
where theme = coalesce(nullif(:theme, ''), theme)
window w as (partition by theme order by version)
order by theme, version""",
    },
}


def _table(name: str, entry, facets: list | None, source: dict) -> dict:
    table = {"title": entry.title, "description": entry.description,
             "columns": dict(entry.columns), **source}
    if facets:
        table["facets"] = facets
    return table


def datasette_metadata(manifest: dict) -> dict:
    """Datasette metadata for a release, from its manifest.

    Every table gets its title, description, column descriptions, licence and
    source; the release database gets the canned queries, the history
    database (when the release has one) the trend query.
    """
    sources, licenses = sources_for(manifest)
    source = {
        "source": "; ".join(f"{s['title']} ({s['license']})" for s in sources),
        "source_url": sources[0]["path"],
    }
    if licenses:
        source |= {"license": licenses[0]["title"], "license_url": licenses[0]["path"]}
    database = {
        "title": f"csm-radar release {manifest['version']}",
        "description": "Customer success job postings: what listings claim, "
                       "and what the role really needs. " + NOTICE,
        "tables": {name: _table(name, entry, FACETS.get(name), source)
                   for name, entry in TABLES.items()},
        "queries": QUERIES,
    }
    database["tables"]["units"]["fts_table"] = "units_fts"
    database["tables"]["units"]["searchmode"] = "raw"
    history = {
        "title": "csm-radar theme history",
        "description": "Overall theme shares of this release and every release "
                       "before it.",
        "tables": {name: _table(name, entry, ["theme", "version"], source)
                   for name, entry in HISTORY_TABLES.items()},
        "queries": HISTORY_QUERIES,
    }
    inputs = (", ".join(i["archive"] for i in manifest.get("inputs", []))
              or manifest.get("input_archive"))
    return {
        "title": "csm-radar",
        "description": f"Release {manifest['version']}, code "
                       f"{manifest.get('code_version')}, model "
                       f"{manifest.get('model')}, inputs {inputs}.",
        **source,
        "databases": {"csm-radar": database, HISTORY_DATABASE: history},
    }
