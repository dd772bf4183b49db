"""Officials review proposals of their own areas only; every decision audited."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image
from project_factories import make_process, make_proposal, review_form
from starlette.datastructures import UploadFile
from support import login, make_user, post

from core.models import Area, AuditEntry, Role
from core.uploads import store_upload
from projects.models import Attachment, Phase, Process, Proposal, ProposalStatus
from projects.services.proposals import proposal_attach

ACCEPT = review_form(official_answer="经踏勘，同意列入投票。")


@pytest.fixture
async def process(areas: dict[str, Area]) -> Process:
    return await make_process(areas["370104000000"], Phase.REVIEWING)


@pytest.fixture
async def proposal(process: Process, areas: dict[str, Area]) -> Proposal:
    author = await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    return await make_proposal(process, areas["370104013201"], author)


async def _official(client: httpx.AsyncClient, areas: dict[str, Area], scope: str) -> None:
    await make_user("13800000002", Role.OFFICIAL, scope=areas[scope])
    await login(client, "13800000002")


async def test_official_accepts_with_reviewed_cost_and_answer(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal
) -> None:
    await _official(client, areas, "370104013000")
    queue = await client.get("/desk/proposals")
    assert proposal.title in queue.text
    response = await post(client, f"/desk/proposals/{proposal.id}/review", ACCEPT)
    assert response.status_code == 303
    await proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.reviewed_cost_fen == 9_000_000
    entry = await AuditEntry.get(action="proposal.review")
    assert entry.before["status"] == "submitted" and entry.after["status"] == "accepted"
    page = await client.get(f"/proposals/{proposal.id}")
    assert "官方答复" in page.text and "经踏勘，同意列入投票。" in page.text


async def test_review_via_htmx_returns_the_row(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal
) -> None:
    await _official(client, areas, "370104013000")
    response = await post(
        client, f"/desk/proposals/{proposal.id}/review", ACCEPT, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text and f'id="review-{proposal.id}"' in response.text
    assert "已保存" in response.text


async def _photo(proposal: Proposal) -> Attachment:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "green").save(buffer, "PNG")
    upload = UploadFile(io.BytesIO(buffer.getvalue()), filename="村口路面.png")
    stored = await store_upload(upload, allow=frozenset({"photo"}), uploader=None)
    await proposal_attach(proposal, [stored])
    return await Attachment.get(proposal=proposal)


async def test_review_rows_show_photos_that_open_full_size(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal
) -> None:
    """Issue 17 item 7: review rows showed no photos."""
    photo = await _photo(proposal)
    await _official(client, areas, "370104013000")
    queue = (await client.get("/desk/proposals")).text
    row = queue[queue.index(f'id="review-{proposal.id}"') :]
    assert f'<a href="/attachments/{photo.id}"' in row  # a tap opens the photo itself
    assert f'<img src="/attachments/{photo.id}/thumb" alt="照片：村口路面.png"' in row
    thumb = await client.get(f"/attachments/{photo.id}/thumb")
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    row = await post(
        client, f"/desk/proposals/{proposal.id}/review", ACCEPT, headers={"HX-Request": "true"}
    )
    assert f"/attachments/{photo.id}/thumb" in row.text  # the row htmx swaps in keeps them


async def test_a_refused_row_keeps_its_fields_in_their_columns(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal, process: Process
) -> None:
    """Issue 17 item 7: the refusal was a cell of the two-column grid, pushing every field
    into the wrong column. It now spans the row; a field's error stays beside its field."""
    process.support_threshold = 5
    await process.save()
    await _official(client, areas, "370104013000")
    htmx = {"HX-Request": "true"}
    refused = await post(client, f"/desk/proposals/{proposal.id}/review", ACCEPT, headers=htmx)
    assert refused.status_code == 200
    text = refused.text
    assert 'class="flash flash-error review-error"' in text and "未达到本批次要求的 5 人" in text
    assert text.index("review-error") < text.index('<div class="field">')
    assert '<small class="error" id="e-decision">' not in text
    bad_cost = await post(
        client,
        f"/desk/proposals/{proposal.id}/review",
        ACCEPT | {"reviewed_cost": "很多"},
        headers=htmx,
    )
    field = bad_cost.text[bad_cost.text.index('for="rc-') :]
    assert field.index('<small class="error"') < field.index('for="fe-')  # beside its field


async def test_rejection_needs_a_public_reason(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal
) -> None:
    await _official(client, areas, "370104013000")
    reject = ACCEPT | {"decision": "reject", "feasibility": "infeasible"}
    response = await post(client, f"/desk/proposals/{proposal.id}/review", reject)
    assert response.status_code == 400 and "请填写不予通过的理由" in response.text
    response = await post(
        client,
        f"/desk/proposals/{proposal.id}/review",
        reject | {"rejection_reason": "位于基本农田，不能硬化。"},
    )
    assert response.status_code == 303
    await proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert "位于基本农田" in (await client.get(f"/proposals/{proposal.id}")).text


async def test_a_refused_review_without_javascript_shows_the_whole_desk(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal
) -> None:
    """Without htmx an error re-renders the desk page around the row, not a bare fragment."""
    await _official(client, areas, "370104013000")
    reject = ACCEPT | {"decision": "reject", "feasibility": "infeasible"}
    response = await post(client, f"/desk/proposals/{proposal.id}/review", reject)
    assert response.status_code == 400
    assert "<html" in response.text and "</nav>" in response.text
    assert f'id="review-{proposal.id}"' in response.text and "请填写不予通过的理由" in response.text
    assert (
        'value="经踏勘，同意列入投票。"' in response.text
        or "经踏勘，同意列入投票。" in response.text
    )


async def test_official_of_another_area_cannot_review(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal
) -> None:
    await _official(client, areas, "370104100000")
    assert proposal.title not in (await client.get("/desk/proposals")).text
    response = await post(client, f"/desk/proposals/{proposal.id}/review", ACCEPT)
    assert response.status_code == 403
    await proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert not await AuditEntry.filter(action="proposal.review").exists()


async def test_support_threshold_blocks_acceptance(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal, process: Process
) -> None:
    process.support_threshold = 5
    await process.save()
    await _official(client, areas, "370104013000")
    response = await post(client, f"/desk/proposals/{proposal.id}/review", ACCEPT)
    assert response.status_code == 400 and "未达到本批次要求的 5 人" in response.text


async def test_no_review_once_voting_opened(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal, process: Process
) -> None:
    process.phase = Phase.VOTING
    await process.save()
    await _official(client, areas, "370104013000")
    response = await post(client, f"/desk/proposals/{proposal.id}/review", ACCEPT)
    assert response.status_code == 400 and "不在审核阶段" in response.text


async def test_the_cadre_adds_the_yishi_figures_at_review(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal
) -> None:
    """The desk row offers the split and the meeting record; accepting stores them, audited."""
    await _official(client, areas, "370104013000")
    desk = await client.get("/desk/proposals")
    for field in ("requested_subsidy", "villager_funds", "meeting_eligible", "meeting_in_favour"):
        assert f'name="{field}"' in desk.text
    figures = ACCEPT | {"requested_subsidy": "7.5万", "meeting_present": "280"}
    response = await post(client, f"/desk/proposals/{proposal.id}/review", figures)
    assert response.status_code == 303, response.text
    await proposal.refresh_from_db()
    assert proposal.requested_subsidy_fen == 7_500_000 and proposal.meeting_eligible == 410
    assert (proposal.meeting_present, proposal.meeting_in_favour) == (280, 250)
    entry = await AuditEntry.get(action="proposal.review")
    assert entry.after["requested_subsidy_fen"] == 7_500_000


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"meeting_present": "200", "meeting_in_favour": "150"},
            "到会户代表须达到本村户数的三分之二以上",
        ),
        (
            {"meeting_kind": "villagers", "meeting_eligible": "600", "meeting_present": "300"},
            "到会人数须超过本村十八周岁以上村民的一半",
        ),
        ({"meeting_in_favour": "150"}, "赞成人数未超过到会人数的一半，决议未通过"),
        ({"meeting_present": "500"}, "实到人数不能多于应到人数"),
        ({"meeting_eligible": ""}, "请填写村民会议应到人数"),
        ({"meeting_date": "2026-13-40"}, "会议日期不是有效日期"),
        ({"requested_subsidy": ""}, "请填写申请奖补"),
        ({"requested_subsidy": "85000"}, "村民筹资、社会捐赠与申请奖补之和不能超过核定投资"),
        ({"beneficiaries_households": "5000"}, "受益户数不能多于受益人数"),
    ],
)
async def test_the_meeting_rules_are_checked_when_accepting(
    client: httpx.AsyncClient,
    areas: dict[str, Area],
    proposal: Proposal,
    overrides: dict[str, str],
    message: str,
) -> None:
    await _official(client, areas, "370104013000")
    response = await post(client, f"/desk/proposals/{proposal.id}/review", ACCEPT | overrides)
    assert response.status_code == 400 and message in response.text
    await proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


async def test_exactly_two_thirds_of_households_is_a_quorum_at_review(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal
) -> None:
    await _official(client, areas, "370104013000")
    quorum = {"meeting_eligible": "300", "meeting_present": "200", "meeting_in_favour": "101"}
    response = await post(client, f"/desk/proposals/{proposal.id}/review", ACCEPT | quorum)
    assert response.status_code == 303


async def test_a_rejection_needs_no_meeting_record(
    client: httpx.AsyncClient, areas: dict[str, Area], proposal: Proposal
) -> None:
    await _official(client, areas, "370104013000")
    bare = {
        "decision": "reject",
        "feasibility": "infeasible",
        "reviewed_cost": "90000",
        "rejection_reason": "位于基本农田。",
    }
    response = await post(client, f"/desk/proposals/{proposal.id}/review", bare)
    assert response.status_code == 303, response.text
