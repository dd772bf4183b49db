"""Malformed ``.pb`` files: ``parse_pb`` answers with a ``PabulibError`` (line and reason) or a
document, nothing else; ``yishi pb tally`` exits non-zero with a one-line error, never a
traceback. Mutations of a real-looking file, random text, and the corners that used to
escape: numbers too large for 64 bits, exponents, cells over the csv module's field limit,
NUL bytes, invalid UTF-8, BOMs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from security.hostile import FUZZ, QUIET_REPR

from votes.cli import pb
from votes.pabulib import PabulibError, PbDocument, parse_pb

pytestmark = QUIET_REPR

GOOD = """META
key;value
description;Hostile
num_projects;3
num_votes;4
budget;100.50
vote_type;{vote_type}
rule;greedy
max_length;3
PROJECTS
project_id;cost;votes;name
p1;60;3;"Road; paved"
p2;40.25;2;Well
p3;30;1;Lamp
VOTES
voter_id;vote{points_header}
v1;p1,p2{p1}
v2;p1,p3{p2}
v3;p1{p3}
v4;p2{p4}
"""


def good(vote_type: str = "approval") -> str:
    if vote_type in ("cumulative", "scoring"):
        return GOOD.format(
            vote_type=vote_type, points_header=";points", p1=";2,1", p2=";1,2", p3=";3", p4=";1"
        )
    return GOOD.format(vote_type=vote_type, points_header="", p1="", p2="", p3="", p4="")


# The corners, each once: (what replaces what in the good file).
CORNERS = [
    ("budget;100.50", "budget;1e30"),
    ("budget;100.50", "budget;99999999999999999999999"),
    ("budget;100.50", "budget;1e-999999"),
    ("budget;100.50", "budget;1e999999"),
    ("budget;100.50", "budget;0.0000000000000000000000000001"),
    ("budget;100.50", "budget;NaN"),
    ("budget;100.50", "budget;-Infinity"),
    ("budget;100.50", "budget;0"),
    ("p3;30;1;Lamp", "p3;1e-400;1;Lamp"),
    ("p3;30;1;Lamp", "p3;1e400;1;Lamp"),
    ("p3;30;1;Lamp", "p3;99999999999999999999;1;Lamp"),
    ("p3;30;1;Lamp", "p3;999999999;1;Lamp"),
    ("p3;30;1;Lamp", "p3;0;1;Lamp"),
    ("max_length;3", "max_length;1e999999"),
    ("max_length;3", "max_length;99999999999999999999999"),
    ("max_length;3", "max_length;-1"),
    ("max_length;3", "min_project_score_threshold;1e999999"),
    ("max_length;3", "max_sum_cost;1e999999"),
    ("max_length;3", "min_length;99999999999999999999999"),
    ("num_votes;4", "num_votes;1e999999"),
    ("num_votes;4", "num_votes;Infinity"),
    ("num_votes;4", "num_votes;sNaN"),
    ("p1;60;3;", "p1;60;Infinity;"),
    ("p1;60;3;", "p1;60;sNaN;"),
    ("p1;60;3;", "p1;60;1e999999;"),
    ("v1;p1,p2", "v1;" + ",".join(["p1"] * 2)),
    ("v1;p1,p2", "v1;p1,,p2"),
    ("v1;p1,p2", "v1;p9"),
    ("v1;p1,p2", "v1;p1\x00,p2"),
    ("v2;p1,p3", "v1;p1,p3"),
    ("description;Hostile", "description;" + "x" * 200_000),
    ("description;Hostile", 'description;"' + "x" * 200_000 + '"'),
    ("p2;40.25;2;Well", 'p2;40.25;2;"' + "w" * 200_000 + '"'),
    ("v4;p2", 'v4;"' + "p2," * 70_000 + 'p2"'),
    ("VOTES", "VOTES\x00"),
    ("META", "\x00META"),
    ("PROJECTS\n", ""),
    ("VOTES\n", ""),
    ("key;value", ""),
    ("project_id;cost", "project_id;project_id;cost"),
    ("voter_id;vote", "voter_id;vote;vote"),
    ("p1;60;3;", 'p1;60;3;"unterminated'),
    ("vote_type;approval", "vote_type;ordinal"),
    ("vote_type;approval", "vote_type;cumulative"),
    ("vote_type;approval", "vote_type;choose-1"),
    ("vote_type;approval", "vote_type;\u202eapproval"),
    ("rule;greedy", "rule;equalshares"),
    ("rule;greedy", "rule;yishi"),
    ("rule;greedy", "rule;../../etc/passwd"),
    ("\n", "\r"),
    ("\n", "\r\n"),
]
CUMULATIVE_CORNERS = [
    (";2,1", ";99999999999999999999,1"),
    (";2,1", ";1e400,1"),
    (";2,1", ";1.5,1"),
    (";2,1", ";-1,1"),
    (";2,1", ";2"),
    (";2,1", ";NaN,1"),
    (";2,1", ";0,0"),
    (";3", ";"),
]


def _parsed_or_refused(text: str) -> PbDocument | None:
    """The contract of parse_pb: a document, or PabulibError; nothing else escapes."""
    try:
        return parse_pb(text)
    except PabulibError as error:
        assert str(error) and "\n" not in str(error)[:200]
        return None


@pytest.mark.parametrize(("old", "new"), CORNERS)
def test_corners_are_parsed_or_refused(old: str, new: str) -> None:
    text = good().replace(old, new, 1)
    _parsed_or_refused(text)


@pytest.mark.parametrize(("old", "new"), CUMULATIVE_CORNERS)
def test_cumulative_corners_are_parsed_or_refused(old: str, new: str) -> None:
    _parsed_or_refused(good("cumulative").replace(old, new, 1))


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """The good file with a few characters or lines deleted, inserted or replaced."""
    text = draw(st.sampled_from([good(), good("cumulative"), good("ordinal")]))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "line", "swap"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        elif kind == "insert":
            piece = draw(
                st.one_of(
                    st.sampled_from(
                        [
                            ";",
                            ",",
                            '"',
                            "\n",
                            "\r",
                            "\x00",
                            "\ufeff",
                            "1e999",
                            "-",
                            "99999999999999999999",
                            "META\n",
                            "PROJECTS\n",
                            "VOTES\n",
                            "p1",
                            "\u202e",
                        ]
                    ),
                    st.text(max_size=6),
                )
            )
            text = text[:at] + piece + text[at:]
        elif kind == "line":
            lines = text.split("\n")
            i = at % len(lines)
            lines[i] = draw(st.text(max_size=20))
            text = "\n".join(lines)
        else:
            lines = text.split("\n")
            i, j = at % len(lines), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@FUZZ
@given(text=st.one_of(mutated(), st.text(max_size=400)))
def test_parse_pb_answers_a_document_or_a_pabulib_error(text: str) -> None:
    _parsed_or_refused(text)


def _tally(path: Path, *args: str) -> Result:
    return CliRunner().invoke(pb, ["tally", str(path), *args])


def _assert_clean_exit(result: Result) -> None:
    """Success with JSON, or a click error (exit code ≥ 1, one 'Error:' line): no traceback."""
    if result.exit_code == 0:
        json.loads(result.output) if result.output.startswith("{") else None
        return
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "Error" in result.output, result.output[:300]


@pytest.fixture
def pb_file(tmp_path: Path) -> Path:
    return tmp_path / "election.pb"


@FUZZ
@given(
    content=st.one_of(
        mutated().map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary(max_size=400),
        st.sampled_from(
            [
                b"",
                b"\xef\xbb\xbf",
                b"\xff\xfe" + good().encode("utf-16-le"),
                good().encode("gbk"),
                b"\x00" * 64,
                good().encode("utf-8-sig"),
            ]
        ),
    ),
    rule=st.sampled_from(
        [
            [],
            ["--rule", "equalshares"],
            ["--rule", "yishi"],
            ["--rule", "nonsense"],
            ["--rule", "greedy-threshold"],
        ]
    ),
    as_json=st.booleans(),
)
def test_pb_tally_never_shows_a_traceback(
    pb_file: Path, content: bytes, rule: list[str], as_json: bool
) -> None:
    pb_file.write_bytes(content)
    result = _tally(pb_file, *rule, *(["--json"] if as_json else []))
    _assert_clean_exit(result)


@pytest.mark.parametrize(("old", "new"), CORNERS)
def test_pb_tally_on_the_corners(pb_file: Path, old: str, new: str) -> None:
    pb_file.write_text(good().replace(old, new, 1), encoding="utf-8")
    for rule in ([], ["--rule", "equalshares"]):
        _assert_clean_exit(_tally(pb_file, *rule, "--json"))


def test_pb_tally_refuses_what_is_not_a_file(tmp_path: Path) -> None:
    for target in (tmp_path, tmp_path / "missing.pb"):
        result = _tally(target)
        assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_good_file_still_tallies(pb_file: Path) -> None:
    pb_file.write_text(good(), encoding="utf-8")
    result = _tally(pb_file, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["selected"]
