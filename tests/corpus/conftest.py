from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _jingshu_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the character-LM cache (and anything else) out of the real home."""
    old = os.environ.get("JINGSHU_HOME")
    os.environ["JINGSHU_HOME"] = str(tmp_path_factory.mktemp("home"))
    yield
    if old is None:
        os.environ.pop("JINGSHU_HOME", None)
    else:
        os.environ["JINGSHU_HOME"] = old
