"""The bundled model, the vector cache and requirement clustering, for real."""

import numpy as np

from analysis.cluster import OUTLIER, cluster_units
from analysis.embed import from_blobs, text_hash
from flows.embedding_cache import EmbeddingCache

SENTENCES = [
    "Run quarterly business reviews with executive sponsors",
    "Lead quarterly business reviews of the customer's goals",
    "Prepare and deliver executive business reviews each quarter",
    "Own the renewal of a portfolio of mid-market accounts",
    "Forecast renewals and negotiate contract terms",
    "Manage renewals and work with account executives on pricing",
    "Write SQL queries to analyse product usage",
    "Build reports and dashboards in Looker and Tableau",
    "Comfort with SQL and Python for data analysis",
    "Onboard new customers and coordinate implementation",
    "Lead onboarding and training for new customers' teams",
    "Guide customers through deployment in their first 90 days",
]


def test_model_loads_from_the_package_and_gives_unit_vectors(embedder):
    vectors = embedder.encode(SENTENCES[:3])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    # Two sentences about business reviews are closer than one about SQL.
    assert vectors[0] @ vectors[1] > vectors[0] @ embedder.encode([SENTENCES[6]])[0]


def test_cache_embeds_only_new_sentences(tmp_path, embedder):
    cache = EmbeddingCache(tmp_path / "cache.db", embedder.name)
    texts = {text_hash(s): s for s in SENTENCES[:4]}
    assert cache.missing(texts) == sorted(texts)
    assert cache.fill(texts, embedder) == 4
    more = {text_hash(s): s for s in SENTENCES[:6]}
    assert len(cache.missing(more)) == 2
    stored = from_blobs(blob for _, blob in cache.blobs(sorted(texts)))
    direct = embedder.encode([texts[h] for h in sorted(texts)])
    assert np.allclose(stored, direct, atol=1e-6)


def test_clustering_is_reproducible_and_groups_like_with_like(embedder):
    vectors = embedder.encode(SENTENCES)
    first = cluster_units(SENTENCES, vectors, k=4, seed=7, min_similarity=0.2)
    second = cluster_units(SENTENCES, vectors, k=4, seed=7, min_similarity=0.2)
    assert first.assignments.tolist() == second.assignments.tolist()
    assert [c.terms for c in first.clusters] == [c.terms for c in second.clusters]
    labels = first.assignments
    # Each group of three sentences about one practice lands in one cluster.
    for start in range(0, 12, 3):
        group = set(labels[start:start + 3].tolist()) - {OUTLIER}
        assert len(group) == 1, SENTENCES[start:start + 3]
    assert first.outlier_share < 0.15
    terms = {t for c in first.clusters for t in c.terms}
    assert {"sql", "renewals"} & terms
