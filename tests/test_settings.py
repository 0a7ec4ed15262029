"""Settings: each documented, overridable from the environment, bad values named."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from jingshu.errors import ConfigError
from jingshu.settings import SETTINGS, Setting, Settings, ensure_home, load_settings

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "configuration.md"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_config_docs",
                                                  REPO / "scripts" / "gen_config_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.name for s in SETTINGS])
def test_every_setting_is_documented(setting: Setting) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"`{setting.env}`" in text
    assert setting.help.replace("|", "\\|") in text


def test_configuration_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == _generator().render(), (
        "docs/configuration.md is stale: run python scripts/gen_config_docs.py")


def test_settings_fields_match_declarations() -> None:
    assert [s.name for s in SETTINGS] == list(Settings.model_fields)
    assert all(s.env == "JINGSHU_" + s.name.upper() and s.help for s in SETTINGS)


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings({"JINGSHU_HOME": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'jingshu.db'}"
    assert settings.storage_root == str(tmp_path / "store")
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert (settings.max_upload_mb, settings.session_hours) == (512, 12)
    assert settings.corpus_run_workers == 1


def test_environment_overrides_and_keyword_overrides_win(tmp_path: Path) -> None:
    env = {"JINGSHU_HOME": str(tmp_path), "JINGSHU_BIND": "0.0.0.0:9000",
           "JINGSHU_DATABASE_URL": "postgresql+psycopg://u@h/db",
           "JINGSHU_STORAGE_ROOT": "s3://bucket/p", "JINGSHU_SECRET_KEY": "k",
           "JINGSHU_MAX_UPLOAD_MB": "7", "JINGSHU_SESSION_HOURS": "3"}
    s = load_settings(env)
    assert (s.bind, s.database_url, s.storage_root, s.secret_key) == (
        "0.0.0.0:9000", "postgresql+psycopg://u@h/db", "s3://bucket/p", "k")
    assert (s.max_upload_mb, s.session_hours) == (7, 3)
    assert load_settings(env, bind="127.0.0.1:1").bind == "127.0.0.1:1"


@pytest.mark.parametrize(("variable", "value"), [
    ("JINGSHU_MAX_UPLOAD_MB", "lots"),
    ("JINGSHU_MAX_UPLOAD_MB", "0"),
    ("JINGSHU_SESSION_HOURS", "-1"),
    ("JINGSHU_CORPUS_RUN_WORKERS", "0"),
    ("JINGSHU_BIND", "localhost"),
    ("JINGSHU_BIND", "host:port"),
])
def test_bad_values_name_the_variable(tmp_path: Path, variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        load_settings({"JINGSHU_HOME": str(tmp_path), variable: value})


def test_unknown_override_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings({}, colour="red")


def test_loading_has_no_side_effects_and_ensure_home_keeps_the_key(tmp_path: Path) -> None:
    home = tmp_path / "home"
    settings = load_settings({"JINGSHU_HOME": str(home)})
    assert not home.exists()
    made = ensure_home(settings)
    assert made.secret_key and (home / "secret_key").read_text() == made.secret_key
    assert load_settings({"JINGSHU_HOME": str(home)}).secret_key == made.secret_key
    assert ensure_home(settings).secret_key == made.secret_key
