"""``yishi worker``: refused on SQLite with a clear message; procrastinate is loaded only
inside the command, so ``yishi --help`` never imports it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_the_worker_command_says_sqlite_needs_none(monkeypatch: pytest.MonkeyPatch) -> None:
    from core import settings

    monkeypatch.setattr(settings, "DATABASE_URL", "sqlite:///tmp/x.sqlite3")
    result = CliRunner().invoke(main, ["worker"])
    assert result.exit_code == 1
    assert "无需单独的工作进程" in result.output


def test_the_command_line_does_not_load_the_job_queue() -> None:
    probe = "import sys, app.cli; print('procrastinate' in sys.modules, 'psycopg' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]
