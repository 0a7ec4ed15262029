"""DatasetView: rows, tables, exports and profiles through the dataset's policy."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import datasets
import pandas as pd
import pyarrow.parquet as pq
import pytest

from jingshu.accounts.models import Role
from jingshu.catalog.service import get_dataset, get_version
from jingshu.errors import DependencyMissing, InputError, NotFoundError, PermissionDenied
from jingshu.facade import Client, DatasetView
from tests.facade.conftest import ROWS, World
from tests.factories import make_user


def test_dataset_view_names_the_version(world: World) -> None:
    view = world.consumer.dataset("open-news")
    assert (view.ref, view.rows, view.columns) == ("open-news@1", 12, ["id", "text", "score"])
    with pytest.raises(NotFoundError, match="version 7"):
        world.consumer.dataset("open-news@7")


def test_to_pandas_and_to_arrow_give_every_row_and_are_audited(world: World) -> None:
    view = world.consumer.dataset("open-news@1")
    frame = view.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert frame.to_dict("records") == ROWS
    assert view.to_arrow(columns=["id"]).column_names == ["id"]
    downloads = world.audit("version.download")
    assert [(d["actor"], d["target"], d["format"]) for d in downloads] == [
        ("alice", "dataset:open-news@1", "arrow")] * 2


def test_to_hf_is_a_datasets_dataset(world: World) -> None:
    hf = world.operator.dataset("open-news").to_hf()
    assert isinstance(hf, datasets.Dataset)
    assert hf.num_rows == 12 and hf[3]["text"] == ROWS[3]["text"]
    assert world.audit("version.download")[0]["actor"] == "python"


def test_to_hf_without_datasets_names_the_extra(world: World,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)  # import datasets -> ImportError
    with pytest.raises(DependencyMissing) as info:
        world.operator.dataset("open-news").to_hf()
    assert "'datasets'" in info.value.message and "jingshu[hf]" in str(info.value.hint)


def test_consumer_cannot_read_conditional_rows(world: World) -> None:
    view = world.consumer.dataset("cond-news")  # metadata: everyone
    for read in (view.to_pandas, view.to_arrow, lambda: view.head(2),
                 lambda: view.export("x.jsonl")):
        with pytest.raises(PermissionDenied, match="有条件开放"):
            read()
    assert world.audit("version.download") == []


def test_publisher_and_operator_read_conditional_rows(world: World) -> None:
    assert len(world.publisher.dataset("cond-news").to_pandas()) == 12
    assert len(world.operator.dataset("cond-news").head(3)) == 3


def test_head_pages_and_searches(world: World) -> None:
    view = world.consumer.dataset("open-news")
    assert [r["id"] for r in view.head(2, offset=5)] == ["r5", "r6"]
    assert [r["id"] for r in view.head(5, contains="第11条")] == ["r11"]


@pytest.mark.parametrize(("name", "fmt"), [("out.jsonl", "jsonl"), ("out.parquet", "parquet"),
                                           ("out.csv", "csv"), ("hf-folder", "hf")])
def test_export_writes_each_format(world: World, tmp_path: Path, name: str, fmt: str) -> None:
    out = tmp_path / name
    assert world.consumer.dataset("open-news").export(str(out)) == 12
    if fmt == "jsonl":
        assert json.loads(out.read_text("utf-8").splitlines()[0]) == ROWS[0]
    elif fmt == "parquet":
        assert pq.read_table(out).num_rows == 12
    elif fmt == "csv":
        assert out.read_text("utf-8-sig").splitlines()[0] == "id,text,score"
    else:
        assert (out / "README.md").is_file()
        assert datasets.load_dataset(str(out), split="train").num_rows == 12
    assert world.audit("version.download")[-1]["format"] == fmt


def test_export_refuses_an_unknown_format(world: World, tmp_path: Path) -> None:
    view = world.consumer.dataset("open-news")
    with pytest.raises(InputError, match="xlsx"):
        view.export(str(tmp_path / "a.xlsx"))
    with pytest.raises(InputError, match="'xml' is not supported"):
        view.export(str(tmp_path / "a.jsonl"), format="xml")


def test_profile_hides_row_content_from_who_may_not_see_rows(world: World) -> None:
    assert world.publisher.dataset("cond-news").profile().row_content_hidden is False
    hidden = world.consumer.dataset("cond-news").profile()
    assert hidden.row_content_hidden is True
    with pytest.raises(PermissionDenied):
        world.consumer.dataset("cond-news").profile(refresh=True)


def test_import_file_as_publisher_goes_to_their_organization(world: World,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "new.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS[:3]), "utf-8")
    view = world.publisher.import_file(path, "pub-new", title="新数据")
    assert isinstance(view, DatasetView) and view.ref == "pub-new@1" and view.rows == 3
    assert [h.name for h in world.operator.search("新数据")] == ["pub-new"]
    with world.platform.session() as s:
        assert get_dataset(s, "pub-new").organization.name == "pub-org"
    with pytest.raises(PermissionDenied, match="publishers"):
        world.consumer.import_file(path, "alice-new")
    with pytest.raises(PermissionDenied, match="publishing organization"):
        world.consumer.import_file(path, "pub-new", append=True)


def test_unknown_user_fails_at_connect(world: World) -> None:
    with pytest.raises(NotFoundError, match="'nobody'"):
        Client(world.platform, "nobody")


def test_datasets_lists_the_newest_versions_and_read_checks_at_once(world: World) -> None:
    assert [v.ref for v in world.consumer.datasets()] == ["cond-news@1", "open-news@1"]
    with pytest.raises(PermissionDenied):
        world.consumer.read("cond-news")  # refused at the call, before any batch
    batches = list(world.consumer.read("open-news", columns=["id"]))
    assert sum(b.num_rows for b in batches) == 12 and batches[0].schema.names == ["id"]


def test_metadata_describe_and_update(world: World) -> None:
    spec = world.consumer.dataset("open-news").metadata()
    assert (spec.name, spec.organization, spec.open_tier.value) == ("open-news", "pub-org",
                                                                    "unconditional")
    view = world.publisher.dataset("open-news@1")
    view.describe("text", "新闻正文")
    with world.platform.session() as s:
        fields = {f.name: f.description for f in get_version(s, "open-news", 1).fields}
    assert fields["text"] == "新闻正文"
    with pytest.raises(PermissionDenied):
        world.consumer.dataset("open-news").describe("text", "x")
    assert world.publisher.update_dataset("open-news", title="开放新闻",
                                          open_tier="conditional") is None  # raising: at once
    assert world.consumer.dataset("open-news").metadata().open_tier.value == "conditional"
    request = world.publisher.update_dataset("open-news", open_tier="unconditional",
                                             reason="已审查")
    assert isinstance(request, int)  # lowering waits for a data officer
    assert world.publisher.dataset("open-news").metadata().title == "开放新闻"
    with pytest.raises(InputError, match="open_tier='public' is not one of"):
        world.publisher.update_dataset("open-news", open_tier="public")
    with pytest.raises(PermissionDenied):
        world.consumer.update_dataset("open-news", title="x")


def test_verify_audit_is_for_administrators(world: World) -> None:
    make_user(world.platform, Role.ADMIN, name="root")
    entries, problem = Client(world.platform, "root").verify_audit()
    assert problem is None and entries > 0
    assert world.operator.verify_audit()[1] is None
    with pytest.raises(PermissionDenied, match="administrators"):
        world.publisher.verify_audit()
