"""Writes of the projects package, one use case per function, each in a transaction."""
