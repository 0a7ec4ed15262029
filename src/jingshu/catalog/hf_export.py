"""Export a catalogued version as a Hugging Face folder whose card carries the catalog's
metadata: title, description, licence, languages, task categories, size category,
source datasets (the version's lineage) and the quality profile."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.catalog.models import DatasetVersion, VersionParent
from jingshu.catalog.quality import version_profile
from jingshu.catalog.rules import Modality
from jingshu.profiles.markdown import profile_markdown
from jingshu.store import DatasetStore, export_hf
from jingshu.store.hf_card import CardMeta
from jingshu.store.media_export import export_hf_media, media_column

__all__ = ["MODALITY_TASKS", "card_meta", "export_hf_version"]

MODALITY_TASKS = {Modality.TEXT: "text-generation", Modality.TABULAR: "tabular-classification",
                  Modality.IMAGE: "image-classification",
                  Modality.AUDIO: "automatic-speech-recognition",
                  Modality.MULTIMODAL: "image-to-text"}
"""The task category a dataset gets when none of its keywords is a Hub task id."""
_HUB_TASKS = frozenset({
    "text-generation", "text-classification", "token-classification", "question-answering",
    "summarization", "translation", "fill-mask", "sentence-similarity", "text2text-generation",
    "zero-shot-classification", "feature-extraction", "table-question-answering",
    "tabular-classification", "tabular-regression", "image-classification",
    "object-detection", "image-to-text", "automatic-speech-recognition",
    "audio-classification", "text-retrieval", "conversational"})


def card_meta(session: Session, store: DatasetStore, version: DatasetVersion) -> CardMeta:
    """The card's metadata from the catalog, the lineage and the version's profile."""
    ds = version.dataset
    tasks = tuple(k for k in ds.keywords if k in _HUB_TASKS) or (MODALITY_TASKS[ds.modality],)
    parents = session.scalars(select(DatasetVersion).join(
        VersionParent, VersionParent.parent_id == DatasetVersion.id)
        .where(VersionParent.version_id == version.id)).all()
    sources = tuple(sorted({f"extended|{p.dataset.name}" for p in parents
                            if p.dataset_id != ds.id})) or ("original",)
    profile = version_profile(store, version)
    return CardMeta(title=ds.title, description=ds.description, license=ds.license,
                    languages=tuple(ds.languages), task_categories=tasks,
                    source_datasets=sources, profile_markdown=profile_markdown(profile))


def export_hf_version(session: Session, store: DatasetStore, version: DatasetVersion,
                      out_dir: str) -> int:
    """:func:`jingshu.store.export_hf` with the catalog's card metadata; rows written.

    A media version's files go inline (``Image``/``Audio`` features,
    :func:`jingshu.store.media_export.export_hf_media`) with the same card."""
    stored = store.open(version.location)
    if media_column(stored.schema()) is not None:
        return export_hf_media(stored, out_dir, card_meta(session, store, version))
    return export_hf(stored, out_dir, card_meta(session, store, version))
