"""The yishi command: help, migrate, demo, createadmin."""

from __future__ import annotations

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
