"""Scale-out: two app processes on one primary, public reads from a streaming replica.

A real replica (a second cluster from pg_basebackup, streaming on its own port), app A on
the primary only, app B on the primary and the replica. Ballots go in through A; the public
pages come out through B, and the servers' statement logs (each app names itself in
application_name) show who answered what.
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import pytest
from ops.appserver import (
    AppProcess,
    WorkerProcess,
    app_env,
    log_in,
    marks_form,
    post_form,
    seed,
)
from ops.cluster import Cluster, init_primary, init_replica, wait_caught_up, wait_until

LOG_ALL = "log_statement = 'all'\n"
PUBLIC_TABLES = ('"tally_snapshot"', '"award"', '"proposal"')


class LogWindow:
    """What a server logged since this mark, one statement line per entry."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster, self.start = cluster, len(cluster.log_text())

    def statements(self, app: str) -> list[str]:
        return statements(self.cluster.log_text()[self.start :], app)

    def reads_of_public_tables(self, app: str) -> list[str]:
        return [
            s for s in self.statements(app) if "SELECT" in s and any(t in s for t in PUBLIC_TABLES)
        ]


def statements(log: str, app: str) -> list[str]:
    """The statements `app` sent, whole (a statement may run over several log lines)."""
    entries = re.split(r"\n(?=\d{4}-\d\d-\d\d )", log)
    return [e for e in entries if f"app={app} " in e and ("statement: " in e or "execute " in e)]


ANY_TOKEN = re.compile(r'"X-CSRF-Token": "[^"]*"')


def _page(html: str) -> str:
    # The session's token (none on a page kept for everybody) is the only per-visitor part.
    return ANY_TOKEN.sub("", html)


@pytest.mark.postgres_only
async def test_public_reads_come_from_the_replica_and_writes_go_to_the_primary(
    pg_root: Path, app_processes: list[AppProcess]
) -> None:
    started = time.monotonic()
    primary = await init_primary(pg_root, LOG_ALL)
    replica = await init_replica(primary)  # inherits log_statement from the primary's copy
    env_a = app_env(pg_root / "var", primary.url(application_name="yishi-a"))
    env_b = app_env(
        pg_root / "var",
        primary.url(application_name="yishi-b"),
        replica.url(application_name="yishi-b"),
    ) | {
        # Pages the cache keeps are rendered from the primary (core.pagecache): the replica
        # serves anonymous public pages where the cache does not, as here, where it is off.
        "YISHI_PAGE_CACHE_ENTRIES": "0"
    }
    seeded = seed(env_a, 5)  # `yishi migrate` on the primary, then the process and voters
    pid, box, proposals = seeded["process_id"], seeded["box_id"], seeded["proposal_ids"]
    app_a = AppProcess(env_a, pg_root / "a.log")
    app_b = AppProcess(env_b, pg_root / "b.log")
    app_processes.extend([app_a, app_b])
    await asyncio.gather(app_a.start(), app_b.start())
    clusters_ready = time.monotonic()

    # Four voters through A; the fifth through B, whose write must reach the primary.
    for n, voter in enumerate(seeded["voters"]):
        app = app_b if n == 4 else app_a
        async with app.client() as http:
            await log_in(http, voter["mobile"], seeded["password"])
            cast = await post_form(http, f"/vote/{box}/cast", marks_form(proposals[: 1 + n % 2]))
            assert cast.status_code == 200, cast.text[:500]
    b_on_primary = "\n".join(statements(primary.log_text(), "yishi-b"))
    assert re.search(r'INSERT INTO "?sealed_ballot"? ', b_on_primary)  # B's write: primary
    async with app_a.client() as admin:  # close the vote and count it: staff, through A
        await log_in(admin, seeded["admin"], seeded["password"])
        assert (
            await post_form(admin, f"/admin/processes/{pid}/phase", {"to": "tallying"})
        ).status_code == 303
        shares = {"share_1": seeded["shares"][0], "share_2": seeded["shares"][1]}
        opened = await post_form(admin, f"/admin/processes/{pid}/open", shares)
        assert opened.status_code == 303, opened.text[:500]
        tally = await post_form(admin, f"/admin/processes/{pid}/tally", {})
        job = tally.headers.get("location", "")
        assert job.startswith("/admin/jobs/"), tally.text[:500]
        worker = WorkerProcess(env_a, pg_root / "worker.log")  # the tally runs on the worker
        app_processes.append(worker)
        await worker.start()

        async def tallied() -> bool:
            return "计票完成" in (await admin.get(job)).text

        await wait_until(tallied, 60, "the tally job on `yishi worker`", 0.2)
    lag = await wait_caught_up(primary, replica)

    pages = [
        f"/processes/{pid}/results",
        f"/processes/{pid}/awards",
        f"/processes/{pid}",
        f"/processes/{pid}/awards.csv",
    ]
    on_primary, on_replica = LogWindow(primary), LogWindow(replica)
    async with app_b.client() as anonymous_b, app_a.client() as anonymous_a:
        for path in pages:
            via_b, via_a = await anonymous_b.get(path), await anonymous_a.get(path)
            assert via_b.status_code == 200, (path, via_b.text[:500])
            assert _page(via_b.text) == _page(via_a.text), path  # the replica is up to date
        assert "项目0" in via_b.text  # the award list names the funded project
    served = on_replica.reads_of_public_tables("yishi-b")
    assert {t for s in served for t in PUBLIC_TABLES if t in s} == set(PUBLIC_TABLES), served
    assert not on_primary.reads_of_public_tables("yishi-b"), "B read public pages from the primary"
    assert not on_replica.statements("yishi-a"), "A has no replica"

    # A signed-in person reads their own writes from the primary, even on a public page.
    on_primary, on_replica = LogWindow(primary), LogWindow(replica)
    async with app_b.client() as voter:
        await log_in(voter, seeded["voters"][4]["mobile"], seeded["password"])
        assert (await voter.get(f"/processes/{pid}/results")).status_code == 200
    assert on_primary.reads_of_public_tables("yishi-b")
    assert not on_replica.statements("yishi-b")

    # The replica goes away: the primary answers the public pages, without an error page.
    await asyncio.to_thread(replica.stop, "fast")
    on_primary = LogWindow(primary)
    async with app_b.client() as anonymous_b:
        for path in pages:
            assert (await anonymous_b.get(path)).status_code == 200, path
    assert on_primary.reads_of_public_tables("yishi-b")
    assert "read replica unavailable" in app_b.log_text()
    print(
        f"\nreplica: {len(served)} public reads on the replica, replay lag {lag:.2f} s, "
        f"clusters+apps {clusters_ready - started:.1f} s, "
        f"total {time.monotonic() - started:.1f} s"
    )
