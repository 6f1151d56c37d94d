"""Salary from free text, from structured compensation, and its measurement."""

import json
from pathlib import Path

import pytest

from analysis.salary import (
    Salary, format_measurement, measure_ashby, parse_salary_text,
    salary_from_compensation,
)

DATA = Path(__file__).parent / "data" / "fields"
SHARED_ASHBY = Path(__file__).parents[2] / "shared" / "data" / "ashby"
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.mark.parametrize("text, expected", [
    ("$90K–$120K OTE", (90_000, 120_000, "USD", "year", "ote")),
    ("EUR 55.000", (55_000, 55_000, "EUR", "year", "base")),
    ("€55.000 - €65.000", (55_000, 65_000, "EUR", "year", "base")),
    ("£45,000 - £52,000 + bonus", (45_000, 52_000, "GBP", "year", "base")),
    ("$25-$30 per hour", (25, 30, "USD", "hour", "base")),
    ("$120,000 USD", (120_000, 120_000, "USD", "year", "base")),
    ("The base salary is $100,000 to $130,000 per year.",
     (100_000, 130_000, "USD", "year", "base")),
    ("Salary: $80,000 – $95,000", (80_000, 95_000, "USD", "year", "base")),
    ("CA$150K – CA$330K • Offers Equity",
     (150_000, 330_000, "CAD", "year", "base")),
    ("€1.2K – €1.4K per month", (1_200, 1_400, "EUR", "month", "base")),
    ("₹8.8L – ₹10.6L", (880_000, 1_060_000, "INR", "year", "base")),
    ("$80K – $100K • OTE $160 - $200k", (80_000, 100_000, "USD", "year", "base")),
    ("$125K – $145K • OTE", (125_000, 145_000, "USD", "year", "ote")),
    ("$120K - $150K CAD OTE", (120_000, 150_000, "CAD", "year", "ote")),
])
def test_tricky_forms(text, expected):
    salary = parse_salary_text(text)
    assert (salary.min, salary.max, salary.currency, salary.period,
            salary.kind) == expected


@pytest.mark.parametrize("text", [
    "You get a $500 home office stipend and a $1,000 learning budget.",
    "We are a team of 45 people, profitable since 2015.",
    "We raised $50M in our Series B from top investors.",
    "Over 3,000 customers and $10M in ARR, growing 20% a month.",
    "Healthcare is a $4.5 trillion industry with more than $500 billion spent "
    "annually on administrative costs.",
    "$10,000 Sign-On Bonus",
])
def test_numbers_that_are_not_pay(text):
    assert parse_salary_text(text) is None


# Real description passages from the Ashby boards (shared data, October 2025).
@pytest.mark.parametrize("passage, expected", [
    ("Pursuant to New York Labor Law Section 194-b, US Pay Range is $140,000 - "
     "$175,000 which represents the base salary we reasonably expect to pay",
     (140_000, 175_000, "USD", "year")),
    ("For\xa0Full-Time\xa0(Salary)\xa0 | US based\xa0applicants:\xa0 "
     "$180,000/year\xa0to\xa0$260,000/year\xa0+\xa0benefits\xa0+\xa0equity.",
     (180_000, 260_000, "USD", "year")),
    ("Job Type: part-time\n\nPay: $20.00 - $25.00 per hour\n\nBenefits:",
     (20, 25, "USD", "hour")),
    ("The reasonably estimated salary for this role at Dandy is $105k plus "
     "commission and equity.", (105_000, 105_000, "USD", "year")),
    ("Pay rate: PHP 550/hour\nPaid training schedule: Monday - Friday",
     (550, 550, "PHP", "hour")),
    # The unit written on both ends, in capitals.
    ("Compensation: $45/HR - $50/HR\n\nWe are an equal opportunity employer",
     (45, 50, "USD", "hour")),
    # A range cut by a slash, the currency of no country (the place is "Remote").
    ("What We Offer:\n\n - Est. compensation ranges - 60/90k/yr + equity",
     (60_000, 90_000, None, "year")),
    # The pay cue is the heading, a paragraph above the amounts.
    ("\n\nSalary Range:\n\nWe are hiring for this role at the following level, with "
     "placement determined by your job-related skills, experience, and relevant "
     "education or training.\n\n - L3 AI/ML Engineer ($126,000 - $165,000)\n",
     (126_000, 165_000, "USD", "year")),
    # Pay for several levels or cities, one list item each: their span.
    ("\n\nSalary Range:\n\n - L4 Senior ML Engineer ($143,500 - $196,000)\n\n"
     " - L5 Staff ML Engineer ($196,000 - $227,000)\n", (143_500, 227_000, "USD", "year")),
    ("\n\nRate:\n\n - NYC + SF: $9k - 10.5k/mo\n\n - Salt Lake City: $8k - $9k/mo\n",
     (8_000, 10_500, "USD", "month")),
    # Two countries' ranges in two currencies are not one span.
    ("\n - On Target Earnings Range:\n   Canada - $120K - $150K CAD OTE\n   \n"
     "   US - $128K - $160K USD OTE\n", (120_000, 150_000, "CAD", "year")),
    # A deal size and an ad budget come before the pay; neither is pay.
    ("In our world, high ticket is anything priced at $10k or above.\n"
     " - $10-15k average deal value\n - marketing budgets ranging from "
     "$100k–$400k/month\n\nPay: $55,000.00 - $65,000.00 per year OTE",
     (55_000, 65_000, "USD", "year")),
])
def test_real_description_passages(passage, expected):
    # Padding makes the passage read as a description, not a pay field.
    text = "About us. " * 40 + passage + "\n\nBenefits: health insurance."
    salary = parse_salary_text(text)
    assert (salary.min, salary.max, salary.currency, salary.period) == expected
    assert salary.raw in text


def test_prefers_cued_range_over_funding_in_a_description():
    text = ("Dandy is transforming a dental industry worth over $200B, backed by "
            "leading venture firms.\n\n" + "We build things. " * 30 +
            "\n\nThe reasonably estimated salary for this role at Dandy is "
            "$124,100 - 146,000 plus equity.")
    salary = parse_salary_text(text)
    assert (salary.min, salary.max, salary.equity) == (124_100, 146_000, True)


def test_marks_bonus_commission_and_equity():
    salary = parse_salary_text("$90K • $90K Commission • OTE $180,000")
    assert (salary.min, salary.max, salary.commission) == (90_000, 90_000, True)
    assert parse_salary_text("$65K – $75K • plus bonus & equity.").equity
    assert not parse_salary_text(
        "$184.1K – $216.6K • Range above includes base salary, there is no bonus "
        "for this role.").bonus


def _compensation():
    return json.loads((DATA / "compensation.json").read_text(encoding="utf-8"))


def test_ashby_structured_compensation():
    by_id = {c["posting_id"]: c["compensation"] for c in _compensation()["ashby"]}
    abound = salary_from_compensation(
        "ashby", by_id["ashby:Abound:e8cbdd02-ac30-4678-8c15-62a531113e03"])
    assert abound == Salary(32_000, 35_000, "GBP", "year", "base", equity=True,
                            bonus=True, commission=False, raw="£32K - £35K")
    telli = salary_from_compensation(
        "ashby", by_id["ashby:telli:306200f9-5a4e-47a9-b6b0-0ad328633ef6"])
    assert (telli.min, telli.max, telli.currency, telli.period) == (
        3_000, 5_000, "EUR", "month")
    blockworks = salary_from_compensation(
        "ashby", json.dumps(by_id[
            "ashby:Blockworks:1b617f66-d769-4664-b72e-e05c05276962"]))
    assert (blockworks.min, blockworks.commission) == (90_000, True)


def test_every_ashby_sample_summary_agrees_with_its_structure():
    for sample in _compensation()["ashby"]:
        compensation = sample["compensation"]
        parsed = parse_salary_text(compensation["compensationTierSummary"])
        structured = salary_from_compensation("ashby", compensation)
        assert parsed.min == pytest.approx(structured.min, rel=0.01)
        assert parsed.max == pytest.approx(structured.max, rel=0.01)
        assert (parsed.currency, parsed.period) == (structured.currency,
                                                    structured.period)


def test_lever_salary_range():
    salary = salary_from_compensation("lever", _compensation()["lever"][1])
    assert (salary.min, salary.max, salary.currency, salary.period) == (
        50_000, 70_000, "USD", "year")


def test_empty_compensation():
    assert salary_from_compensation("ashby", None) is None
    assert salary_from_compensation("ashby", {
        "compensationTierSummary": None, "compensationTiers": [],
        "summaryComponents": []}) is None


@pytest.mark.gold
def test_agreement_with_ashby_structured_compensation():
    if not SHARED_ASHBY.is_dir():
        pytest.skip("needs ../shared/data/ashby (raw Ashby board responses from "
                    "stapply-ai/ats-scrapers, see ../shared/data/PROVENANCE.md)")
    result = measure_ashby(str(SHARED_ASHBY))
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "salary-misses.jsonl").open("w", encoding="utf-8") as out:
        for miss in result.misses:
            out.write(json.dumps(miss, ensure_ascii=False) + "\n")
    print("\n" + format_measurement(result))
    assert result.summary_total > 2_600
    assert result.summary_core / result.summary_total >= 0.98
    assert result.summary_kind / result.summary_total >= 0.98
    assert result.text_both_core / result.text_both_total >= 0.90
    consistent = result.text_total - result.text_contradicting
    assert result.text_consistent_core / consistent >= 0.90
    # Every description miss says whether the parser or the data is at fault.
    notes = {m["note"].split(":")[0] for m in result.misses if m["where"] == "description"}
    assert notes <= {"parser error", "the text states another range"}


LONG = " We look for people who care about customers and their outcomes." * 6


def test_currency_comes_from_the_country_when_the_text_names_none():
    text = "Our salary range for this role: 160k - 260k base + equity." + LONG
    salary = parse_salary_text(text, ["US"])
    assert (salary.min, salary.max, salary.currency) == (160_000, 260_000, "USD")
    assert salary.currency_inferred
    # Places in two currencies, or none: the currency stays unknown.
    assert parse_salary_text(text, ["US", "GB"]).currency is None
    assert parse_salary_text(text).currency is None
    # A stated currency wins over the country.
    stated = parse_salary_text("Salary: €55.000 - €65.000" + LONG, ["US"])
    assert (stated.currency, stated.currency_inferred) == ("EUR", False)


def test_a_text_stating_another_range_is_told_from_a_parser_error():
    from analysis.salary import _written

    text = "Compensation: $130-$180K base. Commission on top for OTE of $140 - $220K."
    assert _written(text, {140_000.0, 220_000.0})
    assert _written("Est. compensation ranges - 60/90k/yr + equity", {60_000.0})
    assert _written("Pay: $18.00 - $24.00 per hour, 20 - 25 hours", {25.0})
    # 117,000 is nowhere in the text; "1170" and "117,0001" are other numbers.
    assert not _written("$140,000 – $180,000, team of 1170, id 117,0001", {117_000.0})


def test_greenhouse_pay_input_ranges_as_the_spider_passes_them():
    ranges = [{"min_cents": 9000000, "max_cents": 12000000, "currency_type": "USD",
               "title": "Zone 1"},
              {"min_cents": 8000000, "max_cents": 11000000, "currency_type": "USD",
               "title": "Zone 2"}]
    salary = salary_from_compensation("greenhouse", ranges)
    assert (salary.min, salary.max, salary.currency) == (80_000, 120_000, "USD")
    assert salary_from_compensation("greenhouse", {"pay_input_ranges": ranges}) == (
        salary)
