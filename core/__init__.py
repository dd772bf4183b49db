"""The kernel: settings, database, hand-written SQL, accounts, roles, areas, audit, forms,
templating, htmx, exports, uploads, clock, refusals, i18n, errors, middleware, routing and
the open-data machinery. It imports no domain package (README, Architecture)."""

from core import routing as _routing  # noqa: F401 - bounded {id:int} path parameters
