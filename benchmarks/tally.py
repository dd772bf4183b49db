"""Yishi's tally against pabutools, the research reference, in the same run.

    python benchmarks/tally.py

For the largest Pabulib file (Warsaw 2026) and two other large ones, both libraries parse
the file, run greedy and the Method of Equal Shares, and must pick identical winners; the
times and the ratio are printed. Then Yishi alone tallies a million synthetic approval ballots.

Both sides tally the same plain election: pabutools knows no vote threshold, so the file's
threshold is dropped, and pabutools is given the tie-break Yishi publishes (file order for
greedy; more votes, lower cost, file order for Equal Shares) so that ties cannot differ.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from votes.pabulib import read_pb
from votes.rules import Election, tally

DATA = Path(__file__).resolve().parents[2] / "shared/data/pabulib"
OTHERS = ["Poland_Wroclaw_2023.pb", "Poland_Lodz_2020.pb"]
T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = work()
    return value, time.perf_counter() - started


def choose_files() -> list[Path]:
    files = sorted(DATA.glob("*.pb"))
    if not files:
        sys.exit(f"no Pabulib files in {DATA}")
    largest = DATA / "Poland_Warszawa_2026.pb"
    if not largest.exists():
        largest = max(files, key=lambda path: path.stat().st_size)
    others = [DATA / name for name in OTHERS if (DATA / name).exists() and DATA / name != largest]
    return [largest, *others]


def yishi_run(path: Path) -> tuple[dict[str, set[str]], dict[str, float]]:
    document, parse = timed(lambda: read_pb(path))
    election = dataclasses.replace(document.election, threshold=None)
    greedy, greedy_time = timed(lambda: tally(election, "greedy"))
    mes, mes_time = timed(lambda: tally(election, "equalshares"))
    winners = {"greedy": set(greedy.selected), "equalshares": set(mes.selected)}
    return winners, {"parse": parse, "greedy": greedy_time, "equalshares": mes_time}


def pabutools_run(path: Path, election: Election) -> tuple[dict[str, set[str]], dict[str, float]]:
    from pabutools.election import Additive_Cardinal_Sat, Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    (instance, profile), parse = timed(lambda: parse_pabulib(str(path)))
    order = {pid: i for i, pid in enumerate(election.project_ids)}
    votes = dict(
        zip(
            election.project_ids,
            np.bincount(election.project_idx, minlength=election.n_projects).tolist(),
            strict=True,
        )
    )
    costs = dict(zip(election.project_ids, election.costs.tolist(), strict=True))
    file_order = TieBreakingRule(lambda _i, _p, project: order[project.name])
    mes_order = TieBreakingRule(lambda _i, _p, p: (-votes[p.name], costs[p.name], order[p.name]))
    sat: Any = Cost_Sat if election.points is None else Additive_Cardinal_Sat
    greedy, greedy_time = timed(
        lambda: greedy_utilitarian_welfare(
            instance, profile, sat_class=sat, tie_breaking=file_order
        )
    )
    mes, mes_time = timed(
        lambda: method_of_equal_shares(instance, profile, sat_class=sat, tie_breaking=mes_order)
    )
    winners = {"greedy": {p.name for p in greedy}, "equalshares": {p.name for p in mes}}
    return winners, {"parse": parse, "greedy": greedy_time, "equalshares": mes_time}


def compare(path: Path) -> bool:
    election = read_pb(path).election
    print(
        f"\n{path.name}: {election.n_voters:,} ballots, {election.n_projects} projects, "
        f"{len(election.project_idx):,} marks, {election.vote_type}"
    )
    ours, our_times = yishi_run(path)
    theirs, their_times = pabutools_run(path, election)
    print(f"  {'step':<12}{'pabutools':>12}{'Yishi':>12}{'ratio':>10}")
    for step in ("parse", "greedy", "equalshares"):
        a, b = their_times[step], our_times[step]
        print(f"  {step:<12}{a:>11.3f}s{b:>11.3f}s{a / b:>9.0f}×")
    total_a, total_b = sum(their_times.values()), sum(our_times.values())
    print(f"  {'end to end':<12}{total_a:>11.3f}s{total_b:>11.3f}s{total_a / total_b:>9.0f}×")
    same = ours == theirs
    for rule in ("greedy", "equalshares"):
        verdict = "identical" if ours[rule] == theirs[rule] else "DIFFERENT"
        print(f"  winners {rule:<12} {verdict} ({len(ours[rule])} projects)")
    return same


def synthetic(n_voters: int = 1_000_000, n_projects: int = 100, seed: int = 2027) -> Election:
    """Approval ballots of 1–5 projects, popularity skewed like real elections."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 6, n_voters)
    voter_ptr = np.concatenate([[0], np.cumsum(lengths)])
    popularity = rng.dirichlet(np.full(n_projects, 0.6))
    marks = rng.choice(n_projects, size=int(voter_ptr[-1]), p=popularity)
    # Drop repeats inside a ballot by moving them to the next project id: cheap and exact.
    voter = np.repeat(np.arange(n_voters), lengths)
    for _ in range(10):
        key = voter * n_projects + marks
        order = np.argsort(key, kind="stable")
        repeat = np.zeros(len(key), bool)
        repeat[order[1:]] = key[order[1:]] == key[order[:-1]]
        if not repeat.any():
            break
        marks[repeat] = (marks[repeat] + 1) % n_projects
    costs = rng.integers(50, 2_000, n_projects) * 1_000_00  # fen: ¥50,000 – ¥2,000,000
    return Election(
        project_ids=tuple(f"P{i:03d}" for i in range(n_projects)),
        costs=costs,
        budget=int(costs.sum() // 4),
        voter_ptr=voter_ptr,
        project_idx=marks,
        money_decimals=2,
    )


def million() -> None:
    election, build = timed(synthetic)
    print(
        f"\nSynthetic: {election.n_voters:,} approval ballots, {len(election.project_idx):,} "
        f"marks, {election.n_projects} projects (built in {build:.2f}s)"
    )
    for rule in ("greedy", "equalshares"):
        result, seconds = timed(lambda rule=rule: tally(election, rule))  # type: ignore[misc]
        print(f"  Yishi {rule:<12} {seconds:7.3f}s  ({len(result.selected)} funded)")


def main() -> int:
    python = sys.version.split()[0]
    print(f"pabutools {version('pabutools')}, numpy {np.__version__}, Python {python}")
    all_same = all([compare(path) for path in choose_files()])
    million()
    print("\nwinners identical in every file" if all_same else "\nWINNERS DIFFER")
    return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main())
