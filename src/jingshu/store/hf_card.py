"""The README.md dataset card written with a Hugging Face export."""

from __future__ import annotations

from jingshu.store.manifest import Manifest

__all__ = ["dataset_card"]

_FRONT_MATTER = """---
configs:
- config_name: default
  data_files:
  - split: train
    path: data/*.parquet
---
"""


def dataset_card(manifest: Manifest) -> str:
    """A dataset card: YAML front matter with the default config, then a summary.

    Args:
        manifest: the exported version's manifest.
    """
    fields = "\n".join(f"| `{f.name}` | `{f.type}` | {f.nullable} |" for f in manifest.fields)
    parents = ", ".join(manifest.parents) or "—"
    return (
        f"{_FRONT_MATTER}\n# {manifest.dataset}\n\n"
        f"Exported by jingshu (精数) from version `{manifest.version_id}`.\n\n"
        f"- rows: {manifest.rows}\n"
        f"- created: {manifest.created_at} by {manifest.creator}\n"
        f"- made by: {manifest.made_by.kind} `{manifest.made_by.source}`\n"
        f"- parent versions: {parents}\n\n"
        "| field | type | nullable |\n|---|---|---|\n"
        f"{fields}\n"
    )
