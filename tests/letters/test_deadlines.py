"""Working-day deadlines, computed by hand against the State Council's notices.

2025: National Day and Mid-Autumn 10月1日–8日 off; Sunday 9月28日 and Saturday 10月11日
worked. 2026: Spring Festival 2月15日–23日 off; Saturdays 2月14日 and 2月28日 worked.
2027 is beyond chinesecalendar 1.11: the plain week, marked provisional, until an admin
enters the year's schedule.
"""

from __future__ import annotations

import datetime as dt

from letters.deadlines import Due, Schedule, add_working_days, is_workday, working_days_between

D = dt.date


def test_national_day_2025_and_its_make_up_saturday() -> None:
    # Received Tue 30 Sep: 1–8 Oct are holidays; Thu 9, Fri 10, then Sat 11 (调休) is worked.
    assert add_working_days(D(2025, 9, 30), 2) == Due(D(2025, 10, 10))
    assert add_working_days(D(2025, 9, 30), 3) == Due(D(2025, 10, 11))
    # 15: 9,10,11 | 13–17 (8) | 20–24 (13) | 27, 28.
    assert add_working_days(D(2025, 9, 30), 15) == Due(D(2025, 10, 28))
    # Received Fri 26 Sep: Sun 28 Sep (调休) is the first working day, Mon 29 the second.
    assert add_working_days(D(2025, 9, 26), 2) == Due(D(2025, 9, 29))


def test_spring_festival_2026_and_both_make_up_saturdays() -> None:
    # Received Fri 13 Feb: Sat 14 (调休) is worked; 15–23 off; Tue 24 is the second.
    assert add_working_days(D(2026, 2, 13), 1) == Due(D(2026, 2, 14))
    assert add_working_days(D(2026, 2, 13), 2) == Due(D(2026, 2, 24))
    # 15: 14 | 24,25,26,27 (5) | Sat 28 (6) | 2–6 Mar (11) | 9,10,11,12 Mar.
    assert add_working_days(D(2026, 2, 13), 15) == Due(D(2026, 3, 12))
    assert is_workday(D(2026, 2, 28)) == (True, True)
    assert is_workday(D(2026, 2, 16)) == (False, True)


def test_working_days_between_skip_the_holiday() -> None:
    assert working_days_between(D(2025, 9, 30), D(2025, 10, 9)) == 1
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 24)) == 2
    assert working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0


def test_a_letter_of_20_december_2026_runs_into_an_unpublished_2027() -> None:
    # Sun 20 Dec: 21–25 (5), 28–31 (9), Fri 1 Jan 2027 guessed worked (10), 4–8 Jan (15).
    due = add_working_days(D(2026, 12, 20), 15)
    assert due == Due(D(2027, 1, 8), provisional=True)
    # Within 2026 the package knows every day: nothing provisional.
    assert add_working_days(D(2026, 12, 20), 9) == Due(D(2026, 12, 31))
    assert is_workday(D(2027, 1, 1)) == (True, False)


def test_an_entered_2027_schedule_takes_over_and_is_not_provisional() -> None:
    entered = Schedule(frozenset({2027}), {D(2027, 1, 1): False})
    # 1 Jan now a holiday: 4–8 Jan are 10–14, Mon 11 Jan the 15th.
    assert add_working_days(D(2026, 12, 20), 15, entered) == Due(D(2027, 1, 11))


def test_the_schedule_takes_precedence_over_the_package() -> None:
    # An admin's schedule for a known year wins: here 9 Oct is also made a holiday.
    holidays = {D(2025, 10, d): False for d in range(1, 10)}
    changed = Schedule(frozenset({2025}), {**holidays, D(2025, 10, 11): True})
    assert add_working_days(D(2025, 9, 30), 2, changed) == Due(D(2025, 10, 11))
    # An entered year is complete: a day it does not list follows the week, so the
    # package's 调休 Sunday 28 Sep is an ordinary Sunday here.
    assert is_workday(D(2025, 9, 28), changed) == (False, True)
