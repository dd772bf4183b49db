"""Where later stages of the budget year plug into projects without projects importing them.

- Phase checks: a rule owned by a higher package that a phase change must obey (no 立项
  before every objection is answered; no closing before every funded project has passed
  acceptance). Its package owns the rule; the process's phase machine asks it.
- Entering a phase: what a higher package does inside the phase change's transaction. It
  may hand something over to the staff member who moved the phase, shown once and never
  stored: the election key's shares when voting opens (``votes.sealing.keys``).
- The proposal's story: what happened to a proposal after the vote (award, milestones,
  spend), told on the proposal's page by the package that knows it.
- Turnout so far: who voted and how many ballots are in the box, counted by the package
  that holds the ballots, shown on the confirmation page of a phase change.

The composition root (``app.wiring``) registers them all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from core.principal import Principal
from projects.models import Phase, Process, Proposal


@dataclass(frozen=True)
class HandOver:
    """A page to show once, in the response to the phase change itself."""

    template: str
    context: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Turnout:
    """How a process's vote stands: people who voted (online or on paper), people on the
    rosters of its area, and ballots in its boxes (sealed or counted)."""

    voters: int
    roster: int
    ballots: int

    @property
    def share(self) -> float | None:
        return self.voters / self.roster if self.roster else None


PhaseCheck = Callable[[Process], Awaitable[str | None]]
EnteringHook = Callable[[Principal | None, Process], Awaitable[HandOver | None]]
StoryTeller = Callable[[Proposal, Process], Awaitable[dict[str, Any]]]
TurnoutCounter = Callable[[Process], Awaitable[Turnout]]

_phase_checks: defaultdict[Phase, list[PhaseCheck]] = defaultdict(list)
_entering: defaultdict[Phase, list[EnteringHook]] = defaultdict(list)
_story_tellers: list[StoryTeller] = []
_turnout: list[TurnoutCounter] = []


def on_phase(to: Phase, check: PhaseCheck) -> None:
    """`check` answers why `process` may not enter `to` (or None); registered once."""
    if check not in _phase_checks[to]:
        _phase_checks[to].append(check)


async def phase_refusal(process: Process, to: Phase) -> str | None:
    for check in _phase_checks[to]:
        refusal = await check(process)
        if refusal:
            return refusal
    return None


def on_entering(phase: Phase, hook: EnteringHook) -> None:
    if hook not in _entering[phase]:
        _entering[phase].append(hook)


async def entering(actor: Principal | None, process: Process, phase: Phase) -> list[HandOver]:
    """Run the hooks of `phase` for `process`; what they hand over, in order."""
    handed = []
    for hook in _entering[phase]:
        given = await hook(actor, process)
        if given is not None:
            handed.append(given)
    return handed


def on_story(teller: StoryTeller) -> None:
    if teller not in _story_tellers:
        _story_tellers.append(teller)


async def story_context(proposal: Proposal, process: Process) -> dict[str, Any]:
    """Template context for the proposal page from every registered storyteller."""
    context: dict[str, Any] = {}
    for teller in _story_tellers:
        context.update(await teller(proposal, process))
    return context


def on_turnout(counter: TurnoutCounter) -> None:
    """The one counter of a process's turnout (the package that holds the ballots)."""
    _turnout[:] = [counter]


async def turnout_of(process: Process) -> Turnout | None:
    return await _turnout[0](process) if _turnout else None
