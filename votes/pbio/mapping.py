"""Pabulib ↔ Yishi, the pure half: what a ``.pb`` file means as a process and back.

No database here. :func:`plan_import` turns a parsed file into the columns of a process and
its proposals plus notes on what Yishi could not represent; :func:`mark_values` gives each
mark its stored value; :func:`export_meta` writes a process's settings as Pabulib META.

Money: Pabulib amounts are whole currency units (decimals allowed), Yishi's are integer fen,
so fen = units × 100, computed on integers, never floats. A file with amounts finer than a
hundredth is refused rather than rounded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from core import settings
from core.i18n import gettext as _
from core.refusals import Refused
from projects.models import Category, Process, TallyRule, VotingMethod
from projects.validation import RULES_FOR_METHOD
from votes.pabulib import PbDocument
from votes.rules.election import Election, IntArray, VoteType

FEN_PER_UNIT = 100
TITLE_MAX = 60  # Proposal.title
SUMMARY_MAX = 200  # Proposal.summary
NAME_MAX = 100  # Process.name
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")

VOTE_TYPE_OF_METHOD = {
    VotingMethod.APPROVAL: VoteType.APPROVAL,
    VotingMethod.KNAPSACK: VoteType.APPROVAL,
    VotingMethod.CUMULATIVE: VoteType.CUMULATIVE,
    VotingMethod.RANKED: VoteType.ORDINAL,
    VotingMethod.CHOOSE_ONE: VoteType.CHOOSE_1,
}

# Pabulib's free-text categories that plainly mean one of Yishi's; the rest become "other".
CATEGORIES = {
    "roads": Category.ROAD,
    "public transit and roads": Category.ROAD,
    "public transit": Category.ROAD,
    "walking/cycling infrastructure": Category.ROAD,
    "education": Category.EDUCATION,
    "education and science": Category.EDUCATION,
    "culture": Category.CULTURE,
    "sport": Category.CULTURE,
    "sport and recreation": Category.CULTURE,
    "sportactiviteiten": Category.CULTURE,
    "déchets et recyclage": Category.SANITATION,
    "lighting": Category.LIGHTING,
    "water": Category.WATER,
}

# META keys a process holds (or that only describe the file); any other key is a rule or
# constraint Yishi does not represent, and the import says so.
UNDERSTOOD_META = frozenset(
    {
        "description",
        "country",
        "unit",
        "instance",
        "district",
        "subunit",
        "subdistricts",
        "num_projects",
        "num_votes",
        "budget",
        "vote_type",
        "rule",
        "date_begin",
        "date_end",
        "min_length",
        "max_length",
        "max_sum_points",
        "max_points",
        "min_project_score_threshold",
        "language",
        "currency",
        "edition",
        "comment",
    }
)


class ImportRefused(Refused):
    """The file cannot become a Yishi process; the message says why, in Chinese."""


# ---------------------------------------------------------------- money


def to_fen(amount: int, decimals: int) -> int:
    """An amount in units of 10**-decimals of the currency, as whole fen (exactly)."""
    fen, rest = divmod(amount * FEN_PER_UNIT, 10**decimals)
    if rest:
        raise ImportRefused(
            _("金额精确到分以下（{amount}），无法按分存储").format(
                amount=_units_text(amount, decimals)
            )
        )
    return fen


def _units_text(amount: int, decimals: int) -> str:
    whole, part = divmod(amount, 10**decimals)
    return f"{whole}.{part:0{decimals}d}" if decimals else str(whole)


def fen_text(fen: int) -> str:
    """Fen as Pabulib money: whole units where possible (1234), else two decimals (12.34)."""
    if fen % FEN_PER_UNIT == 0:
        return str(fen // FEN_PER_UNIT)
    return _units_text(fen, 2)


# ---------------------------------------------------------------- receipts and voter keys


def receipt_token(process_id: int, voter_id: str) -> str:
    """The deterministic receipt of an imported voter: ``pabulib:<process id>:<voter id>``.

    Its SHA-256 is the ballot's ``receipt_hash`` and the ``voter_id`` of the exported file,
    so whoever knows a voter id of the original file can find that ballot in the export.
    """
    return f"pabulib:{process_id}:{voter_id}"


def receipt_hash_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _voter_secret() -> bytes:
    secret = str(settings.SECRET_KEY).encode()
    # A label of its own: an imported voter's key can never equal a roster voter's key.
    return hmac.new(secret, b"yishi pabulib voter key", hashlib.sha256).digest()


def voter_keys(box_id: int, voter_ids: Sequence[str]) -> list[str]:
    """Keyed hashes of (box, file voter id): one ballot per file voter, by the unique key."""
    secret = _voter_secret()
    return [
        hmac.new(secret, f"box:{box_id}:pabulib:{voter}".encode(), hashlib.sha256).hexdigest()
        for voter in voter_ids
    ]


# ---------------------------------------------------------------- marks


def mark_values(election: Election) -> IntArray:
    """What each mark stores: 1 (approval, choose-1), points (cumulative), rank (ordinal)."""
    if election.points is not None:
        return election.points
    if election.vote_type is VoteType.ORDINAL:
        return election.position_of_mark() + 1
    return np.ones(len(election.project_idx), dtype=np.int64)


# ---------------------------------------------------------------- import plan


@dataclass(frozen=True)
class ProposalPlan:
    """One project of the file as a proposal's columns (money in fen)."""

    file_id: str
    title: str
    summary: str
    body: str
    category: Category
    cost_fen: int
    withdrawn: bool


@dataclass(frozen=True)
class ImportPlan:
    process: dict[str, Any]  # Process columns except area and phase
    proposals: tuple[ProposalPlan, ...]
    cast_on: dt.date | None
    notes: tuple[str, ...] = field(default_factory=tuple)


def plan_import(document: PbDocument, source: str) -> ImportPlan:
    """The process and proposals a file becomes, and notes on what could not be kept."""
    election = document.election
    meta = document.meta
    notes: list[str] = []
    method = _method(document)
    rule = _rule(meta.get("rule", ""), method, notes)
    limits = _limits(document, method, notes)
    if document.repeats is not None:
        notes.append(
            _("{n} 张选票重复填写了同一项目，每项只计一次（第一张：选民 {voter}）").format(
                n=document.repeats.ballots, voter=document.repeats.first_voter_id
            )
        )
    unknown = sorted(set(meta) - UNDERSTOOD_META - _knapsack_keys(document, method))
    if unknown:
        notes.append(
            _("文件中以下规则或约束未在议事中体现：{keys}").format(keys="，".join(unknown))
        )
    decimals = election.money_decimals
    threshold = election.threshold.min_score if election.threshold else None
    process: dict[str, Any] = {
        "name": _process_name(meta),
        "budget_fen": to_fen(election.budget, decimals),
        "voting_method": method,
        "tally_rule": rule,
        "vote_threshold": threshold or 0,
        "subsidy_ratio": 1,
        "subsidy_cap_fen": None,
        "voting_start": _date(meta.get("date_begin")),
        "voting_end": _date(meta.get("date_end")),
        **limits,
    }
    process["description"] = _description(meta, source, notes)
    proposals = tuple(_proposal(document, at) for at in range(election.n_projects))
    return ImportPlan(
        process=process,
        proposals=proposals,
        cast_on=_date(meta.get("date_end")),
        notes=tuple(notes),
    )


def _method(document: PbDocument) -> VotingMethod:
    vote_type = document.election.vote_type
    if vote_type is VoteType.SCORING:
        raise ImportRefused(_("议事不支持 scoring（评分）类型的选票"))
    if vote_type is VoteType.APPROVAL:
        return (
            VotingMethod.KNAPSACK
            if _knapsack_keys(document, VotingMethod.KNAPSACK)
            else VotingMethod.APPROVAL
        )
    return {
        VoteType.CUMULATIVE: VotingMethod.CUMULATIVE,
        VoteType.ORDINAL: VotingMethod.RANKED,
        VoteType.CHOOSE_1: VotingMethod.CHOOSE_ONE,
    }[vote_type]


def _knapsack_keys(document: PbDocument, method: VotingMethod) -> set[str]:
    """A ballot cost limit equal to the budget is Yishi's knapsack ballot."""
    if method != VotingMethod.KNAPSACK or document.election.vote_type is not VoteType.APPROVAL:
        return set()
    limit = document.meta.get("max_sum_cost", "")
    return {"max_sum_cost"} if limit and _same_number(limit, document.meta["budget"]) else set()


def _same_number(a: str, b: str) -> bool:
    try:
        return Decimal(a.replace(",", ".")) == Decimal(b.replace(",", "."))
    except InvalidOperation:
        return False


def _rule(name: str, method: VotingMethod, notes: list[str]) -> TallyRule:
    known = {rule.value: rule for rule in TallyRule if rule != TallyRule.YISHI}
    rule = known.get(name)
    if rule is not None and rule in RULES_FOR_METHOD[method]:
        return rule
    notes.append(_("文件的计票规则 {rule} 议事不支持，改用 greedy").format(rule=name or "—"))
    return TallyRule.GREEDY


def _meta_int(meta: Mapping[str, str], key: str) -> int:
    try:
        value = Decimal(meta.get(key, "").replace(",", "."))
    except InvalidOperation:
        return 0
    return int(value) if value.is_finite() and value == value.to_integral_value() else 0


def _limits(document: PbDocument, method: VotingMethod, notes: list[str]) -> dict[str, int]:
    meta = document.meta
    election = document.election
    limits = {
        "min_picks": _meta_int(meta, "min_length"),
        "max_picks": _meta_int(meta, "max_length"),
    }
    lengths = election.ballot_lengths()
    longest = int(lengths.max()) if len(lengths) else 0
    if method == VotingMethod.RANKED and limits["max_picks"] <= 0:
        limits["max_picks"] = max(longest, 1)
        notes.append(
            _("文件没有 max_length，排序投票按最长选票取 {n} 项").format(n=limits["max_picks"])
        )
    if method == VotingMethod.CUMULATIVE:
        total = _meta_int(meta, "max_sum_points")
        if total <= 0:
            voter = election.voter_of_mark()
            assert election.points is not None
            sums = np.bincount(voter, weights=election.points, minlength=election.n_voters)
            total = max(int(sums.max()) if len(sums) else 0, 1)
            notes.append(_("文件没有 max_sum_points，总点数按选票最多取 {n}").format(n=total))
        limits["points_total"] = total
        limits["points_per_project"] = min(_meta_int(meta, "max_points"), total)
    return limits


def _process_name(meta: Mapping[str, str]) -> str:
    name = meta.get("description") or meta.get("unit") or "Pabulib"
    instance = meta.get("instance", "")
    if instance and instance not in name:
        name = f"{name} {instance}"
    return _clip(name, NAME_MAX)


def _description(meta: Mapping[str, str], source: str, notes: list[str]) -> str:
    lines = [
        meta.get("description", ""),
        _(
            "导入自 Pabulib 文件 {file}（{place}；货币 {currency}，金额按 1 单位 = 100 分存储）"
        ).format(
            file=source,
            currency=meta.get("currency") or "—",
            place="，".join(
                v for k in ("country", "unit", "district", "instance") if (v := meta.get(k, ""))
            ),
        ),
    ]
    lines += notes
    if meta.get("comment"):
        lines.append(meta["comment"])
    return "\n".join(line for line in lines if line)


def _date(text: str | None) -> dt.date | None:
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime((text or "").strip(), form).date()
        except ValueError:
            continue
    return None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def category_of(cell: str) -> Category:
    """The one Yishi category a Pabulib category list plainly means, else other."""
    parts = (part.strip().lower() for part in cell.split(","))
    found = {CATEGORIES[part] for part in parts if part in CATEGORIES}
    return found.pop() if len(found) == 1 else Category.OTHER


def _proposal(document: PbDocument, at: int) -> ProposalPlan:
    election = document.election
    pid = election.project_ids[at]
    row = dict(zip(document.project_columns, document.project_rows[at], strict=True))
    name = row.get("name") or f"Pabulib {pid}"
    withdrawn = pid in election.withdrawn
    body = _("Pabulib 项目编号：{pid}").format(pid=pid)
    if withdrawn:
        body += "\n" + _("文件标明该项目在投票后撤回（金额 999999999）")
    if row.get("description"):
        body += "\n" + row["description"]
    return ProposalPlan(
        file_id=pid,
        title=_clip(name, TITLE_MAX),
        summary=_clip(name, SUMMARY_MAX),
        body=body,
        category=category_of(row.get("category", "")),
        cost_fen=to_fen(int(election.costs[at]), election.money_decimals),
        withdrawn=withdrawn,
    )


# ---------------------------------------------------------------- export META


def export_meta(
    process: Process, *, unit: str, subunit: str | None, budget_fen: int
) -> dict[str, str]:
    """The process's settings as Pabulib META keys (counts and budget come with the ballots)."""
    meta = {
        "description": (process.description.strip().splitlines() or [process.name])[0][:200],
        "country": "China",
        "unit": unit,
    }
    if subunit:
        meta["subunit"] = subunit
    meta["instance"] = process.name
    meta["rule"] = process.tally_rule.value
    for key, day in (("date_begin", process.voting_start), ("date_end", process.voting_end)):
        if day is not None:
            meta[key] = day.strftime("%d.%m.%Y")
    meta |= _export_limits(process, budget_fen)
    meta["language"] = "zh"
    meta["currency"] = "CNY"
    return meta


def _export_limits(process: Process, budget_fen: int) -> dict[str, str]:
    method = process.voting_method
    found: dict[str, str] = {}
    if process.min_picks:
        found["min_length"] = str(process.min_picks)
    if process.max_picks:
        found["max_length"] = str(process.max_picks)
    if method == VotingMethod.CHOOSE_ONE:
        found["min_length"] = found["max_length"] = "1"
    if method == VotingMethod.KNAPSACK:
        found["max_sum_cost"] = fen_text(budget_fen)
        if process.knapsack_min_share:
            found["min_sum_cost"] = fen_text(budget_fen * process.knapsack_min_share // 100)
    if method == VotingMethod.CUMULATIVE:
        found["max_sum_points"] = str(process.points_total)
        if process.points_per_project:
            found["max_points"] = str(process.points_per_project)
    return found


def export_comments(process: Process, *, whole_units: bool) -> list[str]:
    """Facts a Pabulib reader needs that have no META key of their own (English, as Pabulib)."""
    found = []
    if not whole_units:
        found.append("Amounts are in yuan (CNY) with two decimals: some are not whole yuan.")
    if process.tally_rule == TallyRule.GREEDY_THRESHOLD and process.vote_threshold_is_share:
        found.append(
            f"A project needs the votes of at least {process.vote_threshold}% of the "
            "voters (greedy-threshold)."
        )
    if process.tally_rule == TallyRule.YISHI:
        found.append(
            "Rule yishi (一事一议): a project also needs a valid village-meeting "
            "decision. Costs are the subsidies under the process's policy."
        )
    found.append("Voter ids are receipt hashes: SHA-256 of the voter's receipt code.")
    return found
