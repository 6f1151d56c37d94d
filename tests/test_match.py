"""`csm-radar match`: made-up resumes against a release of real postings.

The demand side is a real release: the customer success postings of the
embedded archive (``tests/data/match/cs-postings.jsonl.gz``) run through the
pipeline's own analyse, dedupe and shares stages and published. The small
release of the stand-in boards (conftest's ``release``, 6 jobs) asks for
neither implementation/PM backgrounds nor outcome-framed business reviews,
so it cannot show the strengths that ``expected.json`` names.
"""

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARTIFACTS

from analysis.match import PAIRS, THEMES, match_resume, shown_themes
from analysis.resume import MAX_TEXT_BYTES, ResumeError, read_resume

DATA = Path(__file__).parent / "data" / "match"
EXPECTED = json.loads((DATA / "expected.json").read_text())
RESUMES = sorted(EXPECTED["resumes"])


def match_cli(*args):
    """`csm-radar match` in its own process, as a person runs it."""
    return subprocess.run([sys.executable, "-m", "flows.cli", "match", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A data folder with one release built from real customer success postings."""
    from flows import stages
    from flows.analyse import posting_row
    from flows.config import RunConfig
    from flows.release import publish
    from flows.store import insert_all, open_db

    folder = tmp_path_factory.mktemp("match")
    db_path = folder / "run.db"
    db = open_db(db_path)
    with gzip.open(DATA / "cs-postings.jsonl.gz", "rt", encoding="utf-8") as handle:
        insert_all(db, "postings",
                   (posting_row(json.loads(line)) for line in handle if line.strip()))
    db.close()
    config = RunConfig()
    stages.analyse(db_path)
    stages.dedupe(db_path)
    stages.shares(db_path, config)
    publish(db_path, folder / "data" / "releases",
            {"parameters": config.as_dict(), "input": "cs-postings.jsonl.gz"})
    return folder / "data"


@pytest.fixture(scope="module")
def cs_release(data_dir):
    """The release in ``data_dir``."""
    return next((data_dir / "releases").iterdir())


@pytest.fixture(scope="module")
def results(cs_release):
    from flows.match import match_file

    return {name: match_file(DATA / name, cs_release) for name in RESUMES}


@pytest.mark.parametrize("name", RESUMES)
def test_expected_strengths_and_gaps_are_reported(results, name):
    result, expected = results[name], EXPECTED["resumes"][name]
    strengths = [t.theme for t in result.strengths]
    gaps = [t.theme for t in result.gaps]
    for theme in expected["strengths"]:
        assert theme in strengths, f"{name}: {theme} not a strength ({strengths})"
    for theme in expected["gaps"]:
        assert theme in gaps, f"{name}: {theme} not a gap ({gaps})"
    # Gaps come most asked first.
    shares = [t.share for t in result.gaps]
    assert shares == sorted(shares, reverse=True)


def test_fit_order_holds(results):
    first, last = EXPECTED["fit_order"][0], EXPECTED["fit_order"][-1]
    assert results[first].fit > results[last].fit
    for name in RESUMES:
        if name != last:
            assert results[name].fit > results[last].fit, name


@pytest.mark.parametrize("name", RESUMES)
def test_evidence_is_the_resumes_own_sentence(results, name):
    text = (DATA / name).read_text()
    for theme in results[name].themes:
        assert (theme.evidence is not None) == theme.shown
        if theme.shown:
            assert theme.evidence.strip("# ") in text, theme


def test_fit_is_the_sum_of_its_listed_parts(results):
    for result in results.values():
        parts = result.as_dict()["fit"]["parts"]
        assert sum(p["weight"] for p in parts) == pytest.approx(100, abs=0.2)
        assert result.fit == pytest.approx(sum(p["points"] for p in parts), abs=0.05)
        for theme in result.themes:
            assert theme.points == (theme.weight if theme.shown else 0.0)


def test_demand_is_the_releases_overall_share(results, cs_release):
    import sqlite3

    with sqlite3.connect(cs_release / "csm-radar.db") as conn:
        shares = dict(conn.execute(
            "select theme, share from theme_shares where slice = 'all'"))
    result = results["account-manager.md"]
    assert {t.theme for t in result.themes} == {t.name for t in THEMES}
    for theme in result.themes:
        assert theme.share == pytest.approx(shares[theme.theme], abs=1e-4)


def test_best_postings_are_customer_success_one_per_job(results, cs_release):
    import sqlite3

    with sqlite3.connect(cs_release / "csm-radar.db") as conn:
        family = dict(conn.execute("select posting_id, role_family from postings"))
        job_of = dict(conn.execute("select posting_id, job_id from postings"))
    for name, result in results.items():
        postings = result.postings
        assert len(postings) == 10, name
        assert len({job_of[p.posting_id] for p in postings}) == len(postings)
        assert all(family[p.posting_id] in ("csm", "adjacent") for p in postings)
        assert [p.score for p in postings] == sorted((p.score for p in postings),
                                                     reverse=True)
        shown = {t.theme for t in result.themes if t.shown}
        for posting in postings:
            assert set(posting.matched) <= shown
            assert not set(posting.missing) & shown
            assert posting.score == pytest.approx(
                len(posting.matched) / (len(posting.matched) + len(posting.missing)),
                abs=1e-4)


def test_pairs_are_the_documents_pairs(results):
    from flows.findings import CLAIM_TO_REQUIREMENT

    assert dict(PAIRS) == CLAIM_TO_REQUIREMENT
    consultant = {p.claim: p for p in results["consultant.md"].pairs}
    assert consultant["qbr"].requirement_shown and consultant["qbr"].stance == "both"
    account = {p.claim: p for p in results["account-manager.md"].pairs}
    assert account["expansion"].stance == "claim only"


def test_a_negated_sentence_shows_nothing():
    shown = shown_themes("- No customer-facing work; never managed renewals.\n"
                         "- Handled escalations from enterprise customers.")
    assert set(shown) == {"escalations"}


def test_a_plain_list_of_skills_is_read():
    shown = shown_themes("Skills: renewals, QBRs with customer goals and ROI, "
                         "Gainsight dashboards, SQL, customer onboarding")
    assert {"renewals", "qbr", "qbr_outcomes", "data_dashboards", "data_sql",
            "onboarding"} <= set(shown)


def test_demand_can_be_given_as_a_plain_dict():
    from analysis.match import Demand

    demand = {t.name: Demand(1, 2) for t in THEMES}
    result = match_resume("- Owned renewals for 40 accounts.", demand)
    assert [t.theme for t in result.strengths] == ["renewals"]
    assert result.fit == pytest.approx(100 / len(THEMES), abs=0.1)


# Reading PDF and DOCX.

def write_pdf(path: Path, lines: list[str]) -> None:
    """A one-page PDF with a text layer, written by hand (Helvetica)."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
               for line in lines]
    content = "BT /F1 10 Tf 14 TL 40 760 Td " + " ".join(
        f"({line}) Tj T*" for line in escaped) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        "/Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    path.write_bytes(bytes(out))


def write_docx(path: Path, lines: list[str]) -> None:
    import docx

    document = docx.Document()
    for line in lines:
        if line.startswith("# "):
            document.add_heading(line[2:], level=1)
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line:
            document.add_paragraph(line)
    document.save(str(path))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_pdf_and_docx_read_like_the_markdown(tmp_path, fmt):
    name = "support-specialist.md"
    lines = (DATA / name).read_text().splitlines()
    path = tmp_path / f"resume.{fmt}"
    (write_pdf if fmt == "pdf" else write_docx)(path, lines)
    resume = read_resume(path)
    assert resume.format == fmt
    markdown = (DATA / name).read_text()
    assert set(shown_themes(resume.text)) == set(shown_themes(markdown))


def test_reader_errors_name_the_file_and_what_to_do(tmp_path):
    cases = {
        "empty.md": b"",
        "blank.txt": b" \n\n \t\n",
        "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "broken.pdf": b"%PDF-1.4\nthis is not a pdf at all",
        "archive.docx": b"PK\x03\x04" + b"\x00" * 64,
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ResumeError) as info:
            read_resume(tmp_path / name)
        assert name in str(info.value)
    with pytest.raises(ResumeError, match="no such file"):
        read_resume(tmp_path / "missing.md")


# The command line, in its own process.

def test_same_resume_twice_gives_byte_identical_json(data_dir):
    args = [str(DATA / "consultant.md"), "--output", str(data_dir), "--json"]
    first, second = match_cli(*args), match_cli(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    answer = json.loads(first.stdout)
    assert {"fit", "strengths", "gaps", "themes", "pairs", "postings"} <= set(answer)
    assert answer["fit"]["parts"] and len(answer["postings"]) == 10


def test_terminal_report_is_short_and_names_strengths_and_gaps(data_dir):
    done = match_cli(str(DATA / "account-manager.md"), "--output", str(data_dir))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("account-manager.md against release ")
    assert "fit " in out and "strengths" in out and "gaps" in out
    assert "renewals" in out and "postings that fit best" in out
    assert len(out.splitlines()) < 60


@pytest.mark.parametrize("name, data, message", [
    ("empty.md", b"", "empty"),
    ("binary.txt", bytes(range(256)) * 64, "binary"),
    ("huge.txt", b"Renewals and onboarding. " * (5 * 2**20 // 25 + 1), "too large"),
])
def test_bad_files_get_one_clear_line(data_dir, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    if name == "huge.txt":
        assert path.stat().st_size > 5 * MAX_TEXT_BYTES
    done = match_cli(str(path), "--output", str(data_dir))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and name in errors[0] and message in errors[0]


def test_missing_file_and_no_release_say_what_to_do(data_dir, tmp_path):
    done = match_cli(str(tmp_path / "nope.md"), "--output", str(data_dir))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "nope.md" in done.stderr and "no such file" in done.stderr
    done = match_cli(str(DATA / "consultant.md"), "--output", str(tmp_path / "empty"))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "csm-radar run" in done.stderr
    done = match_cli(str(DATA / "consultant.md"), "--output", str(data_dir),
                     "--release", "1999-01-01.nothing")
    assert done.returncode != 0 and "csm-radar releases" in done.stderr


def test_html_page_renders_its_chart_in_chromium(data_dir, tmp_path, browser):
    page_path = tmp_path / "match.html"
    done = match_cli(str(DATA / "consultant.md"), "--output", str(data_dir),
                     "--json", "--html", str(page_path))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    html = page_path.read_text()
    assert "<script" not in html and "http://" not in html.split("<table")[0]
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(page_path.as_uri())
    chart = page.locator("svg#match-chart")
    assert chart.is_visible()
    bars = chart.locator("rect.bar")
    assert bars.count() == len(THEMES)
    shown = chart.locator("rect.bar.shown")
    assert shown.count() == sum(t["shown"] for t in answer["themes"])
    first = bars.first
    assert first.get_attribute("data-theme") == answer["themes"][0]["theme"]
    assert float(first.get_attribute("width")) > 0
    assert page.locator("#fit").inner_text() == f"{answer['fit']['score']:.1f}"
    assert page.locator("#postings tr, #postings ~ table tr").count() >= 10
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "match.png"), full_page=True)
    page.close()
    assert (ARTIFACTS / "match.png").stat().st_size > 10_000
