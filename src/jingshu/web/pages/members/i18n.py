"""Portal messages of registration and member management (merged into ``i18n.MESSAGES``)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "reg.title": ("注册账号", "Register"),
    "reg.intro": ("注册后账号处于待审核状态，由所选机构的管理员批准后才能登录。",
                  "A new account waits for approval: an admin of the organization you "
                  "choose approves it before you can log in."),
    "reg.link": ("注册", "Register"),
    "reg.no_account": ("还没有账号？", "No account yet?"),
    "reg.username": ("用户名", "Username"),
    "reg.username_help": ("2–63 位小写字母、数字、-、_ 或 .", "2–63 lowercase letters, digits, "
                          "'-', '_' or '.'"),
    "reg.display_name": ("姓名", "Name"),
    "reg.email": ("电子邮箱", "Email"),
    "reg.password": ("密码", "Password"),
    "reg.password_help": ("至少 {n} 个字符，不能是常见密码或简单规律。",
                          "At least {n} characters; not a common password or a simple "
                          "pattern."),
    "reg.password2": ("再次输入密码", "Password again"),
    "reg.organization": ("所属机构", "Organization"),
    "reg.choose": ("请选择", "Choose one"),
    "reg.note": ("申请说明（选填）", "Note to the admin (optional)"),
    "reg.submit": ("提交注册", "Register"),
    "reg.done": ("注册已提交：{user} 正在等待 {org} 的管理员审核，批准后即可登录。",
                 "Registration sent: {user} is waiting for an admin of {org}; you can log "
                 "in once it is approved."),
    "reg.waiting": ("你的注册正在等待 {org} 的管理员审核，批准后即可登录。",
                    "Your registration is waiting for an admin of {org}; you can log in "
                    "once it is approved."),
    "reg.was_rejected": ("你的注册已被驳回：{reason}", "Your registration was rejected: "
                         "{reason}"),
    "reg.fix": ("注册信息有误，请修改标出的字段。", "Fix the marked fields."),
    "reg.err.username": ("用户名须为 2–63 位小写字母、数字、-、_ 或 .，并以字母或数字开头。",
                         "Use 2–63 lowercase letters, digits, '-', '_' or '.', starting "
                         "with a letter or digit."),
    "reg.err.taken": ("该用户名已被使用，请换一个。", "That username is taken: choose another."),
    "reg.err.pw_short": ("密码太短：至少 {n} 个字符。", "The password is too short: at least "
                         "{n} characters."),
    "reg.err.pw_long": ("密码太长。", "The password is too long."),
    "reg.err.pw_username": ("密码不能包含用户名。", "The password must not contain the "
                            "username."),
    "reg.err.pw_common": ("这是常用密码，请换一个不易猜到的。", "That is a commonly used "
                          "password: choose one that is hard to guess."),
    "reg.err.pw_trivial": ("密码是简单规律（重复、连续或键盘序列），请换一个。",
                           "The password is a simple pattern (repeated, sequential or a "
                           "keyboard run): choose another."),
    "reg.err.mismatch": ("两次输入的密码不一致。", "The two passwords differ."),
    "reg.err.org": ("请选择一个已登记的机构。", "Choose a registered organization."),
    "reg.err.email": ("电子邮箱格式不对。", "That is not an email address."),
    "mem.title": ("成员与注册审核", "Members and registrations"),
    "mem.title_org": ("{org} 的成员与注册审核", "Members and registrations of {org}"),
    "mem.link": ("用户管理", "Users"),
    "mem.pending": ("待审核的注册", "Registrations to decide"),
    "mem.pending_empty": ("没有待审核的注册。", "No registrations are waiting."),
    "mem.registered": ("注册时间", "Registered"),
    "mem.note": ("说明", "Note"),
    "mem.role": ("批准后的角色", "Role on approval"),
    "mem.reason": ("驳回理由", "Reason to reject"),
    "mem.approve": ("批准", "Approve"),
    "mem.reject": ("驳回", "Reject"),
    "mem.approved": ("已批准 {user} 的注册，角色为“{role}”，该用户现在可以登录。",
                     "Approved {user} as {role}; they can log in now."),
    "mem.rejected": ("已驳回 {user} 的注册（理由：{reason}），该账号不能登录。",
                     "Rejected {user} (reason: {reason}); the account cannot log in."),
    "mem.admin_set": ("{user} 现在是本机构管理员。", "{user} is now an admin of the "
                      "organization."),
    "mem.admin_unset": ("{user} 不再是本机构管理员。", "{user} is no longer an admin of the "
                        "organization."),
    "mem.need_reason": ("驳回须填写理由。", "A rejection needs a reason."),
    "mem.members": ("成员", "Members"),
    "mem.members_empty": ("还没有成员。", "No members yet."),
    "mem.user": ("用户", "User"),
    "mem.state": ("状态", "State"),
    "mem.active": ("可登录", "Active"),
    "mem.inactive": ("未启用", "Inactive"),
    "mem.org_admin": ("机构管理员", "Organization admin"),
    "mem.make_admin": ("设为机构管理员", "Make organization admin"),
    "mem.unmake_admin": ("取消机构管理员", "Remove as organization admin"),
    "mem.all_orgs": ("全部机构", "All organizations"),
    "mem.filter": ("查看", "Show"),
    "org.title": ("机构管理", "Organizations"),
    "org.link": ("机构管理", "Organizations"),
    "org.name": ("标识", "Name"),
    "org.org_title": ("名称", "Title"),
    "org.members": ("成员数", "Members"),
    "org.pending": ("待审核", "Waiting"),
    "org.manage": ("成员与审核", "Members"),
    "org.create": ("新建机构", "New organization"),
    "org.created": ("已新建机构 {org}。", "Organization {org} created."),
    "org.empty": ("还没有机构。", "No organizations yet."),
    "org.err.name": ("标识须为 2–63 位小写字母、数字、-、_ 或 .。", "Use 2–63 lowercase "
                     "letters, digits, '-', '_' or '.'."),
    "org.err.taken": ("该机构标识已存在。", "That organization already exists."),
    "tok.revoke": ("吊销", "Revoke"),
    "tok.revoked": ("令牌“{name}”已吊销，使用它的脚本将无法再访问。",
                    "Token '{name}' is revoked; scripts using it are refused from now on."),
}
