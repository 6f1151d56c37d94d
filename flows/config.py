"""Where csm-radar keeps its inputs and outputs, and the run's parameters."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATASETS = REPO_ROOT / "datasets"
DEFAULT_ARCHIVE = DATASETS / "archive" / "csm-radar-default.warc.gz"
DEFAULT_SOURCES = DATASETS / "sources.toml"
# The 2020-2021 job board, replayed beside the 2025 boards as a time slice.
HISTORICAL_ARCHIVE = DATASETS / "archive" / "vele616-2020-2021.warc.gz"
HISTORICAL_SOURCES = DATASETS / "sources-vele616.toml"


def data_dir() -> Path:
    """The folder that holds releases, the working area and caches.

    ``CSM_RADAR_DATA`` overrides the default, ``datasets/`` in the checkout.
    """
    return Path(os.environ.get("CSM_RADAR_DATA", DATASETS))


def dask_address() -> str | None:
    """The Dask scheduler named in configuration (``CSM_RADAR_DASK_ADDRESS``)."""
    return os.environ.get("CSM_RADAR_DASK_ADDRESS") or None


def configured_task_runner():
    """Prefect's Dask task runner on the configured cluster, else the default."""
    address = dask_address()
    if not address:
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner()
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(address=address)


@dataclass(frozen=True)
class RunConfig:
    """Everything a run depends on besides its input.

    Attributes:
        seed: seed of every random step (clustering).
        batch_size: sentences per embedding batch.
        embed_chunk: sentences embedded and committed to the cache at once.
        cluster_min_similarity: units further than this from every cluster
            centre are outliers.
        families: role families the shares are computed over.
    """

    seed: int = 42
    batch_size: int = 64
    embed_chunk: int = 512
    cluster_min_similarity: float = 0.3
    families: tuple[str, ...] = field(default=("csm", "adjacent"))

    def as_dict(self) -> dict:
        """The parameters as written into a release's manifest."""
        return {
            "seed": self.seed,
            "batch_size": self.batch_size,
            "embed_chunk": self.embed_chunk,
            "cluster_min_similarity": self.cluster_min_similarity,
            "families": list(self.families),
        }
