"""The README.md dataset card written with a Hugging Face export.

YAML front matter in the Hub's dataset-card vocabulary (``pretty_name``, ``license``,
``language``, ``task_categories``, ``size_categories``, ``source_datasets``, the
``default`` config), then the description, a summary of the version and, when the
version has one, its quality profile.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from jingshu.store.manifest import Manifest

__all__ = ["CardMeta", "dataset_card", "hf_license", "size_category"]

_CONFIGS = [{"config_name": "default", "data_files": [{"split": "train",
                                                        "path": "data/*.parquet"}]}]
# the Hub's size_categories: n<1K, 1K<n<10K, ... n>1T
_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
          (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"),
          (1_000_000_000, "100M<n<1B"), (10_000_000_000, "1B<n<10B"),
          (100_000_000_000, "10B<n<100B"), (1_000_000_000_000, "100B<n<1T"))
# SPDX identifiers to the Hub's licence ids (lowercase); others become "other"
_LICENSES = {"apache-2.0", "mit", "cc0-1.0", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0",
             "cc-by-nc-sa-4.0", "cc-by-sa-3.0", "cc-by-3.0", "odc-by", "odbl", "pddl",
             "gpl-3.0", "lgpl-3.0", "bsd-3-clause", "bsd-2-clause", "cc-by-nd-4.0",
             "cc-by-nc-nd-4.0", "openrail", "unknown"}


@dataclass(frozen=True)
class CardMeta:
    """What the catalog knows about the dataset, for the card's metadata.

    Args:
        title: the dataset's title (``pretty_name``).
        description: its description (Markdown, the card's body).
        license: an SPDX identifier such as ``CC-BY-SA-4.0``; empty if unknown.
        languages: ISO 639-1 codes (``zh``).
        task_categories: Hub task ids (``text-generation``).
        source_datasets: ``original``, or ``extended|NAME`` per parent dataset.
        profile_markdown: the quality profile as Markdown (empty: none).
    """

    title: str = ""
    description: str = ""
    license: str = ""
    languages: tuple[str, ...] = ()
    task_categories: tuple[str, ...] = ()
    source_datasets: tuple[str, ...] = ("original",)
    profile_markdown: str = ""


def size_category(rows: int) -> str:
    """The Hub's ``size_categories`` value for ``rows`` rows."""
    for bound, label in _SIZES:
        if rows < bound:
            return label
    return "n>1T"


def hf_license(spdx: str) -> tuple[str, str | None]:
    """(Hub licence id, ``license_name`` when the id is ``other``)."""
    if not spdx.strip():
        return "unknown", None
    lowered = spdx.strip().lower()
    return (lowered, None) if lowered in _LICENSES else ("other", spdx.strip())


def _front_matter(manifest: Manifest, meta: CardMeta) -> str:
    licence, licence_name = hf_license(meta.license)
    data: dict[str, object] = {"pretty_name": meta.title or manifest.dataset,
                               "license": licence}
    if licence_name:
        data["license_name"] = licence_name
    if meta.languages:
        data["language"] = list(meta.languages)
    if meta.task_categories:
        data["task_categories"] = list(meta.task_categories)
    data["size_categories"] = [size_category(manifest.rows)]
    data["source_datasets"] = list(meta.source_datasets)
    data["configs"] = _CONFIGS
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return f"---\n{body}---\n"


def dataset_card(manifest: Manifest, meta: CardMeta | None = None) -> str:
    """A dataset card: YAML front matter, then the description and a summary.

    Args:
        manifest: the exported version's manifest.
        meta: the catalog's metadata; without it only the manifest is described.
    """
    meta = meta or CardMeta()
    fields = "\n".join(f"| `{f.name}` | `{f.type}` | {f.nullable} |" for f in manifest.fields)
    parents = ", ".join(manifest.parents) or "—"
    description = f"{meta.description.strip()}\n\n" if meta.description.strip() else ""
    profile = f"\n## Quality profile\n\n{meta.profile_markdown}" if meta.profile_markdown \
        else ""
    return (
        f"{_front_matter(manifest, meta)}\n# {meta.title or manifest.dataset}\n\n"
        f"{description}"
        f"Exported by jingshu (精数) from `{manifest.dataset}` version "
        f"`{manifest.version_id}`.\n\n"
        f"- rows: {manifest.rows}\n"
        f"- created: {manifest.created_at} by {manifest.creator}\n"
        f"- made by: {manifest.made_by.kind} `{manifest.made_by.source}`\n"
        f"- parent versions: {parents}\n\n"
        "| field | type | nullable |\n|---|---|---|\n"
        f"{fields}\n{profile}"
    )
