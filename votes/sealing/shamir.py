"""Shamir's secret sharing over GF(256), byte by byte (密钥分片).

The election's private key is split into n shares, any k of which rebuild it; fewer than k
say nothing about it (for any k-1 shares, every secret is equally likely). Each byte of the
secret is the constant term of its own random polynomial of degree k-1 over GF(2^8), the
AES field; share x holds every polynomial's value at x (x = 1..n, never 0).

A share's text form carries its index, the threshold, a fingerprint of the election's
public key (so a share of another election is named as such) and a checksum, so a mistyped
share is refused with a clear message instead of silently rebuilding a wrong key.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.i18n import gettext as _

VERSION = 1
FINGERPRINT_BYTES = 4
CHECKSUM_BYTES = 4
MAX_SHARES = 255


class ShareError(ValueError):
    """A share cannot be used; the message says why, in Chinese."""


def _tables() -> tuple[list[int], list[int]]:
    exp, log = [0] * 512, [0] * 256
    value = 1
    for power in range(255):
        exp[power] = value
        log[value] = power
        # times 3, the generator: value * 2 (reduced by the AES polynomial) xor value
        doubled = value << 1
        if doubled & 0x100:
            doubled ^= 0x11B
        value = doubled ^ value
    for power in range(255, 512):
        exp[power] = exp[power - 255]
    return exp, log


_EXP, _LOG = _tables()


def gf_mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return _EXP[_LOG[a] + _LOG[b]]


def gf_div(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError("GF(256) division by zero")
    if a == 0:
        return 0
    return _EXP[(_LOG[a] - _LOG[b]) % 255]


def evaluate(coefficients: Sequence[int], x: int) -> int:
    """The polynomial with these coefficients (constant first) at x, by Horner's rule."""
    result = 0
    for coefficient in reversed(coefficients):
        result = gf_mul(result, x) ^ coefficient
    return result


def interpolate_at_zero(points: Sequence[tuple[int, int]]) -> int:
    """Lagrange interpolation at x = 0 of distinct points (x ≠ 0); in GF(2^8) minus is xor."""
    total = 0
    for i, (xi, yi) in enumerate(points):
        numerator, denominator = 1, 1
        for j, (xj, _yj) in enumerate(points):
            if i != j:
                numerator = gf_mul(numerator, xj)
                denominator = gf_mul(denominator, xi ^ xj)
        total ^= gf_mul(yi, gf_div(numerator, denominator))
    return total


@dataclass(frozen=True)
class Share:
    x: int  # 1..n
    k: int  # how many shares rebuild the secret
    fingerprint: bytes  # of the election's public key
    y: bytes  # one byte per byte of the secret


def split_with(
    secret: bytes, k: int, n: int, fingerprint: bytes, draw: Callable[[int], bytes]
) -> list[Share]:
    """`split`, with the random coefficients drawn from `draw(count)` (tests pass their own)."""
    if not 1 <= k <= n <= MAX_SHARES:
        raise ValueError(f"need 1 <= k <= n <= {MAX_SHARES}, got k={k}, n={n}")
    polynomials = [[byte, *draw(k - 1)] for byte in secret]
    return [
        Share(x, k, fingerprint, bytes(evaluate(p, x) for p in polynomials))
        for x in range(1, n + 1)
    ]


def split(secret: bytes, k: int, n: int, fingerprint: bytes) -> list[Share]:
    """n shares of `secret`, any k of which rebuild it."""
    return split_with(secret, k, n, fingerprint, secrets.token_bytes)


def combine(shares: Sequence[Share]) -> bytes:
    """The secret from at least k shares of one split (the first k distinct ones are used)."""
    if not shares:
        raise ShareError(_("请输入密钥片段"))
    k, fingerprint = shares[0].k, shares[0].fingerprint
    distinct: dict[int, Share] = {}
    for share in shares:
        if share.k != k or share.fingerprint != fingerprint or len(share.y) != len(shares[0].y):
            raise ShareError(_("这些密钥片段不属于同一次选举"))
        distinct.setdefault(share.x, share)
    if len(distinct) < k:
        raise ShareError(
            _("需要 {k} 份不同的密钥片段，现在只有 {n} 份").format(k=k, n=len(distinct))
        )
    chosen = list(distinct.values())[:k]
    return bytes(
        interpolate_at_zero([(s.x, s.y[i]) for s in chosen]) for i in range(len(chosen[0].y))
    )


def fingerprint_of(public_key: bytes) -> bytes:
    return hashlib.sha256(b"yishi election key " + public_key).digest()[:FINGERPRINT_BYTES]


def share_text(share: Share) -> str:
    """Base32 in groups of four, e.g. ``AEBA-GQ2D-…``: easy to print and to type back."""
    payload = bytes([VERSION, share.k, share.x]) + share.fingerprint + share.y
    raw = payload + hashlib.sha256(payload).digest()[:CHECKSUM_BYTES]
    text = base64.b32encode(raw).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


# Characters people misread when copying a printed code, mapped to what base32 means.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def share_from_text(text: str) -> Share:
    """Parse a share typed back from paper; ShareError (Chinese) for anything wrong."""
    cleaned = "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())
    cleaned = cleaned.translate(_LOOKALIKES)
    if not cleaned:
        raise ShareError(_("密钥片段为空"))
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError as exc:
        raise ShareError(_("密钥片段含有无效字符或长度不对，请检查是否抄错")) from exc
    header = 3 + FINGERPRINT_BYTES
    if len(raw) <= header + CHECKSUM_BYTES:
        raise ShareError(_("密钥片段太短，请检查是否抄漏"))
    payload, checksum = raw[:-CHECKSUM_BYTES], raw[-CHECKSUM_BYTES:]
    if hashlib.sha256(payload).digest()[:CHECKSUM_BYTES] != checksum:
        raise ShareError(_("密钥片段校验不符，请检查是否抄错"))
    version, k, x = payload[0], payload[1], payload[2]
    if version != VERSION or not 1 <= k <= MAX_SHARES or x == 0:
        raise ShareError(_("密钥片段格式不对"))
    return Share(x, k, payload[3:header], payload[header:])
