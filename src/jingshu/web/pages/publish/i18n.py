"""Messages of the publishing pages (Chinese, English; merged into ``i18n.MESSAGES``)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "pub.new": ("发布新数据集", "New dataset"),
    "pub.new_intro": ("填写元数据，选择开放类型与数据分级，并可同时上传第一个版本的数据文件。",
                      "Describe the dataset, choose its open tier and grade, and upload "
                      "the file of its first version if you have it."),
    "pub.edit": ("编辑数据集", "Edit dataset"),
    "pub.edit_title": ("编辑：{title}", "Edit: {title}"),
    "pub.upload_version": ("上传新版本", "Upload a new version"),
    "pub.metadata": ("元数据", "Metadata"),
    "pub.protection": ("开放类型与数据分级", "Open tier and grade"),
    "pub.rule": ("规则：重要、核心数据及 L4 数据不得无条件开放；L2、L3 数据至多有条件开放；"
                 "只有一般数据 L1 可以无条件开放。",
                 "The rule: important, core and L4 data are never opened unconditionally; "
                 "L2 and L3 data at most conditionally; only general L1 data may be open "
                 "to all."),
    "pub.lower_note": ("降低保护（更开放的类型、更低的分级或级别）不会立即生效：需填写理由，"
                       "由另一位管理员或数据安全官批准。", "Lowering protection (a more open "
                       "tier, a lower grade or level) does not apply at once: give a reason, "
                       "and another administrator or data officer approves it."),
    "pub.reason": ("降低保护的理由", "Reason for lowering protection"),
    "pub.name": ("标识", "Name"),
    "pub.name_help": ("2–63 位小写字母、数字、-、_ 或 .，发布后不可修改。",
                      "2–63 lowercase letters, digits, '-', '_' or '.'; it cannot change later."),
    "pub.title": ("标题", "Title"),
    "pub.description": ("描述", "Description"),
    "pub.organization": ("发布机构", "Publisher"),
    "pub.no_organization": ("（无）", "(none)"),
    "pub.theme": ("主题", "Theme"),
    "pub.keywords": ("关键词", "Keywords"),
    "pub.keywords_help": ("用逗号或顿号分隔", "Separated by commas"),
    "pub.license": ("许可协议", "Licence"),
    "pub.languages": ("语言", "Languages"),
    "pub.languages_help": ("语言代码，用逗号分隔，例如 zh, en", "Language codes separated by "
                           "commas, e.g. zh, en"),
    "pub.modality": ("模态", "Modality"),
    "pub.frequency": ("更新频率", "Update frequency"),
    "pub.tier": ("开放类型", "Open tier"),
    "pub.grade": ("数据分级", "Grade"),
    "pub.sensitivity": ("敏感级别", "Sensitivity level"),
    "pub.file": ("数据文件", "Data file"),
    "pub.file_help": ("JSON Lines、CSV、TSV、Parquet 或纯文本；图片/音频文件夹或 COCO 数据请打包为 "
                      ".zip，WebDataset 为 .tar；最大 {mb} MB。",
                      "JSON lines, CSV, TSV, Parquet or plain text; a folder of images or "
                      "audio, or a COCO set, as a .zip; a WebDataset .tar; at most {mb} MB."),
    "pub.file_optional": ("可稍后再上传。", "You can upload it later."),
    "pub.version_help": ("新版本须与最新版本的字段相同；数据字典的说明会沿用。",
                         "A new version must have the newest version's fields; the data "
                         "dictionary's descriptions carry over."),
    "pub.create": ("创建数据集", "Create dataset"),
    "pub.save": ("保存元数据", "Save metadata"),
    "pub.upload": ("上传", "Upload"),
    "pub.uploading": ("正在上传：{pct}%（{sent} / {total}）", "Uploading: {pct}% ({sent} of "
                      "{total})"),
    "pub.processing": ("上传完成，正在导入并生成数据画像……", "Uploaded; importing and "
                       "profiling…"),
    "pub.upload_failed": ("上传中断，请检查网络后重试。", "The upload was interrupted: check "
                          "the connection and try again."),
    "pub.dictionary": ("数据字典", "Data dictionary"),
    "pub.dictionary_help": ("版本 {number} 各字段的说明。", "What each field of version "
                            "{number} holds."),
    "pub.save_dictionary": ("保存数据字典", "Save data dictionary"),
    "pub.resources": ("相关资源", "Resources"),
    "pub.resource_help": ("附上标准、接口说明或样例文件的链接（http(s) 地址或本站路径）。",
                          "Attach a standard, an API description or a sample file "
                          "(an http(s) URL or a path on this site)."),
    "pub.res_title": ("资源标题", "Resource title"),
    "pub.res_url": ("链接", "Link"),
    "pub.res_format": ("格式（选填）", "Format (optional)"),
    "pub.res_description": ("说明（选填）", "Description (optional)"),
    "pub.add_resource": ("添加资源", "Add resource"),
    "pub.no_versions": ("还没有版本：先上传数据文件，才有数据字典。",
                        "No version yet: upload a file first, then describe its fields."),
    "pub.fix": ("请修改标出的字段。", "Fix the marked fields."),
    "pub.back": ("返回数据集", "Back to the dataset"),
    "pub.created": ("已创建数据集 {name}。", "Dataset {name} created."),
    "pub.created_version": ("已创建数据集 {name}，版本 {number} 共 {rows} 行。",
                            "Dataset {name} created; version {number} has {rows} rows."),
    "pub.saved": ("元数据已保存。", "Metadata saved."),
    "pub.saved_dictionary": ("数据字典已保存。", "Data dictionary saved."),
    "pub.added_resource": ("已添加资源“{title}”。", "Resource “{title}” added."),
    "pub.version_added": ("已发布版本 {number}，共 {rows} 行。", "Version {number} published: "
                          "{rows} rows."),
    "pub.regrade_opened": ("降低保护的申请（编号 {id}）已提交，等待另一位管理员或数据安全官批准；"
                           "其余修改已保存。", "The request to lower protection (no. {id}) "
                           "waits for another administrator or data officer; the other "
                           "changes are saved."),
    "pub.nothing_changed": ("没有修改。", "Nothing changed."),
    "pub.err.name": ("标识须为 2–63 位小写字母、数字、-、_ 或 .，并以字母或数字开头。",
                     "Use 2–63 lowercase letters, digits, '-', '_' or '.', starting with a "
                     "letter or digit."),
    "pub.err.taken": ("已有名为 {name} 的数据集，请换一个标识，或在该数据集上传新版本。",
                      "A dataset named {name} exists: choose another name, or upload a new "
                      "version to it."),
    "pub.err.title": ("请填写标题。", "Give a title."),
    "pub.err.choice": ("“{value}”不是可选的值。", "“{value}” is not one of the choices."),
    "pub.err.organization": ("你只能为本机构发布数据集。", "You publish only for your own "
                             "organization."),
    "pub.err.tier": ("{grade}数据（{level}）不能{tier}：可选 {allowed}。",
                     "{grade} data at {level} cannot be “{tier}”: choose {allowed}."),
    "pub.err.reason": ("降低保护须填写理由。", "Lowering protection needs a reason."),
    "pub.err.no_file": ("请选择要上传的文件。", "Choose a file to upload."),
    "pub.err.file": ("文件无法导入：{message}", "The file could not be imported: {message}"),
    "pub.err.protected": ("该数据集的保护低于其来源数据：{message}",
                          "The dataset is less protected than its sources: {message}"),
    "pub.err.res_title": ("请填写资源标题。", "Give the resource a title."),
    "pub.err.res_url": ("链接须为 http(s) 地址或以 / 开头的本站路径。",
                        "The link must be an http(s) URL or a path on this site "
                        "starting with /."),
    "pub.or": ("或", "or"),
}
