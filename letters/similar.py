"""Near-identical letters from one writer (重复来信): pointed out to the handler, never
refused, since a person may have good reason to write again."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

THRESHOLD = 0.9
_NOISE = re.compile(r"[\s\u3000，。、！？；：,.!?;:\"'“”‘’（）()]+")


def normalised(subject: str, text: str) -> str:
    return _NOISE.sub("", f"{subject}{text}").lower()


def near_identical(a: str, b: str) -> bool:
    """Both normalised; the same words give 1.0, a changed phrase or two stays above 0.9."""
    if not a or not b:
        return a == b
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= THRESHOLD
