"""The audit log's words for what consultation records (``core.auditlog.labels``)."""

from __future__ import annotations

from core.auditlog import labels
from core.i18n import N_

labels.actions(
    {
        "consult.topic.create": N_("起草意见征集"),
        "consult.topic.update": N_("修改意见征集"),
        "consult.topic.publish": N_("发布意见征集"),
        "consult.topic.close": N_("截止意见征集"),
        "consult.topic.answer": N_("发布意见征集反馈"),
        "consult.topic.from_letter": N_("由来信起草意见征集"),
        "consult.document.add": N_("上传征集附件"),
        "consult.document.remove": N_("删除征集附件"),
        "consult.feedback": N_("反馈居民意见"),
        "consult.question.add": N_("问卷添加题目"),
        "consult.question.remove": N_("问卷删除题目"),
        "consult.question.move": N_("调整题目顺序"),
        "consult.export": N_("导出意见征集数据"),
        "demo.consult": N_("载入意见征集演示数据"),
    }
)
labels.targets({"topic": N_("意见征集")})
labels.fields(
    {
        "opens_on": N_("开始日期"),
        "closes_on": N_("截止日期"),
        "response": N_("公开反馈"),
        "document": N_("附件编号"),
        "sha256": N_("文件校验值"),
        "adoption": N_("采纳情况"),
        "options": N_("选项"),
        "format": N_("格式"),
        "dataset": N_("数据"),
    }
)
labels.values(
    "status",
    {"draft": N_("草稿"), "open": N_("征集中"), "closed": N_("已截止"), "answered": N_("已反馈")},
    target="topic",
)
labels.values(
    "adoption", {"adopted": N_("采纳"), "partly": N_("部分采纳"), "not_adopted": N_("未采纳")}
)
labels.values(
    "kind",
    {"single": N_("单选"), "multiple": N_("多选"), "scale": N_("打分"), "text": N_("填空")},
    target="topic",
)
