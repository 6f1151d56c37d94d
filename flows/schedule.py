"""Scheduled runs: the release flow as a Prefect deployment with a cron schedule.

Schedules need a Prefect server. With ``PREFECT_API_URL`` set (a Prefect
server elsewhere, or Prefect Cloud) the deployment is registered there;
without it, a local server is started on 127.0.0.1 for as long as the
command runs, its database kept in ``PREFECT_HOME``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

logger = logging.getLogger(__name__)

DEFAULT_CRON = "0 6 * * 1"
DEPLOYMENT_NAME = "weekly"
SERVER_START_SECONDS = 120


class ScheduleError(RuntimeError):
    """The scheduler could not start or the run did not complete."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(api_url + "/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def prefect_server() -> Iterator[str]:
    """The API URL of a Prefect server: the configured one, or a local one.

    Must be entered before Prefect is imported, so that every client of
    this process and of the flow runs it starts talks to that server.
    """
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    import flows.prefect_env  # noqa: F401

    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _healthy(api_url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise ScheduleError(
                    "the local Prefect server did not start; run `prefect server "
                    "start` yourself and set PREFECT_API_URL")
            time.sleep(0.5)
        logger.info("local Prefect server on %s", api_url)
        os.environ["PREFECT_API_URL"] = api_url
        yield api_url
    finally:
        _send_pending(api_url)
        os.environ.pop("PREFECT_API_URL", None)
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _send_pending(api_url: str) -> None:
    """Hand the logs and events Prefect still queues to the server before it
    stops, so none is retried against a closed port at exit."""
    if "prefect" not in sys.modules or not _healthy(api_url):
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=10)


def check_cron(cron: str) -> None:
    """Raise ScheduleError unless ``cron`` is a cron expression Prefect accepts."""
    import flows.prefect_env  # noqa: F401
    from prefect.client.schemas.schedules import CronSchedule
    from pydantic import ValidationError

    try:
        CronSchedule(cron=cron)
    except ValidationError as exc:
        raise ScheduleError(
            f"--cron {cron!r} is not a cron expression: give five fields, minute "
            "hour day-of-month month day-of-week, e.g. '0 6 * * 1' for Mondays "
            "at 06:00 UTC") from exc


def release_deployment(cron: str, parameters: dict):
    """The release flow as a deployment with a cron schedule."""
    from prefect.deployments.runner import EntrypointType

    from flows.pipeline import build_release

    return build_release.to_deployment(
        name=DEPLOYMENT_NAME, cron=cron, parameters=parameters,
        description="Crawl the boards, analyse the postings, publish a release.",
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def run_once(cron: str, parameters: dict, timeout: float = 1800) -> dict:
    """Register the deployment, have the scheduler run it once, and wait.

    The run goes the way a scheduled one does: a flow run of the deployment
    is created on the server and picked up by a runner, which executes it
    in its own process.

    Returns:
        The flow run's id, final state, and the run's artifact (Markdown).
    """
    import asyncio

    from prefect import get_client
    from prefect.deployments import run_deployment
    from prefect.runner import Runner

    from flows.run_report import ARTIFACT_KEY

    runner = Runner(name="csm-radar-once", limit=1)
    deployment_id = runner.add_deployment(release_deployment(cron, parameters))
    flow_run = run_deployment(deployment_id, timeout=0)
    asyncio.run(runner.start(run_once=True))
    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while True:
            state = client.read_flow_run(flow_run.id).state
            if state and state.is_final():
                break
            if time.monotonic() > deadline:
                raise ScheduleError(f"flow run {flow_run.id} did not finish in {timeout} s")
            time.sleep(2)
        artifact = client.read_latest_artifacts()
    markdown = next((a.data for a in artifact if a.key == ARTIFACT_KEY), None)
    return {"flow_run_id": str(flow_run.id), "state": state.type.value,
            "artifact": markdown}


def serve(cron: str, parameters: dict) -> None:
    """Serve the deployment until interrupted; runs fire on the schedule."""
    from prefect import serve as prefect_serve

    prefect_serve(release_deployment(cron, parameters))
