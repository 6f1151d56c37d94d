"""Shared fixtures: the bundled model, the stand-in board server, and one
release built by a real run of the flow, shared by the tests that read it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from crawl_fixtures import board_server, write_sources  # noqa: F401

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ARTIFACTS = Path(__file__).parent / "artifacts"
GOOD = [("ashby", "prelim"), ("ashby", "brale"), ("ashby", "ramp"),
        ("ashby", "Secoda"), ("ashby", "filigran"), ("ashby", "highlightta"),
        ("greenhouse", "amplitude"), ("lever", "leverdemo"),
        ("lever", "idealistconsulting")]
BROKEN = [("ashby", "broken"), ("greenhouse", "login"), ("lever", "untitled")]
FAST = ["--set", "AUTOTHROTTLE_START_DELAY=0", "--set", "DOWNLOAD_DELAY=0"]


def csm_radar(*args, check=True, timeout=600):
    """Run the command line as a user does, in its own process."""
    done = subprocess.run([sys.executable, "-m", "flows.cli", *args],
                          capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(
            f"csm-radar {' '.join(args)} failed:\n{done.stderr[-4000:]}")
    return done


@pytest.fixture(scope="session")
def embedder():
    """The real bundled embedding model."""
    from analysis.embed import Embedder

    return Embedder(batch_size=16)


@pytest.fixture(scope="session")
def live_run(board_server, tmp_path_factory):  # noqa: F811
    """One `csm-radar run --live` of the stand-in boards, good and broken."""
    folder = tmp_path_factory.mktemp("pipeline")
    sources = write_sources(folder / "sources.toml", board_server, GOOD + BROKEN)
    done = csm_radar("run", "--live", "--sources", str(sources),
                     "--output", str(folder / "data"), *FAST)
    releases = sorted((folder / "data" / "releases").iterdir())
    assert len(releases) == 1
    return folder, sources, releases[0], done


@pytest.fixture(scope="session")
def release(live_run):
    """The release directory that run published."""
    return live_run[2]


@pytest.fixture(scope="session")
def artifacts():
    """Where tests keep what a person would look at (screenshots)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
