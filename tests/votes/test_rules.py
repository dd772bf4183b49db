"""Tally rules on hand-made elections whose answers are known."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projects.meeting import MeetingKind, MeetingRecord, SubsidyPolicy, YishiProject, YishiTerms
from votes.rules import RULES, Election, Reason, Threshold, UnknownRule, VoteType, tally
from votes.rules.counting import count
from votes.rules.election import ballots_to_csr
from votes.rules.greedy import reject_ineligible
from votes.rules.verdicts import Verdicts


def make(
    costs: list[int],
    budget: int,
    ballots: list[list[int]],
    *,
    points: list[list[int]] | None = None,
    vote_type: VoteType = VoteType.APPROVAL,
    **extra: object,
) -> Election:
    voter_ptr, project_idx, flat_points = ballots_to_csr(ballots, points)
    ids = tuple(chr(ord("A") + i) for i in range(len(costs)))
    return Election(
        project_ids=ids,
        costs=np.array(costs),
        budget=budget,
        voter_ptr=voter_ptr,
        project_idx=project_idx,
        points=flat_points,
        vote_type=vote_type,
        **extra,  # type: ignore[arg-type]
    )


def reasons(result: object) -> dict[str, str]:
    return {o.project_id: o.reason.value for o in result.projects}  # type: ignore[attr-defined]


# ---------------------------------------------------------------- greedy


def test_greedy_skips_what_does_not_fit_and_takes_an_exact_fit() -> None:
    election = make([50, 40, 30], 80, [[0, 1, 2], [0, 1], [0]])
    result = tally(election, "greedy")
    assert result.selected == ("A", "C")
    assert reasons(result) == {"A": "funded", "B": "did_not_fit", "C": "funded"}
    assert result.outcome("B").remaining == 30
    assert "30" in result.outcome("B").explanation and "40" in result.outcome("B").explanation
    assert result.spent == 80
    assert result.tie_break == ("more_votes", "file_order")


def test_greedy_breaks_ties_by_file_order_not_by_cost_or_id() -> None:
    # B and C tie on votes; only one fits after A. File order says B, although C is cheaper.
    election = make([10, 30, 20, 5], 40, [[0, 1, 2], [0, 1, 2], [0]])
    assert tally(election, "greedy").selected == ("A", "B")


def test_greedy_never_funds_a_project_nobody_voted_for() -> None:
    election = make([10, 1], 100, [[0]])
    result = tally(election, "greedy")
    assert result.selected == ("A",)
    assert reasons(result)["B"] == "no_votes"


def test_budget_smaller_than_every_project_selects_nothing() -> None:
    election = make([10, 20], 5, [[0, 1], [1]])
    for rule in ("greedy", "greedy-no-skip", "equalshares", "equalshares/add1"):
        result = tally(election, rule)
        assert result.selected == (), rule
        assert result.spent == 0
    outcome = tally(election, "greedy").outcome("A")
    assert outcome.reason is Reason.DID_NOT_FIT and outcome.remaining == 5


def test_no_skip_stops_at_the_first_project_that_does_not_fit() -> None:
    election = make([50, 40, 30], 80, [[0, 1, 2], [0, 1], [0]])
    result = tally(election, "greedy-no-skip")
    assert result.selected == ("A",)
    assert reasons(result) == {"A": "funded", "B": "did_not_fit", "C": "stopped_at_first_unfit"}


def test_withdrawn_projects_are_never_funded_and_never_stop_no_skip() -> None:
    election = make([999, 40, 30], 80, [[0, 1], [0, 1], [0, 2]], withdrawn=frozenset({"A"}))
    result = tally(election, "greedy-no-skip")
    assert result.selected == ("B", "C")
    assert reasons(result)["A"] == "withdrawn"
    assert result.outcome("A").votes == 3  # its votes still count


@pytest.mark.parametrize(("minimum", "funded"), [(2, ("A", "B")), (3, ("A",)), (4, ())])
def test_threshold_is_inclusive(minimum: int, funded: tuple[str, ...]) -> None:
    election = make([1, 1, 1], 10, [[0, 1, 2], [0, 1], [0]], threshold=Threshold(min_score=minimum))
    result = tally(election, "greedy-threshold")
    assert result.selected == funded
    assert all(
        o.reason is Reason.BELOW_THRESHOLD for o in result.projects if o.project_id not in funded
    )


def test_threshold_as_share_of_voters_is_exact() -> None:
    ballots = [[0, 1]] * 3 + [[0]] * 7  # B has 3 of 10 ballots
    met = make([1, 1], 10, ballots, threshold=Threshold(min_share=Fraction(3, 10)))
    missed = make([1, 1], 10, ballots, threshold=Threshold(min_share=Fraction(31, 100)))
    assert tally(met, "greedy-threshold").selected == ("A", "B")
    assert tally(missed, "greedy-threshold").selected == ("A",)


def test_greedy_threshold_needs_a_threshold() -> None:
    with pytest.raises(ValueError, match="threshold"):
        tally(make([1], 1, [[0]]), "greedy-threshold")


def test_cumulative_ballots_rank_by_points() -> None:
    # A: 2 voters, 2 points; B: 1 voter, 5 points.
    election = make(
        [10, 10], 10, [[0], [0, 1]], points=[[1], [1, 5]], vote_type=VoteType.CUMULATIVE
    )
    result = tally(election, "greedy")
    assert result.selected == ("B",)
    assert result.outcome("A").votes == 2 and result.outcome("A").score == 2
    assert result.tie_break[0] == "more_points"


def test_ordinal_ballots_rank_by_positional_points() -> None:
    # Max length 3: first choice 3 points. A: 3+1 = 4 (2 votes); B: 3+2 = 5 (2 votes).
    election = make(
        [10, 10, 10], 10, [[0, 1, 2], [1, 2, 0]], vote_type=VoteType.ORDINAL, max_ballot_length=3
    )
    counts = count(election)
    assert counts.votes.tolist() == [2, 2, 2]
    assert counts.strength.tolist() == [4, 5, 3]
    assert tally(election, "greedy").selected == ("B",)


def test_counts_of_a_million_ballots_are_exact_integers() -> None:
    rng = np.random.default_rng(7)
    n = 1_000_000
    lengths = rng.integers(1, 4, n)
    voter_ptr = np.concatenate([[0], np.cumsum(lengths)])
    project_idx = rng.integers(0, 50, int(voter_ptr[-1]))
    election = Election(
        project_ids=tuple(str(i) for i in range(50)),
        costs=np.full(50, 10),
        budget=100,
        voter_ptr=voter_ptr,
        project_idx=project_idx,
    )
    counts = count(election)
    assert counts.votes.dtype == np.int64
    assert int(counts.votes.sum()) == len(project_idx)


# ---------------------------------------------------------------- equal shares


def test_equal_shares_is_proportional_where_greedy_is_not() -> None:
    # Textbook: 6 voters want X1..X10, 4 voters want Y1..Y10, each costs 1, budget 10.
    ballots = [list(range(10))] * 6 + [list(range(10, 20))] * 4
    election = make([1] * 20, 10, ballots)
    assert set(tally(election, "greedy").selected) == {chr(ord("A") + i) for i in range(10)}
    mes = tally(election, "equalshares")
    # Exactly six X: the sixth spends the majority's last sixths to the fen (floats would not).
    assert mes.selected == tuple("ABCDEF") + tuple("KLMN")
    assert mes.spent == 10


def test_equal_shares_with_points_pays_by_utility() -> None:
    # Budget 10, two voters with 5 each. A (cost 4): voter 1 gives 3 points → α = 4/3.
    # B (cost 6): voter 1 gives 1 point, voter 2 gives 2. After A voter 1 has 1 left, pays it
    # all; voter 2 pays the other 5 exactly.
    election = make([4, 6], 10, [[0, 1], [1]], points=[[3, 1], [2]], vote_type=VoteType.CUMULATIVE)
    assert tally(election, "equalshares").selected == ("A", "B")


def test_equal_shares_refuses_ranked_ballots() -> None:
    election = make([1], 1, [[0]], vote_type=VoteType.ORDINAL)
    with pytest.raises(ValueError, match="Equal Shares"):
        tally(election, "equalshares")


def test_add1_raises_shares_until_an_outcome_fits_exactly() -> None:
    # Share 10 each. A (18) is bought by voters 1-2; B (11) is too dear for voter 3 alone until
    # the share reaches 11, when A + B = 29 still fits.
    election = make([18, 11], 30, [[0], [0], [1]])
    assert tally(election, "equalshares").selected == ("A",)
    assert tally(election, "equalshares/add1").selected == ("A", "B")


def test_add1_keeps_the_last_outcome_that_fits_and_add1u_fills_by_votes() -> None:
    # Share 10: voters 1-2 spend all on A; C (voter 1's) and B (voter 3's) are out of reach.
    # Share 11 buys A and B = 31 > 30: add1 keeps share 10's [A]; add1u then adds C by votes.
    election = make([20, 11, 6], 30, [[0, 2], [0], [1]])
    add1 = tally(election, "equalshares/add1")
    assert add1.selected == ("A",)
    assert reasons(add1)["C"] == "supporters_short"
    add1u = tally(election, "equalshares/add1u")
    assert add1u.selected == ("A", "C")
    assert reasons(add1u) == {"A": "funded", "B": "did_not_fit", "C": "funded_by_completion"}


def test_equal_shares_ties_prefer_more_votes_then_lower_cost_then_file_order() -> None:
    # Cost utilities: each project is bought at α = 1/(its supporters) while all are rich.
    election = make([4, 2, 2], 4, [[0, 1, 2], [0, 1, 2]])
    assert tally(election, "equalshares").selected[0] == "B"


def reference_price(group: list[tuple[Fraction, int]], cost: int) -> Fraction | None:
    """Least α with Σ min(b, α·u) ≥ cost, found on the piecewise-linear curve's breakpoints."""
    if sum(b for b, _ in group) < cost:
        return None
    previous = Fraction(0)
    for point in sorted({b / u for b, u in group}):
        if sum(min(b, point * u) for b, u in group) >= cost:
            poor = sum(b for b, u in group if b / u <= previous)
            return Fraction(cost - poor) / sum(u for b, u in group if b / u > previous)
        previous = point
    raise AssertionError("unreachable")


def reference_mes(election: Election, share: Fraction) -> list[int]:
    """Brute-force MES, one voter at a time in exact Fractions (the definition)."""
    budgets = [share] * election.n_voters
    votes = count(election).votes
    supporters: list[list[tuple[int, int]]] = [[] for _ in election.project_ids]
    for voter in range(election.n_voters):
        for mark in range(int(election.voter_ptr[voter]), int(election.voter_ptr[voter + 1])):
            p = int(election.project_idx[mark])
            points = election.points
            utility = int(election.costs[p]) if points is None else int(points[mark])
            supporters[p].append((voter, utility))
    left = {p for p in range(election.n_projects) if votes[p] and election.costs[p] > 0}
    chosen: list[int] = []
    while True:
        best: tuple[Fraction, int, int, int] | None = None
        for p in left:
            group = [(budgets[v], u) for v, u in supporters[p] if budgets[v] > 0]
            alpha = reference_price(group, int(election.costs[p])) if group else None
            key = None if alpha is None else (alpha, -int(votes[p]), int(election.costs[p]), p)
            if key is not None and (best is None or key < best):
                best = key
        if best is None:
            return chosen
        alpha, winner = best[0], best[3]
        for v, u in supporters[winner]:
            budgets[v] -= min(budgets[v], alpha * u)
        chosen.append(winner)
        left.remove(winner)


@pytest.mark.parametrize("seed", range(40))
def test_equal_shares_matches_a_brute_force_reference(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_projects, n_voters = int(rng.integers(2, 7)), int(rng.integers(1, 9))
    costs = [int(c) for c in rng.integers(1, 6, n_projects) * 2]  # small costs: many ties
    ballots = [
        [int(p) for p in rng.choice(n_projects, int(rng.integers(0, n_projects + 1)), False)]
        for _ in range(n_voters)
    ]
    cumulative = bool(seed % 2)
    points = [[int(x) for x in rng.integers(1, 4, len(b))] for b in ballots] if cumulative else None
    election = make(
        costs,
        int(rng.integers(1, 25)),
        ballots,
        points=points,
        vote_type=VoteType.CUMULATIVE if cumulative else VoteType.APPROVAL,
    )
    expected = reference_mes(election, Fraction(election.budget, election.n_voters))
    got = tally(election, "equalshares").selected
    assert got == tuple(election.project_ids[p] for p in expected)


def reference_add1(election: Election) -> list[int]:
    """add1 by its definition: brute-force MES at every raise of one unit per voter."""
    share = Fraction(election.budget, election.n_voters)
    chosen = reference_mes(election, share)
    candidates = [p for p in range(election.n_projects) if count(election).votes[p]]

    def spent(projects: list[int]) -> int:
        return sum(int(election.costs[p]) for p in projects)

    while any(
        p not in chosen and int(election.costs[p]) <= election.budget - spent(chosen)
        for p in candidates
    ):
        share += 1
        raised = reference_mes(election, share)
        if spent(raised) > election.budget:
            break
        chosen = raised
    return chosen


def random_add1_election(seed: int) -> Election:
    """Costs far above a voter's share, so that add1 raises the share many times."""
    rng = np.random.default_rng(seed)
    n_projects, n_voters = int(rng.integers(3, 9)), int(rng.integers(2, 12))
    costs = [int(c) for c in rng.integers(5, 60, n_projects)]
    ballots = [
        [int(p) for p in rng.choice(n_projects, int(rng.integers(1, n_projects + 1)), False)]
        for _ in range(n_voters)
    ]
    cumulative = bool(seed % 3 == 1)
    points = [[int(x) for x in rng.integers(1, 5, len(b))] for b in ballots] if cumulative else None
    return make(
        costs,
        int(sum(costs) * rng.uniform(0.3, 0.8)),
        ballots,
        points=points,
        vote_type=VoteType.CUMULATIVE if cumulative else VoteType.APPROVAL,
    )


@pytest.mark.parametrize("seed", range(60))
def test_add1_skipping_raises_matches_add1_by_its_definition(seed: int) -> None:
    election = random_add1_election(seed)
    expected = tuple(election.project_ids[p] for p in reference_add1(election))
    assert tally(election, "equalshares/add1").selected == expected


def test_add1_skips_raises_that_cannot_change_the_outcome() -> None:
    from votes.rules import certified_shares, equalshares

    # A and B are bought at once; C's two supporters keep 30 each of a share of 130 and need
    # 150 each: add1 raises the share 120 times, and only the last raise changes anything.
    election = make([600, 400, 300], 1300, [[0, 2]] * 2 + [[0]] * 4 + [[1]] * 4)
    runs: list[Fraction] = []
    exact_run, float_run = equalshares.EqualSharesRun.run, certified_shares.CertifiedRun.run

    def counted_exact(self: equalshares.EqualSharesRun, candidates: list[int]) -> list[int]:
        runs.append(self.share)
        return exact_run(self, candidates)

    def counted_float(self: certified_shares.CertifiedRun, candidates: list[int]) -> object:
        runs.append(Fraction(-1))
        return float_run(self, candidates)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(equalshares.EqualSharesRun, "run", counted_exact)
        patch.setattr(certified_shares.CertifiedRun, "run", counted_float)
        fast = tally(election, "equalshares/add1").selected
        fast_runs = len(runs)
        runs.clear()
        verdicts = Verdicts(election, count(election))
        reject_ineligible(verdicts)
        plain = equalshares._mes_outcome(election, verdicts, add1=True, skip=False)
    assert fast == tuple(election.project_ids[p] for p in plain) == ("A", "B", "C")
    # The plain loop: 121 runs; add1: one exact run whose reach passes 119 raises, and the
    # raise that buys C.
    assert (len(runs), fast_runs) == (121, 2)


@st.composite
def add1_elections(draw: st.DrawFn) -> Election:
    """Costs far above a voter's share (many raises) and wide enough that the float runs
    settle most rounds; approval or cumulative ballots."""
    n_projects, n_voters = draw(st.integers(2, 6)), draw(st.integers(2, 10))
    costs = draw(st.lists(st.integers(5, 400), min_size=n_projects, max_size=n_projects))
    ballots = [
        sorted(draw(st.sets(st.integers(0, n_projects - 1), min_size=1, max_size=n_projects)))
        for _ in range(n_voters)
    ]
    cumulative = draw(st.booleans())
    points = (
        [[draw(st.integers(1, 9)) for _ in ballot] for ballot in ballots] if cumulative else None
    )
    return make(
        costs,
        draw(st.integers(sum(costs) // 4, sum(costs))),
        ballots,
        points=points,
        vote_type=VoteType.CUMULATIVE if cumulative else VoteType.APPROVAL,
    )


@settings(max_examples=150, deadline=None)
@given(add1_elections())
def test_add1_matches_add1_by_its_definition_on_drawn_elections(election: Election) -> None:
    expected = tuple(election.project_ids[p] for p in reference_add1(election))
    assert tally(election, "equalshares/add1").selected == expected


# ---------------------------------------------------------------- 一事一议


def meeting(kind: MeetingKind, eligible: int, present: int, in_favour: int) -> MeetingRecord:
    return MeetingRecord(kind, eligible, present, in_favour)


@pytest.mark.parametrize(
    ("kind", "eligible", "present", "quorum"),
    [
        (MeetingKind.VILLAGERS, 100, 50, False),  # exactly half is not "more than half"
        (MeetingKind.VILLAGERS, 100, 51, True),
        (MeetingKind.VILLAGERS, 101, 51, True),
        (MeetingKind.HOUSEHOLDS, 30, 20, True),  # exactly two thirds: 以上 includes 本数
        (MeetingKind.HOUSEHOLDS, 30, 19, False),
        (MeetingKind.HOUSEHOLDS, 31, 20, False),  # 20/31 < 2/3
        (MeetingKind.HOUSEHOLDS, 31, 21, True),
    ],
)
def test_meeting_quorum_edges(kind: MeetingKind, eligible: int, present: int, quorum: bool) -> None:
    assert meeting(kind, eligible, present, present).has_quorum() is quorum


@pytest.mark.parametrize(
    ("present", "in_favour", "passed"),
    [(51, 25, False), (51, 26, True), (50, 25, False), (50, 26, True)],
)
def test_meeting_majority_of_those_present(present: int, in_favour: int, passed: bool) -> None:
    record = meeting(MeetingKind.VILLAGERS, 100, present, in_favour)
    assert record.passed() is passed
    assert (record.problem() is None) is (passed and record.has_quorum())


def test_meeting_numbers_must_be_consistent() -> None:
    with pytest.raises(ValueError):
        meeting(MeetingKind.VILLAGERS, 10, 11, 5)


@pytest.mark.parametrize(
    ("ratio", "cap", "requested", "reviewed", "subsidy"),
    [
        (Decimal("0.3"), None, 50_000_00, 100_001, 30_000),  # 30,000.3 fen rounds down
        (Decimal("0.3"), 25_000, 50_000_00, 100_001, 25_000),  # the cap binds
        (Decimal("0.5"), 1_000_000, 12_345, 100_000, 12_345),  # the request binds
        (Decimal("0.333"), None, 10**9, 1_000_000, 333_000),
        (Decimal("1"), None, 10**9, 7, 7),
    ],
)
def test_subsidy_is_the_least_of_request_cap_and_ratio(
    ratio: Decimal, cap: int | None, requested: int, reviewed: int, subsidy: int
) -> None:
    policy = SubsidyPolicy(ratio=ratio, cap=cap)
    assert policy.subsidy(YishiProject("v1", requested, reviewed, None)) == subsidy


VALID = meeting(MeetingKind.HOUSEHOLDS, 30, 25, 20)


def village_election(
    projects: list[YishiProject],
    ballots: list[list[int]],
    *,
    pool: int,
    policy: SubsidyPolicy,
    areas: tuple[str, ...] = (),
) -> Election:
    terms = YishiTerms(projects=tuple(projects), policy=policy, voter_areas=areas)
    costs = [p.reviewed_cost for p in projects]
    return make(costs, pool, ballots, yishi=terms, money_decimals=2)


def test_yishi_funds_valid_decisions_in_vote_order_within_the_pool() -> None:
    policy = SubsidyPolicy(ratio=Decimal("0.5"), cap=300_000)
    projects = [
        YishiProject("v1", 400_000, 1_000_000, VALID),  # subsidy 300,000 (cap)
        YishiProject("v2", 200_000, 1_000_000, None),  # no meeting
        YishiProject("v3", 150_000, 250_000, meeting(MeetingKind.VILLAGERS, 100, 50, 50)),
        YishiProject("v4", 250_000, 600_000, VALID),  # subsidy 250,000: does not fit
        YishiProject("v5", 100_000, 180_000, VALID),  # subsidy 90,000
    ]
    ballots = [[0, 1, 2, 3, 4]] * 3 + [[0, 1, 2, 3]] * 2 + [[0, 1, 2]]
    election = village_election(projects, ballots, pool=450_000, policy=policy)
    result = tally(election, "yishi")
    assert result.selected == ("A", "E")
    assert reasons(result) == {
        "A": "funded",
        "B": "no_meeting_decision",
        "C": "no_meeting_decision",
        "D": "did_not_fit",
        "E": "funded",
    }
    assert "法定人数" in result.outcome("C").explanation
    assert result.outcome("A").subsidy == 300_000
    assert result.spent == 390_000
    assert result.outcome("D").remaining == 150_000


def test_yishi_minimum_share_of_the_own_area() -> None:
    policy = SubsidyPolicy(ratio=Decimal("1"), min_area_share=Fraction(1, 2))
    projects = [YishiProject("v1", 10, 10, VALID), YishiProject("v2", 10, 10, VALID)]
    # v1 has 2 ballots, both for A. v2 has 3 ballots, one for B (1/3 < 1/2), though B has
    # votes from v1 too.
    ballots = [[0, 1], [0, 1], [1], [], []]
    areas = ("v1", "v1", "v2", "v2", "v2")
    election = village_election(projects, ballots, pool=100, policy=policy, areas=areas)
    result = tally(election, "yishi")
    assert result.selected == ("A",)
    assert reasons(result)["B"] == "below_area_share"


def test_yishi_needs_its_terms() -> None:
    with pytest.raises(ValueError, match="一事一议"):
        tally(make([1], 1, [[0]]), "yishi")


# ---------------------------------------------------------------- results


def test_registry_names() -> None:
    assert {
        "greedy",
        "greedy-no-skip",
        "greedy-threshold",
        "equalshares",
        "equalshares/add1",
        "yishi",
    } <= set(RULES)
    with pytest.raises(UnknownRule):
        tally(make([1], 1, [[0]]), "borda")


def test_hash_covers_inputs_and_rule_but_not_descriptions() -> None:
    base = make([50, 40], 80, [[0, 1], [0]])
    same = make([50, 40], 80, [[0, 1], [0]], meta={"description": "another name"})
    other_ballot = make([50, 40], 80, [[0, 1], [1]])
    digest = tally(base, "greedy").input_hash
    assert len(digest) == 64
    assert tally(same, "greedy").input_hash == digest
    assert tally(other_ballot, "greedy").input_hash != digest
    assert tally(base, "greedy-no-skip").input_hash != digest


def test_results_hold_money_as_integers() -> None:
    result = tally(make([50, 40], 80, [[0, 1], [0]], money_decimals=2), "equalshares/add1")
    assert isinstance(result.spent, int) and isinstance(result.budget, int)
    for outcome in result.projects:
        assert isinstance(outcome.cost, int)
        assert outcome.remaining is None or isinstance(outcome.remaining, int)


def test_election_is_frozen() -> None:
    election = make([1], 1, [[0]])
    with pytest.raises(ValueError):
        election.costs[0] = 5
