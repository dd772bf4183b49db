"""``yishi pb …``: tally Pabulib files from the command line.

yishi pb tally Poland_Warszawa_2026.pb --json
yishi pb tally Netherlands_Assen_2024.pb --rule equalshares
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from votes.pabulib import (
    Disagreement,
    PabulibError,
    PbDocument,
    disagreements,
    limit_breaches,
    read_pb,
)
from votes.rules import RULES, TallyResult, tally
from votes.rules.result import describe_tie_break, format_money

pb = click.Group("pb", help="Pabulib (.pb) 文件：计票、导入、导出")

# Rules that need data a .pb file cannot carry.
NOT_FROM_FILES = {"yishi": "yishi 规则需要村民会议决议和奖补政策，.pb 文件中没有这些数据"}


def _choose_rule(document: PbDocument, requested: str | None) -> str:
    rule = requested or document.rule
    if not rule:
        raise click.UsageError("文件的 META 没有 rule，请用 --rule 指定计票规则")
    if rule in NOT_FROM_FILES:
        raise click.UsageError(NOT_FROM_FILES[rule])
    if rule not in RULES:
        supported = ", ".join(name for name in RULES if name not in NOT_FROM_FILES)
        raise click.UsageError(f"不支持的计票规则 {rule!r}（支持：{supported}）；可用 --rule 指定")
    return rule


def _disagreement_json(item: Disagreement) -> dict[str, Any]:
    return {
        "field": item.field,
        "project_id": item.project_id,
        "stated": item.stated,
        "counted": item.counted,
    }


def result_json(
    document: PbDocument, result: TallyResult, found: list[Disagreement]
) -> dict[str, Any]:
    election = document.election
    projects = []
    for outcome in result.projects:
        line: dict[str, Any] = {
            "project_id": outcome.project_id,
            "cost": outcome.cost,
            "votes": outcome.votes,
            "selected": outcome.selected,
            "code": outcome.reason.value,
            "reason": outcome.explanation,
        }
        if outcome.score is not None:
            line["score"] = outcome.score
        if outcome.remaining is not None:
            line["remaining"] = outcome.remaining
        projects.append(line)
    return {
        "rule": result.rule,
        "rule_version": result.rule_version,
        "file_rule": document.rule,
        "vote_type": str(election.vote_type),
        "voters": election.n_voters,
        "budget": result.budget,
        "spent": result.spent,
        "money_decimals": result.money_decimals,
        "currency": document.meta.get("currency"),
        "selected": list(result.selected),
        "projects": projects,
        "hash": result.input_hash,
        "tie_break": list(result.tie_break),
        "tie_break_text": describe_tie_break(result.tie_break),
        "disagreements": [_disagreement_json(item) for item in found],
        "limit_breaches": [
            {
                "limit": b.limit,
                "allowed": b.allowed,
                "ballots": b.ballots,
                "first_voter_id": b.first_voter_id,
            }
            for b in limit_breaches(document)
        ],
    }


def _print_table(document: PbDocument, result: TallyResult, found: list[Disagreement]) -> None:
    from rich.console import Console
    from rich.table import Table

    money = result.money_decimals
    table = Table(title=f"{document.meta.get('description', '')} — {result.rule}")
    for header in ("项目", "金额", "得票", "积分", "入选", "原因"):
        table.add_column(header)
    for o in sorted(result.projects, key=lambda o: (not o.selected, -(o.score or o.votes))):
        score = "" if o.score is None else str(o.score)
        mark = "✓" if o.selected else ""
        cost = format_money(o.cost, money)
        table.add_row(o.project_id, cost, str(o.votes), score, mark, o.explanation)
    console = Console()
    console.print(table)
    console.print(
        f"预算 {format_money(result.budget, money)}，已分配 {format_money(result.spent, money)}；"
        f"同票规则：{describe_tie_break(result.tie_break)}"
    )
    console.print(f"输入哈希 SHA-256：{result.input_hash}")
    for item in found:
        console.print(f"[yellow]文件与选票不一致：{item}[/yellow]")


@pb.command("tally")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rule", "rule", default=None, help="计票规则（默认取文件 META 中的 rule）")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象")
def tally_command(file: Path, rule: str | None, as_json: bool) -> None:
    """按计票规则统计 FILE.pb 的选票。"""
    try:
        document = read_pb(file)
    except PabulibError as error:
        raise click.ClickException(f"{file}: {error}") from None
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{file}: not UTF-8 text ({error.reason})") from None
    chosen = _choose_rule(document, rule)
    try:
        result = tally(document.election, chosen)
    except ValueError as error:
        raise click.ClickException(f"{file}: {error}") from None
    found = disagreements(document)
    if as_json:
        click.echo(json.dumps(result_json(document, result, found), ensure_ascii=False))
    else:
        _print_table(document, result, found)


if __name__ == "__main__":
    pb()
