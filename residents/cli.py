"""``yishi roster import FILE --area CODE``: import a roster too big for the web upload,
with a progress bar. The same importer as the web page: all rows good or nothing written.

    yishi roster import 槐荫区居民名册.csv --area 370104000000
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from core import db
from core.areas.importer import area_code_option
from core.i18n import configured_locale, current_locale
from core.i18n import gettext as _
from core.models import Area
from core.tabular import TableError
from residents import reading
from residents.services import ImportReport, roster_import

SHOWN_ERRORS = 50

roster = click.Group("roster", help="居民名册：从 CSV/XLSX 导入")


async def _import(path: Path, area_code: str, console: Console) -> ImportReport:
    await db.open_database()
    try:
        scope = await Area.get_or_none(code=area_code)
        if scope is None:
            raise click.ClickException(_("找不到代码为 {code} 的区域").format(code=area_code))
        source = reading.from_bytes(path.name, path.read_bytes())
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(_("行")),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task(_("读取"), total=source.rows or None)

            def advance(done: int, step: str) -> None:
                progress.update(
                    task, completed=done, description=step, total=max(done, source.rows) or None
                )

            report = await roster_import(None, scope, source, on_progress=advance)
            progress.update(task, total=report.rows or None, completed=report.rows)
            return report
    finally:
        await db.close_database()


@roster.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--area",
    "area_code",
    callback=area_code_option,
    required=True,
    help="名册所属区域的 12 位代码；其下每个村/社区的名册都以文件为准。",
)
def import_command(file: Path, area_code: str) -> None:
    """导入居民名册 FILE（CSV 或 XLSX：姓名、身份证号、村/社区代码、出生日期）。"""
    # The whole command speaks YISHI_LOCALE's language, the file's problems included (they
    # are worded as they are found). An import writes no translated text: roster rows and
    # a Chinese audit line.
    token = current_locale.set(configured_locale())
    try:
        _import_and_report(file, area_code)
    finally:
        current_locale.reset(token)


def _import_and_report(file: Path, area_code: str) -> None:
    console = Console(stderr=True)
    try:
        report = asyncio.run(_import(file, area_code, console))
    except TableError as error:
        raise click.ClickException(f"{file}: {error}") from None
    if not report.ok:
        for problem in report.errors[:SHOWN_ERRORS]:
            click.echo(str(problem), err=True)
        if report.error_count > SHOWN_ERRORS:
            more = report.error_count - SHOWN_ERRORS
            click.echo(_("……另有 {n} 处问题未列出").format(n=more), err=True)
        raise click.ClickException(
            _("文件有 {n} 处问题，未导入任何数据").format(n=report.error_count)
        )
    counts = report.counts
    assert counts is not None
    click.echo(
        _(
            "名册已导入：共 {rows:,} 行，新增 {added:,}，更新 {updated:,}，未变 {unchanged:,}，"
            "移出 {removed:,}，因已核验或已投票保留 {kept:,}。"
        ).format(
            rows=report.rows,
            added=counts.added,
            updated=counts.updated,
            unchanged=counts.unchanged,
            removed=counts.removed,
            kept=counts.kept,
        )
    )
