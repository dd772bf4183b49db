"""Admins create staff accounts and grant or revoke roles; every change audited."""

from __future__ import annotations

import httpx
import pytest
from support import PASSWORD, login, make_user, post

from core.models import Area, AuditEntry, Role, RoleGrant, User


@pytest.fixture
async def admin(client: httpx.AsyncClient, areas: dict[str, Area]) -> httpx.AsyncClient:
    await make_user("13800000001", Role.ADMIN, name="王管理")
    await login(client, "13800000001")
    return client


async def test_create_staff_grant_official_scope_and_revoke(
    admin: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    response = await post(
        admin,
        "/admin/users/new",
        {"name": "李干部", "mobile": "13800000002", "password": "initial-pass"},
    )
    assert response.status_code == 303
    staff = await User.get(mobile="13800000002")
    assert response.headers["location"] == f"/admin/users/{staff.id}"

    township = areas["370104013000"]
    response = await post(
        admin, f"/admin/users/{staff.id}/grants", {"role": "official", "area": str(township.id)}
    )
    assert response.status_code == 303
    grant = await RoleGrant.get(user=staff, role=Role.OFFICIAL)
    assert grant.area_id == township.id  # type: ignore[attr-defined]

    response = await post(admin, f"/admin/users/{staff.id}/grants/{grant.id}/revoke")
    assert response.status_code == 303
    assert not await RoleGrant.filter(user=staff).exists()
    actions = await AuditEntry.all().order_by("id").values_list("action", flat=True)
    assert actions == ["user.create", "role.grant", "role.revoke"]
    revoke = await AuditEntry.get(action="role.revoke")
    assert revoke.before == {"role": "official", "area": "370104013000"}


async def test_an_official_needs_an_area(admin: httpx.AsyncClient) -> None:
    staff = await make_user("13800000002")
    response = await post(admin, f"/admin/users/{staff.id}/grants", {"role": "official"})
    assert response.status_code == 400
    assert "必须指定负责的区域" in response.text
    assert not await RoleGrant.filter(user=staff).exists()


async def test_granted_official_sees_nothing_outside_staff_powers(
    admin: httpx.AsyncClient, client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    staff = await make_user("13800000002")
    await post(admin, f"/admin/users/{staff.id}/grants", {"role": "finance"})
    await post(admin, "/logout")
    await login(client, "13800000002", PASSWORD)
    assert (await client.get("/admin/users")).status_code == 403
    assert "财政" in (await client.get("/me")).text


async def test_the_last_admin_cannot_be_revoked(admin: httpx.AsyncClient) -> None:
    me = await User.get(mobile="13800000001")
    grant = await RoleGrant.get(user=me, role=Role.ADMIN)
    response = await post(admin, f"/admin/users/{me.id}/grants/{grant.id}/revoke")
    assert response.status_code == 400
    assert "不能撤销最后一位管理员" in response.text
    assert await RoleGrant.filter(id=grant.id).exists()


async def test_duplicate_mobile_and_short_password(admin: httpx.AsyncClient) -> None:
    response = await post(
        admin,
        "/admin/users/new",
        {"name": "重复", "mobile": "13800000001", "password": "initial-pass"},
    )
    assert response.status_code == 400 and "该手机号已有账户" in response.text
    response = await post(
        admin, "/admin/users/new", {"name": "短", "mobile": "13800000009", "password": "short"}
    )
    assert response.status_code == 400 and "初始密码至少 8 位" in response.text
    assert await User.all().count() == 1


async def test_user_search_serves_an_htmx_fragment(admin: httpx.AsyncClient) -> None:
    await make_user("13900000005", Role.RESIDENT, name="黄丽娟")
    page = await admin.get("/admin/users?q=黄")
    fragment = await admin.get("/admin/users?q=黄", headers={"HX-Request": "true"})
    assert "<html" in page.text and "黄丽娟" in page.text
    assert "<html" not in fragment.text and "黄丽娟" in fragment.text
    assert "王管理" not in fragment.text
    assert "HX-Request" in fragment.headers["vary"]
