"""The open-data tests' world: see tests/opendata_factories.py."""

from __future__ import annotations

import pytest
from opendata_factories import World, make_world

from core.models import Area


@pytest.fixture
async def world(areas: dict[str, Area]) -> World:
    return await make_world(areas)
