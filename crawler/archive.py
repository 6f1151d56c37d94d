"""Web archives of the crawl: write, import and read gzipped WARC files."""

import functools
import hashlib
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.client import responses as REASONS
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

logger = logging.getLogger(__name__)

SOFTWARE = "csm-radar crawler (warcio)"


@dataclass
class ArchivedResponse:
    """One HTTP response as the archive holds it.

    Attributes:
        url: The URL the response answered.
        body: The payload bytes, with any content encoding left in place.
        status: The HTTP status code.
        headers: The HTTP headers as (name, value) pairs.
        date: The WARC-Date, ISO 8601.
        record_id: The WARC-Record-ID; given by the writer when empty.
    """

    url: str
    body: bytes
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    date: str = ""
    record_id: str = ""


def now_iso() -> str:
    """The current UTC time in the WARC-Date form, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stable_record_id(*parts: str) -> str:
    """A WARC-Record-ID that is always the same for the same parts."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(parts))}>"


def url_key(url: str) -> str:
    """The form of a URL under which the archive index files it."""
    return canonicalize_url(url, keep_fragments=False)


class WarcRecorder:
    """Appends request and response records to a gzipped WARC file.

    Args:
        path: The WARC file to create; its folder is made when missing.
        info: Fields of the warcinfo record that opens the file.
        date: The warcinfo record's date; given, its id is derived from the
            fields, so that the same input builds the same bytes.
    """

    def __init__(self, path: str | Path, info: dict | None = None, date: str = ""):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(path)
        self._file = open(path, "wb")
        self._writer = WARCWriter(self._file, gzip=True)
        fields = {"software": SOFTWARE, "format": "WARC File Format 1.0"}
        fields.update(info or {})
        payload = "".join(f"{k}: {v}\r\n" for k, v in fields.items()).encode()
        warc = {"WARC-Filename": self.path.name, "WARC-Date": date or now_iso()}
        if date:
            digest = hashlib.sha1(payload).hexdigest()
            warc["WARC-Record-ID"] = stable_record_id(self.path.name, date, digest)
        self._writer.write_record(self._writer.create_warc_record(
            "", "warcinfo", payload=BytesIO(payload), length=len(payload),
            warc_content_type="application/warc-fields", warc_headers_dict=warc,
        ))

    def write_request(self, url, method, headers, body=b"", date="", concurrent=""):
        """Write a request record; ``concurrent`` links it to its response."""
        parts = urlsplit(url)
        target = parts.path or "/"
        target += f"?{parts.query}" if parts.query else ""
        http = StatusAndHeaders(
            f"{method} {target} HTTP/1.1", headers, is_http_request=True
        )
        warc = {"WARC-Date": date or now_iso()}
        if concurrent:
            warc["WARC-Concurrent-To"] = concurrent
        record = self._writer.create_warc_record(
            url, "request", payload=BytesIO(body), length=len(body),
            http_headers=http,
            warc_headers_dict=warc,
        )
        self._writer.write_record(record)

    def write_response(self, response: ArchivedResponse) -> str:
        """Write a response record.

        Returns:
            str: The record's WARC-Record-ID.
        """
        reason = REASONS.get(response.status, "Unknown")
        http = StatusAndHeaders(
            f"{response.status} {reason}", response.headers, protocol="HTTP/1.1"
        )
        warc = {"WARC-Date": response.date or now_iso()}
        if response.record_id:
            warc["WARC-Record-ID"] = response.record_id
        record = self._writer.create_warc_record(
            response.url, "response", payload=BytesIO(response.body),
            length=len(response.body), http_headers=http, warc_headers_dict=warc,
        )
        self._writer.write_record(record)
        return record.rec_headers.get_header("WARC-Record-ID")

    def close(self) -> None:
        """Flush and close the file."""
        self._file.close()


def import_responses(
    responses: Iterable[ArchivedResponse], path: str | Path, info: dict | None = None
) -> int:
    """Write saved API responses into a new WARC as if they had been crawled.

    Args:
        responses: The responses; those without headers get
            ``Content-Type: application/json``.
        path: The gzipped WARC to write.
        info: Provenance fields for the warcinfo record.

    Record ids are derived from URL, date and body, so the same responses
    always build the same file.

    Returns:
        int: The number of responses written.
    """
    responses = list(responses)
    latest = max((r.date for r in responses), default="") or now_iso()
    recorder = WarcRecorder(path, info, date=latest)
    count = 0
    for response in responses:
        if not response.headers:
            response.headers = [("Content-Type", "application/json; charset=utf-8")]
        if not response.record_id:
            digest = hashlib.sha1(response.body).hexdigest()
            response.record_id = stable_record_id(response.url, response.date, digest)
        recorder.write_response(response)
        count += 1
    recorder.close()
    logger.info("Imported %d responses into %s", count, path)
    return count


def _read(record) -> ArchivedResponse:
    http = record.http_headers
    return ArchivedResponse(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        # The raw stream keeps any Content-Encoding, as its headers say.
        body=record.raw_stream.read(),
        status=int(http.get_statuscode()),
        headers=list(http.headers),
        date=record.rec_headers.get_header("WARC-Date"),
        record_id=record.rec_headers.get_header("WARC-Record-ID"),
    )


def iter_responses(path: str | Path) -> Iterator[ArchivedResponse]:
    """Yield every response record of a WARC file, in order."""
    with open(path, "rb") as file:
        for record in ArchiveIterator(file):
            if record.rec_type == "response":
                yield _read(record)


class WarcIndex:
    """Finds archived responses by URL, reading each record only when asked.

    Args:
        path: A WARC file; when it holds a URL twice, the last response wins.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._offsets: dict[str, int] = {}
        with open(self.path, "rb") as file:
            records = ArchiveIterator(file)
            for record in records:
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    self._offsets[url_key(uri)] = records.get_record_offset()
        logger.info("Indexed %d archived URLs from %s", len(self._offsets), path)

    def __len__(self) -> int:
        return len(self._offsets)

    def get(self, url: str) -> ArchivedResponse | None:
        """The archived response for a URL, or None when it was not archived."""
        offset = self._offsets.get(url_key(url))
        if offset is None:
            return None
        with open(self.path, "rb") as file:
            file.seek(offset)
            return _read(next(iter(ArchiveIterator(file))))


@functools.cache
def load_index(path: str) -> WarcIndex:
    """The index of a WARC, built once per process and shared by all spiders."""
    return WarcIndex(path)
