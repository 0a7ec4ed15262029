"""The catalog as linked data through the facade: DCAT and Croissant, as the API gives
them to the acting user (quality profiles' row content and media files only where the
download policy allows; the operator sees everything)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jingshu.catalog.croissant_media import media_files
from jingshu.catalog.linkeddata import catalog_dcat, dataset_croissant
from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.quality import exported_profile
from jingshu.catalog.service import get_version, open_version
from jingshu.profiles import VersionProfile
from jingshu.web.policies.datasets import DatasetPolicy

if TYPE_CHECKING:
    from jingshu.facade.client import Client

__all__ = ["croissant_of", "dcat_of"]


def _base_url(client: Client, base_url: str | None) -> str:
    return base_url or f"http://{client.platform.settings.bind}"


def dcat_of(client: Client, base_url: str | None = None) -> dict[str, Any]:
    """The catalog as DCAT-AP JSON-LD with each version's stored profile (DQV)."""
    store = client.platform.store
    with client.platform.session() as s:
        actor = client.actor(s)
        actor.allow(DatasetPolicy.list())

        def profile_of(version: DatasetVersion) -> VersionProfile | None:
            may_download = actor.may(DatasetPolicy.download(version.dataset))
            return exported_profile(store, version, row_content=may_download)

        return catalog_dcat(s, _base_url(client, base_url), None, profile_of)


def croissant_of(client: Client, name: str, number: int,
                 base_url: str | None = None) -> dict[str, Any]:
    """Version ``number`` of ``name`` as Croissant JSON-LD with its stored profile."""
    store = client.platform.store
    with client.platform.session() as s:
        version = get_version(s, name, number)
        actor = client.actor(s)
        actor.allow(DatasetPolicy.view(version.dataset))
        may_download = actor.may(DatasetPolicy.download(version.dataset))
        media = media_files(open_version(store, version)) if may_download else None
        profile = exported_profile(store, version, row_content=may_download)
        return dataset_croissant(version.dataset, version, _base_url(client, base_url), media,
                                 profile)
