"""Portal messages of the DP sandbox (merged into :data:`i18n.MESSAGES`)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    "sb.name": ("隐私计算沙箱", "DP sandbox"),
    "sb.open": ("在沙箱中查询", "Query in the sandbox"),
    "sb.edit": ("编辑沙箱声明", "Edit the sandbox declaration"),
    "sb.intro": ("沙箱只返回加入差分隐私噪声的聚合结果，原始数据不出库。每次查询花费隐私预算 ε，"
                 "花掉的预算不退还。",
                 "The sandbox only answers aggregates with differentially private noise; "
                 "raw rows never leave. Each query spends privacy budget ε, and spent budget "
                 "is never given back."),
    "sb.none": ("发布机构尚未为该数据集声明沙箱。", "The publisher has not declared a "
                "sandbox for this dataset."),
    "sb.declare_title": ("沙箱声明：{title}", "Sandbox declaration: {title}"),
    "sb.declare_intro": ("只有在此声明的列可以被查询。数值列须给出上下界（超出的值被截断），"
                         "分类列须列出取值（其余值计为“其他”）。",
                         "Only the columns declared here can be queried. Numeric columns "
                         "need bounds (values outside are clamped); categorical columns list "
                         "their values (others count as 其他)."),
    "sb.columns": ("可查询的列", "Queryable columns"),
    "sb.column": ("列名", "Column"),
    "sb.kind": ("类型", "Type"),
    "sb.kind.numeric": ("数值", "Numeric"),
    "sb.kind.categorical": ("分类", "Categorical"),
    "sb.lower": ("下界", "Lower bound"),
    "sb.upper": ("上界", "Upper bound"),
    "sb.bins": ("分箱数", "Bins"),
    "sb.values": ("取值（逗号分隔）", "Values (comma-separated)"),
    "sb.empty_rows": ("留空的行会被忽略。", "Blank rows are ignored."),
    "sb.epsilon_total": ("每位使用者的总预算 ε", "Total budget ε per consumer"),
    "sb.max_epsilon": ("单次查询最多花费 ε", "Most ε one query may spend"),
    "sb.min_count": ("最小分组人数", "Minimum group size"),
    "sb.save": ("保存声明", "Save declaration"),
    "sb.saved": ("声明已保存。", "Declaration saved."),
    "sb.fix_errors": ("声明有误，请修改标出的字段。", "The declaration has errors: fix the "
                      "marked fields."),
    "sb.err.required": ("必填", "required"),
    "sb.err.number": ("须为数字", "must be a number"),
    "sb.err.gt": ("须大于 {limit}", "must be greater than {limit}"),
    "sb.err.ge": ("须不小于 {limit}", "must be at least {limit}"),
    "sb.err.lt": ("须小于 {limit}", "must be less than {limit}"),
    "sb.err.le": ("须不大于 {limit}", "must be at most {limit}"),
    "sb.err.min_length": ("至少需要 {limit} 项", "needs at least {limit} entries"),
    "sb.err.max_length": ("至多 {limit} 项", "takes at most {limit} entries"),
    "sb.err.duplicate": ("列名 {name} 重复", "column {name} appears twice"),
    "sb.query_title": ("沙箱查询：{title}", "Sandbox queries: {title}"),
    "sb.budget": ("隐私预算", "Privacy budget"),
    "sb.budget_left": ("剩余 ε {left} / 共 {total}（已查询 {queries} 次）",
                       "ε left {left} of {total} ({queries} queries)"),
    "sb.no_grant": ("你没有该数据集的有效授权，不能查询。请先申请。",
                    "You hold no active grant on this dataset, so you cannot query it. "
                    "Apply for access first."),
    "sb.builder": ("新建查询", "New query"),
    "sb.aggregate": ("聚合", "Aggregate"),
    "sb.agg.count": ("计数", "Count"),
    "sb.agg.sum": ("求和", "Sum"),
    "sb.agg.mean": ("平均值", "Mean"),
    "sb.agg.quantiles": ("分位数", "Quantiles"),
    "sb.agg.histogram": ("直方图", "Histogram"),
    "sb.measure": ("度量列", "Column"),
    "sb.measure_hint": ("计数不需要度量列", "Count needs no column"),
    "sb.group_by": ("分组", "Group by"),
    "sb.no_group": ("不分组", "No grouping"),
    "sb.quantiles": ("分位点（逗号分隔，0–1）", "Quantiles (comma-separated, 0–1)"),
    "sb.epsilon": ("本次花费 ε", "ε to spend"),
    "sb.run": ("运行查询", "Run query"),
    "sb.result": ("查询结果", "Result"),
    "sb.key": ("分组", "Group"),
    "sb.value": ("含噪结果", "Noisy value"),
    "sb.accuracy": ("95% 误差范围", "95% error"),
    "sb.accuracy_line": ("噪声尺度 {scale}；95% 的结果落在真实值 ±{accuracy} 之内。",
                         "Noise scale {scale}; 95% of results fall within ±{accuracy} of "
                         "the true value."),
    "sb.accuracy_each": ("噪声尺度 {scale}；每组 95% 的结果落在真实值 ±{accuracy} 之内。",
                         "Noise scale {scale}; for each group, 95% of results fall within "
                         "±{accuracy} of the true value."),
    "sb.accuracy_range": ("噪声尺度 {scale}；各组 95% 的结果落在真实值 ±{low} 至 ±{high} "
                          "之内（每组见表）。",
                          "Noise scale {scale}; per group, 95% of results fall within "
                          "±{low} to ±{high} of the true value (each group in the table)."),
    "sb.other_dropped": ("“其他”组的含噪计数与 0 无法区分，未列出。",
                         "The 其他 (other) group's noisy count cannot be told from 0 and "
                         "is not shown."),
    "sb.clipped": ("超出图顶的误差线在顶端截断。", "Error bars past the top are cut at "
                   "the top edge."),
    "sb.spent": ("本次花费 ε {epsilon}", "This query spent ε {epsilon}"),
    "sb.details": ("机制说明", "Mechanism"),
    "sb.chart": ("结果图（误差线为 95% 范围）", "Chart (error bars: 95% range)"),
    "sb.refused": ("查询被拒绝，未花费预算", "Query refused: no budget spent"),
    "sb.history": ("我的查询记录", "My queries"),
    "sb.no_history": ("还没有查询。", "No queries yet."),
    "sb.when": ("时间", "When"),
    "sb.query": ("查询", "Query"),
    "sb.status": ("状态", "Status"),
    "sb.status.released": ("已发布", "Released"),
    "sb.status.failed": ("已拒绝（预算已退回）", "Refused (budget given back)"),
    "sb.status.reserved": ("计算中", "Running"),
}
