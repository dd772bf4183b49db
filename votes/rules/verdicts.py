"""Collecting each project's verdict while a rule runs, then freezing them into a result."""

from __future__ import annotations

from dataclasses import dataclass, field

from votes.rules.counting import Counts
from votes.rules.election import Election
from votes.rules.fingerprint import input_hash
from votes.rules.result import ProjectOutcome, Reason, TallyResult, format_money


@dataclass
class Verdicts:
    """Mutable while a rule runs; every project must have a verdict before :meth:`result`."""

    election: Election
    counts: Counts
    chosen: list[int] = field(default_factory=list)
    reasons: dict[int, tuple[Reason, str, int | None]] = field(default_factory=dict)
    subsidies: dict[int, int] = field(default_factory=dict)

    def money(self, amount: int) -> str:
        return format_money(amount, self.election.money_decimals, self.election.currency)

    def is_decided(self, project: int) -> bool:
        return project in self.reasons

    def fund(self, project: int, reason: Reason, explanation: str) -> None:
        self.chosen.append(project)
        self.reasons[project] = (reason, explanation, None)

    def reject(
        self, project: int, reason: Reason, explanation: str, remaining: int | None = None
    ) -> None:
        self.reasons[project] = (reason, explanation, remaining)

    def _outcome(self, project: int) -> ProjectOutcome:
        reason, explanation, remaining = self.reasons[project]
        score = self.counts.score
        return ProjectOutcome(
            project_id=self.election.project_ids[project],
            cost=int(self.election.costs[project]),
            votes=int(self.counts.votes[project]),
            score=None if score is None else int(score[project]),
            selected=reason in (Reason.FUNDED, Reason.FUNDED_BY_COMPLETION),
            reason=reason,
            explanation=explanation,
            remaining=remaining,
            subsidy=self.subsidies.get(project),
        )

    def result(self, rule: str, version: str, tie_break: tuple[str, ...]) -> TallyResult:
        missing = [p for p in range(self.election.n_projects) if p not in self.reasons]
        if missing:
            raise AssertionError(f"rule {rule} left projects without a verdict: {missing}")
        if self.subsidies:
            spent = sum(self.subsidies[p] for p in self.chosen)
        else:
            spent = sum(int(self.election.costs[p]) for p in self.chosen)
        ids = self.election.project_ids
        return TallyResult(
            rule=rule,
            rule_version=version,
            budget=self.election.budget,
            spent=spent,
            selected=tuple(ids[p] for p in self.chosen),
            projects=tuple(self._outcome(p) for p in range(self.election.n_projects)),
            tie_break=tie_break,
            input_hash=input_hash(self.election, rule, version),
            money_decimals=self.election.money_decimals,
        )
