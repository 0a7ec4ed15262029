"""Every setting jingshu reads, declared once.

A setting has a name, a default, the ``JINGSHU_*`` environment variable that
overrides it, and a help line. The CLI (``jingshu config``), validation and the
docs are generated from :data:`SETTINGS`. Loading settings has no side effects:
creating the home folder and the secret key file happens in :func:`ensure_home`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from jingshu.errors import ConfigError

__all__ = ["SETTINGS", "Setting", "Settings", "ensure_home", "load_settings"]


@dataclass(frozen=True)
class Setting:
    """One declared setting."""

    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return "JINGSHU_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("home", "~/.jingshu", "Folder for the embedded database, secret key and store."),
    Setting(
        "database_url",
        "",
        "SQLAlchemy URL of the metadata database; empty means SQLite (WAL) at HOME/jingshu.db. "
        "Example: postgresql+psycopg://user@127.0.0.1:5432/jingshu",
    ),
    Setting(
        "storage_root",
        "",
        "Where dataset versions are written: a folder or an fsspec URL (s3://bucket/prefix); "
        "empty means HOME/store.",
    ),
    Setting(
        "secret_key",
        "",
        "Key that signs sessions and CSRF tokens; empty means generated once and kept in "
        "HOME/secret_key.",
    ),
    Setting("bind", "127.0.0.1:8000", "Address and port `jingshu serve` listens on."),
    Setting(
        "max_upload_mb", "512", "Largest file the web upload accepts, in MiB (a positive integer)."
    ),
    Setting(
        "session_hours", "12", "How long a browser login lasts, in hours (a positive integer)."
    ),
    Setting(
        "corpus_run_workers",
        "1",
        "Corpus recipe runs the web server executes at the same time (threads; a positive "
        "integer); more submitted runs wait in the queue.",
    ),
    Setting(
        "ray_address",
        "",
        "Address of an existing Ray cluster (HOST:PORT of its head, ray://HOST:10001 or auto): "
        "corpus runs and dedup run their tasks there instead of in local worker processes; "
        "their input and output folders must be reachable from every node. Empty means local "
        "worker processes.",
    ),
)


@dataclass(frozen=True)
class Settings:
    """Effective settings, resolved from defaults, the environment and overrides."""

    home: Path
    database_url: str
    storage_root: str
    secret_key: str
    bind: str
    max_upload_mb: int
    session_hours: int
    corpus_run_workers: int
    ray_address: str

    @property
    def host(self) -> str:
        return self.bind.rsplit(":", 1)[0]

    @property
    def port(self) -> int:
        return int(self.bind.rsplit(":", 1)[1])

    def as_rows(self, *, reveal_secrets: bool = False) -> list[tuple[str, str, str]]:
        """(name, value, source variable) for display; the secret is masked."""
        rows = []
        for f in fields(self):
            value = str(getattr(self, f.name))
            if f.name == "secret_key" and not reveal_secrets:
                value = value[:4] + "…" if value else "(generated on first use)"
            rows.append((f.name, value, "JINGSHU_" + f.name.upper()))
        return rows


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ConfigError(
            f"setting {name} (JINGSHU_{name.upper()}) must be a positive integer, got {raw!r}",
            hint=f"set JINGSHU_{name.upper()} to a whole number such as 12",
        )
    return value


def load_settings(env: Mapping[str, str] | None = None, **overrides: str) -> Settings:
    """Resolve the settings: overrides, then ``JINGSHU_*`` variables, then defaults.

    Reads the secret key file if one exists, but never writes anything.
    """
    source = os.environ if env is None else env
    raw: dict[str, str] = {}
    for s in SETTINGS:
        raw[s.name] = overrides.get(s.name) or source.get(s.env) or s.default
    unknown = set(overrides) - {s.name for s in SETTINGS}
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    home = Path(raw["home"]).expanduser()
    bind = raw["bind"]
    host, sep, port = bind.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ConfigError(
            f"setting bind (JINGSHU_BIND) must look like HOST:PORT, got {bind!r}",
            hint="for example 127.0.0.1:8000",
        )
    secret = raw["secret_key"]
    key_file = home / "secret_key"
    if not secret and key_file.exists():
        secret = key_file.read_text().strip()
    return Settings(
        home=home,
        database_url=raw["database_url"] or f"sqlite:///{home / 'jingshu.db'}",
        storage_root=raw["storage_root"] or str(home / "store"),
        secret_key=secret,
        bind=bind,
        max_upload_mb=_positive_int("max_upload_mb", raw["max_upload_mb"]),
        session_hours=_positive_int("session_hours", raw["session_hours"]),
        corpus_run_workers=_positive_int("corpus_run_workers", raw["corpus_run_workers"]),
        ray_address=raw["ray_address"].strip(),
    )


def ensure_home(settings: Settings) -> Settings:
    """Create the home folder and the secret key file if needed; return settings with the key."""
    settings.home.mkdir(parents=True, exist_ok=True)
    if settings.secret_key:
        return settings
    key_file = settings.home / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return replace(settings, secret_key=key_file.read_text().strip())
