"""A publish that is killed part-way leaves no release and no half-written
file, never touches the release before it, and is cleaned up by the next one.

Each publish runs in its own process, as a run does, and is killed with
SIGKILL: no handler, no ``finally``, only what the filesystem shows.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_release_metadata import publish_with_files, run_manifest

from flows.config import REPO_ROOT
from flows.release import (
    STAGING_PREFIX, content_hash, list_releases, publish, read_manifest,
    remove_stale_staging,
)
from flows.verify import verify_release

PUBLISHER = """
import json, sys, time
from pathlib import Path
from flows.release import previous_release, publish
from flows.release_files import write_release_files

db, releases, manifest_path, mode, marker = sys.argv[1:6]
releases, manifest = Path(releases), json.loads(Path(manifest_path).read_text())
previous = previous_release(releases)

def extras(folder, version):
    if mode == "block":
        write_release_files(folder, version, manifest, previous=previous)
        (folder / "exports" / "half-written.csv").write_text("posting_id\\n")
        Path(marker).write_text(str(folder))
        time.sleep(600)
    elif mode == "files":
        write_release_files(folder, version, manifest, previous=previous)

publish(Path(db), releases, manifest, write_extras=extras)
"""


def start_publisher(tmp_path, db, releases, manifest, mode):
    """A publish in its own process; returns it and the marker file it writes."""
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    marker = tmp_path / f"marker-{time.monotonic_ns()}"
    process = subprocess.Popen(
        [sys.executable, "-c", PUBLISHER, str(db), str(releases),
         str(tmp_path / "manifest.json"), mode, str(marker)],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return process, marker


def kill(process):
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def staging_dirs(releases):
    return sorted(releases.glob(f"{STAGING_PREFIX}*"))


def visible(releases):
    """What a reader of the releases folder sees: every name not hidden (nothing
    when a publish was killed before it made the folder)."""
    if not releases.exists():
        return []
    return sorted(p.name for p in releases.iterdir() if not p.name.startswith("."))


@pytest.fixture(scope="module")
def source_db(release):
    """The real run's database and what the run knew about itself."""
    return release / "csm-radar.db", run_manifest(release)


@pytest.fixture()
def first_release(source_db, tmp_path):
    """A releases folder holding one earlier release, made from other content."""
    db, manifest = source_db
    older = tmp_path / "older.db"
    older.write_bytes(db.read_bytes())
    older.chmod(0o644)
    with sqlite3.connect(older) as conn:
        conn.execute("delete from postings where posting_id in "
                     "(select posting_id from postings order by posting_id limit 3)")
    releases = tmp_path / "releases"
    first = publish_with_files(older, releases, manifest)
    assert verify_release(first).ok
    return releases, first


def test_killed_while_writing_release_files_leaves_no_release(
        source_db, first_release, tmp_path):
    db, manifest = source_db
    releases, first = first_release
    before = {p: p.stat().st_mtime_ns for p in first.rglob("*")}
    process, marker = start_publisher(tmp_path, db, releases, manifest, "block")
    for _ in range(1200):
        if marker.exists() or process.poll() is not None:
            break
        time.sleep(0.1)
    assert marker.exists(), process.stdout.read().decode()[-3000:]
    staging = Path(marker.read_text())
    assert staging.parent == releases and staging.name.startswith(STAGING_PREFIX)
    # While the publish is alive its staging folder is not stale.
    assert remove_stale_staging(releases) == [] and staging.exists()
    kill(process)

    # No release appeared, only the hidden staging folder the kill left.
    assert visible(releases) == [first.name]
    assert list_releases(releases) == [first]
    assert staging_dirs(releases) == [staging]
    # The earlier release is untouched: same files, same times, checksums hold.
    assert {p: p.stat().st_mtime_ns for p in first.rglob("*")} == before
    assert verify_release(first).ok

    # The next publish of the same input removes the leftover and publishes.
    again = publish_with_files(db, releases, manifest)
    assert staging_dirs(releases) == []
    assert list_releases(releases) == sorted([first, again])
    assert verify_release(again).ok
    assert not (again / "exports" / "half-written.csv").exists()
    assert read_manifest(again)["content_hash"] == content_hash(db)
    # And publishing it once more gives the same release, same content hash.
    assert publish_with_files(db, releases, manifest) == again


def test_killed_mid_copy_of_a_large_database_leaves_no_release(
        source_db, first_release, tmp_path):
    _, manifest = source_db
    releases, first = first_release
    big = tmp_path / "big.db"
    big.write_bytes(first.joinpath("csm-radar.db").read_bytes())
    big.chmod(0o644)
    with sqlite3.connect(big) as conn:  # about 400 MB, so the copy takes a while
        conn.execute("create table padding (n integer primary key, blob blob)")
        conn.execute("with recursive n(i) as (select 1 union all select i + 1 from n "
                     "where i < 400) insert into padding select i, zeroblob(1 << 20) "
                     "from n")
    size = big.stat().st_size
    process, _ = start_publisher(tmp_path, big, releases, manifest, "none")
    partial = None
    deadline = time.monotonic() + 120
    while partial is None and time.monotonic() < deadline:
        for staging in staging_dirs(releases):
            copy = staging / "csm-radar.db"
            try:
                copied = copy.stat().st_size
            except FileNotFoundError:
                continue
            if 0 < copied < size:
                kill(process)
                partial = copied
                break
        if process.poll() is not None:
            break
    if partial is None:
        process.kill()
        process.wait()
        pytest.fail("the copy was never seen part-way: "
                    + process.stdout.read().decode()[-2000:])
    assert visible(releases) == [first.name]
    assert list_releases(releases) == [first]
    assert verify_release(first).ok
    [left] = staging_dirs(releases)
    assert (left / "csm-radar.db").stat().st_size < size  # the half-written copy
    # The next publish cleans it up and publishes the whole database.
    done = publish(big, releases, manifest)
    assert staging_dirs(releases) == []
    assert verify_release(done).ok
    assert read_manifest(done)["content_hash"] == content_hash(big)
    assert (done / "csm-radar.db").stat().st_size == size


def test_a_kill_at_any_moment_leaves_either_nothing_or_a_whole_release(
        source_db, tmp_path):
    db, manifest = source_db
    releases = tmp_path / "releases"
    for delay in (0.5, 1.5, 3.0, 6.0):
        process, _ = start_publisher(tmp_path, db, releases, manifest, "files")
        time.sleep(delay)
        if process.poll() is None:
            kill(process)
        for release in list_releases(releases):
            result = verify_release(release)
            assert result.ok, (delay, result.problems)
        assert visible(releases) in ([], [p.name for p in list_releases(releases)])
        remove_stale_staging(releases)
        assert staging_dirs(releases) == []
    final = publish_with_files(db, releases, manifest)
    assert verify_release(final).ok
    assert read_manifest(final)["content_hash"] == content_hash(db)


def test_a_failing_hook_leaves_nothing_behind(source_db, tmp_path):
    db, manifest = source_db
    releases = tmp_path / "releases"

    def broken(folder, version):
        (folder / "report.md").write_text("half")
        raise RuntimeError("report failed")

    with pytest.raises(RuntimeError, match="report failed"):
        publish(db, releases, manifest, write_extras=broken)
    assert list(releases.iterdir()) == []


def test_staging_folders_are_never_taken_for_releases(tmp_path):
    releases = tmp_path / "releases"
    fake = releases / f"{STAGING_PREFIX}2026-01-01.abc-x1"
    fake.mkdir(parents=True)
    (fake / "manifest.json").write_text(json.dumps({"version": "2026-01-01.abc",
                                                    "published_at": "x"}))
    assert list_releases(releases) == []
    # Left by a dead process (no lock held) and older than this call: removed.
    assert remove_stale_staging(releases) == [fake]
    assert not fake.exists()


def test_staging_folders_newer_than_the_cleanup_are_kept(tmp_path):
    releases = tmp_path / "releases"
    fresh = releases / f"{STAGING_PREFIX}2026-01-01.abc-x2"
    fresh.mkdir(parents=True)
    future = time.time() + 60
    os.utime(fresh, (future, future))
    assert remove_stale_staging(releases) == []
    assert fresh.exists()
