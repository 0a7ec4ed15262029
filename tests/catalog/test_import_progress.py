"""An import tells its on_step callback the rows read so far, batch after batch, and
the total once it is counted (JSON lines, Parquet)."""

from __future__ import annotations

import time
from pathlib import Path

from jingshu.catalog.importing import import_file
from jingshu.catalog.service import DatasetSpec
from jingshu.platform import Platform
from jingshu.progress import Step


def test_import_reports_rows_read_after_each_batch(platform: Platform, tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    src.write_text("".join(f'{{"text": "第{i}条"}}\n' for i in range(25_000)), encoding="utf-8")
    steps: list[Step] = []

    def slow(step: Step) -> None:  # give the counting thread time to finish
        steps.append(step)
        time.sleep(0.2)

    with platform.session() as s:
        v = import_file(s, platform.store, str(src), spec=DatasetSpec("big", "big"),
                        creator="t", on_step=slow)
        again = import_file(s, platform.store, str(src), spec=DatasetSpec("big", "big"),
                            creator="t", append=True, on_step=slow)
    assert v.rows == again.rows == 25_000
    first = [st.done for st in steps[: len(steps) // 2]]
    assert first == sorted(first) and first[-1] == 25_000 and len(first) >= 3
    assert {(st.name, st.unit) for st in steps} == {("import big", "rows")}
    assert {st.total for st in steps} <= {None, 25_000} and steps[-1].total == 25_000
