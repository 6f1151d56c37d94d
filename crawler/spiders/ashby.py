"""Ashby's public posting API: one JSON document of jobs per board."""

from crawler.spiders.base import JobBoardSpider
from crawler.spiders.mapping import workplace


class AshbySpider(JobBoardSpider):
    """Postings of Ashby job boards, compensation included."""

    name = "ashby"
    api_url = "https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true"
    known_fields = frozenset({
        "address", "applyUrl", "compensation", "department", "descriptionHtml",
        "descriptionPlain", "employmentType", "id", "isListed", "isRemote", "jobUrl",
        "location", "publishedAt", "secondaryLocations", "team", "title",
        "shouldDisplayCompensationOnJobPostings", "workplaceType",
    })

    def postings(self, document):
        return self.expect_list(document.get("jobs"), "jobs")

    def map_posting(self, posting, board):
        places = [posting.get("location")]
        places += [p.get("location") for p in posting.get("secondaryLocations") or ()]
        # Older boards have only isRemote, which says nothing about the others.
        hint = workplace(posting.get("workplaceType"))
        return {
            "source_id": posting["id"],
            "url": posting.get("jobUrl"),
            "title": posting.get("title"),
            "department": posting.get("department"),
            "team": posting.get("team"),
            "locations": places,
            "workplace_type": hint or ("remote" if posting.get("isRemote") else None),
            "employment_type": posting.get("employmentType"),
            "published_at": posting.get("publishedAt"),
            "compensation": posting.get("compensation"),
            "description_html": posting.get("descriptionHtml"),
            "description_text": posting.get("descriptionPlain"),
        }
