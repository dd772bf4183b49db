"""The audit log's words for what the composition root records (``core.auditlog.labels``)."""

from __future__ import annotations

from core.auditlog import labels
from core.i18n import N_

labels.actions({"demo.load": N_("载入演示数据")})
