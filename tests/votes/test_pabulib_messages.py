"""Pabulib errors speak the configured language: Chinese by default, English with
YISHI_LOCALE=en, translated only when ``yishi pb tally`` prints one (a tally that succeeds
never loads the catalogue: tests/app/test_cli.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.i18n import translations
from votes.pabulib import PabulibError, parse_pb

GOOD = """META
key;value
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost
p1;60
p2;40
VOTES
voter_id;vote
v1;p1,p2
v2;p1
"""
CJK = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
UNKNOWN_PROJECT = ("v2;p1\n", "v2;p9\n")  # line 13


# One change per kind of refusal the reader makes, each breaking GOOD in its own way.
BROKEN = [
    UNKNOWN_PROJECT,
    ("v2;p1\n", "v1;p1\n"),  # a voter twice
    ("v2;p1\n", "v2;p1;x\n"),  # a cell too many
    ("p2;40", "p2;lots"),
    ("p2;40", "p2;-4"),
    ("p2;40", "p2;1e20"),
    ("p2;40", "p1;40"),
    ("v1;p1,p2", "v1;p1,,p2"),
    ("PROJECTS\n", ""),
    ("META\n", "PROJECTS\n"),
    ("META\n", "hello;world\n"),
    ("budget;100\n", "budget\n"),
    ("budget;100\n", ""),
    ("vote_type;approval", "vote_type;quadratic"),
    ("vote_type;approval", "vote_type;cumulative"),
    ("project_id;cost", "project_id;price"),
    ("voter_id;vote", "voter_id;ballot"),
    ("VOTES\nvoter_id;vote\n", "VOTES\n"),
    ("VOTES\nvoter_id;vote\nv1;p1,p2\nv2;p1\n", ""),
    ("v2;p1\n", "v2;p1\nMETA\n"),
]


def refusal(change: tuple[str, str]) -> PabulibError:
    with pytest.raises(PabulibError) as caught:
        parse_pb(GOOD.replace(*change))
    return caught.value


@pytest.mark.parametrize("change", BROKEN)
def test_every_refusal_has_its_english_words(change: tuple[str, str]) -> None:
    error = refusal(change)
    english = error.translated(translations("en").gettext)
    assert CJK.search(str(error)), str(error)  # Chinese unless asked otherwise
    assert not CJK.search(english), english
    if error.line is not None:
        assert english.startswith(f"line {error.line}: ")


def test_the_chinese_text_is_the_catalogue_id_filled_in() -> None:
    error = refusal(UNKNOWN_PROJECT)
    assert str(error) == "第 13 行：选票中的项目 'p9' 不在 PROJECTS 中"
    assert error.message == "选票中的项目 'p9' 不在 PROJECTS 中"
    assert error.translated(translations("zh_CN").gettext) == str(error)


def _tally(path: Path, locale: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name != "YISHI_LOCALE"}
    if locale is not None:
        env["YISHI_LOCALE"] = locale
    command = [sys.executable, "-c", "from app.cli import main; main()", "pb", "tally"]
    return subprocess.run(
        [*command, str(path), *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        (None, "第 13 行：选票中的项目 'p9' 不在 PROJECTS 中"),
        ("zh_CN", "第 13 行：选票中的项目 'p9' 不在 PROJECTS 中"),
        ("en", "line 13: a ballot names project 'p9', which is not in PROJECTS"),
    ],
)
def test_yishi_pb_tally_says_it_in_the_configured_language(
    tmp_path: Path, locale: str | None, said: str
) -> None:
    path = tmp_path / "bad.pb"
    path.write_text(GOOD.replace(*UNKNOWN_PROJECT), encoding="utf-8")
    done = _tally(path, locale)
    assert done.returncode == 1
    assert f"{path}: {said}" in done.stderr


def test_a_rule_the_file_cannot_tally_is_refused_in_english_too(tmp_path: Path) -> None:
    path = tmp_path / "good.pb"
    path.write_text(GOOD, encoding="utf-8")
    done = _tally(path, "en", "--rule", "yishi")
    assert done.returncode == 2
    assert "the yishi rule needs village-meeting decisions" in done.stderr
    assert not CJK.search(done.stderr), done.stderr
