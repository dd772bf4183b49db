"""满意度 of finished projects (项目满意度评价): the extension point for project ratings.

Project ratings (``accountability.ratings``, table ``project_rating``) are built on another
branch. Until they are merged, ``project_ratings`` answers None and the dashboard says the
figure is not yet collected. When they land: add ``project_rating`` to
``insight.keeping.CONTRIBUTIONS`` (measures ``rated`` and ``rating_sum`` by the proposal's
process and village) and read them here from the scoped figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.models import Area
from projects.models import Process


@dataclass(frozen=True)
class ProjectRatings:
    rated: int
    average: Decimal | None  # 1–5


async def project_ratings(scope: Area, processes: list[Process]) -> ProjectRatings | None:
    return None
