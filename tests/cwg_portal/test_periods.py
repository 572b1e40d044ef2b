"""Quarters, the periods of the council's reports."""

import datetime

import pytest

from cwg_portal.periods import HalfYear, Quarter, parse, period_kind


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


@pytest.mark.parametrize(
    ("identifier", "period", "start", "end"),
    [
        ("2026Q3", Quarter(2026, 3), datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
        ("2026H2", HalfYear(2026, 2), datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)),
        ("2025h1", HalfYear(2025, 1), datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
    ],
)
def test_an_identifier_names_one_period_and_round_trips(identifier, period, start, end):
    found = parse(identifier)

    assert found == period
    assert (found.start, found.end, found.identifier) == (start, end, identifier.upper())


def test_half_years_step_across_the_year():
    assert (HalfYear(2026, 2).next(), HalfYear(2026, 1).previous()) == (
        HalfYear(2027, 1),
        HalfYear(2025, 2),
    )
    assert HalfYear.containing(datetime.date(2026, 6, 30)) == HalfYear(2026, 1)


@pytest.mark.parametrize("identifier", ["2026Q5", "2026H3", "Q3 2026", "2026", ""])
def test_a_malformed_or_impossible_identifier_is_refused(identifier):
    with pytest.raises(ValueError, match=r"2026Q3|half-years 1 to 2|quarters 1 to 4"):
        parse(identifier)


def test_the_period_setting_names_a_kind_of_period():
    assert (period_kind("quarter"), period_kind("half-year")) == (Quarter, HalfYear)
    with pytest.raises(ValueError, match="not “month”"):
        period_kind("month")
