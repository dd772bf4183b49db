"""Responses are gzipped for clients that accept it: pages, htmx fragments and CSV downloads
read back the same; XLSX (a zip already) is sent as it is; the CSRF token that pages repeat
is masked afresh in each response, so compression cannot leak it (BREACH)."""

from __future__ import annotations

import base64
import io
import json
import re

import httpx
from openpyxl import load_workbook
from project_factories import make_process, make_proposal
from support import csrf_from, login, make_user

from app.factory import SESSION_COOKIE
from core.models import Area, AuditEntry, Role

GZIP = {"Accept-Encoding": "gzip"}
PLAIN = {"Accept-Encoding": "identity"}


def _gzipped(response: httpx.Response) -> bool:
    """Sent compressed, and fewer bytes came over the wire than the page holds."""
    return (
        response.headers.get("content-encoding") == "gzip"
        and "accept-encoding" in response.headers.get("vary", "").lower()
        and response.num_bytes_downloaded < len(response.content)
    )


async def test_a_page_is_gzipped_only_for_a_client_that_accepts_it(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await make_process(areas["370104013000"])
    compressed = await client.get("/processes", headers=GZIP)
    assert compressed.status_code == 200 and _gzipped(compressed)
    assert "2027 年度民生实事" in compressed.text  # decodes to the page
    plain = await client.get("/processes", headers=PLAIN)
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    assert plain.num_bytes_downloaded == len(plain.content)
    assert "2027 年度民生实事" in plain.text


async def test_an_htmx_fragment_is_gzipped_and_varies_on_both_headers(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    author = await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    process = await make_process(areas["370104013000"])
    for n in range(8):
        await make_proposal(process, areas["370104013201"], author, title=f"村东路灯{n}号")
    fragment = await client.get(f"/processes/{process.id}", headers={**GZIP, "HX-Request": "true"})
    assert fragment.status_code == 200 and _gzipped(fragment)
    vary = {v.strip().lower() for v in fragment.headers["vary"].split(",")}
    assert {"hx-request", "accept-encoding"} <= vary
    assert "<html" not in fragment.text and "村东路灯7号" in fragment.text


async def _admin_with_log(client: httpx.AsyncClient) -> None:
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    await AuditEntry.bulk_create(
        [
            AuditEntry(
                action="area.update",
                target_type="area",
                target_id=str(n),
                summary=f"第{n}条修改",
                actor_name="系统",
            )
            for n in range(200)
        ]
    )


async def test_csv_download_is_gzipped_and_reads_back_whole(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    await _admin_with_log(client)
    download = await client.get("/admin/audit.csv", headers=GZIP)
    assert download.status_code == 200 and _gzipped(download)
    assert download.content.startswith("\ufeff".encode())  # Excel's BOM survives
    assert "attachment" in download.headers["content-disposition"]
    # Every entry whole: its summary (the action now reads in words, 修改区域, too).
    assert download.text.count("条修改") == 200


async def test_xlsx_download_is_not_gzipped_again(client: httpx.AsyncClient, clean_db: str) -> None:
    await _admin_with_log(client)
    download = await client.get("/admin/audit.xlsx", headers=GZIP)
    assert download.status_code == 200
    assert "content-encoding" not in download.headers
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert sheet is not None and sheet.max_row == 201


def _session(client: httpx.AsyncClient) -> dict[str, object]:
    """The signed session cookie's payload (itsdangerous: base64 JSON, then signature)."""
    payload = client.cookies[SESSION_COOKIE].split(".")[0]
    data: dict[str, object] = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    return data


async def test_pages_carry_the_csrf_token_masked_afresh_each_time(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    first = await client.get("/login", headers=GZIP)
    second = await client.get("/login", headers=GZIP)
    secret = str(_session(client)["csrf"])
    tokens = [csrf_from(first.text), csrf_from(second.text)]
    assert tokens[0] != tokens[1]
    for page in (first, second):  # the secret itself is never in a compressed page
        assert _gzipped(page) and secret not in page.text
        fields = set(re.findall(r'name="csrf_token" value="([^"]*)"', page.text))
        assert fields == {csrf_from(page.text)}  # one masked value per page
    for token in (*tokens, secret):  # each mask, and the bare token of older pages
        answer = await client.post(
            "/login", data={"csrf_token": token, "mobile": "13900000009", "password": "x"}
        )
        assert answer.status_code != 403, token
    forged = bytearray(base64.urlsafe_b64decode(tokens[0] + "=" * (-len(tokens[0]) % 4)))
    forged[-1] ^= 1
    refused = await client.post(
        "/login",
        data={"csrf_token": base64.urlsafe_b64encode(forged).decode().rstrip("=")},
    )
    assert refused.status_code == 403


async def test_a_masked_token_in_another_spelling_is_refused(
    client: httpx.AsyncClient, clean_db: str
) -> None:
    """Base64 decoders forgive padding, spaces and case of nothing: the check does not."""
    token = csrf_from((await client.get("/login")).text)
    for variant in (token + "=", " " + token, token + " ", token[:-1], token.upper()):
        refused = await client.post(
            "/login", data={"csrf_token": variant, "mobile": "13900000009", "password": "x"}
        )
        assert refused.status_code == 403, variant
