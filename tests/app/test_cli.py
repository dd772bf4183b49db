"""The yishi command: help, migrate, demo, createadmin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main


def _yishi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_help_lists_the_commands() -> None:
    names = set(main.list_commands(None))  # type: ignore[arg-type]
    assert {"serve", "migrate", "demo", "createadmin", "makemigrations", "pb", "roster"} <= names


@pytest.fixture
def fresh_env(tmp_path: Path) -> dict[str, str]:
    return {
        "YISHI_VAR_DIR": str(tmp_path),
        "YISHI_DATABASE_URL": f"sqlite://{tmp_path / 'cli.sqlite3'}",
        "YISHI_DEMO_PASSWORD": "demo-pass-123",
    }


def test_demo_loads_a_district_and_is_idempotent(fresh_env: dict[str, str]) -> None:
    first = _yishi("demo", env=fresh_env)
    assert first.returncode == 0, first.stderr
    assert "槐荫区" in first.stdout and "13800000002" in first.stdout
    assert "demo-pass-123" in first.stdout
    second = _yishi("demo", env=fresh_env)
    assert second.returncode == 0 and "已存在" in second.stdout


def test_migrate_then_createadmin(fresh_env: dict[str, str]) -> None:
    assert _yishi("migrate", env=fresh_env).returncode == 0
    made = _yishi(
        "createadmin",
        "--name",
        "管理员甲",
        "--mobile",
        "13700000001",
        "--password",
        "long-enough-1",
        env=fresh_env,
    )
    assert made.returncode == 0, made.stderr
    again = _yishi(
        "createadmin",
        "--name",
        "管理员甲",
        "--mobile",
        "13700000001",
        "--password",
        "long-enough-1",
        env=fresh_env,
    )
    assert again.returncode != 0 and "该手机号已有账户" in again.stderr
    bad = _yishi("createadmin", "--name", "乙", "--mobile", "123", "--password", "x", env=fresh_env)
    assert bad.returncode != 0 and "手机号" in bad.stderr


def test_secret_key_is_required_in_production(fresh_env: dict[str, str]) -> None:
    env = {**fresh_env, "YISHI_PRODUCTION": "true"}
    env.pop("YISHI_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", "import core.settings"],
        env={k: v for k, v in {**os.environ, **env}.items() if k != "YISHI_SECRET_KEY"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "YISHI_SECRET_KEY" in result.stderr


def test_secret_key_is_generated_once_in_development(fresh_env: dict[str, str]) -> None:
    code = "from core import settings; print(settings.SECRET_KEY)"
    env = {k: v for k, v in {**os.environ, **fresh_env}.items() if k != "YISHI_SECRET_KEY"}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert first.stdout == second.stdout and len(first.stdout.strip()) >= 40
    assert (Path(fresh_env["YISHI_VAR_DIR"]) / "secret_key").exists()


def test_commands_print_in_the_configured_language(
    fresh_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """YISHI_LOCALE is the language of what every command prints (Chinese when unset)."""
    monkeypatch.delenv("YISHI_LOCALE", raising=False)
    english = {**fresh_env, "YISHI_LOCALE": "en"}
    assert "迁移与模型一致。" in _yishi("makemigrations", "--check", env=fresh_env).stdout
    assert "Migrations match the models." in _yishi("makemigrations", "--check", env=english).stdout
    migrated = _yishi("migrate", env=english)
    assert migrated.returncode == 0, migrated.stderr
    assert "The database schema is up to date." in migrated.stdout
    bad = _yishi("createadmin", "--name", "乙", "--mobile", "123", "--password", "x", env=english)
    assert bad.returncode != 0 and "Enter an 11-digit mobile number" in bad.stderr
    roster = tmp_path / "roster.csv"
    roster.write_text("姓名,身份证号,村/社区代码,出生日期\n", encoding="utf-8")
    code = _yishi("roster", "import", str(roster), "--area", "123", env=english)
    assert code.returncode != 0 and "an area code is 12 digits" in code.stderr
    nowhere = _yishi("roster", "import", str(roster), "--area", "370104999999", env=english)
    assert nowhere.returncode != 0 and "No area with code 370104999999" in nowhere.stderr


# ---------------------------------------------------------------- start-up (issue 19)

HEAVY = ("pandas", "tortoise", "starlette", "asyncpg", "openpyxl", "numpy", "core", "app.wiring")


def _loaded_after(code: str) -> set[str]:
    """Top-level packages (and app.wiring) in sys.modules after ``code`` ran in a fresh
    interpreter; the command's own output goes to a throw-away stream."""
    probe = (
        "import contextlib, io, json, sys\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    {code}\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    modules = set(json.loads(run.stdout.splitlines()[-1]))
    return {
        name for name in HEAVY if name in modules or any(m.startswith(name + ".") for m in modules)
    }


def test_importing_the_cli_loads_nothing_heavy() -> None:
    assert _loaded_after("import app.cli") == set()


def test_help_lists_package_commands_without_importing_them() -> None:
    code = "from app.cli import main; main(['--help'], standalone_mode=False)"
    assert _loaded_after(code) == set()


def test_tally_of_a_file_loads_numpy_but_no_database_or_web_stack(tmp_path: Path) -> None:
    path = tmp_path / "tiny.pb"
    path.write_text(TINY_PB, encoding="utf-8")
    args = ["pb", "tally", str(path), "--json"]
    code = f"from app.cli import main; main({args!r}, standalone_mode=False)"
    assert _loaded_after(code) == {"numpy"}


def test_commands_that_use_the_database_get_the_wiring() -> None:
    code = "from app.cli import main; main(['makemigrations', '--check'], standalone_mode=False)"
    assert "app.wiring" in _loaded_after(code)


def test_listed_help_is_each_package_group_help() -> None:
    import importlib

    from app.cli import PACKAGE_COMMANDS

    for name, (target, short_help) in PACKAGE_COMMANDS.items():
        module, attribute = target.split(":")
        group = getattr(importlib.import_module(module), attribute)
        assert group.name == name
        assert group.help == short_help


def test_yishi_help_runs_in_a_fresh_process(fresh_env: dict[str, str]) -> None:
    result = _yishi("--help", env=fresh_env)
    assert result.returncode == 0, result.stderr
    for name in ("pb", "roster", "serve", "migrate"):
        assert name in result.stdout


TINY_PB = """META
key;value
num_projects;2
num_votes;2
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost
a;60
b;50
VOTES
voter_id;vote
1;a,b
2;a
"""
