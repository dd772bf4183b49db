"""``yishi pb tally`` as a user runs it: a fresh process, several rules on one reading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = """META
key;value
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost
p1;60
p2;40
p3;30
VOTES
voter_id;vote
v1;p1,p2
v2;p1,p3
v3;p1
v4;p2
"""

# Runs the command in a fresh interpreter and reports what a BLAS thread pool would show:
# the setting numpy saw and how many threads the process has once numpy is loaded.
PROBE = """
import contextlib, io, json, os, sys
from app.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    main(sys.argv[1:], standalone_mode=False)
threads = len(os.listdir("/proc/self/task"))
print(json.dumps({"blas": os.environ.get("OPENBLAS_NUM_THREADS"), "threads": threads,
                  "output": json.loads(out.getvalue())}))
"""


def tally_process(path: Path, *args: str, env: dict[str, str]) -> dict[str, object]:
    command = [sys.executable, "-c", PROBE, "pb", "tally", str(path), "--json", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    report: dict[str, object] = json.loads(done.stdout)
    return report


@pytest.fixture
def election(tmp_path: Path) -> Path:
    path = tmp_path / "election.pb"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


@pytest.fixture
def env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != "OPENBLAS_NUM_THREADS"}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_a_tally_starts_no_blas_threads(election: Path, env: dict[str, str]) -> None:
    report = tally_process(election, "--rule", "greedy,equalshares", env=env)
    assert report["blas"] == "1"
    assert report["threads"] == 1
    output = report["output"]
    assert isinstance(output, dict) and output["rules"] == ["greedy", "equalshares"]


def test_an_explicit_blas_setting_is_kept(election: Path, env: dict[str, str]) -> None:
    report = tally_process(election, env={**env, "OPENBLAS_NUM_THREADS": "2"})
    assert report["blas"] == "2"
    output = report["output"]
    assert isinstance(output, dict) and output["selected"] == ["p1", "p2"]


# The command as the console script runs it (click's standalone mode), with a handler that
# would say so if the interpreter were torn down at exit.
CONSOLE = """
import atexit, sys
atexit.register(lambda: print("torn down", file=sys.stderr))
from app.cli import main
main(sys.argv[1:])
"""


def console(path: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", CONSOLE, "pb", "tally", str(path), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_a_finished_tally_leaves_at_once_with_all_its_output(
    election: Path, env: dict[str, str]
) -> None:
    done = console(election, "--json", "--rule", "greedy,equalshares", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rules"] == ["greedy", "equalshares"]  # flushed whole
    assert "torn down" not in done.stderr
    table = console(election, env=env)
    assert table.returncode == 0 and "SHA-256" in table.stdout


def test_a_failed_tally_exits_the_usual_way(tmp_path: Path, env: dict[str, str]) -> None:
    path = tmp_path / "bad.pb"
    path.write_text(SAMPLE.replace("v2;p1,p3", "v2;p1,p9"), encoding="utf-8")
    done = console(path, "--json", env=env)
    assert done.returncode == 1
    assert "第 14 行" in done.stderr and "p9" in done.stderr
    assert "torn down" in done.stderr
