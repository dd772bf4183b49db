"""The development SMS gateway: one JSON line per message, readable by a person."""

from __future__ import annotations

import json
from pathlib import Path

from notify.sms import Sms, gateway


async def test_the_file_gateway_appends_one_json_line_per_message(tmp_path: Path) -> None:
    path = tmp_path / "sms.jsonl"
    sms_gateway = gateway(f"file:{path}")
    await sms_gateway.send(Sms("13900000001", "code", {"code": "123456"}, "验证码123456", "d1"))
    await sms_gateway.send(Sms("13900000002", "vote_opened", {}, "投票开始了", "d2"))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(m["to"], m["template"], m["text"]) for m in lines] == [
        ("13900000001", "code", "验证码123456"),
        ("13900000002", "vote_opened", "投票开始了"),
    ]
