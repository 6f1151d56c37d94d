"""Posting lifecycle: first and last seen, closed, re-opened and re-posted."""

import json

import pytest
from crawl_fixtures import JSON, saved_body, write_sources

from crawler.run import run_crawl
from flows.lifecycle import crawled_boards, lifecycle_rows, record_crawl

TIMES = ["2026-08-01T00:00:00Z", "2026-08-08T00:00:00Z", "2026-08-15T00:00:00Z",
         "2026-08-22T00:00:00Z"]
BOARD = ("lever", "rotating")
FAST = {"AUTOTHROTTLE_START_DELAY": 0, "DOWNLOAD_DELAY": 0}


def _posting(posting_id, text, title="Customer Success Manager", company="Acme"):
    source, board, _ = posting_id.split(":")
    return {"posting_id": posting_id, "source": source, "board": board,
            "company": company, "title": title, "description_text": text}


TEXT = " ".join(f"word{i}" for i in range(40))


def test_a_failed_board_closes_nothing(tmp_path):
    history = tmp_path / "h.sqlite"
    posting = _posting("lever:acme:1", TEXT)
    record_crawl(history, [posting], {("lever", "acme")}, TIMES[0])
    for when in TIMES[1:3]:
        summary = record_crawl(history, [], set(), when)
        assert summary.missing == 0
    row = lifecycle_rows(history, ["lever:acme:1"])["lever:acme:1"]
    assert (row["status"], row["last_seen"]) == ("open", TIMES[0])


def test_a_duplicate_still_listed_is_no_repost(tmp_path):
    history = tmp_path / "h.sqlite"
    first = _posting("lever:acme:1", TEXT)
    record_crawl(history, [first], {("lever", "acme")}, TIMES[0])
    record_crawl(history, [first, _posting("lever:acme:2", TEXT)],
                 {("lever", "acme")}, TIMES[1])
    rows = lifecycle_rows(history, ["lever:acme:2"])
    assert rows["lever:acme:2"]["reposted_from"] is None


def test_crawled_boards_leaves_out_failed_ones():
    rejects = [{"source": "lever", "board": "a", "reason": "http_503"},
               {"source": "lever", "board": "b", "reason": "missing_title"}]
    boards = [("lever", "a"), ("lever", "b"), ("lever", "c")]
    assert crawled_boards(boards, rejects) == {("lever", "b"), ("lever", "c")}


@pytest.fixture(scope="module")
def four_crawls(board_server, tmp_path_factory):
    """The same local board crawled four times while postings come and go.

    1: A B C D; 2: A B; 3: A and D again under a new id (D2);
    4: A B C D2 (B back after one miss, C back after being closed).
    """
    folder = tmp_path_factory.mktemp("lifecycle")
    jobs = json.loads(saved_body("lever", "leverdemo"))[:4]
    a, b, c, d = jobs
    d2 = dict(d, id="d2-new-id-for-the-same-ad")
    rounds = [[a, b, c, d], [a, b], [a, d2], [a, b, c, d2]]
    sources = write_sources(folder / "sources.toml", board_server, [BOARD])
    history, summaries = folder / "history.sqlite", []
    ids = {key: f"lever:rotating:{job['id']}"
           for key, job in zip(["a", "b", "c", "d", "d2"], [*jobs, d2], strict=True)}
    path = "/v0/postings/rotating"
    try:
        for number, (listed, when) in enumerate(zip(rounds, TIMES, strict=True)):
            board_server.table[path] = (200, JSON, json.dumps(listed).encode())
            result = run_crawl(sources, folder / f"crawl{number}", spiders=["lever"],
                               settings=FAST, timeout=300)
            postings = [json.loads(line) for line in
                        result.postings_path.read_text(encoding="utf-8").splitlines()]
            rejects = [json.loads(line) for line in
                       result.rejects_path.read_text(encoding="utf-8").splitlines()]
            assert len(postings) == len(listed)
            boards = crawled_boards([BOARD], rejects)
            summaries.append(record_crawl(history, postings, boards, when))
            if number == 2:
                after_third = lifecycle_rows(history, ids.values())
    finally:
        board_server.table.pop(path)
    return summaries, after_third, lifecycle_rows(history, ids.values()), ids


def test_first_and_last_seen(four_crawls):
    _, _, rows, ids = four_crawls
    assert rows[ids["a"]] == {"first_seen": TIMES[0], "last_seen": TIMES[3],
                              "status": "open", "reposted_from": None,
                              "closed_at": None}
    assert (rows[ids["d"]]["first_seen"], rows[ids["d"]]["last_seen"]) == (
        TIMES[0], TIMES[0])
    assert rows[ids["d2"]]["first_seen"] == TIMES[2]


def test_missing_twice_is_closed_not_deleted(four_crawls):
    summaries, after_third, rows, ids = four_crawls
    assert [s.closed for s in summaries] == [0, 0, 2, 0]
    for key in ("c", "d"):
        assert after_third[ids[key]]["status"] == "closed"
        assert after_third[ids[key]]["closed_at"] == TIMES[1]
    assert rows[ids["d"]]["status"] == "closed"


def test_missing_once_then_back_stays_open(four_crawls):
    _, after_third, rows, ids = four_crawls
    assert after_third[ids["b"]]["status"] == "open"
    assert rows[ids["b"]] == {"first_seen": TIMES[0], "last_seen": TIMES[3],
                              "status": "open", "reposted_from": None,
                              "closed_at": None}


def test_a_closed_posting_that_comes_back_is_reposted(four_crawls):
    summaries, _, rows, ids = four_crawls
    assert summaries[3].reopened == 1
    assert rows[ids["c"]]["status"] == "reposted"
    assert (rows[ids["c"]]["last_seen"], rows[ids["c"]]["closed_at"]) == (
        TIMES[3], None)


def test_the_same_ad_under_a_new_id_is_linked(four_crawls):
    summaries, _, rows, ids = four_crawls
    assert summaries[2].reposted == 1
    assert rows[ids["d2"]]["reposted_from"] == ids["d"]
    assert rows[ids["d2"]]["status"] == "reposted"
