"""Seniority, employment type, customer segment and dates (real values)."""

import pytest

from analysis import fields
from analysis.fields import customer_segment, employment_type, parse_date, seniority


# Titles as they appear on the Ashby boards of the shared data.
@pytest.mark.parametrize("title, level", [
    ("Customer Success Manager", "mid"),
    ("Customer Success Manager ", "mid"),
    ("Strategic customer success manager", "mid"),
    ("Enterprise Customer Success Manager, Germany", "mid"),
    ("Technical Account Manager II- (Process Mining)", "mid"),
    ("Customer Success Associate", "associate"),
    ("Senior Customer Success Associate", "senior"),
    ("Senior Customer Success Manager- ITES", "senior"),
    ("Sr. Customer Success Manager", "senior"),
    ("Senior Technical Account Manager", "senior"),
    ("Lead Customer Success Manager", "lead"),
    ("Principal Customer Success Manager", "principal"),
    ("Manager, Customer Success", "manager"),
    ("Senior Manager, Customer Success", "manager"),
    ("Customer Success Team Manager", "manager"),
    ("Head of Customer Success", "head"),
    ("Director of Customer Success", "director"),
    ("Customer success director (UK)", "director"),
    ("VP, Customer Success", "vp"),
    ("Chief Customer Officer", "vp"),
    ("Customer Success Manager III", "senior"),
    ("Junior CSM", "associate"),
])
def test_seniority(title, level):
    assert seniority(title) == level


@pytest.mark.parametrize("raw, kind", [
    ("FullTime", "full_time"), ("Full-time", "full_time"),
    ("Regular Full Time (Salary)", "full_time"), ("PartTime", "part_time"),
    ("Contract", "contract"), ("Intern", "internship"),
    ("Temporary", "temporary"), (None, None), ("", None),
])
def test_employment_type_from_source_values(raw, kind):
    assert employment_type(raw) == kind


def test_employment_type_from_text_only_when_stated():
    # Real Ashby (finni-health) description lines.
    assert employment_type(None, "Job Type: part-time\n\nPay: $20.00") == "part_time"
    assert employment_type(None, "This is a contract role for six months.") == (
        "contract")
    assert employment_type(None, "We value full-time focus on customers.") is None
    assert employment_type("FullTime", "Job Type: part-time") == "full_time"


@pytest.mark.parametrize("text, segments", [
    ("You will own a book of mid-market accounts.", ["mid_market"]),
    ("Partner with our largest strategic customers.", ["strategic"]),
    ("Support our SMB customers through onboarding.", ["smb"]),
    ("Customer Success Manager (SMB)", ["smb"]),
    ("Enterprise Customer Success Manager", ["enterprise"]),
    ("Manage a portfolio of enterprise accounts and strategic accounts.",
     ["enterprise", "strategic"]),
    ("We build enterprise software trusted by Fortune 500 companies.", []),
    ("Customer Success & Renewals Manager, Mid-Market", ["mid_market"]),
    ("", []),
])
def test_customer_segment(text, segments):
    assert customer_segment(text) == segments


@pytest.mark.parametrize("value, day", [
    ("2025-10-10T21:10:27.371+00:00", "2025-10-10"),  # Ashby publishedAt
    ("2025-10-10T23:30:00-05:00", "2025-10-11"),  # converted to UTC
    ("2024-01-05", "2024-01-05"),
    ("2025-10-10T21:10:27Z", "2025-10-10"),
    (1553186035299, "2019-03-21"),  # Lever createdAt, epoch ms
    ("1553186035299", "2019-03-21"),
    (1553186035, "2019-03-21"),  # epoch seconds
    (None, None), ("soon", None),
])
def test_parse_date(value, day):
    assert parse_date(value) == day


def test_fields_re_exports_salary_and_location():
    assert fields.parse_salary_text("$25-$30 per hour").period == "hour"
    assert fields.parse_locations(["London, UK"])[0].country == "GB"
