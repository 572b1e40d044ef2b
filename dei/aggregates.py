"""The results of an attendee survey, in aggregate only, every figure passed
through the small-cell suppression of `dei.suppression` together, so that a
figure hidden in one table cannot be worked out from another."""

from dataclasses import dataclass

from dei.enums import NO_ANSWER, Agreement, FirstTime, Gender, YesNoPrefer
from dei.suppression import SUPPRESSED, THRESHOLD, shown, suppress

AGREEMENT = [*Agreement.values, None]
AGREEMENT_LABELS = [*Agreement.labels, NO_ANSWER]


def _values(choices):
    return [*choices.values, ""]


def _labels(choices):
    return [*choices.labels, NO_ANSWER]


@dataclass
class _Figures:
    """The figures of one survey's results and the sums its tables show."""

    answers: list

    def __post_init__(self):
        self.figures = {"answers": len(self.answers)}
        self.equations = []

    def count(self, **where):
        return sum(all(a[k] == v for k, v in where.items()) for a in self.answers)

    def distribution(self, question, values):
        """One question's answers: one figure per value, adding up to every answer."""
        keys = []
        for value in values:
            key = (question, value)
            self.figures[key] = self.count(**{question: value})
            keys.append(key)
        self.equations.append([(key, 1) for key in keys] + [("answers", -1)])
        return keys

    def crosstab(self, rows_question, row_values, column_question, column_values):
        """Two questions crossed: each row adds up to the row question's
        distribution, each column to the column question's."""
        row_totals = self.distribution(rows_question, row_values)
        column_totals = [(column_question, value) for value in column_values]
        cells = []
        for row in row_values:
            keys = []
            for column in column_values:
                key = (rows_question, row, column_question, column)
                self.figures[key] = self.count(**{rows_question: row, column_question: column})
                keys.append(key)
            cells.append(keys)
        for keys, total in zip(cells, row_totals, strict=True):
            self.equations.append([(key, 1) for key in keys] + [(total, -1)])
        for index, total in enumerate(column_totals):
            self.equations.append([(keys[index], 1) for keys in cells] + [(total, -1)])
        return cells, row_totals, column_totals


def survey_results(answers):
    """Plain data (for pages, the API and the report): the number of answers and
    the tables, every figure under 5 and each that would reveal one shown as
    "fewer than 5". `answers` are dicts of the answer fields."""
    found = _Figures(list(answers))
    if found.figures["answers"] < THRESHOLD:
        return {"answers": SUPPRESSED, "threshold": THRESHOLD, "tables": []}
    experience = found.distribution("experience", AGREEMENT)
    inclusion = found.distribution("inclusion", AGREEMENT)
    disability = found.distribution("disability", _values(YesNoPrefer))
    by_first_time = found.crosstab("first_time", _values(FirstTime), "inclusion", AGREEMENT)
    by_gender = found.crosstab("gender", _values(Gender), "inclusion", AGREEMENT)
    hidden = suppress(found.figures, found.equations)

    def show(key):
        return shown(found.figures[key], key in hidden)

    def one_row(title, label, keys, labels):
        row = {"label": label, "cells": [show(k) for k in keys], "total": show("answers")}
        return {"title": title, "columns": labels, "rows": [row], "totals": None}

    def crossed(title, crosstab, row_labels):
        cells, row_totals, column_totals = crosstab
        rows = [
            {"label": label, "cells": [show(k) for k in keys], "total": show(total)}
            for label, keys, total in zip(row_labels, cells, row_totals, strict=True)
        ]
        totals = {"cells": [show(k) for k in column_totals], "total": show("answers")}
        return {"title": title, "columns": AGREEMENT_LABELS, "rows": rows, "totals": totals}

    return {
        "answers": show("answers"),
        "threshold": THRESHOLD,
        "tables": [
            one_row("I had a good experience", "Everyone", experience, AGREEMENT_LABELS),
            one_row("I felt welcome and included", "Everyone", inclusion, AGREEMENT_LABELS),
            crossed(
                "Felt welcome and included, by first-time attendance",
                by_first_time,
                _labels(FirstTime),
            ),
            crossed("Felt welcome and included, by gender", by_gender, _labels(Gender)),
            one_row("Has a disability", "Everyone", disability, _labels(YesNoPrefer)),
        ],
    }
