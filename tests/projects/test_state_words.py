"""One word per proposal state (issue 17): a funded proposal is 拟立项 while the award list
is counted or in 公示, and 已立项 only once the process is funded."""

from __future__ import annotations

import httpx
import pytest
from project_factories import make_process, make_proposal
from support import make_user

from core.models import Area, Role
from projects.labels import status_word
from projects.models import Phase, ProposalStatus


@pytest.mark.parametrize(
    ("phase", "word"),
    [
        (Phase.TALLYING, "拟立项"),
        (Phase.PUBLICITY, "拟立项"),
        (Phase.FUNDED, "已立项"),
        (Phase.IMPLEMENTING, "已立项"),
    ],
)
def test_funded_reads_provisional_until_publicity_is_over(phase: Phase, word: str) -> None:
    assert status_word(ProposalStatus.FUNDED, phase) == word


def test_other_states_keep_their_word() -> None:
    assert status_word(ProposalStatus.NOT_FUNDED, Phase.PUBLICITY) == "未获资助"
    assert status_word(ProposalStatus.ACCEPTED, Phase.VOTING) == "已入选投票"


async def test_pages_say_provisional_during_publicity(
    client: httpx.AsyncClient, areas: dict[str, Area]
) -> None:
    process = await make_process(areas["370104013000"], Phase.PUBLICITY, name="公示中的批次")
    author = await make_user("13900000001", Role.RESIDENT, home=areas["370104013201"])
    proposal = await make_proposal(process, areas["370104013201"], author, ProposalStatus.FUNDED)
    for path in (f"/proposals/{proposal.id}", f"/processes/{process.id}"):
        page = await client.get(path)
        assert "拟立项" in page.text and ">已立项<" not in page.text, path
    process.phase = Phase.FUNDED
    await process.save()
    page = await client.get(f"/proposals/{proposal.id}")
    assert ">已立项<" in page.text and "拟立项" not in page.text
