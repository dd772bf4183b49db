"""The projects demo step looks like a real year: dates follow the phases, spread over
weeks, and every comment fits the proposal it stands under."""

from __future__ import annotations

import datetime as dt

import httpx

from comments.models import Comment
from core import clock
from core.demo import create_demo_people
from core.models import Area
from projects import demo
from projects.demo_talk import TALK
from projects.models import Phase, PhaseLog, Process, Proposal, ProposalStatus, Support


async def test_demo_dates_follow_the_phases_and_spread_over_weeks(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await create_demo_people(areas)
    await demo.load()
    now = clock.now()
    for process in await Process.all():
        assert process.collecting_start is not None and process.collecting_end is not None
        start, end = process.collecting_start, process.collecting_end
        proposals = await Proposal.filter(process=process)
        days = {clock.china_date(p.submitted_at) for p in proposals if p.submitted_at}
        assert len(days) >= min(len(proposals), 5), process.name  # not all on one day
        for p in proposals:
            assert p.submitted_at is not None and p.meeting_date is not None
            submitted = clock.china_date(p.submitted_at)
            assert start < submitted <= min(end, clock.today()), p.title
            assert p.meeting_date < submitted and p.created_at < p.submitted_at <= now
            if p.status == ProposalStatus.ACCEPTED:
                assert p.reviewed_at is not None
                assert end < clock.china_date(p.reviewed_at) <= start + dt.timedelta(45)
        log = await PhaseLog.filter(process=process).order_by("id")
        entered = [row.entered_at for row in log]
        assert entered == sorted(entered) and len(set(entered)) == len(entered)
        assert all(moment <= now for moment in entered)
        voting = [row for row in log if row.phase == Phase.VOTING]
        if voting:
            voting_day = clock.china_date(voting[0].entered_at)
            assert voting_day == process.voting_start
    supports = await Support.all().select_related("proposal")
    assert supports and all(
        s.proposal.submitted_at and s.proposal.submitted_at <= s.created_at <= now for s in supports
    )
    assert len({clock.china_date(s.created_at) for s in supports}) > 3


async def test_demo_comments_fit_their_proposals(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await create_demo_people(areas)
    await demo.load()
    comments = await Comment.filter(subject_type="proposal")
    assert len(comments) > 20
    proposals = {p.id: p for p in await Proposal.all()}
    for comment in comments:
        proposal = proposals[comment.subject_id]
        said, reply = TALK[proposal.category]
        assert comment.body in [body for _, body in said] + [reply], (proposal.title, comment.body)
        assert proposal.submitted_at is not None
        assert proposal.submitted_at < comment.created_at <= clock.now()
    lights = [p for p in proposals.values() if "路灯" in p.title]
    under_lights = [c.body for c in comments if c.subject_id in {p.id for p in lights}]
    assert under_lights and not any("泥" in body for body in under_lights)
    assert len({clock.china_date(c.created_at) for c in comments}) > 5
