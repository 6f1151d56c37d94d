"""Build the embedded default archive from the saved real API responses.

Run ``python -m crawler.build_archive``. It writes
``datasets/archive/csm-radar-default.warc.gz``, its ``PROVENANCE.md`` and
``datasets/sources.toml`` (exactly the archive's boards). Only this script
reads the shared data folder; the crawler itself never does.
"""

import argparse
import json
import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from crawler.archive import ArchivedResponse, import_responses
from crawler.sources import DEFAULT_SOURCES, REPO_ROOT
from crawler.spiders.ashby import AshbySpider
from crawler.spiders.greenhouse import GreenhouseSpider
from crawler.spiders.lever import LeverSpider

logger = logging.getLogger(__name__)

SHARED_DATA = Path("/work/shared/data")
ARCHIVE = REPO_ROOT / "datasets" / "archive" / "csm-radar-default.warc.gz"
# Titles of customer success work and the roles next to it.
ADJACENT_TITLE = re.compile(
    r"customer success|client success|account manage(?:r|ment)|onboarding"
    r"|implementation|renewals?\b|customer experience|technical account"
    r"|customer (?:outcomes?|partner|engagement|value)|solutions? consultant",
    re.IGNORECASE,
)
OTHER_ASHBY_BOARDS = 10
GREENHOUSE_FILES = {"amplitude": "greenhouse/amplitude-jobs-content.json"}
LEVER_FILES = {
    "leverdemo": "lever/leverdemo-postings.json",
    "idealistconsulting": "lever/idealistconsulting-postings.json",
}
PROVENANCE_ROWS = ("| `ashby/`", "| `greenhouse/amplitude", "| `lever/")


def _postings(source: str, document) -> list[dict]:
    return document if source == "lever" else document.get("jobs", [])


def select_ashby(folder: Path) -> list[Path]:
    """Boards with a customer-success-like title, plus a spread of the others."""
    matching, others = [], []
    for path in sorted(folder.glob("*.json")):
        titles = [p.get("title") or "" for p in _postings("ashby", _load(path))]
        if any(ADJACENT_TITLE.search(title) for title in titles):
            matching.append(path)
        elif titles:
            others.append(path)
    step = max(1, len(others) // OTHER_ASHBY_BOARDS)
    return matching + others[::step][:OTHER_ASHBY_BOARDS]


def latest_date(source: str, document) -> str:
    """The latest posting date in a response: a lower bound of its fetch time."""
    moments = []
    for posting in _postings(source, document):
        if source == "lever" and isinstance(posting.get("createdAt"), int):
            moments.append(datetime.fromtimestamp(posting["createdAt"] / 1000, UTC))
        for key in ("publishedAt", "updated_at", "first_published"):
            if posting.get(key):
                moments.append(datetime.fromisoformat(posting[key]))
    return max(moments).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _load(path: Path):
    return json.loads(path.read_bytes().decode("utf-8-sig"))


def _response(source: str, board: str, path: Path, api_url: str) -> ArchivedResponse:
    body = path.read_bytes()
    url = api_url.format(board=path.stem if source == "ashby" else board)
    return ArchivedResponse(url, body, date=latest_date(source, _load(path)))


def collect(shared: Path) -> list[tuple[str, str, ArchivedResponse]]:
    """The (source, board, response) triples of the archive, in order."""
    chosen = [("ashby", unquote(p.stem), p) for p in select_ashby(shared / "ashby")]
    chosen += [("greenhouse", b, shared / f) for b, f in GREENHOUSE_FILES.items()]
    chosen += [("lever", b, shared / f) for b, f in LEVER_FILES.items()]
    urls = {"ashby": AshbySpider.api_url, "greenhouse": GreenhouseSpider.api_url,
            "lever": LeverSpider.api_url}
    return [(s, b, _response(s, b, p, urls[s])) for s, b, p in chosen]


def write_sources(triples, path: Path) -> None:
    """Write the sources file listing exactly the archive's boards."""
    lines = ["# The boards of datasets/archive/csm-radar-default.warc.gz;",
             "# written by `python -m crawler.build_archive`.", ""]
    for source, board, _ in triples:
        lines += ["[[board]]", f"source = {json.dumps(source)}",
                  f"board = {json.dumps(board)}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_provenance(triples, shared: Path, path: Path) -> None:
    """Write PROVENANCE.md: the source rows and the boards taken from each."""
    table = (shared / "PROVENANCE.md").read_text(encoding="utf-8").splitlines()
    rows = [line for line in table if line.startswith(PROVENANCE_ROWS)]
    boards = {}
    for source, board, response in triples:
        boards.setdefault(source, []).append(f"{board} ({response.date[:10]})")
    text = [
        "# Provenance of csm-radar-default.warc.gz", "",
        "Saved real API responses, imported byte for byte by",
        "`crawler.archive.import_responses` under the API URL each answered, with",
        "`Content-Type: application/json`. The WARC-Date of each response is the",
        "latest posting date in it, a lower bound of when it was fetched: the",
        "repositories do not record the fetch time.", "",
        "| folder | what it is | repository (licence) | path there, commit |",
        "| --- | --- | --- | --- |", *rows, "",
    ]
    for source, names in boards.items():
        text += [f"## {source}: {len(names)} boards", "", ", ".join(names), ""]
    path.write_text("\n".join(text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build the archive, its provenance and the sources file."""
    parser = argparse.ArgumentParser(
        prog="python -m crawler.build_archive", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--shared", type=Path, default=SHARED_DATA,
                        help="folder of saved responses (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=ARCHIVE, help="WARC to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    # Choose the responses and write them as a WARC.
    triples = collect(args.shared)
    info = {"description": "csm-radar default archive of saved job board API responses"}
    import_responses((r for _, _, r in triples), args.out, info)

    # Describe them: provenance, and the sources file that replays them all.
    write_provenance(triples, args.shared, args.out.parent / "PROVENANCE.md")
    write_sources(triples, DEFAULT_SOURCES)
    postings = sum(len(_postings(s, json.loads(r.body))) for s, _, r in triples)
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {len(triples)} boards, {postings} postings, {size:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
