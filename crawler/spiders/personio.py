"""Personio's XML feed of a company's open positions."""

from lxml import etree

from crawler.exceptions import BadResponse
from crawler.jsonbody import _html_detail
from crawler.spiders.base import JobBoardSpider
from crawler.spiders.mapping import html_to_text, join_html


def _text(position, path: str) -> str | None:
    found = position.findtext(path)
    return found.strip() if found and found.strip() else None


def _description_html(position) -> str:
    parts = []
    for part in position.iterfind("jobDescriptions/jobDescription"):
        name, value = _text(part, "name"), _text(part, "value")
        parts.append(f"<h3>{name}</h3>" if name else "")
        parts.append(value or "")
    return join_html(*parts)


class PersonioSpider(JobBoardSpider):
    """Positions of Personio career sites (``<company>.jobs.personio.de``)."""

    name = "personio"
    api_url = "https://{board}.jobs.personio.de/xml?language=en"
    known_fields = frozenset({
        "id", "subcompany", "office", "additionalOffices", "department",
        "recruitingCategory", "name", "jobDescriptions", "employmentType",
        "seniority", "schedule", "yearsOfExperience", "occupation",
        "occupationCategory", "createdAt", "keywords",
    })

    def parse_document(self, response):
        body = response.body
        if not body.strip():
            raise BadResponse("empty_body", "the response has no body")
        if b"<html" in body[:500].lower():
            raise BadResponse("html_instead_of_xml", _html_detail(body))
        try:
            return etree.fromstring(body, etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError as error:
            # A parse that fails on the last line ran out of document.
            last_line = body.rstrip().count(b"\n") + 1
            reason = "truncated_body" if error.lineno >= last_line else "invalid_xml"
            raise BadResponse(reason, str(error)) from error

    def postings(self, document):
        if document.tag != "workzag-jobs":
            raise BadResponse("unexpected_shape", f"root element <{document.tag}>")
        return document.findall("position")

    def _count_unknown(self, raw) -> None:
        super()._count_unknown({child.tag: None for child in raw
                                if isinstance(child.tag, str)})

    def map_posting(self, posting, board):
        source_id = _text(posting, "id")
        content = _description_html(posting)
        return {
            "source_id": source_id,
            "url": f"https://{board}.jobs.personio.de/job/{source_id}",
            "title": _text(posting, "name"),
            "company": _text(posting, "subcompany"),
            "department": _text(posting, "department"),
            "team": _text(posting, "recruitingCategory"),
            "locations": [
                _text(posting, "office"),
                *(o.text for o in posting.iterfind("additionalOffices/office")),
            ],
            "employment_type": _text(posting, "schedule")
            or _text(posting, "employmentType"),
            "published_at": _text(posting, "createdAt"),
            "description_html": content,
            "description_text": html_to_text(content),
        }
