"""The privacy policy's version and the consents given to it (个人信息保护法 arts. 14, 29:
consent informed by a policy, and a separate consent for sensitive personal information —
the ID number used to check the roster)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.accounts.models import Consent, ConsentPurpose
from core.i18n import N_
from core.principal import Principal

# Bump when the policy's text changes in substance: consents name the version they agreed to,
# and whoever agreed to an older one is told what changed (POLICY_CHANGES) until they agree.
POLICY_VERSION = "2026-12-07.2"  # .2: ratings, and sex kept for statistics


POLICY_CHANGES = N_("新增项目满意度评价；名册按身份证号得出性别，只用于统计，不单独公布。")


def policy_changed_for(user: Principal | None) -> bool:
    """Has this person agreed to an older policy than the current one? (Those who never
    agreed online, such as staff accounts, are asked at the desk, not by a banner.)"""
    agreed = user.policy_version if user is not None else None
    return agreed is not None and agreed != POLICY_VERSION


async def consent_give(*, user_id: int, purpose: ConsentPurpose) -> Consent:
    """Record a consent to the current policy (one live consent per purpose and version)."""
    live = await Consent.filter(
        user_id=user_id, purpose=purpose, policy_version=POLICY_VERSION, withdrawn_at=None
    ).first()
    return live or await Consent.create(
        user_id=user_id, purpose=purpose, policy_version=POLICY_VERSION
    )


async def has_consent(user_id: int, purpose: ConsentPurpose) -> bool:
    return await Consent.exists(user_id=user_id, purpose=purpose, withdrawn_at=None)


async def consent_withdraw(*, user_id: int, purpose: ConsentPurpose) -> int:
    return await Consent.filter(user_id=user_id, purpose=purpose, withdrawn_at=None).update(
        withdrawn_at=dt.datetime.now(dt.UTC)
    )


async def consents_of(user_id: int) -> list[dict[str, Any]]:
    rows = await Consent.filter(user_id=user_id).order_by("id")
    return [
        {
            "purpose": row.purpose.value,
            "policy_version": row.policy_version,
            "granted_at": row.granted_at,
            "withdrawn_at": row.withdrawn_at,
        }
        for row in rows
    ]
