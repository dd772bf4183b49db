"""Ballot secrecy (选票保密): the ballot tables hold no user id.

A voter reaches their own ballot only through a keyed hash of (ballot box, roster entry)
made with the server secret, so a database dump alone does not say who voted for what.
The voter keeps a receipt code; only its SHA-256 is stored and published, so anyone can
check that their ballot was counted without revealing whose it is.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from functools import lru_cache

from core import settings

# Crockford-style alphabet: no 0/O or 1/I/L to misread from a phone screenshot.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 12


def _key() -> bytes:
    return _key_for(str(settings.SECRET_KEY))


@lru_cache(maxsize=4)
def _key_for(secret: str) -> bytes:
    return hmac.new(secret.encode(), b"yishi ballot voter key", hashlib.sha256).digest()


def voter_key(box_id: int, roster_entry_id: int) -> str:
    message = f"box:{box_id}:entry:{roster_entry_id}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def new_receipt() -> str:
    """A code like 7KQ4-M9XD-2HPT, shown once to the voter."""
    # One draw from the OS for all twelve characters (secrets.choice would make twelve),
    # uniform over every code: its base-31 digits.
    number = secrets.randbelow(len(RECEIPT_ALPHABET) ** RECEIPT_LENGTH)
    chars = []
    for _ in range(RECEIPT_LENGTH):
        number, digit = divmod(number, len(RECEIPT_ALPHABET))
        chars.append(RECEIPT_ALPHABET[digit])
    raw = "".join(chars)
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


_CHAR = f"[{RECEIPT_ALPHABET}]"
RECEIPT_PATTERN = re.compile(f"{_CHAR}{{4}}(?:-{_CHAR}{{4}})*")


def checked_receipt(code: str) -> str:
    """A receipt code as made by `new_receipt`, or an error: safe to set into a page."""
    if not RECEIPT_PATTERN.fullmatch(code):
        raise ValueError("not a receipt code")
    return code


def normalise_receipt(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch in RECEIPT_ALPHABET)


def receipt_hash(code: str) -> str:
    return hashlib.sha256(normalise_receipt(code).encode()).hexdigest()
