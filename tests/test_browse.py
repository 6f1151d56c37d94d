"""What a person sees: Datasette serving a release, and the report page,
both opened in Debian's headless Chromium."""

import json
import urllib.request

import pytest
from conftest import ARTIFACTS, serving



def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


@pytest.fixture(scope="module")
def datasette(live_run):
    """`csm-radar serve` of the session's release, stopped after the module."""
    with serving("--output", str(live_run[0] / "data")) as base:
        yield base



def test_serve_answers_the_index_and_a_table_as_json(datasette):
    status, _ = get(datasette + "/")
    assert status == 200
    status, body = get(datasette + "/csm-radar/postings.json?_shape=array&_size=5")
    rows = json.loads(body)
    assert status == 200 and len(rows) == 5
    assert {"posting_id", "title", "role_family", "job_id"} <= set(rows[0])


def test_gap_query_page_shows_each_pair(datasette, browser):
    page = browser.new_page()
    page.goto(datasette + "/csm-radar/gap")
    table = page.locator("table.rows-and-columns")
    text = table.inner_text()
    for claim, real in (("churn_listed", "early_risk_detection"),
                        ("onboarding", "onboarding_first_impression"),
                        ("data_sql", "data_dashboards")):
        assert claim in text and real in text
    assert table.locator("tbody tr").count() == 5
    page.screenshot(path=str(ARTIFACTS / "datasette-gap.png"), full_page=True)
    page.close()


def test_full_text_search_finds_requirement_sentences(datasette, browser):
    page = browser.new_page()
    page.goto(datasette + "/csm-radar/units?_search=renewal")
    cells = page.locator("table.rows-and-columns td.col-text").all_inner_texts()
    assert cells, "the search found no sentence"
    assert all("renewal" in cell.lower() for cell in cells)
    page.screenshot(path=str(ARTIFACTS / "datasette-search.png"), full_page=True)
    page.close()


def test_report_page_shows_the_gap_chart_and_evidence(release, browser):
    page = browser.new_page()
    page.goto((release / "report.html").as_uri())
    chart = page.locator("svg#gap-chart")
    assert chart.locator("rect").count() == 10  # five pairs, two bars each
    assert "early_risk_detection" in chart.text_content()
    evidence = page.locator("tr#theme-onboarding details.evidence")
    evidence.locator("summary").click()
    quotes = evidence.locator("blockquote").all_inner_texts()
    assert quotes and any("onboard" in q.lower() or "implement" in q.lower()
                          for q in quotes)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    page.close()


def test_markdown_report_is_in_the_release(release):
    markdown = (release / "report.md").read_text()
    assert "## Claims against reality" in markdown
    assert "| churn_listed |" in markdown
