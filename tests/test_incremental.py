"""Scheduled, incremental runs: the caches, a killed run, Dask, the scheduler.

Every run here is a real `csm-radar` process replaying the WARC that the
session's live crawl recorded (see conftest.live_run).
"""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import csm_radar

from flows.release import read_manifest

BUILT = re.compile(r"built in ([0-9.]+) s")
CACHED = re.compile(r"(\d+) postings and (\d+) sentences from the cache")
SUMMARY = re.compile(r"release \S+: (\d+) postings")


@pytest.fixture(scope="module")
def replay_args(live_run):
    folder, sources, _, _ = live_run
    archive = next((folder / "data" / "archives").glob("*.warc.gz"))
    return ["--archive", str(archive), "--sources", str(sources)]


def release_of(done):
    return done.stdout.strip().splitlines()[-1].removeprefix("written to ")


def embeddings(release):
    with sqlite3.connect(f"{release}/csm-radar.db") as conn:
        rows = conn.execute("select text_hash, vector from embeddings order by 1")
        hashes, blobs = zip(*rows.fetchall())
    return list(hashes), np.vstack([np.frombuffer(b, dtype="<f4") for b in blobs])


def test_second_run_reuses_every_cache_and_takes_under_a_quarter(replay_args, tmp_path):
    first = csm_radar("run", *replay_args, "--output", str(tmp_path))
    second = csm_radar("run", *replay_args, "--output", str(tmp_path))
    first_s = float(BUILT.search(first.stdout).group(1))
    second_s = float(BUILT.search(second.stdout).group(1))
    print(f"first run {first_s:.2f} s, second run {second_s:.2f} s, "
          f"ratio {second_s / first_s:.3f}")
    # The release is the same, so the second run found it already published.
    assert release_of(first) == release_of(second)
    sentences = read_manifest(Path(release_of(first)))["counts"]["embed"]["sentences"]
    postings = int(SUMMARY.search(second.stdout).group(1))
    assert CACHED.search(first.stdout).groups() == ("0", "0")
    assert CACHED.search(second.stdout).groups() == (str(postings), str(sentences))
    assert second_s < first_s / 4


def test_killed_run_resumes_to_the_release_of_an_uninterrupted_one(replay_args,
                                                                   tmp_path):
    whole = csm_radar("run", *replay_args, "--batch-size", "1",
                      "--output", str(tmp_path / "whole"))
    total = len(embeddings(release_of(whole))[0])
    killed_dir = tmp_path / "killed"
    cache = killed_dir / "cache" / "embeddings.db"
    run = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", *replay_args, "--batch-size", "1",
         "--output", str(killed_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    stored = 0
    deadline = time.monotonic() + 300
    while stored == 0 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
        if cache.exists():
            try:
                with sqlite3.connect(cache) as conn:
                    stored = conn.execute("select count(*) from vectors").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    assert 0 < stored < total, "the run was not caught while embedding"
    assert not (killed_dir / "releases").exists() or not any(
        p for p in (killed_dir / "releases").iterdir() if not p.name.startswith("."))
    resumed = csm_radar("run", *replay_args, "--batch-size", "1",
                        "--output", str(killed_dir))
    from_cache = int(CACHED.search(resumed.stdout).group(2))
    assert stored <= from_cache < total
    assert release_of(resumed).rsplit("/", 1)[-1] == release_of(whole).rsplit("/", 1)[-1]


def test_dask_cluster_gives_the_vectors_of_a_local_run(replay_args, tmp_path):
    from distributed import Client, LocalCluster

    local = csm_radar("run", *replay_args, "--output", str(tmp_path / "local"))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        on_dask = csm_radar("run", *replay_args, "--dask", cluster.scheduler_address,
                            "--output", str(tmp_path / "dask"))
        assert "Connecting to an existing Dask cluster" in on_dask.stderr
        with Client(cluster) as client:
            prefixes = client.run_on_scheduler(
                lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
        assert any(p.startswith("label_postings") for p in prefixes), prefixes
        assert any(p.startswith("embed_sentences") for p in prefixes), prefixes
    local_hashes, local_vectors = embeddings(release_of(local))
    dask_hashes, dask_vectors = embeddings(release_of(on_dask))
    assert local_hashes == dask_hashes
    assert np.allclose(local_vectors, dask_vectors, atol=1e-5)


def test_schedule_once_runs_the_deployment_and_reports(replay_args, tmp_path):
    done = csm_radar("schedule", "--once", *replay_args, "--output", str(tmp_path),
                     timeout=1800)
    assert "COMPLETED" in done.stdout
    assert "| crawl |" in done.stdout and "| churn_listed |" in done.stdout
    releases = list((tmp_path / "releases").iterdir())
    assert len(releases) == 1


def test_two_runs_at_once_refuse_with_a_clear_message(tmp_path):
    from flows.lock import RunLockedError, run_lock

    with run_lock(tmp_path):
        with pytest.raises(RunLockedError, match="another csm-radar run"):
            with run_lock(tmp_path):
                pass


def test_ctrl_c_stops_a_run_at_once_and_cleanly(replay_args, tmp_path):
    from flows.lock import run_lock
    from flows.schedule import _healthy

    run = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", *replay_args, "--output", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    seen = []
    for line in run.stderr:
        seen.append(line)
        if "Crawl wrote" in line:
            break
    # What a terminal does on Ctrl-C: SIGINT to every process of the group.
    os.killpg(run.pid, signal.SIGINT)
    stopped = time.monotonic()
    rest = run.stderr.read()
    run.wait(timeout=120)
    waited = time.monotonic() - stopped
    log = "".join(seen) + rest
    server = re.search(r"local Prefect server on (\S+)", log).group(1)
    print(f"stopped {waited:.1f} s after SIGINT")
    assert run.returncode != 0
    assert "Crashed('Execution was aborted by an interrupt signal.')" in log
    assert "Error logging to API" not in log and "ConnectError" not in log
    assert not _healthy(server)
    assert not (tmp_path / "releases").exists()
    with run_lock(tmp_path):
        pass


def test_crawl_cache_is_keyed_by_the_crawl_settings():
    from flows.config import DEFAULT_ARCHIVE, DEFAULT_SOURCES
    from flows.stages import crawl_cache_dir

    def key(settings):
        return crawl_cache_dir(Path("cache"), DEFAULT_ARCHIVE, DEFAULT_SOURCES, settings)

    assert key({}) == key(None)
    assert key({"DOWNLOAD_DELAY": 2, "RETRY_TIMES": 1}) == key(
        {"RETRY_TIMES": 1, "DOWNLOAD_DELAY": 2})
    assert key({"DOWNLOAD_DELAY": 2}) != key({})
