"""The processing report of a version made by a corpus recipe, on the dataset page.

Where the report lives: a catalog run stores the run report's JSON (with its
histogram counts) in the version's provenance, inside the immutable manifest next to
the recipe YAML (:mod:`jingshu.jobs.dataset_run`). The report is part of the
version and is never written again; the plots are drawn on demand from those counts
by :func:`report_plot`, so no image files need to live beside the database and any
store (local folder or object storage) works.

Rights: the numbers and plots are aggregates and follow :meth:`DatasetPolicy.view`;
the text snippets of dropped documents are data, shown only to viewers who may
download the dataset.

``GET /datasets/{name}/versions/{number}/report/{plot}.png`` draws one plot
(``steps``, ``length``, ``cjk_ratio``, ``fluency``, ``char_repetition``; a media run's
``media-COLUMN`` histograms), and ``…/report/media/{sha256}`` a thumbnail of a media
run's example image (download policy, as snippets).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from fastapi import APIRouter
from fastapi.responses import Response

from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.service import get_dataset, get_version, open_version
from jingshu.corpus.report import RunReport
from jingshu.corpus.report_plot import plot_png, plots_of
from jingshu.errors import NotFoundError
from jingshu.platform import Platform
from jingshu.web.deps import DbSession, PlatformDep, Viewer
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["DropExample", "OperatorRow", "ReportView", "processing_report", "router"]

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class OperatorRow:
    """One operator's line in the report table."""

    name: str
    kind: str
    docs_in: int
    docs_out: int
    drops: str
    seconds: float


@dataclass(frozen=True)
class DropExample:
    """A drop reason with its count and a few example snippets (empty when hidden)."""

    operator: str
    reason: str
    documents: int
    snippets: tuple[str, ...]
    thumbnails: tuple[tuple[str, str], ...] = ()
    """A media run's examples: (thumbnail URL, caption: the row id, or "≈ id" for the
    kept image a near duplicate was dropped for)."""


@dataclass(frozen=True)
class ReportView:
    """What the "processing report" section shows.

    Args:
        recipe: Recipe name.
        docs_in: Documents read.
        docs_out: Documents kept.
        errors: Unreadable records.
        seconds: Run time.
        operators: One row per operator.
        drops: Drop reasons, most frequent first.
        plots: Plot names to request from the plot route.
        sampled: Documents measured for the histograms.
        media: A media run's report (its plots are the media columns' histograms).
    """

    recipe: str
    docs_in: int
    docs_out: int
    errors: int
    seconds: float
    operators: tuple[OperatorRow, ...]
    drops: tuple[DropExample, ...]
    plots: tuple[str, ...]
    sampled: int
    media: bool = False


def _stored_report(platform: Platform, version: DatasetVersion) -> RunReport | None:
    if version.made_by_kind != "recipe":
        return None
    detail = dict(open_version(platform.store, version).manifest.made_by.detail)
    raw = detail.get("report")
    return RunReport.from_dict(json.loads(raw)) if raw else None


def processing_report(platform: Platform, version: DatasetVersion, *,
                      show_snippets: bool) -> ReportView | None:
    """The report view of ``version``, or ``None`` when no recipe made it.

    Args:
        platform: The opened platform (its store holds the manifest).
        version: The dataset version shown.
        show_snippets: Include dropped documents' text (the viewer may download).
    """
    report = _stored_report(platform, version)
    if report is None:
        return None
    rows = tuple(
        OperatorRow(op.name, op.kind, op.docs_in, op.docs_out,
                    ", ".join(f"{r}: {n}" for r, n in sorted(op.drops.items())), op.seconds)
        for op in report.operators)
    base = f"/datasets/{version.dataset.name}/versions/{version.number}/report/media"
    drops = sorted(
        (DropExample(op.name, reason, n,
                     tuple(op.snippets.get(reason, [])) if show_snippets else (),
                     _thumbnails(report, op.examples.get(reason, []), base)
                     if show_snippets else ())
         for op in report.operators for reason, n in op.drops.items()),
        key=lambda d: -d.documents)
    return ReportView(report.recipe, report.docs_in, report.docs_out, report.errors,
                      report.seconds, rows, tuple(drops), plots_of(report),
                      report.profile.sampled, bool(report.media))


def _thumbnails(report: RunReport, ids: list[str], base: str) -> tuple[tuple[str, str], ...]:
    media = report.media
    if not media or not str(media.get("column", "")).startswith("image"):
        return ()
    files, keeper_of = media.get("examples", {}), media.get("duplicate_of", {})
    out: list[tuple[str, str]] = []
    for doc_id in ids:
        if doc_id in files:
            out.append((f"{base}/{files[doc_id]}", doc_id))
            keeper = keeper_of.get(doc_id)
            if keeper in files:
                out.append((f"{base}/{files[keeper]}", f"≈ {keeper}"))
    return tuple(out)


@router.get("/datasets/{name}/versions/{number}/report/{plot}.png")
def report_plot(name: str, number: int, plot: str, session: DbSession,
                who: Viewer,
                platform: PlatformDep) -> Response:
    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.view(dataset))
    version = get_version(session, name, number)
    report = _stored_report(platform, version)
    if report is None:
        raise NotFoundError(f"version {number} of {name!r} was not made by a recipe",
                            hint="only versions made by `jingshu corpus run` have a report")
    if plot not in plots_of(report):
        raise NotFoundError(f"report plot {plot!r} is not known",
                            hint="use one of: " + ", ".join(plots_of(report)))
    return Response(plot_png(report, plot), media_type="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})


@router.get("/datasets/{name}/versions/{number}/report/media/{sha}")
def report_media(name: str, number: int, sha: str, session: DbSession, who: Viewer,
                 platform: PlatformDep) -> Response:
    """A 160 px thumbnail of an image the report keeps as an example (dropped rows'
    files are named by no published version, so the report vouches for them). Seeing
    an example is seeing the data: the download policy applies, as for snippets."""
    from jingshu.media.thumbnails import cached_thumbnail  # Pillow: lazily

    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.download(dataset))
    report = _stored_report(platform, get_version(session, name, number))
    media = report.media if report is not None else {}
    if sha not in media.get("examples", {}).values() or not str(
            media.get("column")).startswith("image"):
        raise NotFoundError(f"the report of {name}@{number} keeps no example image {sha}",
                            hint="take the link from the report's examples")
    return Response(cached_thumbnail(platform.store.blobs(), sha, 160, "jpeg"),
                    media_type="image/jpeg", headers={"Cache-Control": "private, max-age=600"})
