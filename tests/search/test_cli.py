"""``yishi search reindex`` on the demo district, in a fresh process as an operator runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def _yishi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_reindex_rebuilds_the_demo_districts_index(tmp_path: Path) -> None:
    env = {
        "YISHI_VAR_DIR": str(tmp_path),
        "YISHI_DATABASE_URL": f"sqlite://{tmp_path / 'cli.sqlite3'}",
        "YISHI_DEMO_PASSWORD": "demo-pass-123",
    }
    demo = _yishi("demo", env=env)
    assert demo.returncode == 0, demo.stderr
    indexed = re.search(r"搜索索引：(\d+) 条", demo.stdout)
    assert indexed and int(indexed[1]) > 0
    rebuilt = _yishi("search", "reindex", env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    counts = dict(re.findall(r"^(\w+): (\d+)$", rebuilt.stdout, re.MULTILINE))
    assert int(counts["proposal"]) > 0 and int(counts["letter"]) >= 0
    assert sum(int(n) for n in counts.values()) == int(indexed[1])
    assert "搜索索引已重建" in rebuilt.stdout
