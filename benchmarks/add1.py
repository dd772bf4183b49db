"""``equalshares/add1``: the plain loop (one Equal Shares run per raise of the share) against
the loop that skips raises below a run's reach, in the same process, on every Pabulib file.

    python benchmarks/add1.py                       # every file that add1 can read
    python benchmarks/add1.py Poland_Warszawa_2026  # some files (name without .pb)

For each file: the runs each loop made, their times, the ratio, and whether both bought the
same projects (they must: the skipping is exact). Exits non-zero if any outcome differs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from votes.pabulib import read_pb
from votes.rules import equalshares
from votes.rules.counting import count
from votes.rules.election import Election, VoteType
from votes.rules.greedy import reject_ineligible
from votes.rules.verdicts import Verdicts

DATA = Path(__file__).resolve().parents[2] / "shared/data/pabulib"


def outcome(election: Election, *, skip: bool) -> tuple[list[int], int, float]:
    """add1's purchases, the Equal Shares runs it made, and the seconds it took."""
    runs = 0
    plain_run = equalshares.EqualSharesRun.run

    def counted(self: equalshares.EqualSharesRun, candidates: list[int]) -> list[int]:
        nonlocal runs
        runs += 1
        return plain_run(self, candidates)

    equalshares.EqualSharesRun.run = counted  # type: ignore[method-assign]
    try:
        started = time.perf_counter()
        verdicts = Verdicts(election, count(election))
        reject_ineligible(verdicts)
        equalshares._fund_free(verdicts)
        chosen = equalshares._mes_outcome(election, verdicts, add1=True, skip=skip)
        return chosen, runs, time.perf_counter() - started
    finally:
        equalshares.EqualSharesRun.run = plain_run  # type: ignore[method-assign]


def main(names: list[str]) -> int:
    paths = [DATA / f"{n}.pb" for n in names] or sorted(DATA.glob("*.pb"))
    print(f"{'file':<58}{'plain':>16}{'skipping':>16}{'ratio':>8}  same")
    worst, same_everywhere = 0.0, True
    for path in paths:
        election = read_pb(path).election
        if election.vote_type is VoteType.ORDINAL:
            continue
        plain, plain_runs, plain_s = outcome(election, skip=False)
        fast, fast_runs, fast_s = outcome(election, skip=True)
        same = plain == fast
        same_everywhere &= same
        worst = max(worst, fast_s)
        print(
            f"{path.stem[:57]:<58}{plain_s:>9.3f}s {plain_runs:>4}r{fast_s:>9.3f}s {fast_runs:>4}r"
            f"{plain_s / fast_s:>7.1f}×  {'yes' if same else 'DIFFERENT'}",
            flush=True,
        )
    print(f"\nslowest add1 with skipping: {worst:.3f} s")
    print("same projects bought in every file" if same_everywhere else "OUTCOMES DIFFER")
    return 0 if same_everywhere else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
