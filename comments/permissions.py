"""Who may do what with comments. Checked on the server, in the services."""

from __future__ import annotations

from comments.subjects import Subject
from core.models import Role
from core.principal import Principal
from residents.eligibility import verified_path


async def may_comment(user: Principal | None, subject: Subject) -> bool:
    """May this person take part (comment, reply, support, answer a questionnaire) here?

    A resident verified against a roster entry (居民名册) within the subject's area, while
    the subject is open.
    """
    if user is None or not subject.is_open or not user.has(Role.RESIDENT):
        return False
    path = await verified_path(user.id)
    return path is not None and path.startswith(subject.area_path)


async def may_report(user: Principal | None, subject: Subject) -> bool:
    """举报: a resident verified within the subject's area (open or not: abuse may be
    reported after the topic closes). Three throwaway accounts could hide anything."""
    if user is None or not user.has(Role.RESIDENT):
        return False
    path = await verified_path(user.id)
    return path is not None and path.startswith(subject.area_path)


def may_answer(user: Principal | None, subject: Subject) -> bool:
    """Official answers (官方答复): officials governing the subject's area, and admins."""
    return may_moderate(user, subject.area_path)


def may_moderate(user: Principal | None, area_path: str) -> bool:
    if user is None or not user.has(Role.OFFICIAL, Role.ADMIN):
        return False
    return user.governs(area_path)
