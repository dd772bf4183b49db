"""Tortoise ORM configuration and lifecycle.

One Tortoise app (``yishi``) spans every domain package, so the whole schema lives in one
migration history under the top-level ``migrations/`` package.
"""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise

from core import settings

# A package joins this list when its issue gives it tables.
MODEL_MODULES = [
    "core.models",
    "projects.models",
    "projects.comments.models",
    "consult.models",
    "votes.models",
]


def tortoise_config(database_url: str | None = None) -> dict[str, Any]:
    return {
        "connections": {"default": database_url or settings.DATABASE_URL},
        "apps": {
            "yishi": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        "use_tz": True,
        "timezone": "Asia/Shanghai",
    }


# For Tortoise's own CLI: `tortoise -c core.db.TORTOISE_ORM makemigrations`.
TORTOISE_ORM = tortoise_config()


async def open_database(database_url: str | None = None) -> None:
    """Connect; global fallback lets request tasks see the lifespan task's context."""
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_database() -> None:
    await Tortoise.close_connections()
