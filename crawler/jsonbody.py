"""Read a response body that should be JSON, naming what is wrong when it is not."""

import json
import re
from typing import Any

from crawler.exceptions import BadResponse

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
_UTF8 = {"utf-8", "utf8", "utf_8"}


def declared_charset(content_type: str) -> str | None:
    """The charset a Content-Type header names, lower-cased, or None."""
    match = _CHARSET.search(content_type or "")
    return match.group(1).lower() if match else None


def decode_body(body: bytes, content_type: str = "") -> str:
    """The text of a body in its declared charset, UTF-8 when none is declared.

    A UTF-8 byte order mark is dropped.

    Raises:
        BadResponse: ``invalid_encoding`` when the bytes are not in that
            charset (such as latin-1 bytes declared as UTF-8).
    """
    charset = declared_charset(content_type) or "utf-8"
    codec = "utf-8-sig" if charset in _UTF8 else charset
    try:
        return body.decode(codec)
    except LookupError as error:
        raise BadResponse("invalid_encoding", f"unknown charset {charset!r}") from error
    except UnicodeDecodeError as error:
        bad = body[error.start:error.start + 1].hex()
        detail = (f"declared {charset} but byte 0x{bad} at {error.start} is not "
                  f"{charset} ({error.reason})")
        raise BadResponse("invalid_encoding", detail) from error


def _snippet(body: bytes, size: int = 80) -> str:
    return " ".join(body[:size].decode("utf-8", "replace").split())


def _html_detail(body: bytes) -> str:
    match = _TITLE.search(body)
    return f"title {_snippet(match.group(1))!r}" if match else _snippet(body)


def load_json_body(body: bytes, content_type: str = "") -> Any:
    """Decode a JSON response body.

    Args:
        body: The response body.
        content_type: The response's Content-Type header.

    Returns:
        Any: The decoded document.

    Raises:
        BadResponse: ``empty_body``, ``html_instead_of_json``,
            ``invalid_encoding``, ``truncated_body`` or ``invalid_json``.
    """
    if not body.strip():
        raise BadResponse("empty_body", "the response has no body")
    if "html" in content_type.lower() or body.lstrip().startswith(b"<"):
        raise BadResponse("html_instead_of_json", _html_detail(body))
    text = decode_body(body, content_type)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        detail = f"{error.msg} (char {error.pos} of {len(text)})"
        ends_early = error.pos >= len(text.rstrip()) or error.msg.startswith(
            "Unterminated string"
        )
        reason = "truncated_body" if ends_early else "invalid_json"
        raise BadResponse(reason, detail) from error
