"""The platform's audit log: every write and every download, hash-chained, head anchored.

Owns the ``audit_log`` and ``audit_head`` tables (:mod:`jingshu.audit.log`) and the
signed head kept outside the database (:mod:`jingshu.audit.anchor`). Every domain
writes to it with :func:`record`, in the transaction of the change it records.

Base layer: imports only ``jingshu.db`` and ``jingshu.errors``; never a domain
(accounts, catalog, corpus, annotate, circulation, …), ``jobs``, ``web`` or ``cli``.
"""

from jingshu.audit.anchor import AuditAnchor, anchor_commits
from jingshu.audit.log import AuditEntry, AuditHead, ChainProblem, record, verify_chain

__all__ = [
    "AuditAnchor",
    "AuditEntry",
    "AuditHead",
    "ChainProblem",
    "anchor_commits",
    "record",
    "verify_chain",
]
