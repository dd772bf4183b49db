"""The .pb format: quoting, malformed files, round trips and the ``yishi pb`` CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from votes import pabulib_votes
from votes.cli import pb
from votes.pabulib import (
    PabulibError,
    PbDocument,
    disagreements,
    document_for,
    dumps_pb,
    limit_breaches,
    parse_pb,
    read_pb,
    write_pb,
)
from votes.rules import Election, VoteType, tally

DATA = Path(__file__).resolve().parents[3] / "shared/data/pabulib"

SAMPLE = '''META
key;value
description;"Quoted; with a semicolon and ""quotes"""
num_projects;3
num_votes;4
budget;100.50
vote_type;approval
rule;greedy
min_length;1
max_length;2
comment;#1: free text
PROJECTS
project_id;cost;votes;name;category;selected;extra
p1;60;3;"Road; paved";roads,lights;1;x
p2;40.25;2;Well;water;0;y
p3;30;1;"Lamp ""LED""";lights;1;z
VOTES
voter_id;vote;age;sex
v1;p1,p2;30;F
v2;p1,p3;41;M
v3;p1;55;F
v4;p2;19;M
'''


def sample(text: str = SAMPLE) -> PbDocument:
    return parse_pb(text)


def test_parses_sections_quotes_and_decimal_money() -> None:
    document = sample()
    election = document.election
    assert document.meta["description"] == 'Quoted; with a semicolon and "quotes"'
    assert election.project_ids == ("p1", "p2", "p3")
    assert document.project_column("name") == ("Road; paved", "Well", 'Lamp "LED"')
    assert election.money_decimals == 2  # 100.50 and 40.25 → money in hundredths
    assert election.budget == 10050
    assert election.costs.tolist() == [6000, 4025, 3000]
    assert election.voter_ptr.tolist() == [0, 2, 4, 5, 6]
    assert election.project_idx.tolist() == [0, 1, 0, 2, 0, 1]
    assert document.voter_ids == ("v1", "v2", "v3", "v4")
    assert document.voter_fields["sex"] == ("F", "M", "F", "M")
    assert document.project_column("extra") == ("x", "y", "z")
    assert document.categories()[0] == frozenset({"roads", "lights"})
    assert election.max_ballot_length == 2
    assert document.selected_ids() == frozenset({"p1", "p3"})
    assert disagreements(document) == []


def test_quoted_votes_section_reads_like_the_fast_path() -> None:
    quoted = SAMPLE.replace("v1;p1,p2;30;F", '"v1";"p1,p2";30;"F"')
    fast, slow = sample(), sample(quoted)
    assert slow.election.project_idx.tolist() == fast.election.project_idx.tolist()
    assert slow.voter_ids == fast.voter_ids


def test_crlf_bom_blank_lines_and_spaces_are_tolerated() -> None:
    text = "\ufeff" + SAMPLE.replace("v3;p1;55;F\n", "v3; p1 ;55;F\n\n").replace("\n", "\r\n")
    document = sample(text)
    assert document.election.project_idx.tolist() == [0, 1, 0, 2, 0, 1]
    assert document.voter_ids[2] == "v3"


def test_cumulative_points_and_ordinal_positions() -> None:
    cumulative = (
        SAMPLE.replace("vote_type;approval", "vote_type;cumulative")
        .replace("voter_id;vote;age;sex", "voter_id;vote;points;sex")
        .replace(";30;F", ";2,1;F")
        .replace(";41;M", ";1,5;M")
        .replace(";55;F", ";3;F")
        .replace(";19;M", ";4;M")
    )
    election = sample(cumulative).election
    assert election.points is not None and election.points.tolist() == [2, 1, 1, 5, 3, 4]
    assert tally(election, "greedy").outcome("p3").score == 5


def test_disagreements_compare_stated_counts_with_the_ballots() -> None:
    text = SAMPLE.replace("p2;40.25;2;", "p2;40.25;7;").replace("num_votes;4", "num_votes;5")
    found = {(d.field, d.project_id, d.stated, d.counted) for d in disagreements(sample(text))}
    assert found == {("votes", "p2", "7", 2), ("num_votes", None, "5", 4)}


def test_ballots_breaking_the_declared_limits_are_counted() -> None:
    assert limit_breaches(sample()) == []
    text = SAMPLE.replace("max_length;2", "max_length;1").replace(
        "comment;", "max_sum_cost;90\ncomment;"
    )
    found = {
        (b.limit, b.allowed, b.ballots, b.first_voter_id) for b in limit_breaches(sample(text))
    }
    # v1 (60 + 40.25) and v2 (60 + 30) pick two projects; only v1 spends more than 90.
    assert found == {("max_length", "1", 2, "v1"), ("max_sum_cost", "90", 1, "v1")}


def test_point_limits_are_checked_per_project_and_per_ballot() -> None:
    text = (
        SAMPLE.replace("vote_type;approval", "vote_type;cumulative")
        .replace("voter_id;vote;age;sex", "voter_id;vote;points;sex")
        .replace("comment;", "max_points;4\nmax_sum_points;5\ncomment;")
        .replace(";30;F", ";2,1;F")
        .replace(";41;M", ";1,5;M")
        .replace(";55;F", ";3;F")
        .replace(";19;M", ";4;M")
    )
    found = {(b.limit, b.ballots, b.first_voter_id) for b in limit_breaches(sample(text))}
    assert found == {("max_points", 1, "v2"), ("max_sum_points", 1, "v2")}


def test_spending_limits_are_checked_in_exact_money() -> None:
    # 600,000,000,000.0001 + 400,000,000,000 is one ten-thousandth over the limit; as floats
    # the two costs (in units of 0.0001) would sum to exactly the limit.
    text = (
        SAMPLE.replace("p1;60;3;", "p1;600000000000.0001;3;")
        .replace("p2;40.25;2;", "p2;400000000000;2;")
        .replace("budget;100.50", "budget;1000000000000")
        .replace("comment;", "max_sum_cost;1000000000000\ncomment;")
    )
    found = {(b.limit, b.ballots, b.first_voter_id) for b in limit_breaches(sample(text))}
    assert found == {("max_sum_cost", 1, "v1")}


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("v2;p1,p3;41;M", "v2;p1,p9;41;M"), 20, "选票中的项目 'p9' 不在 PROJECTS 中"),
        (("v4;p2;19;M", "v1;p2;19;M"), 22, "voter_id 'v1' 重复"),
        (("v3;p1;55;F", "v3;p1;55"), 21, "VOTES 的这一行有 3 格，表头有 4 格"),
        (("p2;40.25;2;", "p2;lots;2;"), 15, "cost 不是数字"),
        (("p3;30;1;", "p1;30;1;"), 16, "project_id 'p1' 重复"),
        (("v1;p1,p2;30;F", "v1;p1,,p2;30;F"), 19, "中有空项"),
        (("PROJECTS\n", ""), 16, "这里应是 PROJECTS 部分，却是 VOTES 部分"),
        (("VOTES\nvoter_id;vote;age;sex\n", ""), 17, "PROJECTS 的这一行有 4 格，表头有 7 格"),
        (("budget;100.50\n", "budget\n"), 6, "要有键和值"),
    ],
)
def test_malformed_files_say_which_line(change: tuple[str, str], line: int, message: str) -> None:
    with pytest.raises(PabulibError) as caught:
        sample(SAMPLE.replace(*change))
    assert message in caught.value.message
    assert caught.value.line == line, str(caught.value)
    assert f"第 {line} 行" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("vote_type;approval", "vote_type;quadratic"), "vote_type 'quadratic'"),
        (("budget;100.50\n", ""), "缺少 budget"),
        (("voter_id;vote;age;sex", "voter_id;ballot;age;sex"), "缺少 'vote' 列"),
        (("vote_type;approval", "vote_type;cumulative"), "'points' 列"),
    ],
)
def test_malformed_meta_is_refused(change: tuple[str, str], message: str) -> None:
    with pytest.raises(PabulibError, match=message):
        sample(SAMPLE.replace(*change))


def test_points_must_match_the_projects_voted_for() -> None:
    text = (
        SAMPLE.replace("vote_type;approval", "vote_type;cumulative")
        .replace("voter_id;vote;age;sex", "voter_id;vote;points;sex")
        .replace(";30;F", ";2;F")
    )
    with pytest.raises(PabulibError, match="points 与所投项目对不上") as caught:
        sample(text)
    assert caught.value.line == 19


def assert_same(a: PbDocument, b: PbDocument) -> None:
    for name in ("project_ids", "budget", "vote_type", "money_decimals", "withdrawn"):
        assert getattr(a.election, name) == getattr(b.election, name), name
    for name in ("costs", "voter_ptr", "project_idx"):
        assert np.array_equal(getattr(a.election, name), getattr(b.election, name)), name
    points_a, points_b = a.election.points, b.election.points
    assert (points_a is None) == (points_b is None)
    assert points_a is None or points_b is None or np.array_equal(points_a, points_b)
    assert dict(a.meta) == dict(b.meta)
    assert (a.project_columns, a.project_rows) == (b.project_columns, b.project_rows)
    assert (a.vote_columns, a.voter_ids) == (b.vote_columns, b.voter_ids)
    assert dict(a.voter_fields) == dict(b.voter_fields)


def test_round_trip_of_the_sample(tmp_path: Path) -> None:
    first = sample()
    write_pb(first, tmp_path / "out.pb")
    again = read_pb(tmp_path / "out.pb")
    assert_same(first, again)
    assert tally(first.election, "greedy") == tally(again.election, "greedy")


REAL = [
    "Poland_Krakow_2023_Czyzyny.pb",  # ordinal, decimal budget
    "Poland_Katowice_2024_Murcki.pb",  # cumulative, withdrawn project, threshold
    "Poland_Lodz_2022_Stoki-Sikawa-Podgorze.pb",  # quoted project names
    "Netherlands_Assen_2024.pb",  # equal shares
]


@pytest.mark.parametrize("name", REAL)
def test_round_trip_of_real_files(name: str) -> None:
    if not (DATA / name).exists():
        pytest.skip(f"REAL PABULIB DATA MISSING: {DATA / name} not found")
    first = read_pb(DATA / name)
    again = parse_pb(dumps_pb(first))
    assert_same(first, again)
    rule = first.rule or "greedy"
    assert tally(first.election, rule) == tally(again.election, rule)


def test_document_for_a_yishi_election_round_trips() -> None:
    election = Election(
        project_ids=("村道硬化", "路灯"),
        costs=np.array([12_345_678, 50_000]),
        budget=20_000_000,
        voter_ptr=np.array([0, 2, 3]),
        project_idx=np.array([0, 1, 1]),
        vote_type=VoteType.APPROVAL,
        money_decimals=2,
    )
    document = document_for(election, meta={"description": "2027 年度民生实事", "rule": "greedy"})
    text = dumps_pb(document)
    assert "budget;200000.00" in text and "村道硬化;123456.78;1" in text
    again = parse_pb(text)
    assert again.election.costs.tolist() == election.costs.tolist()
    assert again.election.budget == election.budget
    assert tally(again.election, "greedy") == tally(election, "greedy")


# ---------------------------------------------------------------- CLI


def write(tmp_path: Path, text: str = SAMPLE) -> str:
    path = tmp_path / "election.pb"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(pb, ["tally", write(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["rule"] == "greedy"
    assert payload["selected"] == ["p1", "p2"]  # budget 100.50: 60 + 40.25, then 30 is too much
    assert payload["money_decimals"] == 2
    assert {p["project_id"] for p in payload["projects"]} == {"p1", "p2", "p3"}
    line = next(p for p in payload["projects"] if p["project_id"] == "p3")
    assert line == {
        "project_id": "p3",
        "cost": 3000,
        "votes": 1,
        "selected": False,
        "code": "did_not_fit",
        "reason": "剩余资金 0.25 不足以支付 30.00",
        "remaining": 25,
    }
    assert len(payload["hash"]) == 64
    assert payload["tie_break"] == ["more_votes", "file_order"]
    assert payload["disagreements"] == []
    assert payload["limit_breaches"] == []


def test_cli_rule_override_and_table(tmp_path: Path) -> None:
    path = write(tmp_path)
    result = CliRunner().invoke(pb, ["tally", path, "--rule", "equalshares", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["rule"] == "equalshares"
    table = CliRunner().invoke(pb, ["tally", path])
    assert table.exit_code == 0
    assert "p1" in table.stdout and "SHA-256" in table.stdout


def test_cli_reports_disagreements(tmp_path: Path) -> None:
    path = write(tmp_path, SAMPLE.replace("p2;40.25;2;", "p2;40.25;7;"))
    payload = json.loads(CliRunner().invoke(pb, ["tally", path, "--json"]).stdout)
    assert payload["disagreements"] == [
        {"field": "votes", "project_id": "p2", "stated": "7", "counted": 2}
    ]


def test_cli_malformed_file_exits_non_zero_with_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, SAMPLE.replace("v2;p1,p3", "v2;p1,p9"))
    result = CliRunner().invoke(pb, ["tally", path, "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "第 20 行" in result.stderr and "p9" in result.stderr


@pytest.mark.parametrize(
    ("args", "text", "message"),
    [
        ([], SAMPLE.replace("rule;greedy", "rule;greedy-custom"), "greedy-custom"),
        (["--rule", "borda"], SAMPLE, "borda"),
        (["--rule", "yishi"], SAMPLE, "村民会议"),
        ([], SAMPLE.replace("rule;greedy\n", ""), "--rule"),
    ],
)
def test_cli_unsupported_rule_exits_non_zero(
    tmp_path: Path, args: list[str], text: str, message: str
) -> None:
    result = CliRunner().invoke(pb, ["tally", write(tmp_path, text), "--json", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_cli_missing_file_exits_non_zero(tmp_path: Path) -> None:
    result = CliRunner().invoke(pb, ["tally", str(tmp_path / "nope.pb"), "--json"])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ["--rule", "greedy", "--rule", "equalshares"],
        ["--rule", "greedy,equalshares"],
        ["--rule", "greedy, equalshares", "--rule", "greedy"],  # each rule once
    ],
)
def test_cli_tallies_several_rules_on_one_reading(tmp_path: Path, args: list[str]) -> None:
    path = write(tmp_path, SAMPLE.replace("p2;40.25;2;", "p2;40.25;7;"))
    result = CliRunner().invoke(pb, ["tally", path, "--json", *args])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["rules"] == ["greedy", "equalshares"]
    for rule, each in zip(payload["rules"], payload["results"], strict=True):
        alone = CliRunner().invoke(pb, ["tally", path, "--json", "--rule", rule])
        assert each == json.loads(alone.stdout)  # the very object one rule alone prints
    assert payload["results"][0]["disagreements"] == [
        {"field": "votes", "project_id": "p2", "stated": "7", "counted": 2}
    ]
    table = CliRunner().invoke(pb, ["tally", path, *args])
    assert table.exit_code == 0
    assert "— greedy" in table.stdout and "— equalshares" in table.stdout
    assert table.stdout.count("SHA-256") == 2
    assert table.stdout.count("文件与选票不一致") == 1


def test_cli_refuses_an_unsupported_rule_among_several_before_tallying(tmp_path: Path) -> None:
    result = CliRunner().invoke(pb, ["tally", write(tmp_path), "--json", "--rule", "greedy,borda"])
    assert result.exit_code == 2
    assert "borda" in result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------- a project named twice (issue 19)


def test_a_ballot_naming_a_project_twice_counts_it_once() -> None:
    doubled = sample(
        SAMPLE.replace("v1;p1,p2;30;F", "v1;p1,p1,p2;30;F").replace(
            "v3;p1;55;F", "v3;p1,p1,p1;55;F"
        )
    )
    clean = sample()
    assert doubled.election.voter_ptr.tolist() == clean.election.voter_ptr.tolist()
    assert doubled.election.project_idx.tolist() == clean.election.project_idx.tolist()
    assert doubled.repeats is not None and clean.repeats is None
    assert (doubled.repeats.ballots, doubled.repeats.marks) == (2, 3)
    assert doubled.repeats.first_voter_id == "v1"
    assert disagreements(doubled) == []  # the file's vote counts were per ballot all along
    for rule in ("greedy", "equalshares", "equalshares/add1"):
        assert tally(doubled.election, rule).selected == tally(clean.election, rule).selected


def test_a_repeated_project_keeps_its_first_place_and_points() -> None:
    text = (
        SAMPLE.replace("vote_type;approval", "vote_type;cumulative")
        .replace("voter_id;vote;age;sex", "voter_id;vote;points;age;sex")
        .replace("v1;p1,p2;30;F", "v1;p2,p1,p2;4,1,9;30;F")
        .replace("v2;p1,p3;41;M", "v2;p1,p3;2,3;41;M")
        .replace("v3;p1;55;F", "v3;p1;5;55;F")
        .replace("v4;p2;19;M", "v4;p2;5;19;M")
        .replace("p2;40.25;2;", "p2;40.25;;")
        .replace("p1;60;3;", "p1;60;;")
        .replace("p3;30;1;", "p3;30;;")
    )
    election = sample(text).election
    assert election.project_idx.tolist() == [1, 0, 0, 2, 0, 1]
    assert election.points is not None
    assert election.points.tolist() == [4, 1, 2, 3, 5, 5]


def test_cli_warns_of_repeated_projects_and_tallies_them_once(tmp_path: Path) -> None:
    path = write(tmp_path, SAMPLE.replace("v2;p1,p3;41;M", "v2;p3,p1,p3;41;M"))
    result = CliRunner().invoke(pb, ["tally", path, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["warnings"] == [
        {
            "code": "repeated_project",
            "ballots": 1,
            "marks": 1,
            "first_voter_id": "v2",
            "message": "1 ballots name a project more than once; each counted once "
            "(1 repeated marks dropped; first: v2)",
        }
    ]
    assert payload["selected"] == ["p1", "p2"]
    assert {p["project_id"]: p["votes"] for p in payload["projects"]} == {
        "p1": 3,
        "p2": 2,
        "p3": 1,
    }
    table = CliRunner().invoke(pb, ["tally", path])
    assert table.exit_code == 0
    assert "1 张选票重复填写了同一项目" in table.stdout.replace("\n", "")  # rich wraps lines
    clean = json.loads(CliRunner().invoke(pb, ["tally", write(tmp_path), "--json"]).stdout)
    assert clean["warnings"] == []


REAL_FILES = sorted(DATA.glob("*.pb")) if DATA.is_dir() else []


def test_real_files_are_there_to_repeat_projects_in() -> None:
    assert REAL_FILES, (
        f"!!! NO REAL PABULIB FILES AT {DATA}: REPEATED PROJECTS ARE CHECKED ON THE "
        "HAND-WRITTEN FILE ONLY !!!"
    )


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.stem)
def test_real_files_with_repeated_projects_read_as_the_clean_file(path: Path) -> None:
    from pabulib_repeats import with_repeats

    text = path.read_text(encoding="utf-8-sig")
    doubled_text, changed, added = with_repeats(text)
    clean, doubled = parse_pb(text), parse_pb(doubled_text)
    assert clean.repeats is None
    assert doubled.repeats is not None
    assert (doubled.repeats.ballots, doubled.repeats.marks) == (changed, added)
    for name in ("voter_ptr", "project_idx", "points"):
        a, b = getattr(clean.election, name), getattr(doubled.election, name)
        assert (a is None and b is None) or a.tolist() == b.tolist(), name
    assert disagreements(doubled) == disagreements(clean)
    assert limit_breaches(doubled) == limit_breaches(clean)


# ---------------------------------------------------------------- VOTES read from bytes (issue 19)


def general_path(source: str | bytes) -> PbDocument:
    """The same file read with the bulk reading of the VOTES bytes turned off."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pabulib_votes, "read_ballots", lambda *_args: None)
        return parse_pb(source)


def assert_read_alike(source: str | bytes) -> None:
    bulk, general = parse_pb(source), general_path(source)
    assert_same(bulk, general)
    assert bulk.repeats == general.repeats


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.stem)
def test_bulk_reading_agrees_with_the_general_path(path: Path) -> None:
    data = path.read_bytes()
    bulk_reader, answers = pabulib_votes.read_ballots, []

    def recorded(*args: Any) -> object:
        answers.append(bulk_reader(*args))
        return answers[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pabulib_votes, "read_ballots", recorded)
        document = read_pb(path)
    assert answers and answers[0] is not None  # real files do take the bulk path
    assert isinstance(document.voter_ids, pabulib_votes.TextColumn)
    general = general_path(data)
    assert_same(document, general)
    assert document.repeats == general.repeats
    assert disagreements(document) == disagreements(general)
    assert limit_breaches(document) == limit_breaches(general)


CUMULATIVE = (
    SAMPLE.replace("vote_type;approval", "vote_type;cumulative")
    .replace("voter_id;vote;age;sex", "voter_id;vote;points;sex")
    .replace(";30;F", ";2,1;F")
    .replace(";41;M", ";1,5;M")
    .replace(";55;F", ";3;F")
    .replace(";19;M", ";4;M")
)


@pytest.mark.parametrize(
    ("text", "change"),
    [
        (SAMPLE, ("v4;p2;19;M", "v4;;19;M")),  # a blank ballot
        (SAMPLE, ("v1;p1,p2;30;F", "v1;p2,p1;30;F")),
        (SAMPLE, ("v1;p1,p2;30;F", "v1; p1 , p2 ;30;F")),  # spaces: the general path strips
        (SAMPLE, ("p3;30;1;", "a-long-project-id;30;1;")),  # longer than a 64-bit key
        (SAMPLE, ("v3;p1;55;F", "v3;p1;55; F ")),  # an extra column to strip
        (SAMPLE, ("v1;p1,p2;30;F", " v1 ;p1,p2;30;F")),  # a voter id to strip
        (SAMPLE, ("v4;p2;19;M\n", "v4;p2;19;M")),  # no newline at the end
        (SAMPLE, ("v4;p2;19;M\n", "v4;p2;19;Mé\n")),  # not ASCII
        (SAMPLE, ("v1;p1,p2;30;F\nv2;p1,p3;41;M\nv3;p1;55;F\nv4;p2;19;M\n", "")),  # none
        (SAMPLE, ("v1;p1,p2;30;F", "v1;p1,p2,p1;30;F")),  # a repeated project
        (SAMPLE.replace("\n", "\r\n"), ("", "")),
        (SAMPLE.replace("\n", "\r"), ("", "")),  # old Mac line ends
        (CUMULATIVE, ("", "")),
        (CUMULATIVE, (";2,1;F", ";12,0;F")),
        (CUMULATIVE, (";2,1;F", ";2.0,1;F")),  # decimals: read one by one
        (CUMULATIVE, (";2,1;F", ";-2,1;F")),
        (CUMULATIVE, (";2,1;F", ";9223372036854775807,1;F")),  # the largest 64-bit number
    ],
)
def test_bulk_reading_handles_or_hands_over_unusual_ballots(
    text: str, change: tuple[str, str]
) -> None:
    text = text.replace(*change) if change[0] else text
    if "a-long-project-id" in change[1]:
        text = text.replace("p1,p3", "p1,a-long-project-id")
    assert_read_alike(text)
    assert_read_alike(text.encode())


def test_a_file_that_is_not_utf8_is_refused_when_read(tmp_path: Path) -> None:
    path = tmp_path / "latin1.pb"
    path.write_bytes(SAMPLE.replace("v4;p2;19;M", "v4;p2;19;Mé").encode("latin-1"))
    with pytest.raises(UnicodeDecodeError):
        read_pb(path)
    result = CliRunner().invoke(pb, ["tally", str(path), "--json"])
    assert result.exit_code == 1
    assert "不是 UTF-8" in result.stderr
