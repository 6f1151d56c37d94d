"""Labels of real postings, number forms, and the gold measurement."""

import json
from pathlib import Path

import pytest

from analysis.codebook import THEME_NAMES
from analysis.counts import book_in, years_in
from analysis.document import parse_document
from analysis.labels import label_posting
from analysis.themes import sentence_themes

DATA = Path(__file__).parent / "data" / "postings"
GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"


def _labels(title):
    for line in (DATA / "ashby-sample.jsonl").read_text().splitlines():
        row = json.loads(line)
        if row["title"] == title:
            return label_posting(title, parse_document(row["html"], row["text"]))
    raise KeyError(title)


@pytest.mark.parametrize("sentence, years", [
    ("3+ years of experience in Customer Success", 3),
    ("At least five years of experience managing accounts", 5),
    ("3-5 years in a customer-facing role", 3),
    ("2–4+ years in a customer success role", 2),
    ("Minimum 5 years experience in programming, with 2+ years of cloud", 5),
    ("2+ años de experiencia en ventas", 2),
    ("We were founded 10 years ago", None),
    ("Sabbatical leave after 5 years of employment", None),
])
def test_years_forms(sentence, years):
    assert years_in(sentence) == years


@pytest.mark.parametrize("sentence, book", [
    ("Own a portfolio of 20-30 accounts", (20, 30)),
    ("Manage 50+ customers across EMEA", (50, 50)),
    ("Running a book of business of ~150-170 accounts", (150, 170)),
    ("Manage an enterprise book of business of about 20 accounts", (20, 20)),
    ("Manage a team of 8 CSMs", None),
    ("Own a $2M book of business", None),
])
def test_book_size_forms(sentence, book):
    assert book_in(sentence) == book


@pytest.mark.parametrize("sentence, section, theme, stated", [
    # A background is asked for; a department the role works with is not one.
    ("3+ years in sales, customer success or account management.", "requirements",
     "bg_sales", True),
    ("Comfortable collaborating with Product, Sales, and Engineering to champion "
     "the customer voice.", "requirements", "bg_sales", False),
    ("Background in technical support or solutions engineering.", "requirements",
     "bg_support", True),
    ("Coordinate with Support and Finance to resolve customer issues quickly.",
     "responsibilities", "bg_support", False),
    # Risk seen early in a signal, not risk named.
    ("Monitor account health, and proactively address issues to reduce churn.",
     "responsibilities", "early_risk_detection", True),
    ("Proactively identify and mitigate customer risk.", "responsibilities",
     "early_risk_detection", False),
    ("Identify at-risk accounts from usage data before renewal.", "responsibilities",
     "early_risk_detection", True),
])
def test_theme_distinctions(sentence, section, theme, stated):
    assert (theme in sentence_themes(sentence, section)) is stated


def test_labels_of_an_adjacent_posting():
    labels = _labels("Implementation Director - Nursing")
    assert labels["role_family"] == "adjacent"
    assert set(THEME_NAMES) <= set(labels)
    assert labels["years_experience_min"]["value"] == 3
    assert labels["portfolio_accounts"] is None
    assert labels["onboarding"]["value"] is True
    assert "deployment and implementation" in labels["onboarding"]["evidence"]
    assert labels["bg_domain"]["evidence"].startswith(
        "Have a track record of driving successful healthcare technology"
    )
    assert labels["renewals"] == {"value": False}


def test_labels_of_a_csm_posting_ignore_boilerplate():
    labels = _labels("Head of Customer Success")
    assert labels["role_family"] == "csm"
    assert labels["churn_listed"]["value"] is True
    assert "retains our customers" in labels["churn_listed"]["evidence"]
    assert labels["voice_of_customer"]["value"] is True
    assert 0 < labels["voice_of_customer"]["score"] <= 1


def test_other_postings_carry_role_family_alone():
    assert _labels("Enterprise Technical Support, EMEA") == {"role_family": "other"}


@pytest.mark.gold
@pytest.mark.skipif(
    not (GOLD / "dev.jsonl").exists(),
    reason="needs the development gold: place dev-postings.jsonl and dev.jsonl "
    "in ../shared/gold beside the repository",
)
def test_dev_gold_thresholds():
    from analysis.evaluate import evaluate

    result, _ = evaluate(GOLD / "dev-postings.jsonl", GOLD / "dev.jsonl")
    assert result["role_accuracy"] >= 0.93
    assert result["theme_macro_f1"] >= 0.85
    assert result["max_share_error"] <= 0.08
    assert result["years_accuracy"] >= 0.90
    assert result["portfolio_accuracy"] >= 0.90
