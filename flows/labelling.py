"""`csm-radar label`: codebook labels for postings given as JSON lines.

It runs the same code as the release flow (`flows.analyse.label_row`), so a
score against the gold measures what the release publishes.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TextIO

from flows.analyse import label_row

logger = logging.getLogger(__name__)


def read_postings(path: Path):
    """Yield ``(line number, posting)`` from a JSON-lines file of postings.

    Raises:
        ValueError: a line is not a JSON object with `posting_id`, `title`
            and `html` or `text`; the message names the file and line.
    """
    with open(path, encoding="utf-8") as handle:
        try:
            lines = list(handle)
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path} is not UTF-8 text (byte {exc.start}): give a "
                             "JSON-lines file of postings") from exc
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                posting = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(posting, dict):
                raise ValueError(f"{path}:{number}: expected a JSON object")
            missing = [k for k in ("posting_id", "title") if k not in posting]
            if missing or not (posting.get("html") or posting.get("text")):
                missing += [] if posting.get("html") or posting.get("text") else ["html or text"]
                raise ValueError(f"{path}:{number}: missing {', '.join(missing)}")
            wrong = [k for k in ("title", "html", "text")
                     if posting.get(k) is not None and not isinstance(posting[k], str)]
            if wrong:
                raise ValueError(f"{path}:{number}: {', '.join(wrong)} must be text")
            yield number, posting


def label_file(path: Path, output: TextIO) -> int:
    """Label every posting of ``path`` and write one JSON line each to ``output``.

    Every line is checked before anything is written, so a bad line leaves
    no partial output behind.
    """
    postings = [posting for _, posting in read_postings(path)]
    if not postings:
        raise ValueError(f"{path} holds no postings: give one JSON object a line "
                         "with posting_id, title and html or text")
    for posting in postings:
        _, labels = label_row(posting["title"], posting.get("html"), posting.get("text"))
        output.write(json.dumps({"posting_id": posting["posting_id"], **labels},
                                ensure_ascii=False) + "\n")
    return len(postings)


def write_labels(path: Path, output: Path) -> int:
    """Label every posting of ``path`` into the file ``output``.

    The labels go to a temporary file beside ``output`` that replaces it only
    when every posting is labelled, so a failed run leaves an earlier output
    as it was and never a partial one.
    """
    partial = output.with_name(output.name + ".part")
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            count = label_file(path, handle)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return count
