"""Static files under content-hashed names, cached by browsers for a year.

`static_url("css/yishi.css")` gives `/static/css/yishi.<hash>.css`, the hash being the
start of the file's SHA-256: a changed file gets a new URL, so the old one may be cached
as `immutable` for a year and a release never serves yesterday's CSS. The plain name
(`/static/css/yishi.css`) keeps working with a short cache, for anything outside our
templates that links it. A hashed name whose hash is not the file's (a page of the
previous release during a rolling restart) gets today's file with the short cache, never
the immutable one.

Each file is read, hashed and gzip-compressed once per version (the file's mtime and
size are checked on every use, so an edited file is picked up without a restart), then
served from memory: the static folder is under 100 KB.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from core import settings

PREFIX = "/static/"
HASH_LENGTH = 12
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
HASHED = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<ext>\.[^./]+)$")
COMPRESSIBLE = ("text/", "application/javascript", "image/svg+xml", "application/json")


@dataclass(frozen=True)
class Asset:
    name: str  # relative to the static folder, with forward slashes
    stamp: tuple[int, int]  # mtime_ns, size: when either changes, the file is read again
    digest: str
    body: bytes
    gzipped: bytes | None
    media_type: str

    @property
    def hashed_name(self) -> str:
        stem, dot, ext = self.name.rpartition(".")
        if not dot or "/" in ext:
            return f"{self.name}.{self.digest}"
        return f"{stem}.{self.digest}.{ext}"


class StaticAssets:
    """The static folder as an ASGI app (mounted at /static) and the `static_url` helper."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory.resolve()
        self._assets: dict[str, Asset] = {}

    def url(self, name: str) -> str:
        asset = self.asset(name)
        if asset is None:
            raise LookupError(f"no static file {name!r}")  # a template typo fails loudly
        return PREFIX + asset.hashed_name

    def asset(self, name: str) -> Asset | None:
        path = self._file(name)
        if path is None:
            return None
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        known = self._assets.get(name)
        if known is None or known.stamp != stamp:
            known = self._assets[name] = _read(name, path, stamp)
        return known

    def _file(self, name: str) -> Path | None:
        """Only regular files inside the folder, by a plain relative name."""
        parts = name.split("/")
        if not name or "\\" in name or any(p in ("", ".", "..") or p[0] == "." for p in parts):
            return None
        path = (self.directory / name).resolve()
        if not path.is_relative_to(self.directory) or not path.is_file():
            return None
        return path

    def find(self, requested: str) -> tuple[Asset, bool] | None:
        """The asset a request names, and whether it named this version by its hash."""
        asset = self.asset(requested)
        if asset is not None:
            return asset, False
        match = HASHED.match(requested)
        if match is None:
            return None
        asset = self.asset(match["stem"] + match["ext"])
        if asset is None:
            return None
        return asset, asset.digest == match["hash"]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = self.respond(scope)
        await response(scope, receive, send)

    def respond(self, scope: Scope) -> Response:
        if scope["method"] not in ("GET", "HEAD"):
            raise HTTPException(405, headers={"Allow": "GET, HEAD"})
        found = self.find(_route_path(scope).lstrip("/"))
        if found is None:
            raise HTTPException(404)  # the site's own 404 page
        asset, current = found
        return _answer(asset, Headers(scope=scope), IMMUTABLE if current else SHORT)


def _route_path(scope: Scope) -> str:
    """The path below the mount (Starlette keeps the full path and the mount's root_path)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path.removeprefix("/static")


def _read(name: str, path: Path, stamp: tuple[int, int]) -> Asset:
    body = path.read_bytes()
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if media_type.startswith("text/") or media_type == "application/javascript":
        media_type += "; charset=utf-8"
    compressible = media_type.startswith(COMPRESSIBLE)
    gzipped = gzip.compress(body, compresslevel=9, mtime=0) if compressible else None
    if gzipped is not None and len(gzipped) >= len(body):
        gzipped = None
    digest = hashlib.sha256(body).hexdigest()[:HASH_LENGTH]
    return Asset(name, stamp, digest, body, gzipped, media_type)


def _matches(if_none_match: str, digest: str) -> bool:
    tags = {tag.strip().removeprefix("W/").strip('"') for tag in if_none_match.split(",")}
    return digest in tags or "*" in tags


def _answer(asset: Asset, request: Headers, cache: str) -> Response:
    # Weak: the gzipped and the plain body are the same file, not the same bytes.
    etag = f'W/"{asset.digest}"'
    headers = {"Cache-Control": cache, "ETag": etag}
    if asset.gzipped is not None:
        headers["Vary"] = "Accept-Encoding"
    if _matches(request.get("if-none-match", ""), asset.digest):
        return Response(status_code=304, headers=headers)
    body = asset.body
    if asset.gzipped is not None and "gzip" in request.get("accept-encoding", ""):
        body = asset.gzipped
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type=asset.media_type, headers=headers)


assets = StaticAssets(settings.ROOT / "static")
static_url = assets.url
