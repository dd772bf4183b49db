"""``yishi pb …``: tally Pabulib files, and move them in and out of the database.

yishi pb tally Poland_Warszawa_2026.pb --json
yishi pb tally Netherlands_Assen_2024.pb --rule equalshares
yishi pb tally Poland_Warszawa_2026.pb --rule greedy,equalshares --json   # one read, two rules
yishi pb import Poland_Warszawa_2026.pb [--area 370104000000]
yishi pb export 12 > ballots.pb
"""

from __future__ import annotations

import json
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from votes.pabulib import (
    N_,
    Disagreement,
    LimitBreach,
    PabulibError,
    PbDocument,
    disagreements,
    dumps_pb,
    limit_breaches,
    read_pb,
)
from votes.rules import RULES, TallyResult, tally
from votes.rules.result import describe_tie_break, format_money

if TYPE_CHECKING:
    from votes.pbio.importing import ImportReport

# Imports here stay light (numpy and the rules): ``yishi pb tally`` of a file never pays for
# the database, Starlette or pandas, which the import and export commands load when they run.
T = TypeVar("T")


def _(message: str) -> str:
    """What a pb command prints, in the language YISHI_LOCALE names (Chinese when unset).
    core is imported here, when a message is shown: a tally that succeeds never loads it,
    nor the catalogue. The current locale is left alone: what an import writes into the
    database (votes.pbio) stays in the default language, as all shared data does."""
    from core.i18n import command_text

    return command_text(message)


def _run(work: Coroutine[Any, Any, T]) -> T:
    import asyncio  # only commands that use the database need an event loop

    return asyncio.run(work)


def _area_code(ctx: object, param: object, value: str | None) -> str | None:
    from core.areas.importer import area_code_option

    return area_code_option(ctx, param, value)


pb = click.Group("pb", help="Pabulib (.pb) 文件：计票、导入、导出")

# Rules that need data a .pb file cannot carry.
NOT_FROM_FILES = {"yishi": N_("yishi 规则需要村民会议决议和奖补政策，.pb 文件中没有这些数据")}


def _choose_rule(document: PbDocument, requested: str | None) -> str:
    rule = requested or document.rule
    if not rule:
        raise click.UsageError(_("文件的 META 没有 rule，请用 --rule 指定计票规则"))
    if rule in NOT_FROM_FILES:
        raise click.UsageError(_(NOT_FROM_FILES[rule]))
    if rule not in RULES:
        supported = ", ".join(name for name in RULES if name not in NOT_FROM_FILES)
        message = _("不支持的计票规则 {rule!r}（支持：{supported}）；可用 --rule 指定")
        raise click.UsageError(message.format(rule=rule, supported=supported))
    return rule


def _disagreement_json(item: Disagreement) -> dict[str, Any]:
    return {
        "field": item.field,
        "project_id": item.project_id,
        "stated": item.stated,
        "counted": item.counted,
    }


def _warnings_json(document: PbDocument) -> list[dict[str, Any]]:
    """What the file held that the tally read leniently rather than refusing the file."""
    repeats = document.repeats
    if repeats is None:
        return []
    return [
        {
            "code": "repeated_project",
            "ballots": repeats.ballots,
            "marks": repeats.marks,
            "first_voter_id": repeats.first_voter_id,
            "message": str(repeats),
        }
    ]


def result_json(
    document: PbDocument,
    result: TallyResult,
    found: list[Disagreement],
    breaches: list[LimitBreach] | None = None,
) -> dict[str, Any]:
    """One rule's result, as ``yishi pb tally --json`` prints it."""
    election = document.election
    if breaches is None:
        breaches = limit_breaches(document)
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
        "warnings": _warnings_json(document),
        "limit_breaches": [
            {
                "limit": b.limit,
                "allowed": b.allowed,
                "ballots": b.ballots,
                "first_voter_id": b.first_voter_id,
            }
            for b in breaches
        ],
    }


def tally_json(
    document: PbDocument, results: list[TallyResult], found: list[Disagreement]
) -> dict[str, Any]:
    """One rule: its result object, as always. Several: ``{"rules": […], "results": […]}``,
    each result the same object one rule alone would print."""
    breaches = limit_breaches(document)
    if len(results) == 1:
        return result_json(document, results[0], found, breaches)
    return {
        "rules": [result.rule for result in results],
        "results": [result_json(document, result, found, breaches) for result in results],
    }


def _print_table(document: PbDocument, result: TallyResult) -> None:
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


def _print_notes(document: PbDocument, found: list[Disagreement]) -> None:
    from rich.console import Console

    console = Console()
    for item in found:
        console.print(f"[yellow]文件与选票不一致：{item}[/yellow]")
    if document.repeats is not None:
        repeats = document.repeats
        console.print(
            f"[yellow]{repeats.ballots} 张选票重复填写了同一项目，每项只计一次"
            f"（共去掉 {repeats.marks} 个重复选项；第一张：{repeats.first_voter_id}）[/yellow]"
        )


def _read_file(file: Path) -> PbDocument:
    try:
        return read_pb(file)
    except PabulibError as error:
        raise click.ClickException(f"{file}: {error.translated(_)}") from None
    except UnicodeDecodeError as error:
        message = _("不是 UTF-8 文本（{reason}）").format(reason=error.reason)
        raise click.ClickException(f"{file}: {message}") from None


def _rules_asked(requested: tuple[str, ...]) -> list[str | None]:
    """``--rule a --rule b`` and ``--rule a,b`` alike, each rule once, in the order given;
    [None] (the file's own rule) when none is asked for."""
    names = [name.strip() for value in requested for name in value.split(",")]
    return list(dict.fromkeys(name for name in names if name)) or [None]


@pb.command("tally")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--rule",
    "rules",
    multiple=True,
    help="计票规则（默认取文件 META 中的 rule）；可重复或用逗号分隔，读一次文件算几种规则",
)
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象")
def tally_command(file: Path, rules: tuple[str, ...], as_json: bool) -> None:
    """按计票规则统计 FILE.pb 的选票。"""
    document = _read_file(file)
    chosen = [_choose_rule(document, rule) for rule in _rules_asked(rules)]
    results = []
    for rule in chosen:
        try:
            results.append(tally(document.election, rule))
        except ValueError as error:
            raise click.ClickException(f"{file}: {error}") from None
    found = disagreements(document)
    if as_json:
        click.echo(json.dumps(tally_json(document, results, found), ensure_ascii=False))
        return
    for result in results:
        _print_table(document, result)
    _print_notes(document, found)


# ---------------------------------------------------------------- import / export


SHOWN_DISAGREEMENTS = 20


async def _import(document: PbDocument, source: str, area_code: str | None) -> ImportReport:
    from core import db
    from votes.pbio import importing

    await db.open_database()
    try:
        area = await importing.area_for_import(area_code)
        return await importing.pb_import(document, area=area, source=source)
    finally:
        await db.close_database()


def _echo_import(report: ImportReport, parse_seconds: float) -> None:
    process = report.process
    click.echo(_("已导入为批次 {id}：{name}").format(id=process.id, name=process.name))
    click.echo(
        _(
            "项目 {projects} 个，选票 {ballots} 张（{marks} 个选项），投票方式 {method}，"
            "计票规则 {rule}"
        ).format(
            projects=len(report.proposal_ids),
            ballots=f"{report.ballots:,}",
            marks=f"{report.marks:,}",
            method=process.voting_method.value,
            rule=process.tally_rule.value,
        )
    )
    for note in report.notes:
        click.echo(_("注意：{note}").format(note=note))
    for breach in report.limit_breaches:
        click.echo(_("注意：文件中的选票不符合其规则：{breach}").format(breach=breach))
    click.echo(_("文件与选票不一致之处：{n} 处").format(n=len(report.disagreements)))
    for item in report.disagreements[:SHOWN_DISAGREEMENTS]:
        click.echo(f"  {item}")
    if len(report.disagreements) > SHOWN_DISAGREEMENTS:
        click.echo(
            _("  ……另有 {n} 处未列出").format(n=len(report.disagreements) - SHOWN_DISAGREEMENTS)
        )
    click.echo(
        _("用时：读取文件 {parse:.2f} 秒，写入数据库 {write:.2f} 秒").format(
            parse=parse_seconds, write=report.write_seconds
        )
    )


@pb.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--area",
    "area_code",
    callback=_area_code,
    default=None,
    help="批次所属区域的 12 位代码（默认：唯一的区/县）",
)
def import_command(file: Path, area_code: str | None) -> None:
    """把 FILE.pb 导入为一个已结束投票的批次（计票阶段），连同全部选票。"""
    from votes.pbio import ImportRefused

    started = time.perf_counter()
    document = _read_file(file)
    parse_seconds = time.perf_counter() - started
    try:
        report = _run(_import(document, file.name, area_code))
    except ImportRefused as error:
        raise click.ClickException(f"{file}: {error}") from None
    _echo_import(report, parse_seconds)


async def _export(process_id: int, box_id: int | None) -> tuple[str, int]:
    from core import db
    from projects.models import Process
    from votes.pbio import ExportRefused, exporting

    await db.open_database()
    try:
        process = await Process.get_or_none(id=process_id)
        if process is None:
            raise click.ClickException(_("找不到批次 {id}").format(id=process_id))
        try:
            box = (
                await _chosen_box(process, box_id)
                if box_id
                else (await exporting.box_to_export(process))
            )
            document = await exporting.pb_export(process, box)
        except ExportRefused as error:
            raise click.ClickException(str(error)) from None
        return dumps_pb(document), document.election.n_voters
    finally:
        await db.close_database()


async def _chosen_box(process: Any, box_id: int) -> Any:
    from votes.models import BallotBox

    box = await BallotBox.get_or_none(id=box_id, process=process)
    if box is None:
        raise click.ClickException(_("找不到投票箱 {id}").format(id=box_id))
    return box


@pb.command("export")
@click.argument("process_id", metavar="PROCESS", type=int)
@click.option(
    "--box",
    "box_id",
    type=int,
    default=None,
    help="分项预算的批次有多个投票箱：导出其中一个（编号见结果页）。",
)
def export_command(process_id: int, box_id: int | None) -> None:
    """把批次 PROCESS 的选票写成 .pb 文件（匿名：选民编号为回执哈希），输出到标准输出。"""
    started = time.perf_counter()
    text, ballots = _run(_export(process_id, box_id))
    click.echo(text, nl=False)
    click.echo(
        _("已导出 {n} 张选票，用时 {s:.2f} 秒").format(
            n=f"{ballots:,}", s=time.perf_counter() - started
        ),
        err=True,
    )


if __name__ == "__main__":
    pb()
