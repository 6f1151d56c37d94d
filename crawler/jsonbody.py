"""Read a response body that should be JSON, naming what is wrong when it is not."""

import json
import re
from typing import Any

from crawler.exceptions import BadResponse

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


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
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadResponse("invalid_encoding", str(error)) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        detail = f"{error.msg} (char {error.pos} of {len(text)})"
        ends_early = error.pos >= len(text.rstrip()) or error.msg.startswith(
            "Unterminated string"
        )
        reason = "truncated_body" if ends_early else "invalid_json"
        raise BadResponse(reason, detail) from error
