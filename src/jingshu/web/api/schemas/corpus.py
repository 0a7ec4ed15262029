"""Bodies of the corpus endpoints: term shares over a dataset version, recipe runs."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from jingshu.corpus.report import RunReport
from jingshu.corpus.term_stats import TermStats
from jingshu.jobs.run_models import CorpusRun, RunStatus
from jingshu.jobs.runs import RunRequest

__all__ = ["CorpusRunIn", "CorpusRunOut", "RunSummaryOut", "TermShareOut", "TermStatsOut"]


class TermShareOut(BaseModel):
    term: str
    documents: int
    share: float


class TermStatsOut(BaseModel):
    """Share of the version's documents that contain each term, in the order asked."""

    dataset: str
    number: int
    documents: int
    terms: list[TermShareOut]

    @classmethod
    def of(cls, stats: TermStats) -> TermStatsOut:
        return cls(dataset=stats.dataset, number=stats.version, documents=stats.documents,
                   terms=[TermShareOut(term=t.term, documents=t.documents, share=t.share)
                          for t in stats.terms])


class CorpusRunIn(BaseModel):
    """A recipe run to queue."""

    recipe: str = Field(min_length=1, max_length=100_000,
                        description="built-in recipe name (zh-web, zh-docs, zh-sft; for "
                        "media datasets img-release, img-text, audio-speech) or the recipe's "
                        "YAML text (a media recipe has a `media` key)")
    source: str = Field(min_length=1, max_length=160, examples=["zh-news@1"],
                        description="input version, NAME@VERSION")
    target: str = Field(min_length=1, max_length=128,
                        description="dataset that gets the output version; created when "
                        "missing")
    workers: int = Field(1, ge=1, description="worker processes of the run (1 to 32), as "
                         "`jingshu corpus run --workers`")

    def to_request(self) -> RunRequest:
        return RunRequest(self.recipe, self.source, self.target, self.workers)


class RunSummaryOut(BaseModel):
    """The run report in brief (the full report is on the version's page)."""

    docs_in: int
    docs_out: int
    errors: int
    seconds: float
    drops: dict[str, int]

    @classmethod
    def of(cls, report: RunReport) -> RunSummaryOut:
        return cls(docs_in=report.docs_in, docs_out=report.docs_out, errors=report.errors,
                   seconds=report.seconds, drops=report.drops)


class CorpusRunOut(BaseModel):
    """A run: its status, documents read so far and, once succeeded, what it made."""

    id: int
    status: RunStatus
    recipe: str
    recipe_yaml: str
    source: str
    target: str
    workers: int
    progress: int = Field(description="documents read so far")
    version: int | None = Field(description="the version of target the run published")
    version_url: str | None = Field(description="API URL of the published version")
    report_url: str | None = Field(description="portal page with the processing report")
    summary: RunSummaryOut | None
    error: str
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    job: int | None = Field(default=None, description="the job executing it: /api/v1/jobs/{job} "
                            "(progress %, ETA, cancel)")

    @classmethod
    def of(cls, run: CorpusRun) -> CorpusRunOut:
        made = run.version_number
        return cls(
            id=run.id, status=run.status, recipe=run.recipe_name, recipe_yaml=run.recipe_yaml,
            source=run.source_ref, target=run.target_name, workers=run.workers,
            progress=run.progress, version=made,
            version_url=None if made is None
            else f"/api/v1/datasets/{run.target_name}/versions/{made}",
            report_url=None if made is None
            else f"/datasets/{run.target_name}?version={made}#processing-report",
            summary=RunSummaryOut.of(RunReport.from_dict(run.report)) if run.report else None,
            error=run.error, created_by=run.created_by, created_at=run.created_at,
            started_at=run.started_at, finished_at=run.finished_at, job=run.job_id)
