"""Accounts: registration, login, logout, rate limiting (账户)."""
