"""Sections and units of real postings."""

import json
from pathlib import Path

import pytest

from analysis.document import parse_document
from analysis.sections import classify_heading, classify_sentence

DATA = Path(__file__).parent / "data" / "postings"


def _posting(title):
    for line in (DATA / "ashby-sample.jsonl").read_text().splitlines():
        row = json.loads(line)
        if row["title"] == title:
            return row
    raise KeyError(title)


def test_sections_of_a_known_posting():
    document = parse_document(_posting("Implementation Director - Nursing")["html"])
    assert [(s.label, s.heading) for s in document.sections] == [
        ("about_company", "About Abridge"),
        ("role", "The Role"),
        ("responsibilities", "What You'll Do"),
        ("requirements", "What You'll Bring"),
        ("nice_to_have", "Bonus points if..."),
        ("requirements", "*This position will require up to 20% travel*"),
        ("benefits", "Why Work at Abridge?"),
        ("benefits", "How we take care of Abridgers"),
        ("legal", "Equal Opportunity Employer"),
        ("legal", "Staying safe - Protect yourself from recruitment fraud"),
    ]


@pytest.mark.parametrize("title", [
    "Implementation Director - Nursing",
    "Enterprise Technical Support, EMEA",
    "Head of Customer Success",
])
def test_unit_offsets_round_trip(title):
    document = parse_document(_posting(title)["html"])
    assert document.units
    for position, unit in enumerate(document.units):
        assert document.text[unit.start:unit.end] == unit.text
        assert unit.position == position
        assert unit.section in ("responsibilities", "requirements", "nice_to_have")
    for block in document.blocks:
        assert document.text[block.start:block.end] == block.text


def test_units_of_a_known_posting():
    document = parse_document(_posting("Enterprise Technical Support, EMEA")["html"])
    first = document.units[0]
    assert first.section == "responsibilities"
    assert first.text.startswith("Work closely with our largest customers")
    requirement = next(u for u in document.units if u.section == "requirements")
    assert requirement.text.startswith("At least 3-5 years of experience")


def test_headless_posting_is_classified_by_sentence():
    text = (
        "You will own renewals for a portfolio of 40 accounts. "
        "You have 3+ years of experience in customer success. "
        "We offer health insurance and a 401k. "
        "We are an equal opportunity employer."
    )
    document = parse_document(None, text)
    assert [s.label for s in document.sentences] == [
        "responsibilities", "requirements", "benefits", "legal",
    ]
    assert [u.section for u in document.units] == ["responsibilities", "requirements"]


@pytest.mark.parametrize("heading, label", [
    ("What you'll do", "responsibilities"),
    ("In this role you will", "responsibilities"),
    ("What we're looking for", "requirements"),
    ("You might be a fit if you", "requirements"),
    ("About you", "requirements"),
    ("Who you are", "requirements"),
    ("Qualifications", "requirements"),
    ("Bonus points", "nice_to_have"),
    ("Preferred Qualifications", "nice_to_have"),
    ("About the role", "role"),
    ("About Acme", "about_company"),
    ("Benefits", "benefits"),
    ("Compensation Range", "compensation"),
    ("Equal Opportunity Employer", "legal"),
    ("How to apply", "how_to_apply"),
])
def test_heading_forms(heading, label):
    assert classify_heading(heading) == label


def test_unknown_heading_is_none_and_cues_classify_sentences():
    assert classify_heading("Customer onboarding") is None
    assert classify_sentence("3+ years of experience in SaaS.") == "requirements"
