"""居民身份证号码 (GB 11643-1999): check digit, embedded birth date, and the keyed hash
that is all Yishi ever stores of a number.

The scalar functions serve one form entry; `check_numbers` checks a whole column at once
with numpy, which is what makes a million-row roster quick.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core import clock, settings

ID_PATTERN = r"[0-9]{17}[0-9X]"  # ASCII only: \d would also take other scripts' digits
ID_RE = re.compile(ID_PATTERN)
WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
CHECK_CHARS = "10X98765432"  # indexed by (Σ digit × weight) mod 11
_CHECK_BYTES = np.frombuffer(CHECK_CHARS.encode("ascii"), dtype=np.uint8)
EARLIEST_BIRTH = dt.date(1900, 1, 1)
# Separate from the session and CSRF uses of the secret: a leak of one is not the other.
_KEY_LABEL = b"yishi/roster/id-number/v1"


def normalise(raw: str) -> str:
    """As people type it: full-width digits (a Chinese input method) made ASCII, spaces
    dropped, a lower-case x accepted."""
    return "".join(unicodedata.normalize("NFKC", raw).split()).upper()


def check_digit(first17: str) -> str:
    total = sum(int(digit) * int(weight) for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def make_number(region: str, born: dt.date, sequence: int) -> str:
    """A well-formed number (demo data, tests, benchmarks): 6-digit region code, birth date,
    3-digit sequence (odd for men), check digit."""
    first17 = f"{region}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_digit(first17)


def birth_date_of(number: str) -> dt.date | None:
    """The birth date the number states (positions 7–14), if it is a real, past date."""
    try:
        born = dt.datetime.strptime(number[6:14], "%Y%m%d").date()
    except ValueError:
        return None
    return born if EARLIEST_BIRTH <= born <= clock.today() else None


def sex_of(number: str) -> str:
    """性别 as the number states it: the 17th digit (the sequence's last) is odd for men."""
    return "m" if int(number[16]) % 2 else "f"


def sexes_of(numbers: pd.Series) -> np.ndarray:
    """`sex_of` for a column of well-formed numbers, without a Python loop."""
    digits = numbers.str.slice(16, 17).astype(int).to_numpy() if len(numbers) else np.zeros(0)
    return np.where(digits % 2 == 1, "m", "f").astype(object)


def is_valid(number: str) -> bool:
    return (
        ID_RE.fullmatch(number) is not None
        and check_digit(number[:17]) == number[17]
        and birth_date_of(number) is not None
    )


def hash_key() -> bytes:
    """The HMAC key, derived from the server secret. Rotating the secret orphans the hashes:
    rosters must then be imported again and residents verified again."""
    secret = str(settings.SECRET_KEY).encode("utf-8")
    return hmac.new(secret, _KEY_LABEL, hashlib.sha256).digest()


def id_hash(number: str, key: bytes | None = None) -> str:
    """The stored form of an ID number: HMAC-SHA256, hex. Without the key it says nothing."""
    message = b"id:" + number.upper().encode("ascii")
    return hmac.digest(key or hash_key(), message, "sha256").hex()


def id_hashes(numbers: list[str], key: bytes) -> list[str]:
    """`id_hash` of many normalised numbers: one C call each, nothing else in the loop."""
    digest = hmac.digest
    return [digest(key, b"id:" + number.encode("ascii"), "sha256").hex() for number in numbers]


@dataclass(frozen=True)
class NumberCheck:
    """Column-wise verdicts, one entry per row of the checked column."""

    malformed: np.ndarray  # not 17 digits and a digit or X
    bad_check_digit: np.ndarray
    bad_birth_date: np.ndarray  # the embedded date is not a real, past date
    birth_dates: pd.Series  # datetime64, NaT where there is none


def check_numbers(numbers: pd.Series) -> NumberCheck:
    """Check a column of normalised numbers without a Python loop over the rows."""
    size = len(numbers)
    formed = numbers.str.fullmatch(ID_PATTERN).fillna(False).to_numpy(dtype=bool)
    bad_check = np.zeros(size, dtype=bool)
    if formed.any():
        chars = np.frombuffer("".join(numbers[formed]).encode("ascii"), dtype=np.uint8)
        chars = chars.reshape(-1, 18)
        expected = _CHECK_BYTES[((chars[:, :17] - 48) @ WEIGHTS) % 11]
        bad_check[formed] = chars[:, 17] != expected
    births = pd.to_datetime(
        numbers.str.slice(6, 14).where(formed), format="%Y%m%d", errors="coerce"
    )
    too_early = births < pd.Timestamp(EARLIEST_BIRTH)
    too_late = births > pd.Timestamp(clock.today())
    births = births.where(~(too_early | too_late))
    bad_birth = formed & ~bad_check & births.isna().to_numpy()
    return NumberCheck(~formed, bad_check, bad_birth, births)
