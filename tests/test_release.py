"""Publishing releases: immutable directories, checksums, stable content hash."""

import datetime as dt
import json
import os

import pytest

from flows.release import (
    MANIFEST_NAME, ReleaseError, content_hash, latest_release, list_releases,
    publish, sha256_file,
)
from flows.store import insert_all, open_db


def build_db(path, titles, fetched="2026-01-01"):
    db = open_db(path)
    rows = [{"posting_id": f"ashby:acme:{i}", "title": t, "fetched_at": fetched}
            for i, t in enumerate(titles)]
    insert_all(db, "postings", reversed(rows) if fetched > "2026-01-01" else rows)
    db["runs"].insert({"run_id": str(path), "stage": "crawl", "counts": "{}"})
    db.close()
    return path


def test_same_content_gives_same_hash_whatever_the_fetch_time(tmp_path):
    a = build_db(tmp_path / "a.db", ["Customer Success Manager", "Renewals Manager"])
    b = build_db(tmp_path / "b.db", ["Customer Success Manager", "Renewals Manager"],
                 fetched="2026-02-01")
    assert content_hash(a) == content_hash(b)
    c = build_db(tmp_path / "c.db", ["Customer Success Manager", "Onboarding Lead"])
    assert content_hash(a) != content_hash(c)


def test_publish_writes_manifest_with_checksums_and_never_overwrites(tmp_path):
    db = build_db(tmp_path / "run.db", ["Customer Success Manager"])
    releases = tmp_path / "releases"
    day = dt.date(2026, 12, 3)
    release = publish(db, releases, {"counts": {"postings": 1}}, today=day)
    manifest = json.loads((release / MANIFEST_NAME).read_text())
    assert release.name == f"2026-12-03.{manifest['content_hash'][:10]}"
    assert manifest["files"]["csm-radar.db"] == sha256_file(release / "csm-radar.db")
    assert manifest["counts"] == {"postings": 1}
    before = (release / MANIFEST_NAME).read_bytes()
    again = publish(db, releases, {"counts": {"postings": 99}}, today=day)
    assert again == release
    assert (release / MANIFEST_NAME).read_bytes() == before
    assert not os.access(release / "csm-radar.db", os.W_OK) or os.geteuid() == 0
    assert list_releases(releases) == [release]
    assert latest_release(releases) == release


def test_failed_publish_leaves_no_directory(tmp_path):
    db = build_db(tmp_path / "run.db", ["Customer Success Manager"])
    releases = tmp_path / "releases"
    with pytest.raises(TypeError):
        publish(db, releases, {"unserialisable": object()})
    assert list(releases.iterdir()) == []


def test_latest_release_without_any_says_what_to_do(tmp_path):
    with pytest.raises(ReleaseError, match="csm-radar run"):
        latest_release(tmp_path / "releases")
