"""Who may run a consultation: officials for the areas they govern, and admins.

Taking part (opinions, questionnaire) is the comment system's one rule, ``may_comment``.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from tortoise.expressions import Q

from consult.models import Topic
from core.models import Area, Role
from core.principal import Principal, governed_scope


def may_manage(user: Principal | None, area_path: str) -> bool:
    if user is None or not user.has(Role.OFFICIAL, Role.ADMIN):
        return False
    return user.governs(area_path)


async def managed_topic(user: Principal, topic_id: int) -> Topic:
    """The topic for a staff page: 404 if none, 403 outside the person's areas."""
    topic = await Topic.get_or_none(id=topic_id).select_related("area")
    if topic is None:
        raise HTTPException(404)
    if not may_manage(user, topic.area.path):
        raise HTTPException(403)
    return topic


async def governed_areas(user: Principal) -> list[Area]:
    """Areas this person may publish topics for, in tree order."""
    scope = governed_scope(user, lambda path: Q(path__startswith=path))
    return await Area.filter(scope).order_by("path")


def topic_scope(user: Principal) -> Q:
    """A filter for the topics this person manages."""
    return governed_scope(user, lambda path: Q(area__path__startswith=path))
