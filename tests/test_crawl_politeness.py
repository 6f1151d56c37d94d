"""Politeness against a stand-in server of its own: robots.txt with a Disallow
and a Crawl-delay, a 429 with Retry-After, a truncated body, an HTML error page.

The server logs every request with its time, so the test can see what was
fetched, and when. One spider crawls it: each source is its own Scrapy
crawler, with its own download slots, so the delay holds per source.
"""

import json

import pytest
from crawl_fixtures import JSON, saved_body, serving, write_sources

from crawler.run import run_crawl

ROBOTS = b"User-agent: *\nCrawl-delay: 1\nDisallow: /v0/postings/private\n"
BOARDS = [("lever", "leverdemo"), ("lever", "limited"), ("lever", "cut"),
          ("lever", "error"), ("lever", "private")]
ERROR_PAGE = (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
              b"<body><h1>Bad Gateway</h1></body></html>")
# Jitter is off for a host with a Crawl-delay; allow for clock granularity.
SLACK = 0.05


@pytest.fixture(scope="module")
def polite(tmp_path_factory):
    folder = tmp_path_factory.mktemp("polite")
    with serving(ROBOTS) as server:
        server.scripts["/v0/postings/limited"] = [
            (429, JSON, b'{"error": "slow down"}', {"Retry-After": "1"})]
        server.table["/v0/postings/limited"] = (
            200, JSON, saved_body("lever", "idealistconsulting"))
        body = saved_body("lever", "leverdemo")
        server.table["/v0/postings/cut"] = (200, JSON, body[: len(body) // 3])
        server.table["/v0/postings/error"] = (200, JSON, ERROR_PAGE)
        sources = write_sources(folder / "sources.toml", server, BOARDS)
        result = run_crawl(
            sources, folder / "out", spiders=["lever"],
            settings={"AUTOTHROTTLE_START_DELAY": 0, "DOWNLOAD_DELAY": 0},
            timeout=300)
        log = list(server.log)
    rejects = {r["board"]: r for r in map(json.loads, result.rejects_path.open())}
    return result, log, rejects


def test_robots_disallow_is_obeyed(polite):
    _, log, rejects = polite
    paths = [path.split("?")[0] for _, path in log]
    assert "/v0/postings/private" not in paths
    assert paths[0] == "/robots.txt"
    assert rejects["private"]["reason"] == "ignored"
    assert "robots.txt" in rejects["private"]["detail"]


def test_crawl_delay_spaces_every_request(polite):
    _, log, _ = polite
    times = [moment for moment, _ in log]
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    # robots.txt, four boards, one retry: six requests, a second apart at least.
    assert len(log) == 6
    assert min(gaps) >= 1 - SLACK, gaps


def test_retry_waits_for_retry_after_and_succeeds(polite):
    result, log, rejects = polite
    limited = [moment for moment, path in log
               if path.startswith("/v0/postings/limited")]
    assert len(limited) == 2
    assert limited[1] - limited[0] >= 1 - SLACK
    assert "limited" not in rejects
    assert result.stats["lever"]["csm_radar/retry/retry_after_honoured"] == 1
    postings = result.postings_path.read_text(encoding="utf-8")
    assert '"board": "limited"' in postings
    assert "Retrying http://127.0.0.1:" in result.log_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("board, reason", [
    ("cut", "truncated_body"), ("error", "html_instead_of_json"),
    ("private", "ignored")])
def test_broken_boards_are_rejected_and_the_crawl_goes_on(polite, board, reason):
    result, _, rejects = polite
    assert rejects[board]["reason"] == reason
    assert rejects[board]["url"].startswith("http://127.0.0.1:")
    assert result.by_source["lever"]["postings"] == 6 + 2
    assert "502 Bad Gateway" in rejects["error"]["detail"]
    assert set(result.finish_reasons.values()) == {"finished"}


def test_crawl_delay_is_recorded(polite):
    result, _, _ = polite
    assert result.stats["lever"]["csm_radar/crawl_delay/127.0.0.1"] == 1.0


def test_a_board_that_stays_unavailable_is_a_reject(tmp_path):
    with serving(b"User-agent: *\nAllow: /\n") as server:
        server.table["/v0/postings/busy"] = (
            503, JSON, b'{"error": "busy"}', {"Retry-After": "0"})
        sources = write_sources(tmp_path / "sources.toml", server, [("lever", "busy")])
        result = run_crawl(sources, tmp_path / "out", spiders=["lever"],
                           settings={"AUTOTHROTTLE_START_DELAY": 0,
                                     "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 2},
                           timeout=300)
        tries = [path for _, path in server.log if path.startswith("/v0/postings/busy")]
    reject = json.loads(result.rejects_path.read_text(encoding="utf-8"))
    assert (reject["board"], reject["reason"]) == ("busy", "http_503")
    assert len(tries) == 3 and result.errors == 0
