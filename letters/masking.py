"""What the public sees of a writer: a masked name (张**), and text with phone and ID-card
numbers masked automatically (个人信息保护). Pure functions."""

from __future__ import annotations

import re

# 18-digit resident ID (the last may be X) and the old 15-digit one, not inside a longer number.
_ID = re.compile(r"(?<![0-9])([1-9][0-9]{5})([0-9]{8}(?:[0-9]{3}[0-9Xx]|[0-9]))(?![0-9A-Za-z])")
# Mainland mobiles, optionally +86 and written with spaces or dashes (138 0000 1234).
_MOBILE = re.compile(
    r"(?<![0-9])((?:\+?86[- ]?)?1[3-9][0-9])[- ]?([0-9]{4})[- ]?([0-9]{4})(?![0-9])"
)
# Landlines with an area code: 0531-87654321, 0531 8765 4321, (0531)87654321.
_LANDLINE = re.compile(r"(?<![0-9])(\(?0[0-9]{2,3}\)?[- ]?)([0-9]{3,4})[- ]?([0-9]{4})(?![0-9])")


def masked_name(name: str) -> str:
    """张桂兰 → 张**: the surname only, whatever the length of the name."""
    name = name.strip()
    return f"{name[0]}**" if name else "**"


def mask_text(text: str) -> str:
    """Phone and ID numbers in free text, masked; everything else as written."""
    text = _ID.sub(lambda m: m[1][:3] + "*" * (len(m[0]) - 5) + m[0][-2:], text)
    text = _MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)
    return _LANDLINE.sub(lambda m: f"{m[1]}****{m[3]}", text)
