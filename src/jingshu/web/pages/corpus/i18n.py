"""Portal messages of corpus runs (merged into :data:`i18n.MESSAGES`)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.runs": ("配方运行", "Recipe runs"),
    "run.title": ("运行配方", "Run a recipe"),
    "run.intro": ("在服务器上用清洗配方处理第 {number} 版，结果发布为目标数据集的新版本，"
                  "并记录血缘。",
                  "Clean version {number} on the server with a recipe; the result is "
                  "published as a new version of the target dataset, with lineage."),
    "run.recipe": ("配方", "Recipe"),
    "run.custom": ("自定义（粘贴 YAML）", "Custom (paste YAML)"),
    "run.yaml": ("配方 YAML", "Recipe YAML"),
    "run.yaml_hint": ("选择“自定义”时使用；提交前会检查算子和参数。",
                      "Used when “Custom” is chosen; operators and parameters are checked "
                      "before the run is accepted."),
    "run.target": ("目标数据集", "Target dataset"),
    "run.target_hint": ("新名称将以本机构名义创建；已有数据集须属于本机构。",
                        "A new name is created for your organization; an existing dataset "
                        "must be your organization's."),
    "run.submit": ("提交运行", "Submit run"),
    "run.my_runs": ("查看我的运行", "See my runs"),
    "run.runs_title": ("配方运行", "Recipe runs"),
    "run.no_runs": ("还没有运行。", "No runs yet."),
    "run.source": ("源版本", "Source version"),
    "run.status": ("状态", "Status"),
    "run.progress": ("进度", "Progress"),
    "run.submitted": ("提交时间", "Submitted"),
    "run.result": ("结果", "Result"),
    "run.documents": ("已读 {count} 条", "{count} documents read"),
    "run.report": ("{target} 第 {number} 版的处理报告", "Report of {target} version {number}"),
    "run.status.queued": ("排队中", "Queued"),
    "run.status.running": ("运行中", "Running"),
    "run.status.succeeded": ("已完成", "Succeeded"),
    "run.status.failed": ("失败", "Failed"),
}
