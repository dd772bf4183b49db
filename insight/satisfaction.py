"""满意度 of finished projects (项目满意度评价): residents' 1–5 ratings after acceptance
(``accountability.ratings``), kept as a count and a sum of scores per process and village by
the ``project_rating`` trigger (``insight.keeping``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from insight.figures import Sums


@dataclass(frozen=True)
class ProjectRatings:
    rated: int
    average: Decimal | None  # 1–5, to one decimal


def project_ratings(sums: Sums) -> ProjectRatings | None:
    """None where no one has rated yet (the page says so)."""
    rated = sums.get("rated")
    if not rated:
        return None
    average = (Decimal(sums.get("rating_sum")) / rated).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return ProjectRatings(rated, average)
