"""Real Pabulib files with ballots that name a project twice, as real Warsaw 2026 files do
(``1557,1557,1543,1951,1077``): the shared data holds the cleaned copies, so the repeats are
put back into any file's VOTES section here, the same way for every file."""

from __future__ import annotations

import csv
import io


def with_repeats(text: str, every: int = 7) -> tuple[str, int, int]:
    """``text`` with every ``every``-th ballot naming its first project again: once more at
    its start, and for every 2·``every``-th ballot also at its end (with the same points where
    ballots carry points). Returns the text, the ballots changed and the marks added."""
    head, _, votes = text.partition("\nVOTES\n")
    rows = list(csv.reader(io.StringIO(votes, newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    at_vote = header.index("vote")
    at_points = header.index("points") if "points" in header else None
    changed = added = 0
    for number, row in enumerate(body):
        if number % every or not row[at_vote]:
            continue
        copies = 2 if number % (2 * every) == 0 else 1
        row[at_vote] = _repeat_first(row[at_vote], copies)
        if at_points is not None:
            row[at_points] = _repeat_first(row[at_points], copies)
        changed += 1
        added += copies
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows([header, *body])
    return f"{head}\nVOTES\n{out.getvalue()}", changed, added


def _repeat_first(cell: str, copies: int) -> str:
    items = cell.split(",")
    repeated = [items[0], *items] + ([items[0]] if copies == 2 else [])
    return ",".join(repeated)
