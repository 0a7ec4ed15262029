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
   raw-only columns dropped) that the demo admin approves as the second person;
5. the governance chain around them: a second organization ``jingshu-demo-lab``
   (示范应用实验室) with the consumer ``analyst`` (password in
   ``HOME/demo-analyst-password``) who can apply for the raw sample, whose security
   commitment and use agreement are written; a sandbox declaration on the raw sample
   (``source`` as a categorical column, so counts per source are released under
   differential privacy once a grant exists); and the annotation project
   ``zh-sample-topic`` over the cleaned corpus (one task per document).

:func:`demo_links` says where to click, for the command to print.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jingshu.accounts.models import Organization, Role, User
from jingshu.accounts.passwords import hash_password
from jingshu.accounts.service import create_organization, create_user
from jingshu.annotate.models import AnnotationProject, Item
from jingshu.annotate.projects import ProjectSpec, create_project
from jingshu.audit import record
from jingshu.catalog.importing import import_file
from jingshu.catalog.models import Dataset, DatasetVersion, VersionParent
from jingshu.catalog.regrade import approve_regrade, decider_of, request_regrade
from jingshu.catalog.rules import Grade, OpenTier, Protection, Sensitivity, protection_of
from jingshu.catalog.service import DatasetSpec, get_dataset, get_version
from jingshu.circulation.models import AgreementKind
from jingshu.circulation.requests import current_agreements, set_agreement
from jingshu.corpus.report import RunReport
from jingshu.errors import NotFoundError
from jingshu.jobs.dataset_run import run_recipe_on_dataset
from jingshu.platform import Platform
from jingshu.sandbox import SandboxDeclaration, declare, get_declaration
from jingshu.sandbox.spec import CategoricalDomain
from jingshu.store import Manifest

__all__ = ["ADMIN", "ANALYST", "CLEAN", "LAB", "ORGANIZATION", "PROJECT", "RAW", "RECIPE",
           "DemoDataset", "DemoLink", "DemoResult", "demo_links", "run_demo"]

ORGANIZATION = "jingshu-demo"
ORGANIZATION_TITLE = "精数示范数据中心"
ADMIN = "admin"
PASSWORD_FILE = "demo-admin-password"
LAB = "jingshu-demo-lab"
LAB_TITLE = "示范应用实验室"
ANALYST = "analyst"
ANALYST_PASSWORD_FILE = "demo-analyst-password"
PROJECT = "zh-sample-topic"
TOPICS = ("政务", "民生", "科技", "经济", "文化", "其他")
SANDBOX_COLUMN = "source"
COMMITMENT_TEXT = (
    "本单位承诺：仅在申请所述目的和场景内使用本数据；不尝试重新识别任何个人；"
    "不向第三方提供原始数据；发现数据泄露立即报告发布单位；使用期满后删除全部副本。")
USE_TEXT = (
    "开放利用协议：发布单位授权申请单位在批准的期限、字段和下载次数内使用本数据集。"
    "每份下载件带有数字水印，可追溯至领取人。衍生数据须注明来源，且保护级别不得低于本数据集。")
RECIPE = "zh-web"
ACTOR = "demo"
_BATCH_ROWS = 1000
# The sample's ground-truth columns describe the raw text, not the cleaned one, and
# ``pii`` holds the personal data itself: none of them may reach an L1 dataset.
RAW_ONLY_COLUMNS = frozenset({"defects", "dup_of", "family", "pii"})

RAW = DatasetSpec(
    name="zh-sample-raw", title="中文原始网页样本",
    description="为演示编写的中文网页原始文档，带有真实爬取数据常见的缺陷：重复、广告、"
    "页面模板残留、繁体字、乱码、拼音注音和（虚构的）个人信息。有条件开放：签署安全承诺书"
    "和开放利用协议并经审核后可用。",
    organization=ORGANIZATION, theme="语料", keywords=("中文", "网页", "原始语料", "示范"),
    license="CC-BY-4.0", open_tier=OpenTier.CONDITIONAL, grade=Grade.GENERAL,
    sensitivity=Sensitivity.L2,
)
CLEAN = DatasetSpec(
    name="zh-sample-clean", title="高质量中文语料（示范）",
    description=f"用 {RECIPE} 语料配方清洗后的原始样本：修复乱码、繁体转简体、去除页面"
    "模板和广告、个人信息脱敏、过滤并去重。无条件开放。",
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
    analyst: str = ANALYST
    analyst_password: str = ""
    analyst_password_file: Path | None = None
    project: str = PROJECT
    project_items: int = 0


@dataclass(frozen=True)
class DemoLink:
    """A page of the demo chain: what it shows, its path, and who should be signed in."""

    what: str
    path: str
    who: str | None


def demo_links() -> list[DemoLink]:
    """Where to click, in the order of the chain (``who`` None: anyone)."""
    raw, clean = f"/datasets/{RAW.name}", f"/datasets/{CLEAN.name}"
    return [
        DemoLink("cleaned corpus (open to everyone, with lineage)", clean, None),
        DemoLink("raw sample (conditional)", raw, None),
        DemoLink("apply for the raw sample", f"{raw}/apply", ANALYST),
        DemoLink("review applications", "/review", ADMIN),
        DemoLink("agreements", f"{raw}/agreements", ADMIN),
        DemoLink("sandbox declaration", f"{raw}/sandbox/declaration", ADMIN),
        DemoLink("DP sandbox (query once the application is approved)", f"{raw}/sandbox",
                 ANALYST),
        DemoLink("annotation project", f"/projects/{PROJECT}", ADMIN),
        DemoLink("grants and watermarked downloads", "/grants", ANALYST),
    ]


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
    password, password_file = _ensure_user(platform, ADMIN, Role.ADMIN, ORGANIZATION,
                                           "示范管理员", PASSWORD_FILE)
    with platform.session() as s:
        if s.scalar(select(Organization.id).where(Organization.name == LAB)) is None:
            create_organization(s, LAB, LAB_TITLE, actor=ACTOR)
    analyst, analyst_file = _ensure_user(platform, ANALYST, Role.CONSUMER, LAB, "示范分析员",
                                         ANALYST_PASSWORD_FILE)
    raw = _ensure_raw(platform, sample)
    clean, report = _ensure_clean(platform, raw, progress=progress)
    with platform.session() as s:
        _ensure_agreements(s)
        _ensure_sandbox(s, platform)
        items = _ensure_project(s, platform)
        s.commit()
    return DemoResult(url=f"http://{platform.settings.bind}", admin=ADMIN, password=password,
                      password_file=password_file, raw=raw, clean=clean, report=report,
                      analyst_password=analyst, analyst_password_file=analyst_file,
                      project_items=items)


def _ensure_organization(s: Session) -> None:
    query = select(Organization.id).where(Organization.name == ORGANIZATION)
    if s.scalar(query) is None:
        create_organization(s, ORGANIZATION, ORGANIZATION_TITLE, actor=ACTOR)


def _ensure_user(platform: Platform, username: str, role: Role, organization: str,
                 display_name: str, password_file: str) -> tuple[str, Path]:
    """The user's password, from its file or freshly made (then written, mode 0600)."""
    path = platform.settings.home / password_file
    password = path.read_text(encoding="utf-8").strip() if path.exists() else ""
    fresh = not password
    if fresh:
        password = secrets.token_urlsafe(12)
        path.touch(mode=0o600)
        path.chmod(0o600)
        path.write_text(password + "\n", encoding="utf-8")
    with platform.session() as s:
        user = s.scalar(select(User).where(User.username == username))
        if user is None:
            create_user(s, username, password, role, actor=ACTOR, organization=organization,
                        display_name=display_name)
        elif fresh:  # the file was lost: the old password is unknown, set the new one
            user.password_hash = hash_password(password)
            record(s, ACTOR, "user.password_reset", f"user:{username}")
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


def _ensure_agreements(s: Session) -> None:
    """The raw sample's two texts, so that it can be applied for."""
    dataset = get_dataset(s, RAW.name)
    texts = current_agreements(s, dataset)
    for kind, text in ((AgreementKind.COMMITMENT, COMMITMENT_TEXT),
                       (AgreementKind.USE, USE_TEXT)):
        if texts[kind] is None:
            set_agreement(s, dataset, kind, text, actor=ADMIN)


def _ensure_sandbox(s: Session, platform: Platform) -> None:
    """Declare the raw sample's ``source`` column (its values as stored) for DP counts."""
    dataset = get_dataset(s, RAW.name)
    try:
        get_declaration(s, dataset)
        return
    except NotFoundError:
        pass
    stored = platform.store.open(get_version(s, RAW.name).location)
    values = sorted({str(v) for batch in stored.iter_batches(columns=[SANDBOX_COLUMN])
                     for v in batch.column(0).to_pylist() if v is not None})
    declaration = SandboxDeclaration(
        columns={SANDBOX_COLUMN: CategoricalDomain(values=values)}, epsilon_total=3.0,
        max_epsilon_per_query=1.0, min_count=5)
    declare(s, dataset, declaration, actor=ADMIN)


def _ensure_project(s: Session, platform: Platform) -> int:
    """A single-label topic project over the cleaned corpus; its number of tasks."""
    project = s.scalar(select(AnnotationProject).where(AnnotationProject.name == PROJECT))
    if project is None:
        spec = ProjectSpec(
            name=PROJECT, title="示范：中文文档主题标注",
            label_schema={"kind": "single", "labels": list(TOPICS), "field": "text"},
            instructions="阅读文档，选择最符合其内容的主题；拿不准时选“其他”。", overlap=2)
        project = create_project(s, platform.store, get_version(s, CLEAN.name), spec,
                                 actor=ADMIN)
    return s.scalar(select(func.count()).where(Item.project_id == project.id)) or 0
