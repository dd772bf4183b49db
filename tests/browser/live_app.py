"""The real application as a subprocess: migrated, one admin, served on a free loopback port.

Browser journeys talk HTTP to a real uvicorn, exactly as a visitor's Chromium would: real
cookies, real multipart uploads, real htmx requests. Each journey gets its own SQLite file
and media folder, so journeys never see each other's data.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ADMIN_MOBILE = "13800000101"
ADMIN_PASSWORD = "browser-admin-1"
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class LiveApp:
    base_url: str
    var_dir: Path
    log: Path

    def url(self, path: str) -> str:
        return self.base_url + path


def _yishi() -> list[str]:
    script = Path(sys.executable).with_name("yishi")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from app.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "YISHI_DATABASE_URL": f"sqlite://{var_dir / 'yishi.sqlite3'}",
            "YISHI_VAR_DIR": str(var_dir),
            "YISHI_SECRET_KEY": secrets.token_urlsafe(48),
            "YISHI_COOKIE_SECURE": "false",
            "YISHI_DEBUG": "false",
            "YISHI_LOCALE": "zh_CN",
        }
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(
        _yishi() + args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"yishi {' '.join(args)} failed:\n{done.stdout}{done.stderr}"


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the app exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the app did not answer within 60 s:\n{log.read_text(errors='replace')}")


@contextmanager
def live_app(
    var_dir: Path, *, demo: bool = False, settings: dict[str, str] | None = None
) -> Iterator[LiveApp]:
    """Migrate a fresh database, create the admin with the real CLI (and load the demo
    district if asked), serve, stop after. `settings` are extra YISHI_ variables."""
    var_dir.mkdir(parents=True, exist_ok=True)
    env = _env(var_dir) | (settings or {})
    _run(["migrate"], env)
    if demo:
        _run(["demo"], env)
    _run(
        [
            "createadmin",
            "--name",
            "区管理员",
            "--mobile",
            ADMIN_MOBILE,
            "--password",
            ADMIN_PASSWORD,
        ],
        env,
    )
    port = _free_port()
    log = var_dir / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*_yishi(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, server, log)
        yield LiveApp(base_url=base_url, var_dir=var_dir, log=log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
