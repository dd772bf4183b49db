"""SHA-256 over a tally's canonical inputs, so anyone can check a result was computed from
the published ballots with the published rule.

The digest covers what decides the outcome (projects, costs, budget, ballots, threshold,
一事一议 terms) plus the rule name and version; descriptive metadata is left out so that
renaming a process does not change its result hash. Ballots enter as little-endian int64
arrays, each prefixed with its length, after a JSON header with sorted keys.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

from projects.meeting import YishiTerms
from votes.rules.election import Election, IntArray, Threshold

HASH_FORMAT = "yishi-tally/1"


def _threshold(threshold: Threshold | None) -> dict[str, Any] | None:
    if threshold is None:
        return None
    share = threshold.min_share
    return {
        "min_score": threshold.min_score,
        "min_share": None if share is None else f"{share.numerator}/{share.denominator}",
    }


def _yishi(terms: YishiTerms | None) -> dict[str, Any] | None:
    if terms is None:
        return None
    policy = terms.policy
    share = policy.min_area_share
    return {
        "policy": {
            "ratio": str(policy.ratio),
            "cap": policy.cap,
            "min_area_share": None if share is None else f"{share.numerator}/{share.denominator}",
        },
        "projects": [
            {
                "area": p.area,
                "requested": p.requested,
                "reviewed_cost": p.reviewed_cost,
                "meeting": None
                if p.meeting is None
                else [
                    str(p.meeting.kind),
                    p.meeting.eligible,
                    p.meeting.present,
                    p.meeting.in_favour,
                ],
            }
            for p in terms.projects
        ],
        "voter_areas": list(terms.voter_areas),
    }


def _header(election: Election, rule: str, version: str) -> bytes:
    header = {
        "format": HASH_FORMAT,
        "rule": rule,
        "rule_version": version,
        "vote_type": str(election.vote_type),
        "budget": election.budget,
        "money_decimals": election.money_decimals,
        "project_ids": list(election.project_ids),
        "costs": [int(c) for c in election.costs],
        "threshold": _threshold(election.threshold),
        "withdrawn": sorted(election.withdrawn),
        "max_ballot_length": election.max_ballot_length,
        "yishi": _yishi(election.yishi),
    }
    return json.dumps(header, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _array_bytes(array: IntArray) -> bytes:
    data = np.ascontiguousarray(array, dtype="<i8").tobytes()
    return len(array).to_bytes(8, "little") + data


def terms_hash(election: Election, rule: str, version: str) -> str:
    """The digest of everything but the ballots: two tallies of a box with equal terms
    hashes and unchanged ballots have equal input hashes."""
    return hashlib.sha256(_header(election, rule, version)).hexdigest()


def input_hash(election: Election, rule: str, version: str) -> str:
    digest = hashlib.sha256(_header(election, rule, version))
    digest.update(b"\0")
    digest.update(_array_bytes(election.voter_ptr))
    digest.update(_array_bytes(election.project_idx))
    if election.points is not None:
        digest.update(_array_bytes(election.points))
    return digest.hexdigest()
