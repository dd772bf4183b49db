"""The three S3 calls uploads need (PUT, GET, DELETE an object), signed with AWS Signature
Version 4, over httpx.

Why not boto3 or aiobotocore: boto3 is synchronous (every call would hold a worker thread)
and aiobotocore pins botocore to a narrow range and pulls in aiohttp, for three requests.
SigV4 is a published, stable algorithm of a few dozen lines; tests/core/test_s3.py checks
it against AWS's published example and against botocore's own signer, and every storage
test runs against a real S3-compatible server (moto). Works with any S3-compatible store:
MinIO, Ceph, Aliyun OSS, Tencent COS, Huawei OBS, AWS (`ADDRESSING` path or virtual host).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

import httpx

ALGORITHM = "AWS4-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


@dataclass(frozen=True)
class Credentials:
    access_key: str
    secret_key: str
    region: str
    service: str = "s3"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _canonical_query(url: httpx.URL) -> str:
    pairs = sorted(
        (quote(key, safe="-_.~"), quote(value, safe="-_.~"))
        for key, value in url.params.multi_items()
    )
    return "&".join(f"{key}={value}" for key, value in pairs)


def sign(
    method: str,
    url: httpx.URL,
    headers: Mapping[str, str],
    payload_sha256: str,
    credentials: Credentials,
    when: dt.datetime,
) -> dict[str, str]:
    """The headers to add to the request: x-amz-date, x-amz-content-sha256, Authorization.

    `headers` are the others to sign (Content-Type, Range, …); Host is always signed.
    `url.raw_path` must already be the percent-encoded path (see `object_url`).
    """
    amz_date = when.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    signed = {key.lower(): " ".join(value.split()) for key, value in headers.items()}
    signed |= {
        "host": url.netloc.decode(),
        "x-amz-content-sha256": payload_sha256,
        "x-amz-date": amz_date,
    }
    names = sorted(signed)
    canonical = "\n".join(
        [
            method,
            url.raw_path.decode().split("?", 1)[0],
            _canonical_query(url),
            "".join(f"{name}:{signed[name]}\n" for name in names),
            ";".join(names),
            payload_sha256,
        ]
    )
    scope = f"{day}/{credentials.region}/{credentials.service}/aws4_request"
    to_sign = "\n".join(
        [ALGORITHM, amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = _hmac(("AWS4" + credentials.secret_key).encode(), day)
    for part in (credentials.region, credentials.service, "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    authorization = (
        f"{ALGORITHM} Credential={credentials.access_key}/{scope}, "
        f"SignedHeaders={';'.join(names)}, Signature={signature}"
    )
    return {
        "x-amz-date": amz_date,
        "x-amz-content-sha256": payload_sha256,
        "Authorization": authorization,
    }


@dataclass(frozen=True)
class Bucket:
    """Where objects go: `endpoint` like `https://oss-cn-hangzhou.aliyuncs.com` or
    `http://10.0.0.20:9000`; `virtual_host` puts the bucket in the host name
    (`bucket.endpoint`), as AWS and Aliyun OSS prefer; otherwise in the path (MinIO)."""

    endpoint: str
    name: str
    credentials: Credentials
    virtual_host: bool = False

    def object_url(self, key: str) -> httpx.URL:
        base = httpx.URL(self.endpoint)
        path = quote(key, safe="/-_.~")
        if self.virtual_host:
            host = f"{self.name}.{base.host}"
            return base.copy_with(host=host, raw_path=f"/{path}".encode())
        return base.copy_with(raw_path=f"/{quote(self.name, safe='')}/{path}".encode())

    def request(
        self,
        method: str,
        key: str,
        *,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        when: dt.datetime | None = None,
    ) -> httpx.Request:
        url = self.object_url(key)
        extra = dict(headers or {})
        payload = hashlib.sha256(body).hexdigest() if body else EMPTY_SHA256
        auth = sign(method, url, extra, payload, self.credentials, when or dt.datetime.now(dt.UTC))
        return httpx.Request(method, url, headers={**extra, **auth}, content=body or None)
