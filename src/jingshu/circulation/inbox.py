"""The in-portal inbox: one notification per event a user should know of (no e-mail)."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from jingshu.circulation.models import Notification
from jingshu.errors import NotFoundError

__all__ = ["inbox", "mark_read", "notify", "unread_count"]


def notify(session: Session, user_id: int, kind: str, text_zh: str, text_en: str,
           link: str = "") -> Notification:
    """Put a message in ``user_id``'s inbox (committed with the change it reports)."""
    note = Notification(user_id=user_id, kind=kind, text_zh=text_zh, text_en=text_en,
                        link=link, read=False)
    session.add(note)
    session.flush()
    return note


def inbox(session: Session, user_id: int, *, unread_only: bool = False,
          limit: int = 100) -> list[Notification]:
    """The user's messages, newest first."""
    query = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        query = query.where(Notification.read.is_(False))
    return list(session.scalars(query.order_by(Notification.id.desc()).limit(limit)))


def unread_count(session: Session, user_id: int) -> int:
    query = select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read.is_(False))
    return int(session.scalar(query) or 0)


def mark_read(session: Session, user_id: int, note_id: int | None = None) -> int:
    """Mark one message (or, with ``note_id`` None, all) of the user read; returns how many."""
    if note_id is not None:
        note = session.get(Notification, note_id)
        if note is None or note.user_id != user_id:
            raise NotFoundError(f"message {note_id} is not in your inbox",
                                hint="list your inbox with GET /api/v1/inbox")
        changed = 0 if note.read else 1
        note.read = True
        return changed
    result = session.execute(update(Notification).where(
        Notification.user_id == user_id, Notification.read.is_(False)).values(read=True))
    return int(getattr(result, "rowcount", 0) or 0)
