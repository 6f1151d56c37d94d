"""Teamtailor's JSON feed of a careers site, with schema.org JobPosting inside."""

from crawler.spiders.base import JobBoardSpider
from crawler.spiders.mapping import html_to_text, join_html
from crawler.spiders.schemaorg import job_posting_fields


class TeamtailorSpider(JobBoardSpider):
    """Postings of Teamtailor careers sites (``<company>.teamtailor.com``).

    Each JSON Feed item carries its JobPosting as ``_jobposting``; the item's
    own id, title, URL, date and content win over it.
    """

    name = "teamtailor"
    api_url = "https://{board}.teamtailor.com/jobs.json"
    known_fields = frozenset({
        "id", "title", "url", "date_published", "date_modified", "content_html",
        "content_text", "summary", "image", "tags", "_jobposting",
    })

    def postings(self, document):
        return self.expect_list(document.get("items"), "items")

    def company_of(self, document):
        return document.get("title")

    def map_posting(self, posting, board):
        fields = job_posting_fields(posting.get("_jobposting") or {}, posting["url"])
        content = join_html(posting.get("content_html")) or fields["description_html"]
        fields.update({
            "source_id": posting["id"],
            "url": posting["url"],
            "title": posting.get("title") or fields["title"],
            "published_at": posting.get("date_published") or fields["published_at"],
            "description_html": content,
            "description_text": posting.get("content_text") or html_to_text(content),
        })
        return fields
