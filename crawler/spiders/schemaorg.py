"""schema.org JobPosting, as JSON-LD or microdata, mapped to the posting record.

Shared by the ``jsonld`` spider (career pages) and the Teamtailor feed, which
embeds the same object.
"""

import html
import json
import logging

import extruct

from crawler.spiders.mapping import html_to_text, join_html, pay_range, text_or_none

logger = logging.getLogger(__name__)

KNOWN_FIELDS = frozenset({
    "@context", "@type", "@id", "title", "name", "identifier", "datePosted",
    "validThrough", "description", "hiringOrganization", "jobLocation",
    "jobLocationType", "applicantLocationRequirements", "employmentType",
    "baseSalary", "salaryCurrency", "estimatedSalary", "url", "sameAs",
    "directApply", "industry", "occupationalCategory", "qualifications",
    "responsibilities", "skills", "experienceRequirements",
    "educationRequirements", "jobBenefits", "workHours", "department",
})


def extract_job_postings(page: str | bytes, url: str) -> list[dict]:
    """Every schema.org JobPosting of an HTML page, JSON-LD and microdata.

    ``@graph`` containers and lists are walked; microdata comes in extruct's
    uniform (JSON-LD-like) shape.
    """
    data = extruct.extract(page, base_url=url, syntaxes=["json-ld", "microdata"],
                           uniform=True, errors="log")
    found = []
    for item in data.get("json-ld", []) + data.get("microdata", []):
        found.extend(_job_postings(item))
    return found


def _job_postings(node) -> list[dict]:
    if isinstance(node, list):
        return [posting for item in node for posting in _job_postings(item)]
    if not isinstance(node, dict):
        return []
    if "@graph" in node:
        return _job_postings(node["@graph"])
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return [node] if any(_short(t) == "JobPosting" for t in types) else []


def _short(value) -> str:
    return str(value or "").rstrip("/").rsplit("/", 1)[-1]


def job_posting_fields(posting: dict, page_url: str | None = None) -> dict:
    """The posting record fields of a schema.org JobPosting.

    Args:
        posting: The JobPosting object.
        page_url: The page it was found on, the posting's URL when it names none.
    """
    description = _text(posting.get("description"))
    # Pages often escape the HTML once more inside the JSON string.
    if "&lt;" in description and "<" not in description:
        description = html.unescape(description)
    url = _text(posting.get("url")) or page_url
    title = _text(posting.get("title")) or _text(posting.get("name"))
    return {
        "source_id": identifier(posting) or url,
        "url": url,
        "title": title or None,
        "company": _name(posting.get("hiringOrganization")),
        "department": _text(posting.get("department")) or None,
        "locations": [*map(place, _many(posting.get("jobLocation"))),
                      *map(_name, _many(posting.get("applicantLocationRequirements")))],
        "workplace_type": "remote" if is_telecommute(posting) else None,
        "employment_type": ", ".join(map(str, _many(posting.get("employmentType"))))
        or None,
        "published_at": _text(posting.get("datePosted")) or None,
        "compensation": salary(posting.get("baseSalary"),
                               posting.get("salaryCurrency")),
        "description_html": join_html(description),
        "description_text": html_to_text(description),
    }


def identifier(posting: dict) -> str | None:
    """The posting's identifier: a PropertyValue's value, or a plain value."""
    value = posting.get("identifier")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("value", value.get("@id"))
    return str(value) if value not in (None, "") else None


def is_telecommute(posting: dict) -> bool:
    """Whether ``jobLocationType`` says TELECOMMUTE (a remote job)."""
    kinds = _many(posting.get("jobLocationType"))
    return any("telecommute" in str(kind).lower() for kind in kinds)


def place(location) -> str | None:
    """One ``jobLocation`` as a location string: locality, region, country."""
    if isinstance(location, str):
        return location
    if not isinstance(location, dict):
        return None
    address = location.get("address", location)
    if isinstance(address, str):
        return address
    if not isinstance(address, dict):
        return _name(location)
    parts = [_name(address.get(key)) for key in
             ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(p for p in parts if p) or _name(location)


def salary(value, currency=None) -> dict | None:
    """``baseSalary`` as a pay range: a MonetaryAmount with a
    QuantitativeValue (``minValue``, ``maxValue``, ``value``, ``unitText``), or
    a plain number or string."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return pay_range(value=value, currency=currency)
    if isinstance(value, str):
        return pay_range(text=value.strip(), currency=currency)
    if not isinstance(value, dict):
        return None
    amount = value.get("value")
    currency = value.get("currency") or currency
    if isinstance(amount, dict):
        return pay_range(_number(amount.get("minValue")),
                         _number(amount.get("maxValue")), currency,
                         _text(amount.get("unitText")) or None,
                         value=_number(amount.get("value")))
    unit = _text(value.get("unitText")) or None
    return pay_range(_number(value.get("minValue")), _number(value.get("maxValue")),
                     currency, unit, value=_number(amount))


def _number(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    try:
        return json.loads(str(value).replace(",", "")) if value else None
    except ValueError:
        return text_or_none(value)


def _many(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _name(value) -> str | None:
    if isinstance(value, dict):
        return text_or_none(value.get("name"))
    return text_or_none(value)


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""
