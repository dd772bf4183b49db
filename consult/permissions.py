"""Who may run a consultation: officials for the areas they govern, and admins.

Taking part (opinions, questionnaire) is the comment system's one rule, ``may_comment``.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from tortoise.expressions import Q

from consult.models import Topic
from core.models import Area, Role
from core.principal import Principal


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
    if user.has(Role.ADMIN):
        return await Area.all().order_by("path")
    if not user.official_paths:
        return []
    scope = Q(*[Q(path__startswith=p) for p in user.official_paths], join_type="OR")
    return await Area.filter(scope).order_by("path")


def topic_scope(user: Principal) -> Q:
    """A filter for the topics this person manages."""
    if user.has(Role.ADMIN):
        return Q()
    if not user.official_paths:
        return Q(id=-1)
    return Q(*[Q(area__path__startswith=p) for p in user.official_paths], join_type="OR")
