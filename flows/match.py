"""`csm-radar match`: a resume against what a release's listings ask for.

The demand (each theme's share of unique customer success jobs) and the
jobs to rank are read from a published release; the matching itself is
``analysis.match``. The answer is a short terminal report, JSON with
``--json``, and a page with a chart with ``--html``.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from flows.config import data_dir
from flows.release import DATABASE_NAME, ReleaseError, read_manifest

if TYPE_CHECKING:
    from analysis.match import Demand, Job, MatchResult

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
DEFAULT_FAMILIES = ("csm", "adjacent")
EVIDENCE_CHARS = 80
TERMINAL_GAPS = 8


def load_demand(release: Path) -> dict[str, Demand]:
    """Each theme's demand: its overall share of the release's unique jobs.

    Args:
        release: A release directory.

    Raises:
        ReleaseError: The release has no theme shares to match against.
    """
    from analysis.match import Demand

    rows = _query(release, "select theme, jobs, total from theme_shares "
                           "where slice = 'all' order by theme")
    if not rows or all(total == 0 for _, _, total in rows):
        raise ReleaseError(
            f"{release.name}: no theme shares in the release (no customer success "
            "jobs?); build one with `csm-radar run`")
    return {theme: Demand(int(jobs), int(total)) for theme, jobs, total in rows}


def load_jobs(release: Path) -> list[Job]:
    """The release's unique customer success jobs, each with the themes it asks.

    A job carries a theme when any of its postings does (as in the gap
    table); it is shown as its first posting by id.
    """
    from analysis.match import Job

    try:
        families = read_manifest(release).get("parameters", {}).get("families")
    except ReleaseError:
        families = None
    families = tuple(families or DEFAULT_FAMILIES)
    marks = ", ".join("?" for _ in families)
    postings = _query(
        release,
        "select posting_id, coalesce(job_id, posting_id), title, "
        "coalesce(company, ''), coalesce(url, '') from postings"
        f" where role_family in ({marks}) "
        "order by posting_id", families)
    themes: dict[str, set[str]] = defaultdict(set)
    for posting_id, theme in _query(release, "select posting_id, theme from themes"):
        themes[posting_id].add(theme)
    jobs: dict[str, dict] = {}
    for posting_id, job_id, title, company, url in postings:
        job = jobs.setdefault(job_id, {"first": (posting_id, title, company, url),
                                       "themes": set()})
        job["themes"] |= themes[posting_id]
    return [Job(job_id, *job["first"], themes=frozenset(job["themes"]))
            for job_id, job in sorted(jobs.items())]


def _query(release: Path, sql: str, params=()) -> list[tuple]:
    path = release / DATABASE_NAME
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return conn.execute(sql, params).fetchall()
    except sqlite3.Error as exc:
        raise ReleaseError(
            f"{path}: cannot read the release database ({exc}); rebuild it with "
            "`csm-radar run`") from exc


def match_file(resume: Path, release: Path) -> MatchResult:
    """Read a resume file and match it against a release.

    Raises:
        ResumeError: The resume cannot be read.
        ReleaseError: The release cannot be read.
    """
    from analysis.match import match_resume
    from analysis.resume import read_resume

    text = read_resume(resume)
    demand = load_demand(release)
    result = match_resume(text.text, demand, load_jobs(release),
                          resume=text.name, release=release.name)
    logger.debug("matched %s against %s: fit %.1f", text.name, release.name, result.fit)
    return result


def to_json(result: MatchResult) -> str:
    """The result as JSON text; byte-identical for the same input."""
    return json.dumps(result.as_dict(), indent=2, sort_keys=False)


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def _short(text: str | None, width: int = EVIDENCE_CHARS) -> str:
    if not text:
        return ""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def terminal_report(result: MatchResult, gaps_shown: int = TERMINAL_GAPS) -> str:
    """A short report for the terminal, most useful lines first."""
    lines = [
        f"{result.resume} against release {result.release} "
        f"({result.jobs} unique customer success jobs)",
        "",
        f"fit {result.fit:.1f} / 100: the themes your resume shows carry "
        f"{result.fit:.0f}% of what these listings ask for",
    ]
    parts = [t for t in result.themes if t.points]
    if parts:
        lines.append("  = " + " + ".join(f"{t.theme} {t.points:.1f}" for t in parts))
    lines += ["", "strengths (share of jobs asking; asked by "
              f"{_pct(result.min_demand)}+ of jobs, and your resume shows it)"]
    for t in result.strengths:
        lines.append(f"  {_pct(t.share):>4}  {t.theme:28} \"{_short(t.evidence)}\"")
    if not result.strengths:
        lines.append("  none yet")
    lines += ["", "gaps (asked for, not shown; most asked first)"]
    for t in result.gaps[:gaps_shown]:
        lines.append(f"  {_pct(t.share):>4}  {t.theme:28} {t.label}")
    if len(result.gaps) > gaps_shown:
        rest = result.gaps[gaps_shown:]
        lines.append(f"        and {len(rest)} less asked: "
                     + ", ".join(t.theme for t in rest))
    extras = [t for t in result.themes if t.status == "extra"]
    if extras:
        lines.append("  you also show, rarely asked: "
                     + ", ".join(t.theme for t in extras))
    lines += ["", "listed claim -> what the job really needs (share of jobs; you)"]
    for p in result.pairs:
        mark = lambda shown: "yes" if shown else "no"  # noqa: E731
        lines.append(
            f"  {p.claim:13} {_pct(p.claim_share):>4} {mark(p.claim_shown):3} -> "
            f"{p.requirement:28} {_pct(p.requirement_share):>4} "
            f"{mark(p.requirement_shown):3}  {p.stance}")
    lines += ["", "postings that fit best (share of what each asks that you show)"]
    for i, job in enumerate(result.postings, 1):
        lines.append(f"  {i:2}. {_pct(job.score):>4}  {job.title}, {job.company}  "
                     f"{job.url}")
        lines.append(f"        shows {', '.join(job.matched) or '-'}; "
                     f"lacks {', '.join(job.missing) or '-'}")
    if not result.postings:
        lines.append("  none: the release has no customer success postings to rank")
    return "\n".join(lines)


def render_html(result: MatchResult) -> str:
    """The result as one self-contained page with an inline SVG chart."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda value: f"{100 * value:.0f}"
    return env.get_template("match.html.j2").render(r=result)


def _releases_dir(output: str | None) -> Path:
    return (Path(output) if output else data_dir()) / "releases"


@click.command()
@click.argument("resume", metavar="RESUME", type=click.Path())
@click.option("--release", help="Release to match against [default: the newest].")
@click.option("--output", type=click.Path(file_okay=False),
              help="Data folder that holds the releases [default: datasets/].")
@click.option("--json", "as_json", is_flag=True,
              help="Print the result as JSON instead of the report.")
@click.option("--html", type=click.Path(dir_okay=False), metavar="PAGE.html",
              help="Also write a page with a chart of demand against your resume.")
def match(resume, release, output, as_json, html) -> None:
    """Match a RESUME against what customer success listings ask for.

    RESUME is a resume, or a plain list of skills, in Markdown, text, PDF
    or DOCX. For every theme of the codebook it tells whether the resume
    shows it (quoting the resume) and how many of the release's unique
    customer success jobs ask for it; then the fit score, explained by its
    parts, and the ten postings that fit best.
    """
    from analysis.resume import ResumeError
    from flows.serve import resolve_release

    try:
        release_dir = resolve_release(_releases_dir(output), release)
        result = match_file(Path(resume), release_dir)
    except (ResumeError, ReleaseError) as exc:
        raise click.ClickException(str(exc)) from exc
    if html:
        try:
            Path(html).write_text(render_html(result), encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(
                f"{html}: cannot write the page ({exc.strerror}); choose another "
                "path with --html") from exc
        logger.info("wrote %s", html)
    click.echo(to_json(result) if as_json else terminal_report(result))
