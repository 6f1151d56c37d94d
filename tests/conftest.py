"""Shared fixtures: the bundled model, the stand-in board server, and one
release built by a real run of the flow, shared by the tests that read it."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from crawl_fixtures import board_server, write_sources  # noqa: F401

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Headless as root, with nothing reaching for the network at start.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
GOOD = [("ashby", "prelim"), ("ashby", "brale"), ("ashby", "ramp"),
        ("ashby", "Secoda"), ("ashby", "filigran"), ("ashby", "highlightta"),
        ("greenhouse", "amplitude"), ("lever", "leverdemo"),
        ("lever", "idealistconsulting")]
BROKEN = [("ashby", "broken"), ("greenhouse", "login"), ("lever", "untitled")]
FAST = ["--set", "AUTOTHROTTLE_START_DELAY=0", "--set", "DOWNLOAD_DELAY=0"]


def csm_radar(*args, check=True, timeout=1800):
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


def free_port():
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(*args, probe="/"):
    """`csm-radar serve ARGS --port P` until the block ends; yields its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "serve", *args, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(160):
            try:
                urllib.request.urlopen(base + probe, timeout=10).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise AssertionError(server.stdout.read().decode()) from None
                time.sleep(0.25)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, driven by Playwright, for one test module."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed: `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
