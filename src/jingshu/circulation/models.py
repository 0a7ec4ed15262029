"""Tables of the circulation domain: agreements, access requests, grants, extracts, inbox.

A consumer's :class:`AccessRequest` names the versions of the dataset's two
:class:`Agreement` texts it accepted; approving it creates a :class:`Grant` (expiry,
fields, download quota, and the secret its watermarks are keyed with). Each watermarked
download is an :class:`Extract`. :class:`Notification` rows are the in-portal inbox.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jingshu.accounts.models import User
from jingshu.catalog.models import Dataset
from jingshu.db.base import Base, enum_type, utcnow

__all__ = [
    "AccessRequest",
    "Agreement",
    "AgreementKind",
    "Extract",
    "Grant",
    "Notification",
    "RequestStatus",
]


class AgreementKind(enum.StrEnum):
    """The two texts an applicant accepts."""

    COMMITMENT = "commitment"  # 安全承诺书
    USE = "use"  # 开放利用协议

    @property
    def zh(self) -> str:
        return {"commitment": "安全承诺书", "use": "开放利用协议"}[self.value]


class RequestStatus(enum.StrEnum):
    PENDING = "pending"  # 待审核
    CHANGES = "changes"  # 需修改
    APPROVED = "approved"  # 已批准
    REJECTED = "rejected"  # 已驳回


class Agreement(Base):
    """One version of a dataset's security commitment or use agreement (never edited)."""

    __tablename__ = "circulation_agreements"
    __table_args__ = (UniqueConstraint("dataset_id", "kind", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    kind: Mapped[AgreementKind] = mapped_column(enum_type(AgreementKind))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AccessRequest(Base):
    """A consumer's application to use a conditional dataset."""

    __tablename__ = "circulation_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organization: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    scenario: Mapped[str] = mapped_column(Text)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    duration_days: Mapped[int] = mapped_column(Integer)
    commitment_version: Mapped[int] = mapped_column(Integer)
    use_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[RequestStatus] = mapped_column(enum_type(RequestStatus))
    review_note: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    dataset: Mapped[Dataset] = relationship(lazy="joined")
    applicant: Mapped[User] = relationship(lazy="joined")


class Grant(Base):
    """The right an approval gives: fields, expiry, download quota; revocable at once."""

    __tablename__ = "circulation_grants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("circulation_requests.id",
                                                       ondelete="CASCADE"))
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    quota: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, default=0)
    secret: Mapped[str] = mapped_column(String(64))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    # also a right to annotate: the holder's organization may label the dataset's rows
    # in annotation projects (see jingshu.annotate.access); downloads stay as above
    annotate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    dataset: Mapped[Dataset] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")


class Extract(Base):
    """One watermarked download made under a grant."""

    __tablename__ = "circulation_extracts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grant_id: Mapped[str] = mapped_column(ForeignKey("circulation_grants.id",
                                                     ondelete="CASCADE"))
    version_id: Mapped[str] = mapped_column(ForeignKey("dataset_versions.id"))
    format: Mapped[str] = mapped_column(String(20))
    rows: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Notification(Base):
    """A message in a user's in-portal inbox, in Chinese and English."""

    __tablename__ = "circulation_notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(50))
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300), default="")
    read: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
