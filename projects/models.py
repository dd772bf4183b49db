"""Tables of this package (added by its issue)."""
