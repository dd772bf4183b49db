"""Signed unsubscribe tokens: the link in an e-mail is the proof of who may unsubscribe.

The token names a person and a kind, signed with the site's secret key under its own salt;
it does not expire (an e-mail read a year later must still unsubscribe) and grants nothing
else than turning that kind's e-mail off.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

from core import settings
from notify.kinds import Kind

SALT = "yishi.notify.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(str(settings.SECRET_KEY), salt=SALT)


def unsubscribe_token(user_id: int, kind: Kind) -> str:
    return _serializer().dumps([user_id, kind.value])


def read_unsubscribe_token(token: str) -> tuple[int, Kind] | None:
    """The person and kind a token names; None for a forged or garbled one."""
    try:
        user_id, kind = _serializer().loads(token)
        return int(user_id), Kind(kind)
    except (BadSignature, ValueError, TypeError):
        return None


def unsubscribe_url(user_id: int, kind: Kind) -> str:
    return f"{settings.SITE_URL}/unsubscribe/{unsubscribe_token(user_id, kind)}"
