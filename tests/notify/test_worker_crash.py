"""A worker killed (SIGKILL) while the provider holds its request, then restarted: every
message reaches the provider exactly once, and the one whose answer was lost is shown to
admins as uncertain instead of being sent a second time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from notify_stubs import ALIYUN_KEY_ID, ALIYUN_SECRET, aliyun_stub
from support import make_user

from core import clock
from core.models import Area, Role, User
from notify.kinds import Kind
from notify.models import Delivery, DeliveryState
from notify.services import Note, notify

ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import asyncio, sys
from core import db
from notify import delivery
from notify.models import Delivery, DeliveryState, Message

UNSETTLED = [DeliveryState.PENDING, DeliveryState.SENDING]

async def main():
    await db.open_database(sys.argv[1])
    while True:
        await delivery.run_round()
        if not (await Delivery.filter(state__in=UNSETTLED).exists()
                or await Message.filter(dispatched_at__isnull=True).exists()):
            break
        await asyncio.sleep(0.2)
    await db.close_database()

asyncio.run(main())
"""


def _worker(database_url: str, endpoint: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YISHI_")}
    env |= {
        "YISHI_VAR_DIR": str(tmp_path / "var"),
        "YISHI_SECRET_KEY": "crash-test-secret",
        "YISHI_SMS_GATEWAY": "aliyun",
        "YISHI_ALIYUN_SMS_ENDPOINT": endpoint,
        "YISHI_ALIYUN_ACCESS_KEY_ID": ALIYUN_KEY_ID,
        "YISHI_ALIYUN_ACCESS_KEY_SECRET": ALIYUN_SECRET,
        "YISHI_SMS_QUIET_START": "24",  # never quiet: the test may run at night
        "YISHI_SMS_QUIET_END": "0",
        "YISHI_DELIVERY_LEASE_SECONDS": "1",
    }
    return subprocess.Popen([sys.executable, "-c", WORKER, database_url], cwd=ROOT, env=env)


def _wait(condition: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


async def test_a_killed_worker_sends_nothing_twice(
    database: str, areas: dict[str, Area], tmp_path: Path
) -> None:
    people = [await make_user(f"1390000040{i}", Role.RESIDENT) for i in range(3)]
    await User.all().update(mobile_verified_at=clock.now())
    for person in people:
        note = Note(Kind.VOTE_OPENED, "投票开始了", "请投票", "/processes/1/vote")
        await notify([person.id], note)
    stub = aliyun_stub()
    stub.hold = threading.Event()  # the provider has the first request and says nothing
    try:
        first = _worker(database, stub.url, tmp_path)
        _wait(lambda: len(stub.received) == 1)
        first.send_signal(signal.SIGKILL)
        first.wait(30)
        stub.hold.set()
        stub.hold = None
        time.sleep(1.2)  # past the lease of the dead claim
        second = _worker(database, stub.url, tmp_path)
        assert second.wait(120) == 0
    finally:
        stub.stop()
    out_ids = [request["OutId"] for request in stub.received]
    assert len(out_ids) == len(set(out_ids)) == 3  # each message once at the provider
    deliveries = {f"yishi-{d.id}": d for d in await Delivery.all()}
    held = deliveries[out_ids[0]]
    assert held.state == DeliveryState.FAILED and held.last_error.startswith("结果不明")
    assert [deliveries[ref].state for ref in out_ids[1:]] == [DeliveryState.SENT] * 2
