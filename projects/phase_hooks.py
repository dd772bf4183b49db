"""What a higher layer does when a process enters a phase, inside the phase change's
transaction (registered from the composition root; projects imports nothing above it).

A hook may hand something over to the staff member who moved the phase, to be shown once
and never stored: the election key's shares when voting opens (votes.sealing.keys).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from core.principal import Principal
from projects.models import Phase, Process


@dataclass(frozen=True)
class HandOver:
    """A page to show once, in the response to the phase change itself."""

    template: str
    context: dict[str, object] = field(default_factory=dict)


Hook = Callable[[Principal | None, Process], Awaitable[HandOver | None]]

_hooks: dict[Phase, list[Hook]] = {}


def on_entering(phase: Phase, hook: Hook) -> None:
    hooks = _hooks.setdefault(phase, [])
    if hook not in hooks:
        hooks.append(hook)


async def entering(actor: Principal | None, process: Process, phase: Phase) -> list[HandOver]:
    handed = []
    for hook in _hooks.get(phase, []):
        given = await hook(actor, process)
        if given is not None:
            handed.append(given)
    return handed
