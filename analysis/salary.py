"""Pay stated by a posting: from free text or from a source's structured fields.

The text parser finds money amounts and ranges with a regular expression, reads
each amount with price-parser, and keeps only amounts that read as pay: near a
pay cue (salary, compensation, OTE, per year ...) or with a pay period, not
attached to a stipend, budget, funding round, bonus or customer count, and
plausible for their period. A range beats a single amount.

Example:
    >>> parse_salary_text("£45,000 - £52,000 + bonus").max
    52000.0
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from price_parser import Price

logger = logging.getLogger(__name__)

Period = Literal["hour", "week", "month", "year"]
Kind = Literal["base", "ote"]


@dataclass(frozen=True)
class Salary:
    """One stated pay range.

    Attributes:
        min: Lower bound in currency units (equal to ``max`` for one amount).
        max: Upper bound in currency units.
        currency: ISO 4217 code, or None when the text names no currency.
        period: "hour", "week", "month" or "year" ("week" is rare but real).
        kind: "base" for base pay, "ote" for on-target earnings.
        equity: The pay statement mentions equity or stock.
        bonus: The pay statement mentions a bonus.
        commission: The pay statement mentions commission.
        raw: The exact source substring the amounts were read from.
        currency_inferred: The text named no currency and ``currency`` is
            that of the posting's country.
    """

    min: float
    max: float
    currency: str | None
    period: Period | None
    kind: Kind = "base"
    equity: bool = False
    bonus: bool = False
    commission: bool = False
    raw: str = ""
    currency_inferred: bool = False


# Currency markers as they appear in text, longest first so "CA$" beats "$".
CURRENCY_MARKERS = {
    "US$": "USD", "CA$": "CAD", "C$": "CAD", "A$": "AUD", "AU$": "AUD",
    "NZ$": "NZD", "S$": "SGD", "HK$": "HKD", "CN¥": "CNY", "R$": "BRL",
    "$": "USD", "€": "EUR", "£": "GBP", "₹": "INR", "₱": "PHP", "¥": "JPY",
    "zł": "PLN", "CHF": "CHF",
}
ISO_CODES = (
    "USD EUR GBP CAD AUD NZD CHF SEK NOK DKK PLN INR SGD MYR PHP SAR AED JPY "
    "CNY BRL MXN ZAR ILS HKD CZK RON HUF"
).split()
# The currency of a country, for pay stated without one ("150k-200k base").
_EURO = "AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK"
COUNTRY_CURRENCY: dict[str, str] = {
    **{code: "EUR" for code in _EURO.split()},
    "US": "USD", "CA": "CAD", "GB": "GBP", "AU": "AUD", "NZ": "NZD", "CH": "CHF",
    "SE": "SEK", "NO": "NOK", "DK": "DKK", "PL": "PLN", "IN": "INR", "SG": "SGD",
    "MY": "MYR", "PH": "PHP", "SA": "SAR", "AE": "AED", "JP": "JPY", "CN": "CNY",
    "BR": "BRL", "MX": "MXN", "ZA": "ZAR", "IL": "ILS", "HK": "HKD", "CZ": "CZK",
    "RO": "RON", "HU": "HUF",
}
_SYMBOLS = sorted((m for m in CURRENCY_MARKERS if not m.isalpha()), key=len,
                  reverse=True)
_CUR = "|".join([re.escape(s) for s in _SYMBOLS] + ISO_CODES)
_NUM = r"\d{1,3}(?:[,.'\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_SUF = r"[kK]\b|(?:M|mm|million|bn|billion|trillion)\b|L\b|lakhs?\b"


def _money(n: int) -> str:
    return (rf"(?:(?P<cur{n}>{_CUR})[\s\xa0]?)?(?P<num{n}>{_NUM})"
            rf"(?:\s?(?P<suf{n}>{_SUF}))?(?:[\s\xa0]?(?P<code{n}>{_CUR})(?![A-Za-z]))?"
            rf"(?:\s?/\s?(?i:year|yr|hour|hr|month)\b)?")


MONEY_RANGE = re.compile(
    rf"(?<![\w.,]){_money(1)}"
    rf"(?:(?:\s*(?:-|–|—|to|and|until)\s*|/){_money(2)})?(?![\d])"
)
PERIOD_PATTERNS: list[tuple[Period, re.Pattern]] = [
    ("hour", re.compile(r"(?:\b(?:per|an|a)\s|/\s?)(?:hour|hr)\b|/h\b|hourly", re.I)),
    ("week", re.compile(r"(?:\b(?:per|a)\s|/\s?)week\b|weekly", re.I)),
    ("month", re.compile(r"(?:\b(?:per|a)\s|/\s?)(?:month|mo)\b|monthly", re.I)),
    ("year", re.compile(
        r"(?:\b(?:per|a)\s|/\s?)(?:year|yr|annum)\b|annual|yearly|\bp\.\s?a\.|\bpa\b",
        re.I)),
]
PAY_CUE = re.compile(
    r"salar|\bpay\b|\bpaid\b|compensation|\bbase\b|\bOTE\b|on[- ]target|wage|"
    r"earnings|hourly|annual|per (?:hour|year|annum|month)|range", re.I)
OTE_CUE = re.compile(r"\bOTE\b|on[- ]target|\bTTC\b|total target", re.I)
# Words that make an amount something other than pay when they sit right by it.
NOT_PAY_AFTER = re.compile(
    r"^[\s\xa0]*(?:in\s+|of\s+|worth\s+of\s+)?(?:[\w-]+\s+){0,3}?(?:stipend|budget|"
    r"allowance|reimburse\w*|sign[- ]?on|signing|bonus|commission|funding|"
    r"revenue|ARR|valuation|customers|users|creators|per employee|credits?|"
    r"raised|in assets|AUM|GMV|referral|relocation|equity|deals?|ACV|spend|"
    r"price point)\b", re.I)
NOT_PAY_BEFORE = re.compile(
    r"(?:stipend|\bbudgets?\b|allowance|raised|raising|funding|valuation|revenue|"
    r"\bARR\b|series [a-e]|backed|invested|sign[- ]?on bonus|reimburse\w*|"
    r"relocation|referral bonus)[^.\n]{0,40}$", re.I)
EQUITY = re.compile(
    r"(?<!pay )(?<!diversity, )(?<!diversity and )\bequity\b(?!,? (?:and|&) "
    r"inclusion)|stock options?|\bRSUs?\b|\d%\s*[–-]\s*\d[\d.]*%", re.I)
BONUS = re.compile(r"(?<!no )\bbonus", re.I)
# "plus commission", "+ equity": the word qualifies the pay, it is not the amount.
PAY_JOINER = re.compile(r"^[\s\xa0]*(?:\+|plus\b|and\b|with\b|base\b|OTE\b)", re.I)
COMMISSION = re.compile(r"\bcommission", re.I)
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "hour": (1, 1_000), "week": (100, 50_000), "month": (300, 2_000_000),
    "year": (8_000, 50_000_000),
}
# A compensation field (an Ashby tier summary) is short; a posting is long.
SHORT_TEXT = 300


@dataclass(frozen=True)
class _Candidate:
    salary: Salary
    start: int
    is_range: bool
    cued: bool


def parse_salary_text(text: str | None, countries: Iterable[str] = ()
                      ) -> Salary | None:
    """Read the stated pay from free text.

    Args:
        text: A description, a compensation summary or any pay string.
        countries: ISO 3166-1 alpha-2 codes of the posting's places. When the
            text names no currency and they all use one, that currency is
            taken and the salary is marked ``currency_inferred``.

    Returns:
        The best pay statement found (a cued range first), or None when the
        text states no pay.

    Example:
        >>> parse_salary_text("$25-$30 per hour").period
        'hour'
    """
    if not text:
        return None
    text = text.replace("\u2009", " ")
    candidates = [c for m in MONEY_RANGE.finditer(text)
                  if (c := _candidate(text, m)) is not None]
    if not candidates:
        return None
    if len(text) <= SHORT_TEXT:
        # A compensation field lists the salary first and extras after it.
        best = _with_summary_marks(text, candidates[0].salary)
    else:
        first = min(candidates, key=lambda c: (not c.cued, not c.is_range, c.start))
        best = _span_of_levels(text, first, candidates)
    return _with_country_currency(best, countries)


# Pay for several levels or locations, one list item each, is read as the span
# of its items, as the structured compensation of a multi-level posting gives it.
_ITEM_GAP = re.compile(r"^[^\n$€£]{0,80}(?:\n[^\n$€£]{0,80}){1,2}$")


def _span_of_levels(text: str, first: _Candidate, candidates: list[_Candidate]) -> Salary:
    """``first``'s salary, widened over the list items of pay that follow it."""
    salary, end = first.salary, first.start + len(first.salary.raw)
    for other in sorted((c for c in candidates if c.start > first.start),
                        key=lambda c: c.start):
        o = other.salary
        if not (other.cued and other.is_range and o.currency == salary.currency
                and o.period == salary.period and o.kind == salary.kind
                and _ITEM_GAP.match(text[end:other.start])):
            break
        salary = replace(salary, min=min(salary.min, o.min), max=max(salary.max, o.max))
        end = other.start + len(o.raw)
    return salary


def _with_country_currency(salary: Salary, countries: Iterable[str]) -> Salary:
    currencies = {COUNTRY_CURRENCY.get(code) for code in countries}
    if salary.currency or len(currencies) != 1 or None in currencies:
        return salary
    return replace(salary, currency=currencies.pop(), currency_inferred=True)


def _candidate(text: str, match: re.Match) -> _Candidate | None:
    low, high, currency, marked = _amounts(match, len(text) <= SHORT_TEXT)
    if low is None or not marked:
        return None
    start, end = match.span()
    before = text[max(0, start - 150):start]
    after = text[end:end + 60]
    tail = _line_tail(after)
    if (NOT_PAY_AFTER.match(tail) and not PAY_JOINER.match(tail)
            or NOT_PAY_BEFORE.search(_clause(before))):
        return None
    # The period may sit inside the match ("$20/hour") or just after it.
    last_number_end = match.end("num2") if match.group("num2") else match.end("num1")
    period = _period(_line_tail(text[last_number_end:end + 60]), _line_head(before))
    explicit = period is not None
    period = period or _default_period(high)
    # A compensation field may say "$0 – $123K"; in prose such a span is not pay.
    ratio = None if len(text) <= SHORT_TEXT else 10
    if period is None or not _plausible(low, high, period, ratio):
        return None
    cued = (explicit or bool(PAY_CUE.search(before[-120:] + after[:30]))
            or _under_pay_heading(text[max(0, start - 400):start]))
    if not cued and len(text) > SHORT_TEXT:
        return None
    window = text[max(0, start - 300):end + 300]
    clause = _clause(before)[-60:] + text[start:end] + _line_tail(after)[:25]
    salary = Salary(
        min=low, max=high, currency=currency, period=period,
        kind="ote" if OTE_CUE.search(clause) else "base",
        equity=bool(EQUITY.search(window)), bonus=bool(BONUS.search(window)),
        commission=bool(COMMISSION.search(window)), raw=text[start:end].strip(),
    )
    return _Candidate(salary, start, match.group("num2") is not None, cued)


def _amounts(match: re.Match, in_field: bool = False
             ) -> tuple[float | None, float | None, str | None, bool]:
    """Both ends of a range in currency units, its currency, and whether it
    carries a currency or a thousands suffix (bare numbers are not pay)."""
    g = match.groupdict()
    # Prose states no pay in millions: "$50M" and "$4.5 trillion" are business.
    # A compensation field may ("$76.2K – $1M").
    if not in_field and any(_multiplier(g[k]) >= 1_000_000 for k in ("suf1", "suf2")):
        return None, None, None, False
    low = _amount(g["num1"], g["suf1"], g["cur1"] or g["code1"])
    high = _amount(g["num2"], g["suf2"], g["cur2"] or g["code2"]) if g["num2"] else low
    if low is None or high is None:
        return None, None, None, False
    # "$160 - $200k": the suffix on the upper end applies to both.
    if g["suf2"] and not g["suf1"] and low < 1000 <= high:
        low *= _multiplier(g["suf2"])
    if low > high:
        return None, None, None, False
    markers = [g[k] for k in ("cur1", "code1", "cur2", "code2") if g[k]]
    # "$120K - $150K CAD": a written code says which dollar the sign means.
    marker = next((m for m in markers if m.strip() in ISO_CODES), None) or (
        markers[0] if markers else None)
    currency = _iso(marker) if marker else None
    # "100-200k" shares one suffix; a bare "100-200" is not money.
    marked = marker is not None or bool(g["suf2"] and (g["suf1"] or low >= 1000))
    return low, high, currency, marked


def _amount(number: str, suffix: str | None, marker: str | None) -> float | None:
    price = Price.fromstring(f"{marker or ''}{number}", currency_hint=marker)
    if price.amount is None:
        return None
    # Multiply the Decimal, not the float: "8.8L" must be exactly 880,000.
    return float(price.amount * _multiplier(suffix))


def _multiplier(suffix: str | None) -> int:
    if not suffix:
        return 1
    if suffix.lower() == "k":
        return 1_000
    if suffix.lower().startswith("l"):
        return 100_000  # Indian lakh
    if suffix.lower().startswith("t"):
        return 1_000_000_000_000
    return 1_000_000_000 if suffix.lower().startswith("b") else 1_000_000


def _iso(marker: str) -> str | None:
    marker = marker.strip()
    return marker if marker in ISO_CODES else CURRENCY_MARKERS.get(marker)


def _period(after: str, before: str) -> Period | None:
    for period, pattern in PERIOD_PATTERNS:
        if pattern.search(after[:25]):
            return period
    # Nearest cue before the amount, e.g. "Hourly rate: $65".
    best: tuple[int, Period | None] = (-1, None)
    for period, pattern in PERIOD_PATTERNS:
        for m in pattern.finditer(before[-80:]):
            best = max(best, (m.start(), period), key=lambda b: b[0])
    return best[1]


def _default_period(high: float) -> Period | None:
    if high <= 300:
        return "hour"
    return "year" if high >= 10_000 else None


def _plausible(low: float, high: float, period: str, ratio: float | None) -> bool:
    floor, ceiling = PLAUSIBLE[period]
    return floor <= high <= ceiling and 0 <= low and (not ratio or high <= low * ratio)


# A short line ending in a colon: "Salary Range:", "Compensation:".
_HEADING_LINE = re.compile(r"^[^\S\n]*([^\n]{3,40}):[^\S\n]*$", re.M)


def _under_pay_heading(before: str) -> bool:
    """Whether the nearest heading line before an amount names pay."""
    headings = _HEADING_LINE.findall(before)
    return bool(headings) and bool(PAY_CUE.search(headings[-1]))


def _line_tail(after: str) -> str:
    return re.split(r"[\n•|]", after, maxsplit=1)[0]


def _line_head(before: str) -> str:
    return re.split(r"[\n•|]", before)[-1]


def _clause(before: str) -> str:
    return re.split(r"[\n•|;]|\. ", before)[-1]


def _with_summary_marks(text: str, salary: Salary) -> Salary:
    """Apply marks that a compensation summary gives in its own segments, such
    as a bare "OTE" segment that qualifies the salary before it."""
    segments = [s.strip() for s in re.split(r"\s*[•|]\s*", text)]
    ote = any(OTE_CUE.match(s) and not re.search(r"\d{2}", s.split("split")[0])
              for s in segments[1:])
    equity = salary.equity or bool(EQUITY.search(text))
    kind: Kind = "ote" if ote else salary.kind
    return Salary(**{**salary.__dict__, "kind": kind, "equity": equity})


def salary_from_compensation(source: str, compensation: dict | str | None
                             ) -> Salary | None:
    """Read pay from a source's structured compensation field.

    Args:
        source: The applicant tracking system (``ashby``, ``lever``,
            ``greenhouse``); other sources fall back to the text parser.
        compensation: The record's ``compensation`` as given, or its JSON:
            Ashby's compensation object, Lever's ``salaryRange`` (bare or
            under that key), Greenhouse's ``pay_input_ranges`` (bare or under
            that key).

    Returns:
        The salary, or None when the field states no pay.
    """
    if isinstance(compensation, str):
        try:
            compensation = json.loads(compensation)
        except ValueError:
            return parse_salary_text(compensation)
    if not compensation:
        return None
    if isinstance(compensation, list):
        # The Greenhouse spider passes pay_input_ranges, a list, as it is.
        return _from_greenhouse(compensation) if source == "greenhouse" else None
    if source == "ashby":
        return _from_ashby(compensation)
    if source == "lever" and compensation.get("salaryRange"):
        return _from_lever(compensation["salaryRange"])
    if source == "lever" and "min" in compensation:
        return _from_lever(compensation)
    if source == "greenhouse" and compensation.get("pay_input_ranges"):
        return _from_greenhouse(compensation["pay_input_ranges"])
    return parse_salary_text(json.dumps(compensation, ensure_ascii=False))


ASHBY_INTERVALS: dict[str, Period] = {
    "1 HOUR": "hour", "1 WEEK": "week", "1 MONTH": "month", "1 YEAR": "year"}
ASHBY_EQUITY = {"EquityPercentage", "EquityCashValue"}


def _from_ashby(compensation: dict) -> Salary | None:
    components = compensation.get("summaryComponents") or [
        c for tier in compensation.get("compensationTiers") or []
        for c in tier.get("components") or []]
    summary = compensation.get("compensationTierSummary") or ""
    pay = next((c for c in components if c.get("compensationType") == "Salary"
                and (c.get("minValue") is not None or c.get("maxValue") is not None)),
               None)
    if pay is None:
        return parse_salary_text(summary)
    types = {c.get("compensationType") for c in components}
    low = pay.get("minValue") if pay.get("minValue") is not None else pay["maxValue"]
    high = pay.get("maxValue") if pay.get("maxValue") is not None else low
    return Salary(
        min=float(low), max=float(high), currency=pay.get("currencyCode"),
        period=ASHBY_INTERVALS.get(pay.get("interval") or ""), kind="base",
        equity=bool(types & ASHBY_EQUITY), bonus="Bonus" in types,
        commission="Commission" in types,
        raw=compensation.get("scrapeableCompensationSalarySummary") or summary,
    )


LEVER_INTERVALS: dict[str, Period] = {
    "per-hour-wage": "hour", "per-week-salary": "week",
    "per-month-salary": "month", "per-year-salary": "year"}


def _from_lever(salary_range: dict) -> Salary | None:
    low, high = salary_range.get("min"), salary_range.get("max")
    if low is None and high is None:
        return None
    return Salary(
        min=float(low if low is not None else high),
        max=float(high if high is not None else low),
        currency=salary_range.get("currency"),
        period=LEVER_INTERVALS.get(salary_range.get("interval") or ""),
        raw=json.dumps(salary_range),
    )


def _from_greenhouse(ranges: list[dict]) -> Salary | None:
    # Greenhouse gives one range per location zone; the span covers them all.
    lows = [r["min_cents"] / 100 for r in ranges if r.get("min_cents") is not None]
    highs = [r["max_cents"] / 100 for r in ranges if r.get("max_cents") is not None]
    if not lows or not highs:
        return None
    return Salary(min=min(lows), max=max(highs),
                  currency=ranges[0].get("currency_type"), period="year",
                  raw=json.dumps(ranges))


# Measurement against the structured Ashby compensation ------------------------

# Ashby prints "$143.7K" for 143,650: amounts agree within this relative gap.
AMOUNT_TOLERANCE = 0.01
_NOT_STATED = re.compile(
    r"\s?(?:M\b|B\b|bn|million|billion|trillion|%|\+?\s?(?:ACV|ARR|in |raised|"
    r"funding|views|users|customers|creators))", re.I)
_SALARY_WORD = re.compile(r"salar|compensation|\bpay\b|\bbase\b|\bOTE\b|wage", re.I)
_TEXT_NUMBER = re.compile(
    r"(?P<cur>[$€£₹₱]|\b[A-Z]{3}\b)?[\s\xa0]?(?P<num>\d{1,3}(?:[,.]\d{3})+|\d+)"
    r"(?:[.,]\d{2}(?!\d))?(?P<k>\s?[kK]\b)?")


@dataclass
class SalaryMeasurement:
    """Agreement of the text parser with Ashby's structured compensation.

    Attributes:
        summary_total: Postings with a structured salary and a tier summary.
        summary_core: Summaries whose min, max, currency and period agree.
        summary_kind: Summaries that agree on min, max, currency, period and
            kind (base pay or on-target earnings).
        summary_full: Summaries that also agree on kind, equity, bonus and
            commission.
        text_total: Descriptions that state the structured min or max as pay.
        text_core: Of those, descriptions whose parsed pay agrees on min, max,
            currency and period.
        text_both_total: Descriptions that state both the structured min and
            max (the whole structured range).
        text_both_core: Of those, descriptions whose parsed pay agrees.
        text_contradicting: Descriptions that state one end of the structured
            range while the other end appears nowhere in the text, in any
            notation: the text states another range than the structured
            record, so no reading of the text can agree with both.
        text_consistent_core: Descriptions stating pay that do not contradict
            the structured record and whose parsed pay agrees with it.
        text_unstated_found: Descriptions that do not state the structured pay
            but where the parser still found an amount.
        misses: One dict per disagreement with ``posting_id``, ``where``,
            ``reasons``, ``parsed`` and ``expected``.
    """

    summary_total: int = 0
    summary_core: int = 0
    summary_kind: int = 0
    summary_full: int = 0
    text_total: int = 0
    text_core: int = 0
    text_both_total: int = 0
    text_both_core: int = 0
    text_contradicting: int = 0
    text_consistent_core: int = 0
    text_unstated_found: int = 0
    misses: list[dict] | None = None


def compare_salaries(parsed: Salary | None, expected: Salary,
                     full: bool = True) -> list[str]:
    """Name every field where a parsed salary disagrees with the expected one.

    Args:
        parsed: The text parser's result.
        expected: The structured salary.
        full: Also compare kind and the equity, bonus and commission marks.

    Returns:
        Reasons such as ``"max 150000 != 160000"``; empty when they agree.
    """
    if parsed is None:
        return ["no pay found"]
    reasons = [f"{name} {got:g} != {want:g}" for name, got, want in
               (("min", parsed.min, expected.min), ("max", parsed.max, expected.max))
               if abs(got - want) > AMOUNT_TOLERANCE * max(want, 1)]
    fields = ["currency", "period"]
    if full:
        fields += ["kind", "equity", "bonus", "commission"]
    reasons += [f"{f} {getattr(parsed, f)} != {getattr(expected, f)}"
                for f in fields if getattr(parsed, f) != getattr(expected, f)]
    return reasons


def stated_amounts(text: str, expected: Salary) -> set[float]:
    """The structured min and max that a description states as pay.

    Independent of the parser on purpose: the number must carry a currency
    marker, or a "k" with a salary word on its line, and must not be a sum of
    millions, a percentage or a business metric.
    """
    targets, found = {expected.min, expected.max}, set()
    for line in text.splitlines():
        for m in _TEXT_NUMBER.finditer(line):
            value = float(re.sub(r"[,.]", "", m["num"])) * (1000 if m["k"] else 1)
            hits = {t for t in targets if abs(value - t) <= AMOUNT_TOLERANCE * t}
            if not hits or _NOT_STATED.match(line[m.end():]):
                continue
            if m["cur"] or (m["k"] and _SALARY_WORD.search(line)):
                found |= hits
    return found


def measure_ashby(data_dir: str) -> SalaryMeasurement:
    """Measure the text parser over raw Ashby board responses.

    Args:
        data_dir: A folder of ``<board>.json`` Ashby job-board responses.

    Returns:
        Counts and the list of misses with reasons.
    """
    from pathlib import Path

    result = SalaryMeasurement(misses=[])
    for path in sorted(Path(data_dir).glob("*.json")):
        for job in json.loads(path.read_text(encoding="utf-8")).get("jobs", []):
            _measure_job(f"ashby:{path.stem}:{job.get('id')}", job, result)
    logger.info("measured %d summaries and %d descriptions",
                result.summary_total, result.text_total)
    return result


def _measure_job(posting_id: str, job: dict, result: SalaryMeasurement) -> None:
    compensation = job.get("compensation") or {}
    summary = compensation.get("compensationTierSummary")
    expected = _from_ashby(compensation) if summary else None
    if expected is None or not summary:
        return
    result.summary_total += 1
    parsed = parse_salary_text(summary)
    reasons = compare_salaries(parsed, expected)
    core = compare_salaries(parsed, expected, full=False)
    result.summary_core += not core
    result.summary_kind += not core and parsed.kind == expected.kind
    result.summary_full += not reasons
    if reasons:
        result.misses.append(_miss(posting_id, "summary", reasons, parsed,
                                   expected, summary, _summary_note(reasons, core)))
    text = job.get("descriptionPlain") or _html_text(job.get("descriptionHtml"))
    parsed = parse_salary_text(text, _countries(job))
    stated = stated_amounts(text, expected)
    if not stated:
        result.text_unstated_found += parsed is not None
        return
    whole = stated == {expected.min, expected.max}
    reasons = compare_salaries(parsed, expected, full=False)
    result.text_total += 1
    result.text_core += not reasons
    result.text_both_total += whole
    result.text_both_core += whole and not reasons
    contradicts = not whole and not _written(text, {expected.min, expected.max} - stated)
    result.text_contradicting += contradicts
    result.text_consistent_core += not contradicts and not reasons
    if reasons:
        note = ("parser error: the text states the whole structured range" if whole
                else "the text states another range: the structured "
                f"{_ends(expected, stated)} appears nowhere in it" if contradicts
                else "parser error: the text states one end with its currency and "
                "the other without")
        result.misses.append(_miss(posting_id, "description", reasons, parsed,
                                   expected, parsed.raw if parsed else "", note))


def _countries(job: dict) -> list[str]:
    from analysis.location import parse_locations

    raw = [job.get("location")] + [p.get("location") for p in
                                   job.get("secondaryLocations") or ()]
    places = parse_locations([r for r in raw if isinstance(r, str)])
    return sorted({p.country for p in places if p.country})


def _written(text: str, amounts: set[float]) -> bool:
    """Whether every amount appears in the text in a usual notation, with or
    without a currency: 117000, 117,000, 117.000, 117k, 24.5, or the lower end
    of a range sharing its upper end's suffix ("$140 - $220K", "60/90k")."""
    plain = text.replace("\u202f", ",").replace("\xa0", " ")
    for amount in amounts:
        whole = int(amount)
        forms = [re.escape(f) for f in {f"{amount:g}", f"{amount:.2f}"}]
        if amount == whole:
            thousands = re.escape(f"{whole / 1000:g}")
            forms = [re.escape(f) for f in {str(whole), f"{whole:,}",
                                            f"{whole:,}".replace(",", ".")}]
            forms += [rf"{thousands}\s?[kK]",
                      rf"{thousands}\s*(?:-|–|—|/|to)\s*\D{{0,2}}\d+(?:\.\d+)?\s?[kK]"]
        if not any(re.search(rf"(?<![\d.,])(?:{f})(?![\d])", plain) for f in forms):
            return False
    return True


def _ends(expected: Salary, stated: set[float]) -> str:
    return " and ".join(f"{name} {value:g}" for name, value in
                        (("min", expected.min), ("max", expected.max))
                        if value not in stated)


def _html_text(html: str | None) -> str:
    if not html:
        return ""
    import lxml.html

    return lxml.html.fromstring(html).text_content()


def _summary_note(reasons: list[str], core: list[str]) -> str:
    if core:
        return "amounts differ: a data-entry slip or a parser error"
    if all(r.startswith("kind") for r in reasons):
        return "the summary marks OTE; Ashby's Salary type cannot"
    return ("the summary's free text names equity, bonus or commission without a "
            "structured component, or the reverse")


def _miss(posting_id: str, where: str, reasons: list[str], parsed: Salary | None,
          expected: Salary, raw: str, note: str) -> dict:
    return {"posting_id": posting_id, "where": where, "reasons": reasons,
            "note": note,
            "parsed": parsed.__dict__ if parsed else None,
            "expected": expected.__dict__, "raw": raw[:300]}


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m analysis.salary --measure DIR [--misses FILE]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m analysis.salary")
    parser.add_argument("--measure", metavar="DIR", required=True,
                        help="folder of raw Ashby board responses (<board>.json)")
    parser.add_argument("--misses", metavar="FILE",
                        help="write every miss with its reasons as JSON lines")
    args = parser.parse_args(argv)
    result = measure_ashby(args.measure)
    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as out:
            for miss in result.misses:
                out.write(json.dumps(miss, ensure_ascii=False) + "\n")
    print(format_measurement(result))
    return 0


def format_measurement(result: SalaryMeasurement) -> str:
    """The measurement as a few lines of text for a terminal or a test log."""
    def pct(part: int, whole: int) -> str:
        return f"{part}/{whole} = {100 * part / whole:.1f}%" if whole else "n/a"

    return "\n".join([
        f"summary, min/max/currency/period: "
        f"{pct(result.summary_core, result.summary_total)}",
        f"summary, min/max/currency/period and base vs OTE: "
        f"{pct(result.summary_kind, result.summary_total)}",
        f"summary, all fields incl. kind and marks: "
        f"{pct(result.summary_full, result.summary_total)}",
        f"description stating pay, min/max/currency/period: "
        f"{pct(result.text_core, result.text_total)}",
        f"description stating the whole structured range: "
        f"{pct(result.text_both_core, result.text_both_total)}",
        f"description stating pay, less {result.text_contradicting} stating another "
        f"range than the structured one: "
        f"{pct(result.text_consistent_core, result.text_total - result.text_contradicting)}",
        f"descriptions not stating the structured pay but parsed: "
        f"{result.text_unstated_found}",
    ])


if __name__ == "__main__":
    raise SystemExit(main())
