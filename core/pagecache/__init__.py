"""The public page cache (公开页面缓存): anonymous public pages kept by what they show.

A page that is the same for every anonymous visitor (a route marked ``PublicRead``) is kept
in memory once rendered and served again until the data under it changes. "Changes" is a
property of the data, not of the code: database triggers on every table announce every
committed write (``triggers``), so no service can forget to invalidate, and a table is left
out only where its owner declares that no public page shows it (``never_shown``). The
cache is per process; the announcement reaches every process (PostgreSQL ``NOTIFY``, or a
counter row on SQLite), so a write through one machine empties the caches of all.
"""
