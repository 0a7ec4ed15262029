"""Pages of rows at any offset (across shards), and search within a version."""

from __future__ import annotations

import pytest

from jingshu.errors import InputError
from jingshu.store import DatasetStore, StoredVersion
from jingshu.store.rows import page_rows

from .conftest import IMPORT, numbers


@pytest.fixture
def version(store: DatasetStore) -> StoredVersion:
    """105 rows in shards of 10 (many shards), each written in batches of 7."""
    with store.writer("paged", creator="a", made_by=IMPORT, shard_rows=10) as w:
        for start in range(0, 105, 7):
            w.write_batch(numbers(start, min(7, 105 - start)))
        location, _ = w.commit()
    return store.open(location)


@pytest.mark.parametrize(("offset", "limit"), [(0, 5), (8, 5), (9, 1), (10, 10), (37, 30),
                                               (100, 20), (104, 1), (105, 10), (500, 3)])
def test_any_offset_matches_reading_everything(version: StoredVersion, offset: int,
                                               limit: int) -> None:
    everything = [r for b in version.iter_batches() for r in b.to_pylist()]
    page = page_rows(version, offset=offset, limit=limit)
    assert page.rows == everything[offset:offset + limit]
    assert page.numbers == list(range(offset, offset + len(page.rows)))
    assert page.total == 105 and page.offset == offset


def test_search_counts_and_pages_matches(version: StoredVersion) -> None:
    found = page_rows(version, contains="第1", limit=5)  # 第1, 第10–19, 第100–104
    assert found.total == 1 + 10 + 5
    assert [r["id"] for r in found.rows] == [1, 10, 11, 12, 13]
    assert found.numbers == [1, 10, 11, 12, 13]
    later = page_rows(version, contains="第1", offset=14, limit=5)
    assert [r["id"] for r in later.rows] == [103, 104] and later.numbers == [103, 104]
    assert page_rows(version, contains="没有", limit=5).total == 0
    assert page_rows(version, contains="第1", columns=["text"]).total == 16
    assert page_rows(version, contains="第1", columns=["id"]).total == 0  # not a text column


def test_refuses_bad_pages_and_columns(version: StoredVersion) -> None:
    with pytest.raises(InputError, match="limit=0"):
        page_rows(version, limit=0)
    with pytest.raises(InputError, match="offset=-1"):
        page_rows(version, offset=-1)
    with pytest.raises(InputError, match="'nope'"):
        page_rows(version, contains="x", columns=["nope"])
