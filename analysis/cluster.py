"""Requirement clusters discovered from the data.

Requirement units are grouped with k-means over their unit-length vectors
(cosine geometry), with a fixed seed so that the same input gives the same
clusters. A unit far from every centre is left as an outlier rather than
forced into a theme it does not share. Each cluster is named by its
class-based TF-IDF terms and its most central sentences.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import CountVectorizer

logger = logging.getLogger(__name__)

OUTLIER = -1


@dataclass
class Cluster:
    """One discovered requirement theme."""

    cluster_id: int
    size: int
    terms: list[str]
    central: list[int]
    label: str = ""
    members: list[int] = field(default_factory=list)


@dataclass
class Clustering:
    """The result of clustering: a cluster id per unit and each cluster."""

    assignments: np.ndarray
    clusters: list[Cluster]
    seed: int
    min_similarity: float

    @property
    def outlier_share(self) -> float:
        """Share of units left outside every cluster."""
        if len(self.assignments) == 0:
            return 0.0
        return float(np.mean(self.assignments == OUTLIER))


def choose_k(n_units: int) -> int:
    """Pick a number of clusters that grows slowly with the number of units."""
    return max(2, min(40, int(round(math.sqrt(n_units / 4)))))


def cluster_units(
    texts: list[str],
    vectors: np.ndarray,
    *,
    k: int | None = None,
    seed: int = 42,
    min_similarity: float = 0.3,
    n_terms: int = 6,
    n_central: int = 3,
) -> Clustering:
    """Cluster requirement units and describe each cluster.

    Args:
        texts: the unit sentences, in the same order as ``vectors``.
        vectors: unit-length embeddings, one row per unit.
        k: number of clusters; chosen from the number of units when omitted.
        seed: random seed of k-means.
        min_similarity: a unit whose cosine similarity to its centre is below
            this is an outlier.
        n_terms: c-TF-IDF terms kept per cluster.
        n_central: most central sentences kept per cluster.
    """
    n = len(texts)
    if n < 2:
        return Clustering(np.full(n, OUTLIER), [], seed, min_similarity)
    k = min(k or choose_k(n), n)
    model = KMeans(n_clusters=k, random_state=seed, n_init=4).fit(vectors)
    centres = model.cluster_centers_ / np.linalg.norm(
        model.cluster_centers_, axis=1, keepdims=True
    )
    similarity = np.einsum("ij,ij->i", vectors, centres[model.labels_])
    assignments = np.where(similarity >= min_similarity, model.labels_, OUTLIER)
    terms = class_tfidf_terms(texts, assignments, k, n_terms)
    clusters = []
    for cid in range(k):
        members = np.flatnonzero(assignments == cid)
        order = members[np.argsort(-similarity[members], kind="stable")]
        central = _distinct(order, texts, n_central)
        clusters.append(
            Cluster(
                cluster_id=cid,
                size=len(members),
                terms=terms[cid],
                central=central,
                label=", ".join(terms[cid][:3]),
                members=[int(i) for i in members],
            )
        )
    result = Clustering(assignments, clusters, seed, min_similarity)
    logger.info(
        "clustered %d units into %d clusters, %.1f%% outliers",
        n, k, 100 * result.outlier_share,
    )
    return result


def _distinct(order: np.ndarray, texts: list[str], n: int) -> list[int]:
    """The first ``n`` units of ``order`` whose sentences differ."""
    seen: set[str] = set()
    picked: list[int] = []
    for index in order:
        if texts[index] not in seen:
            seen.add(texts[index])
            picked.append(int(index))
            if len(picked) == n:
                break
    return picked


def class_tfidf_terms(
    texts: list[str], assignments: np.ndarray, k: int, n_terms: int
) -> list[list[str]]:
    """Return the top class-based TF-IDF terms of each cluster.

    Each cluster's units are joined into one document; a term scores by its
    frequency in that document, weighted by how rare it is across clusters.
    """
    documents = [
        " ".join(t for t, a in zip(texts, assignments) if a == cid) for cid in range(k)
    ]
    vectorizer = CountVectorizer(stop_words="english", ngram_range=(1, 2), min_df=1)
    try:
        counts = vectorizer.fit_transform(documents).toarray().astype(float)
    except ValueError:
        return [[] for _ in range(k)]
    vocabulary = vectorizer.get_feature_names_out()
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    average_words = counts.sum() / max(k, 1)
    idf = np.log(1 + average_words / np.maximum(counts.sum(axis=0), 1))
    scores = tf * idf
    return [
        [str(vocabulary[j]) for j in np.argsort(-row, kind="stable")[:n_terms] if row[j] > 0]
        for row in scores
    ]
