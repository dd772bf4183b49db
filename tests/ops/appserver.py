"""Real app processes (uvicorn subprocesses) and real HTTP voters for operations tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from ops.cluster import free_port, wait_until
from support import csrf

ROOT = Path(__file__).resolve().parents[2]
SECRET = "ops-test-secret-shared-by-every-app-process"


def app_env(var_dir: Path, database_url: str, replica_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YISHI_")}
    env |= {
        "YISHI_DATABASE_URL": database_url,
        "YISHI_SECRET_KEY": SECRET,
        "YISHI_COOKIE_SECURE": "false",
        "YISHI_VAR_DIR": str(var_dir),
    }
    if replica_url:
        env["YISHI_DATABASE_REPLICA_URL"] = replica_url
    return env


def run_cli(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    """`yishi ...` or a script, in a child interpreter; its stdout."""
    yishi = str(Path(sys.executable).with_name("yishi"))
    argv = [sys.executable, *args] if args[0].endswith(".py") else [yishi, *args]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def seed(env: dict[str, str], voters: int) -> dict[str, Any]:
    run_cli(env, "migrate")
    seeded: dict[str, Any] = json.loads(run_cli(env, str(ROOT / "tests/ops/seed.py"), str(voters)))
    return seeded


@dataclass
class AppProcess:
    """One `uvicorn app.asgi:app` on its own port; its output goes to a log file."""

    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, timeout: float = 30) -> float:
        """Start and wait until /healthz answers 200; returns the seconds it took."""
        start = time.monotonic()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "app.asgi:app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--log-level",
                    "warning",
                    "--no-access-log",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        await wait_until(self._healthy, timeout, f"the app on port {self.port}", 0.1)
        return time.monotonic() - start

    async def _healthy(self) -> bool:
        assert self.proc is not None and self.proc.poll() is None, self.log_text()
        try:
            async with httpx.AsyncClient(timeout=2) as http:
                return (await http.get(f"{self.url}/healthz")).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=30)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def client(
        self, timeout: float = 30, cookies: httpx.Cookies | None = None
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.url, timeout=timeout, follow_redirects=False, cookies=cookies
        )


@dataclass
class WorkerProcess(AppProcess):
    """`yishi worker`: the PostgreSQL job queue's worker (deliveries, background jobs)."""

    async def start(self, timeout: float = 30) -> float:
        with self.log.open("ab") as out:
            yishi = str(Path(sys.executable).with_name("yishi"))
            self.proc = subprocess.Popen(
                [yishi, "worker"], cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        return 0.0


async def post_form(
    http: httpx.AsyncClient, path: str, data: dict[str, str], csrf_page: str = "/"
) -> httpx.Response:
    token = await csrf(http, None if csrf_page == "/" else csrf_page)
    return await http.post(path, data={"csrf_token": token, **data})


async def log_in(http: httpx.AsyncClient, mobile: str, password: str) -> None:
    response = await post_form(
        http, "/login", {"mobile": mobile, "password": password}, csrf_page="/login"
    )
    assert response.status_code == 303, response.text[:500]


def marks_form(proposal_ids: list[int]) -> dict[str, str]:
    return {f"p{pid}": "1" for pid in proposal_ids}
