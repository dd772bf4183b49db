"""Open data (开放数据): the read-only JSON API under /api/v1, its OpenAPI document, and the
CSV downloads of the public tables.

The machinery lives here; each domain describes its own resources next to its models
(``projects/opendata.py``, ``votes/results/opendata.py``) from an explicit whitelist of
fields, and ``app.opendata`` lists them. Only what the public pages show is published,
with the results embargo applied exactly as on the pages.
"""
