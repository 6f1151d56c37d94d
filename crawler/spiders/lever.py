"""Lever's postings API: a JSON list of postings per company."""

from html import escape

from crawler.spiders.base import JobBoardSpider
from crawler.spiders.mapping import html_to_text, millis_to_iso, workplace


def _lists_html(lists) -> str:
    parts = []
    for item in lists or ():
        heading = item.get("text")
        parts.append(f"<h3>{escape(heading)}</h3>" if heading else "")
        parts.append(f"<ul>{item.get('content') or ''}</ul>")
    return "".join(parts)


class LeverSpider(JobBoardSpider):
    """Postings of Lever job sites; the description joins all of a posting's parts."""

    name = "lever"
    api_url = "https://api.lever.co/v0/postings/{board}?mode=json"
    known_fields = frozenset({
        "additional", "additionalPlain", "applyUrl", "categories", "country",
        "createdAt", "description", "descriptionBody", "descriptionBodyPlain",
        "descriptionPlain", "hostedUrl", "id", "lists", "opening", "openingPlain",
        "salaryDescription", "salaryDescriptionPlain", "salaryRange", "text",
        "workplaceType",
    })

    def postings(self, document):
        return self.expect_list(document, "the document")

    def map_posting(self, posting, board):
        categories = posting.get("categories") or {}
        places = [categories.get("location"), *(categories.get("allLocations") or ())]
        lists = _lists_html(posting.get("lists"))
        parts_html = [posting.get("description"), lists, posting.get("additional")]
        parts_text = [posting.get("descriptionPlain"), html_to_text(lists),
                      posting.get("additionalPlain")]
        return {
            "source_id": posting["id"],
            "url": posting.get("hostedUrl"),
            "title": posting.get("text"),
            "department": categories.get("department"),
            "team": categories.get("team"),
            "locations": places,
            "workplace_type": workplace(posting.get("workplaceType")),
            "employment_type": categories.get("commitment"),
            "published_at": millis_to_iso(posting.get("createdAt")),
            "compensation": posting.get("salaryRange"),
            "description_html": "".join(part or "" for part in parts_html),
            "description_text": "\n\n".join(
                part.strip() for part in parts_text if part and part.strip()
            ),
        }
