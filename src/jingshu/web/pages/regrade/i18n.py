"""Portal messages of re-grading (merged into :data:`i18n.MESSAGES`)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "role.data_officer": ("数据安全官", "Data officer"),
    "nav.regrade": ("降级审批", "Re-grading"),
    "regrade.title": ("分级降级审批", "Re-grading requests"),
    "regrade.intro": ("降低数据集的保护（更开放的开放类型、更低的分级或敏感级别）须经申请人以外的"
                      "管理员或数据安全官批准；批准时重新校验分级规则。",
                      "Lowering a dataset's protection (a more open tier, a lower grade or "
                      "sensitivity level) needs the approval of an administrator or data "
                      "officer other than the requester; the tier/grade rule is checked "
                      "again on approval."),
    "regrade.empty": ("没有降级申请。", "No re-grading requests."),
    "regrade.pending_notice": ("降级申请 #{id} 待审批，批准前保护不变。申请改为：",
                               "Re-grading request #{id} awaits approval; until then the "
                               "protection stays. Requested:"),
    "regrade.from": ("当前", "Now"),
    "regrade.to": ("申请改为", "Requested"),
    "regrade.requested_by": ("申请人", "Requested by"),
    "regrade.reason": ("理由", "Reason"),
    "regrade.decided_by": ("审批人", "Decided by"),
    "regrade.note": ("审批意见（驳回时必填）", "Note (required to reject)"),
    "regrade.approve": ("批准", "Approve"),
    "regrade.reject": ("驳回", "Reject"),
    "regrade.status.pending": ("待审批", "Pending"),
    "regrade.status.approved": ("已批准", "Approved"),
    "regrade.status.rejected": ("已驳回", "Rejected"),
}
