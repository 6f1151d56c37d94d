"""The whole flow, for real: a live crawl of a local server, then a replay.

The first run crawls the stand-in board server (real saved responses plus
broken ones) with `csm-radar run --live`, which records a WARC; the second
replays that WARC offline. Both go through Prefect, Scrapy, the bundled
model and SQLite exactly as a user's run does.
"""

import json
import shutil
import sqlite3

import pytest
from conftest import GOOD, csm_radar

from flows.release import content_hash, read_manifest


def query(release, sql, *params):
    with sqlite3.connect(release / "csm-radar.db") as conn:
        return conn.execute(sql, params).fetchall()


def expected_postings():
    """Posting ids in the saved responses the good boards serve."""
    from crawl_fixtures import saved_body

    ids = set()
    for source, board in GOOD:
        document = json.loads(saved_body(source, board))
        jobs = document if source == "lever" else document["jobs"]
        ids |= {f"{source}:{board}:{job['id']}" for job in jobs}
    return ids


def test_run_prints_where_the_release_is(live_run):
    _, _, release, done = live_run
    assert f"written to {release}" in done.stdout


def test_release_holds_every_posting_of_the_good_boards(release):
    stored = {row[0] for row in query(release, "select posting_id from postings")}
    assert expected_postings() <= stored
    # The untitled Lever posting is the only one of its board that is lost.
    assert len(stored - expected_postings()) == 5


def test_malformed_input_is_recorded_with_its_reason(release):
    rejects = {(board, reason) for board, reason in
               query(release, "select board, reason from rejects")}
    assert ("broken", "invalid_json") in rejects
    assert ("login", "html_instead_of_json") in rejects
    assert ("untitled", "missing_title") in rejects


def test_family_units_have_embeddings_clusters_and_themes(release):
    family = query(release, "select count(*) from postings "
                            "where role_family in ('csm', 'adjacent')")[0][0]
    assert family >= 6
    missing = query(release, """
        select count(*) from units u join postings p using (posting_id)
        where p.role_family in ('csm', 'adjacent')
        and u.text_hash not in (select text_hash from embeddings)""")[0][0]
    assert missing == 0
    assert query(release, "select count(*) from embeddings")[0][0] > 50
    assert query(release, "select count(*) from clusters")[0][0] >= 2
    assert query(release, "select count(*) from units where cluster_id is not null")[0][0] > 50
    themes = {row[0] for row in query(release, "select distinct theme from themes")}
    assert {"onboarding", "renewals"} <= themes


def test_theme_shares_cover_every_codebook_theme(release):
    from analysis.codebook import THEME_NAMES

    rows = query(release, "select theme, jobs, total, share, ci_low, ci_high "
                          "from theme_shares where slice = 'all'")
    assert {r[0] for r in rows} == set(THEME_NAMES)
    for theme, jobs, total, share, low, high in rows:
        assert share == pytest.approx(jobs / total, abs=1e-4), theme
        assert low <= share <= high


def test_manifest_names_input_model_counts_and_checksums(release):
    manifest = read_manifest(release)
    assert manifest["version"] == release.name
    assert manifest["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert len(manifest["input_archive_sha256"]) == 64
    assert manifest["counts"]["crawl"]["rejects"] == 3
    assert 0 <= manifest["counts"]["dedupe"]["duplicate_rate"] < 1
    assert {"csm-radar.db", "report.html", "report.md", "datapackage.json",
            "exports/postings.parquet", "exports/postings.csv"} <= set(manifest["files"])
    assert manifest["content_hash"] == content_hash(release / "csm-radar.db")


def test_replaying_the_recorded_archive_gives_the_same_release(live_run):
    folder, sources, release, _ = live_run
    archive = next((folder / "data" / "archives").glob("*.warc.gz"))
    done = csm_radar("run", "--archive", str(archive), "--sources", str(sources),
                     "--output", str(folder / "data"))
    assert f"written to {release}" in done.stdout
    assert len(list((folder / "data" / "releases").iterdir())) == 1


def test_verify_passes_then_fails_on_a_changed_byte(release, tmp_path):
    ok = csm_radar("verify", str(release))
    files = len(read_manifest(release)["files"])
    assert f"{files} files match" in ok.stdout
    copy = tmp_path / release.name
    shutil.copytree(release, copy)
    report = copy / "report.md"
    report.chmod(0o644)
    data = bytearray(report.read_bytes())
    data[10] ^= 1
    report.write_bytes(bytes(data))
    bad = csm_radar("verify", str(copy), check=False)
    assert bad.returncode == 1
    assert "report.md: SHA-256 differs" in bad.stderr


def test_clustering_the_release_twice_gives_the_same_clusters(release, tmp_path):
    from flows import stages
    from flows.config import RunConfig

    copy = tmp_path / "copy.db"
    shutil.copyfile(release / "csm-radar.db", copy)
    copy.chmod(0o644)

    def assignments():
        with sqlite3.connect(copy) as conn:
            conn.execute("delete from clusters")
            conn.execute("update units set cluster_id = null")
        counts = stages.cluster(copy, RunConfig())
        rows = query(tmp_path, "select unit_id, cluster_id from units "
                               "where cluster_id is not null order by unit_id")
        return counts, rows

    (tmp_path / "csm-radar.db").symlink_to(copy)
    first, first_rows = assignments()
    second, second_rows = assignments()
    assert first_rows == second_rows and len(first_rows) > 50
    assert first == second
    assert first["outlier_share"] < 0.15
    published = read_manifest(release)["counts"]["cluster"]
    assert published["outlier_share"] == first["outlier_share"]
