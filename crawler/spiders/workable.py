"""Workable's public widget API: one JSON document of jobs per account."""

from crawler.spiders.base import JobBoardSpider
from crawler.spiders.mapping import html_to_text, join_html


def _place(location: dict) -> str:
    parts = (location.get("city"), location.get("region"), location.get("country"))
    return ", ".join(p for p in parts if p)


class WorkableSpider(JobBoardSpider):
    """Postings of Workable accounts, descriptions included (``details=true``)."""

    name = "workable"
    api_url = "https://apply.workable.com/api/v1/widget/accounts/{board}?details=true"
    known_fields = frozenset({
        "title", "shortcode", "code", "employment_type", "telecommuting",
        "department", "url", "shortlink", "application_url", "published_on",
        "created_at", "country", "city", "state", "education", "experience",
        "function", "industry", "locations", "description", "requirements",
        "benefits",
    })

    def postings(self, document):
        return self.expect_list(document.get("jobs"), "jobs")

    def company_of(self, document):
        return document.get("name")

    def map_posting(self, posting, board):
        primary = _place({"city": posting.get("city"), "region": posting.get("state"),
                          "country": posting.get("country")})
        content = join_html(posting.get("description"), posting.get("requirements"),
                            posting.get("benefits"))
        return {
            "source_id": posting["shortcode"],
            "url": posting.get("url") or posting.get("shortlink"),
            "title": posting.get("title"),
            "department": posting.get("department"),
            "locations": [primary, *map(_place, posting.get("locations") or ())],
            "workplace_type": "remote" if posting.get("telecommuting") else None,
            "employment_type": posting.get("employment_type"),
            "published_at": posting.get("published_on"),
            "description_html": content,
            "description_text": html_to_text(content),
        }
