"""The crawler's pieces on their own: body checks, mapping helpers, spiders."""

import json

import pytest
from crawl_fixtures import saved_body
from scrapy import Request
from scrapy.http import TextResponse
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.test import get_crawler

from crawler.exceptions import BadResponse
from crawler.items import Reject
from crawler.jsonbody import load_json_body
from crawler.process import SPIDERS, project_settings
from crawler.sources import load_boards
from crawler.spiders.greenhouse import GreenhouseSpider
from crawler.spiders.mapping import html_to_text, millis_to_iso, workplace


@pytest.mark.parametrize("body, content_type, reason", [
    (b"", "application/json", "empty_body"),
    (b"  \n", "application/json", "empty_body"),
    (b"<html><title>Log in</title></html>", "application/json", "html_instead_of_json"),
    (b'{"jobs": []}', "text/html", "html_instead_of_json"),
    (b'{"jobs": [1, 2,, 3]}', "application/json", "invalid_json"),
    (b'{"jobs": [{"title": "Customer Su', "application/json", "truncated_body"),
    (b'{"jobs": [{"id": 1}', "application/json", "truncated_body"),
    (b'\xff\xfe{"jobs": []}', "application/json", "invalid_encoding"),
])
def test_bad_bodies_are_named(body, content_type, reason):
    with pytest.raises(BadResponse) as raised:
        load_json_body(body, content_type)
    assert raised.value.reason == reason


def test_byte_order_mark_is_accepted():
    assert load_json_body(b'\xef\xbb\xbf{"jobs": []}') == {"jobs": []}


def test_html_to_text_gives_a_line_per_block():
    html = "<div>Intro</div><ul>\n<li>one</li>\n<li>two&nbsp;x</li>\n</ul><p>a<br>b</p>"
    assert html_to_text(html) == "Intro\none\ntwo x\na\nb"


@pytest.mark.parametrize("value, hint", [
    ("Remote", "remote"), ("Hybrid", "hybrid"), ("OnSite", "onsite"),
    ("on-site", "onsite"), ("unspecified", None), (None, None),
])
def test_workplace_hints(value, hint):
    assert workplace(value) == hint


def test_lever_milliseconds_become_iso_utc():
    assert millis_to_iso(1553186035299) == "2019-03-21T16:33:55.299+00:00"


def test_sources_file_is_filtered_by_source(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[[board]]\nsource = "ashby"\nboard = "a"\n\n'
                    '[[board]]\nsource = "lever"\nboard = "b"\nurl = "http://x/"\n')
    boards = load_boards(path, "lever")
    assert [(b.board, b.url) for b in boards] == [("b", "http://x/")]


def test_every_spider_loads():
    settings = Settings({"SPIDER_MODULES": ["crawler.spiders"]})
    loader = SpiderLoader.from_settings(settings)
    assert sorted(loader.list()) == sorted(SPIDERS)


def test_politeness_settings():
    settings = project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")
    assert "csm-radar" in settings["USER_AGENT"]
    assert settings["CSM_RADAR_CONTACT"] in settings["USER_AGENT"]


def test_greenhouse_spider_on_a_saved_response():
    spider = GreenhouseSpider.from_crawler(get_crawler(GreenhouseSpider))
    url = GreenhouseSpider.api_url.format(board="amplitude")
    meta = {"board": "amplitude", "fetched_at": "2026-08-01T00:00:00Z"}
    body = saved_body("greenhouse", "amplitude")
    response = TextResponse(
        url, body=body, request=Request(url, meta=meta),
        headers={"Content-Type": "application/json"},
    )
    items = list(spider.parse(response))
    assert [item["source_id"] for item in items] == ["8636903002", "8651132002"]
    assert all(item["fetched_at"] == "2026-08-01T00:00:00Z" for item in items)
    assert json.loads(json.dumps(items)) == items


def test_a_posting_of_the_wrong_shape_is_rejected_alone():
    spider = GreenhouseSpider.from_crawler(get_crawler(GreenhouseSpider))
    url = "http://127.0.0.1/v1/boards/x/jobs"
    body = json.dumps({"jobs": ["not a posting", {"id": 1, "title": "CSM"}]}).encode()
    response = TextResponse(url, body=body, request=Request(url, meta={"board": "x"}))
    items = list(spider.parse(response))
    assert isinstance(items[0], Reject) and items[0].reason == "unmappable_posting"
    assert items[1]["posting_id"] == "greenhouse:x:1"
