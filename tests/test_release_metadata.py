"""What a release says about itself: its data package, data dictionary,
exports, changelog and the Datasette it is served with.

The release is published with `flows.release.publish` and the
`write_release_files` hook from the database of the real run of the flow
(`release`, a live crawl of the stand-in boards), then checked with the
Frictionless library, pyarrow, `csm-radar verify`, and Datasette serving it
(opened in Chromium for the chart).
"""

import csv
import json
import shutil
import sqlite3
import urllib.parse
import urllib.request

import pyarrow.parquet as pq
import pytest
from conftest import ARTIFACTS, csm_radar, free_port, serving

from flows.dictionary import (
    HISTORY_TABLES, TABLES, UNDESCRIBED, check_described, data_tables, describe,
    table_columns,
)
from flows.exports import export_table
from flows.release import content_hash, previous_release, publish, read_manifest
from flows.release_files import write_release_files

RUN_KEYS = ("version", "content_hash", "published_at", "files")


def run_manifest(release):
    """What a run hands to publish: the release's manifest less what publish adds."""
    return {k: v for k, v in read_manifest(release).items() if k not in RUN_KEYS}


def publish_with_files(db, releases, manifest, **kwargs):
    """Publish as the flow does, with the release files written in the hook."""
    previous = previous_release(releases)

    def extras(folder, version):
        write_release_files(folder, version, manifest, previous=previous)

    return publish(db, releases, manifest, write_extras=extras, **kwargs)


@pytest.fixture(scope="module")
def published(release, tmp_path_factory):
    """A release with every release file, published from the real run's database."""
    releases = tmp_path_factory.mktemp("metadata") / "releases"
    return publish_with_files(release / "csm-radar.db", releases, run_manifest(release))


def rows(db, sql, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_release_holds_exports_metadata_and_lists_them_in_the_manifest(published):
    db = published / "csm-radar.db"
    tables = data_tables(db)
    assert set(tables) == set(TABLES)
    expected = {"csm-radar.db", "datapackage.json", "data-dictionary.md",
                "CHANGELOG.md", "history.db", "inspect-data.json"}
    expected |= {f"exports/{t}.{ext}" for t in tables for ext in ("csv", "parquet")}
    files = set(read_manifest(published)["files"])
    assert expected <= files
    assert {p.relative_to(published).as_posix() for p in published.rglob("*")
            if p.is_file()} == files | {"manifest.json"}


def test_every_column_is_described_including_those_added_at_run_time(published):
    db = published / "csm-radar.db"
    assert check_described(db) == []
    # The run adds analysis columns to postings; the dictionary has them all.
    columns = {name for name, _, _ in table_columns(db, "postings")}
    assert {"clean_text", "role_family", "job_id", "seniority", "workplace",
            "countries", "salary_min"} <= columns
    assert columns == set(TABLES["postings"].columns)


def test_every_column_of_the_store_schema_is_described():
    from flows.store import SCHEMA

    for table, (columns, _) in SCHEMA.items():
        assert describe(table, strict=True)
        for column in columns:
            assert describe(table, column, strict=True) != UNDESCRIBED


def test_datapackage_validates_with_frictionless(published):
    import frictionless

    report = frictionless.validate(str(published / "datapackage.json"))
    problems = [(task.name, [e.message for e in task.errors[:3]])
                for task in report.tasks if not task.valid]
    assert report.valid, (problems, [e.message for e in report.errors[:3]])
    assert len(report.tasks) == len(TABLES)


def test_datapackage_names_schema_keys_sources_and_how_it_was_made(published):
    package = json.loads((published / "datapackage.json").read_text())
    manifest = read_manifest(published)
    db = published / "csm-radar.db"
    assert package["version"] == published.name
    made = package["csm_radar"]
    assert made["code_version"] == manifest["code_version"]
    assert made["model"] == manifest["model"]
    assert made["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert made["parameters"] == manifest["parameters"] and made["parameters"]
    assert made["input_archive_sha256"] == manifest["input_archive_sha256"]
    assert all(source["title"] and source["path"] and source["license"]
               for source in package["sources"])
    by_name = {r["name"]: r for r in package["resources"]}
    for table in data_tables(db):
        resource = by_name[table]
        schema = resource["schema"]
        columns = table_columns(db, table)
        keys = [name for name, _, pk in sorted(columns, key=lambda c: c[2]) if pk]
        assert schema["primaryKey"] == keys, table
        for field in schema["fields"]:
            assert field["description"] and field["description"] != UNDESCRIBED
            assert field["description"].startswith(
                TABLES[table].columns[field["name"]]), (table, field["name"])
        assert resource["csm_radar"]["rows"] == rows(
            db, f"select count(*) from [{table}]")[0][0]
    # The vector blob is in Parquet, not in CSV, and the package says so.
    fields = by_name["embeddings"]["schema"]["fields"]
    assert "vector" not in {f["name"] for f in fields}
    assert "leaves out vector" in by_name["embeddings"]["description"]


def test_shipped_archive_sources_carry_their_licences(published):
    from flows.datapackage import sources_for

    sources, licences = sources_for({"input_archive": "csm-radar-default.warc.gz"})
    assert ("https://github.com/stapply-ai/ats-scrapers", "MIT") in {
        (s["path"], s["license"]) for s in sources}
    assert licences[0]["name"] == "MIT"
    # A live crawl reads the boards' APIs under each board's terms.
    live, none = sources_for(read_manifest(published))
    assert none == [] and {"Ashby public posting API"} <= {s["title"] for s in live}


def test_exports_hold_every_row_and_column(published):
    db = published / "csm-radar.db"
    for table in data_tables(db):
        count = rows(db, f"select count(*) from [{table}]")[0][0]
        parquet = pq.read_table(published / "exports" / f"{table}.parquet")
        assert parquet.num_rows == count, table
        assert parquet.column_names == [c for c, _, _ in table_columns(db, table)]
        with open(published / "exports" / f"{table}.csv", newline="",
                  encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            assert sum(1 for _ in reader) == count, table
        blobs = [c for c, declared, _ in table_columns(db, table) if declared == "BLOB"]
        assert header == [c for c, _, _ in table_columns(db, table) if c not in blobs]
    vectors = pq.read_table(published / "exports" / "embeddings.parquet")
    stored = dict(rows(db, "select text_hash, vector from embeddings"))
    assert stored and all(stored[h] == v for h, v in zip(
        vectors.column("text_hash").to_pylist(), vectors.column("vector").to_pylist()))


def test_exports_are_streamed_in_chunks_with_the_same_result(published, tmp_path):
    db = published / "csm-radar.db"
    small = export_table(db, "units", tmp_path / "small", chunk_rows=7)
    assert small.rows > 7 * 3
    whole = pq.read_table(published / "exports" / "units.parquet")
    assert pq.read_table(small.parquet).equals(whole)
    assert small.csv.read_bytes() == (published / "exports" / "units.csv").read_bytes()
    # Nulls stay nulls in Parquet.
    nulls = rows(db, "select count(*) from units where cluster_id is null")[0][0]
    assert whole.column("cluster_id").null_count == nulls


def test_data_dictionary_describes_every_column(published):
    text = (published / "data-dictionary.md").read_text()
    for table in data_tables(published / "csm-radar.db"):
        assert f"## {table}: " in text
        for column, description in TABLES[table].columns.items():
            assert f"| `{column}` |" in text
            assert description.replace("|", "\\|") in text


def test_first_release_changelog_and_history(published):
    changelog = (published / "CHANGELOG.md").read_text()
    assert changelog.startswith("# csm-radar changelog\n\n## " + published.name)
    assert "First release" in changelog
    history = rows(published / "history.db",
                   "select version, theme, share from theme_history")
    shares = rows(published / "csm-radar.db",
                  "select theme, share from theme_shares where slice = 'all'")
    assert {(published.name, t, s) for t, s in shares} == set(history)


def test_verify_fails_on_a_changed_byte_in_an_export_or_the_datapackage(
        published, tmp_path):
    ok = csm_radar("verify", str(published))
    count = len(read_manifest(published)["files"])
    assert f"{count} files match" in ok.stdout
    for name in ("exports/postings.parquet", "exports/themes.csv", "datapackage.json"):
        copy = tmp_path / name.replace("/", "_") / published.name
        shutil.copytree(published, copy)
        path = copy / name
        path.chmod(0o644)
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 1
        path.write_bytes(bytes(data))
        bad = csm_radar("verify", str(copy), check=False)
        assert bad.returncode == 1, name
        assert f"FAILED {name}: SHA-256 differs from the manifest" in bad.stderr
    copy = tmp_path / "extra" / published.name
    shutil.copytree(published, copy)
    (copy / "exports").chmod(0o755)
    (copy / "exports" / "sneaked.csv").write_text("a\n1\n")
    bad = csm_radar("verify", str(copy), check=False)
    assert bad.returncode == 1
    assert "exports/sneaked.csv: not listed in the manifest" in bad.stderr


def test_republishing_gives_the_same_content_hash_and_files(published, tmp_path):
    again = publish_with_files(published / "csm-radar.db", tmp_path / "releases",
                               run_manifest(published))
    first, second = read_manifest(published), read_manifest(again)
    assert again.name == published.name
    assert second["content_hash"] == first["content_hash"] == content_hash(
        again / "csm-radar.db")
    assert second["files"] == first["files"]


# Datasette -----------------------------------------------------------------

def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def datasette(published):
    """`csm-radar serve` of the published release on a free port."""
    from flows.serve import datasette_args

    args = datasette_args(published, free_port())
    inspect_file = args[args.index("--inspect-file") + 1]
    assert inspect_file == str(published / "inspect-data.json")
    with serving(str(published), probe="/-/versions.json") as base:
        yield base


def test_datasette_serves_both_databases_immutably_from_the_inspect_file(
        datasette, published):
    inspected = json.loads((published / "inspect-data.json").read_text())
    served = {d["name"]: d for d in get_json(datasette + "/-/databases.json")}
    assert set(served) == {"csm-radar", "history"}
    for name, database in served.items():
        assert not database["is_mutable"]
        assert database["hash"] == inspected[name]["hash"]
    counts = {t: v["count"] for t, v in inspected["csm-radar"]["tables"].items()}
    assert counts["postings"] == rows(published / "csm-radar.db",
                                      "select count(*) from postings")[0][0]


def test_datasette_metadata_has_column_descriptions_licence_and_source(datasette):
    metadata = get_json(datasette + "/-/metadata.json")
    assert metadata["source"]  # a live crawl: the boards' APIs, no licence of ours
    tables = metadata["databases"]["csm-radar"]["tables"]
    for name, entry in TABLES.items():
        assert tables[name]["columns"] == entry.columns
        assert tables[name]["source"]
    history = metadata["databases"]["history"]["tables"]["theme_history"]
    assert history["columns"] == HISTORY_TABLES["theme_history"].columns


def test_datasette_facets_on_postings(datasette):
    page = get_json(datasette + "/csm-radar/postings.json?_size=0")
    assert {"role_family", "source", "seniority", "workplace",
            "segment"} <= set(page["facet_results"])
    themes = get_json(datasette + "/csm-radar/themes.json?_size=0")
    assert "theme" in themes["facet_results"]


def test_similar_postings_share_themes_with_the_given_one(datasette, published):
    db = published / "csm-radar.db"
    posting = rows(db, "select posting_id from themes group by posting_id "
                       "order by count(*) desc, posting_id limit 1")[0][0]
    mine = {t for (t,) in rows(db, "select theme from themes where posting_id = ?",
                               posting)}
    similar = get_json(datasette + "/csm-radar/similar_postings.json?_shape=array&"
                       + urllib.parse.urlencode({"posting_id": posting}))
    assert similar and posting not in {r["posting_id"] for r in similar}
    for row in similar:
        theirs = {t for (t,) in rows(db, "select theme from themes where "
                                         "posting_id = ?", row["posting_id"])}
        assert row["shared_themes"] == len(mine & theirs)
        assert row["jaccard"] == pytest.approx(
            len(mine & theirs) / len(mine | theirs), abs=1e-3)
    counts = [r["shared_themes"] for r in similar]
    assert counts == sorted(counts, reverse=True)


def test_theme_trend_query_reads_the_history(datasette, published):
    trend = get_json(datasette + "/history/theme_trend.json?_shape=array"
                     "&theme=onboarding")
    assert [(r["version"], r["theme"]) for r in trend] == [
        (published.name, "onboarding")]
    assert trend[0]["change_pts"] is None


def test_theme_shares_chart_renders_with_datasette_vega(datasette, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 1400})
    page.goto(datasette + "/csm-radar/theme_shares?slice=all&_sort_desc=share"
              "#g.mark=bar&g.x_column=theme&g.x_type=ordinal&g.y_column=share"
              "&g.y_type=quantitative")
    chart = page.locator(".vega-embed canvas, .vega-embed svg.marks").first
    try:
        chart.wait_for(state="attached", timeout=20000)
    finally:
        page.screenshot(path=str(ARTIFACTS / "datasette-vega-theme-shares.png"),
                        full_page=True)
    assert "Charting options" in page.locator("body").inner_text()
    page.close()

