"""Draw the LSH S-curves of near-duplicate removal into docs/images/dedup_s_curve.png.

usage: python scripts/plot_dedup_scurve.py
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from jingshu.corpus.dedup.config import NearDedupConfig, candidate_probability

OUT = Path(__file__).resolve().parents[1] / "docs" / "images" / "dedup_s_curve.png"
CONFIGS = [
    ("threshold 0.7, 128 perms", NearDedupConfig(threshold=0.7)),
    ("threshold 0.5, 128 perms, verify (zh-web)", NearDedupConfig(threshold=0.5, verify=True)),
    ("threshold 0.8, 256 perms", NearDedupConfig(threshold=0.8, num_perm=256)),
]


def main() -> None:
    """Write the PNG."""
    s = np.linspace(0, 1, 201)
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    for label, config in CONFIGS:
        bands, rows = config.band_rows
        ax.plot(s, candidate_probability(s, bands, rows), label=f"{label}: {bands}x{rows}")
        ax.axvline(config.threshold, color="0.8", linewidth=0.8)
    ax.set_xlabel("Jaccard similarity of 5-character shingle sets")
    ax.set_ylabel("probability of becoming a candidate pair")
    ax.set_title("LSH S-curves: 1 - (1 - s^rows)^bands")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT, dpi=110)


if __name__ == "__main__":
    main()
