"""The audit chain's head, anchored outside the database.

The hash chain (see :mod:`jingshu.audit.log`) finds entries edited, inserted or
deleted inside the log, but a database restored from an older copy — or one whose
newest rows were deleted together with the ``audit_head`` row — is a shorter chain
that is still intact. So after every commit that wrote audit entries, the platform
writes the newest entry's id and hash to a small file in its home folder, signed with
the secret key (HMAC-SHA256)::

    HOME/audit-anchor/<database key>.json

and ``jingshu audit verify`` checks that the database still holds that entry with
that hash. A write the platform confirmed (committed, then answered 201) can no longer
vanish unnoticed. The file only moves forward: concurrent processes take an exclusive
``flock`` on a lock file beside it and never replace a newer head with an older one.

Limits: a process killed between its commit and the anchor write leaves the anchor one
commit behind (never ahead), so no false alarm; someone who can write both the database
and the home folder and who knows the secret key can still rewrite history.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from jingshu.db.base import utcnow
from jingshu.errors import IntegrityError

__all__ = ["PENDING_HEAD", "AnchorState", "AuditAnchor", "anchor_commits"]

PENDING_HEAD = "jingshu_audit_pending_head"
"""Key of ``Session.info`` holding ``(id, hash)`` of the newest entry not yet committed."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnchorState:
    """The newest audit entry a commit confirmed: its id and hash, and when."""

    database: str
    last_id: int
    last_hash: str
    at: str


class AuditAnchor:
    """The signed head file of one database's audit chain.

    Args:
        path: the JSON file.
        database: the database URL (password hidden) the chain lives in.
        key: the secret the file is signed with.
    """

    def __init__(self, path: Path, database: str, key: str) -> None:
        self.path = path
        self.database = database
        self._key = key.encode()

    @classmethod
    def in_home(cls, home: Path, database_url: str, key: str) -> AuditAnchor:
        """The anchor of ``database_url`` under ``HOME/audit-anchor/``."""
        shown = make_url(database_url).render_as_string(hide_password=True)
        name = hashlib.sha256(shown.encode()).hexdigest()[:16]
        return cls(home / "audit-anchor" / f"{name}.json", shown, key)

    def _sign(self, state: AnchorState) -> str:
        body = json.dumps(asdict(state), sort_keys=True, separators=(",", ":"))
        return hmac.new(self._key, body.encode(), hashlib.sha256).hexdigest()

    def load(self) -> AnchorState | None:
        """The anchored head, or None when nothing was anchored yet.

        Raises:
            IntegrityError: the file is unreadable or its signature does not match.
        """
        try:
            raw = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise self._broken(f"cannot be read ({exc})") from exc
        try:
            state = AnchorState(**raw["head"])
            signature = str(raw["signature"])
        except (KeyError, TypeError) as exc:
            raise self._broken("does not hold a signed head") from exc
        if not hmac.compare_digest(signature, self._sign(state)):
            raise self._broken("has a signature that does not match its content")
        return state

    def _broken(self, what: str) -> IntegrityError:
        return IntegrityError(
            f"the audit anchor {self.path} {what}: it was edited, or the secret key changed",
            hint="restore the file from a backup, or run with the secret key it was signed "
            "with (JINGSHU_SECRET_KEY / HOME/secret_key)")

    def advance(self, last_id: int, last_hash: str) -> None:
        """Record ``(last_id, last_hash)`` unless the file already holds a newer head."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            try:
                current = self.load()
            except IntegrityError:  # keep verify's alarm: never overwrite a broken anchor
                log.error("audit anchor %s is broken; not advancing it", self.path)
                return
            if current is not None and current.last_id >= last_id:
                return
            state = AnchorState(self.database, last_id, last_hash, utcnow().isoformat())
            text = json.dumps({"head": asdict(state), "signature": self._sign(state)},
                              ensure_ascii=False, indent=1)
            tmp = self.path.with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self.path.with_suffix(".lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def anchor_commits(factory: sessionmaker[Session], anchor: AuditAnchor) -> None:
    """After each commit of a session from ``factory`` that wrote audit entries, advance
    ``anchor``; a rollback forgets the pending head."""

    def committed(session: Session) -> None:
        pending = session.info.pop(PENDING_HEAD, None)
        if pending is None:
            return
        try:
            anchor.advance(*pending)
        except OSError as exc:  # the commit stands; verify will report the lag, not a loss
            log.error("could not advance the audit anchor %s: %s", anchor.path, exc)

    def rolled_back(session: Session, *_: Any) -> None:
        session.info.pop(PENDING_HEAD, None)

    event.listen(factory, "after_commit", committed)
    event.listen(factory, "after_rollback", rolled_back)
