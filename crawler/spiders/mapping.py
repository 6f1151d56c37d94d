"""Shared helpers that map a source's fields to the posting record."""

import re
from datetime import UTC, datetime

import lxml.html
import markdown

_SPACE = re.compile(r"\s+")

_BLOCKS = (
    "address", "blockquote", "br", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul",
)
_WORKPLACES = {
    "remote": "remote", "hybrid": "hybrid", "onsite": "onsite", "on-site": "onsite",
    "on site": "onsite", "in office": "onsite", "in-office": "onsite",
}


def posting_record(
    source, board, source_id, *, url, title, company=None, department=None,
    team=None, locations=(), workplace_type=None, employment_type=None,
    published_at=None, compensation=None, description_html="",
    description_text="", fetched_at="", request_url="", archive_record_id=None,
) -> dict:
    """Build one posting record with every field of docs/architecture.md."""
    source_id = str(source_id)
    return {
        "source": source, "board": board, "source_id": source_id,
        "posting_id": f"{source}:{board}:{source_id}", "url": url,
        "title": title, "company": text_or_none(company) or board,
        "department": text_or_none(department), "team": text_or_none(team),
        "locations": unique_strings(locations), "workplace_type": workplace_type,
        "employment_type": text_or_none(employment_type),
        "published_at": published_at, "compensation": compensation or None,
        "description_html": description_html or "",
        "description_text": description_text or "", "fetched_at": fetched_at,
        "request_url": request_url, "archive_record_id": archive_record_id,
    }


def text_or_none(value) -> str | None:
    """A stripped string, or None for anything empty or not a string."""
    return (value.strip() or None) if isinstance(value, str) else None


def unique_strings(values) -> list[str]:
    """The non-empty strings of ``values``, stripped, first occurrence kept."""
    seen = [text_or_none(v) for v in values]
    return list(dict.fromkeys(v for v in seen if v))


def workplace(value) -> str | None:
    """The source's workplace hint as ``remote``, ``hybrid`` or ``onsite``."""
    key = text_or_none(value)
    return _WORKPLACES.get(key.lower()) if key else None


def millis_to_iso(millis) -> str | None:
    """An epoch time in milliseconds as ISO 8601 UTC."""
    if not isinstance(millis, int | float):
        return None
    moment = datetime.fromtimestamp(millis / 1000, UTC)
    return moment.isoformat(timespec="milliseconds")


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one line per block element."""
    if not html or not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        if isinstance(element.tag, str):
            element.text = _squash(element.text)
            element.tail = _squash(element.tail)
    # Source line breaks are layout; the blocks decide where lines end.
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _squash(text: str | None) -> str | None:
    return _SPACE.sub(" ", text) if text else text


def iso_datetime(value) -> str | None:
    """A source's date as ISO 8601: ``2026-08-05 10:10:39 UTC`` included.

    A value that is not a recognised date is returned stripped, as given.
    """
    text = text_or_none(value)
    if text is None:
        return None
    candidate = re.sub(r"\s*UTC$", "+00:00", text).replace(" ", "T", 1)
    try:
        return datetime.fromisoformat(candidate).isoformat()
    except ValueError:
        return text


def pay_range(minimum=None, maximum=None, currency=None, interval=None,
              value=None, text=None) -> dict | None:
    """A structured pay field in one shape: ``min``, ``max``, ``currency``,
    ``interval``, plus ``value`` for a single figure or ``text`` as given.

    Empty parts and zero figures (sources write 0 for "not given") are left
    out; None when nothing is left.
    """
    parts = {"min": minimum, "max": maximum, "value": value, "currency": currency,
             "interval": interval, "text": text}
    kept = {k: v for k, v in parts.items()
            if v not in (None, "", 0, "0") and not isinstance(v, bool)}
    return kept if kept.keys() - {"currency", "interval"} else None


def markdown_to_html(text: str) -> str:
    """HTML of a Markdown document, as Python-Markdown renders it."""
    return markdown.markdown(text or "", extensions=["sane_lists"])


def join_html(*parts) -> str:
    """The non-empty HTML fragments, in order, joined."""
    return "".join(part for part in parts if isinstance(part, str) and part.strip())
