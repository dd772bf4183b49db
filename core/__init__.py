"""Yishi core: app factory, settings, accounts, roles, areas, audit, CLI."""
