"""长辈模式 (elderly mode): large type, large targets, high contrast, essentials only.

A visitor's own choice, remembered in a long-lived cookie like the language: it is no
server state, and an anonymous visitor must be able to turn it on from a page the public
cache keeps for everybody (such a page carries no CSRF token, so the switch is a plain
link, as the language switch is). Every page reads the cookie per request: `base.html`
puts the ``elder`` class on ``<html>`` and folds secondary navigation away, and the page
cache keeps the two renderings of a page apart (its key carries the mode).
"""

from __future__ import annotations

from starlette.requests import Request

COOKIE = "yishi_elder"
ON = "1"
# A year, like the language: the choice is made once and stays.
MAX_AGE = 365 * 24 * 3600


def is_on(cookie_value: str | None) -> bool:
    return cookie_value == ON


def wanted(request: Request) -> bool:
    """Whether this request's visitor reads in 长辈模式."""
    return is_on(request.cookies.get(COOKIE))
