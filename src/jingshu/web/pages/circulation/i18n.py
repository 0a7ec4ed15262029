"""Portal messages of conditional opening (merged into :data:`i18n.MESSAGES`)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.inbox": ("站内信", "Inbox"),
    "nav.requests": ("我的申请", "My applications"),
    "nav.grants": ("授权", "Grants"),
    "nav.review": ("审核", "Review"),
    "circ.apply_title": ("申请使用：{title}", "Apply to use: {title}"),
    "circ.apply_intro": ("有条件开放的数据须经发布机构审核后使用。请填写用途并接受下列两份文本。",
                         "Conditionally open data is used after the publisher's review. "
                         "State your purpose and accept both texts below."),
    "circ.apply_intro_sandbox": (
        "该数据集不提供下载：获批后只能在隐私计算沙箱中查询加入噪声的聚合结果，原始数据不出库。"
        "请填写用途并接受下列两份文本。",
        "This dataset is not downloadable: once approved you can only query noisy "
        "aggregates in the DP sandbox, and raw rows never leave. State your purpose and "
        "accept both texts below."),
    "circ.done.approve": ("已批准申请 #{id}（{user} 使用“{title}”），授权已发给申请人。",
                          "Approved application #{id} ({user}, “{title}”); the grant is "
                          "sent to the applicant."),
    "circ.done.reject": ("已驳回申请 #{id}（{user} 使用“{title}”），理由已通知申请人。",
                         "Rejected application #{id} ({user}, “{title}”); the applicant "
                         "is told why."),
    "circ.done.changes": ("已将申请 #{id}（{user} 使用“{title}”）退回修改。",
                          "Sent application #{id} ({user}, “{title}”) back for changes."),
    "circ.nodl.never": ("核心/L4 数据永不出库，只能用沙箱", "Core/L4 data never leaves: "
                        "sandbox only"),
    "circ.nodl.sandbox": ("该授权只用于沙箱，不能下载", "This grant is for the sandbox, "
                          "not for downloads"),
    "circ.nodl.revoked": ("已吊销", "Revoked"),
    "circ.nodl.expired": ("已过期", "Expired"),
    "circ.nodl.spent": ("下载次数已用完", "All downloads used"),
    "circ.commitment": ("安全承诺书", "Security commitment"),
    "circ.use": ("开放利用协议", "Use agreement"),
    "circ.version": ("第 {version} 版", "version {version}"),
    "circ.no_agreements": ("发布机构尚未编写协议文本，暂不能申请。",
                           "The publisher has not written the agreements yet: applications "
                           "are not possible."),
    "circ.organization": ("申请单位", "Organization"),
    "circ.purpose": ("使用目的", "Purpose"),
    "circ.scenario": ("使用场景", "Usage scenario"),
    "circ.fields": ("所需字段", "Fields needed"),
    "circ.fields_hint": ("不选表示全部字段", "None selected means all fields"),
    "circ.days": ("使用期限（天）", "Duration (days)"),
    "circ.accept_commitment": ("我已阅读并接受安全承诺书", "I have read and accept the "
                               "security commitment"),
    "circ.accept_use": ("我已阅读并接受开放利用协议", "I have read and accept the use agreement"),
    "circ.submit": ("提交申请", "Submit application"),
    "circ.requests_title": ("我的申请", "My applications"),
    "circ.no_requests": ("还没有申请。", "No applications yet."),
    "circ.dataset": ("数据集", "Dataset"),
    "circ.status": ("状态", "Status"),
    "circ.note": ("审核意见", "Reviewer's note"),
    "circ.applicant": ("申请人", "Applicant"),
    "circ.submitted": ("提交时间", "Submitted"),
    "status.pending": ("待审核", "Pending"),
    "status.changes": ("需修改", "Changes requested"),
    "status.approved": ("已批准", "Approved"),
    "status.rejected": ("已驳回", "Rejected"),
    "circ.inbox_title": ("站内信", "Inbox"),
    "circ.inbox_empty": ("没有消息。", "No messages."),
    "circ.mark_read": ("全部标为已读", "Mark all read"),
    "circ.unread": ("未读", "Unread"),
    "circ.review_title": ("申请审核", "Review applications"),
    "circ.review_empty": ("没有待审核的申请。", "No applications to review."),
    "circ.quota": ("下载次数", "Downloads"),
    "circ.annotate": ("同时允许其机构标注此数据集（核心/L4 数据除外）",
                      "Also let their organization annotate this dataset (never core/L4 data)"),
    "circ.reason": ("理由或意见", "Reason or note"),
    "circ.approve": ("批准", "Approve"),
    "circ.reject": ("驳回", "Reject"),
    "circ.changes": ("要求修改", "Ask for changes"),
    "circ.agreements_title": ("协议文本：{title}", "Agreements: {title}"),
    "circ.agreements_intro": ("每次保存生成新版本；此后的申请须接受新版本。",
                              "Each save makes a new version; later applications must "
                              "accept it."),
    "circ.save": ("保存新版本", "Save new version"),
    "circ.edit_agreements": ("编辑协议文本", "Edit agreements"),
    "circ.grants_title": ("授权", "Grants"),
    "circ.held": ("我持有的授权", "Grants I hold"),
    "circ.issued": ("本机构发出的授权", "Grants issued by my organization"),
    "circ.no_grants": ("没有授权。", "No grants."),
    "circ.holder": ("持有人", "Holder"),
    "circ.expires": ("有效期至", "Valid until"),
    "circ.used": ("已下载", "Used"),
    "circ.all_fields": ("全部字段", "all fields"),
    "circ.revoked": ("已撤销", "Revoked"),
    "circ.active": ("有效", "Active"),
    "circ.revoke": ("撤销", "Revoke"),
    "circ.download": ("下载（含水印）", "Download (watermarked)"),
    "circ.watermark_note": ("每份下载都带有指向你的数字水印。", "Every download carries a "
                            "watermark that points to you."),
}
