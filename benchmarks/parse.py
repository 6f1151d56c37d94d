"""Spider parsing throughput: the Ashby mapping against plain json.loads.

Three figures on the same response bodies:
- ``json_loads``: ``json.loads(body.decode("utf-8"))`` of every body (the
  floor: decoding only);
- ``spider_parse``: ``AshbySpider.parse`` on a Scrapy ``TextResponse`` per
  body (decode, shape checks, mapping to the posting record), no engine;
- ``run_crawl``: ``crawler.run.run_crawl(replay=...)``, the whole Scrapy
  crawl in its own process (start-up, replay middleware, pipelines, feed
  export), as the pipeline runs it.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from benchmarks.data import Board, response_of
from benchmarks.timing import PeakRSS, Stopwatch, best_of, mib


class _Stats:
    def inc_value(self, *args, **kwargs) -> None:
        pass


def _responses(boards: list[Board]):
    from scrapy import Request
    from scrapy.http import TextResponse

    responses = []
    for board in boards:
        archived = response_of(board)
        request = Request(archived.url, meta={"board": board.slug, "fetched_at": board.date})
        responses.append(TextResponse(
            archived.url, body=archived.body, request=request,
            headers={"Content-Type": "application/json; charset=utf-8"},
        ))
    return responses


def bench_mapping(boards: list[Board], repeat: int = 3) -> dict:
    from crawler.spiders.ashby import AshbySpider

    bodies = [b.body for b in boards]
    postings = sum(len(json.loads(b)["jobs"]) for b in bodies)
    # The floor is decoding the UTF-8 text and parsing it. json.loads(bytes)
    # would be twice as slow (it decodes with the surrogatepass handler), and
    # keeping every document would slow the garbage collector: the spider
    # does neither.
    t_json, _ = best_of(
        lambda: sum(len(json.loads(b.decode("utf-8"))["jobs"]) for b in bodies), repeat)

    spider = AshbySpider()
    spider.crawler = type("StubCrawler", (), {"stats": _Stats()})()

    def parse_all():
        # Fresh responses each repeat: a TextResponse caches its decoded text.
        return sum(1 for r in _responses(boards) for item in spider.parse(r)
                   if isinstance(item, dict))

    t_parse, mapped = best_of(parse_all, repeat)
    return {
        "boards": len(bodies), "postings": postings, "mapped": mapped,
        "body_mib": mib(sum(len(b) for b in bodies)),
        "json_loads_s": round(t_json, 4),
        "json_loads_postings_per_s": round(postings / t_json),
        "spider_parse_s": round(t_parse, 4),
        "spider_parse_postings_per_s": round(mapped / t_parse),
        "parse_vs_json_ratio": round(t_json / t_parse, 3),
    }


def bench_run_crawl(archive: Path, sources: Path, postings: int) -> dict:
    from crawler.run import run_crawl

    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as out:
        with PeakRSS() as peak, Stopwatch() as watch:
            result = run_crawl(sources, out, replay=archive, spiders=("ashby",))
    return {
        "run_crawl_s": round(watch.seconds, 2),
        "run_crawl_postings": result.postings,
        "run_crawl_rejects": result.rejects,
        "run_crawl_postings_per_s": round(result.postings / watch.seconds),
        "run_crawl_vs_json_ratio": None,  # filled in by the caller
        "run_crawl_peak_rss_mib": mib(peak.bytes),
        "expected_postings": postings,
    }
