"""Buckets, exact pairs, clusters, verification, keep rules, frequent lines."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from jingshu.corpus.dedup.buckets import band_pairs
from jingshu.corpus.dedup.clusters import cluster_labels, jaccard_pairs, verify_pairs
from jingshu.corpus.dedup.config import NearDedupConfig
from jingshu.corpus.dedup.exact import exact_pairs, first_of_key
from jingshu.corpus.dedup.filter import choose_keepers
from jingshu.corpus.dedup.normalize import hash_lines
from jingshu.corpus.dedup.repeated_lines import frequent_lines, strip_frequent_lines


def test_band_pairs_within_buckets_only() -> None:
    keys = np.array([5, 7, 5, 0, 0, 7, 5], dtype=np.uint64)
    pairs = {tuple(p) for p in band_pairs(keys).tolist()}
    assert pairs == {(0, 2), (0, 6), (2, 6), (1, 5)}


def test_band_pairs_window_chains_big_buckets() -> None:
    keys = np.full(10, 9, dtype=np.uint64)
    pairs = band_pairs(keys, window=1)
    assert len(pairs) == 9
    assert len(set(cluster_labels(10, pairs).tolist())) == 1


def test_exact_pairs_keep_first_in_order() -> None:
    keys = np.array([3, 1, 3, 2, 1, 3], dtype=np.int64)
    assert sorted(map(tuple, exact_pairs(keys).tolist())) == [(0, 2), (0, 5), (1, 4)]


def test_cluster_labels_are_smallest_member() -> None:
    labels = cluster_labels(6, np.array([[4, 5], [1, 4], [2, 3]]))
    assert labels.tolist() == [0, 1, 2, 2, 1, 1]


def test_verification_drops_dissimilar_candidates() -> None:
    config = NearDedupConfig(threshold=0.6)
    texts = {0: "甲乙丙丁戊己庚辛壬癸子丑寅卯", 1: "甲乙丙丁戊己庚辛壬癸子丑寅辰",
             2: "天地玄黄宇宙洪荒日月盈昃"}
    pairs = np.array([[0, 1], [0, 2]])
    sims = jaccard_pairs(pairs, texts, config)
    assert sims[0] > 0.8 and sims[1] == 0.0
    kept = verify_pairs(pairs, lambda idx: [texts[i] for i in idx.tolist()], config)
    assert kept.tolist() == [[0, 1]]


def test_keep_rules() -> None:
    labels = np.array([0, 0, 0, 3])
    length = np.array([10, 30, 30, 5])
    quality = np.array([0.2, np.nan, 0.9, 0.1])
    assert choose_keepers(labels, length, quality, "earliest").tolist() == [1, 0, 0, 1]
    assert choose_keepers(labels, length, quality, "longest").tolist() == [0, 1, 0, 1]
    assert choose_keepers(labels, length, quality, "quality").tolist() == [0, 0, 1, 1]


def test_choose_keepers_of_no_documents_keeps_nothing() -> None:
    empty = np.array([], dtype=np.int64)
    for rule in ("earliest", "longest", "quality"):
        assert choose_keepers(empty, empty, empty.astype(float), rule).tolist() == []


def test_frequent_lines_counted_once_per_document(tmp_path: Path) -> None:
    footer, body = hash_lines(["版权所有", "正文"])
    np.save(tmp_path / "a.npy", np.array([footer, body], dtype=np.int64))
    np.save(tmp_path / "b.npy", np.array([footer], dtype=np.int64))
    files = [tmp_path / "a.npy", tmp_path / "b.npy"]
    assert frequent_lines(files, 2) == {footer}
    assert frequent_lines(files, 3) == frozenset()
    assert frequent_lines(files, 0) == frozenset()
    text, removed = strip_frequent_lines("正文\n版权所有！", frozenset({footer}))
    assert (text, removed) == ("正文", 1)


def test_first_of_key_is_the_clustering_of_exact_pairs() -> None:
    keys = np.array([3, 1, 3, 2, 1, 3], dtype=np.int64)
    expected = cluster_labels(6, exact_pairs(keys)).tolist()
    assert first_of_key(keys).tolist() == expected == [0, 1, 0, 3, 1, 0]
    assert first_of_key(np.zeros(0, dtype=np.int64)).tolist() == []
