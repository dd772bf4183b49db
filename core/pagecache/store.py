"""The kept pages of one process: a bounded LRU, each page tagged with its generation."""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from core import settings

Key = tuple[str, ...]


@dataclass
class Page:
    generation: int
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes = b""
    kept_at: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.etag = b'W/"' + hashlib.blake2b(self.body, digest_size=12).hexdigest().encode() + b'"'


class Pages:
    def __init__(self, capacity: int, max_age: float) -> None:
        self.capacity = capacity
        self.max_age = max_age
        self._pages: OrderedDict[Key, Page] = OrderedDict()

    def get(self, key: Key, generation: int) -> Page | None:
        page = self._pages.get(key)
        if page is None:
            return None
        if page.generation != generation or time.monotonic() - page.kept_at > self.max_age:
            del self._pages[key]
            return None
        self._pages.move_to_end(key)
        return page

    def put(self, key: Key, page: Page) -> None:
        self._pages[key] = page
        self._pages.move_to_end(key)
        while len(self._pages) > self.capacity:
            self._pages.popitem(last=False)

    def clear(self) -> None:
        self._pages.clear()

    def __len__(self) -> int:
        return len(self._pages)


PAGES = Pages(settings.PAGE_CACHE_ENTRIES, settings.PAGE_CACHE_SECONDS)
# Larger answers (a whole district's export) are served fresh each time.
MAX_BODY = 2 * 1024 * 1024
