"""Recruitee's careers site API: ``/api/offers/`` lists a company's offers."""

from crawler.spiders.base import JobBoardSpider
from crawler.spiders.mapping import html_to_text, iso_datetime, join_html, pay_range


def _place(location: dict) -> str:
    parts = (location.get("city"), location.get("state"), location.get("country"))
    return ", ".join(p for p in parts if p) or location.get("name")


def _workplace(offer: dict) -> str | None:
    hints = (("remote", "remote"), ("hybrid", "hybrid"), ("on_site", "onsite"))
    for key, hint in hints:
        if offer.get(key) is True:
            return hint
    return None


class RecruiteeSpider(JobBoardSpider):
    """Postings of Recruitee careers sites (``<company>.recruitee.com``)."""

    name = "recruitee"
    api_url = "https://{board}.recruitee.com/api/offers/"
    known_fields = frozenset({
        "careers_apply_url", "careers_url", "category_code", "city", "close_at",
        "company_name", "country", "country_code", "cover_image", "created_at",
        "department", "description", "dynamic_fields", "education_code",
        "employment_type_code", "experience_code", "guid", "highlight", "hybrid",
        "id", "location", "location_question_visible", "locations",
        "locations_question", "locations_question_required",
        "locations_question_type", "mailbox_email", "max_hours",
        "max_hours_per_week", "min_hours", "min_hours_per_week", "on_site",
        "open_questions", "options_cover_letter", "options_cv", "options_phone",
        "options_photo", "options_salutation", "options_title", "position",
        "postal_code", "published_at", "remote", "requirements", "salary",
        "sharing_description", "sharing_image", "sharing_title", "slug",
        "state_code", "state_name", "status", "tags", "title", "translations",
        "updated_at",
    })

    def postings(self, document):
        return self.expect_list(document.get("offers"), "offers")

    def map_posting(self, posting, board):
        pay = posting.get("salary") or {}
        content = join_html(posting.get("description"), posting.get("requirements"))
        return {
            "source_id": posting["id"],
            "url": posting.get("careers_url"),
            "title": posting.get("title"),
            "company": posting.get("company_name"),
            "department": posting.get("department"),
            "locations": [posting.get("location"),
                          *map(_place, posting.get("locations") or ())],
            "workplace_type": _workplace(posting),
            "employment_type": posting.get("employment_type_code"),
            "published_at": iso_datetime(posting.get("published_at")),
            "compensation": pay_range(pay.get("min"), pay.get("max"),
                                      pay.get("currency"), pay.get("period")),
            "description_html": content,
            "description_text": html_to_text(content),
        }
