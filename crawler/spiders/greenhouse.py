"""Greenhouse's job board API, with each job's content."""

import html

from crawler.spiders.base import JobBoardSpider
from crawler.spiders.mapping import html_to_text


def _employment_type(metadata):
    for field in metadata or ():
        if "employment type" in str(field.get("name", "")).lower():
            return field.get("value")
    return None


class GreenhouseSpider(JobBoardSpider):
    """Postings of Greenhouse job boards."""

    name = "greenhouse"
    api_url = "https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true"
    known_fields = frozenset({
        "absolute_url", "ai_disclaimer", "ai_opt_out_request_url",
        "application_deadline", "company_name", "content", "data_compliance",
        "departments", "first_published", "id", "include_ai_disclaimer",
        "internal_job_id", "language", "location", "metadata", "offices",
        "pay_input_ranges", "requisition_id", "title", "updated_at",
    })

    def postings(self, document):
        return self.expect_list(document.get("jobs"), "jobs")

    def map_posting(self, posting, board):
        # The API escapes the HTML as entities; decoding twice would corrupt &amp;.
        content = html.unescape(posting.get("content") or "")
        offices = [office.get("location") for office in posting.get("offices") or ()]
        departments = [d.get("name") for d in posting.get("departments") or ()]
        return {
            "source_id": posting["id"],
            "url": posting.get("absolute_url"),
            "title": posting.get("title"),
            "company": posting.get("company_name"),
            "department": departments[0] if departments else None,
            "locations": [(posting.get("location") or {}).get("name"), *offices],
            "employment_type": _employment_type(posting.get("metadata")),
            "published_at": posting.get("first_published") or posting.get("updated_at"),
            "compensation": posting.get("pay_input_ranges"),
            "description_html": content,
            "description_text": html_to_text(content),
        }
