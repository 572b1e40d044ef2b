"""The quarters the working group reports on to the Executive Council."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self):
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"A year has quarters 1 to 4, not {self.number}.")

    @classmethod
    def containing(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self):
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self):
        return self.next().start - datetime.timedelta(days=1)

    def next(self):
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self):
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def __str__(self):
        return f"Q{self.number} {self.year}"
