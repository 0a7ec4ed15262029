"""Images, image–text pairs and audio: perceptual hashes, near-duplicate search,
metadata stripping, image and audio operators, media recipes and their executor.

Media bytes live in the dataset store's content-addressed blobs
(:mod:`jingshu.store.blobs`); rows hold their sha256.
"""

from __future__ import annotations

from jingshu.media.hashing import dhash, hamming, phash
from jingshu.media.neardup import NearDuplicateIndex, near_duplicate_groups

__all__ = ["NearDuplicateIndex", "dhash", "hamming", "near_duplicate_groups", "phash"]
