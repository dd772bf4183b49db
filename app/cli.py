"""The ``yishi`` command: serve, migrate, demo, createadmin, and each package's commands."""

from __future__ import annotations

import asyncio
import getpass
import sys

import click

from core import settings


@click.group(help="议事 Yishi — 参与式预算与意见征集平台")
def main() -> None:
    pass


@main.command(help="启动网站 (uvicorn)。")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option("--reload", is_flag=True, help="代码改动后自动重启（开发用）。")
def serve(host: str, port: int, workers: int, reload: bool) -> None:
    import uvicorn

    click.echo(f"议事 Yishi → http://{host}:{port}  (数据库: {_safe_url(settings.DATABASE_URL)})")
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
    from core import migrations

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    asyncio.run(migrations.apply())
    from notify.cli import migrate_queue

    if asyncio.run(migrate_queue(settings.DATABASE_URL)):
        click.echo("已建立通知任务队列（procrastinate）的表。")
    click.echo("数据库已是最新结构。")


@main.command(help="由模型生成新的迁移文件（开发用）；--check 只检查是否有未生成的变化。")
@click.option("--check", is_flag=True)
def makemigrations(check: bool) -> None:
    from core import migrations

    writers = asyncio.run(migrations.pending_changes())
    if check:
        if writers:
            click.echo("模型有变化尚未生成迁移：" + ", ".join(w.name for w in writers), err=True)
            sys.exit(1)
        click.echo("迁移与模型一致。")
        return
    for writer in writers:
        click.echo(f"已生成 {writer.write()}")
    if not writers:
        click.echo("没有变化。")


@main.command(help="载入演示数据（一个区、三个街道/镇、八个村/社区、工作人员与居民）。")
def demo() -> None:
    from app.demo import load_demo

    for line in asyncio.run(load_demo()):
        click.echo(line)


@main.command(help="创建一个管理员账户。")
@click.option("--name", prompt="姓名")
@click.option("--mobile", prompt="手机号")
@click.option("--password", default=None, help="不填则交互输入。")
def createadmin(name: str, mobile: str, password: str | None) -> None:
    from core.demo import create_admin

    if password is None:
        password = getpass.getpass("密码（至少 8 位）：")
    try:
        asyncio.run(create_admin(name=name, mobile=mobile, password=password))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已创建管理员 {name}（{mobile}）。")


def _register_package_commands() -> None:
    from app import wiring
    from notify.cli import worker
    from residents.cli import roster
    from votes.cli import pb

    wiring.install()  # the rules higher layers set on lower ones hold on the command line too

    main.add_command(pb)
    main.add_command(roster)
    main.add_command(worker)


_register_package_commands()
