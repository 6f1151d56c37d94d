"""Parsed fields of one posting, each kept beside the raw text it came from."""

from __future__ import annotations

import json

from analysis.fields import employment_type, parse_date, seniority
from analysis.location import parse_locations
from analysis.salary import parse_salary_text, salary_from_compensation


def _loads(value):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def salary_fields(source: str, compensation, text: str,
                  countries: list[str] | None = None) -> dict:
    """Pay from the source's structured compensation, else from the text.

    Pay stated in the text without a currency takes the currency of the
    posting's ``countries`` when they share one.
    """
    salary = salary_from_compensation(source, _loads(compensation))
    origin = "structured"
    if salary is None:
        salary, origin = parse_salary_text(text, countries or ()), "text"
    if salary is None:
        return {"salary_source": None}
    return {
        "salary_min": salary.min, "salary_max": salary.max,
        "salary_currency": salary.currency, "salary_period": salary.period,
        "salary_kind": salary.kind, "salary_equity": int(salary.equity),
        "salary_raw": salary.raw, "salary_source": origin,
        "salary_currency_inferred": int(salary.currency_inferred),
    }


def location_fields(locations, workplace_hint: str | None, text: str) -> dict:
    """Places and workplace type; several places per posting are kept."""
    places = parse_locations(_loads(locations) or [], workplace_hint, text)
    workplaces = sorted({p.workplace_type for p in places if p.workplace_type})
    return {
        "places": json.dumps([p.__dict__ for p in places], ensure_ascii=False),
        "countries": json.dumps(sorted({p.country for p in places if p.country})),
        "workplace": "/".join(workplaces) or None,
        "remote_scope": next((p.remote_scope for p in places if p.remote_scope), None),
    }


def time_slice(published_date: str | None, fetched_at: str | None) -> str | None:
    """The period a posting speaks for: 2020-2021 for the historical board,
    else the year it was collected."""
    if published_date and published_date[:4] <= "2021":
        return "2020-2021"
    return (fetched_at or published_date or "")[:4] or None


def posting_fields(row: dict, document) -> dict:
    """Every parsed field of a ``postings`` row whose text is ``document``."""
    places = location_fields(row.get("locations"), row.get("workplace_type"),
                             document.text)
    return {
        **salary_fields(row.get("source") or "", row.get("compensation"), document.text,
                        json.loads(places["countries"])),
        **places,
        "seniority": seniority(row.get("title")),
        "employment": employment_type(row.get("employment_type"), document.text),
        "published_date": parse_date(row.get("published_at")),
        "time_slice": time_slice(parse_date(row.get("published_at")),
                                 row.get("fetched_at")),
    }
