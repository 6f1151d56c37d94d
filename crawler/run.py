"""Run a crawl in its own process and gather its postings and rejects.

Twisted's reactor starts once per process, so ``run_crawl`` starts
``python -m crawler.run`` for each crawl. The same command is the CLI.
"""

import argparse
import json
import logging
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from crawler.exceptions import CrawlError
from crawler.process import LOG, POSTINGS, REJECTS, SPIDERS, SUMMARY, crawl_here
from crawler.sources import DEFAULT_SOURCES

logger = logging.getLogger(__name__)


@dataclass
class CrawlResult:
    """What a crawl wrote.

    Attributes:
        postings_path: JSON Lines of posting records.
        rejects_path: JSON Lines of reject records.
        log_path: The crawl's Scrapy log.
        postings: Number of posting records.
        rejects: Number of reject records.
        by_source: Per spider, ``{"postings": n, "rejects": n}``.
        finish_reasons: Per spider, Scrapy's finish reason (``finished``).
        errors: ERROR lines in the log, such as exceptions in callbacks.
        archive_path: The WARC the crawl was recorded to, if any.
        stats: Per spider, its ``csm_radar/*``, ``retry/*`` and ``robotstxt/*``
            Scrapy stats (such as ``csm_radar/<source>/unknown_field/<key>``).
    """

    postings_path: Path
    rejects_path: Path
    log_path: Path
    postings: int = 0
    rejects: int = 0
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)
    finish_reasons: dict[str, str] = field(default_factory=dict)
    errors: int = 0
    archive_path: Path | None = None
    stats: dict[str, dict[str, object]] = field(default_factory=dict)


def run_crawl(
    sources_file: str | Path,
    out_dir: str | Path,
    replay: str | Path | None = None,
    record: str | Path | None = None,
    spiders: Iterable[str] = SPIDERS,
    settings: Mapping[str, object] | None = None,
    timeout: float | None = None,
) -> CrawlResult:
    """Crawl the boards of a sources file in a fresh Python process.

    Args:
        sources_file: The TOML list of boards.
        out_dir: Where ``postings.jsonl``, ``rejects.jsonl``, ``crawl.log`` and
            ``crawl-summary.json`` are written; created when missing.
        replay: A WARC to answer every request from, offline.
        record: A WARC to write every request and response to.
        spiders: The spiders (job sources) to run.
        settings: Scrapy setting overrides, JSON-serialisable.
        timeout: Seconds before the crawl process is killed.

    Returns:
        CrawlResult: The output paths and counts.

    Raises:
        CrawlError: The crawl process failed.
    """
    out_dir = Path(out_dir)
    command = [sys.executable, "-m", "crawler.run", "--sources", str(sources_file),
               "--out", str(out_dir), *[f"--spider={name}" for name in spiders]]
    if replay:
        command += ["--replay", str(replay)]
    if record:
        command += ["--record", str(record)]
    for key, value in (settings or {}).items():
        command += ["--set", f"{key}={json.dumps(value)}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        tail = (done.stderr or "")[-2000:]
        message = f"crawl exited with {done.returncode}, log {out_dir / LOG}"
        raise CrawlError(f"{message}\n{tail}")
    result = read_result(out_dir)
    logger.info("Crawl wrote %d postings and %d rejects to %s",
                result.postings, result.rejects, out_dir)
    return result


def read_result(out_dir: str | Path) -> CrawlResult:
    """The CrawlResult of a finished crawl's output folder."""
    out_dir = Path(out_dir)
    summary = json.loads((out_dir / SUMMARY).read_text(encoding="utf-8"))
    by_source = summary["by_source"]
    return CrawlResult(
        out_dir / POSTINGS, out_dir / REJECTS, out_dir / LOG,
        postings=sum(c["postings"] for c in by_source.values()),
        rejects=sum(c["rejects"] for c in by_source.values()),
        by_source=by_source, finish_reasons=summary["finish_reasons"],
        errors=summary["errors"],
        archive_path=Path(summary["record"]) if summary["record"] else None,
        stats=summary.get("stats", {}),
    )


def main(argv: list[str] | None = None) -> int:
    """Run a crawl in this process: ``python -m crawler.run --help``."""
    parser = argparse.ArgumentParser(
        prog="python -m crawler.run",
        description="Crawl the job boards of a sources file into JSON Lines.",
    )
    parser.add_argument("--sources", default=str(DEFAULT_SOURCES),
                        help="TOML file of [[board]] tables (default: %(default)s)")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--replay", help="answer every request from this WARC")
    parser.add_argument("--record", help="record the crawl to this gzipped WARC")
    parser.add_argument("--spider", action="append", choices=SPIDERS,
                        help="spider to run, repeatable (default: all)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=JSON",
                        help="override a Scrapy setting, value as JSON or text")
    args = parser.parse_args(argv)
    overrides = dict(_parse_setting(item) for item in args.set)
    summary = crawl_here(
        args.sources, args.out, replay=args.replay, record=args.record,
        spiders=args.spider or SPIDERS, overrides=overrides,
    )
    counts = ", ".join(f"{n}: {c['postings']}/{c['rejects']}" for n, c in
                       summary["by_source"].items())
    print(f"postings/rejects {counts}; log in {Path(args.out) / LOG}")
    return 0 if set(summary["finish_reasons"].values()) <= {"finished"} else 1


def _parse_setting(item: str) -> tuple[str, object]:
    name, _, value = item.partition("=")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value


if __name__ == "__main__":
    sys.exit(main())
