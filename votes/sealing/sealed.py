"""A ballot's content, sealed with the election's public key (libsodium sealed box).

The sealed text is the canonical content (the marks, sorted by proposal id) padded to a
whole number of blocks, so the sealed rows of one box all have the same length whatever
their voters chose: a copy of the database taken during voting, when the voter marks and
the sealed rows sit side by side, cannot be matched to the opened ballots by length.
Nothing else goes in: no channel, no date, no voter, no receipt.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

BLOCK = 1024  # bytes of canonical content; a ballot of ~100 marked proposals fits one


class UnsealError(ValueError):
    """A sealed ballot does not open with this key (a wrong key, or damaged data)."""


def canonical(marks: Mapping[int, int]) -> bytes:
    """The marks as compact JSON pairs, by proposal id, zero marks dropped, padded."""
    pairs = [[int(p), int(v)] for p, v in sorted(marks.items()) if v > 0]
    text = json.dumps(pairs, separators=(",", ":")).encode()
    return text + b" " * (-len(text) % BLOCK if text else BLOCK)


def parse(content: bytes) -> dict[int, int]:
    pairs = json.loads(content.decode().rstrip(" "))
    return {int(p): int(v) for p, v in pairs}


def seal(public_key: bytes, marks: Mapping[int, int]) -> bytes:
    return bytes(SealedBox(PublicKey(public_key)).encrypt(canonical(marks)))


def unseal(private_key: PrivateKey, sealed: bytes) -> dict[int, int]:
    try:
        return parse(SealedBox(private_key).decrypt(sealed))
    except (CryptoError, ValueError) as exc:
        raise UnsealError(str(exc)) from exc
