"""RemoteOK's public API: one JSON list of remote jobs, a legal notice first."""

from crawler.spiders.base import JobBoardSpider
from crawler.spiders.mapping import html_to_text, pay_range


class RemoteOkSpider(JobBoardSpider):
    """Remote jobs of RemoteOK; the board ``all`` is the whole feed, any other
    board a tag (``https://remoteok.com/api?tag=<board>``)."""

    name = "remoteok"
    api_url = "https://remoteok.com/api?tag={board}"
    feed_url = "https://remoteok.com/api"
    known_fields = frozenset({
        "apply_url", "company", "company_logo", "date", "description", "epoch",
        "id", "location", "logo", "original", "position", "salary_max",
        "salary_min", "slug", "tags", "url", "verified",
    })


    def postings(self, document):
        jobs = self.expect_list(document, "the document")
        # The first element is the API's terms of use, not a job.
        return [job for job in jobs if not (isinstance(job, dict) and "legal" in job)]

    def map_posting(self, posting, board):
        content = posting.get("description") or ""
        return {
            "source_id": posting["id"],
            "url": posting.get("url"),
            "title": posting.get("position"),
            "company": posting.get("company"),
            "locations": [posting.get("location")],
            "workplace_type": "remote",
            "published_at": posting.get("date"),
            "compensation": pay_range(posting.get("salary_min"),
                                      posting.get("salary_max")),
            "description_html": content,
            "description_text": html_to_text(content),
        }
