"""One end-to-end run of the release stages, timed stage by stage.

Run by ``benchmarks.run`` as ``python -m benchmarks.e2e`` in a fresh process
per size, so that each size's peak memory is its own. It calls the stages
of ``flows.stages`` in the flow's order (crawl, analyse, dedupe, embed,
cluster, shares, index), without Prefect, and samples the resident memory
of the process tree (the crawl subprocess included) during each stage.
With ``--profile`` it also runs each in-process stage under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import os
import pstats
import sqlite3
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from benchmarks.timing import PeakRSS, Stopwatch, maxrss_bytes, mib

STAGES = ("crawl", "analyse", "dedupe", "embed", "cluster", "shares", "index")


def analyse_in(workers: int):
    """The analyse stage, in ``workers`` processes when more than one.

    The flow hands the stage a mapper over its Dask cluster; a process pool
    plays that part here. The pool is shut down before the call returns, so
    the workers' CPU time counts towards the stage.
    """
    from flows import stages

    def call(db_path: Path) -> dict:
        if workers <= 1:
            return stages.analyse(db_path)
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            return stages.analyse(db_path, mapper=lambda func, items: pool.map(func, items))
    return call


def run(archive: Path, sources: Path, work: Path, profile: Path | None,
        workers: int = 1) -> dict:
    from flows import stages
    from flows.config import RunConfig

    config = RunConfig()
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / "csm-radar.db"
    for stale in (db_path, work / "embeddings.db"):
        stale.unlink(missing_ok=True)
    calls = {
        "crawl": lambda: stages.crawl(db_path, archive, sources, work / "crawl"),
        "analyse": lambda: analyse_in(workers)(db_path),
        "dedupe": lambda: stages.dedupe(db_path),
        "embed": lambda: stages.embed(db_path, work / "embeddings.db", config),
        "cluster": lambda: stages.cluster(db_path, config),
        "shares": lambda: stages.shares(db_path, config),
        "index": lambda: stages.index(db_path),
    }
    results = {}
    with PeakRSS() as total_peak, Stopwatch() as total:
        for name in STAGES:
            profiler = cProfile.Profile() if profile and name != "crawl" else None
            before = os.times()
            with PeakRSS() as peak, Stopwatch() as watch:
                if profiler:
                    profiler.enable()
                counts = calls[name]()
                if profiler:
                    profiler.disable()
            if profiler:
                profiler.dump_stats(profile / f"{name}.prof")
            after = os.times()
            cpu = sum(after[:4]) - sum(before[:4])  # user+sys, self and waited children
            results[name] = {"seconds": round(watch.seconds, 2), "cpu_seconds": round(cpu, 2),
                             "peak_rss_mib": mib(peak.bytes), "counts": counts}
            print(f"  {name:8s} {watch.seconds:8.1f} s  cpu {cpu:8.1f} s  peak {mib(peak.bytes):8.0f} MiB  "
                  f"{json.dumps(counts)[:150]}", file=sys.stderr, flush=True)
    with sqlite3.connect(db_path) as db:
        units = db.execute("select count(*) from units").fetchone()[0]
    return {"stages": results, "seconds": round(total.seconds, 2),
            "cpu_seconds": round(sum(r["cpu_seconds"] for r in results.values()), 2),
            "peak_rss_mib": mib(total_peak.bytes),
            "rusage_maxrss_mib": {k: mib(v) for k, v in maxrss_bytes().items()},
            "db_mib": mib(db_path.stat().st_size), "units": units,
            "loadavg_end": os.getloadavg()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.e2e")
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--json", type=Path, required=True, help="result file")
    parser.add_argument("--profile", type=Path, help="folder for cProfile .prof files")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes for the analyse stage (default: %(default)s)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    result = run(args.archive, args.sources, args.work, args.profile, args.workers)
    result["workers"] = args.workers
    args.json.write_text(json.dumps(result, indent=2))
    return 0


def top_functions(prof: Path, n: int = 12, key: str = "tottime") -> list[dict]:
    """The ``n`` functions of a profile with the most own time."""
    stats = pstats.Stats(str(prof))
    rows = []
    for (file, line, func), (cc, nc, tt, ct, _) in stats.stats.items():
        rows.append({"function": f"{Path(file).name}:{line}({func})",
                     "path": file, "calls": nc, "tottime": round(tt, 3),
                     "cumtime": round(ct, 3)})
    rows.sort(key=lambda r: -r[key])
    return rows[:n]


if __name__ == "__main__":
    sys.exit(main())
