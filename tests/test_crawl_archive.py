"""The WARC archive: import, index, and the embedded default archive's replay."""

import json

import pytest

from crawler.archive import (
    ArchivedResponse,
    WarcIndex,
    import_responses,
    iter_responses,
)
from crawler.build_archive import ARCHIVE
from crawler.run import run_crawl
from crawler.sources import DEFAULT_SOURCES, load_boards
from crawler.spiders.ashby import AshbySpider
from crawler.spiders.greenhouse import GreenhouseSpider
from crawler.spiders.lever import LeverSpider

API_URLS = {"ashby": AshbySpider.api_url, "greenhouse": GreenhouseSpider.api_url,
            "lever": LeverSpider.api_url}
MAX_BYTES = 15 * 1024 * 1024


def _count_postings(body: bytes) -> int:
    document = json.loads(body)
    return len(document if isinstance(document, list) else document["jobs"])


def test_import_then_index_round_trip(tmp_path):
    body = b'{"jobs": []}'
    url = "https://api.ashbyhq.com/posting-api/job-board/x?includeCompensation=true"
    warc = tmp_path / "a.warc.gz"
    count = import_responses([ArchivedResponse(url, body, date="2025-10-01T00:00:00Z")],
                             warc, {"description": "test"})
    archived = WarcIndex(warc).get(url)
    assert count == 1
    assert (archived.body, archived.status, archived.date) == (
        body, 200, "2025-10-01T00:00:00Z")
    assert ("Content-Type", "application/json; charset=utf-8") in archived.headers
    assert archived.record_id.startswith("<urn:uuid:")
    assert WarcIndex(warc).get(url.replace("/x?", "/y?")) is None


def test_embedded_archive_is_small_and_matches_the_sources_file():
    assert ARCHIVE.exists()
    assert ARCHIVE.stat().st_size < MAX_BYTES
    urls = {r.url for r in iter_responses(ARCHIVE)}
    boards = load_boards(DEFAULT_SOURCES)
    expected = {API_URLS[b.source].format(board=b.board.replace(" ", "%20"))
                for b in boards}
    assert urls == expected
    assert {b.source for b in boards} == {"ashby", "greenhouse", "lever"}


@pytest.fixture(scope="module")
def default_replay(tmp_path_factory):
    """The whole default archive replayed offline through the spiders."""
    out = tmp_path_factory.mktemp("default")
    return run_crawl(DEFAULT_SOURCES, out, replay=ARCHIVE, timeout=300)


def test_embedded_archive_replays_to_every_posting(default_replay):
    expected = sum(_count_postings(r.body) for r in iter_responses(ARCHIVE))
    assert expected > 1000
    assert default_replay.postings == expected
    assert default_replay.rejects == 0 and default_replay.errors == 0
    rows = default_replay.postings_path.read_text(encoding="utf-8").splitlines()
    ids = {json.loads(row)["posting_id"] for row in rows}
    assert len(ids) == expected


def test_replayed_postings_carry_archive_time_and_record(default_replay):
    first = json.loads(default_replay.postings_path.open(encoding="utf-8").readline())
    archived = WarcIndex(ARCHIVE).get(first["request_url"])
    assert first["archive_record_id"] == archived.record_id
    assert first["fetched_at"] == archived.date


def test_the_shipped_2020_board_replays_to_every_ad(tmp_path):
    from crawler.import_saved import ARCHIVE as VELE616, SOURCES

    result = run_crawl(SOURCES, tmp_path, replay=VELE616, spiders=["vele616"],
                       timeout=300)
    assert result.postings == 331 and result.rejects == 0 and result.errors == 0
    first = json.loads(result.postings_path.open(encoding="utf-8").readline())
    assert first["source"] == "vele616" and first["board"] == "2020-2021"
    assert first["fetched_at"] < "2022" and first["description_html"].strip()


def test_a_board_the_archive_lacks_is_rejected_as_not_in_the_archive(tmp_path):
    kept = next(b for b in load_boards(DEFAULT_SOURCES) if b.source == "lever")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[board]]\nsource = "lever"\nboard = "{kept.board}"\n\n'
                       '[[board]]\nsource = "ashby"\nboard = "nosuchboard"\n')
    result = run_crawl(sources, tmp_path / "out", replay=ARCHIVE, spiders=["ashby", "lever"],
                       timeout=300)
    rejects = [json.loads(line) for line in
               result.rejects_path.read_text(encoding="utf-8").splitlines()]
    assert result.postings > 0
    assert [(r["board"], r["reason"]) for r in rejects] == [("nosuchboard", "not_in_archive")]
