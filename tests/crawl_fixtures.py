"""A local stand-in for the job-board APIs, serving saved real responses.

conftest.py imports the fixtures from here. The server answers the API paths of
every source from tests/data/<source>/<board>.<ext> (host-based APIs such as
Recruitee's under /<source>/<board>/...), plus a few broken answers built from
the same files. It counts the requests it gets and logs each one with its
time; its ``table`` of routes and its ``scripts`` (answers given once, in
order, before the table's) can be changed while it runs.
"""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DATA = Path(__file__).parent / "data"
JSON = "application/json; charset=utf-8"
TYPES = {".json": JSON, ".xml": "application/xml; charset=utf-8",
         ".html": "text/html; charset=utf-8"}
PATHS = {
    "ashby": "/posting-api/job-board/{board}?includeCompensation=true",
    "greenhouse": "/v1/boards/{board}/jobs?content=true",
    "lever": "/v0/postings/{board}?mode=json",
    "workable": "/api/v1/widget/accounts/{board}?details=true",
    "smartrecruiters": "/v1/companies/{board}/postings?offset=0&limit=100",
    "recruitee": "/recruitee/{board}/api/offers/",
    "teamtailor": "/teamtailor/{board}/jobs.json",
    "personio": "/personio/{board}/xml?language=en",
    "remoteok": "/remoteok/{board}/api",
    "remotive": "/remotive/{board}/api/remote-jobs",
    "jsonld": "/jsonld/{board}",
}
# Sitemaps name pages as http://BOARD_SERVER/...; the server puts its address in.
HERE = b"http://BOARD_SERVER"
ROBOTS = b"User-agent: *\nDisallow: /v0/postings/private\n"
LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sign in - Job Board</title></head>"
    b"<body><form action='/login'><input name='email'></form></body></html>"
)


def saved_body(source: str, board: str) -> bytes:
    """The saved response of a board, byte for byte."""
    path = DATA / source / f"{board}.json"
    if not path.exists():
        path = next((DATA / source).glob(f"{board}.*"))
    return path.read_bytes()


def _without_first_title(body: bytes) -> bytes:
    postings = json.loads(body)
    postings[0]["text"] = ""
    return json.dumps(postings).encode()


def _with_new_field(body: bytes) -> bytes:
    document = json.loads(body.decode("utf-8-sig"))
    for job in document["jobs"]:
        job["new_field"] = "a field the spider does not know"
    return json.dumps(document).encode()


def _broken_routes() -> dict[str, tuple[int, str, bytes]]:
    ramp = saved_body("ashby", "ramp")
    feed = saved_body("personio", "acme")
    # The offers with their "ß" and "ä" as latin-1 bytes, still declared UTF-8.
    offers = json.dumps(json.loads(saved_body("recruitee", "acme")), ensure_ascii=False)
    return {
        # Workable, Recruitee, Teamtailor, Personio, Remotive, JSON-LD.
        "/api/v1/widget/accounts/login": (
            200, "text/html; charset=utf-8", LOGIN_PAGE),
        "/recruitee/latin/api/offers/": (
            200, JSON, offers.encode("latin-1", "replace")),
        "/teamtailor/empty/jobs.json": (
            200, JSON, b'{"version": "https://jsonfeed.org/version/1.1", "items": []}'),
        "/personio/cut/xml": (200, "application/xml", feed[: len(feed) // 2]),
        "/remotive/extra/api/remote-jobs": (
            200, JSON, _with_new_field(saved_body("remotive", "all"))),
        "/posting-api/job-board/broken": (200, JSON, ramp.replace(b'":', b'" ', 1)),
        "/posting-api/job-board/cut": (200, JSON, ramp[: len(ramp) // 2]),
        "/posting-api/job-board/empty": (200, JSON, b""),
        "/v1/boards/login/jobs": (200, "text/html; charset=utf-8", LOGIN_PAGE),
        "/v0/postings/gone": (404, JSON, b'{"ok":false,"error":"Document not found"}'),
        "/v0/postings/untitled": (
            200, JSON, _without_first_title(saved_body("lever", "leverdemo"))
        ),
    }


def routes(robots: bytes = ROBOTS) -> dict[str, tuple]:
    """Every path the server answers: (status, Content-Type, body[, headers])."""
    table = {"/robots.txt": (200, "text/plain", robots)}
    for source, template in PATHS.items():
        for file in sorted((DATA / source).glob("*.*")):
            if file.suffix in TYPES:
                path = urlsplit(template.format(board=file.stem)).path
                table[path] = (200, TYPES[file.suffix], file.read_bytes())
    # SmartRecruiters answers each posting's detail under the list URL.
    for file in sorted((DATA / "smartrecruiters").glob("*/*.json")):
        path = f"/v1/companies/{file.parent.name}/postings/{file.stem}"
        table[path] = (200, JSON, file.read_bytes())
    table.update(_broken_routes())
    return table


class BoardServer(ThreadingHTTPServer):
    """The stand-in server.

    Attributes:
        table: Path to (status, Content-Type, body[, extra headers]).
        scripts: Path to a list of such answers, each given once, first.
        hits: The number of requests answered.
        log: (monotonic time, path) of every request, in order.
    """

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, robots: bytes = ROBOTS):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.table = routes(robots)
        self.scripts: dict[str, list[tuple]] = {}
        self.hits = 0
        self.log: list[tuple[float, str]] = []
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        """The server's http://host:port."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def answer(self, path: str) -> tuple:
        """Log a request and choose its answer."""
        with self.lock:
            self.hits += 1
            self.log.append((time.monotonic(), path))
            script = self.scripts.get(urlsplit(path).path)
            if script:
                return script.pop(0)
        missing = (404, JSON, b'{"error":"not found"}')
        return self.table.get(urlsplit(path).path, missing)

    def url(self, source: str, board: str) -> str:
        """The local URL standing in for a board's API URL."""
        return self.base + PATHS[source].format(board=board)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status, content_type, body, *extra = self.server.answer(self.path)
        body = body.replace(HERE, self.server.base.encode())
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra[0] if extra else {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def write_sources(path: Path, server: BoardServer, boards) -> Path:
    """Write a sources file whose boards point at ``server``."""
    lines = []
    for source, board in boards:
        url = server.url(source, board)
        lines += ["[[board]]", f'source = "{source}"', f'board = "{board}"',
                  f'url = "{url}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@contextlib.contextmanager
def serving(robots: bytes = ROBOTS):
    """A stand-in server of its own, running while the block runs."""
    server = BoardServer(robots)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def board_server():
    """The stand-in API server, running for the whole session."""
    with serving() as server:
        yield server
