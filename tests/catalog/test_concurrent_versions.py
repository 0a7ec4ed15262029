"""Concurrent publications to one dataset get successive numbers, never a crash."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session
from tests.factories import make_dataset

from jingshu.catalog.importing import import_file
from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.service import DatasetSpec, create_dataset, get_dataset, publish_new_dataset
from jingshu.errors import ConflictError
from jingshu.platform import Platform
from jingshu.store import Provenance

THREADS = 20


def _run_all(job: Callable[[int], object]) -> list[object]:
    """Run ``job(i)`` in THREADS threads started together; each result or raised error."""
    results: list[object] = [None] * THREADS
    start = threading.Barrier(THREADS)

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = job(i)
        except Exception as exc:  # the assertion below shows which
            results[i] = exc
    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_twenty_concurrent_appends_all_become_successive_versions(platform: Platform,
                                                                   tmp_path: Path) -> None:
    make_dataset(platform, name="news")
    files = []
    for i in range(THREADS):
        path = tmp_path / f"part-{i}.jsonl"
        path.write_text(json.dumps({"id": f"n{i}", "text": f"第{i}条新闻。"},
                                   ensure_ascii=False) + "\n", encoding="utf-8")
        files.append(path)

    def append(i: int) -> int:
        with platform.session() as s:
            return import_file(s, platform.store, str(files[i]), spec=DatasetSpec("news", "news"),
                               creator="test", append=True).number

    results = _run_all(append)
    assert all(isinstance(r, int) for r in results), results
    assert sorted(results) == list(range(2, THREADS + 2))  # type: ignore[type-var]
    with platform.session() as s:
        dataset = get_dataset(s, "news")
        assert [v.number for v in dataset.versions] == list(range(1, THREADS + 2))
        locations = set(s.scalars(select(DatasetVersion.location)))
    assert set(platform.store.locations()) == locations  # no orphan folder left behind


def test_concurrent_creates_of_one_name_give_one_dataset_and_conflicts(
        platform: Platform) -> None:
    def create(i: int) -> str:
        with platform.session() as s:
            return create_dataset(s, DatasetSpec("same", f"标题{i}"), actor="test").name

    results = _run_all(create)
    assert results.count("same") == 1, results
    assert all(isinstance(r, ConflictError) for r in results if r != "same"), results


def test_a_new_datasets_import_holds_no_lock_while_it_writes(platform: Platform) -> None:
    """Other writers go on while a new dataset's rows stream in (SQLite: one writer at once)."""
    written: list[str] = []

    def batches() -> Iterator[pa.RecordBatch]:
        yield pa.RecordBatch.from_pylist([{"id": "1", "text": "第一批"}])
        with Session(other) as s:  # another writer, mid-import, that will not wait long
            s.execute(text("UPDATE audit_head SET last_id = last_id"))
            s.commit()
            written.append("other writer done")
        yield pa.RecordBatch.from_pylist([{"id": "2", "text": "第二批"}])

    make_dataset(platform, name="first")  # so audit_head has its row
    other = create_engine(platform.db.url, connect_args={"timeout": 1}
                          if platform.db.dialect == "sqlite" else {})
    try:
        with platform.session() as s:
            version = publish_new_dataset(s, platform.store, DatasetSpec("fresh", "新数据集"),
                                          batches(), creator="test",
                                          made_by=Provenance("import", "gen"))
            assert version.rows == 2
    finally:
        other.dispose()
    assert written == ["other writer done"]
