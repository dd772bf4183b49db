"""The ``yishi`` command: serve, migrate, demo, createadmin, and each package's commands.

Start-up is kept light: this module imports only click. A package's commands are imported
when they run (``yishi --help`` lists them from :data:`PACKAGE_COMMANDS` without importing
them), and the database, settings and the wiring of hooks only when a command needs them,
so that ``yishi pb tally`` of a file pays for numpy and the rules, never for Tortoise,
pandas or Starlette (issue 19: 0.66 s of a 0.86 s tally went to start-up).
"""

from __future__ import annotations

import getpass
import importlib
import os
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

import click

# name → (module:attribute, the one-line help shown by ``yishi --help``)
PACKAGE_COMMANDS = {
    "pb": ("votes.cli:pb", "Pabulib (.pb) 文件：计票、导入、导出"),
    "dashboard": ("insight.cli:dashboard", "数据看板：由原始数据重算统计"),
    "roster": ("residents.cli:roster", "居民名册：从 CSV/XLSX 导入"),
    "search": ("core.search.cli:search", "全文搜索：重建索引"),
    "worker": (
        "notify.cli:worker",
        "运行通知投递进程（PostgreSQL 上的 procrastinate 工作进程，可多开）。",
    ),
}
# Commands that read files only: no database, so the hooks' wiring is not needed.
OFFLINE = {("pb", "tally")}
T = TypeVar("T")


def _(message: str) -> str:
    """What a command prints, in the language YISHI_LOCALE names (Chinese when unset);
    core.i18n loads when a command prints, so `import app.cli` stays light."""
    from core.i18n import command_text

    return command_text(message)


def _run(work: Coroutine[Any, Any, T]) -> T:
    import asyncio  # only commands that use the database need an event loop

    return asyncio.run(work)


class YishiGroup(click.Group):
    """The top group: package commands imported on demand, hooks wired before any command
    that may touch the database (the rules higher layers set on lower ones hold here too)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *PACKAGE_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in PACKAGE_COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, attribute = PACKAGE_COMMANDS[cmd_name][0].split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in PACKAGE_COMMANDS:
                rows.append((name, PACKAGE_COMMANDS[name][1]))
            elif (command := super().get_command(ctx, name)) and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        # The words still to parse (click keeps the sub-command's name apart; its public
        # ``protected_args`` is deprecated since click 8.2).
        args = [*ctx._protected_args, *ctx.args]
        words = tuple(arg for arg in args if not arg.startswith("-"))
        offline = words[:2] in OFFLINE
        if offline:
            # A tally counts integers and never calls BLAS: without this, importing numpy
            # starts OpenBLAS's thread pool, a third of its import time (and more of the
            # wall time when the cores are busy). An explicit setting still wins.
            os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        elif "--help" not in args:
            from app import wiring

            wiring.install()
        result = super().invoke(ctx)
        self.offline_done = offline
        return result

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except SystemExit as done:
            if done.code in (0, None) and getattr(self, "offline_done", False):
                # A file-only command that succeeded (it writes nothing but its output)
                # leaves without tearing the interpreter down: unloading numpy and some 300
                # modules takes ~10 ms, a tenth of a whole `yishi pb tally` process.
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                except OSError:  # e.g. a closed pipe: exit the usual way, which says so
                    raise done from None
                os._exit(0)
            raise


@click.group(cls=YishiGroup, help="议事 Yishi — 参与式预算与意见征集平台")
def main() -> None:
    pass


@main.command(help="启动网站 (uvicorn)。")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option("--reload", is_flag=True, help="代码改动后自动重启（开发用）。")
def serve(host: str, port: int, workers: int, reload: bool) -> None:
    import uvicorn

    from core import settings

    database = _safe_url(settings.DATABASE_URL)
    click.echo(
        _("议事 Yishi → http://{host}:{port}  (数据库: {database})").format(
            host=host, port=port, database=database
        )
    )
    uvicorn.run(
        "app.asgi:app",
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        proxy_headers=True,
        log_level="info",
    )


def _safe_url(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


@main.command(help="执行数据库迁移，使结构与代码一致。")
def migrate() -> None:
    from core import migrations, settings

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    _run(migrations.apply())
    from notify.cli import migrate_queue

    if _run(migrate_queue(settings.DATABASE_URL)):
        click.echo(_("已建立通知任务队列（procrastinate）的表。"))
    click.echo(_("数据库已是最新结构。"))


@main.command(help="由模型生成新的迁移文件（开发用）；--check 只检查是否有未生成的变化。")
@click.option("--check", is_flag=True)
def makemigrations(check: bool) -> None:
    from core import migrations

    writers = _run(migrations.pending_changes())
    if check:
        if writers:
            names = ", ".join(w.name for w in writers)
            click.echo(_("模型有变化尚未生成迁移：{names}").format(names=names), err=True)
            sys.exit(1)
        click.echo(_("迁移与模型一致。"))
        return
    for writer in writers:
        click.echo(_("已生成 {path}").format(path=writer.write()))
    if not writers:
        click.echo(_("没有变化。"))


@main.command(help="载入演示数据（一个区、三个街道/镇、八个村/社区、工作人员与居民）。")
def demo() -> None:
    from app.demo import load_demo

    for line in _run(load_demo()):
        click.echo(line)


@main.command(help="创建一个管理员账户。")
@click.option("--name", prompt="姓名")
@click.option("--mobile", prompt="手机号")
@click.option("--password", default=None, help="不填则交互输入。")
def createadmin(name: str, mobile: str, password: str | None) -> None:
    from core.demo import create_admin

    if password is None:
        password = getpass.getpass(_("密码（至少 8 位）："))
    try:
        _run(create_admin(name=name, mobile=mobile, password=password))
    except ValueError as exc:
        raise click.ClickException(_(str(exc))) from exc
    click.echo(_("已创建管理员 {name}（{mobile}）。").format(name=name, mobile=mobile))
