"""Fixtures for operations tests: private PostgreSQL clusters and app processes, always
torn down, even when a test fails half-way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ops.appserver import AppProcess
from ops.cluster import private_root


@pytest.fixture
def pg_root(database: str) -> Iterator[Path]:
    """A temp dir for private clusters. (`database` is asked for only so that the PostgreSQL
    pass, which runs the tests that use it, runs these; they never touch that database.)"""
    with private_root() as root:
        yield root


@pytest.fixture
def app_processes() -> Iterator[list[AppProcess]]:
    """Every app process a test starts goes in this list and is killed at the end."""
    started: list[AppProcess] = []
    yield started
    for app in started:
        app.kill()
