"""The platform: settings, the metadata database and the dataset store, opened together.

``jingshu.connect()`` is the Python front door; the CLI and the web app open the same
:class:`Platform` and call the same use cases.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from jingshu.audit.anchor import AuditAnchor, anchor_commits
from jingshu.catalog.importing import import_file
from jingshu.catalog.mixing import mix_datasets
from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.quality import VersionDiff, diff_versions, version_profile
from jingshu.catalog.regrade import (
    approve_regrade,
    decider_of,
    get_regrade_request,
    reject_regrade,
)
from jingshu.catalog.rules import Grade, OpenTier, Sensitivity
from jingshu.catalog.search import SearchFilters, SearchHit, search
from jingshu.catalog.service import (
    PUBLISH_HOOKS_KEY,
    DatasetSpec,
    PublishHook,
    get_dataset,
    get_version,
    open_version,
    parse_ref,
    update_dataset,
)
from jingshu.db import Database
from jingshu.errors import InputError
from jingshu.mix import MixPlan
from jingshu.profiles import VersionProfile
from jingshu.settings import Settings, ensure_home, load_settings
from jingshu.store import DatasetStore
from jingshu.store.gc import DEFAULT_GRACE_S, TEMP_PREFIX, GcReport, sweep_temp_folders
from jingshu.store.store import TMP_DIR

__all__ = ["HOME_INFO_KEY", "Platform", "connect"]

HOME_INFO_KEY = "jingshu_home"
"""Key of ``Session.info`` holding the home of the platform the session belongs to."""


class Platform:
    """Settings + database + store. Cheap to open; open one per process.

    What follows each publication through its sessions is the platform's
    :attr:`publish_hooks` (:meth:`on_publish`); a bare platform has none. The front doors
    (the CLI, the web app, ``jingshu.connect``) give each platform they open the job
    queue's (:func:`jingshu.jobs.queue_profiles_on_publish`: a quality profile job per
    published version).
    """

    def __init__(self, settings: Settings, *, migrate: bool = True) -> None:
        self.settings = ensure_home(settings)
        self.publish_hooks: list[PublishHook] = []
        # both travel in every session's info: the hooks list is shared, not copied
        self.db = Database(self.settings.database_url,
                           info={HOME_INFO_KEY: str(self.settings.home),
                                 PUBLISH_HOOKS_KEY: self.publish_hooks})
        self.store = DatasetStore(self.settings.storage_root)
        # the audit chain's head, kept outside the database (see audit.anchor)
        self.audit_anchor = AuditAnchor.in_home(self.settings.home, self.settings.database_url,
                                                self.settings.secret_key)
        anchor_commits(self.db._factory, self.audit_anchor)
        if migrate:
            self.db.migrate()

    def on_publish(self, hook: PublishHook) -> None:
        """Call ``hook(session, version)`` in the transaction of every version published
        through this platform's sessions from now on (once per hook).

        A hook must be quick (it holds the publishing transaction) and must not commit.
        """
        if hook not in self.publish_hooks:
            self.publish_hooks.append(hook)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.session() as session:
            yield session

    def sweep_store(self, grace_s: float = 3600.0) -> list[str]:
        """Remove store folders that no version row knows (left by a crash).

        Folders touched within ``grace_s`` seconds are kept: a writer may be about to
        record them.
        """
        with self.session() as s:
            known = set(s.scalars(select(DatasetVersion.location)))
        return self.store.sweep_orphans(known, grace_s=grace_s)

    def collect_garbage(self, grace_s: float = DEFAULT_GRACE_S, *, dry_run: bool = False,
                        temp_dir: Path | None = None) -> GcReport:
        """Remove what killed processes left: staging folders under the store's ``.tmp``,
        versions no row records, and temporary files and folders (``jingshu-*`` in
        ``temp_dir``, the system's by default; ``tmp*`` in the home and in
        ``HOME/artefacts/tmp``).

        Only what nothing changed in for ``grace_s`` seconds goes, so writes in
        progress are kept (see :mod:`jingshu.store.gc`).
        """
        with self.session() as s:
            known = set(s.scalars(select(DatasetVersion.location)))
        swept = self.store.sweep_orphans(known, grace_s=grace_s, dry_run=dry_run)
        home = self.settings.home
        temp = sweep_temp_folders(
            [(temp_dir or Path(tempfile.gettempdir()), TEMP_PREFIX), (home, "tmp"),
             (home / "artefacts" / "tmp", "tmp")],  # spooled artefact uploads
            grace_s=grace_s, dry_run=dry_run)
        return GcReport(staging=[p for p in swept if p.startswith(f"{TMP_DIR}/")],
                        orphans=[p for p in swept if not p.startswith(f"{TMP_DIR}/")],
                        temp=temp, dry_run=dry_run)

    # Convenience methods for notebooks and scripts -------------------------------

    def import_file(self, path: str, name: str, *, creator: str = "python", append: bool = False,
                    **metadata: object) -> int:
        """Import ``path`` as dataset ``name``; returns the new version number."""
        spec = DatasetSpec(name=name, title=str(metadata.pop("title", name)), **metadata)  # type: ignore[arg-type]
        with self.session() as s:
            return import_file(s, self.store, path, spec=spec, creator=creator,
                               append=append).number

    def read(self, ref: str, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        """Stream the record batches of ``NAME[@VERSION]``."""
        with self.session() as s:
            version = get_version(s, *parse_ref(ref))
            stored = open_version(self.store, version)
        yield from stored.iter_batches(columns=columns)

    def texts(self, ref: str, field: str) -> list[str]:
        """The non-blank strings of column ``field`` of ``NAME[@VERSION]``, in order.

        Raises:
            InputError: The version has no such column.
            NotFoundError: The dataset or version does not exist.
        """
        with self.session() as s:
            stored = open_version(self.store, get_version(s, *parse_ref(ref)))
        names = stored.schema().names
        if field not in names:
            raise InputError(f"dataset {ref!r} has no column {field!r} (columns: {names})",
                             hint="name the text column with --text-field")
        return [v for batch in stored.iter_batches(columns=[field])
                for v in batch.column(0).to_pylist() if isinstance(v, str) and v.strip()]

    def search(self, q: str, **filters: object) -> list[SearchHit]:
        with self.session() as s:
            hits, _total = search(s, q, SearchFilters(**filters))  # type: ignore[arg-type]
            return hits

    def request_regrade(self, name: str, *, reason: str, requester: str = "python",
                        open_tier: str | None = None, grade: str | None = None,
                        sensitivity: str | None = None) -> int:
        """Ask to lower dataset ``name``'s protection; returns the regrade request's id.

        Nothing changes until another person approves (:meth:`approve_regrade`).
        """
        asked = {"open_tier": OpenTier(open_tier) if open_tier else None,
                 "grade": Grade(grade) if grade else None,
                 "sensitivity": Sensitivity(sensitivity) if sensitivity else None}
        with self.session() as s:
            change = update_dataset(s, get_dataset(s, name), actor=requester, reason=reason,
                                    **{k: v for k, v in asked.items() if v is not None})
            if change.regrade is None:
                raise InputError(f"this raises or keeps the protection of {name!r}",
                                 hint="raising needs no approval: change the dataset directly")
            return change.regrade.id

    def approve_regrade(self, request_id: int, *, approver: str, note: str = "") -> None:
        """Approve as account ``approver`` (an administrator or data officer, not the
        requester); the dataset takes the lower protection."""
        with self.session() as s:
            approve_regrade(s, get_regrade_request(s, request_id), decider_of(s, approver),
                            note=note)

    def reject_regrade(self, request_id: int, *, approver: str, note: str) -> None:
        """Reject as account ``approver``; ``note`` says why."""
        with self.session() as s:
            reject_regrade(s, get_regrade_request(s, request_id), decider_of(s, approver),
                           note=note)

    def profile(self, ref: str, *, refresh: bool = False) -> VersionProfile:
        """The quality profile of ``NAME[@VERSION]`` (computed and stored if missing)."""
        with self.session() as s:
            return version_profile(self.store, get_version(s, *parse_ref(ref)), refresh=refresh)

    def diff(self, before: str, after: str) -> VersionDiff:
        """Profile changes and rows added/removed between two ``NAME@VERSION``."""
        with self.session() as s:
            return diff_versions(self.store, get_version(s, *parse_ref(before)),
                                 get_version(s, *parse_ref(after)))

    def mix(self, out: str, sources: list[str], tokens: float, *, seed: int = 0,
            creator: str = "python", field: str | None = None,
            tokenizer: str | None = None) -> MixPlan:
        """Mix ``NAME@V:WEIGHT`` sources by token share into dataset ``out``; the plan."""
        with self.session() as s:
            return mix_datasets(s, self.store, out, sources, tokens, seed=seed, creator=creator,
                                field=field, tokenizer=tokenizer).plan

    def close(self) -> None:
        self.db.dispose()


def connect(**overrides: str) -> Platform:
    """Open the platform with settings from the environment, overridden by keywords.

    Example::

        import jingshu
        js = jingshu.connect(home="/tmp/jingshu-demo")
        js.import_file("news.jsonl", "zh-news", title="新闻语料")
    """
    return Platform(load_settings(None, **overrides))
