"""Remotive's public API: remote jobs, optionally of one category."""

from crawler.spiders.base import JobBoardSpider
from crawler.spiders.mapping import html_to_text, pay_range


class RemotiveSpider(JobBoardSpider):
    """Remote jobs of Remotive; the board ``all`` is every job, any other board
    a category slug such as ``customer-support``."""

    name = "remotive"
    api_url = "https://remotive.com/api/remote-jobs?category={board}"
    feed_url = "https://remotive.com/api/remote-jobs"
    known_fields = frozenset({
        "candidate_required_location", "category", "company_logo",
        "company_logo_url", "company_name", "description", "id", "job_type",
        "publication_date", "salary", "tags", "title", "url",
    })


    def postings(self, document):
        return self.expect_list(document.get("jobs"), "jobs")

    def map_posting(self, posting, board):
        content = posting.get("description") or ""
        return {
            "source_id": posting["id"],
            "url": posting.get("url"),
            "title": posting.get("title"),
            "company": posting.get("company_name"),
            "department": posting.get("category"),
            "locations": [posting.get("candidate_required_location")],
            "workplace_type": "remote",
            "employment_type": posting.get("job_type"),
            "published_at": posting.get("publication_date"),
            "compensation": pay_range(text=(posting.get("salary") or "").strip()),
            "description_html": content,
            "description_text": html_to_text(content),
        }
