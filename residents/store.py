"""The bulk write of a roster import, on the import's transaction connection.

Each checked chunk is COPYed (PostgreSQL; executemany on SQLite) into a temporary chunk
table, upserted from there into ``roster_entry`` while the next chunk is being checked, and
appended to a staging table of the whole file. At the end the staging table answers the
questions that need every row: duplicates in the file, and which entries it no longer
lists. A refused file rolls the transaction back, taking every write and both tables with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from residents.validation import StagedRow

STAGING, CHUNK = "roster_staging", "roster_chunk"
COLUMNS = ("row_no", "area_id", "id_hash", "name", "birth_date", "sex")
_TABLE = {
    "postgres": "CREATE TEMP TABLE {} (row_no integer NOT NULL, area_id integer,"
    " id_hash varchar(64) NOT NULL, name text NOT NULL, birth_date date NOT NULL,"
    " sex varchar(1) NOT NULL) ON COMMIT DROP",
    "sqlite": "CREATE TEMP TABLE {} (row_no INTEGER NOT NULL, area_id INTEGER,"
    " id_hash TEXT NOT NULL, name TEXT NOT NULL, birth_date DATE NOT NULL, sex TEXT NOT NULL)",
}
# The scope's areas as an array on PostgreSQL: a join with ``area`` would be planned from
# the roster table's statistics, stale during a big import, and go quadratic.
_IN_SCOPE = {
    "postgres": "area_id = ANY($1::integer[])",
    "sqlite": "area_id IN (SELECT id FROM area WHERE path LIKE $1)",
}
_LISTED = (
    f"EXISTS (SELECT 1 FROM {STAGING} s WHERE s.id_hash = roster_entry.id_hash"
    " AND s.area_id = roster_entry.area_id)"
)
# An entry someone voted with, or an account is linked to, is never dropped by an import.
_HELD = "(roster_entry.voted OR roster_entry.user_id IS NOT NULL)"
# Hex digests sort the same byte-wise as in any locale, and byte-wise is the faster sort;
# in index order, the unique index is written page by page rather than at random.
# The sex comes from the ID number, so only an entry kept from before it was recorded
# (NULL) gains one on a re-import; such an entry counts as updated.
_UPSERT = (
    "INSERT INTO roster_entry (area_id, id_hash, name, birth_date, sex, voted)"
    f" SELECT area_id, id_hash, name, birth_date, sex, FALSE FROM {CHUNK} WHERE TRUE"
    " ORDER BY id_hash{collate}, area_id"
    " ON CONFLICT (id_hash, area_id) DO UPDATE SET name = excluded.name, sex = excluded.sex"
    " WHERE roster_entry.name <> excluded.name OR roster_entry.sex IS NULL"
)


@dataclass(frozen=True)
class MergeCounts:
    added: int
    updated: int  # listed again with a different name (or first with its sex)
    unchanged: int
    removed: int
    kept: int  # no longer listed, but held: verified or voted


class RosterWriter:
    """Writes one file's rows into the roster of the areas under `scope_path`."""

    def __init__(self, conn: BaseDBAsyncClient, scope_path: str) -> None:
        self.conn = conn
        self.postgres = conn.capabilities.dialect == "postgres"
        self.scope_path = scope_path
        self.scope: Any = scope_path + "%"
        self.before = self.staged = self.written = 0

    async def begin(self) -> None:
        dialect = "postgres" if self.postgres else "sqlite"
        if self.postgres:
            # One import at a time: each removes what its file does not list, so two at
            # once could remove each other's rows. (SQLite writes one at a time anyway.)
            await self._fetch("SELECT pg_advisory_xact_lock(hashtext('yishi.roster_import'))")
            # Room to sort, hash-join and group a million rows in memory, for this import only.
            await self._execute("SET LOCAL work_mem = '256MB'")
            self.scope = [
                r[0]
                for r in await self._fetch(
                    "SELECT id FROM area WHERE path LIKE $1", self.scope_path + "%"
                )
            ]
        for table in (STAGING, CHUNK):
            if not self.postgres:
                await self._execute(f"DROP TABLE IF EXISTS temp.{table}")
            await self._execute(_TABLE[dialect].format(table))
        self.before = await self._count_in_scope()

    async def add(self, rows: list[StagedRow], *, write: bool) -> None:
        """Stage a chunk; upsert it too unless the file is already known to be refused."""
        if not rows:
            return
        async with self.conn.acquire_connection() as raw:
            if self.postgres:
                await raw.copy_records_to_table(CHUNK, records=rows, columns=list(COLUMNS))
            else:
                # ISO text: what Tortoise stores for a date on SQLite.
                values = [(*row[:4], row[4].isoformat(), row[5]) for row in rows]
                await raw.executemany(f"INSERT INTO {CHUNK} VALUES (?, ?, ?, ?, ?, ?)", values)
        if write:
            collate = ' COLLATE "C"' if self.postgres else ""
            self.written += await self._execute(_UPSERT.format(collate=collate))
        await self._execute(f"INSERT INTO {STAGING} SELECT * FROM {CHUNK}")
        await self._execute(f"{'TRUNCATE' if self.postgres else 'DELETE FROM'} {CHUNK}")
        self.staged += len(rows)

    async def duplicates(self, limit: int) -> list[tuple[int, int]]:
        """(row, earlier row) for each row repeating an earlier row's ID number."""
        if self.postgres:
            await self._execute(f"ANALYZE {STAGING}")  # hash joins, on true row counts
        else:
            await self._execute(f"CREATE INDEX {STAGING}_key ON {STAGING} (id_hash, area_id)")
        return [
            (int(r[0]), int(r[1]))
            for r in await self._fetch(
                f"SELECT s.row_no, d.first_row FROM {STAGING} s JOIN (SELECT id_hash,"
                f" MIN(row_no) AS first_row FROM {STAGING} GROUP BY id_hash HAVING COUNT(*) > 1) d"
                " ON d.id_hash = s.id_hash WHERE s.row_no > d.first_row ORDER BY s.row_no LIMIT $1",
                limit,
            )
        ]

    async def elsewhere(self, district_path: str, limit: int) -> list[tuple[int, str]]:
        """(row, area name) for each row whose ID number is on another roster of the district
        that would stay after this import: outside the scope, or inside it but held (verified
        or voted), which an import never removes. One person, one roster per district."""
        in_scope = (
            "e.area_id = ANY($1::integer[])"
            if self.postgres
            else ("e.area_id IN (SELECT id FROM area WHERE path LIKE $1)")
        )
        return [
            (int(r[0]), str(r[1]))
            for r in await self._fetch(
                f"SELECT s.row_no, a.name FROM {STAGING} s"
                " JOIN roster_entry e ON e.id_hash = s.id_hash AND e.area_id <> s.area_id"
                " JOIN area a ON a.id = e.area_id"
                f" WHERE (NOT ({in_scope}) OR e.voted OR e.user_id IS NOT NULL)"
                " AND a.path LIKE $2 ORDER BY s.row_no, a.path LIMIT $3",
                self.scope,
                district_path + "%",
                limit,
            )
        ]

    async def finish(self) -> MergeCounts:
        """Drop the scope's entries the file no longer lists, unless held; count."""
        if self.postgres:
            await self._execute("ANALYZE roster_entry")  # else it plans as if still empty
        after = await self._count_in_scope()
        unlisted = f"FROM roster_entry WHERE {self._in_scope} AND NOT {_LISTED}"
        kept = await self._count(f"SELECT COUNT(*) {unlisted} AND {_HELD}", self.scope)
        removed = await self._execute(f"DELETE {unlisted} AND NOT {_HELD}", self.scope)
        for table in (STAGING, CHUNK):  # PostgreSQL drops them at commit; SQLite would not
            if not self.postgres:
                await self._execute(f"DROP TABLE IF EXISTS temp.{table}")
        added = after - self.before
        updated = self.written - added
        return MergeCounts(added, updated, self.staged - added - updated, removed, kept)

    @property
    def _in_scope(self) -> str:
        return _IN_SCOPE["postgres" if self.postgres else "sqlite"]

    async def _count_in_scope(self) -> int:
        return await self._count(
            f"SELECT COUNT(*) FROM roster_entry WHERE {self._in_scope}", self.scope
        )

    def _sql(self, sql: str) -> str:
        # Parameters are written $1, $2… (PostgreSQL), each used once and in order.
        return sql if self.postgres else re.sub(r"\$\d+", "?", sql)

    async def _execute(self, sql: str, *args: Any) -> int:
        """Run a statement; the number of rows it changed."""
        async with self.conn.acquire_connection() as raw:
            if self.postgres:
                status: str = await raw.execute(self._sql(sql), *args)
                last = status.rsplit(" ", 1)[-1]
                return int(last) if last.isdigit() else 0
            cursor = await raw.execute(self._sql(sql), args)
            count: int = cursor.rowcount
            await cursor.close()
            return max(count, 0)

    async def _fetch(self, sql: str, *args: Any) -> list[Any]:
        async with self.conn.acquire_connection() as raw:
            if self.postgres:
                return list(await raw.fetch(self._sql(sql), *args))
            cursor = await raw.execute(self._sql(sql), args)
            rows = await cursor.fetchall()
            await cursor.close()
            return list(rows)

    async def _count(self, sql: str, *args: Any) -> int:
        return int((await self._fetch(sql, *args))[0][0])
