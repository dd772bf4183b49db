"""Pabulib ↔ database: real files imported as processes, tallied from the database, exported.

The proof is the cities' own outcome: a file imported and tallied from the stored ballots must
select exactly the file's ``selected`` projects, and export → parse must give back the same
election (same ballots, costs and budget) and the same tally.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from ballot_factories import VILLAGE, roster_entries, voting_process
from click.testing import CliRunner
from sealing_support import open_sealed
from support import SHARED, make_user

from core.models import Area, AuditEntry, Role, User
from projects.models import Phase, Process, Proposal, ProposalStatus, TallyRule, VotingMethod
from residents.models import RosterEntry
from votes.ballots import services
from votes.ballots.boxes import boxes_of, pool_cost
from votes.cli import pb
from votes.models import Ballot, BallotBox, BallotMark, Channel, TallySnapshot, VoterMark
from votes.pabulib import PbDocument, disagreements, dumps_pb, parse_pb, read_pb
from votes.pbio import (
    ExportRefused,
    ImportRefused,
    bulk,
    election_of,
    mapping,
    pb_export,
    pb_import,
)
from votes.pbio.exporting import box_to_export
from votes.pbio.importing import ImportReport, area_for_import
from votes.rules import Election, tally

DATA = SHARED / "data/pabulib"

if not DATA.is_dir():
    pytest.skip(
        f"!!! REAL PABULIB ELECTIONS NOT FOUND AT {DATA} — PABULIB IMPORT/EXPORT IS NOT "
        "CHECKED AGAINST REAL OUTCOMES IN THIS RUN !!!",
        allow_module_level=True,
    )

# Small real files covering every ballot kind Yishi imports.
APPROVAL = "Netherlands_Assen_2024.pb"  # equalshares/add1
KNAPSACK = "Poland_Warszawa_2018_Grochow_Polnocny.pb"  # max_sum_cost = budget, cents, threshold
CUMULATIVE = "Poland_Czestochowa_2024_Podjasnogorska.pb"  # greedy, 10 points
CUMULATIVE_WITHDRAWN = "Poland_Katowice_2024_Murcki.pb"  # greedy-threshold, a withdrawn project
ORDINAL = "Poland_Krakow_2023_Nowa_Huta.pb"  # ranked, costs with cents, a withdrawn project
CHOOSE_1 = "Poland_Wroclaw_2017_Rejon_nr_11_750.pb"  # greedy-no-skip, a withdrawn project
FILES = (APPROVAL, KNAPSACK, CUMULATIVE, CUMULATIVE_WITHDRAWN, ORDINAL, CHOOSE_1)

ADMIN_MOBILE = "13700000009"
ADMIN_NAME = "导入管理员"


def load(name: str) -> PbDocument:
    return read_pb(DATA / name)


async def imported(name: str) -> tuple[PbDocument, ImportReport]:
    if not await User.filter(mobile=ADMIN_MOBILE).exists():
        await make_user(ADMIN_MOBILE, Role.ADMIN, name=ADMIN_NAME)
    document = load(name)
    area = await area_for_import(None)
    return document, await pb_import(document, area=area, source=name)


async def only_box(process: Process) -> BallotBox:
    [box] = await boxes_of(process)
    return box


def ballots(election: Election, rename: dict[str, str] | None = None) -> Counter[object]:
    """Every ballot as a comparable value (ranked: in order; points: with the points)."""
    ids = [(rename or {}).get(pid, pid) for pid in election.project_ids]
    ptr = election.voter_ptr.tolist()
    marks = [ids[i] for i in election.project_idx.tolist()]
    points = election.points.tolist() if election.points is not None else None
    found: Counter[object] = Counter()
    for a, b in itertools.pairwise(ptr):
        if election.vote_type == "ordinal":
            found[tuple(marks[a:b])] += 1
        elif points is not None:
            found[frozenset(zip(marks[a:b], points[a:b], strict=True))] += 1
        else:
            found[frozenset(marks[a:b])] += 1
    return found


def money(election: Election) -> tuple[Decimal, dict[str, Decimal]]:
    scale = Decimal(10) ** election.money_decimals
    return (
        Decimal(election.budget) / scale,
        {
            pid: Decimal(int(c)) / scale
            for pid, c in zip(election.project_ids, election.costs.tolist(), strict=True)
        },
    )


def renamed(report: ImportReport) -> dict[str, str]:
    return {pid: str(proposal_id) for pid, proposal_id in report.proposal_ids.items()}


# ---------------------------------------------------------------- import, then tally the database


@pytest.mark.parametrize("name", FILES)
async def test_tally_from_the_database_selects_what_the_city_selected(
    areas: dict[str, Area], name: str
) -> None:
    document, report = await imported(name)
    process = report.process
    assert process.tally_rule.value == document.rule
    election, proposal_ids = await election_of(process, await only_box(process))
    assert election.n_voters == document.election.n_voters
    assert ballots(election) == ballots(document.election, renamed(report))
    result = tally(election, process.tally_rule.value)
    back = {str(proposal_id): pid for pid, proposal_id in report.proposal_ids.items()}
    assert [back[str(p)] for p in proposal_ids] == list(document.election.project_ids)
    assert {back[p] for p in result.selected} == document.selected_ids()


@pytest.mark.parametrize("name", [APPROVAL, CUMULATIVE, ORDINAL])
async def test_ballots_naming_a_project_twice_import_with_it_counted_once(
    areas: dict[str, Area], name: str
) -> None:
    from pabulib_repeats import with_repeats

    text = (DATA / name).read_text(encoding="utf-8-sig")
    doubled_text, changed, _ = with_repeats(text)
    if not await User.filter(mobile=ADMIN_MOBILE).exists():
        await make_user(ADMIN_MOBILE, Role.ADMIN, name=ADMIN_NAME)
    document, report = await imported_text(doubled_text, name)
    note = f"{changed} 张选票重复填写了同一项目，每项只计一次"
    assert any(line.startswith(note) for line in report.notes), report.notes
    assert note in (await Process.get(id=report.process.id)).description
    election, _ = await election_of(report.process, await only_box(report.process))
    assert ballots(election) == ballots(parse_pb(text).election, renamed(report))
    rule = report.process.tally_rule.value
    back = {str(v): k for k, v in report.proposal_ids.items()}
    assert {back[p] for p in tally(election, rule).selected} == document.selected_ids()


async def test_import_maps_the_file_onto_a_finished_process(areas: dict[str, Area]) -> None:
    document, report = await imported(KNAPSACK)
    process = await Process.get(id=report.process.id)
    assert process.phase == Phase.TALLYING
    assert process.voting_method == VotingMethod.KNAPSACK
    assert process.tally_rule == TallyRule.GREEDY_THRESHOLD
    assert process.budget_fen == 54_105_709  # 541057.09 złoty, exactly, in hundredths
    assert process.min_picks == 1 and process.vote_threshold > 0
    assert process.name == "Local PB in Warszawa, Praga-Południe | Grochów Północny 2018"
    assert (process.voting_start, process.voting_end) == (
        dt.date(2017, 6, 14),
        dt.date(2017, 6, 30),
    )
    assert process.area_id == areas["370104000000"].id  # type: ignore[attr-defined]
    proposals = await Proposal.filter(process=process).order_by("id")
    assert len(proposals) == document.election.n_projects
    file_costs = dict(
        zip(document.election.project_ids, document.project_column("cost") or (), strict=True)
    )
    for pid, proposal in zip(document.election.project_ids, proposals, strict=True):
        assert proposal.status == ProposalStatus.ACCEPTED and proposal.on_behalf_of_village
        assert Decimal(pool_cost(proposal, process)) == Decimal(file_costs[pid]) * 100
        assert len(proposal.title) <= 60 and f"Pabulib 项目编号：{pid}" in proposal.body
    box = await only_box(process)
    assert box.heading_id is None and box.budget_fen == process.budget_fen  # type: ignore[attr-defined]
    stored = await Ballot.filter(box=box).values_list("voter_key", "receipt_hash", "channel")
    assert len(stored) == document.election.n_voters
    assert len({key for key, _, _ in stored}) == len(stored)
    assert {channel for _, _, channel in stored} == {Channel.ONLINE}
    # The documented receipt check: SHA-256 of "pabulib:<process>:<file voter id>".
    expected = {
        hashlib.sha256(f"pabulib:{process.id}:{v}".encode()).hexdigest() for v in document.voter_ids
    }
    assert {digest for _, digest, _ in stored} == expected
    # Nothing about people is invented.
    assert not await VoterMark.exists() and not await RosterEntry.exists()
    assert await AuditEntry.filter(action="process.pb_import", target_id=str(process.id)).exists()


async def test_marks_store_points_and_ranks(areas: dict[str, Area]) -> None:
    _, cumulative = await imported(CUMULATIVE)
    box = await only_box(cumulative.process)
    assert cumulative.process.points_total == 10
    assert await BallotMark.filter(ballot__box=box, value__gt=1).exists()  # points, not ones
    document, ranked = await imported(ORDINAL)
    assert ranked.process.voting_method == VotingMethod.RANKED
    assert ranked.process.max_picks == 3
    first_voter = document.voter_ids[0]
    digest = hashlib.sha256(f"pabulib:{ranked.process.id}:{first_voter}".encode()).hexdigest()
    rows = (
        await BallotMark.filter(ballot__receipt_hash=digest)
        .order_by("value")
        .values_list("proposal_id", "value")
    )
    e = document.election
    first_ballot = [e.project_ids[i] for i in e.project_idx[e.voter_ptr[0] : e.voter_ptr[1]]]
    assert rows == [
        (ranked.proposal_ids[pid], rank) for rank, pid in enumerate(first_ballot, start=1)
    ]


async def test_withdrawn_projects_keep_their_votes_but_are_never_funded(
    areas: dict[str, Area],
) -> None:
    document, report = await imported(CHOOSE_1)
    [withdrawn] = document.election.withdrawn
    proposal = await Proposal.get(id=report.proposal_ids[withdrawn])
    assert proposal.status == ProposalStatus.WITHDRAWN
    election, _ = await election_of(report.process, await only_box(report.process))
    assert election.withdrawn == {str(proposal.id)}
    assert str(proposal.id) not in tally(election, "greedy-no-skip").selected


async def test_the_same_file_imports_again_as_a_new_process(areas: dict[str, Area]) -> None:
    _, first = await imported(APPROVAL)
    _, second = await imported(APPROVAL)
    assert first.process.id != second.process.id
    assert await Ballot.filter(box__process=second.process).count() == second.ballots
    first_box, second_box = await only_box(first.process), await only_box(second.process)
    a, _ = await election_of(first.process, first_box)
    b, _ = await election_of(second.process, second_box)
    assert ballots(a, {str(v): k for k, v in first.proposal_ids.items()}) == ballots(
        b, {str(v): k for k, v in second.proposal_ids.items()}
    )


async def test_a_failed_import_writes_nothing(
    areas: dict[str, Area], monkeypatch: pytest.MonkeyPatch
) -> None:
    await make_user(ADMIN_MOBILE, Role.ADMIN)
    real_insert = bulk.insert

    async def fail_on_marks(connection, model, columns, rows):  # type: ignore[no-untyped-def]
        if model is BallotMark:
            raise RuntimeError("disk full")
        await real_insert(connection, model, columns, rows)

    monkeypatch.setattr(bulk, "insert", fail_on_marks)
    with pytest.raises(RuntimeError, match="disk full"):
        await pb_import(load(APPROVAL), area=areas["370104000000"], source=APPROVAL)
    assert not await Process.filter(name__startswith="Assen").exists()
    assert not await Ballot.exists() and not await Proposal.exists()


async def test_import_needs_an_admin_and_a_known_area(areas: dict[str, Area]) -> None:
    with pytest.raises(ImportRefused, match="createadmin"):
        await pb_import(load(APPROVAL), area=areas["370104000000"], source=APPROVAL)
    with pytest.raises(ImportRefused, match="999999999999"):
        await area_for_import("999999999999")
    assert (await area_for_import(VILLAGE)).code == VILLAGE


# ---------------------------------------------------------------- export


@pytest.mark.parametrize("name", [APPROVAL, KNAPSACK, CUMULATIVE_WITHDRAWN, ORDINAL, CHOOSE_1])
async def test_export_gives_back_the_same_election_and_tally(
    areas: dict[str, Area], name: str
) -> None:
    document, report = await imported(name)
    process = report.process
    box = await box_to_export(process)
    text = dumps_pb(await pb_export(process, box))
    exported = parse_pb(text)
    original = document.election
    again = exported.election
    assert again.vote_type == original.vote_type
    assert ballots(again) == ballots(original, renamed(report))
    budget, costs = money(original)
    assert money(again) == (budget, {renamed(report)[pid]: c for pid, c in costs.items()})
    assert again.withdrawn == {renamed(report)[pid] for pid in original.withdrawn}
    assert disagreements(exported) == []
    rule = process.tally_rule.value
    assert exported.rule == rule
    from_file = tally(original, rule).selected
    assert tally(again, rule).selected == tuple(renamed(report)[p] for p in from_file)
    # ... and importing the export gives a process that tallies the same again.
    _, second = await imported_text(text, "export.pb")
    election, _ = await election_of(second.process, await only_box(second.process))
    back = {str(v): k for k, v in second.proposal_ids.items()}
    assert {back[p] for p in tally(election, rule).selected} == set(tally(again, rule).selected)


async def imported_text(text: str, source: str) -> tuple[PbDocument, ImportReport]:
    document = parse_pb(text)
    return document, await pb_import(document, area=await area_for_import(None), source=source)


async def test_export_money_and_meta(areas: dict[str, Area]) -> None:
    _, report = await imported(KNAPSACK)
    exported = await pb_export(report.process, await only_box(report.process))
    meta = exported.meta
    assert meta["budget"] == "541057.09" and meta["max_sum_cost"] == "541057.09"
    assert "not whole yuan" in meta["comment"]
    assert meta["country"] == "China" and meta["unit"] == areas["370104000000"].name
    assert meta["instance"] == report.process.name
    assert meta["vote_type"] == "approval" and meta["rule"] == "greedy-threshold"
    assert meta["num_votes"] == str(report.ballots)
    assert meta["description"] == "Local PB in Warszawa, Praga-Południe | Grochów Północny"
    assert (meta["date_begin"], meta["date_end"]) == ("14.06.2017", "30.06.2017")
    _, whole = await imported(APPROVAL)
    plain = await pb_export(whole.process, await only_box(whole.process))
    assert plain.meta["budget"] == "100000" and "not whole" not in plain.meta["comment"]
    assert "selected" not in plain.project_columns  # no tally stored yet


async def test_export_marks_selected_once_a_tally_is_stored(areas: dict[str, Area]) -> None:
    document, report = await imported(CUMULATIVE)
    box = await only_box(report.process)
    election, _ = await election_of(report.process, box)
    result = tally(election, "greedy")
    await TallySnapshot.create(
        box=box,
        rule=result.rule,
        rule_version=result.rule_version,
        input_hash=result.input_hash,
        ballots=election.n_voters,
        result={"selected": list(result.selected)},
    )
    exported = parse_pb(dumps_pb(await pb_export(report.process, box)))
    assert exported.selected_ids() == {renamed(report)[p] for p in document.selected_ids() or ()}


async def test_export_of_yishi_ballots_names_no_one(areas: dict[str, Area]) -> None:
    process, proposals = await voting_process(areas, max_picks=2)
    box = await only_box(process)
    entries = await roster_entries(areas[VILLAGE], 3)
    receipts = [
        await services.ballot_cast(process, box, entry, {proposals[i].id: 1})
        for i, entry in enumerate(entries)
    ]
    with pytest.raises(ExportRefused, match="投票截止前不能导出"):
        await box_to_export(process)
    with pytest.raises(ExportRefused, match="投票截止前不能导出"):
        await pb_export(process, box)
    await Process.filter(id=process.id).update(phase=Phase.TALLYING)
    process = await Process.get(id=process.id)
    with pytest.raises(ExportRefused, match="还没有开箱"):
        await pb_export(process, box)
    await open_sealed(process)
    text = dumps_pb(await pb_export(process, box))
    document = parse_pb(text)
    # Voters are numbered; no receipt code (nor its hash) finds a ballot in the file.
    assert document.voter_ids == ("1", "2", "3")
    for receipt in receipts:
        assert services.secrecy.receipt_hash(receipt) not in text
        assert services.secrecy.normalise_receipt(receipt) not in text
    assert document.vote_columns == ("voter_id", "vote")
    people = await User.all()
    secrets_ = [
        *(services.secrecy.voter_key(box.id, e.id) for e in entries),
        *(e.id_hash for e in entries),
        *(e.name for e in entries),
        *(u.mobile for u in people),
        *(u.name for u in people),
        *(str(b) for b in await Ballot.filter(box=box).values_list("id", flat=True)),
    ]
    for secret in secrets_:
        assert secret and secret not in text, secret
    votes_section = text.split("\nVOTES\n", 1)[1].splitlines()[1:]
    for line in votes_section:  # sequence number and project ids only, nothing else
        voter, vote = line.split(";")
        assert voter.isdigit() and set(vote.split(",")) <= {str(p.id) for p in proposals}
    assert document.meta["vote_type"] == "approval" and document.meta["max_length"] == "2"


# ---------------------------------------------------------------- pure mapping


def test_money_is_fen_exactly_or_refused() -> None:
    assert mapping.to_fen(54105709, 2) == 54105709
    assert mapping.to_fen(400000, 0) == 40_000_000
    assert mapping.to_fen(12340, 3) == 1234  # 12.340 is 12.34 yuan
    with pytest.raises(ImportRefused, match="分以下"):
        mapping.to_fen(12341, 3)  # 12.341: a tenth of a fen is not stored by rounding
    assert mapping.fen_text(123400) == "1234" and mapping.fen_text(123456) == "1234.56"
    assert mapping.fen_text(5) == "0.05"


def test_unsupported_rules_fall_back_to_greedy_and_say_so() -> None:
    text = (DATA / "Poland_Warszawa_2024_Wesola.pb").read_text(encoding="utf-8")
    plan = mapping.plan_import(parse_pb(text), "Wesola.pb")
    assert plan.process["tally_rule"] == TallyRule.GREEDY
    assert any("greedy-exclusive" in note for note in plan.notes)
    assert "greedy-exclusive" in plan.process["description"]


def test_scoring_ballots_are_refused() -> None:
    text = (
        "META\nkey;value\nbudget;10\nvote_type;scoring\nPROJECTS\nproject_id;cost\n"
        "a;5\nVOTES\nvoter_id;vote;points\n1;a;3\n"
    )
    with pytest.raises(ImportRefused, match="scoring"):
        mapping.plan_import(parse_pb(text), "x.pb")


def test_categories_map_only_when_obvious() -> None:
    assert mapping.category_of("public transit and roads") == "road"
    assert mapping.category_of("public space,sport") == "culture"
    assert mapping.category_of("education,sport") == "other"
    assert mapping.category_of("") == "other"


# ---------------------------------------------------------------- the command line


def test_cli_refuses_a_malformed_file_before_touching_the_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pb"
    bad.write_text("META\nkey;value\nbudget;10\n", encoding="utf-8")
    result = CliRunner().invoke(pb, ["import", str(bad)])
    assert result.exit_code == 1 and "缺少 PROJECTS 部分" in result.output
    missing = CliRunner().invoke(pb, ["import", str(tmp_path / "nothing.pb")])
    assert missing.exit_code == 2


def _yishi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


async def test_cli_import_then_export_end_to_end(
    areas: dict[str, Area], clean_db: str, tmp_path: Path
) -> None:
    await make_user(ADMIN_MOBILE, Role.ADMIN, name=ADMIN_NAME)
    voting, _ = await voting_process(areas)
    env = {
        "YISHI_DATABASE_URL": clean_db,
        "YISHI_VAR_DIR": str(tmp_path),
        "YISHI_SECRET_KEY": "pbio-test-secret-0123456789abcdefghijklmnop",
    }
    done = _yishi("pb", "import", str(DATA / CUMULATIVE), "--area", "370104000000", env=env)
    assert done.returncode == 0, done.stderr
    process = await Process.filter(name__contains="Podjasnog").get()
    assert f"已导入为批次 {process.id}" in done.stdout
    assert "选票 273 张" in done.stdout and "写入数据库" in done.stdout
    assert "不一致之处：0 处" in done.stdout
    exported = _yishi("pb", "export", str(process.id), env=env)
    assert exported.returncode == 0, exported.stderr
    document = parse_pb(exported.stdout)
    assert document.election.n_voters == 273 and "已导出 273 张选票" in exported.stderr
    refused = _yishi("pb", "export", str(voting.id), env=env)
    assert refused.returncode == 1 and "投票截止前不能导出" in refused.stderr
    assert refused.stdout == ""
    missing = _yishi("pb", "export", "999999", env=env)
    assert missing.returncode == 1 and "找不到批次" in missing.stderr
