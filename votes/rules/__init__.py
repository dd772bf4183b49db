"""Tally rules (计票规则): pure functions from an :class:`Election` to a :class:`TallyResult`.

One registry keyed by rule name, as Pabulib names the rules, plus Yishi's own ``yishi``::

    result = tally(election, "equalshares/add1")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from votes.rules import equalshares
from votes.rules import greedy as greedy_rules
from votes.rules import yishi as yishi_rule
from votes.rules.election import Election, Threshold, VoteType
from votes.rules.equalshares import equal_shares, equal_shares_add1, equal_shares_add1u
from votes.rules.greedy import greedy, greedy_no_skip, greedy_threshold
from votes.rules.result import ProjectOutcome, Reason, TallyResult
from votes.rules.yishi import yishi

Rule = Callable[[Election], TallyResult]

RULES: Mapping[str, Rule] = MappingProxyType(
    {
        "greedy": greedy,
        "greedy-no-skip": greedy_no_skip,
        "greedy-threshold": greedy_threshold,
        "equalshares": equal_shares,
        "equalshares/add1": equal_shares_add1,
        "equalshares/add1u": equal_shares_add1u,
        "yishi": yishi,
    }
)


# Each rule's version, as its results record it: a new version may select differently.
VERSIONS: Mapping[str, str] = MappingProxyType(
    {
        "greedy": greedy_rules.VERSION,
        "greedy-no-skip": greedy_rules.VERSION,
        "greedy-threshold": greedy_rules.VERSION,
        "equalshares": equalshares.VERSION,
        "equalshares/add1": equalshares.VERSION,
        "equalshares/add1u": equalshares.VERSION,
        "yishi": yishi_rule.VERSION,
    }
)


class UnknownRule(ValueError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown tally rule {name!r}; known: {', '.join(RULES)}")


def rule_named(name: str) -> Rule:
    try:
        return RULES[name]
    except KeyError:
        raise UnknownRule(name) from None


def tally(election: Election, rule: str) -> TallyResult:
    return rule_named(rule)(election)


__all__ = [
    "RULES",
    "VERSIONS",
    "Election",
    "ProjectOutcome",
    "Reason",
    "Rule",
    "TallyResult",
    "Threshold",
    "UnknownRule",
    "VoteType",
    "rule_named",
    "tally",
]
