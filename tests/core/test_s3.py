"""The SigV4 signer of core.s3 gives AWS's published signature and botocore's own, for
path-style and virtual-host requests, with and without a body."""

from __future__ import annotations

import datetime as dt

import botocore.auth
import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials

from core.s3 import Bucket, Credentials

EXAMPLE = Credentials(
    "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1"
)


def test_the_aws_documentation_example_signature() -> None:
    """'GET Object' in AWS's SigV4 header-signing examples (examplebucket, 24 May 2013)."""
    bucket = Bucket("https://s3.amazonaws.com", "examplebucket", EXAMPLE, virtual_host=True)
    request = bucket.request(
        "GET",
        "test.txt",
        headers={"Range": "bytes=0-9"},
        when=dt.datetime(2013, 5, 24, tzinfo=dt.UTC),
    )
    assert str(request.url) == "https://examplebucket.s3.amazonaws.com/test.txt"
    assert request.headers["authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    )


@pytest.mark.parametrize("virtual_host", [False, True])
@pytest.mark.parametrize(
    ("method", "key", "body", "headers"),
    [
        ("PUT", "uploads/2027/ab12.jpg", b"\xff\xd8 photo bytes", {"Content-Type": "image/jpeg"}),
        ("GET", "uploads/ab12.thumb.jpg", b"", {}),
        ("DELETE", "前缀 with space/ab12.pdf", b"", {}),
    ],
)
def test_signatures_match_botocore(
    virtual_host: bool,
    method: str,
    key: str,
    body: bytes,
    headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    region = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "cn-north-1")
    bucket = Bucket("http://127.0.0.1:9000", "yishi-files", region, virtual_host=virtual_host)
    when = dt.datetime(2027, 3, 1, 8, 30, 15, tzinfo=dt.UTC)
    ours = bucket.request(method, key, body=body, headers=headers, when=when)
    theirs = AWSRequest(
        method=method,
        url=str(ours.url),
        data=body,
        headers={**headers, "X-Amz-Content-SHA256": ours.headers["x-amz-content-sha256"]},
    )
    signer = S3SigV4Auth(BotoCredentials(region.access_key, region.secret_key), "s3", "cn-north-1")
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: when.replace(tzinfo=None))
    signer.add_auth(theirs)
    assert ours.headers["authorization"] == theirs.headers["Authorization"]
    assert ours.headers["x-amz-date"] == theirs.headers["X-Amz-Date"]
