"""Images, image–text pairs and audio: perceptual hashes, near-duplicate search,
metadata stripping, image and audio operators, media recipes and their executor.

Media bytes live in the dataset store's content-addressed blobs
(:mod:`jingshu.store.blobs`); rows hold their sha256.
"""

from __future__ import annotations

from jingshu.media.hashing import crop_hashes, dhash, hamming, phash
from jingshu.media.neardup import NearDuplicateIndex, crop_robust_groups, near_duplicate_groups

__all__ = ["NearDuplicateIndex", "crop_hashes", "crop_robust_groups", "dhash", "hamming",
           "near_duplicate_groups", "phash"]
