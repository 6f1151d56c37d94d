"""Import the saved 2020-2021 job board (vele616) into a WARC, as its own source.

Run ``python -m crawler.import_saved``. Each job ad is archived under its real
URL (the ``url`` field): the saved Markdown post byte for byte where there is
one (``text/markdown``), else its line of ``jobboard-sample.jsonl``
(``application/json``). The WARC-Date is the ad's ``timestamp``, the day the
board took it. A list of the ads, at a URL of the reserved ``.invalid``
domain that says it is no real page, tells the ``vele616`` spider what to
replay. The source can only be replayed: the ads are long gone.
"""

import argparse
import json
import logging
from pathlib import Path

import yaml

from crawler.archive import ArchivedResponse, import_responses
from crawler.build_archive import SHARED_DATA
from crawler.spiders.mapping import millis_to_iso
from crawler.sources import REPO_ROOT

logger = logging.getLogger(__name__)

BOARD = "2020-2021"
INDEX_URL = "https://csm-radar.invalid/import/vele616/{board}.json"
TABLE = "jobboard-sample.jsonl"
ARCHIVE = REPO_ROOT / "datasets" / "archive" / "vele616-2020-2021.warc.gz"
SOURCES = REPO_ROOT / "datasets" / "sources-vele616.toml"
MARKDOWN = [("Content-Type", "text/markdown; charset=utf-8")]
JSON = [("Content-Type", "application/json; charset=utf-8")]


def front_matter(text: str) -> tuple[dict, str]:
    """The YAML front matter of a Markdown post and the body after it."""
    if not text.startswith("---"):
        return {}, text
    _, head, body = text.split("---", 2)
    return yaml.safe_load(head) or {}, body.lstrip("\n")


def _date(timestamp) -> str:
    iso = millis_to_iso(int(timestamp)) if str(timestamp).isdigit() else None
    return (iso or "2021-01-01T00:00:00")[:19] + "Z"


def saved_responses(folder: str | Path, board: str = BOARD) -> list[ArchivedResponse]:
    """The archived responses of a saved job board folder, the index first.

    Args:
        folder: Holds ``jobboard-sample.jsonl`` and ``posts/*.md``.
        board: The board (time slice) name in the index URL.
    """
    folder = Path(folder)
    ads = {}
    for line in (folder / TABLE).read_bytes().splitlines():
        if line.strip():
            row = json.loads(line)
            ads[Path(row["source_path"]).stem] = (row["url"], row["timestamp"],
                                                  line, JSON)
    for post in sorted((folder / "posts").glob("*.md")):
        fields, _ = front_matter(post.read_text(encoding="utf-8"))
        ads[post.stem] = (fields["url"], fields.get("timestamp"), post.read_bytes(),
                          MARKDOWN)
    responses, index = [], []
    for ad_id, (url, timestamp, body, headers) in sorted(ads.items()):
        index.append({"id": ad_id, "url": url})
        responses.append(ArchivedResponse(url, body, headers=headers,
                                          date=_date(timestamp)))
    latest = max(r.date for r in responses)
    listing = json.dumps({"board": board, "ads": index}, indent=1).encode()
    return [ArchivedResponse(INDEX_URL.format(board=board), listing, headers=JSON,
                             date=latest), *responses]


def write_sources(path: Path, board: str = BOARD) -> None:
    """Write the sources file that replays the imported board."""
    path.write_text(
        "# The 2020-2021 job board of vele616/monorepo, replay only:\n"
        f"# {ARCHIVE.relative_to(REPO_ROOT)},\n"
        "# written by `python -m crawler.import_saved`.\n\n"
        f'[[board]]\nsource = "vele616"\nboard = "{board}"\n', encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Import the saved board into a WARC and write its sources file."""
    parser = argparse.ArgumentParser(
        prog="python -m crawler.import_saved", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--saved", type=Path, default=SHARED_DATA / "vele616",
                        help="folder of the saved board (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=ARCHIVE, help="WARC to write")
    parser.add_argument("--sources", type=Path, default=SOURCES,
                        help="sources file to write (default: %(default)s)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    responses = saved_responses(args.saved)
    info = {"description": "vele616/monorepo job board 2020-2021 (MIT), "
            "packages/jobboard/website/content/jobs at 1c0531864adb"}
    count = import_responses(responses, args.out, info)
    write_sources(args.sources)
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {count - 1} job ads and their index, {size:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
