"""Role family of known titles."""

import pytest

from analysis.document import parse_document
from analysis.family import role_family


@pytest.mark.parametrize("title, family", [
    ("Customer Success Manager (Mid-Market)", "csm"),
    ("Senior Technical Account Manager", "csm"),
    ("VP, Customer Success", "csm"),
    ("Head of Customer Success", "csm"),
    ("Renewals Specialist", "adjacent"),
    ("Customer Onboarding Manager", "adjacent"),
    ("Implementation Director - Nursing", "adjacent"),
    ("Account Manager", "adjacent"),
    ("Enterprise Account Executive", "other"),
    ("Support Engineer (AMER)", "other"),
    ("Senior Software Engineer, Frontend", "other"),
    ("Head of Customer Support", "other"),
])
def test_family_from_title(title, family):
    assert role_family(title) == family


def test_open_title_is_settled_by_the_text():
    assisting = parse_document(
        None, "You will support our Customer Success Managers with account notes."
    )
    owning = parse_document(
        None,
        "You will own renewals and drive retention and expansion across a "
        "book of business of 60 accounts.",
    )
    support = parse_document(None, "Answer player emails and chats quickly.")
    assert role_family("Customer Success Associate", assisting) == "adjacent"
    assert role_family("Customer Success Associate", owning) == "csm"
    assert role_family("Customer Success Associate", support) == "other"
