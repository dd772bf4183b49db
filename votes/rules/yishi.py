"""一事一议 rule: fund projects that the village decided on, in vote order, within the pool.

A project qualifies when its village meeting reached a quorum and a majority (see
:mod:`projects.meeting`), it was not withdrawn, somebody voted for it, it meets the
election's threshold if one is declared, and — when the policy asks — enough of the ballots
cast in its own village or community support it. Qualifying projects are then funded in vote
order, each drawing its subsidy min(requested, cap, ratio × reviewed cost) from the pool;
one that no longer fits is skipped, as in ``greedy``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from projects.meeting import YishiTerms
from votes.rules.counting import count
from votes.rules.election import Election, IntArray
from votes.rules.greedy import fill, ranking, reject_ineligible, tie_break
from votes.rules.result import Reason, TallyResult
from votes.rules.verdicts import Verdicts

VERSION = "1"


def area_support(election: Election, terms: YishiTerms) -> tuple[IntArray, IntArray]:
    """Per project: ballots from its own area that marked it, and ballots cast in that area."""
    areas = sorted({*terms.voter_areas, *(p.area for p in terms.projects)})
    code = {area: i for i, area in enumerate(areas)}
    voter_area = np.array([code[a] for a in terms.voter_areas], dtype=np.int64)
    project_area = np.array([code[p.area] for p in terms.projects], dtype=np.int64)
    mark_area = voter_area[election.voter_of_mark()]
    own = mark_area == project_area[election.project_idx]
    own_votes = np.bincount(election.project_idx[own], minlength=election.n_projects)
    ballots_per_area = np.bincount(voter_area, minlength=len(areas))
    return own_votes.astype(np.int64), ballots_per_area[project_area].astype(np.int64)


def _reject_without_decision(verdicts: Verdicts, terms: YishiTerms) -> None:
    for p, project in enumerate(terms.projects):
        if verdicts.is_decided(p):
            continue
        if project.meeting is None:
            verdicts.reject(p, Reason.NO_MEETING_DECISION, "没有村民会议决议记录")
        elif (problem := project.meeting.problem()) is not None:
            verdicts.reject(p, Reason.NO_MEETING_DECISION, f"村民会议决议无效：{problem}")


def _reject_below_area_share(verdicts: Verdicts, terms: YishiTerms, minimum: Fraction) -> None:
    own_votes, area_ballots = area_support(verdicts.election, terms)
    for p in range(verdicts.election.n_projects):
        if verdicts.is_decided(p):
            continue
        votes, ballots = int(own_votes[p]), int(area_ballots[p])
        if ballots == 0 or votes < minimum * ballots:
            words = (
                f"本村/社区 {ballots} 张选票中 {votes} 张支持，"
                f"未达到 {minimum.numerator}/{minimum.denominator}"
            )
            verdicts.reject(p, Reason.BELOW_AREA_SHARE, words)


def yishi(election: Election) -> TallyResult:
    """一事一议：会议决议有效、达到门槛的项目，按得票依次获得奖补，直至资金池用完。"""
    terms = election.yishi
    if terms is None:
        raise ValueError("the yishi rule needs 一事一议 terms (meetings and subsidy policy)")
    policy = terms.policy
    if policy.min_area_share is not None and len(terms.voter_areas) != election.n_voters:
        raise ValueError("a minimum area share needs every ballot's area")
    counts = count(election)
    verdicts = Verdicts(election, counts)
    verdicts.subsidies = {p: policy.subsidy(project) for p, project in enumerate(terms.projects)}
    reject_ineligible(verdicts)
    _reject_without_decision(verdicts, terms)
    if policy.min_area_share is not None:
        _reject_below_area_share(verdicts, terms, policy.min_area_share)
    price = [verdicts.subsidies[p] for p in range(election.n_projects)]
    fill(verdicts, ranking(counts), election.budget, price=price)
    return verdicts.result("yishi", VERSION, tie_break(counts))
