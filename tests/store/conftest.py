"""Shared fixtures for the store tests."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from jingshu.store import DatasetStore, Provenance

IMPORT = Provenance(kind="import", source="tiny.jsonl")


@pytest.fixture
def store(tmp_path: Path) -> DatasetStore:
    return DatasetStore(str(tmp_path / "root"))


def numbers(start: int, n: int) -> pa.RecordBatch:
    """A batch of ``n`` rows: id and a Chinese text."""
    ids = list(range(start, start + n))
    return pa.record_batch({"id": ids, "text": [f"第{i}条" for i in ids]})
