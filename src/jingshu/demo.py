"""The one-command demo: a catalog with a raw Chinese sample and its cleaned corpus.

:func:`run_demo` is a use case like any other; ``jingshu demo`` only prints its result
and serves the portal. Every step reuses what a previous run made, so running it
again changes nothing:

1. the organization ``jingshu-demo`` (精数示范数据中心);
2. the demo admin ``admin``, whose random password is kept in ``HOME/demo-admin-password``;
3. the bundled sample (:data:`jingshu.sample.SAMPLE_PATH`) imported as ``zh-sample-raw``
   (conditional, general/L2: it holds personal data);
4. the ``zh-web`` corpus recipe run over it and the result published as
   ``zh-sample-clean`` with lineage to the raw version and the run report in the
   version's provenance. Lineage carries protection, so it is published at the raw
   data's protection (conditional, general/L2), then declassified to unconditional,
   general/L1 the governed way: a regrade request by ``demo`` (personal data redacted,
   raw-only columns dropped) that the demo admin approves as the second person.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.accounts.models import Organization, Role, User
from jingshu.accounts.passwords import hash_password
from jingshu.accounts.service import create_organization, create_user
from jingshu.audit import record
from jingshu.catalog.importing import import_file
from jingshu.catalog.models import Dataset, DatasetVersion, VersionParent
from jingshu.catalog.regrade import approve_regrade, decider_of, request_regrade
from jingshu.catalog.rules import Grade, OpenTier, Protection, Sensitivity, protection_of
from jingshu.catalog.service import DatasetSpec
from jingshu.corpus.report import RunReport
from jingshu.jobs.dataset_run import run_recipe_on_dataset
from jingshu.platform import Platform
from jingshu.store import Manifest

__all__ = ["ADMIN", "CLEAN", "ORGANIZATION", "RAW", "RECIPE", "DemoDataset", "DemoResult",
           "run_demo"]

ORGANIZATION = "jingshu-demo"
ORGANIZATION_TITLE = "精数示范数据中心"
ADMIN = "admin"
PASSWORD_FILE = "demo-admin-password"
RECIPE = "zh-web"
ACTOR = "demo"
_BATCH_ROWS = 1000
# The sample's ground-truth columns describe the raw text, not the cleaned one, and
# ``pii`` holds the personal data itself: none of them may reach an L1 dataset.
RAW_ONLY_COLUMNS = frozenset({"defects", "dup_of", "family", "pii"})

RAW = DatasetSpec(
    name="zh-sample-raw", title="中文原始网页样本",
    description="Raw Chinese web documents written for the demo, with the defects real "
    "crawls have: duplicates, ads, boilerplate, traditional characters, mojibake, pinyin "
    "glosses and (fictitious) personal data.",
    organization=ORGANIZATION, theme="语料", keywords=("中文", "网页", "原始语料", "示范"),
    license="CC-BY-4.0", open_tier=OpenTier.CONDITIONAL, grade=Grade.GENERAL,
    sensitivity=Sensitivity.L2,
)
CLEAN = DatasetSpec(
    name="zh-sample-clean", title="高质量中文语料（示范）",
    description=f"The raw sample cleaned by the {RECIPE} corpus recipe: repaired, "
    "converted to simplified Chinese, boilerplate and ads removed, personal data "
    "redacted, filtered and deduplicated.",
    organization=ORGANIZATION, theme="语料", keywords=("中文", "语料", "预训练", "示范"),
    license="CC-BY-4.0", open_tier=OpenTier.UNCONDITIONAL, grade=Grade.GENERAL,
    sensitivity=Sensitivity.L1,
)


@dataclass(frozen=True)
class DemoDataset:
    """One demo dataset version: ``ref`` is ``NAME@NUMBER``; ``created`` by this run."""

    ref: str
    version_id: str
    rows: int
    created: bool


@dataclass(frozen=True)
class DemoResult:
    """What the demo made or found, and how to log in."""

    url: str
    admin: str
    password: str
    password_file: Path
    raw: DemoDataset
    clean: DemoDataset
    report: RunReport


def run_demo(platform: Platform, *, progress: bool = True,
             sample: Path | None = None) -> DemoResult:
    """Set up (or find) the demo organization, admin and the two datasets.

    Args:
        platform: an opened, migrated platform.
        progress: show a progress bar while the recipe runs.
        sample: a JSONL file of documents (``id``, ``text``) to use instead of the
            bundled sample.
    """
    with platform.session() as s:
        _ensure_organization(s)
    password, password_file = _ensure_admin(platform)
    raw = _ensure_raw(platform, sample)
    clean, report = _ensure_clean(platform, raw, progress=progress)
    return DemoResult(url=f"http://{platform.settings.bind}", admin=ADMIN, password=password,
                      password_file=password_file, raw=raw, clean=clean, report=report)


def _ensure_organization(s: Session) -> None:
    query = select(Organization.id).where(Organization.name == ORGANIZATION)
    if s.scalar(query) is None:
        create_organization(s, ORGANIZATION, ORGANIZATION_TITLE, actor=ACTOR)


def _ensure_admin(platform: Platform) -> tuple[str, Path]:
    """The admin's password, from its file or freshly made (then written, mode 0600)."""
    path = platform.settings.home / PASSWORD_FILE
    password = path.read_text(encoding="utf-8").strip() if path.exists() else ""
    fresh = not password
    if fresh:
        password = secrets.token_urlsafe(12)
        path.touch(mode=0o600)
        path.chmod(0o600)
        path.write_text(password + "\n", encoding="utf-8")
    with platform.session() as s:
        user = s.scalar(select(User).where(User.username == ADMIN))
        if user is None:
            create_user(s, ADMIN, password, Role.ADMIN, actor=ACTOR, organization=ORGANIZATION,
                        display_name="示范管理员")
        elif fresh:  # the file was lost: the old password is unknown, set the new one
            user.password_hash = hash_password(password)
            record(s, ACTOR, "user.password_reset", f"user:{ADMIN}")
    return password, path


def _dataset(s: Session, name: str) -> Dataset | None:
    return s.scalar(select(Dataset).where(Dataset.name == name))


def _described(version: DatasetVersion, created: bool) -> DemoDataset:
    return DemoDataset(f"{version.dataset.name}@{version.number}", version.id, version.rows,
                       created)


def _ensure_raw(platform: Platform, sample: Path | None) -> DemoDataset:
    if sample is None:
        from jingshu.sample import SAMPLE_PATH

        sample = Path(SAMPLE_PATH)
    with platform.session() as s:
        existing = _dataset(s, RAW.name)
        if existing is not None and existing.versions:
            return _described(existing.versions[-1], created=False)
        version = import_file(s, platform.store, str(sample), spec=RAW, creator=ACTOR,
                              append=existing is not None)
        return _described(version, created=True)


def _ensure_clean(platform: Platform, raw: DemoDataset, *,
                  progress: bool) -> tuple[DemoDataset, RunReport]:
    with platform.session() as s:
        made = s.scalar(
            select(DatasetVersion)
            .join(VersionParent, VersionParent.version_id == DatasetVersion.id)
            .join(Dataset)
            .where(Dataset.name == CLEAN.name, VersionParent.parent_id == raw.version_id)
        )
        if made is not None:
            return _described(made, created=False), _stored_report(made)
    least = protection_of([RAW])
    version, report = run_recipe_on_dataset(
        platform, RECIPE, raw.ref, CLEAN.name, creator=ACTOR, progress=progress,
        target_spec=replace(CLEAN, open_tier=least.open_tier, grade=least.grade,
                            sensitivity=least.sensitivity),
        drop_columns=RAW_ONLY_COLUMNS)
    _declassify(platform)
    return _described(version, created=True), report


def _declassify(platform: Platform) -> None:
    """Open the cleaned corpus as CLEAN says: requested by the demo, approved by its admin."""
    with platform.session() as s:
        dataset = s.scalar(select(Dataset).where(Dataset.name == CLEAN.name))
        target = Protection(CLEAN.open_tier, CLEAN.grade, CLEAN.sensitivity)
        if dataset is None or Protection(dataset.open_tier, dataset.grade,
                                         dataset.sensitivity) == target:
            return
        request = request_regrade(
            s, dataset, target, actor=ACTOR,
            reason=f"the {RECIPE} recipe redacted the personal data and the raw-only "
            f"columns ({', '.join(sorted(RAW_ONLY_COLUMNS))}) were dropped")
        approve_regrade(s, request, decider_of(s, ADMIN), note="示范：已脱敏，可无条件开放")
        s.commit()


def _stored_report(version: DatasetVersion) -> RunReport:
    detail = dict(Manifest.from_json(version.manifest).made_by.detail)
    return RunReport.from_dict(json.loads(detail["report"])) if "report" in detail \
        else RunReport(recipe=RECIPE)
