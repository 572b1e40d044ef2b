"""Quarters, the periods of the council's reports."""

import datetime

import pytest

from cwg_portal.periods import Quarter


@pytest.mark.parametrize(
    ("day", "quarter", "start", "end"),
    [
        (
            datetime.date(2026, 1, 1),
            Quarter(2026, 1),
            datetime.date(2026, 1, 1),
            datetime.date(2026, 3, 31),
        ),
        (
            datetime.date(2024, 5, 31),
            Quarter(2024, 2),
            datetime.date(2024, 4, 1),
            datetime.date(2024, 6, 30),
        ),
        (
            datetime.date(2026, 12, 31),
            Quarter(2026, 4),
            datetime.date(2026, 10, 1),
            datetime.date(2026, 12, 31),
        ),
    ],
)
def test_a_day_falls_in_one_quarter_with_its_first_and_last_day(day, quarter, start, end):
    assert Quarter.containing(day) == quarter
    assert (quarter.start, quarter.end) == (start, end)


def test_quarters_step_across_the_year():
    assert (Quarter(2026, 4).next(), Quarter(2026, 1).previous()) == (
        Quarter(2027, 1),
        Quarter(2025, 4),
    )
    assert str(Quarter(2026, 3)) == "Q3 2026"


def test_a_fifth_quarter_is_refused():
    with pytest.raises(ValueError, match="quarters 1 to 4"):
        Quarter(2026, 5)
