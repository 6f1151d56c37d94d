"""A real crawl of the stand-in API server, recorded, then replayed offline."""

import json

import pytest
from crawl_fixtures import saved_body, write_sources

from crawler.run import run_crawl

GOOD = [("ashby", "prelim"), ("ashby", "brale"), ("ashby", "ramp"),
        ("ashby", "highlightta"), ("greenhouse", "amplitude"),
        ("lever", "leverdemo"), ("lever", "idealistconsulting")]
BROKEN = [("ashby", "broken"), ("ashby", "cut"), ("ashby", "empty"),
          ("ashby", "nothere"), ("greenhouse", "login"), ("lever", "gone"),
          ("lever", "untitled"), ("lever", "private")]
FAST = {"AUTOTHROTTLE_START_DELAY": 0, "DOWNLOAD_DELAY": 0}


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def live(board_server, tmp_path_factory):
    """One crawl of good and broken boards, recorded to a WARC."""
    folder = tmp_path_factory.mktemp("live")
    sources = write_sources(folder / "sources.toml", board_server, GOOD + BROKEN)
    result = run_crawl(sources, folder / "out", record=folder / "crawl.warc.gz",
                       settings=FAST, timeout=300)
    return result, sources


@pytest.fixture(scope="module")
def postings(live):
    return {p["posting_id"]: p for p in _lines(live[0].postings_path)}


@pytest.fixture(scope="module")
def rejects(live):
    return {(r["source"], r["board"]): r for r in _lines(live[0].rejects_path)}


def _saved(source, board, source_id):
    document = json.loads(saved_body(source, board))
    jobs = document if source == "lever" else document["jobs"]
    return next(job for job in jobs if str(job["id"]) == source_id)


KNOWN = {
    "ashby:prelim:949c2a58-cf59-4aa7-b0fe-0936c8dbfe0d": {
        "title": "Customer Success Associate", "company": "prelim",
        "department": "Customer Success", "employment_type": "FullTime",
        "locations": ["New York", "Atlanta", "Austin", "Boston", "Chicago",
                      "San Francisco", "Seattle"],
        "workplace_type": "remote", "published_at": "2025-08-13T06:40:03.614+00:00",
        "url": "https://jobs.ashbyhq.com/prelim/949c2a58-cf59-4aa7-b0fe-0936c8dbfe0d",
    },
    "ashby:ramp:34413f8d-26bf-4bbc-8ade-eb309a0e2245": {
        "title": " Security Engineer, Cloud", "team": "Backend",
        "locations": ["New York, NY (HQ)", "Remote (Canada)", "Remote (US)",
                      "Miami, FL"],
        "workplace_type": "hybrid", "compensation": None,
    },
    "ashby:highlightta:fc2f1f85-46a0-4a31-b165-683e39c07c04": {
        "locations": ["Toronto, Ontario"], "workplace_type": "hybrid",
        "published_at": "2026-07-08T19:48:19.767+00:00",
    },
    "greenhouse:amplitude:8636903002": {
        "title": "Customer Data Scientist - Experimentation", "company": "Amplitude",
        "department": "Solutions Consulting", "employment_type": "Regular",
        "locations": ["London, UK", "London, England, United Kingdom"],
        "published_at": "2026-07-16T11:55:32-04:00", "compensation": None,
        "url": "https://job-boards.greenhouse.io/amplitude/jobs/8636903002",
    },
    "greenhouse:amplitude:8651132002": {
        "title": "Emerging Account Executive (India)",
        "locations": ["Bangalore, India"], "workplace_type": None,
    },
    "lever:leverdemo:c559265a-55ec-4f75-ac56-78290081f6e7": {
        "title": "Account Executive", "company": "leverdemo",
        "locations": ["Amsterdam, Netherlands"], "employment_type": None,
        "workplace_type": "remote", "published_at": "2019-11-25T16:00:10.709+00:00",
        "compensation": {"min": 10000, "max": 125000, "currency": "USD",
                         "interval": "per-year-salary"},
    },
    "lever:leverdemo:33538a2f-d27d-4a96-8f05-fa4b0e4d940e": {
        "title": "AbelsonTaylor Writer", "department": "Customer Success",
        "team": "Professional Services", "workplace_type": "hybrid",
        "employment_type": "Regular Full Time (Salary)",
        "published_at": "2019-03-21T16:33:55.299+00:00",
    },
    "lever:idealistconsulting:a24ec4e5-5caa-473d-abd4-b71f09a8167b": {
        "employment_type": "Contract", "locations": ["Chicago, IL"],
        "workplace_type": "remote",
    },
}
TEXT = {
    "ashby:prelim:949c2a58-cf59-4aa7-b0fe-0936c8dbfe0d": (
        "Transform How Banks Serve Their Customers",
        "<strong>Transform How Banks Serve Their Customers</strong>",
    ),
    "greenhouse:amplitude:8636903002": (
        "Amplitude’s Commitment to Diversity Equity & Inclusion (DEI)",
        "Diversity Equity &amp; Inclusion",
    ),
    "lever:leverdemo:33538a2f-d27d-4a96-8f05-fa4b0e4d940e": (
        "be very smart", "<h3>Qualifications</h3><ul><li>be smart</li>",
    ),
}


@pytest.mark.parametrize("posting_id", sorted(KNOWN))
def test_known_posting_fields(postings, posting_id):
    posting = postings[posting_id]
    assert {key: posting[key] for key in KNOWN[posting_id]} == KNOWN[posting_id]
    source, board, source_id = posting_id.split(":")
    assert (posting["source"], posting["board"], posting["source_id"]) == (
        source, board, source_id)
    assert posting["request_url"].startswith("http://127.0.0.1:")
    assert posting["archive_record_id"].startswith("<urn:uuid:")


def test_ashby_compensation_is_the_raw_object(postings):
    posting = postings["ashby:prelim:949c2a58-cf59-4aa7-b0fe-0936c8dbfe0d"]
    raw = _saved("ashby", "prelim", "949c2a58-cf59-4aa7-b0fe-0936c8dbfe0d")
    assert posting["compensation"] == raw["compensation"]
    assert posting["description_text"] == raw["descriptionPlain"]
    assert posting["description_html"] == raw["descriptionHtml"]


@pytest.mark.parametrize("posting_id", sorted(TEXT))
def test_description_text_and_html(postings, posting_id):
    in_text, in_html = TEXT[posting_id]
    assert in_text in postings[posting_id]["description_text"]
    assert in_html in postings[posting_id]["description_html"]
    assert "&lt;" not in postings[posting_id]["description_html"]


def test_lever_description_holds_every_part(postings):
    posting = postings["lever:leverdemo:33538a2f-d27d-4a96-8f05-fa4b0e4d940e"]
    html, text = posting["description_html"], posting["description_text"]
    assert html.index("Demo Job Listing") < html.index("<h3>Duties</h3>")
    assert html.index("<h3>Duties</h3>") < html.index("you will never find a job")
    assert "work VERY hard" in text and "Lever is an equal opportunity" in text


def test_every_good_posting_is_there(live, postings):
    for source, board in GOOD:
        document = json.loads(saved_body(source, board))
        jobs = document if source == "lever" else document["jobs"]
        expected = {f"{source}:{board}:{job['id']}" for job in jobs}
        assert expected <= set(postings), (source, board)
    assert live[0].errors == 0
    assert set(live[0].finish_reasons.values()) == {"finished"}


@pytest.mark.parametrize("source, board, reason", [
    ("ashby", "broken", "invalid_json"),
    ("ashby", "cut", "truncated_body"),
    ("ashby", "empty", "empty_body"),
    ("ashby", "nothere", "http_404"),
    ("greenhouse", "login", "html_instead_of_json"),
    ("lever", "gone", "http_404"),
    ("lever", "untitled", "missing_title"),
    ("lever", "private", "ignored"),
])
def test_bad_input_is_rejected_not_fatal(live, rejects, source, board, reason):
    reject = rejects[(source, board)]
    assert reject["reason"] == reason
    assert set(reject) == {"source", "board", "url", "reason", "detail", "fetched_at"}
    log = live[0].log_path.read_text(encoding="utf-8")
    assert f"WARNING: Rejected {source}:{board} " in log


def test_untitled_posting_is_the_only_one_lost(postings, rejects):
    untitled = [p for p in postings if p.startswith("lever:untitled:")]
    assert len(untitled) == len(json.loads(saved_body("lever", "leverdemo"))) - 1
    assert "33538a2f" in rejects[("lever", "untitled")]["url"]


def test_result_counts_match_files(live):
    result = live[0]
    assert result.postings == len(_lines(result.postings_path))
    assert result.rejects == len(BROKEN)
    assert sum(c["postings"] for c in result.by_source.values()) == result.postings


def test_replay_gives_the_same_records(live, board_server, tmp_path):
    result, sources = live
    hits = board_server.hits
    replayed = run_crawl(sources, tmp_path, replay=result.archive_path, timeout=300)
    assert board_server.hits == hits, "a replay must not touch the network"

    for name in ("postings_path", "rejects_path"):
        before = _without_fetch_time(getattr(result, name))
        assert _without_fetch_time(getattr(replayed, name)) == before


def _without_fetch_time(path):
    rows = _lines(path)
    for row in rows:
        row.pop("fetched_at")
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))
