"""The periods the working group reports on to the Executive Council: quarters
by the charter, half-years in practice (the `REPORT_PERIOD` setting chooses).
Each has an identifier, `2026Q3` or `2026H2`, that names its report."""

import datetime
import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class _Period:
    year: int
    number: int

    # Months in one period, and the letter of its identifier.
    months = 12
    letter = ""

    def __post_init__(self):
        count = 12 // self.months
        if self.number not in range(1, count + 1):
            raise ValueError(f"A year has {self.kind}s 1 to {count}, not {self.number}.")

    @classmethod
    def containing(cls, day):
        return cls(day.year, (day.month - 1) // cls.months + 1)

    @property
    def start(self):
        return datetime.date(self.year, self.months * (self.number - 1) + 1, 1)

    @property
    def end(self):
        return self.next().start - datetime.timedelta(days=1)

    @property
    def year_start(self):
        return datetime.date(self.year, 1, 1)

    @property
    def identifier(self):
        return f"{self.year}{self.letter}{self.number}"

    def next(self):
        count = 12 // self.months
        return type(self)(self.year + self.number // count, self.number % count + 1)

    def previous(self):
        count = 12 // self.months
        return type(self)(self.year - (self.number == 1), (self.number - 2) % count + 1)


class Quarter(_Period):
    months = 3
    letter = "Q"
    kind = "quarter"

    def __str__(self):
        return f"Q{self.number} {self.year}"


class HalfYear(_Period):
    months = 6
    letter = "H"
    kind = "half-year"

    def __str__(self):
        return f"H{self.number} {self.year}"


KINDS = {"quarter": Quarter, "half-year": HalfYear}
_IDENTIFIER = re.compile(r"^(?P<year>\d{4})(?P<letter>[QH])(?P<number>\d)$")


def parse(identifier):
    """The period an identifier names (`2026Q3`, `2026H2`); ValueError otherwise."""
    found = _IDENTIFIER.match(identifier.strip().upper())
    if found is None:
        raise ValueError(f"“{identifier}” is not a period: write it as 2026Q3 or 2026H2.")
    kind = Quarter if found["letter"] == "Q" else HalfYear
    return kind(int(found["year"]), int(found["number"]))


def period_kind(name):
    """The period class a setting names ("quarter" or "half-year")."""
    if name not in KINDS:
        raise ValueError(f"The report period is “quarter” or “half-year”, not “{name}”.")
    return KINDS[name]
