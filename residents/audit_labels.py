"""The audit log's words for what residents records (``core.auditlog.labels``)."""

from __future__ import annotations

from core.auditlog import labels
from core.i18n import N_

labels.actions({"roster.import": N_("导入居民名册"), "roster.verify_in_person": N_("现场核验居民")})
labels.targets({"roster_entry": N_("名册")})
labels.fields(
    {
        "home_area": N_("居住区域"),
        "roster_name": N_("名册姓名"),
        "verification": N_("核验方式"),
        "township": N_("街道/镇"),
        "village": N_("村/社区"),
        "added": N_("新增"),
        "unchanged": N_("未变"),
        "removed": N_("移出"),
        "kept": N_("保留（已核验或已投票）"),
    }
)
labels.values("verification", {"roster": N_("本人核对名册"), "in_person": N_("干部现场核验")})
