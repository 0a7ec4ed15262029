"""/datasets/{name}/versions/{number}/stats: share of documents containing each term.

Counting terms reads every document's text, so the download policy applies, as for
the preview.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jingshu.catalog.service import open_version
from jingshu.corpus.term_stats import term_stats
from jingshu.web.api.handlers.versions import load_version
from jingshu.web.api.schemas.corpus import TermStatsOut
from jingshu.web.deps import DbSession, PlatformDep, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["router"]

router = APIRouter(prefix="/datasets/{name}/versions", tags=["corpus"])


@router.get("/{number}/stats")
def stats(name: str, number: str, who: Who, session: DbSession, platform: PlatformDep,
          terms: Annotated[str, Query(min_length=1, max_length=2000,
                                      description="terms separated by commas")]) -> TermStatsOut:
    """Share of the version's documents that contain each of ``terms`` (``A,B``)."""
    version = load_version(session, name, number)
    authorize(who, DatasetPolicy.download(version.dataset))
    result = term_stats(open_version(platform.store, version), version.number, terms)
    return TermStatsOut.of(result)
