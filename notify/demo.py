"""Demo data of reach: the demo accounts' numbers count as proven, so their SMS flow to the
development gateway; ``yishi demo`` says where that is."""

from __future__ import annotations

from core import clock, settings
from core.models import User


async def load() -> list[str]:
    await User.filter(mobile_verified_at__isnull=True).update(mobile_verified_at=clock.now())
    kind, _, path = settings.SMS_GATEWAY.partition(":")
    if kind == "file":
        where = f"短信（开发网关）逐条写入 {path}（每行一条 JSON：to、template、text）"
    else:
        where = f"短信经由 {kind} 发送"
    return [where, "站内信、短信和邮件由网站进程自己投递（SQLite），无需单独的工作进程"]
