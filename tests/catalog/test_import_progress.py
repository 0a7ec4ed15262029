"""An import tells its on_step callback the rows read so far, batch after batch."""

from __future__ import annotations

from pathlib import Path

from jingshu.catalog.importing import import_file
from jingshu.catalog.service import DatasetSpec
from jingshu.platform import Platform
from jingshu.progress import Step


def test_import_reports_rows_read_after_each_batch(platform: Platform, tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    src.write_text("".join(f'{{"text": "第{i}条"}}\n' for i in range(25_000)), encoding="utf-8")
    steps: list[Step] = []
    with platform.session() as s:
        v = import_file(s, platform.store, str(src), spec=DatasetSpec("big", "big"),
                        creator="t", on_step=steps.append)
        again = import_file(s, platform.store, str(src), spec=DatasetSpec("big", "big"),
                            creator="t", append=True, on_step=steps.append)
    assert v.rows == again.rows == 25_000
    first = [st.done for st in steps[: len(steps) // 2]]
    assert first == sorted(first) and first[-1] == 25_000 and len(first) >= 3
    assert {(st.name, st.total, st.unit) for st in steps} == {("import big", None, "rows")}
