"""Gzip for what the app sends: pages, htmx fragments, CSV, JSON (Starlette's GZipMiddleware).

Gzip rather than brotli: it is in the standard library and Starlette (no new dependency,
where brotli needs a C extension and a third-party ASGI middleware), every browser and
nginx's stock build speak it, and our pages are small (4-30 KB of HTML), where brotli's
edge over gzip is a few hundred bytes. Static files are compressed once per version and
kept (core.static), not per request. Behind nginx, nginx compresses instead (README).

BREACH: a compressed page that holds a secret and text an attacker reflects into it leaks
the secret through its size, over many requests. The one secret every page repeats is the
CSRF token, and pages carry it masked afresh for each response (core.csrf.masked_token);
the other secrets a page shows (a receipt code, election key shares) are new in the one
response that shows them, so no run of requests can home in on them. The session cookie
is a header, which gzip never touches.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

from core.exports import MEDIA

# Already compressed inside (zip containers, PDF streams, photos): gzip would spend CPU
# to gain nothing.
ALREADY_COMPRESSED = (*DEFAULT_EXCLUDED_CONTENT_TYPES, MEDIA["xlsx"], "application/pdf")
# Level 4 rather than Starlette's 9: on the demo's pages 1.05x level 9's bytes for 0.48x its
# time (level 6: 1.005x for 0.82x), CPU the public pages need on results day
# (benchmarks/compression.py).
LEVEL = 4
# Below about a packet, the gzip header and the Vary dance cost more than they save.
MINIMUM_SIZE = 1024


def middleware() -> Middleware:
    return Middleware(
        GZipMiddleware,
        minimum_size=MINIMUM_SIZE,
        compresslevel=LEVEL,
        exclude_content_types=ALREADY_COMPRESSED,
    )
