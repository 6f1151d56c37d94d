"""A local stand-in for the job-board APIs, serving saved real responses.

conftest.py imports the fixtures from here. The server answers the API paths of
Ashby, Greenhouse and Lever from tests/data/<source>/<board>.json, plus a few
broken answers built from the same files, and counts the requests it gets.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DATA = Path(__file__).parent / "data"
JSON = "application/json; charset=utf-8"
PATHS = {
    "ashby": "/posting-api/job-board/{board}?includeCompensation=true",
    "greenhouse": "/v1/boards/{board}/jobs?content=true",
    "lever": "/v0/postings/{board}?mode=json",
}
ROBOTS = b"User-agent: *\nDisallow: /v0/postings/private\n"
LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sign in - Job Board</title></head>"
    b"<body><form action='/login'><input name='email'></form></body></html>"
)


def saved_body(source: str, board: str) -> bytes:
    """The saved response of a board, byte for byte."""
    return (DATA / source / f"{board}.json").read_bytes()


def _without_first_title(body: bytes) -> bytes:
    postings = json.loads(body)
    postings[0]["text"] = ""
    return json.dumps(postings).encode()


def _broken_routes() -> dict[str, tuple[int, str, bytes]]:
    ramp = saved_body("ashby", "ramp")
    return {
        "/posting-api/job-board/broken": (200, JSON, ramp.replace(b'":', b'" ', 1)),
        "/posting-api/job-board/cut": (200, JSON, ramp[: len(ramp) // 2]),
        "/posting-api/job-board/empty": (200, JSON, b""),
        "/v1/boards/login/jobs": (200, "text/html; charset=utf-8", LOGIN_PAGE),
        "/v0/postings/gone": (404, JSON, b'{"ok":false,"error":"Document not found"}'),
        "/v0/postings/untitled": (
            200, JSON, _without_first_title(saved_body("lever", "leverdemo"))
        ),
    }


def routes() -> dict[str, tuple[int, str, bytes]]:
    """Every path the server answers: (status, Content-Type, body)."""
    table = {"/robots.txt": (200, "text/plain", ROBOTS)}
    for source, template in PATHS.items():
        for file in sorted((DATA / source).glob("*.json")):
            path = urlsplit(template.format(board=file.stem)).path
            table[path] = (200, JSON, file.read_bytes())
    table.update(_broken_routes())
    return table


class BoardServer(ThreadingHTTPServer):
    """The stand-in server; ``hits`` counts the requests answered."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.table = routes()
        self.hits = 0
        self.lock = threading.Lock()

    def url(self, source: str, board: str) -> str:
        """The local URL standing in for a board's API URL."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}" + PATHS[source].format(board=board)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        with self.server.lock:
            self.server.hits += 1
        status, content_type, body = self.server.table.get(
            urlsplit(self.path).path, (404, JSON, b'{"error":"not found"}')
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
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


@pytest.fixture(scope="session")
def board_server():
    """The stand-in API server, running for the whole session."""
    server = BoardServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
