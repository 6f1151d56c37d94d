"""Read a resume (or a plain list of skills) into text.

Markdown and plain text are read as they are; PDF through pypdf and Word
documents (DOCX) through python-docx. The format is told from the file's
first bytes, not its name, so a PDF saved as ``cv.txt`` still reads. Every
problem a person can fix (an empty file, an image, a file far too large to
be a resume) is a :class:`ResumeError` that names the file and says what to
do.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

MAX_TEXT_BYTES = 1_000_000
"""A text resume longer than this (about 300 pages) is not a resume."""
MAX_DOCUMENT_BYTES = 20_000_000
"""PDF and DOCX files carry images and fonts; they may be larger."""
MAX_CONTROL_SHARE = 0.01
"""Text with more control characters than this is read as binary."""

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TEXT_FIX = "save it as Markdown, plain text, PDF or DOCX"


class ResumeError(ValueError):
    """A resume file that cannot be read, with what to do about it."""


@dataclass(frozen=True)
class ResumeText:
    """The text of one resume.

    Attributes:
        name: The file name, for reports.
        format: ``markdown``, ``text``, ``pdf`` or ``docx``.
        text: Plain text, one block (heading, paragraph, bullet) a line.
    """

    name: str
    format: str
    text: str


def read_resume(path: Path | str) -> ResumeText:
    """Read a resume file of any supported format.

    Args:
        path: A Markdown, plain text, PDF or DOCX file.

    Returns:
        The resume's text.

    Raises:
        ResumeError: The file is missing, empty, binary, too large, or holds
            no text (a scanned PDF).
    """
    path = Path(path)
    if not path.exists():
        raise ResumeError(f"{path}: no such file; give the path of your resume")
    if not path.is_file():
        raise ResumeError(f"{path}: is a folder, not a file; give the resume file")
    size = path.stat().st_size
    if size == 0:
        raise ResumeError(f"{path}: the file is empty; {_TEXT_FIX} with your work")
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(_PDF_MAGIC):
        _check_size(path, size, MAX_DOCUMENT_BYTES)
        fmt, text = "pdf", _pdf_text(path)
    elif head.startswith(_ZIP_MAGIC):
        _check_size(path, size, MAX_DOCUMENT_BYTES)
        fmt, text = "docx", _docx_text(path)
    else:
        _check_size(path, size, MAX_TEXT_BYTES)
        text = _decode(path, path.read_bytes())
        fmt = "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text"
    text = text.strip()
    if not text or not any(ch.isalpha() for ch in text):
        raise ResumeError(
            f"{path}: no words found in this {fmt} file; {_TEXT_FIX} with your "
            "experience written out"
        )
    logger.debug("read %s as %s, %d characters", path, fmt, len(text))
    return ResumeText(name=path.name, format=fmt, text=text)


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise ResumeError(
            f"{path}: {size / 1e6:.1f} MB is too large for a resume (at most "
            f"{limit / 1e6:.0f} MB); give the resume itself, a few pages long"
        )


def _decode(path: Path, data: bytes) -> str:
    """Decode text as UTF-8 (or UTF-16 with a byte-order mark)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if b"\x00" in data[:4096]:
            raise ResumeError(
                f"{path}: a binary file, not a resume; {_TEXT_FIX}") from None
        # Legacy single-byte text (Windows-1252) still reads.
        text = data.decode("cp1252", errors="replace")
    if len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise ResumeError(f"{path}: a binary file, not a resume; {_TEXT_FIX}")
    return text


def _pdf_text(path: Path) -> str:
    """The text layer of a PDF, with lines wrapped inside a sentence joined."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ResumeError(
                f"{path}: the PDF is password-protected; save a copy without "
                "a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ResumeError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise ResumeError(f"{path}: not a readable PDF ({exc}); {_TEXT_FIX}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise ResumeError(
            f"{path}: the PDF has no text layer (a scan?); export it from the "
            "word processor again, or save it as text")
    return _unwrap(text)


_BULLET_START = re.compile(r"^\s*(?:[-*•●▪◦‣–]|\d+[.)])\s")


def _unwrap(text: str) -> str:
    """Join PDF lines that continue a sentence (no end mark, lower-case next)."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if (out and out[-1] and stripped and stripped[0].islower()
                and not out[-1].endswith((".", ":", ";", "!", "?"))
                and not _BULLET_START.match(line)):
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(stripped)
    return "\n".join(out)


def _docx_text(path: Path) -> str:
    """Paragraphs and table cells of a Word document, headings and bullets kept."""
    if not _is_docx(path):
        raise ResumeError(
            f"{path}: a ZIP archive but not a Word document; {_TEXT_FIX}")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ResumeError(f"{path}: not a readable DOCX ({exc}); {_TEXT_FIX}") from exc
    lines = [_docx_line(p) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if cell.text.strip() and cell.text.strip() not in cells:
                    cells.append(cell.text.strip())
            lines.extend(cells)
    return "\n".join(line for line in lines if line)


def _docx_line(paragraph) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.startswith(("Heading", "Title")):
        return f"# {text}"
    if "List" in style:
        return f"- {text}"
    return text


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
