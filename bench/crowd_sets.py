"""The categorical real crowd sets in ../shared/data/crowd (see its SOURCES.md), loaded alike.

Each loader returns ``(tasks, workers, labels, truth)``: three equally long lists of
strings, one entry per answer row as it is in the file (repeated answers kept), and
task → true label for the items that have truth. Used by ``bench_aggregate.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["CROWD", "SETS", "load"]

CROWD = Path(__file__).resolve().parents[2] / "shared" / "data" / "crowd"
Rows = tuple[list[str], list[str], list[str], dict[str, str]]

SETS: dict[str, tuple[str, str]] = {
    "D_Product": ("zheng", "zheng_d_product"), "D_PosSent": ("zheng", "zheng_d_possent"),
    "S_Rel": ("zheng", "zheng_s_rel"), "S_Adult": ("zheng", "zheng_s_adult"),
    "Duck": ("zheng", "zheng_duck"), "Dog": ("zheng", "zheng_dog"),
    "Face": ("zheng", "zheng_face"),
    "RTE": ("snow", "snow2008/rte"), "Temp": ("snow", "snow2008/temp"),
    "WSD": ("snow", "snow2008/wsd"),
    "BarzanMozafari": ("gal", "gal_ipeirotis/BarzanMozafari|evaluation.txt"),
    "HITspam": ("gal", "gal_ipeirotis/HITspam-UsingCrowdflower|gold.txt"),
}  # fmt: skip
"""Set name → (file layout, location under CROWD)."""


def _rows(path: Path, delimiter: str) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.reader(f, delimiter=delimiter) if r]


def _zheng(where: str) -> Rows:
    rows = _rows(CROWD / where / "answer.csv", ",")[1:]
    truth = {r[0]: r[1] for r in _rows(CROWD / where / "truth.csv", ",")[1:]}
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], truth


def _snow(where: str) -> Rows:
    rows = _rows(CROWD / f"{where}.standardized.tsv", "\t")[1:]
    truth = {r[2]: r[4] for r in rows}
    return [r[2] for r in rows], [r[1] for r in rows], [r[3] for r in rows], truth


def _gal(where: str) -> Rows:
    folder, gold = where.split("|")
    rows = _rows(CROWD / folder / "labels.txt", "\t")
    truth = {r[0]: r[1] for r in _rows(CROWD / folder / gold, "\t")}
    return [r[1] for r in rows], [r[0] for r in rows], [r[2] for r in rows], truth


def load(name: str) -> Rows:
    """The answers and truth of one set.

    Args:
        name: a key of :data:`SETS`.
    """
    layout, where = SETS[name]
    return {"zheng": _zheng, "snow": _snow, "gal": _gal}[layout](where)
