"""The public API: ``jingshu.__all__`` is complete, importable and documented."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import jingshu

DOC = Path(__file__).resolve().parents[1] / "docs" / "python-api.md"


def test_all_is_sorted_and_unique() -> None:
    assert list(jingshu.__all__) == sorted(set(jingshu.__all__))


def test_every_name_in_all_is_importable() -> None:
    for name in jingshu.__all__:
        assert hasattr(jingshu, name), name


def test_all_lists_every_public_attribute() -> None:
    for name in jingshu.__all__:  # public names are imported on first use
        getattr(jingshu, name)
    public = {n for n, v in vars(jingshu).items()
              if not n.startswith("_") and not isinstance(v, ModuleType) and n != "annotations"}
    assert public | {"__version__"} == set(jingshu.__all__)


def test_every_public_name_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [n for n in jingshu.__all__ if f"`{n}`" not in text]
    assert not missing, f"add {missing} to docs/python-api.md"


def test_connect_opens_a_client_over_a_platform(tmp_path: Path) -> None:
    with jingshu.connect(home=str(tmp_path)) as js:
        assert isinstance(js, jingshu.Client) and js.user is None
        assert isinstance(js.platform, jingshu.Platform)
        assert js.platform.settings.home == tmp_path
