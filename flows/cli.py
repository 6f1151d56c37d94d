"""The `csm-radar` command line.

Every command explains itself with ``--help``. Errors that a user can fix
are reported in one line that names the input and says what to do, with a
non-zero exit status; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from pathlib import Path

import click

from flows.config import DEFAULT_ARCHIVE, DEFAULT_SOURCES, data_dir


class UserError(click.ClickException):
    """An error in the input that the user can fix."""


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )
    # Prefect's client logs every API request it makes; that is not news.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt, so a stopped run shuts down the
    temporary Prefect server it started instead of leaving it behind."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupt)


def _releases_dir(output: str | None) -> Path:
    return (Path(output) if output else data_dir()) / "releases"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log every step, not one line a stage.")
def main(verbose: bool) -> None:
    """csm-radar: what customer success job postings ask for, against what
    the role really needs.

    Build a release with `csm-radar run`, browse it with `csm-radar serve`,
    label your own postings with `csm-radar label`.
    """
    _setup_logging(verbose)


@main.command()
@click.option("--archive", type=click.Path(dir_okay=False),
              help="WARC archive to replay, with the boards of --sources [default: "
                   f"both archives shipped in datasets/archive/, {DEFAULT_ARCHIVE.name} "
                   "and its 2020-2021 companion, each with its own sources file].")
@click.option("--sources", type=click.Path(dir_okay=False),
              help=f"Sources file naming the boards [default: {DEFAULT_SOURCES.name}].")
@click.option("--output", type=click.Path(file_okay=False),
              help="Data folder for releases and caches [default: datasets/].")
@click.option("--live", is_flag=True,
              help="Crawl the real boards politely and record a new archive.")
@click.option("--seed", default=42, show_default=True, help="Seed of every random step.")
@click.option("--set", "crawl_settings", multiple=True, metavar="NAME=JSON",
              help="Override a Scrapy setting of the crawl, e.g. "
                   "--set DOWNLOAD_DELAY=2 (repeatable).")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(min=1),
              help="Sentences per embedding batch.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Dask scheduler to label and embed on, e.g. tcp://10.0.0.5:8786 "
                   "[default: $CSM_RADAR_DASK_ADDRESS, else this machine].")
def run(archive, sources, output, live, seed, crawl_settings, batch_size,
        dask_address) -> None:
    """Crawl (or replay) the boards, analyse the postings and publish a release.

    With no options it replays the two archives shipped in datasets/archive/
    (2025 job boards, and a 2020-2021 job board as a second time slice), so
    it runs offline on a fresh machine, and prints where the release is.
    A live crawl names the project and a contact in its user agent: set
    CSM_RADAR_CONTACT to a URL or e-mail address where board owners reach you.
    """
    from flows.inputs import InputError, check_inputs, crawl_setting, run_inputs

    if live and archive:
        raise UserError("--live crawls the boards; it cannot also replay --archive")
    try:
        overrides = dict(crawl_setting(item) for item in crawl_settings)
        check_inputs(run_inputs(archive, sources, live))
    except InputError as exc:
        raise UserError(str(exc)) from exc
    if dask_address:
        os.environ["CSM_RADAR_DASK_ADDRESS"] = dask_address
    from flows.lock import RunLockedError
    from flows.schedule import ScheduleError, prefect_server

    _stop_on_sigterm()
    try:
        # A server of our own, in a session of its own: Ctrl-C in the terminal
        # stops the run, and the server lives on long enough to record it.
        with prefect_server():
            from flows.pipeline import build_release

            result = build_release(archive=archive, sources=sources, output=output,
                                   live=live, seed=seed, crawl_settings=overrides,
                                   batch_size=batch_size)
    except (RunLockedError, InputError, ScheduleError) as exc:
        raise UserError(str(exc)) from exc
    counts = result.counts
    click.echo(
        f"release {result.release.name}: {counts['crawl']['postings']} postings, "
        f"{counts['crawl']['rejects']} rejected, "
        f"{counts['analyse']['csm'] + counts['analyse']['adjacent']} in the "
        f"customer success family, {counts['dedupe']['jobs']} unique jobs; "
        f"{counts['analyse']['from_cache']} postings and {counts['embed']['from_cache']} "
        f"sentences from the cache; built in {result.seconds:.1f} s"
    )
    click.echo(f"written to {result.release}")


@main.command()
@click.argument("input_file", metavar="INPUT.jsonl", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the labels to this file instead of standard output; "
                   "it is replaced only once every posting is labelled.")
def label(input_file, output) -> None:
    """Label postings with the codebook, one JSON line per posting.

    INPUT.jsonl holds one posting a line with `posting_id`, `title`, and
    `html` and/or `text`. The output is in the gold format of the codebook
    and can be scored with score_labels.py.
    """
    from flows.labelling import label_file, write_labels

    source = Path(input_file)
    if output and Path(output).resolve() == source.resolve():
        raise UserError(f"-o {output} is the input file: write the labels to another file")
    if output and not Path(output).resolve().parent.is_dir():
        raise UserError(f"-o {output}: folder {Path(output).parent} does not exist")
    try:
        if output:
            count = write_labels(source, Path(output))
        else:
            count = label_file(source, click.get_text_stream("stdout"))
    except FileNotFoundError as exc:
        raise UserError(f"{exc.filename}: no such file") from exc
    except (OSError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    logging.getLogger(__name__).info("labelled %d postings from %s", count, input_file)


@main.command()
@click.argument("release", required=False)
@click.option("--output", type=click.Path(file_okay=False),
              help="Data folder that holds the releases [default: datasets/].")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535),
              help="Port on 127.0.0.1.")
def serve(release, output, port) -> None:
    """Browse a release in Datasette on 127.0.0.1 (the newest by default)."""
    from flows.release import ReleaseError
    from flows.serve import serve_release

    try:
        serve_release(_releases_dir(output), release, port)
    except ReleaseError as exc:
        raise UserError(str(exc)) from exc


@main.command()
@click.option("--output", type=click.Path(file_okay=False),
              help="Data folder that holds the releases [default: datasets/].")
@click.option("--json", "as_json", is_flag=True, help="Print the manifests as JSON.")
def releases(output, as_json) -> None:
    """List the published releases, oldest first."""
    from flows.release import list_releases, read_manifest

    manifests = sorted((read_manifest(p) for p in list_releases(_releases_dir(output))),
                       key=lambda m: (m.get("published_at", ""), m["version"]))
    if as_json:
        click.echo(json.dumps(manifests, indent=2))
        return
    if not manifests:
        click.echo("no release yet: run `csm-radar run`")
    for m in manifests:
        crawl = m.get("counts", {}).get("crawl", {})
        click.echo(f"{m['version']}  {m['published_at']}  "
                   f"{crawl.get('postings', '?')} postings  code {m.get('code_version')}")


@main.command()
@click.argument("release")
@click.option("--output", type=click.Path(file_okay=False),
              help="Data folder that holds the releases [default: datasets/].")
def verify(release, output) -> None:
    """Check every file of RELEASE against the SHA-256 in its manifest.

    Exits with status 1 and names each file that is missing or changed.
    """
    from flows.release import ReleaseError
    from flows.serve import resolve_release
    from flows.verify import verify_release

    try:
        result = verify_release(resolve_release(_releases_dir(output), release))
    except ReleaseError as exc:
        raise UserError(str(exc)) from exc
    for problem in result.problems:
        click.echo(f"FAILED {problem}", err=True)
    if not result.ok:
        raise SystemExit(1)
    click.echo(f"{result.release.name}: {result.checked} files match the manifest")


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--output", type=click.Path(file_okay=False),
              help="Data folder that holds the releases [default: datasets/].")
@click.option("--json", "as_json", is_flag=True, help="Print the difference as JSON.")
@click.option("--summary", is_flag=True, help="Counts only, without every posting id.")
def diff(old, new, output, as_json, summary) -> None:
    """Postings added, closed and changed from OLD to NEW, and theme shares moved."""
    from flows.diff import diff_releases
    from flows.release import ReleaseError
    from flows.serve import resolve_release

    releases_dir = _releases_dir(output)
    try:
        result = diff_releases(resolve_release(releases_dir, old),
                               resolve_release(releases_dir, new))
    except ReleaseError as exc:
        raise UserError(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    for label, ids in (("added", result.added), ("closed", result.closed),
                       ("changed", result.changed)):
        click.echo(f"{len(ids)} postings {label}")
        for posting_id in [] if summary else ids:
            click.echo(f"  {posting_id}")
    click.echo("theme shares (old -> new, 95% intervals):")
    for m in sorted(result.themes, key=lambda m: -abs(m.change)):
        click.echo(f"  {m.theme:30} {100 * m.old:5.1f}% -> {100 * m.new:5.1f}% "
                   f"({100 * m.change:+.1f})  [{100 * m.new_ci[0]:.1f}-"
                   f"{100 * m.new_ci[1]:.1f}]")


from flows.match import match  # noqa: E402

main.add_command(match)


@main.command()
@click.option("--cron", default="0 6 * * 1", show_default=True,
              help="When to run, as a cron expression (UTC).")
@click.option("--once", is_flag=True,
              help="Run the deployment once through the scheduler, then stop.")
@click.option("--archive", type=click.Path(dir_okay=False),
              help="WARC archive each run replays [default: the embedded archive].")
@click.option("--sources", type=click.Path(dir_okay=False),
              help="Sources file naming the boards.")
@click.option("--output", type=click.Path(file_okay=False),
              help="Data folder for releases and caches [default: datasets/].")
@click.option("--live", is_flag=True, help="Each run crawls the real boards.")
def schedule(cron, once, archive, sources, output, live) -> None:
    """Run the release flow on a schedule, as a Prefect deployment.

    Uses the Prefect server in PREFECT_API_URL (a server of your own or
    Prefect Cloud); without one, starts a local server on 127.0.0.1 for as
    long as the command runs. With --once, the scheduler runs the flow once
    and the command prints the run's summary.
    """
    from flows.schedule import ScheduleError, check_cron, prefect_server, run_once, serve

    parameters = {k: v for k, v in (("archive", archive), ("sources", sources),
                                    ("output", output)) if v}
    if live:
        parameters["live"] = True
    try:
        with prefect_server():
            check_cron(cron)  # Prefect reads its settings on import: not before here
            if not once:
                serve(cron, parameters)
                return
            result = run_once(cron, parameters)
    except ScheduleError as exc:
        raise UserError(str(exc)) from exc
    click.echo(result["artifact"] or "the run left no summary")
    click.echo(f"flow run {result['flow_run_id']}: {result['state']}")
    if result["state"] != "COMPLETED":
        raise SystemExit(1)


@main.group()
def sources() -> None:
    """The boards a crawl visits, kept in a sources file."""


@sources.command("add")
@click.argument("url")
@click.option("--file", "path", type=click.Path(dir_okay=False),
              default=str(DEFAULT_SOURCES), show_default=True,
              help="Sources file to add the board to.")
def sources_add(url, path) -> None:
    """Recognise the job system of a careers or board URL and add its board.

    Knows Ashby, Greenhouse, Lever, Workable, SmartRecruiters, Recruitee,
    Teamtailor, Personio, RemoteOK and Remotive; any other careers page is
    read for schema.org JobPosting data.
    """
    from crawler.sources import add_from_url

    try:
        board = add_from_url(path, url)
    except OSError as exc:
        raise UserError(f"sources file {path}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise UserError(f"{exc} (sources file {path})") from exc
    click.echo(f"{board.source} board {board.board} is in {path}")


@sources.command("list")
@click.option("--file", "path", type=click.Path(dir_okay=False, exists=True),
              default=str(DEFAULT_SOURCES), show_default=True,
              help="Sources file to read.")
def sources_list(path) -> None:
    """List the boards of a sources file."""
    from flows.inputs import InputError, check_sources

    try:
        check_sources(Path(path))
    except InputError as exc:
        raise UserError(str(exc)) from exc
    from crawler.sources import load_boards

    for board in load_boards(path):
        click.echo(f"{board.source:16} {board.board}{'  ' + board.url if board.url else ''}")


if __name__ == "__main__":
    sys.exit(main())
