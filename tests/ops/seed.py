"""Seed a migrated database with a process in voting, its voters and an admin; print JSON.

Run in a child interpreter (``python tests/ops/seed.py VOTERS``, database from
YISHI_DATABASE_URL) so the test process's own Tortoise stays on the suite's database.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

# The tests' factories, behind the repository root: tests/app, tests/votes... would otherwise
# stand in for the packages of the same name (as namespace packages).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ballot_factories import VILLAGE, verified_voter, voting_process
from sealing_support import shares_of
from support import PASSWORD, make_user

from core import db
from core.demo import create_demo_areas
from core.models import Role
from votes.ballots import secrecy
from votes.ballots.boxes import boxes_of

ADMIN = "13800000001"


def voter_mobile(n: int) -> str:
    return f"1390001{n:04d}"


async def seed(voters: int) -> dict[str, object]:
    await db.open_database()
    try:
        areas = await create_demo_areas()
        process, proposals = await voting_process(areas, max_picks=2)
        [box] = await boxes_of(process)
        await make_user(ADMIN, Role.ADMIN, name="管理员")
        people = []
        for n in range(1, voters + 1):
            entry = await verified_voter(voter_mobile(n), areas[VILLAGE], n)
            people.append(
                {
                    "mobile": voter_mobile(n),
                    "entry_id": entry.id,
                    "voter_key": secrecy.voter_key(box.id, entry.id),
                }
            )
        return {
            "process_id": process.id,
            "box_id": box.id,
            "password": PASSWORD,
            "proposal_ids": [p.id for p in proposals],
            "admin": ADMIN,
            "voters": people,
            "shares": shares_of(process),  # the committee's, as the factory made the key
        }
    finally:
        await db.close_database()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(seed(int(sys.argv[1])))))
