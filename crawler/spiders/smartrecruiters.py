"""SmartRecruiters' public Posting API: a paged list, then each posting's detail.

``GET /v1/companies/<company>/postings?offset=&limit=`` answers ``{offset,
limit, totalFound, content: [...]}``; each entry's ``ref`` is the URL of its
detail (the list URL followed by the id), whose ``jobAd.sections`` hold the
text. Documented at https://developers.smartrecruiters.com/docs/posting-api.
"""

from urllib.parse import quote

from crawler.exceptions import BadResponse
from crawler.spiders.base import JobBoardSpider
from crawler.spiders.mapping import html_to_text, join_html, workplace

PAGE = 100
SECTIONS = ("companyDescription", "jobDescription", "qualifications",
            "additionalInformation")


def _label(value) -> str | None:
    return value.get("label") if isinstance(value, dict) else None


def _description_html(job_ad: dict) -> str:
    sections = (job_ad or {}).get("sections") or {}
    parts = []
    for key in SECTIONS:
        section = sections.get(key) or {}
        if section.get("text"):
            parts.append(f"<h3>{section['title']}</h3>" if section.get("title") else "")
            parts.append(section["text"])
    return join_html(*parts)


class SmartRecruitersSpider(JobBoardSpider):
    """Postings of SmartRecruiters companies, one detail request per posting."""

    name = "smartrecruiters"
    api_url = "https://api.smartrecruiters.com/v1/companies/{board}/postings"
    known_fields = frozenset({
        "id", "uuid", "name", "refNumber", "company", "releasedDate", "location",
        "industry", "department", "function", "typeOfEmployment",
        "experienceLevel", "customField", "visibility", "ref", "creator",
        "language", "jobAd", "applyUrl", "postingUrl", "referralUrl",
        "compensation", "active",
    })

    def parse(self, response):
        """A page of the list: a detail request per posting, then the next page."""
        meta, base = response.meta, response.url.split("?")[0]
        try:
            page = self.parse_document(response)
            entries = self.expect_list(page.get("content"), "content")
        except BadResponse as error:
            yield self.reject(meta, response.url, error)
            return
        if not entries and not page.get("offset"):
            yield self.empty_board(response)
            return
        for entry in entries:
            if not isinstance(entry, dict) or "id" not in entry:
                error = BadResponse("unmappable_posting", "a list entry has no id")
                yield self.reject(meta, response.url, error)
                continue
            # The detail is under the list URL, as ``ref`` says; built from
            # the list URL so that a mirror's details come from the mirror.
            detail = f"{base}/{quote(str(entry['id']))}"
            yield self.request(detail, meta["board"], self.parse_detail)
        offset = int(page.get("offset") or 0) + len(entries)
        if entries and offset < int(page.get("totalFound") or 0):
            yield self.request(f"{base}?offset={offset}&limit={PAGE}", meta["board"])

    def parse_detail(self, response):
        """One posting's detail: one posting record."""
        try:
            detail = self.parse_document(response)
        except BadResponse as error:
            yield self.reject(response.meta, response.url, error)
            return
        yield from self.emit(response, [detail])

    def map_posting(self, posting, board):
        place = posting.get("location") or {}
        parts = (place.get("city"), place.get("region"), place.get("country"))
        content = _description_html(posting.get("jobAd"))
        hint = "remote" if place.get("remote") else (
            "hybrid" if place.get("hybrid") else None)
        return {
            "source_id": posting["id"],
            "url": posting.get("postingUrl")
            or f"https://jobs.smartrecruiters.com/{board}/{posting['id']}",
            "title": posting.get("name"),
            "company": (posting.get("company") or {}).get("name"),
            "department": _label(posting.get("department")),
            "team": _label(posting.get("function")),
            "locations": [place.get("fullLocation"),
                          ", ".join(p for p in parts if p)],
            "workplace_type": hint or workplace(place.get("workplaceType")),
            "employment_type": _label(posting.get("typeOfEmployment")),
            "published_at": posting.get("releasedDate"),
            "compensation": posting.get("compensation"),
            "description_html": content,
            "description_text": html_to_text(content),
        }

    def board_url(self, board):
        return f"{super().board_url(board)}?offset=0&limit={PAGE}"
