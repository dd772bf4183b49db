"""Greedy rules (按票数依次入选): fund the strongest projects while the money lasts.

Strength is the number of votes for approval and choose-1 ballots, the points for cumulative
ballots, and the positional points for ranked ballots (Kraków's 3-2-1: counting ranked ballots
as plain approvals does not reproduce Kraków 2022–2023). Ties keep the projects' order in the
file, which is how the cities' published Pabulib outcomes break them (Kraków 2022 Czyżyny:
breaking ties by lower cost or by id funds another set).

A threshold declared by the election applies to every greedy variant (Gdynia declares one for
its no-skip rule); a project nobody voted for is never funded, even when money is left.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from votes.rules.counting import Counts, count
from votes.rules.election import Election, IntArray
from votes.rules.result import Reason, TallyResult
from votes.rules.verdicts import Verdicts

VERSION = "1"


def ranking(counts: Counts) -> IntArray:
    """Project indices, strongest first; equal strength keeps file order (stable)."""
    strength = counts.strength
    return np.lexsort((np.arange(len(strength)), -strength)).astype(np.int64)


def tie_break(counts: Counts) -> tuple[str, ...]:
    return ("more_points" if counts.score is not None else "more_votes", "file_order")


def strength_words(verdicts: Verdicts, project: int) -> str:
    counts = verdicts.counts
    if counts.score is None:
        return f"得票 {int(counts.votes[project])}"
    return f"积分 {int(counts.score[project])}（{int(counts.votes[project])} 票）"


def reject_ineligible(verdicts: Verdicts) -> None:
    """Verdicts that need no money: withdrawn, no votes, or below the election's threshold."""
    election, counts = verdicts.election, verdicts.counts
    threshold = election.threshold
    for p, project_id in enumerate(election.project_ids):
        votes = int(counts.votes[p])
        if project_id in election.withdrawn:
            verdicts.reject(p, Reason.WITHDRAWN, "投票后已撤回，不予资助")
        elif votes == 0:
            verdicts.reject(p, Reason.NO_VOTES, "无人投票，不予资助")
        elif threshold is not None and not threshold.is_met(
            score=int(counts.strength[p]), votes=votes, voters=election.n_voters
        ):
            words = f"{strength_words(verdicts, p)} 未达到门槛 {threshold.describe()}"
            verdicts.reject(p, Reason.BELOW_THRESHOLD, words)


def fill(
    verdicts: Verdicts,
    order: IntArray,
    remaining: int,
    *,
    stop_at_first_unfit: bool = False,
    reason: Reason = Reason.FUNDED,
    price: Sequence[int] | None = None,
) -> int:
    """Walk ``order`` funding every undecided project that fits; return the money left.

    ``price`` is what each project draws from the pool: its cost unless said otherwise
    (一事一议 draws only the subsidy).
    """
    prices = verdicts.election.costs.tolist() if price is None else price
    stopped_at: int | None = None
    for p in (int(x) for x in order):
        if verdicts.is_decided(p):
            continue
        cost = int(prices[p])
        if stopped_at is not None:
            words = f"规则在第一个放不下的项目处停止分配，剩余 {verdicts.money(remaining)} 未再分配"
            verdicts.reject(p, Reason.STOPPED_AT_FIRST_UNFIT, words, remaining)
        elif cost <= remaining:
            remaining -= cost
            words = f"{strength_words(verdicts, p)}，入选后剩余 {verdicts.money(remaining)}"
            verdicts.fund(p, reason, words)
        else:
            words = f"剩余资金 {verdicts.money(remaining)} 不足以支付 {verdicts.money(cost)}"
            verdicts.reject(p, Reason.DID_NOT_FIT, words, remaining)
            if stop_at_first_unfit:
                stopped_at = p
    return remaining


def _greedy(election: Election, rule: str, *, stop_at_first_unfit: bool) -> TallyResult:
    counts = count(election)
    verdicts = Verdicts(election, counts)
    reject_ineligible(verdicts)
    fill(verdicts, ranking(counts), election.budget, stop_at_first_unfit=stop_at_first_unfit)
    return verdicts.result(rule, VERSION, tie_break(counts))


def greedy(election: Election) -> TallyResult:
    """按得票从高到低依次入选，放不下的项目跳过，继续看下一个。"""
    return _greedy(election, "greedy", stop_at_first_unfit=False)


def greedy_no_skip(election: Election) -> TallyResult:
    """按得票从高到低依次入选，遇到第一个放不下的项目即停止。"""
    return _greedy(election, "greedy-no-skip", stop_at_first_unfit=True)


def greedy_threshold(election: Election) -> TallyResult:
    """只有达到得票门槛的项目参与，之后同 greedy。"""
    if election.threshold is None:
        raise ValueError("greedy-threshold needs the election to declare a threshold")
    return _greedy(election, "greedy-threshold", stop_at_first_unfit=False)
