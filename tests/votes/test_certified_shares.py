"""Equal Shares in certified floats: when it answers, it buys what the exact method buys.

The float run (:mod:`votes.rules.certified_shares`) either settles every decision by its
intervals or gives up; these tests hold it to the brute-force definition on random
elections, to the exact run on real ones, and check that it gives up where floats cannot
tell two prices apart.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.votes.test_rules import make, reference_mes
from votes.pabulib import read_pb
from votes.rules import VoteType, tally
from votes.rules import equalshares as es
from votes.rules.certified_shares import CertifiedRun, Unsure
from votes.rules.counting import count
from votes.rules.election import Election
from votes.rules.greedy import reject_ineligible
from votes.rules.verdicts import Verdicts

DATA = Path(__file__).resolve().parents[3] / "shared/data/pabulib"


def runs(election: Election) -> tuple[es.Supporters, list[int], dict[int, int]]:
    verdicts = Verdicts(election, count(election))
    reject_ineligible(verdicts)
    es._fund_free(verdicts)
    return es.Supporters.of(election), es._candidates(verdicts), es._tie_rank(verdicts)


def certified(election: Election, share: Fraction) -> list[int] | None:
    supporters, candidates, tie_rank = runs(election)
    return CertifiedRun(supporters, election.costs, share, tie_rank).run(candidates)


def exact(election: Election, share: Fraction) -> list[int]:
    supporters, candidates, tie_rank = runs(election)
    return es.EqualSharesRun(supporters, election.costs, share, tie_rank).run(candidates)


@st.composite
def elections(draw: st.DrawFn) -> tuple[Election, Fraction]:
    n_projects = draw(st.integers(1, 7))
    n_voters = draw(st.integers(1, 40))
    # Wide costs make ties rare (the float run settles those rounds), narrow ones common.
    top = draw(st.sampled_from([6, 60, 10_000]))
    costs = draw(st.lists(st.integers(1, top), min_size=n_projects, max_size=n_projects))
    ballots = [
        sorted(draw(st.sets(st.integers(0, n_projects - 1), max_size=n_projects)))
        for _ in range(n_voters)
    ]
    cumulative = draw(st.booleans())
    points = (
        [[draw(st.integers(1, 5)) for _ in ballot] for ballot in ballots] if cumulative else None
    )
    election = make(
        costs,
        draw(st.integers(1, sum(costs) * 2)),
        ballots,
        points=points,
        vote_type=VoteType.CUMULATIVE if cumulative else VoteType.APPROVAL,
    )
    share = Fraction(election.budget, n_voters) + draw(st.integers(0, top))
    return election, share


@settings(max_examples=400, deadline=None)
@given(elections())
def test_the_float_run_buys_what_the_definition_buys_or_gives_up(
    case: tuple[Election, Fraction],
) -> None:
    election, share = case
    got = certified(election, share)
    if got is not None:
        assert got == reference_mes(election, share)


def test_the_float_run_settles_most_random_elections() -> None:
    """It is worth having: without exact ties (wide costs) it rarely needs Fractions."""
    rng = np.random.default_rng(19)
    answered = 0
    for _ in range(200):
        n_projects, n_voters = int(rng.integers(2, 9)), int(rng.integers(5, 60))
        costs = [int(c) for c in rng.integers(1_000, 1_000_000, n_projects)]
        ballots = [
            [int(p) for p in rng.choice(n_projects, int(rng.integers(1, n_projects + 1)), False)]
            for _ in range(n_voters)
        ]
        election = make(costs, int(sum(costs) * rng.uniform(0.2, 0.9)), ballots)
        share = Fraction(election.budget, n_voters)
        got = certified(election, share)
        if got is not None:
            answered += 1
            assert got == reference_mes(election, share)
    assert answered >= 180


def test_prices_floats_cannot_tell_apart_are_left_to_the_exact_run() -> None:
    # A costs one unit more than B out of 6·10^14, with the same supporters and points; the
    # last voter cannot pay its part (5 points), so the prices are not cost / weight but
    # differ by 10^-15 of themselves, below what float intervals can separate.
    big = 6 * 10**14
    election = make(
        [big + 1, big],
        2 * big,
        [[0, 1]] * 4,
        points=[[1, 1]] * 3 + [[5, 5]],
        vote_type=VoteType.CUMULATIVE,
    )
    share = Fraction(2 * big, 4)
    assert certified(election, share) is None
    assert exact(election, share) == reference_mes(election, share) == [1]
    assert tally(election, "equalshares").selected == ("B",)


def test_exact_ties_are_settled_by_the_tie_break() -> None:
    # A and B: the same cost and supporters, so exactly the same price: more votes, lower
    # cost, then file order decide; C and D cost 1 / supporters each (all pay their part).
    election = make([60, 60, 40, 40], 200, [[0, 1, 2]] * 2 + [[0, 1, 3]] * 2 + [[2, 3]] * 2)
    share = Fraction(200, 6)
    assert certified(election, share) == exact(election, share) == reference_mes(election, share)


REAL = [
    "Poland_Warszawa_2026.pb",
    "Netherlands_Amsterdam_166.pb",
    "Poland_Czestochowa_2024.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
]


@pytest.mark.parametrize("name", REAL)
def test_the_float_run_settles_real_elections_as_the_exact_run(name: str) -> None:
    path = DATA / name
    if not path.is_file():
        pytest.skip(f"REAL PABULIB DATA MISSING: {path} not found")
    election = read_pb(path).election
    base = Fraction(election.budget, election.n_voters)
    step = 10**election.money_decimals
    answered = 0
    for raises in (0, 1, 7, 40, 150):
        got = certified(election, base + raises * step)
        if got is not None:
            answered += 1
            assert got == exact(election, base + raises * step)
    assert answered >= 4


@st.composite
def raised_elections(draw: st.DrawFn) -> tuple[Election, Fraction]:
    """Elections as add1 raises them: costs far above a voter's share, so that purchases
    turn within a few raises."""
    n_projects, n_voters = draw(st.integers(2, 6)), draw(st.integers(2, 12))
    costs = draw(st.lists(st.integers(50, 2_000), min_size=n_projects, max_size=n_projects))
    ballots = [
        sorted(draw(st.sets(st.integers(0, n_projects - 1), min_size=1, max_size=n_projects)))
        for _ in range(n_voters)
    ]
    election = make(costs, draw(st.integers(sum(costs) // 4, sum(costs))), ballots)
    share = Fraction(election.budget, n_voters) + draw(st.integers(0, 300))
    return election, share


@settings(max_examples=500, deadline=None)
@given(st.one_of(elections(), raised_elections()), st.integers(1, 40), st.data())
def test_a_settled_span_buys_the_same_at_every_share_in_it(
    case: tuple[Election, Fraction], span: int, data: st.DataObject
) -> None:
    """What add1's spans rest on: prices fall and budgets rise with the share, so bounds
    at both ends of a span, joined by straight lines, hold across it."""
    election, share = case
    supporters, candidates, tie_rank = runs(election)
    got = CertifiedRun(supporters, election.costs, share, tie_rank, span).run(candidates)
    if got is not None:
        inside = data.draw(st.integers(1, span - 1)) if span > 1 else 0
        for raised in sorted({0, inside, span}):
            assert got == reference_mes(election, share + raised)


def test_spans_settle_real_raises() -> None:
    path = DATA / "Poland_Warszawa_2026.pb"
    if not path.is_file():
        pytest.skip(f"REAL PABULIB DATA MISSING: {path} not found")
    election = read_pb(path).election
    supporters, candidates, tie_rank = runs(election)
    share = Fraction(election.budget, election.n_voters)
    got = CertifiedRun(supporters, election.costs, share, tie_rank, 2).run(candidates)
    assert got is not None
    assert got == exact(election, share) == exact(election, share + 1) == exact(election, share + 2)


def test_an_exact_tie_the_floats_order_the_other_way() -> None:
    # Toulouse 2022, 950 raises in: in round 20 projects 37 and 172 both cost 1/125 per
    # unit of utility (everyone pays their part); the float bounds put 172 first, the
    # tie-break 37.
    path = DATA / "France_Toulouse_2022.pb"
    if not path.is_file():
        pytest.skip(f"REAL PABULIB DATA MISSING: {path} not found")
    election = read_pb(path).election
    share = Fraction(election.budget, election.n_voters) + 950
    got = certified(election, share)
    assert got is not None
    assert got == exact(election, share)
    assert got.index(37) < got.index(172)


@settings(max_examples=500, deadline=None)
@given(st.one_of(elections(), raised_elections()), st.integers(1, 40), st.data())
def test_a_span_hands_what_it_settled_to_a_part_of_it(
    case: tuple[Election, Fraction], span: int, data: st.DataObject
) -> None:
    """add1's halves go on from the decisions a wider span settled, its bounds carried over
    (``inherited``) or its winners replayed at the part's ends (``narrowed``): whatever they
    then settle is what the definition buys at every share of the part."""
    election, share = case
    supporters, candidates, tie_rank = runs(election)
    wide = CertifiedRun(supporters, election.costs, share, tie_rank, span)
    wide.run(candidates)
    start = data.draw(st.integers(0, span))
    width = data.draw(st.integers(0, span - start))
    for part in (wide.inherited(share + start, width), wide.narrowed(share + start, width)):
        if part is None or not part.advance():
            continue
        assert part.chosen[: len(wide.chosen)] == wide.chosen
        inside = data.draw(st.integers(0, width))
        for raised in sorted({0, inside, width}):
            assert part.chosen == reference_mes(election, share + start + raised)


@pytest.mark.parametrize("name", ["Poland_Warszawa_2024_Mokotow.pb", "France_Toulouse_2022.pb"])
def test_halves_of_a_real_span_buy_what_the_exact_run_buys(name: str) -> None:
    """A span of 64 raises that floats cannot settle whole (the outcome turns inside it),
    its settled decisions handed down to single raises, against the exact run at each."""
    path = DATA / name
    if not path.is_file():
        pytest.skip(f"REAL PABULIB DATA MISSING: {path} not found")
    election = read_pb(path).election
    supporters, candidates, tie_rank = runs(election)
    share = Fraction(election.budget, election.n_voters) + 100
    wide = CertifiedRun(supporters, election.costs, share, tie_rank, 64)
    assert wide.run(candidates) is None
    assert wide.chosen  # some decisions were settled across the whole span
    settled = 0
    for raised in (0, 1, 31, 32, 64):
        for part in (wide.inherited(share + raised, 0), wide.narrowed(share + raised, 0)):
            if part is not None and part.advance():
                settled += 1
                assert part.chosen == exact(election, share + raised)
    assert settled >= 6


def as_cumulative(supporters: es.Supporters) -> es.Supporters:
    """The same supporters, priced by the general path (a utility per supporter)."""
    return es.Supporters(supporters.ptr, supporters.voters, supporters.utility, uniform=False)


@pytest.mark.parametrize("name", ["Poland_Warszawa_2024_Mokotow.pb", "France_Toulouse_2022.pb"])
def test_approval_pricing_bounds_alpha_as_the_general_path_does(name: str) -> None:
    """The approval shortcut (one utility, both ends of a span at once, classes counted at
    their voters' places once they outnumber them) finds the general path's bounds, up to
    the order of classes with equal budgets (each order gives valid bounds, a little
    tighter or looser), and buys what it buys, at a share, over a span, and after many
    purchases."""
    path = DATA / name
    if not path.is_file():
        pytest.skip(f"REAL PABULIB DATA MISSING: {path} not found")
    election = read_pb(path).election
    supporters, candidates, tie_rank = runs(election)
    share = Fraction(election.budget, election.n_voters)
    counted_at_places = False
    for span in (0, 64):
        approval = CertifiedRun(supporters, election.costs, share, tie_rank, span)
        general = CertifiedRun(as_cumulative(supporters), election.costs, share, tie_rank, span)
        assert approval.run(candidates) == general.run(candidates)
        assert approval.count == general.count  # the same classes made along the way
        # Classes outnumber some project's voters: its classes are counted at their places.
        fewest = int(np.diff(supporters.ptr)[candidates].min())
        counted_at_places |= approval.count > 4 * fewest
        for p in candidates:
            one, other = interval(approval, p), interval(general, p)
            assert (one is None) == (other is None)
            if isinstance(one, tuple) and isinstance(other, tuple):
                assert one == pytest.approx(other, rel=1e-2)
                assert max(one[0], other[0]) <= min(one[1], other[1])  # both hold α
                assert approval.all_pay_part[p] == general.all_pay_part[p]
            else:
                assert one == other  # both unaffordable, or both unsure
    assert counted_at_places


def interval(run: CertifiedRun, project: int) -> tuple[float, float] | str | None:
    try:
        return run._interval(project)
    except Unsure:
        return "unsure"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=60), st.integers(0, 200))
def test_distinct_classes_are_each_class_once(classes: list[int], count: int) -> None:
    """A purchase moves each class of its voters once, however often the class stands."""
    run = CertifiedRun(runs(make([1], 1, [[0]]))[0], np.array([1]), Fraction(1), {0: 0})
    run.count = 31 + count
    run._room()
    marked = np.array(classes, dtype=np.int64)
    distinct = run._distinct(marked)
    assert sorted(distinct.tolist()) == sorted(set(classes))
