"""docs/python-api.md names only facade methods that exist, and every public one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import jingshu
from jingshu.errors import NotFoundError
from jingshu.facade import Client, DatasetView, GrantView, ProjectView

DOC = Path(__file__).resolve().parents[2] / "docs" / "python-api.md"


def _public(cls: type) -> set[str]:
    return {n for n, v in vars(cls).items() if not n.startswith("_") and callable(v)}


def test_every_method_the_guide_shows_exists_and_every_public_one_is_shown() -> None:
    text = DOC.read_text("utf-8")
    shown = set(re.findall(r"\.([a-z_]+)\(", text))
    methods = _public(Client) | _public(DatasetView) | _public(ProjectView) | _public(GrantView)
    assert shown & methods, "the guide shows no facade method"
    missing = sorted(methods - shown - {"actor", "close", "info"})
    assert not missing, f"add {missing} to docs/python-api.md"


def test_connect_with_an_unknown_user_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="'nobody'"):
        jingshu.connect(home=str(tmp_path), user="nobody")


def test_download_extract_and_export_formats_are_one_list() -> None:
    from jingshu.catalog.exporting import EXPORT_FORMATS, TABLE_FORMATS
    from jingshu.circulation import ExtractFormat
    from jingshu.web.api.handlers.versions import DownloadFormat

    assert [f.value for f in DownloadFormat] == list(EXPORT_FORMATS)
    assert sorted(f.value for f in ExtractFormat) == sorted(TABLE_FORMATS)
    assert EXPORT_FORMATS[: len(TABLE_FORMATS)] == TABLE_FORMATS
