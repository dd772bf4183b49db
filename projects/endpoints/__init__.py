"""Endpoints of the projects package: parse → call a service or query → render."""
