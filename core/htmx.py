"""htmx, one way for every endpoint.

Every page works without JavaScript: a POST is a plain form, answered on success with a 303
to a page and on an error with the whole page again, errors in place (400). When htmx sent
the request it gets a fragment instead, with status 200 even for an error, because htmx
swaps only 2xx answers into the page and the fragment carries the error message itself.
"""

from __future__ import annotations

from starlette.requests import Request


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"
