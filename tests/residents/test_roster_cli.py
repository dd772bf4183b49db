"""``yishi roster import``: the command-line import for files too big for the web upload."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from residents import idcard

VILLAGE = "370104013201"


def _roster(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`yishi roster ARGS`, through the root command as a user runs it."""
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", "roster", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _csv(path: Path, numbers: list[str]) -> Path:
    lines = ["姓名,身份证号,村/社区代码,出生日期"]
    lines += [f"居民{i},{n},{VILLAGE},1980-03-01" for i, n in enumerate(numbers)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _held_in_village(db_file: Path) -> int:
    """Roster entries of the demo village that a re-import must keep."""
    with sqlite3.connect(db_file) as conn:
        row = conn.execute(
            "SELECT COUNT(*) FROM roster_entry e JOIN area a ON a.id = e.area_id"
            " WHERE a.code = ? AND (e.voted OR e.user_id IS NOT NULL)",
            (VILLAGE,),
        ).fetchone()
    return int(row[0])


def test_import_from_the_command_line(tmp_path: Path) -> None:
    env = {
        "YISHI_VAR_DIR": str(tmp_path),
        "YISHI_DATABASE_URL": f"sqlite://{tmp_path / 'cli.sqlite3'}",
    }
    demo = subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", "demo"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert demo.returncode == 0, demo.stderr
    assert "已载入居民名册" in demo.stdout and "6 位演示居民已核验" in demo.stdout
    held = _held_in_village(tmp_path / "cli.sqlite3")
    assert held >= 1  # at least the verified demo resident (the demo also casts ballots)
    numbers = [idcard.make_number("370104", dt.date(1980, 3, 1), i) for i in range(500)]
    good_csv = str(_csv(tmp_path / "good.csv", numbers))
    # The demo's processes are voting: no roster changes under them (issue 14 item 6).
    voting = _roster("import", good_csv, "--area", VILLAGE, env=env)
    assert voting.returncode == 1 and "正在投票，投票期间不能导入名册" in voting.stderr
    assert "Traceback" not in voting.stderr
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        db.execute("UPDATE process SET phase = 'tallying' WHERE phase = 'voting'")
    good = _roster("import", good_csv, "--area", VILLAGE, env=env)
    assert good.returncode == 0, good.stderr
    # The demo village had 300 people; those verified or who voted stay, the rest go.
    expected = (
        f"共 500 行，新增 500，更新 0，未变 0，移出 {300 - held}，因已核验或已投票保留 {held}"
    )
    assert expected in good.stdout
    bad = _roster(
        "import",
        str(_csv(tmp_path / "bad.csv", numbers[:3] + numbers[:1])),
        "--area",
        VILLAGE,
        env=env,
    )
    assert bad.returncode != 0
    assert "第 5 行「身份证号」：身份证号与第 2 行重复" in bad.stderr
    assert "未导入任何数据" in bad.stderr
    unknown = _roster("import", str(tmp_path / "good.csv"), "--area", "370104999999", env=env)
    assert unknown.returncode != 0 and "找不到代码为 370104999999 的区域" in unknown.stderr
    for wrong in ("3701040132011", "３７０１０４０１３２０１", "abc"):
        refused = _roster("import", str(tmp_path / "good.csv"), "--area", wrong, env=env)
        assert refused.returncode == 2 and "区域代码应为 12 位数字" in refused.stderr
        assert "Traceback" not in refused.stderr
