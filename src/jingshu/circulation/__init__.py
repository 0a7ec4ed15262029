"""Secure circulation: conditional opening (requests, agreements, grants), the in-portal
inbox, and watermarked extracts that trace a leak back to its recipient.

Domain layer: imports ``catalog``, ``accounts``, ``store`` and the base; never
``annotate``, ``sandbox``, ``platform``, ``web`` or ``cli``.
"""

from jingshu.circulation.extracts import (
    ExtractFormat,
    download_extract,
    trace_candidates,
    trace_file,
    write_extract,
)
from jingshu.circulation.grants import (
    GrantTerms,
    get_grant,
    grant_refusal,
    list_grants,
    revoke,
)
from jingshu.circulation.inbox import inbox, mark_read, notify, unread_count
from jingshu.circulation.models import (
    AccessRequest,
    Agreement,
    AgreementKind,
    Extract,
    Grant,
    Notification,
    RequestStatus,
)
from jingshu.circulation.requests import (
    Application,
    apply,
    approve,
    ask_changes,
    current_agreements,
    get_request,
    list_requests,
    reject,
    revise,
    set_agreement,
)

__all__ = [
    "AccessRequest",
    "Agreement",
    "AgreementKind",
    "Application",
    "Extract",
    "ExtractFormat",
    "Grant",
    "GrantTerms",
    "Notification",
    "RequestStatus",
    "apply",
    "approve",
    "ask_changes",
    "current_agreements",
    "download_extract",
    "get_grant",
    "get_request",
    "grant_refusal",
    "inbox",
    "list_grants",
    "list_requests",
    "mark_read",
    "notify",
    "reject",
    "revise",
    "revoke",
    "set_agreement",
    "trace_candidates",
    "trace_file",
    "unread_count",
    "write_extract",
]
