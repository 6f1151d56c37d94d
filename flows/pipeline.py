"""The release flow: from an archive or live boards to a published dataset.

Each stage reads and writes the run's SQLite database, so stages pass a path
rather than large objects and a stage can be re-run on its own. Most stages
are Prefect tasks; labelling and embedding run in the flow itself and map
their chunks as tasks over a Dask cluster when one is configured. Every stage
logs one summary line with its counts and records them in the ``runs`` table.
"""

from __future__ import annotations

import flows.prefect_env  # noqa: F401  (must precede the Prefect import)

import datetime as dt
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.context import get_run_context
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from analysis.embed import encode_sentences
from flows import stages
from flows.config import RunConfig, configured_task_runner, data_dir
from flows.inputs import NothingCollectedError, run_inputs
from flows.lock import run_lock
from flows.release import (
    DATABASE_NAME, code_version, previous_release, publish, sha256_file,
)
from flows.release_files import write_release_files
from flows.report import write_report
from flows.run_report import ARTIFACT_KEY, run_summary
from flows.store import open_db, write_run_stage


@dataclass
class RunResult:
    """What a run produced: its release directory, counts per stage, wall time."""

    release: Path
    counts: dict
    seconds: float = 0.0


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _stage(name: str, func, db_path: Path, run_id: str, *args, **kwargs):
    """Run one stage, then log and record its counts."""
    started, clock = _now(), time.perf_counter()
    counts = func(db_path, *args, **kwargs)
    seconds = round(time.perf_counter() - clock, 3)
    db = open_db(db_path)
    write_run_stage(db, run_id, name, started, _now(), counts, seconds)
    db.close()
    summary = ", ".join(f"{key} {value}" for key, value in counts.items())
    get_run_logger().info("%s: %s", name, summary)
    return counts


@task(name="crawl_postings", cache_policy=NO_CACHE)
def crawl_postings(db_path: Path, run_id: str, inputs, work: Path, record_to,
                   settings: dict):
    """Crawl the boards (live, or replayed from archives) into the database."""
    root = work.parents[1]
    return _stage("crawl", _crawl_inputs, db_path, run_id, inputs, work, record_to,
                  settings, root)


def _crawl_inputs(db_path: Path, inputs, work: Path, record_to, settings, root):
    """Crawl each (archive, sources) input in turn and add up the counts."""
    total = {"postings": 0, "rejects": 0, "reject_reasons": {}, "inputs": []}
    for number, (archive, sources) in enumerate(inputs):
        counts = stages.crawl(db_path, archive, sources, work / f"crawl-{number}",
                              record_to, settings, cache_dir=root / "cache" / "crawls",
                              history=root / "state" / "history.db")
        total["postings"] += counts["postings"]
        total["rejects"] += counts["rejects"]
        for reason, n in counts["reject_reasons"].items():
            total["reject_reasons"][reason] = total["reject_reasons"].get(reason, 0) + n
        total["inputs"].append({"archive": counts["archive"], "sources": str(sources),
                                "postings": counts["postings"],
                                "from_cache": counts["from_cache"]})
    return total


@task(name="label_postings", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def label_postings(rows: list[dict]) -> list:
    """Clean, section, split and label a chunk of postings."""
    return stages.analyse_rows(rows)


@task(name="embed_sentences", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def embed_sentences(sentences: list[str], batch_size: int):
    """Embed a chunk of sentences with the worker's copy of the model."""
    return encode_sentences(sentences, batch_size)


DISTRIBUTED_TASKS = {stages.analyse_rows: label_postings,
                     encode_sentences: embed_sentences}


def distributed_mapper():
    """A mapper over the flow's Dask task runner, or None to work in-process.

    With Dask, labelling and embedding are mapped as Prefect tasks over the
    cluster's workers; without it they run in this process, which on one
    machine is as fast and keeps the model loaded once.
    """
    runner = get_run_context().task_runner
    if type(runner).__name__ != "DaskTaskRunner":
        return None

    def mapper(func, items, **constants):
        task_ = DISTRIBUTED_TASKS[func]
        futures = task_.map(items, **{k: unmapped(v) for k, v in constants.items()})
        return [future.result() for future in futures]

    return mapper


def analyse_postings(db_path: Path, run_id: str, cache: Path, mapper):
    """Clean each posting, split it into sections and units, and label it."""
    return _stage("analyse", stages.analyse, db_path, run_id, cache, mapper=mapper)


@task(name="group_jobs", cache_policy=NO_CACHE)
def group_jobs(db_path: Path, run_id: str):
    """Group postings of the same job so that shares count unique jobs."""
    return _stage("dedupe", stages.dedupe, db_path, run_id)


def embed_units(db_path: Path, run_id: str, cache: Path, config: RunConfig, mapper):
    """Embed the requirement units of the customer success family."""
    return _stage("embed", stages.embed, db_path, run_id, cache, config,
                  mapper=mapper)


@task(name="cluster_requirements", cache_policy=NO_CACHE)
def cluster_requirements(db_path: Path, run_id: str, config: RunConfig):
    """Cluster the embedded units into requirement themes."""
    return _stage("cluster", stages.cluster, db_path, run_id, config)


@task(name="compute_shares", cache_policy=NO_CACHE)
def compute_shares(db_path: Path, run_id: str, config: RunConfig):
    """Compute each theme's share of unique customer success jobs."""
    return _stage("shares", stages.shares, db_path, run_id, config)


@task(name="index_release", cache_policy=NO_CACHE)
def index_release(db_path: Path, run_id: str):
    """Add full-text search and indexes for browsing."""
    return _stage("index", stages.index, db_path, run_id)


@task(name="publish_release", cache_policy=NO_CACHE)
def publish_release(db_path: Path, releases: Path, manifest: dict) -> Path:
    """Publish the database and its gap report as a new immutable release."""
    summary = report_counts(manifest["counts"])

    def add_report(folder: Path, version: str) -> None:
        write_report(folder / DATABASE_NAME, folder, version, summary)
        write_release_files(folder, version, manifest,
                            previous=previous_release(releases))

    release = publish(db_path, releases, manifest, write_extras=add_report)
    get_run_logger().info("publish: release %s", release)
    return release


def report_counts(counts: dict) -> dict:
    """The headline counts the report shows."""
    return {
        "postings": counts["crawl"]["postings"],
        "family_jobs": counts["shares"]["jobs"],
        "duplicate_rate": counts["dedupe"]["duplicate_rate"],
    }


@flow(name="csm-radar-release", log_prints=False, task_runner=configured_task_runner())
def build_release(
    archive: str | None = None,
    sources: str | None = None,
    output: str | None = None,
    live: bool = False,
    seed: int = 42,
    crawl_settings: dict | None = None,
    batch_size: int = 64,
) -> RunResult:
    """Build and publish one release of the dataset.

    Args:
        archive: WARC archive to replay; both embedded archives (the 2025
            boards and the 2020-2021 job board) when neither it nor
            ``sources`` is given.
        sources: sources file naming the boards to crawl.
        output: data folder for releases, caches and the working area.
        live: crawl the real boards (and record an archive) instead of
            replaying one.
        seed: seed of every random step.
        crawl_settings: Scrapy settings that override the crawler's own.
        batch_size: sentences per embedding batch; eight batches make a
            chunk that is committed to the cache at once.
    """
    config = RunConfig(seed=seed, batch_size=batch_size, embed_chunk=8 * batch_size)
    root = Path(output) if output else data_dir()
    with run_lock(root):
        return _build(root, config, archive, sources, live, crawl_settings or {})


def _build(root: Path, config: RunConfig, archive, sources, live,
           crawl_settings: dict) -> RunResult:
    """The run itself, with the data folder's lock held."""
    clock = time.perf_counter()
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]
    # The run lock is held: any working folder left is from a killed run.
    shutil.rmtree(root / "work", ignore_errors=True)
    work = root / "work" / run_id
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / "csm-radar.db"
    inputs = run_inputs(archive, sources, live)

    # Collect: crawl into the run database.
    record_to = root / "archives" / f"{run_id}.warc.gz" if live else None
    crawl = crawl_postings(db_path, run_id, inputs, work, record_to, crawl_settings)
    if crawl["postings"] == 0:
        hint = ""
        if set(crawl["reject_reasons"]) == {"not_in_archive"}:
            hint = ("; the archive holds none of the boards of the sources file: "
                    "give --sources the file the archive was crawled with")
        raise NothingCollectedError(
            f"no posting was collected ({crawl['rejects']} rejected: "
            f"{crawl['reject_reasons'] or 'no reason recorded'}){hint}; nothing published")

    # Interpret: text, sections, units, labels, duplicate groups.
    mapper = distributed_mapper()
    analysed = analyse_postings(db_path, run_id, root / "cache" / "analysis.db",
                                mapper)
    jobs = group_jobs(db_path, run_id)

    # Measure: vectors, clusters, shares.
    embedded = embed_units(db_path, run_id, root / "cache" / "embeddings.db", config,
                           mapper)
    clusters = cluster_requirements(db_path, run_id, config)
    shares = compute_shares(db_path, run_id, config)

    # Publish: an immutable release with its manifest.
    index_release(db_path, run_id)
    archives = [Path(i["archive"]) for i in crawl["inputs"]]
    manifest = {
        "code_version": code_version(),
        "input_archive": archives[0].name,
        "input_archive_sha256": sha256_file(archives[0]),
        "inputs": [{"archive": a.name, "sha256": sha256_file(a),
                    "sources": Path(i["sources"]).name}
                   for a, i in zip(archives, crawl["inputs"])],
        "model": stages.model_name(),
        "parameters": config.as_dict(),
        "counts": {"crawl": crawl, "analyse": analysed, "dedupe": jobs,
                   "embed": embedded, "cluster": clusters, "shares": shares},
    }
    previous = previous_release(root / "releases")
    release = publish_release(db_path, root / "releases", manifest)
    create_markdown_artifact(
        key=ARTIFACT_KEY,
        markdown=run_summary(manifest["counts"], release,
                             previous if previous != release else None),
        description=f"csm-radar release {release.name}",
    )
    shutil.rmtree(work, ignore_errors=True)
    return RunResult(release=release, counts=manifest["counts"],
                     seconds=round(time.perf_counter() - clock, 2))
