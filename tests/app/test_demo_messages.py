"""After ``yishi demo`` the demo residents find messages in their inbox, each from an event of
the demo itself (a review, an answer, a vote opening, results, progress, feedback)."""

from __future__ import annotations

from app import demo
from core.demo import PEOPLE, create_demo_people
from core.models import Area, User
from notify.kinds import Kind
from notify.models import Message


async def test_every_demo_resident_has_messages(areas: dict[str, Area]) -> None:
    await create_demo_people(areas)
    for step in demo._package_steps():
        await step()
    residents = await User.filter(mobile__in=[p[1] for p in PEOPLE if p[1].startswith("139")])
    assert len(residents) == 6
    for resident in residents:
        kinds = set(await Message.filter(user_id=resident.id).values_list("kind", flat=True))
        assert Kind.VOTE_OPENED in kinds, resident.mobile
    kinds = set(await Message.all().values_list("kind", flat=True))
    assert {
        Kind.PROPOSAL_REVIEWED,
        Kind.COMMENT_ANSWERED,
        Kind.OBJECTION_ANSWERED,
        Kind.VOTE_OPENED,
        Kind.RESULTS_PUBLISHED,
        Kind.PROJECT_PROGRESS,
        Kind.OPINION_FEEDBACK,
    } <= kinds
    assert all(m.link.startswith("/") for m in await Message.all())
