"""Helpers for the annotation tests: members and a loop that labels everything."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jingshu.annotate.answers import submit_answer
from jingshu.annotate.assignment import next_item
from jingshu.annotate.models import AnnotationProject
from jingshu.annotate.projects import get_project, join_project
from jingshu.platform import Platform


def join(platform: Platform, project: str, *annotators: str) -> None:
    with platform.session() as s:
        p = get_project(s, project)
        for a in annotators:
            join_project(s, p, a, actor=a)


def label_all(platform: Platform, project: str, annotator: str,
              answer: Callable[[dict[str, Any]], Any] = lambda row: "正面") -> int:
    """Let ``annotator`` fetch and answer until nothing is left; returns answers given.

    ``answer`` gets the item as an annotator sees it (the schema's columns) and its
    row key as ``id``."""
    given = 0
    while True:
        with platform.session() as s:
            p: AnnotationProject = get_project(s, project)
            got = next_item(s, p, annotator)
            if got is None:
                return given
            submit_answer(s, p, annotator, got.lease_id, answer(got.data | {"id": got.row_key}))
            given += 1
