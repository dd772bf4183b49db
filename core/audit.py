"""The audit log helper every staff action calls (审计日志). Append-only."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

from tortoise.models import Model

from core.models import AuditEntry
from core.principal import Principal


def snapshot(instance: Model, field_names: list[str]) -> dict[str, Any]:
    """JSON-safe copy of some fields, for the before → after columns."""
    return {name: json_safe(getattr(instance, name)) for name in field_names}


def json_safe(value: Any) -> Any:
    """A value as JSON (and a spreadsheet) takes it: enums by value, times as ISO text,
    money as exact text, inside lists and dicts too."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    return value


async def record(
    actor: Principal | None,
    action: str,
    target: tuple[str, Any],
    summary: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one entry. Call it inside the service's transaction so both land or neither."""
    target_type, target_id = target
    return await AuditEntry.create(
        actor_id=actor.id if actor else None,
        actor_name=f"{actor.name}（{actor.mobile}）" if actor else "系统",
        action=action,
        target_type=target_type,
        target_id=str(target_id)[:64],
        summary=summary[:255],
        before=json_safe(before) if before is not None else None,
        after=json_safe(after) if after is not None else None,
        ip=actor.ip if actor else "",
    )
