"""Yishi core: app factory, settings, accounts, roles, areas, audit, CLI."""

from core import routing as _routing  # noqa: F401 - bounded {id:int} path parameters
