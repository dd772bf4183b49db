"""The audit log an inspector can read (issue 17 item 11): every action code recorded
anywhere has Chinese words, every field recorded has a label, money reads as ¥, coded
values as words, and before → after as "field: old → new" on the page and in both exports."""

from __future__ import annotations

import ast
import importlib
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pandas as pd
from openpyxl import load_workbook
from support import login, make_user

import app.factory  # noqa: F401 - every package registers its words with its routes
from core import audit
from core.auditlog import labels
from core.auditlog.diff import changes_text
from core.models import AuditEntry, Role
from core.principal import load_principal

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "app",
    "accountability",
    "votes",
    "projects",
    "consult",
    "letters",
    "comments",
    "residents",
    "notify",
    "core",
)


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield module, ast.parse(path.read_text(encoding="utf-8"))


def _record_calls(tree: ast.Module) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "record"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "audit"
        ):
            yield node


def _literals(node: ast.expr) -> list[str] | None:
    """The codes an expression can be: a literal, or either branch of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _passed_in(tree: ast.Module, call: ast.Call, name: str) -> list[str] | None:
    """A code handed in as a parameter of the enclosing function: the literals every caller
    in the module passes for it."""
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if call not in list(ast.walk(function)):
            continue
        params = [a.arg for a in function.args.args]
        if name not in params:
            continue
        index, found = params.index(name), []
        for other in ast.walk(tree):
            if isinstance(other, ast.Call) and getattr(other.func, "id", "") == function.name:
                given = [k.value for k in other.keywords if k.arg == name]
                given += other.args[index : index + 1]
                for value in given:
                    codes = _literals(value)
                    if codes is None:
                        return None
                    found += codes
        return found or None
    return None


def _action_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for module, tree in _modules():
        for call in _record_calls(tree):
            argument = call.args[1]
            found = _literals(argument)
            if found is None and isinstance(argument, ast.Name):
                found = _passed_in(tree, call, argument.id)
            assert found, f"{module}:{call.lineno}: write the action code as a literal"
            codes.update({code: f"{module}:{call.lineno}" for code in found})
    return codes


def _field_names() -> dict[str, str]:
    """Fields recorded in before/after: keys of dict literals, and the field lists handed
    to audit.snapshot (read from the imported module, so spreads of other lists count)."""
    names: dict[str, str] = {}
    for module, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "snapshot":
                listed = node.args[1]
                if isinstance(listed, ast.Name):
                    values = getattr(importlib.import_module(module), listed.id)
                else:
                    values = ast.literal_eval(listed)
                names.update({n: f"{module}:{node.lineno}" for n in values})
        for call in _record_calls(tree):
            for keyword in call.keywords:
                if keyword.arg in ("before", "after"):
                    for node in ast.walk(keyword.value):
                        if isinstance(node, ast.Dict):
                            for key in node.keys:
                                if isinstance(key, ast.Constant):
                                    names[key.value] = f"{module}:{call.lineno}"
    return names


def test_every_action_code_recorded_has_words() -> None:
    codes = _action_codes()
    assert len(codes) > 60  # the scan found the code base's actions
    assert {"process.phase", "consult.topic.close", "letter.extension.refuse"} <= set(codes)
    missing = {code: where for code, where in codes.items() if code not in labels.ACTIONS}
    assert not missing, f"register these in the package's audit_labels: {missing}"


def test_every_field_recorded_has_a_label() -> None:
    names = _field_names()
    assert {"subsidy_fen", "phase", "voting_method", "account_number"} <= set(names)
    missing = {name: where for name, where in names.items() if name not in labels.FIELDS}
    assert not missing, f"register these in the package's audit_labels: {missing}"


async def _entries() -> None:
    user = await make_user("13800000081", Role.ADMIN, name="王管理")
    actor = await load_principal(user.id)
    await audit.record(
        actor,
        "award.finance",
        ("award", 7),
        "财政核定/拨付：村道硬化",
        before={"subsidy_fen": 30_000_000, "confirmed_fen": None, "disbursed_fen": 0},
        after={"subsidy_fen": 30_000_000, "confirmed_fen": 29_000_000, "disbursed_fen": 12_000_000},
    )
    await audit.record(
        actor,
        "process.phase",
        ("process", 3),
        "批次换阶段",
        before={"phase": "voting"},
        after={"phase": "tallying"},
    )


async def test_the_page_reads_in_words(client: httpx.AsyncClient, clean_db: str) -> None:
    await _entries()
    await login(client, "13800000081")
    page = (await client.get("/admin/audit")).text
    assert "财政核定/拨付奖补" in page and "批次进入新阶段" in page
    assert "process.phase" not in page.split("<tbody>")[1]  # no codes in the rows
    assert '<span class="field-name">核定奖补</span>：<span class="old">—</span> → ' in page
    assert '<span class="new">¥290,000.00</span>' in page
    assert '<span class="field-name">阶段</span>：<span class="old">投票</span> → ' in page
    assert "计票奖补" not in page  # unchanged fields are not listed as changes
    assert '<option value="process.phase"' in page and ">批次进入新阶段</option>" in page
    assert "30000000" not in page and "{&#34;" not in page  # no raw fen, no raw JSON


async def test_the_exports_read_the_same(client: httpx.AsyncClient, clean_db: str) -> None:
    await _entries()
    await login(client, "13800000081")
    entry = await AuditEntry.get(action="award.finance")
    expected = "核定奖补：— → ¥290,000.00\n已拨付：¥0.00 → ¥120,000.00"
    assert changes_text(entry) == expected
    csv = pd.read_csv(
        io.BytesIO((await client.get("/admin/audit.csv")).content),
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    award = csv[csv["操作代码"] == "award.finance"].iloc[0]
    assert award["操作"] == "财政核定/拨付奖补" and award["对象类型"] == "奖补"
    assert award["变更"].replace("\r\n", "\n") == expected
    phase = csv[csv["操作代码"] == "process.phase"].iloc[0]
    assert phase["变更"] == "阶段：投票 → 计票" and phase["操作"] == "批次进入新阶段"
    book = load_workbook(io.BytesIO((await client.get("/admin/audit.xlsx")).content))
    rows = list(book["审计日志"].iter_rows(values_only=True))
    header = rows[0]
    by_code = {r[header.index("操作代码")]: r for r in rows[1:]}
    assert by_code["award.finance"][header.index("变更")] == expected
    assert by_code["award.finance"][header.index("操作")] == "财政核定/拨付奖补"
