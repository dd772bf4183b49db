"""Opening voting hands the committee its shares once; after the close, admins open the
box with k of them (开箱); the tally waits for that."""

from __future__ import annotations

import re

import httpx
from ballot_factories import VILLAGE, roster_entries
from project_factories import make_process, make_proposal
from support import login, make_user, post, run_jobs

from core.models import Area, AuditEntry, Role
from projects.models import Phase, Process, ProposalStatus
from votes.ballots import services
from votes.ballots.boxes import boxes_of
from votes.models import Ballot
from votes.sealing.models import ElectionKey, SealedBallot

SHARE = re.compile(r'class="receipt-code share-code" id="share-\d">([A-Z2-7-]+)<')


async def test_the_committee_gets_shares_once_and_opens_the_box_after_the_close(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    await make_user("13800000001", Role.ADMIN)
    await login(client, "13800000001")
    process = await make_process(areas["370104013000"], Phase.REVIEWING)
    author = await make_user("13900000001", Role.RESIDENT)
    proposal = await make_proposal(process, areas[VILLAGE], author, ProposalStatus.ACCEPTED)
    opened = await post(client, f"/admin/processes/{process.id}/phase", {"to": "voting"})
    assert opened.status_code == 200 and opened.headers["cache-control"] == "no-store"
    shares = SHARE.findall(opened.text)
    assert len(shares) == 3 and len(set(shares)) == 3
    key = await ElectionKey.get(process_id=process.id)
    assert len(bytes(key.public_key)) == 32 and (key.shares_needed, key.shares_made) == (2, 3)
    audit_text = str(await AuditEntry.all().values_list("summary", "before", "after"))
    for share in shares:  # never stored, never audited
        assert share not in audit_text and share.replace("-", "") not in audit_text
    assert share not in (await client.get("/admin/processes")).text

    process = await Process.get(id=process.id)
    [box] = await boxes_of(process)
    for entry in await roster_entries(areas[VILLAGE], 3):
        await services.ballot_cast(process, box, entry, {proposal.id: 1})
    assert await SealedBallot.filter(box=box).count() == 3

    early = await post(client, f"/admin/processes/{process.id}/open", {"share_1": shares[0]})
    assert early.status_code == 400 and "投票截止后才能开箱" in early.text
    await post(client, f"/admin/processes/{process.id}/phase", {"to": "tallying"})
    refused = await post(client, f"/admin/processes/{process.id}/tally")
    assert "还没有开箱" in (await client.get(refused.headers["location"])).text

    garbled = shares[0][:-3] + ("A" if shares[0][-3] != "A" else "B") + shares[0][-2:]
    wrong = await post(
        client, f"/admin/processes/{process.id}/open", {"share_1": garbled, "share_2": shares[1]}
    )
    assert wrong.status_code == 400 and "第 1 份密钥片段" in wrong.text
    assert garbled not in wrong.text  # what was typed is not echoed back
    one = await post(client, f"/admin/processes/{process.id}/open", {"share_3": shares[2]})
    assert one.status_code == 400 and "需要 2 份" in one.text
    assert not await Ballot.exists()

    done = await post(
        client, f"/admin/processes/{process.id}/open", {"share_1": shares[0], "share_3": shares[2]}
    )
    assert done.status_code == 303, done.text
    assert await Ballot.filter(box=box).count() == 3 and not await SealedBallot.exists()
    entry = await AuditEntry.get(action="ballot.open")
    assert entry.after == {"ballots": 3}
    again = await post(
        client, f"/admin/processes/{process.id}/open", {"share_1": shares[0], "share_2": shares[1]}
    )
    assert again.status_code == 400 and "已经开箱" in again.text
    tallied = await post(client, f"/admin/processes/{process.id}/tally")
    assert tallied.headers["location"].startswith("/admin/jobs/")
    assert await run_jobs() == 1
    assert "计票完成" in (await client.get(tallied.headers["location"])).text


async def test_only_admins_open_and_only_with_a_csrf_token(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await make_process(areas["370104013000"], Phase.TALLYING)
    await make_user("13800000002", Role.OFFICIAL, scope=areas["370104013000"])
    await login(client, "13800000002")
    assert (await client.get(f"/admin/processes/{process.id}/open")).status_code == 403
    forged = await client.post(f"/admin/processes/{process.id}/open", data={"share_1": "x"})
    assert forged.status_code == 403
