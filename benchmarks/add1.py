"""``equalshares/add1``: main's implementation (the baseline, loaded from ``git show``)
against this tree's, in the same process, on every Pabulib file and on synthetic ballots.

    python benchmarks/add1.py                       # every file that add1 can read
    python benchmarks/add1.py Poland_Warszawa_2026  # some files (name without .pb)
    python benchmarks/add1.py --synthetic 100000    # the district tally's ballots only
    python benchmarks/add1.py --baseline-ref HEAD~3 # another baseline than main
    python benchmarks/add1.py --plain               # also the plain loop (every raise, exact)
    python benchmarks/add1.py --one-run Poland_Warszawa_2026  # one float run, best of 15

For each election: each side's Equal Shares runs (exact + certified float; a float run is
counted whenever it decides on, from the start or from the decisions a wider span settled)
and time, the ratio, and whether both bought the same projects (they must). The baseline
loads ``equalshares``, ``budget_classes`` and ``certified_shares`` from the ref. Exits
non-zero if any outcome differs.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from votes.pabulib import read_pb
from votes.rules import certified_shares, equalshares
from votes.rules.certified_shares import CertifiedRun
from votes.rules.counting import count
from votes.rules.election import Election, VoteType, ballots_to_csr
from votes.rules.greedy import reject_ineligible
from votes.rules.verdicts import Verdicts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data/pabulib"


def baseline_module(ref: str) -> ModuleType:
    """``votes/rules/equalshares.py`` as it is at ``ref``, with the budget classes and the
    certified float run of ``ref`` (this tree changed them), imported under other names;
    the other rules modules it imports are this tree's (unchanged)."""
    folder = Path(tempfile.mkdtemp())
    renamed = {
        f"votes.rules.{name}": _load(ref, name, folder, {}).__name__
        for name in ("budget_classes", "certified_shares")
    }
    return _load(ref, "equalshares", folder, renamed)


def _load(ref: str, name: str, folder: Path, renamed: dict[str, str]) -> ModuleType:
    source = subprocess.run(
        ["git", "show", f"{ref}:votes/rules/{name}.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for old, new in renamed.items():
        source = source.replace(f"from {old} import", f"from {new} import")
    path = folder / f"{name}_baseline.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and the imports above look it up there
    spec.loader.exec_module(module)
    return module


@contextmanager
def counting(methods: list[tuple[Any, str]]) -> Iterator[list[int]]:
    """Count calls of each (class, method name) while inside."""
    counts = [0] * len(methods)
    plain = [getattr(cls, name) for cls, name in methods]

    def counted(at: int) -> Callable[..., Any]:
        def method(self: Any, *args: Any) -> Any:
            counts[at] += 1
            return plain[at](self, *args)

        return method

    for at, (cls, name) in enumerate(methods):
        setattr(cls, name, counted(at))
    try:
        yield counts
    finally:
        for (cls, name), method in zip(methods, plain, strict=True):
            setattr(cls, name, method)


def outcome(
    module: ModuleType, election: Election, *, skip: bool = True
) -> tuple[list[int], float]:
    started = time.perf_counter()
    verdicts = Verdicts(election, count(election))
    reject_ineligible(verdicts)
    module._fund_free(verdicts)
    chosen = module._mes_outcome(election, verdicts, add1=True, skip=skip)
    return chosen, time.perf_counter() - started


def synthetic(ballots: int, money_decimals: int, marks: int = 3) -> Election:
    """The ballots of ``benchmarks/tally_district.py``: 24 proposals of ¥300,000 + n fen
    (six per village, four villages), a ¥6,000,000 pool, ``marks`` distinct random picks.
    The app counts in fen with two decimals (add1 raises shares by ¥1); ``money_decimals=0``
    raises them by one fen, a hundred times as many raises."""
    rng = random.Random(2027)
    costs = [30_000_000 + n for _ in range(4) for n in range(6)]
    picks = [rng.sample(range(len(costs)), marks) for _ in range(ballots)]
    voter_ptr, project_idx, _ = ballots_to_csr(picks)
    return Election(
        project_ids=tuple(f"p{i}" for i in range(len(costs))),
        costs=np.array(costs, dtype=np.int64),
        budget=600_000_000,
        voter_ptr=voter_ptr,
        project_idx=project_idx,
        money_decimals=money_decimals,
    )


def compare(name: str, election: Election, baseline: ModuleType, plain: bool) -> tuple[bool, float]:
    old_float_runs = (
        baseline.CertifiedRun,
        "advance" if hasattr(baseline.CertifiedRun, "advance") else "run",
    )
    with counting([(baseline.EqualSharesRun, "run"), old_float_runs]) as old_runs:
        old, old_s = outcome(baseline, election)
    # A float run is counted each time it decides on: from the start, or from the decisions
    # a wider span settled (``advance``).
    float_runs = (certified_shares.CertifiedRun, "advance")
    with counting([(equalshares.EqualSharesRun, "run"), float_runs]) as new_runs:
        new, new_s = outcome(equalshares, election)
    same = old == new
    line = (
        f"{name[:50]:<51}{old_s:>8.3f}s {old_runs[0]:>4}+{old_runs[1]:<5}r {new_s:>8.3f}s "
        f"{new_runs[0]:>4}+{new_runs[1]:<5}r{old_s / new_s:>7.1f}×  "
        f"{'yes' if same else 'DIFFERENT'}"
    )
    if plain:
        reference, plain_s = outcome(equalshares, election, skip=False)
        same &= reference == new
        line += f"  plain loop {plain_s:.3f}s {'same' if reference == new else 'DIFFERENT'}"
    print(line, flush=True)
    return same, new_s


def one_run(name: str, election: Election, baseline: ModuleType, repeat: int = 15) -> None:
    """One certified float run (at the first share, and over a span of 64 raises), the
    baseline's and this tree's taken in turn, best of ``repeat``: the cost of a run's
    decisions without add1's search around it. They must buy alike."""
    verdicts = Verdicts(election, count(election))
    reject_ineligible(verdicts)
    equalshares._fund_free(verdicts)
    supporters = equalshares.Supporters.of(election)
    candidates, tie_rank = equalshares._candidates(verdicts), equalshares._tie_rank(verdicts)
    share = Fraction(election.budget, election.n_voters)
    line = f"{name[:36]:<37}"
    for span in (0, 64 * 10**election.money_decimals):
        best = {"old": math.inf, "new": math.inf}
        bought: dict[str, Any] = {}
        for _ in range(repeat):
            for side, run_class in (("old", baseline.CertifiedRun), ("new", CertifiedRun)):
                started = time.perf_counter()
                run = run_class(supporters, election.costs, share, tie_rank, span)
                settled = run.run(candidates)
                best[side] = min(best[side], time.perf_counter() - started)
                bought[side] = (settled, list(run.chosen))
        same = "" if bought["old"] == bought["new"] else " DIFFERENT"
        line += f"  span {span:>5}: {best['old'] * 1e3:6.2f} -> {best['new'] * 1e3:6.2f} ms{same}"
    print(line, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="Pabulib files, without .pb")
    parser.add_argument("--synthetic", type=int, metavar="BALLOTS", help="synthetic ballots only")
    parser.add_argument("--baseline-ref", default="main", help="git ref of the baseline")
    parser.add_argument("--plain", action="store_true", help="also run the plain exact loop")
    parser.add_argument("--one-run", action="store_true", help="one float run, best of 15")
    args = parser.parse_args()
    baseline = baseline_module(args.baseline_ref)
    if args.one_run:
        for path in [DATA / f"{n}.pb" for n in args.names]:
            one_run(path.stem, read_pb(path).election, baseline)
        return 0
    print(
        f"{'election':<51}{'baseline (' + args.baseline_ref + ', exact+float)':>22}"
        f"{'this tree (exact+float)':>26}{'ratio':>7}  same"
    )
    elections: list[tuple[str, Callable[[], Election]]]
    if args.synthetic:
        n = args.synthetic
        elections = [
            (f"synthetic {n:,} ballots, ¥1 raises (the app)", lambda: synthetic(n, 2)),
            (f"synthetic {n:,} ballots, 1-fen raises", lambda: synthetic(n, 0)),
        ]
    else:
        paths = [DATA / f"{n}.pb" for n in args.names] or sorted(DATA.glob("*.pb"))
        elections = [(p.stem, lambda p=p: read_pb(p).election) for p in paths]
    worst, same_everywhere = 0.0, True
    for name, load in elections:
        election = load()
        if election.vote_type is VoteType.ORDINAL:
            continue
        same, seconds = compare(name, election, baseline, args.plain)
        same_everywhere &= same
        worst = max(worst, seconds)
    print(f"\nslowest add1 in this tree: {worst:.3f} s")
    print("same projects bought in every election" if same_everywhere else "OUTCOMES DIFFER")
    return 0 if same_everywhere else 1


if __name__ == "__main__":
    sys.exit(main())
