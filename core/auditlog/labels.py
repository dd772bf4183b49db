"""Words for the audit log (审计日志): each action code, each field of before → after, and
the coded values of a field, in Chinese for the inspector (纪检) who reads it.

A registry, not one dict that knows every package: each package registers the labels of
the actions it records (its ``audit_labels`` module, imported with its routes), and
``tests/core/test_audit_labels.py`` checks that every action code recorded anywhere has one.
Labels are msgids (``N_``), translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.i18n import N_
from core.i18n import gettext as _

ACTIONS: dict[str, str] = {}
TARGETS: dict[str, str] = {}
FIELDS: dict[str, str] = {}
# (target type or "", field) → {coded value → label}
VALUES: dict[tuple[str, str], dict[str, str]] = {}


def actions(labels: Mapping[str, str]) -> None:
    """Register action codes ("process.phase") with their labels ("批次换阶段")."""
    ACTIONS.update(labels)


def targets(labels: Mapping[str, str]) -> None:
    """Register target types ("award") with their labels ("奖补")."""
    TARGETS.update(labels)


def fields(labels: Mapping[str, str]) -> None:
    """Register field names of before/after ("subsidy_fen") with their labels."""
    FIELDS.update(labels)


def values(field: str, labels: Mapping[Any, str], *, target: str = "") -> None:
    """Register the words for a field's coded values; `target` narrows them to one target
    type when the same field name means different things ("status" of a letter, a topic)."""
    VALUES.setdefault((target, field), {}).update({str(k): v for k, v in labels.items()})


def action_label(code: str) -> str:
    label = ACTIONS.get(code)
    return _(label) if label else code


def target_label(kind: str) -> str:
    label = TARGETS.get(kind)
    return _(label) if label else kind


def field_label(name: str) -> str:
    label = FIELDS.get(name)
    return _(label) if label else name


def value_label(target: str, field: str, value: str) -> str | None:
    words = VALUES.get((target, field)) or VALUES.get(("", field)) or {}
    label = words.get(value)
    return _(label) if label else None


# The kernel's own actions and fields; every other package registers its own.
actions(
    {
        "account.delete": N_("注销账户"),
        "account.password_change": N_("修改密码"),
        "account.password_reset": N_("短信重设密码"),
        "account.phone_change": N_("更换手机号"),
        "account.phone_verify": N_("验证手机号"),
        "area.create": N_("新建区域"),
        "area.import": N_("导入区域表"),
        "area.update": N_("修改区域"),
        "audit.export": N_("导出审计日志"),
        "role.grant": N_("授予角色"),
        "role.revoke": N_("撤销角色"),
        "user.create": N_("新建账户"),
        "user.createadmin": N_("命令行创建管理员"),
    }
)
targets(
    {
        "area": N_("区域"),
        "user": N_("账户"),
        "role_grant": N_("角色"),
        "audit_entry": N_("审计日志"),
    }
)
fields(
    {
        "code": N_("区划代码"),
        "name": N_("名称"),
        "kind": N_("类型"),
        "population": N_("人口"),
        "households": N_("户数"),
        "path": N_("上级路径"),
        "office_name": N_("发布单位"),
        "contact_phone": N_("联系电话"),
        "mobile": N_("手机号"),
        "erased": N_("已删除"),
        "created": N_("新增"),
        "updated": N_("更新"),
        "rows": N_("行数"),
        "role": N_("角色"),
        "scope": N_("负责区域"),
        "area": N_("区域"),
        "action": N_("操作"),
        "actor": N_("操作人"),
        "since": N_("起始日期"),
        "until": N_("截止日期"),
        "user_id": N_("账户编号"),
    }
)
values(
    "kind",
    {
        "district": N_("区/县"),
        "street": N_("街道"),
        "township": N_("镇/乡"),
        "community": N_("社区"),
        "village": N_("村"),
    },
    target="area",
)
values(
    "role",
    {
        "resident": N_("居民"),
        "official": N_("村/社区干部"),
        "finance": N_("财政"),
        "admin": N_("管理员"),
    },
)
