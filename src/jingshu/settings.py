"""Every setting jingshu reads, declared once.

A setting is one field of :class:`Settings` (a pydantic-settings model): its name,
type, default and help line (``description``); the ``JINGSHU_*`` environment variable
that overrides it is the name with the prefix. The CLI (``jingshu config``),
validation and the docs (:data:`SETTINGS`) are generated from those fields. Loading
settings has no side effects: creating the home folder and the secret key file
happens in :func:`ensure_home`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from pydantic_settings.sources.utils import parse_env_vars

from jingshu.errors import ConfigError

__all__ = ["ENV_PREFIX", "SETTINGS", "Setting", "Settings", "ensure_home", "load_settings"]

ENV_PREFIX = "JINGSHU_"

_ENVIRON: ContextVar[Mapping[str, str] | None] = ContextVar("jingshu_settings_env", default=None)


class _Invalid(ValueError):
    """A bad setting value, with how to fix it."""

    def __init__(self, problem: str, hint: str) -> None:
        super().__init__(problem)
        self.hint = hint


class _Environment(EnvSettingsSource):
    """The ``JINGSHU_*`` variables of the mapping :func:`load_settings` was given
    (``os.environ`` unless one was)."""

    def _load_env_vars(self) -> Mapping[str, str | None]:
        source = _ENVIRON.get()
        return parse_env_vars(os.environ if source is None else source, self.case_sensitive,
                              self.env_ignore_empty, self.env_parse_none_str)


class Settings(BaseSettings):
    """Effective settings, resolved from keyword overrides, ``JINGSHU_*`` variables and
    the defaults, in that order; an empty value counts as unset."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True,
                                      frozen=True, extra="forbid", validate_default=True)

    home: Path = Field(
        Path("~/.jingshu"),
        description="Folder for the embedded database, secret key and store.",
    )
    database_url: str = Field(
        "",
        description="SQLAlchemy URL of the metadata database; empty means SQLite (WAL) at "
        "HOME/jingshu.db. Example: postgresql+psycopg://user@127.0.0.1:5432/jingshu",
    )
    storage_root: str = Field(
        "",
        description="Where dataset versions are written: a folder or an fsspec URL "
        "(s3://bucket/prefix); empty means HOME/store.",
    )
    secret_key: str = Field(
        "",
        description="Key that signs sessions and CSRF tokens; empty means generated once and "
        "kept in HOME/secret_key.",
    )
    bind: str = Field(
        "127.0.0.1:8000", description="Address and port `jingshu serve` listens on."
    )
    max_upload_mb: int = Field(
        512, gt=0, description="Largest file the web upload accepts, in MiB (a positive integer)."
    )
    session_hours: int = Field(
        12, gt=0, description="How long a browser login lasts, in hours (a positive integer)."
    )
    corpus_run_workers: int = Field(
        1,
        gt=0,
        description="Corpus recipe runs the web server executes at the same time (threads; a "
        "positive integer); more submitted runs wait in the queue.",
    )
    ray_address: str = Field(
        "",
        description="Address of an existing Ray cluster (HOST:PORT of its head, "
        "ray://HOST:10001 or auto): corpus runs and dedup run their tasks there instead of "
        "in local worker processes; their input and output folders must be reachable from "
        "every node. Empty means local worker processes.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Keyword overrides, then the environment; no ``.env`` or secrets files."""
        return init_settings, _Environment(settings_cls)

    @field_validator("home")
    @classmethod
    def _expand_home(cls, home: Path) -> Path:
        return home.expanduser()

    @field_validator("database_url")
    @classmethod
    def _sqlite_in_home(cls, url: str, info: ValidationInfo) -> str:
        home = info.data.get("home")
        return url or (f"sqlite:///{home / 'jingshu.db'}" if home else url)

    @field_validator("storage_root")
    @classmethod
    def _store_in_home(cls, root: str, info: ValidationInfo) -> str:
        home = info.data.get("home")
        return root or (str(home / "store") if home else root)

    @field_validator("secret_key")
    @classmethod
    def _key_file(cls, secret: str, info: ValidationInfo) -> str:
        """An unset key is read from HOME/secret_key if that exists (never written here)."""
        home: Path | None = info.data.get("home")
        key_file = home / "secret_key" if home else None
        if not secret and key_file is not None and key_file.exists():
            return key_file.read_text().strip()
        return secret

    @field_validator("bind")
    @classmethod
    def _host_port(cls, bind: str) -> str:
        host, sep, port = bind.rpartition(":")
        if not sep or not host or not port.isdigit():
            raise _Invalid("must look like HOST:PORT", hint="for example 127.0.0.1:8000")
        return bind

    @field_validator("ray_address")
    @classmethod
    def _strip(cls, address: str) -> str:
        return address.strip()

    @property
    def host(self) -> str:
        return self.bind.rsplit(":", 1)[0]

    @property
    def port(self) -> int:
        return int(self.bind.rsplit(":", 1)[1])

    def as_rows(self, *, reveal_secrets: bool = False) -> list[tuple[str, str, str]]:
        """(name, value, source variable) for display; the secret is masked."""
        rows = []
        for name in type(self).model_fields:
            value = str(getattr(self, name))
            if name == "secret_key" and not reveal_secrets:
                value = value[:4] + "…" if value else "(generated on first use)"
            rows.append((name, value, ENV_PREFIX + name.upper()))
        return rows


@dataclass(frozen=True)
class Setting:
    """One declared setting, as shown by ``jingshu config`` and the docs."""

    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(name, str(f.default), f.description or "") for name, f in Settings.model_fields.items()
)
"""Every setting, in declaration order: read from the fields of :class:`Settings`."""


@contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    token = _ENVIRON.set(env)
    try:
        yield
    finally:
        _ENVIRON.reset(token)


def _problem(error: Any) -> ConfigError:
    """A :class:`ConfigError` naming the setting and its variable, from a pydantic error."""
    name = str(error["loc"][0])
    env = ENV_PREFIX + name.upper()
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, _Invalid):
        problem, hint = str(cause), cause.hint
    else:
        default = Settings.model_fields[name].default
        problem = "must be a positive integer"
        hint = f"set {env} to a whole number such as {default}"
    return ConfigError(f"setting {name} ({env}) {problem}, got {error['input']!r}", hint=hint)


def load_settings(env: Mapping[str, str] | None = None, **overrides: str) -> Settings:
    """Resolve the settings: overrides, then ``JINGSHU_*`` variables, then defaults.

    Reads the secret key file if one exists, but never writes anything.

    Args:
        env: The environment to read (default: ``os.environ``).
        **overrides: Values by setting name; empty ones count as unset.

    Raises:
        ConfigError: An unknown override, or a bad value (naming its variable).
    """
    unknown = set(overrides) - set(Settings.model_fields)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    try:
        with _environment(env):
            given: dict[str, Any] = {k: v for k, v in overrides.items() if v}
            return Settings(**given)
    except ValidationError as exc:
        raise _problem(exc.errors()[0]) from None


def ensure_home(settings: Settings) -> Settings:
    """Create the home folder and the secret key file if needed; return settings with the key."""
    settings.home.mkdir(parents=True, exist_ok=True)
    if settings.secret_key:
        return settings
    key_file = settings.home / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return settings.model_copy(update={"secret_key": key_file.read_text().strip()})
