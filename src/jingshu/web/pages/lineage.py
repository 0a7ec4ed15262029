"""Lay out a version's lineage as boxes and arrows for a server-rendered SVG.

Versions are placed in columns by generation (a version is one column right of its
furthest parent), top to bottom within a column; arrows run from parent to child, each
labelled with what made the child (the recipe, annotation project or job).
"""

from __future__ import annotations

from dataclasses import dataclass

from jingshu.catalog.service import Lineage, LineageNode
from jingshu.web.pages.render import page_url

__all__ = ["Arrow", "Box", "LineageDiagram", "layout"]

BOX_W, BOX_H = 190, 54
GAP_X, GAP_Y, PAD = 150, 22, 12
EDGE_LABEL_CHARS = 22


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    label: str  # "dataset@number"
    sub: str  # how it was made
    href: str
    current: bool


@dataclass(frozen=True)
class Arrow:
    x1: int
    y1: int
    x2: int
    y2: int
    label: str = ""  # what made the child, cut short
    title: str = ""  # the same, whole (a tooltip)

    @property
    def mid_x(self) -> int:
        return (self.x1 + self.x2) // 2

    @property
    def mid_y(self) -> int:
        return (self.y1 + self.y2) // 2 - 6


@dataclass(frozen=True)
class LineageDiagram:
    width: int
    height: int
    boxes: list[Box]
    arrows: list[Arrow]
    box_w: int = BOX_W
    box_h: int = BOX_H


def _generations(graph: Lineage) -> dict[str, int]:
    """Column of each version: 0 for versions without a parent in the graph."""
    parents: dict[str, list[str]] = {n.version_id: [] for n in graph.nodes}
    for parent, child in graph.edges:
        if child in parents and parent in parents:
            parents[child].append(parent)
    column: dict[str, int] = {}

    def place(vid: str, seen: frozenset[str]) -> int:
        if vid not in column:
            ups = [p for p in parents[vid] if p not in seen]
            column[vid] = 1 + max((place(p, seen | {vid}) for p in ups), default=-1)
        return column[vid]

    for vid in parents:
        place(vid, frozenset())
    return column


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def layout(graph: Lineage, current_id: str) -> LineageDiagram:
    """Boxes and arrows for ``graph``, with the version ``current_id`` highlighted."""
    column = _generations(graph)
    rows: dict[int, int] = {}
    where: dict[str, tuple[int, int]] = {}
    boxes: list[Box] = []
    for node in graph.nodes:
        col = column[node.version_id]
        row = rows.get(col, 0)
        rows[col] = row + 1
        x, y = PAD + col * (BOX_W + GAP_X), PAD + row * (BOX_H + GAP_Y)
        where[node.version_id] = (x, y)
        boxes.append(_box(node, x, y, node.version_id == current_id))
    made_by = {n.version_id: n.made_by for n in graph.nodes}
    arrows = [
        Arrow(where[p][0] + BOX_W, where[p][1] + BOX_H // 2, where[c][0] - 4,
              where[c][1] + BOX_H // 2, _short(made_by[c], EDGE_LABEL_CHARS), made_by[c])
        for p, c in graph.edges if p in where and c in where
    ]
    width = PAD * 2 + (max(column.values(), default=0) + 1) * (BOX_W + GAP_X) - GAP_X
    height = PAD * 2 + max(rows.values(), default=1) * (BOX_H + GAP_Y) - GAP_Y
    return LineageDiagram(width, height, boxes, arrows)


def _box(node: LineageNode, x: int, y: int, current: bool) -> Box:
    return Box(x, y, _short(f"{node.dataset}@{node.number}"), _short(node.made_by),
               page_url(f"/datasets/{node.dataset}", version=node.number), current)
