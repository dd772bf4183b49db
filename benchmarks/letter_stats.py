"""The mailbox's statistics per area: bucketing letters by area (what ``letters.statistics``
does) against scanning every letter for every area, on a district of 300 villages and
60,000 letters a year. One command; prints both times and the ratio.

    .venv/bin/python benchmarks/letter_stats.py
"""

from __future__ import annotations

import random
import time

from core.models import Area, AreaKind
from letters.statistics import TOP_KINDS, AreaFigures, area_figures
from letters.stats import Row, figures

STREETS, VILLAGES, LETTERS = 20, 15, 60_000


def district() -> list[Area]:
    areas = [Area(id=1, name="区", kind=AreaKind.DISTRICT, path="/d/")]
    areas[0].parent_id = None
    for s in range(STREETS):
        street = f"/d/s{s}/"
        areas.append(Area(id=len(areas) + 1, name=f"街道{s}", kind=AreaKind.STREET, path=street))
        areas[-1].parent_id = 1
        for v in range(VILLAGES):
            village = Area(id=len(areas) + 1, name=f"村{s}-{v}", kind=AreaKind.VILLAGE)
            village.path, village.parent_id = f"{street}v{v}/", len(areas)
            areas.append(village)
    return areas


def letters(areas: list[Area]) -> list[tuple[str, Row]]:
    rng = random.Random(7)
    villages = [a for a in areas if a.kind == AreaKind.VILLAGE]
    rows = []
    for _ in range(LETTERS):
        rows.append(
            (
                str(rng.choice(villages).path),
                Row(
                    accepted_on_time=rng.random() < 0.9,
                    replied_on_time=rng.random() < 0.8,
                    reply_working_days=rng.randint(1, 20),
                    rating=rng.choice([None, "satisfied", "basic", "unsatisfied"]),
                    replied=True,
                    open_overdue_accept=False,
                    open_overdue_reply=False,
                ),
            )
        )
    return rows


def scan_everything(areas: list[Area], rows: list[tuple[str, Row]]) -> list[AreaFigures]:
    return [
        AreaFigures(
            area,
            0 if area.parent_id is None else (1 if area.kind in TOP_KINDS else 2),
            figures(r for path, r in rows if path.startswith(str(area.path))),
        )
        for area in areas
    ]


def timed(run: object, *args: object) -> tuple[float, list[AreaFigures]]:
    start = time.perf_counter()
    result = run(*args)  # type: ignore[operator]
    return time.perf_counter() - start, result


def main() -> None:
    areas = district()
    rows = letters(areas)
    baseline, expected = timed(scan_everything, areas, rows)
    bucketed, got = timed(area_figures, areas, rows)
    assert [a.figures for a in got] == [a.figures for a in expected]
    print(f"{len(areas)} areas, {len(rows):,} letters")
    print(f"scan every letter per area: {baseline:.3f} s")
    print(f"bucket by area (Yishi):     {bucketed:.3f} s")
    print(f"ratio: {baseline / bucketed:.1f}x faster, same figures")


if __name__ == "__main__":
    main()
