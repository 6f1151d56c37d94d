"""csm-radar benchmarks (issue 9): parsing, embedding, end-to-end scaling.

Usage: python -m benchmarks [--quick] [--sizes 1,10,100] [--profile] ...

Prints Markdown tables and writes every figure to a JSON file
(default benchmarks/out/results.json). See benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks import data, e2e, embedding, parse
from benchmarks.timing import PeakRSS, Stopwatch, machine, mib

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmark csm-radar on replayed Ashby responses: spider "
        "parsing vs json.loads, embedding vs bare sentence-transformers, and "
        "the whole pipeline (time, peak RSS, per-posting cost) at 1x, 10x, "
        "100x the saved data.",
    )
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: 20 boards, size 1, 64 sentences, one repeat")
    parser.add_argument("--sizes", default="1,10,100",
                        help="comma-separated replication factors of the data for the "
                        "end-to-end runs; 100 (763k postings) takes from 2 to 5 hours "
                        "on two cores, by the machine, and 25 GB of disk for its run "
                        "database; --sizes 1,10 leaves it out "
                        "(default: %(default)s)")
    parser.add_argument("--data", type=Path, default=None,
                        help=f"folder of saved Ashby <board>.json responses "
                        f"(default: {data.SHARED_ASHBY}; falls back to the embedded archive)")
    parser.add_argument("--out", type=Path, default=HERE / "out",
                        help="working folder for archives and run databases "
                        "(default: %(default)s)")
    parser.add_argument("--json", type=Path, default=None,
                        help="results file (default: OUT/results.json)")
    parser.add_argument("--only", default="parse,embed,e2e",
                        help="benchmarks to run, of parse, embed, e2e "
                        "(default: %(default)s)")
    parser.add_argument("--embed-sentences", type=int, default=2000,
                        help="sentences for the embedding comparison, 0 for all "
                        "(default: %(default)s)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3,
                        help="repeats of the in-process micro-benchmarks, best kept")
    parser.add_argument("--profile", action="store_true",
                        help="also run the 1x pipeline under cProfile and list the "
                        "top functions of each stage")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                        help="processes for the analyse stage of the end-to-end runs, "
                        "as a Dask cluster would give the flow (default: %(default)s)")
    parser.add_argument("--keep", action="store_true",
                        help="keep run databases of sizes above 1")
    parser.add_argument("--report", type=Path, metavar="RESULTS_JSON",
                        help="print the tables of an earlier run's results file and exit")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.only = set(args.only.split(","))
    if args.quick:
        args.sizes, args.embed_sentences, args.repeat = [1], 64, 1
    args.json = args.json or args.out / "results.json"
    return args


def run_e2e(meta: dict, work: Path, result: Path, profile: Path | None = None,
            workers: int = 1) -> dict:
    """One pipeline run in its own process; parent-side wall time and tree peak."""
    command = [sys.executable, "-m", "benchmarks.e2e", "--archive", meta["archive"],
               "--sources", meta["sources"], "--work", str(work), "--json", str(result),
               "--workers", str(workers)]
    if profile:
        command += ["--profile", str(profile)]
    with PeakRSS() as peak, Stopwatch() as watch:
        process = subprocess.Popen(command, cwd=REPO)
        peak.root = process.pid
        code = process.wait()
    if code:
        raise SystemExit(f"end-to-end run failed ({code}): {' '.join(command)}")
    out = json.loads(result.read_text())
    out.update({"size": meta["scale"], "postings": meta["postings"],
                "boards": meta["boards"], "archive_mib": mib(meta["archive_bytes"]),
                "process_seconds": round(watch.seconds, 2),
                "process_tree_peak_rss_mib": mib(peak.bytes)})
    return out


def e2e_table(runs: list[dict]) -> str:
    base = runs[0]  # per-posting cost relative to the smallest size
    head = ("| size | postings | units | wall s | CPU s | wall ms/posting | CPU ms/posting "
            "| CPU per posting vs smallest | CPU ms/posting less embed | same, vs smallest "
            "| peak RSS MiB (tree) | KiB/posting | " +
            " | ".join(f"{s} s" for s in e2e.STAGES) + " |")
    lines = [head, "|" + " --- |" * (12 + len(e2e.STAGES))]
    for r in runs:
        per = r["seconds"] / r["postings"]
        cpu = r.get("cpu_seconds", float("nan"))
        rel = cpu_per_posting(r) / cpu_per_posting(base)
        rest = cpu_per_posting(r, without="embed")
        rest_rel = rest / cpu_per_posting(base, without="embed")
        lines.append(
            f"| {r['size']}x | {r['postings']:,} | {r['units']:,} | {r['seconds']:.0f} "
            f"| {cpu:.0f} | {1000 * per:.2f} | {1000 * cpu / r['postings']:.2f} | {rel:.2f} "
            f"| {1000 * rest:.2f} | {rest_rel:.2f} | {r['process_tree_peak_rss_mib']:,.0f} "
            f"| {1024 * r['process_tree_peak_rss_mib'] / r['postings']:.1f} | " +
            " | ".join(f"{r['stages'][s]['seconds']:.1f}" for s in e2e.STAGES) + " |")
    lines += ["", "The replicated copies repeat the same sentences, and the embed stage "
              "embeds each distinct sentence once, so its work does not grow with the "
              "copies; \"less embed\" is the cost of the stages whose work does."]
    lines += ["", "Per stage: CPU ms per posting / wall ms per posting (peak RSS MiB of the "
              "process tree during the stage)", "",
              "| size | " + " | ".join(e2e.STAGES) + " |",
              "|" + " --- |" * (1 + len(e2e.STAGES))]
    for r in runs:
        lines.append(f"| {r['size']}x | " + " | ".join(
            f"{1000 * r['stages'][s].get('cpu_seconds', float('nan')) / r['postings']:.3f} / "
            f"{1000 * r['stages'][s]['seconds'] / r['postings']:.3f} "
            f"({r['stages'][s]['peak_rss_mib']:,.0f})" for s in e2e.STAGES) + " |")
    cl = [("| size | units clustered | clusters | wall s | CPU s | CPU ms/unit | peak RSS MiB |"),
          "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in runs:
        c = r["stages"]["cluster"]
        n = c["counts"]["units"]
        ccpu = c.get("cpu_seconds", float("nan"))
        cl.append(f"| {r['size']}x | {n:,} | {c['counts']['clusters']} | {c['seconds']:.1f} "
                  f"| {ccpu:.1f} | {1000 * ccpu / max(n, 1):.3f} | {c['peak_rss_mib']:,.0f} |")
    return "\n".join(lines + ["", "Clustering", ""] + cl)


def cpu_per_posting(run: dict, without: str | None = None) -> float:
    """CPU seconds per posting of an end-to-end run, less one stage if named."""
    cpu = run.get("cpu_seconds", float("nan"))
    if without:
        cpu -= run["stages"][without].get("cpu_seconds", float("nan"))
    return cpu / run["postings"]


def parse_table(p: dict) -> str:
    rows = ["| path | seconds | postings/s | ratio to json.loads |", "| --- | --- | --- | --- |",
            f"| json.loads of the decoded bodies | {p['json_loads_s']} | "
            f"{p['json_loads_postings_per_s']:,} | 1.00 |",
            f"| AshbySpider.parse (mapping, no engine) | {p['spider_parse_s']} | "
            f"{p['spider_parse_postings_per_s']:,} | {p['parse_vs_json_ratio']:.2f} |"]
    if "run_crawl_s" in p:
        rows.append(f"| run_crawl(replay=...) whole Scrapy process | {p['run_crawl_s']} | "
                    f"{p['run_crawl_postings_per_s']:,} | {p['run_crawl_vs_json_ratio']:.3f} |")
    return "\n".join(rows)


def embed_table(e: dict) -> str:
    return "\n".join([
        "| path | seconds | sentences/s | ratio to bare |", "| --- | --- | --- | --- |",
        f"| SentenceTransformer.encode (bare) | {e['bare_s']} | {e['bare_sentences_per_s']} | 1.00 |",
        f"| Embedder.encode | {e['embedder_s']} | {e['embedder_sentences_per_s']} | "
        f"{e['embedder_vs_bare_ratio']:.2f} |",
        f"| EmbeddingCache.fill (as flows.stages.embed) | {e['cache_fill_s']} | "
        f"{e['cache_fill_sentences_per_s']} | {e['cache_fill_vs_bare_ratio']:.2f} |",
    ])


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    if args.report:
        if not args.report.is_file():
            raise SystemExit(f"--report: no results file at {args.report}; "
                             "run `python -m benchmarks` first")
        print(report(json.loads(args.report.read_text())))
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "command": " ".join(["python -m benchmarks", *(argv or sys.argv[1:])])}
    m = results["machine"]
    m["loadavg_start"] = os.getloadavg()
    print(f"# csm-radar benchmarks, {m['date']}\n\n{m['nproc']} CPUs ({m['cpu_model']}), "
          f"{m['ram_gib']} GiB RAM, Python {m['python']}, load average at start "
          f"{m['loadavg_start'][0]:.1f}\n", flush=True)

    boards, origin = data.load_boards(args.data, limit=20 if args.quick else None,
                                      announce=lambda t: print(t, file=sys.stderr))
    results["data"] = {"origin": origin, "boards": len(boards)}
    metas = {}
    needed = set(args.sizes) | ({1} if args.only & {"parse", "embed"} or args.profile else set())
    for size in sorted(needed):
        with Stopwatch() as w:
            metas[size] = data.build(boards, size, args.out / "data" / f"x{size}")
        print(f"data x{size}: {metas[size]['postings']:,} postings, {metas[size]['boards']:,} "
              f"boards, {mib(metas[size]['archive_bytes'])} MiB WARC ({w.seconds:.0f} s)",
              file=sys.stderr, flush=True)
    results["data"]["postings_1x"] = postings_in_all(boards)

    if "parse" in args.only:
        print("parse: mapping vs json.loads ...", file=sys.stderr, flush=True)
        p = parse.bench_mapping(boards, args.repeat)
        print("parse: run_crawl(replay) ...", file=sys.stderr, flush=True)
        p.update(parse.bench_run_crawl(Path(metas[1]["archive"]), Path(metas[1]["sources"]),
                                       metas[1]["postings"]))
        p["run_crawl_vs_json_ratio"] = round(
            p["run_crawl_postings_per_s"] / p["json_loads_postings_per_s"], 4)
        results["parse"] = p
        _save(args, results)

    def e2e_sizes(sizes):
        for size in sizes:
            print(f"end to end x{size} ...", file=sys.stderr, flush=True)
            work = args.out / "work" / f"x{size}"
            runs.append(run_e2e(metas[size], work, args.out / f"e2e-x{size}.json",
                                workers=args.workers))
            if size > 1 and not args.keep:
                shutil.rmtree(work, ignore_errors=True)
            results["e2e"] = sorted(runs, key=lambda r: r["size"])
            _save(args, results)

    # The 1x run first: the embedding benchmark takes its sentences from it.
    runs: list[dict] = []
    if "e2e" in args.only or "embed" in args.only:
        e2e_sizes([1] if 1 in args.sizes or "embed" in args.only else [])

    if "embed" in args.only:
        print("embedding: pipeline vs bare ...", file=sys.stderr, flush=True)
        db = args.out / "work" / "x1" / "csm-radar.db"
        sentences = embedding.family_sentences(db, args.embed_sentences or None)
        results["embed"] = embedding.bench(sentences, args.batch_size, max(1, min(args.repeat, 2)))
        _save(args, results)

    if args.profile:
        print("profile of the 1x run ...", file=sys.stderr, flush=True)
        folder = args.out / "profile"
        run_e2e(metas[1], args.out / "work" / "profile", args.out / "e2e-profile.json", folder)
        results["profile"] = {name: e2e.top_functions(folder / f"{name}.prof")
                              for name in e2e.STAGES if name != "crawl"}
        _save(args, results)

    if "e2e" in args.only:
        e2e_sizes([size for size in args.sizes if size != 1])

    results["loadavg_end"] = os.getloadavg()
    print(report(results))
    print(f"\nresults: {args.json}", file=sys.stderr)
    return 0


def postings_in_all(boards) -> int:
    return sum(data.postings_in(b) for b in boards)


def report(results: dict) -> str:
    parts = []
    if "parse" in results:
        p = results["parse"]
        parts += [f"## Spider parsing ({p['postings']:,} postings, {p['boards']} boards, "
                  f"{p['body_mib']} MiB of JSON)", "", parse_table(results["parse"]), ""]
    if "embed" in results:
        e = results["embed"]
        parts += [f"## Embedding ({e['sentences']} sentences, {e['mean_words']} words on "
                  f"average, batch {e['batch_size']}, {e['torch_threads']} torch threads)", "",
                  embed_table(e), ""]
    if results.get("e2e"):
        parts += ["## End to end (flows.stages, one process per size)", "",
                  e2e_table(results["e2e"]), ""]
    if "profile" in results:
        parts += ["## Top functions by own time, 1x under cProfile", ""]
        for stage, rows in results["profile"].items():
            parts += [f"### {stage}", "", "| function | calls | own s | cumulative s |",
                      "| --- | --- | --- | --- |"]
            parts += [f"| `{r['function']}` | {r['calls']:,} | {r['tottime']} | {r['cumtime']} |"
                      for r in rows[:8]]
            parts.append("")
    return "\n".join(parts)


def _save(args, results: dict) -> None:
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    sys.exit(main())
