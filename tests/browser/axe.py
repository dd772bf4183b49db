"""axe-core, the engine behind most accessibility checkers, run inside the page.

`a11y.audit` measures what this project decided to check; axe-core is the independent
second opinion (its rules follow WCAG 2.1 A/AA and common practice). The engine comes
vendored in the `axe-playwright-python` wheel, so nothing is fetched at run time. A page
passes when axe finds no violation of serious or critical impact.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()
BLOCKING = frozenset({"serious", "critical"})


def serious_violations(page: Any) -> list[str]:
    """Each serious or critical violation in words: rule, impact, help and where."""
    results = AXE.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        where = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {where}")
    return found
