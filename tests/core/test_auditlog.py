"""The audit log: one helper writes it; admins read it with filters."""

from __future__ import annotations

import datetime as dt

import asyncpg
import httpx
import pytest
from support import login, make_user

from core import audit
from core.models import AuditEntry, Role
from core.principal import load_principal


async def test_record_keeps_who_what_before_and_after(clean_db: str) -> None:
    user = await make_user("13800000001", Role.ADMIN, name="王管理")
    actor = await load_principal(user.id, ip="198.51.100.4")
    entry = await audit.record(
        actor,
        "area.update",
        ("area", "370104013201"),
        "修改区域",
        before={"population": 1, "when": dt.date(2027, 3, 1)},
        after={"population": 2},
    )
    stored = await AuditEntry.get(id=entry.id)
    assert stored.actor_id == user.id  # type: ignore[attr-defined]
    assert stored.actor_name == "王管理（13800000001）"
    assert stored.before == {"population": 1, "when": "2027-03-01"}
    assert stored.after == {"population": 2}
    assert stored.ip == "198.51.100.4"
    assert stored.created_at is not None


def _rows(response: httpx.Response) -> str:
    """The log's rows (the action filter above them lists every action's words)."""
    return response.text.split("<tbody>", 1)[1]


async def test_audit_page_filters(client: httpx.AsyncClient, clean_db: str) -> None:
    user = await make_user("13800000001", Role.ADMIN, name="王管理")
    actor = await load_principal(user.id)
    await audit.record(actor, "area.create", ("area", "1"), "新建区域 甲村")
    await audit.record(None, "demo.load", ("area", "2"), "载入演示数据")
    await login(client, "13800000001")
    everything = _rows(await client.get("/admin/audit"))
    assert "甲村" in everything and "载入演示数据" in everything
    only_areas = _rows(await client.get("/admin/audit?action=area."))
    assert "甲村" in only_areas and "载入演示数据" not in only_areas
    by_actor = _rows(await client.get("/admin/audit?actor=系统"))
    assert "载入演示数据" in by_actor and "甲村" not in by_actor
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).date().isoformat()
    future = await client.get(f"/admin/audit?since={tomorrow}")
    assert "甲村" not in future.text and "共 0 条" in future.text
    junk = await client.get("/admin/audit?since=not-a-date&page=x")
    assert junk.status_code == 200


@pytest.mark.postgres_only
async def test_postgres_refuses_to_rewrite_the_audit_log(clean_db: str) -> None:
    entry = await audit.record(None, "demo.load", ("area", "1"), "载入演示数据")
    with pytest.raises(asyncpg.exceptions.RaiseError, match="append-only"):
        await AuditEntry.filter(id=entry.id).update(summary="改写")
    with pytest.raises(asyncpg.exceptions.RaiseError, match="append-only"):
        await AuditEntry.filter(id=entry.id).delete()
    assert (await AuditEntry.get(id=entry.id)).summary == "载入演示数据"
