"""Static files: every page links them by content-hashed names, served with a year's
immutable cache (gzipped once); a changed file gets a new URL; plain names keep working
with a short cache; nothing outside the static folder is ever served."""

from __future__ import annotations

import gzip
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from project_factories import make_process, make_proposal
from support import login, make_user

from core import settings
from core.models import Area, Role
from core.static import IMMUTABLE, SHORT, StaticAssets

HASHED_URL = re.compile(r"^/static/(?P<name>.+)\.(?P<hash>[0-9a-f]{12})(?P<ext>\.[a-z]+)$")


class _StaticLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value and "/static/" in value:
                self.links.append(value)


def _static_links(html: str) -> list[str]:
    parser = _StaticLinks()
    parser.feed(html)
    return parser.links


async def test_every_page_links_static_files_by_hash_and_they_are_immutable(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    author = await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    process = await make_process(areas["370104013000"])
    proposal = await make_proposal(process, areas["370104013201"], author)
    pages = [
        "/",
        "/login",
        "/register",
        "/processes",
        f"/processes/{process.id}",
        f"/proposals/{proposal.id}",
        "/consult",
        "/open-data",
        "/no-such-page",
    ]
    links: set[str] = set()
    for path in pages:
        page = await client.get(path)
        assert page.status_code in (200, 404), path
        found = _static_links(page.text)
        assert found, f"{path} links no static file"
        links.update(found)
    await login(client, "13900000001")
    links.update(_static_links((await client.get("/me")).text))
    names = set()
    for link in sorted(links):
        match = HASHED_URL.match(link)
        assert match, f"{link} is not a hashed URL"
        plain = match["name"] + match["ext"]
        names.add(plain)
        served = await client.get(link, headers={"Accept-Encoding": "identity"})
        assert served.status_code == 200, link
        assert (
            served.headers["cache-control"] == IMMUTABLE == ("public, max-age=31536000, immutable")
        )
        assert served.content == (settings.ROOT / "static" / plain).read_bytes()
    assert {"css/yishi.css", "favicon.svg", "vendor/htmx-2.0.11.min.js"} <= names


async def test_hashed_css_and_htmx_come_gzipped_and_revalidate(client: httpx.AsyncClient) -> None:
    for name in ("css/yishi.css", "vendor/htmx-2.0.11.min.js"):
        page = await client.get("/login")
        (link,) = [url for url in _static_links(page.text) if name.rsplit(".", 1)[0] in url]
        served = await client.get(link, headers={"Accept-Encoding": "gzip"})
        assert served.headers["content-encoding"] == "gzip"
        assert served.headers["vary"] == "Accept-Encoding"
        assert served.num_bytes_downloaded * 3 < len(served.content)
        assert served.content == (settings.ROOT / "static" / name).read_bytes()
        again = await client.get(link, headers={"If-None-Match": served.headers["etag"]})
        assert again.status_code == 304 and not again.content


async def test_plain_names_keep_working_with_a_short_cache(client: httpx.AsyncClient) -> None:
    served = await client.get("/static/css/yishi.css")
    assert served.status_code == 200 and served.headers["cache-control"] == SHORT
    assert "immutable" not in served.headers["cache-control"]
    assert served.content == (settings.ROOT / "static/css/yishi.css").read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/static/nothing.js",
        "/static/css/yishi.0123456789ab.js",
        "/static/.hidden",
        "/static/%2e%2e/core/settings.py",
        "/static/css/..%2f..%2fpyproject.toml",
        "/static/css/",
    ],
)
async def test_nothing_else_is_served(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404, path
    assert (
        "cache-control" not in response.headers
        or "immutable" not in response.headers["cache-control"]
    )


def _edit(path: Path, text: str) -> None:
    """Write and move the mtime on: a fast filesystem may keep the same tick."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


async def test_a_changed_file_gets_a_new_url_and_the_old_one_loses_its_year(
    tmp_path: Path,
) -> None:
    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "site.css"
    sheet.write_text("body { color: black; }", encoding="utf-8")
    assets = StaticAssets(tmp_path)
    old = assets.url("css/site.css")
    assert HASHED_URL.match(old)
    _edit(sheet, "body { color: navy; }")
    new = assets.url("css/site.css")
    assert HASHED_URL.match(new) and new != old
    transport = httpx.ASGITransport(app=assets)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        current = await http.get(new)
        assert current.headers["cache-control"] == IMMUTABLE and "navy" in current.text
        stale = await http.get(old)  # a page of the last release, mid-restart
        assert stale.status_code == 200 and stale.headers["cache-control"] == SHORT
    _edit(sheet, "body { color: black; }")
    assert assets.url("css/site.css") == old  # the hash is the content's, nothing else
    with pytest.raises(LookupError):
        assets.url("css/missing.css")


def test_gzip_is_kept_per_version_not_made_per_request(tmp_path: Path) -> None:
    script = tmp_path / "app.js"
    script.write_text("console.log('x');" * 200, encoding="utf-8")
    assets = StaticAssets(tmp_path)
    first = assets.asset("app.js")
    assert first is not None and first.gzipped is not None
    assert gzip.decompress(first.gzipped) == script.read_bytes()
    assert assets.asset("app.js") is first
