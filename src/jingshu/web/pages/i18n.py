"""The portal's message catalog: every UI string in Chinese (the default) and English.

Templates call ``_("key")`` (bound to the viewer's language by ``render``); Python calls
``t("key", lang)``. Placeholders use ``str.format`` names: ``t("search.found", lang,
total=3)``. A test checks that every key has both languages and that every key a
template uses exists here.

The viewer's language is ``?lang=`` if given, else the ``lang`` cookie set by
``/lang/{zh|en}``, else Chinese.
"""

from __future__ import annotations

from fastapi import Request

from jingshu.web.pages.annotate.i18n import MESSAGES as ANNOTATE_MESSAGES
from jingshu.web.pages.catalog.i18n import MESSAGES as CATALOG_MESSAGES
from jingshu.web.pages.circulation.i18n import MESSAGES as CIRCULATION_MESSAGES
from jingshu.web.pages.corpus.i18n import MESSAGES as CORPUS_MESSAGES
from jingshu.web.pages.members.i18n import MESSAGES as MEMBERS_MESSAGES
from jingshu.web.pages.publish.i18n import MESSAGES as PUBLISH_MESSAGES
from jingshu.web.pages.quality.i18n import MESSAGES as QUALITY_MESSAGES
from jingshu.web.pages.regrade.i18n import MESSAGES as REGRADE_MESSAGES
from jingshu.web.pages.sandbox.i18n import MESSAGES as SANDBOX_MESSAGES

__all__ = ["DEFAULT_LANG", "LANGS", "LANG_COOKIE", "MESSAGES", "language_of", "t"]

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_COOKIE = "lang"

MESSAGES: dict[str, tuple[str, str]] = {
    # site chrome
    "site.name": ("精数", "jingshu"),
    "punct.colon": ("：", ": "),
    "a11y.skip": ("跳到正文", "Skip to content"),
    "nav.label": ("主导航", "Main navigation"),
    "nav.catalog": ("数据目录", "Catalog"),
    "nav.account": ("我的账户", "My account"),
    "nav.login": ("登录", "Log in"),
    "nav.logout": ("退出", "Log out"),
    "nav.switch_lang": ("English", "中文"),
    "nav.switch_lang_label": ("切换到英文", "Switch to Chinese"),
    "footer.text": ("精数：开源的数据治理与训练数据平台", "jingshu: open-source platform for "
                    "governed AI training data"),
    "footer.api": ("API 文档", "API docs"),
    # open tiers, grades, modalities
    "tier.unconditional": ("无条件开放", "Open"),
    "tier.conditional": ("有条件开放", "Conditionally open"),
    "tier.not_open": ("不予开放", "Not open"),
    "grade.general": ("一般", "General"),
    "grade.important": ("重要", "Important"),
    "grade.core": ("核心", "Core"),
    "grade.label": ("数据分级", "Grade"),
    "modality.text": ("文本", "Text"),
    "modality.image": ("图像", "Image"),
    "modality.audio": ("音频", "Audio"),
    "modality.tabular": ("表格", "Tabular"),
    "modality.multimodal": ("多模态", "Multimodal"),
    # home
    "home.title": ("首页", "Home"),
    "home.heading": ("精数数据目录", "The jingshu data catalog"),
    "home.intro": ("查找、预览并下载经过治理的中文 AI 训练数据集。",
                   "Find, preview and download governed Chinese AI training datasets."),
    "home.by_tier": ("按开放类型", "By open tier"),
    "home.latest": ("最新数据集", "Latest datasets"),
    "home.all": ("浏览全部数据集", "Browse all datasets"),
    "home.empty": ("目录中还没有数据集。", "The catalog has no datasets yet."),
    "home.datasets_count": ("{count} 个数据集", "Datasets: {count}"),
    # search
    "search.label": ("搜索数据集", "Search datasets"),
    "search.placeholder": ("搜索数据集，例如：语料", "Search datasets, e.g. 语料"),
    "search.submit": ("搜索", "Search"),
    "search.title": ("数据目录", "Catalog"),
    "search.filters": ("筛选条件", "Filters"),
    "search.tier": ("开放类型", "Open tier"),
    "search.theme": ("主题", "Theme"),
    "search.modality": ("模态", "Modality"),
    "search.organization": ("发布机构（标识）", "Publisher (name)"),
    "search.any": ("全部", "Any"),
    "search.apply": ("应用筛选", "Apply filters"),
    "search.reset": ("清除筛选", "Clear filters"),
    "search.found": ("共找到 {total} 个数据集", "Datasets found: {total}"),
    "search.found_for": ("“{q}”共找到 {total} 个数据集", "Datasets found for “{q}”: {total}"),
    "search.none": ("没有找到匹配的数据集。试试更短的关键词或清除筛选条件。",
                    "No dataset matches. Try a shorter query or clear the filters."),
    "page.nav": ("分页", "Pagination"),
    "page.prev": ("上一页", "Previous"),
    "page.next": ("下一页", "Next"),
    "page.of": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    # dataset card
    "ds.breadcrumb": ("面包屑导航", "Breadcrumb"),
    "ds.publisher": ("发布机构", "Publisher"),
    "ds.theme": ("主题", "Theme"),
    "ds.keywords": ("关键词", "Keywords"),
    "ds.license": ("许可协议", "License"),
    "ds.languages": ("语言", "Languages"),
    "ds.modality": ("模态", "Modality"),
    "ds.frequency": ("更新频率", "Update frequency"),
    "ds.resources": ("相关资源", "Resources"),
    "ds.tier": ("开放类型", "Open tier"),
    "ds.grade": ("分类分级", "Grade and level"),
    "ds.updated": ("更新时间", "Updated"),
    "ds.unknown": ("未填写", "Not given"),
    "ds.no_description": ("发布者尚未填写描述。", "The publisher has not written a description."),
    "ds.metadata": ("元数据", "Metadata"),
    "ds.access": ("获取数据", "Get the data"),
    "ds.download_jsonl": ("下载 JSONL", "Download JSONL"),
    "ds.download_parquet": ("下载 Parquet", "Download Parquet"),
    "ds.croissant": ("Croissant 元数据（JSON-LD）", "Croissant metadata (JSON-LD)"),
    "ds.request": ("申请使用", "Request access"),
    "ds.request_later": ("填写用途并接受协议后提交，审核通过后在“授权”页下载带水印的数据。",
                         "Apply with your purpose and accept the agreements; once approved, "
                         "download watermarked data from the Grants page."),
    "ds.login_if_granted": ("已获授权？请登录后查看。", "Already granted? Log in to see it."),
    "ds.not_open": ("该数据集不予开放：目录只公开元数据，数据不离开平台。",
                    "This dataset is not open: the catalog shows its metadata only, and its "
                    "data never leaves the platform."),
    "ds.conditional": ("该数据集有条件开放：预览与下载需要授权。",
                       "This dataset is conditionally open: preview and download need a grant."),
    "ds.preview_hidden": ("没有权限查看该数据集的数据行。",
                          "You have no right to see this dataset's rows."),
    "ds.preview_empty": ("该版本没有数据行。", "This version has no rows."),
    "ds.dictionary": ("数据字典", "Data dictionary"),
    "ds.field": ("字段", "Field"),
    "ds.type": ("类型", "Type"),
    "ds.description": ("说明", "Description"),
    "ds.versions": ("版本", "Versions"),
    "ds.version": ("版本", "Version"),
    "ds.rows": ("行数", "Rows"),
    "ds.bytes": ("大小", "Size"),
    "ds.created": ("创建时间", "Created"),
    "ds.made_by": ("生成方式", "Made by"),
    "ds.current": ("当前", "current"),
    "ds.no_versions": ("该数据集还没有版本。", "This dataset has no versions yet."),
    "ds.lineage": ("数据血缘", "Lineage"),
    "ds.lineage_desc": ("版本 {number} 的上游与下游版本；箭头从来源指向产物。",
                        "Versions upstream and downstream of version {number}; arrows point "
                        "from source to product."),
    "ds.lineage_none": ("该版本没有上游或下游版本。",
                        "This version has no parent or child versions."),
    "report.title": ("处理报告", "Processing report"),
    "report.summary": ("配方 {recipe}：输入 {docs_in} 篇，保留 {docs_out} 篇，"
                       "无法读取 {errors} 条，用时 {seconds} 秒。",
                       "Recipe {recipe}: {docs_in} documents in, {docs_out} kept, {errors} "
                       "unreadable, {seconds} s."),
    "report.operator": ("算子", "Operator"),
    "report.kind": ("类型", "Kind"),
    "report.in": ("输入", "In"),
    "report.out": ("输出", "Out"),
    "report.drops": ("丢弃原因", "Drops by reason"),
    "report.seconds": ("用时（秒）", "Time (s)"),
    "report.reason": ("原因", "Reason"),
    "report.documents": ("篇数", "Documents"),
    "report.examples": ("示例", "Examples"),
    "report.examples_hidden": ("（无权查看数据内容）", "(no right to see the data)"),
    "report.plots": ("处理前后分布（抽样 {sampled} 篇）",
                     "Before and after ({sampled} sampled documents)"),
    "report.plots_media": ("源数据与保留行的分布", "Source rows and kept rows"),
    "report.plot.media": ("{column} 分布", "{column}"),
    "report.plot.steps": ("各步骤保留篇数与丢弃原因", "Documents kept after each step, drops"),
    "report.plot.length": ("长度分布", "Length"),
    "report.plot.cjk_ratio": ("汉字占比分布", "Share of Han characters"),
    "report.plot.fluency": ("流畅度分布（字符语言模型）", "Fluency (character language model)"),
    "report.plot.char_repetition": ("字符 10-gram 重复率分布", "Character 10-gram repetition"),
    # login, account
    "login.title": ("登录", "Log in"),
    "login.username": ("用户名", "Username"),
    "login.password": ("密码", "Password"),
    "login.totp": ("动态验证码（已开启两步验证时填写）",
                   "One-time code (if two-step login is on)"),
    "login.submit": ("登录", "Log in"),
    "login.failed": ("用户名或密码错误，请检查后重试。",
                     "Wrong username or password. Check both and try again."),
    "account.title": ("我的账户", "My account"),
    "account.username": ("用户名", "Username"),
    "account.display_name": ("显示名称", "Display name"),
    "account.role": ("角色", "Role"),
    "account.organization": ("所属机构", "Organization"),
    "account.none": ("无", "None"),
    "account.tokens": ("API 令牌", "API tokens"),
    "account.tokens_intro": ("令牌用于脚本和命令行访问 API：在请求头中发送 "
                             "Authorization: Bearer 令牌。",
                             "Tokens let scripts and the command line use the API: send "
                             "Authorization: Bearer TOKEN."),
    "account.token_name": ("令牌名称", "Token name"),
    "account.token_days": ("有效天数（留空为永久）", "Valid for days (empty: no expiry)"),
    "account.token_create": ("创建令牌", "Create token"),
    "account.token_prefix": ("前缀", "Prefix"),
    "account.token_created": ("创建时间", "Created"),
    "account.token_expires": ("过期时间", "Expires"),
    "account.token_last_used": ("最近使用", "Last used"),
    "account.token_status": ("状态", "Status"),
    "account.token_active": ("有效", "Active"),
    "account.token_revoked": ("已吊销", "Revoked"),
    "account.token_never": ("从不", "Never"),
    "account.no_tokens": ("还没有令牌。", "No tokens yet."),
    "account.new_token": ("新令牌已创建。请立即复制，它只显示这一次：",
                          "Your new token. Copy it now: it is shown only once:"),
    "account.copy": ("复制", "Copy"),
    "account.copied": ("已复制", "Copied"),
    "role.admin": ("管理员", "Administrator"),
    "role.publisher": ("发布者", "Publisher"),
    "role.annotator": ("标注员", "Annotator"),
    "role.consumer": ("数据使用者", "Data consumer"),
    # errors
    "error.title": ("出错了", "Something went wrong"),
    "error.status": ("状态码 {status}", "Status {status}"),
    "error.hint": ("建议", "What to do"),
    "error.home": ("返回首页", "Back to the home page"),
    "error.login": ("去登录", "Log in"),
    "error.400": ("请求无效", "Bad request"),
    "error.401": ("需要登录", "Login required"),
    "error.403": ("没有权限", "Not allowed"),
    "error.404": ("找不到该页面或对象", "Not found"),
    "error.409": ("冲突", "Conflict"),
    "error.413": ("文件过大", "File too large"),
    "error.422": ("违反治理规则", "Governance rule violated"),
    "error.429": ("尝试次数过多", "Too many attempts"),
    "error.500": ("服务器内部错误", "Server error"),
    "error.details": ("详情", "Details"),
    "error.explain.400": ("请求中的参数有误，请按下面的详情修改后重试。",
                          "Something in the request is wrong: fix it as the details say."),
    "error.explain.401": ("请先登录再访问此页面。", "Log in to see this page."),
    "error.explain.403": ("你的账户无权进行此操作：数据集的开放类型与分级决定谁能查看和下载数据。",
                          "Your account may not do this: a dataset's open tier and grade "
                          "decide who may see and download its data."),
    "error.explain.404": ("找不到该页面或对象，请检查网址中的名称与版本号。",
                          "There is no such page or object: check the name and version "
                          "in the address."),
    "error.explain.409": ("与当前状态冲突，请刷新后再试。",
                          "This conflicts with the current state: reload and try again."),
    "error.explain.413": ("上传的文件超过了服务器允许的大小，未作任何更改。",
                          "The upload is larger than the server accepts; nothing was "
                          "changed."),
    "error.explain.422": ("该操作违反数据分级与开放规则，未作任何更改。",
                          "This breaks the tier and grade rules; nothing was changed."),
    "error.explain.429": ("尝试次数过多，请稍后再试。", "Too many attempts: wait and try again."),
    "error.explain.500": ("服务器出错，请稍后再试；问题持续时请联系平台管理员。",
                          "The server failed: try again later, and tell the platform's "
                          "administrators if it goes on."),
    "hint.login": ("请登录；脚本与命令行请在请求头中发送 Authorization: Bearer 令牌。",
                   "Log in, or send 'Authorization: Bearer TOKEN'."),
    "hint.role": ("你的角色是“{role}”。如需此权限，请联系管理员。",
                  "Your role is {role}; ask an administrator for this right."),
    "hint.admin": ("这是平台的数据保护规则，管理员也不能越过。",
                   "This is one of the platform's protection rules, which administrators "
                   "cannot override either."),
    "hint.reload": ("请刷新页面后重新提交表单。", "Reload the page and submit the form again."),
    "hint.officer": ("请联系管理员或数据安全官。", "Ask an administrator or a data officer."),
    "hint.too_large": ("请拆分文件，或请平台管理员调高 JINGSHU_MAX_UPLOAD_MB。",
                       "Split the file, or ask the platform's administrators to raise "
                       "JINGSHU_MAX_UPLOAD_MB."),
}
MESSAGES.update(CIRCULATION_MESSAGES)
MESSAGES.update(ANNOTATE_MESSAGES)
MESSAGES.update(CORPUS_MESSAGES)
MESSAGES.update(SANDBOX_MESSAGES)
MESSAGES.update(REGRADE_MESSAGES)
MESSAGES.update(CATALOG_MESSAGES)
MESSAGES.update(QUALITY_MESSAGES)
MESSAGES.update(MEMBERS_MESSAGES)
MESSAGES.update(PUBLISH_MESSAGES)


def t(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (Chinese unless ``lang`` is ``en``).

    Args:
        key: a key of :data:`MESSAGES`; an unknown key is returned as is.
        lang: ``zh`` or ``en``.
        values: placeholders to fill with ``str.format``.
    """
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def language_of(request: Request) -> str:
    """The viewer's language: ``?lang=``, then the ``lang`` cookie, then Chinese."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate is not None and candidate in LANGS:
            return candidate
    return DEFAULT_LANG
