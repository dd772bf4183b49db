"""The one shape of "no" in Yishi.

A service refuses with a `Refused` (or a subclass named for its domain): the message says
why, in words for the person who tried, and `field` names the form field it belongs next to
(when there is one). Endpoints show the message; they never show a stack trace. A person
who may not do something at all gets a `Forbidden`, answered with 403.
"""

from __future__ import annotations


class Refused(Exception):
    """A rule said no. Always `Refused(message, field=None)`: one argument order everywhere."""

    default_field = "form"  # an error of the whole form, shown above it

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field: str = field or self.default_field


class Forbidden(Exception):
    """This person may not do this here (403), whatever they sent."""
