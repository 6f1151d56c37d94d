"""Shared fixtures: the bundled model, loaded once per test session."""

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def embedder():
    """The real bundled embedding model."""
    from analysis.embed import Embedder

    return Embedder(batch_size=16)
