"""One posting's description as clean text with blocks, sections and units.

Every span carries character offsets into ``Document.text``, so that a
requirement unit or a theme's evidence can always be traced back to the
exact place in the posting it came from.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from analysis.clean import Block, html_to_blocks, text_to_blocks
from analysis.sections import (
    BOILERPLATE,
    UNIT_SECTIONS,
    classify_boilerplate,
    classify_heading,
    classify_sentence,
)
from analysis.units import Unit, sentence_spans

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class PlacedBlock:
    """A block with its offsets into the document text."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    """A run of blocks under one heading (or before the first heading).

    Attributes:
        label: One of ``analysis.sections.LABELS``.
        heading: The heading text, or None for text before any heading.
        start: Offset of the section's first character (its heading, if any).
        end: Offset one past its last character.
    """

    label: str
    heading: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence of a non-heading block, labelled with where it belongs.

    Attributes:
        label: The section label that applies to this sentence: the section's
            own label, or the cue-word label for text under no recognised
            heading, or for boilerplate sitting inside another section.
        kind: The kind of block it came from (``paragraph`` or ``item``).
    """

    label: str
    kind: str
    start: int
    end: int
    text: str


@dataclass
class Document:
    """A posting description split into blocks, sections, sentences and units.

    Attributes:
        text: The clean text, one block a line.
        blocks: Blocks with offsets into ``text``.
        sections: Labelled sections in order.
        sentences: Every sentence of every non-heading block.
        units: Sentences of requirement-like sections, numbered in order.
    """

    text: str
    blocks: list[PlacedBlock] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)

    def content_sentences(self) -> list[Sentence]:
        """Sentences that can carry a theme: boilerplate left out."""
        return [s for s in self.sentences if s.label not in BOILERPLATE]


def parse_document(html: str | None, text: str | None = None) -> Document:
    """Parse a posting description into a :class:`Document`.

    Args:
        html: The description HTML (may be None or empty).
        text: Plain text to use when there is no HTML.

    Returns:
        The document, with offsets such that
        ``document.text[unit.start:unit.end] == unit.text`` for every unit.
    """
    blocks = html_to_blocks(html) if html and html.strip() else []
    if not blocks and text:
        blocks = text_to_blocks(text)
    placed = _place(blocks)
    document = Document(text="\n".join(b.text for b in blocks), blocks=placed)
    section_of_block = _sections(document)
    _sentences(document, section_of_block)
    return document


def _place(blocks: list[Block]) -> list[PlacedBlock]:
    placed, offset = [], 0
    for block in blocks:
        placed.append(
            PlacedBlock(block.kind, block.text, offset, offset + len(block.text))
        )
        offset += len(block.text) + 1
    return placed


def _sections(document: Document) -> list[str]:
    """Group blocks into sections; return the section label of each block.

    An unrecognised heading inside a requirement-like section is read as a
    sub-heading (e.g. a bold "Customer onboarding" among responsibilities)
    and keeps the label it interrupts.
    """
    labels: list[str] = []
    current, heading, start = "other", None, 0
    for block in document.blocks:
        if block.kind == "heading":
            label = classify_heading(block.text)
            if label is None:
                label = current if current in UNIT_SECTIONS else "other"
            if labels:
                document.sections.append(
                    Section(current, heading, start, block.start - 1)
                )
            current, heading, start = label, block.text, block.start
        labels.append(current)
    if document.blocks:
        document.sections.append(
            Section(current, heading, start, document.blocks[-1].end)
        )
    return labels


def _sentences(document: Document, labels: list[str]) -> None:
    """Fill ``document.sentences`` and ``document.units``."""
    # Legal or benefits text leaves the section it sits in: an EEO paragraph
    # often follows the last list with no heading of its own.
    for block, section in zip(document.blocks, labels):
        if block.kind == "heading":
            continue
        for start, end in sentence_spans(block.text, block.start):
            text = document.text[start:end]
            if section == "other":
                label = classify_sentence(text)
            else:
                label = classify_boilerplate(text) or section
            document.sentences.append(Sentence(label, block.kind, start, end, text))
            if label in UNIT_SECTIONS:
                document.units.append(
                    Unit(label, len(document.units), start, end, text)
                )
