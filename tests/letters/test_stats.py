"""The statistics' arithmetic on hand-counted rows."""

from __future__ import annotations

from decimal import Decimal

from letters.stats import Row, figures, percent


def row(**given: object) -> Row:
    base: dict[str, object] = {
        "accepted_on_time": None,
        "replied_on_time": None,
        "reply_working_days": None,
        "rating": None,
        "replied": False,
        "open_overdue_accept": False,
        "open_overdue_reply": False,
    }
    return Row(**{**base, **given})  # type: ignore[arg-type]


def test_hand_counted_figures() -> None:
    rows = [
        # replied on time in 5 days, satisfied
        row(
            accepted_on_time=True,
            replied_on_time=True,
            reply_working_days=5,
            rating="satisfied",
            replied=True,
        ),
        # replied late in 20 days, basically satisfied
        row(
            accepted_on_time=True,
            replied_on_time=False,
            reply_working_days=20,
            rating="basic",
            replied=True,
        ),
        # replied on time in 8 days, not rated yet: unrated, never satisfied
        row(accepted_on_time=False, replied_on_time=True, reply_working_days=8, replied=True),
        # replied in 2 days, unsatisfied
        row(
            accepted_on_time=True,
            replied_on_time=True,
            reply_working_days=2,
            rating="unsatisfied",
            replied=True,
        ),
        # accepted, reply overdue
        row(accepted_on_time=True, open_overdue_reply=True),
        # waiting for acceptance, overdue
        row(open_overdue_accept=True),
        # waiting, in time: counted as received only
        row(),
    ]
    f = figures(rows)
    assert f.received == 7
    assert (f.accept_counted, f.accepted_on_time) == (6, 4)  # 5 decided + 1 overdue
    assert f.accept_rate == Decimal("66.7")
    assert (f.reply_counted, f.replied_on_time) == (5, 3)  # 4 replied + 1 overdue
    assert f.reply_rate == Decimal("60.0")
    assert f.average_reply_days == Decimal("8.8")  # (5 + 20 + 8 + 2) / 4 = 8.75
    assert (f.rated, f.satisfied, f.unrated) == (3, 2, 1)
    assert f.satisfaction == Decimal("66.7")
    assert f.overdue == 2


def test_nothing_to_count_is_no_rate() -> None:
    f = figures([row()])
    assert f.accept_rate is None and f.reply_rate is None and f.satisfaction is None
    assert f.average_reply_days is None
    assert percent(1, 3) == Decimal("33.3")
