"""Yishi's tally against pabutools, the research reference, in the same run.

    python benchmarks/tally.py

For the largest Pabulib file (Warsaw 2026) and two other large ones, both libraries parse
the file, run greedy and the Method of Equal Shares, and must pick identical winners.

End to end, process start included, like for like: one process each side doing the same
work. pabutools runs in a fresh interpreter that imports it, parses the file and runs both
rules; Yishi runs as the command a user types, ``yishi pb tally FILE --rule
greedy,equalshares --json`` (one process: start, parse once, both rules, JSON out). The two
run interleaved (the machine is shared and noisy: both sides see the same minutes), after
one untimed warm-up of each that leaves the file and the modules' compiled bytecode cached
as on any installed system (``PYTHONDONTWRITEBYTECODE`` is dropped for the
child processes: pip compiled pabutools' bytecode when it installed it). The ratio per file
is pabutools' median wall time (three runs) over Yishi's (six runs, one just before and one
just after each pabutools run); the minimum over the files is printed last.
In-process step times (parse, greedy, Equal Shares) are printed for both as well. Then Yishi
alone tallies a million synthetic approval ballots.

Both sides tally the same plain election: pabutools knows no vote threshold, so both read a
copy of the file without its threshold line, and pabutools is given the tie-break Yishi
publishes (file order for greedy; more votes, lower cost, file order for Equal Shares) so
that ties cannot differ.
"""

from __future__ import annotations

import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from votes.pabulib import THRESHOLD_KEY, read_pb
from votes.rules import Election, tally

DATA = Path(__file__).resolve().parents[2] / "shared/data/pabulib"
YISHI = Path(sys.executable).parent / "yishi"
RULES = ("greedy", "equalshares")
REPEATS = 3
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


def without_threshold(path: Path, folder: Path) -> Path:
    """A copy of the file without its threshold line (pabutools has no threshold)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"{THRESHOLD_KEY};")]
    copy = folder / path.name
    copy.write_text("".join(kept), encoding="utf-8")
    return copy


PABUTOOLS_PROCESS = """
import json, sys, time
started = time.perf_counter()
from pabutools.election import Additive_Cardinal_Sat, Cost_Sat, parse_pabulib
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule
imported = time.perf_counter()
path, ties = sys.argv[1], json.loads(sys.argv[2])
order, votes, costs = ties["order"], ties["votes"], ties["costs"]
instance, profile = parse_pabulib(path)
parsed = time.perf_counter()
file_order = TieBreakingRule(lambda _i, _p, project: order[project.name])
mes_order = TieBreakingRule(lambda _i, _p, p: (-votes[p.name], costs[p.name], order[p.name]))
sat = Cost_Sat if ties["approval_like"] else Additive_Cardinal_Sat
greedy = greedy_utilitarian_welfare(instance, profile, sat_class=sat, tie_breaking=file_order)
greedy_done = time.perf_counter()
mes = method_of_equal_shares(instance, profile, sat_class=sat, tie_breaking=mes_order)
done = time.perf_counter()
print(json.dumps({
    "winners": {"greedy": sorted(p.name for p in greedy),
                "equalshares": sorted(p.name for p in mes)},
    "import": imported - started, "parse": parsed - imported,
    "greedy": greedy_done - parsed, "equalshares": done - greedy_done,
}))
"""


def pabutools_command(path: Path, election: Election) -> list[str]:
    ties = {
        "order": {pid: i for i, pid in enumerate(election.project_ids)},
        "votes": dict(
            zip(
                election.project_ids,
                np.bincount(election.project_idx, minlength=election.n_projects).tolist(),
                strict=True,
            )
        ),
        "costs": dict(zip(election.project_ids, election.costs.tolist(), strict=True)),
        "approval_like": election.points is None,
    }
    return [sys.executable, "-c", PABUTOOLS_PROCESS, str(path), json.dumps(ties)]


def yishi_command(path: Path) -> list[str]:
    return [str(YISHI), "pb", "tally", str(path), "--rule", ",".join(RULES), "--json"]


# Children cache their compiled bytecode, as an installed program's modules are.
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str]) -> tuple[dict[str, Any], float]:
    """One process from start to exit: its JSON output and its wall time."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=CHILD_ENV)
    return json.loads(done.stdout), time.perf_counter() - started


def yishi_winners(payload: dict[str, Any]) -> dict[str, set[str]]:
    return {result["rule"]: set(result["selected"]) for result in payload["results"]}


def end_to_end(
    path: Path, election: Election
) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, Any], list[float], list[float]]:
    """Both processes interleaved after a warm-up of each: REPEATS pabutools runs, each
    with a Yishi run just before and just after it (a Yishi run is short, so a load spike
    on the shared machine hits one run hard; two around each pabutools run see the same
    minutes it did). Their winners, pabutools' step times (its first run), the walls."""
    theirs_command, ours_command = pabutools_command(path, election), yishi_command(path)
    subprocess.run([sys.executable, "-c", "import pabutools.rules"], check=True, env=CHILD_ENV)
    payload, _ = run(ours_command)
    their_walls, our_walls, their_steps = [], [], {}
    for _ in range(REPEATS):
        _, before = run(ours_command)
        report, wall = run(theirs_command)
        _, after = run(ours_command)
        their_walls.append(wall)
        our_walls += [before, after]
        their_steps = their_steps or report
    theirs = {rule: set(their_steps["winners"][rule]) for rule in RULES}
    return theirs, yishi_winners(payload), their_steps, their_walls, our_walls


def compare(path: Path, folder: Path) -> tuple[float, bool]:
    """Both sides on the threshold-free copy; returns the end-to-end ratio and whether all
    winners were identical."""
    copy = without_threshold(path, folder)
    election = read_pb(copy).election
    print(
        f"\n{path.name}: {election.n_voters:,} ballots, {election.n_projects} projects, "
        f"{len(election.project_idx):,} marks, {election.vote_type} "
        f"(load average {os.getloadavg()[0]:.1f})"
    )
    inside, our_steps = yishi_run(copy)
    theirs, ours, their_steps, their_walls, our_walls = end_to_end(copy, election)
    print(f"  {'in process':<12}{'pabutools':>12}{'Yishi':>12}{'ratio':>10}")
    for step in ("parse", "greedy", "equalshares"):
        a, b = their_steps[step], our_steps[step]
        print(f"  {step:<12}{a:>11.3f}s{b:>11.3f}s{a / b:>9.0f}×")
    their_wall, our_wall = statistics.median(their_walls), statistics.median(our_walls)
    ratio = their_wall / our_wall
    print(
        f"  end to end, one process each (medians, interleaved): pabutools "
        f"{their_wall:.2f}s (of which import {their_steps['import']:.2f}s; runs "
        f"{', '.join(f'{w:.2f}' for w in their_walls)}); yishi pb tally --rule "
        f"{','.join(RULES)} {our_wall:.3f}s (runs {', '.join(f'{w:.3f}' for w in our_walls)}); "
        f"ratio {ratio:.0f}×"
    )
    same = True
    for rule in RULES:
        agree = ours[rule] == theirs[rule] == inside[rule]
        same &= agree
        verdict = "identical" if agree else "DIFFERENT"
        print(f"  winners {rule:<12} {verdict} ({len(theirs[rule])} projects)")
    return ratio, same


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
    ratios: dict[str, float] = {}
    all_same = True
    with tempfile.TemporaryDirectory() as folder:
        for path in choose_files():
            ratios[path.stem], same = compare(path, Path(folder))
            all_same &= same
    million()
    print("\nend to end, pabutools process / yishi pb tally process (same work, start included):")
    for name, ratio in ratios.items():
        print(f"  {name:<40}{ratio:>6.0f}×")
    print(f"  minimum{min(ratios.values()):>39.0f}×")
    print("\nwinners identical in every file" if all_same else "\nWINNERS DIFFER")
    return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main())
