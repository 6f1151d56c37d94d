"""html_to_blocks over real and hand-made markup."""

import json
from pathlib import Path

from analysis.clean import Block, html_to_blocks, unescape_once

DATA = Path(__file__).parent / "data" / "postings"


def _amplitude():
    return json.loads((DATA / "greenhouse-amplitude.json").read_text())["jobs"][0]


def test_greenhouse_escaped_html_is_decoded_exactly_once():
    content = _amplitude()["content"]
    assert content.startswith("&lt;div")
    blocks = html_to_blocks(content)
    text = "\n".join(b.text for b in blocks)
    assert "&lt;" not in text and "<p>" not in text and "&amp;" not in text
    assert blocks[0].text.startswith("Amplitude is the leading AI analytics platform")
    assert "Diversity Equity & Inclusion (DEI)" in text
    # Decoding the escaped form gives the same blocks as the decoded form.
    assert html_to_blocks(unescape_once(content)) == blocks


def test_greenhouse_headings_and_items():
    blocks = html_to_blocks(_amplitude()["content"])
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert "At a minimum, you need to have" in headings
    assert Block(
        "item",
        "Experience using Python or R for statistical analysis, experimentation, "
        "and data modelling.",
    ) in blocks


def test_an_entity_in_real_html_is_not_decoded_twice():
    blocks = html_to_blocks("<p>AT&amp;amp;T and &lt;b&gt; as text</p>")
    assert blocks == [Block("paragraph", "AT&amp;T and <b> as text")]


def test_bold_short_paragraph_is_a_heading_and_br_splits():
    html = (
        "<p><strong>What you'll do</strong></p>"
        "<p>• Own renewals<br>• Run QBRs<br>Plain line&nbsp;here.</p>"
    )
    assert html_to_blocks(html) == [
        Block("heading", "What you'll do"),
        Block("item", "Own renewals"),
        Block("item", "Run QBRs"),
        Block("paragraph", "Plain line here."),
    ]


def test_list_items_with_nested_paragraphs_stay_items():
    html = "<ul><li><p>Track health scores</p></li><li>Drive adoption</li></ul>"
    assert [b.kind for b in html_to_blocks(html)] == ["item", "item"]


def test_plain_text_and_markdown():
    text = "## About you\n- 3+ years in SaaS\n* Proactive\nWe offer a 401k.\n"
    assert html_to_blocks(text) == [
        Block("heading", "About you"),
        Block("item", "3+ years in SaaS"),
        Block("item", "Proactive"),
        Block("paragraph", "We offer a 401k."),
    ]


def test_mojibake_is_fixed():
    assert html_to_blocks("<p>customerâ€™s goals</p>")[0].text == "customer's goals"


def test_empty_input():
    assert html_to_blocks("") == [] and html_to_blocks(None) == []
