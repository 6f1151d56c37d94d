"""Near-duplicate groups over real postings of the writer Ashby board."""

import json
from pathlib import Path

from analysis.dedupe import group_duplicates, title_family, titles_compatible

DATA = Path(__file__).parent / "data" / "fields" / "writer-postings.jsonl"
STRATEGIC_CSM = "Strategic customer success manager"


def _postings():
    with DATA.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _by_title(postings, title):
    return [p for p in postings if p["title"].strip() == title]


def test_same_role_in_several_cities_is_one_group():
    postings = _postings()
    groups = group_duplicates(postings)
    copies = _by_title(postings, STRATEGIC_CSM)  # Chicago, SF, New York, Austin
    assert len(copies) == 4
    ids = sorted(p["posting_id"] for p in copies)
    assert {groups[i] for i in ids} == {ids[0]}


def test_same_role_with_place_qualifier_in_title_is_grouped():
    postings = _postings()
    groups = group_duplicates(postings)
    fin = [p["posting_id"] for p in postings if "financial services" in p["title"]]
    assert len(fin) == 2 and len({groups[i] for i in fin}) == 1


def test_different_roles_of_one_company_stay_apart():
    postings = _postings()
    groups = group_duplicates(postings)
    csm = _by_title(postings, STRATEGIC_CSM)[0]["posting_id"]
    analyst = _by_title(postings, "Product analyst")[0]["posting_id"]
    enterprise = _by_title(postings, "Enterprise customer success manager")[0]
    assert groups[csm] != groups[analyst]
    assert groups[csm] != groups[enterprise["posting_id"]]


def test_shared_company_blurb_alone_does_not_group():
    blurb = _by_title(_postings(), STRATEGIC_CSM)[0]["text"]
    about = blurb[:blurb.index("\n\n", 1500)]  # the company's opening paragraphs
    support = ("Answer customer tickets by chat and email, triage bugs for the "
               "engineering team, keep our help centre articles current and "
               "accurate, and measure response times every week. " * 3)
    design = ("Design the onboarding screens of the mobile app, run usability "
              "studies with customers, build prototypes in Figma and hand "
              "specifications to engineers before each release. " * 3)
    postings = [
        {"posting_id": "t:1", "company": "Acme", "title": "Support Specialist",
         "text": about + "\n\n" + support},
        {"posting_id": "t:2", "company": "Acme", "title": "Product Designer",
         "text": about + "\n\n" + design},
        {"posting_id": "t:3", "company": "Acme", "title": "Support Specialist",
         "text": about + "\n\n" + support},
    ]
    assert group_duplicates(postings) == {"t:1": "t:1", "t:2": "t:2", "t:3": "t:1"}


def test_cross_posted_on_two_boards_is_grouped():
    original = _by_title(_postings(), STRATEGIC_CSM)[0]
    copy = dict(original, posting_id="greenhouse:writer:1", company="Writer")
    groups = group_duplicates([original, copy])
    assert groups[copy["posting_id"]] == groups[original["posting_id"]]


def test_deterministic_and_order_free():
    postings = _postings()
    assert group_duplicates(postings) == group_duplicates(list(reversed(postings)))


def test_title_families():
    assert title_family("Strategic customer success manager, CPG") == (
        "strategic customer success manager")
    assert title_family("Enterprise account executive (West)") == (
        "enterprise account executive")
    assert titles_compatible("Customer Success Manager",
                             "Customer Success Manager (Remote)")
    assert not titles_compatible("Customer Success Manager", "Product analyst")


def test_ten_thousand_postings_group_within_each_company():
    base = _postings()[:35]
    per_company = len(set(group_duplicates(base).values()))
    many = [dict(p, posting_id=f"{p['posting_id']}:{n}", company=f"c{n}")
            for n in range(300) for p in base]
    groups = group_duplicates(many)
    assert len(many) >= 10_000
    # Each company holds the same 35 postings: the same groups, never shared.
    assert len(set(groups.values())) == 300 * per_company
    companies = {}
    for posting in many:
        companies.setdefault(groups[posting["posting_id"]], set()).add(posting["company"])
    assert all(len(names) == 1 for names in companies.values())
    assert per_company < len(base)
