"""Run the spiders in this process and merge their outputs into one folder."""

import json
import logging
import shutil
from pathlib import Path

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

logger = logging.getLogger(__name__)

SPIDERS = ("ashby", "greenhouse", "lever", "workable", "smartrecruiters", "recruitee",
           "teamtailor", "personio", "remoteok", "remotive", "jsonld", "vele616")
POSTINGS, REJECTS, LOG, SUMMARY = (
    "postings.jsonl", "rejects.jsonl", "crawl.log", "crawl-summary.json"
)
PARTS = ".parts"


def project_settings(overrides: dict | None = None) -> Settings:
    """The crawler's settings with ``overrides`` on top."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(overrides or {}, priority="cmdline")
    return settings


def _spider_settings(base: Settings, parts: Path, name: str, record) -> Settings:
    settings = base.copy()
    feed = {"format": "jsonlines", "encoding": "utf-8", "overwrite": True}
    settings.set("FEEDS", {str(parts / f"{name}.{POSTINGS}"): feed}, "cmdline")
    settings.set("CSM_RADAR_REJECTS", str(parts / f"{name}.{REJECTS}"), "cmdline")
    if record:
        settings.set("CSM_RADAR_RECORD", str(parts / f"{name}.warc.gz"), "cmdline")
    return settings


def crawl_here(sources, out_dir, replay=None, record=None, spiders=SPIDERS,
               overrides=None) -> dict:
    """Crawl with the given spiders in this process; it can be done once only.

    Each spider writes its own part files, since they all run at once; the
    parts are then joined in spider order into ``postings.jsonl``,
    ``rejects.jsonl`` and the ``record`` WARC, and the counts go to
    ``crawl-summary.json`` and one INFO line.

    Returns:
        dict: The summary: ``by_source``, ``finish_reasons``, ``errors``,
        ``stats`` (per spider, the csm_radar, retry and robots.txt counts) and
        ``record``.
    """
    out, parts = Path(out_dir), Path(out_dir) / PARTS
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir(parents=True)
    base = project_settings(overrides)
    base.set("CSM_RADAR_SOURCES", str(sources), "cmdline")
    base.set("LOG_FILE", str(out / LOG), "cmdline")
    base.set("LOG_FILE_APPEND", False, "cmdline")
    if replay:
        base.set("CSM_RADAR_REPLAY", str(replay), "cmdline")

    # Run every spider at once under one reactor.
    process = CrawlerProcess(base)
    crawlers = []
    for position, name in enumerate(spiders):
        spidercls = process.spider_loader.load(name)
        settings = _spider_settings(base, parts, name, record)
        crawlers.append(Crawler(spidercls, settings, init_reactor=position == 0))
        process.crawl(crawlers[-1])
    process.start()

    # Join the parts and count.
    for target in (out / POSTINGS, out / REJECTS):
        target.write_bytes(b"")
    by_source = {
        name: {
            "postings": _append(parts / f"{name}.{POSTINGS}", out / POSTINGS),
            "rejects": _append(parts / f"{name}.{REJECTS}", out / REJECTS),
        }
        for name in spiders
    }
    if record:
        _join_warcs([parts / f"{name}.warc.gz" for name in spiders], Path(record))
    shutil.rmtree(parts)
    summary = {
        "by_source": by_source,
        "finish_reasons": {
            c.spidercls.name: c.stats.get_value("finish_reason") for c in crawlers
        },
        "errors": sum(c.stats.get_value("log_count/ERROR", 0) for c in crawlers),
        "stats": {c.spidercls.name: _own_stats(c) for c in crawlers},
        "record": str(record) if record else None,
    }
    (out / SUMMARY).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    counts = "; ".join(
        f"{name} {c['postings']} postings, {c['rejects']} rejects"
        for name, c in by_source.items()
    )
    logger.info("Crawl summary: %s", counts)
    return summary


def _own_stats(crawler: Crawler) -> dict:
    """The crawl's counts that matter here: csm_radar/*, retries, robots.txt."""
    prefixes = ("csm_radar/", "retry/", "robotstxt/", "downloader/response_status")
    return {key: value for key, value in sorted(crawler.stats.get_stats().items())
            if key.startswith(prefixes)}


def _append(part: Path, target: Path, chunk: int = 1 << 20) -> int:
    """Append ``part`` to ``target`` a chunk at a time; return its line count."""
    if not part.exists():
        return 0
    lines = 0
    with open(part, "rb") as source, open(target, "ab") as file:
        while data := source.read(chunk):
            file.write(data)
            lines += data.count(b"\n")
    return lines


def _join_warcs(paths: list[Path], target: Path) -> None:
    # Each gzipped WARC record is its own gzip member, so files concatenate.
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as joined:
        for path in paths:
            if path.exists():
                with open(path, "rb") as part:
                    shutil.copyfileobj(part, joined)
