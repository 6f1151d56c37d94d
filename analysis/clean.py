"""Turn posting HTML, or plain text, into clean blocks of text.

A block is a heading, a paragraph or a list item. Job boards mark structure
in many ways (real lists, typed bullets, bold paragraphs as headings, entity
-escaped HTML), so this module normalises them all into one shape that the
section and unit steps can rely on.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass

import ftfy
import lxml.etree
import lxml.html

logger = logging.getLogger(__name__)

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "blockquote", "pre", "table", "tr",
     "td", "th", "ul", "ol", "dl", "dt", "dd", "header", "footer", "main"}
)
BOLD_TAGS = frozenset({"b", "strong"})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head"})

# A bold paragraph longer than this is emphasis, not a heading.
MAX_HEADING_CHARS = 90
MAX_HEADING_WORDS = 12

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*[\s/>]")
_ESCAPED_TAG = re.compile(r"&lt;\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s|/|&gt;)")
_BULLET = re.compile(r"^\s*(?:[•·▪▫◦●○■□‣⁃∙►▶➢➤✓✔\-–—*+]|\d{1,2}[.)])\s+")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$")
_MD_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# UTF-8 read as Windows-1252 leaves a lead byte such as Ã or â before a
# continuation character; only text with that mark goes through ftfy, which
# is slow on long clean text.
_MOJIBAKE = re.compile(
    "[ÂÃâÅÐÑØÙÚÛ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"',
                         "„": '"'})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or list item of a posting.

    Attributes:
        kind: ``heading``, ``paragraph`` or ``item``.
        text: The clean text, one line, no bullet mark.
    """

    kind: str
    text: str


def normalise_text(text: str) -> str:
    """Straighten quotes, drop invisible characters and collapse whitespace."""
    text = _INVISIBLE.sub("", text.translate(_QUOTES))
    return _SPACES.sub(" ", text).strip()


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 decoded as Windows-1252 ("customerâ€™s"), if any."""
    if _MOJIBAKE.search(text):
        return ftfy.fix_text(text, unescape_html=False)
    return text


def unescape_once(markup: str) -> str:
    """Undo one level of entity escaping when the HTML arrived escaped.

    Greenhouse sends ``&lt;p&gt;``: a string with escaped tags and no real
    ones. Anything else is left alone, so that text which merely mentions
    ``&lt;`` is never decoded twice.
    """
    if not _TAG.search(markup) and _ESCAPED_TAG.search(markup):
        return html_lib.unescape(markup)
    return markup


def looks_like_html(text: str) -> bool:
    """Tell markup from plain text."""
    return bool(_TAG.search(text))


def html_to_blocks(markup: str | None) -> list[Block]:
    """Split posting HTML (or plain text) into headings, paragraphs and items.

    Args:
        markup: HTML as the source gave it, possibly entity-escaped once
            more, or plain text / Markdown.

    Returns:
        The blocks in reading order, with clean text.
    """
    if not markup or not markup.strip():
        return []
    markup = unescape_once(fix_mojibake(markup))
    if not looks_like_html(markup):
        return text_to_blocks(html_lib.unescape(markup))
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        logger.warning("unparseable HTML, reading it as text")
        return text_to_blocks(markup)
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return walker.blocks


def text_to_blocks(text: str) -> list[Block]:
    """Split plain text or Markdown into blocks, one per non-empty line."""
    text = fix_mojibake(text)
    blocks = []
    for line in text.splitlines():
        block = _line_block(line, default="paragraph", bold=False)
        if block:
            blocks.append(block)
    return blocks


def _line_block(line: str, default: str, bold: bool) -> Block | None:
    """Classify one line of text as a heading, item or paragraph."""
    match = _MD_HEADING.match(line)
    if match:
        text = normalise_text(_MD_EMPHASIS.sub(r"\2", match.group(1)))
        return Block("heading", text) if text else None
    match = _MD_BOLD_LINE.match(line)
    if match and default != "item":
        bold, line = True, match.group(1)
    kind = default
    bullet = _BULLET.match(line)
    if bullet:
        kind, line = "item", line[bullet.end():]
        bold = False
    text = normalise_text(_MD_EMPHASIS.sub(r"\2", line))
    if not text or not any(ch.isalnum() for ch in text):
        return None
    if kind == "paragraph" and _is_heading_like(text, bold):
        kind = "heading"
    return Block(kind, text.rstrip(":").strip() if kind == "heading" else text)


def _is_heading_like(text: str, bold: bool) -> bool:
    """A short bold line, or a short line ending with a colon, heads a section."""
    if len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if text.endswith(":"):
        return True
    return bold and not text.endswith((".", ",", ";"))


class _Walker:
    """Collect blocks from an lxml tree in document order.

    Text accumulates as (text, bold) pieces until a block boundary; a line
    break inside a block splits it into lines, each its own block.
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[tuple[str, bool]] = []
        self.kinds: list[str] = []
        self.bold_depth = 0

    def walk(self, element: lxml.html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if tag in SKIP_TAGS or not isinstance(element.tag, str):
            self._tail(element)
            return
        if tag == "br":
            self.pieces.append(("\n", False))
            self._tail(element)
            return
        boundary = tag in HEADING_TAGS or tag in BLOCK_TAGS or tag == "li"
        if boundary:
            self.flush()
            self.kinds.append(_kind_of(tag, self.kinds))
        bold = tag in BOLD_TAGS
        self.bold_depth += bold
        self._add(element.text)
        for child in element:
            self.walk(child)
        self.bold_depth -= bold
        if boundary:
            self.flush()
            self.kinds.pop()
        self._tail(element)

    def _tail(self, element: lxml.html.HtmlElement) -> None:
        self._add(element.tail)

    def _add(self, text: str | None) -> None:
        # Newlines in HTML source are only whitespace; <br> alone breaks.
        if text:
            self.pieces.append((text.replace("\n", " "), self.bold_depth > 0))

    def flush(self) -> None:
        """Turn the pending pieces into blocks, one per line."""
        if not self.pieces:
            return
        kind = self.kinds[-1] if self.kinds else "paragraph"
        for line in _lines(self.pieces):
            text = "".join(piece for piece, _ in line)
            bold = all(b for piece, b in line if piece.strip())
            if kind == "heading":
                text = normalise_text(text).rstrip(":").strip()
                block = Block("heading", text) if text else None
            else:
                block = _line_block(text, default=kind, bold=bold)
            if block:
                self.blocks.append(block)
        self.pieces = []


def _kind_of(tag: str, kinds: list[str]) -> str:
    """Block kind for a tag, inheriting ``item`` from an enclosing list item."""
    if tag in HEADING_TAGS:
        return "heading"
    if tag == "li":
        return "item"
    if kinds and kinds[-1] in ("item", "heading"):
        return kinds[-1]
    return "paragraph"


def _lines(pieces: list[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    """Split pieces at the line breaks that ``<br>`` left."""
    lines: list[list[tuple[str, bool]]] = [[]]
    for text, bold in pieces:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append((part, bold))
    return [line for line in lines if line]
