"""Where uploaded files are kept: this machine's disk (the default) or S3-compatible object
storage (`YISHI_UPLOADS=s3://bucket/prefix`), so that with app processes on several
machines a photo uploaded through one is served by every other.

Both backends store bytes under a generated name and answer a download; core.uploads
checks every file (type, size, decoded photo) before anything reaches either.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, urlsplit

import anyio.to_thread
import httpx
from starlette.responses import FileResponse, Response, StreamingResponse

from core import s3, settings

log = logging.getLogger(__name__)


class StorageUnavailable(Exception):
    """The object store did not answer, or refused: the caller says "try again later"."""


class Storage(Protocol):
    async def put(self, name: str, data: bytes, content_type: str) -> None: ...

    async def delete(self, name: str) -> None: ...

    async def response(
        self, name: str, media_type: str, headers: Mapping[str, str]
    ) -> Response | None:
        """The file as a download, or None if there is no such file."""
        ...

    async def close(self) -> None: ...


class DiskStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str) -> Path:
        path = self.root / name
        # A name may sit in a folder (consultation documents: `consult/…`), as a key does.
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    async def put(self, name: str, data: bytes, content_type: str) -> None:
        await anyio.to_thread.run_sync(self._path(name).write_bytes, data)

    async def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

    async def response(
        self, name: str, media_type: str, headers: Mapping[str, str]
    ) -> Response | None:
        path = self._path(name)
        if not path.is_file():
            return None
        return FileResponse(path, media_type=media_type, headers=dict(headers))

    async def close(self) -> None:
        return None


class S3Storage:
    """Objects under `prefix/` in one bucket; downloads are streamed through the app, so
    permission checks stay the app's and the bucket needs no public access."""

    def __init__(self, bucket: s3.Bucket, prefix: str) -> None:
        self.bucket = bucket
        self.prefix = prefix
        self._client: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def _http(self) -> httpx.AsyncClient:
        """One pooled client per event loop (connections are reused between requests)."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(30, connect=5),
                transport=httpx.AsyncHTTPTransport(retries=2),  # connection errors only
            )
            self._loop = loop
        return self._client

    async def _send(self, request: httpx.Request, *, stream: bool = False) -> httpx.Response:
        try:
            return await self._http().send(request, stream=stream)
        except httpx.HTTPError as exc:
            log.warning("object storage unreachable: %s %s: %r", request.method, request.url, exc)
            raise StorageUnavailable(str(exc)) from exc

    async def put(self, name: str, data: bytes, content_type: str) -> None:
        request = self.bucket.request(
            "PUT", self.key(name), body=data, headers={"Content-Type": content_type}
        )
        answer = await self._send(request)
        if answer.status_code != 200:
            log.warning("object storage refused PUT %s: %s", name, answer.text[:300])
            raise StorageUnavailable(f"PUT {answer.status_code}")

    async def delete(self, name: str) -> None:
        answer = await self._send(self.bucket.request("DELETE", self.key(name)))
        if answer.status_code not in (200, 204, 404):
            raise StorageUnavailable(f"DELETE {answer.status_code}")

    async def response(
        self, name: str, media_type: str, headers: Mapping[str, str]
    ) -> Response | None:
        upstream = await self._send(self.bucket.request("GET", self.key(name)), stream=True)
        if upstream.status_code != 200:
            await upstream.aclose()
            if upstream.status_code == 404:
                return None
            log.warning("object storage refused GET %s: %s", name, upstream.status_code)
            raise StorageUnavailable(f"GET {upstream.status_code}")
        sent = dict(headers)
        if "content-length" in upstream.headers:
            sent["Content-Length"] = upstream.headers["content-length"]
        return StreamingResponse(_relay(upstream), media_type=media_type, headers=sent)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


async def _relay(upstream: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in upstream.aiter_raw():
            yield chunk
    finally:
        await upstream.aclose()


def content_disposition(kind: str, filename: str) -> str:
    """As Starlette's FileResponse writes it (RFC 6266, UTF-8 names per RFC 5987)."""
    quoted = quote(filename)
    if quoted != filename:
        return f"{kind}; filename*=utf-8''{quoted}"
    return f'{kind}; filename="{filename}"'


def _configured() -> tuple[object, ...]:
    return (
        settings.UPLOADS,
        settings.VAR_DIR,
        settings.S3_ENDPOINT,
        settings.S3_REGION,
        settings.S3_ACCESS_KEY,
        str(settings.S3_SECRET_KEY),
        settings.S3_ADDRESSING,
    )


def _build() -> Storage:
    if not settings.UPLOADS:
        return DiskStorage(settings.VAR_DIR / "uploads")
    location = urlsplit(settings.UPLOADS)
    if location.scheme != "s3" or not location.netloc:
        raise RuntimeError(
            "YISHI_UPLOADS must be unset (local disk) or s3://bucket/prefix, "
            f"not {settings.UPLOADS!r}"
        )
    if settings.S3_ADDRESSING not in ("path", "virtual"):
        raise RuntimeError("YISHI_S3_ADDRESSING must be `path` or `virtual`")
    region = settings.S3_REGION
    credentials = s3.Credentials(settings.S3_ACCESS_KEY, str(settings.S3_SECRET_KEY), region)
    bucket = s3.Bucket(
        endpoint=settings.S3_ENDPOINT or f"https://s3.{region}.amazonaws.com",
        name=location.netloc,
        credentials=credentials,
        virtual_host=settings.S3_ADDRESSING == "virtual",
    )
    return S3Storage(bucket, location.path.strip("/"))


_current: tuple[tuple[object, ...], Storage] | None = None


def storage() -> Storage:
    """The backend the settings name (built again if a test changes them)."""
    global _current
    wanted = _configured()
    if _current is None or _current[0] != wanted:
        _current = (wanted, _build())
    return _current[1]


async def close() -> None:
    if _current is not None:
        await _current[1].close()
