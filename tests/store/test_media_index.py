"""The media endpoints' index: which files a version names, by binary search."""

from __future__ import annotations

import hashlib

from jingshu.catalog.service import get_version, open_version
from jingshu.platform import Platform
from jingshu.store import media_index as mi
from jingshu.store.media_index import MediaIndex, media_index
from tests.factories import make_dataset


def _sha(i: int) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


def _rows(n: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {"id": str(i), "image_sha256": _sha(i), "format": "PNG" if i % 3 else "JPEG"}
        for i in range(n)]
    rows.append({"id": "bad", "image_sha256": None, "format": None})  # did not import
    rows.append({"id": "dup", "image_sha256": _sha(4), "format": "PNG"})
    return rows


def test_every_named_file_is_found_with_its_format_and_nothing_else(
        platform: Platform) -> None:
    make_dataset(platform, name="pics", rows=_rows(500))
    with platform.session() as s:
        stored = open_version(platform.store, get_version(s, "pics"))
    index = MediaIndex.build(stored, "image_sha256")
    assert len(index.digests) == 501 and index.nbytes == 501 * 44
    for i in (0, 1, 3, 250, 499):
        assert index.find(_sha(i)) == (True, "PNG" if i % 3 else "JPEG")
    assert index.find(_sha(500)) == (False, None)
    assert index.find(_sha(7).upper()) == (True, "PNG")  # hex is hex
    for junk in ("", "zz" * 32, _sha(1)[:40], _sha(1) + "00"):
        assert index.find(junk) == (False, None)


def test_a_process_keeps_the_most_recently_used_indexes(platform: Platform) -> None:
    mi._kept.clear()
    stored = []
    for k in range(mi.KEPT + 1):
        make_dataset(platform, name=f"p{k}", rows=_rows(3))
        with platform.session() as s:
            stored.append(open_version(platform.store, get_version(s, f"p{k}")))
    first = media_index(stored[0], "image_sha256")
    assert media_index(stored[0], "image_sha256") is first  # built once
    for version in stored[1:]:
        media_index(version, "image_sha256")
    assert len(mi._kept) == mi.KEPT
    assert media_index(stored[0], "image_sha256") is not first  # evicted, built again
