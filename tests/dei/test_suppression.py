"""Small-cell suppression: no figure under 5 is shown, and none hidden can be
worked out from the figures and totals that are."""

import random

import pytest

from dei.aggregates import survey_results
from dei.enums import Agreement, FirstTime, Gender, YesNoPrefer
from dei.suppression import SUPPRESSED, determined, suppress
from tests.dei.recovery import hidden_count, recoverable


def row(values, name):
    """One row of figures and its total, with the equation that ties them."""
    figures = {(name, i): v for i, v in enumerate(values)}
    figures[(name, "total")] = sum(values)
    equation = [((name, i), 1) for i in range(len(values))] + [((name, "total"), -1)]
    return figures, equation


def test_suppress_hides_every_figure_under_five_zero_included():
    figures = {"a": 0, "b": 4, "c": 5, "d": 40}

    assert suppress(figures, []) == {"a", "b"}


def test_suppress_hides_a_second_cell_where_the_total_would_give_the_first_away():
    figures, equation = row([3, 10, 12], "row")

    hidden = suppress(figures, [equation])

    # 25 - 10 - 12 would give the 3: the smallest other cell goes too.
    assert hidden == {("row", 0), ("row", 1)}


def test_suppress_protects_a_cell_recoverable_only_by_combining_rows_and_columns():
    # A 2x2 table with margins where the cells under 5 sit in one column: hiding
    # them alone leaves each recoverable from its row.
    cells = {("r0", "c0"): 2, ("r0", "c1"): 20, ("r1", "c0"): 3, ("r1", "c1"): 30}
    figures = {
        **cells,
        "r0": 22,
        "r1": 33,
        "c0": 5,
        "c1": 50,
        "all": 55,
    }
    equations = [
        [(("r0", "c0"), 1), (("r0", "c1"), 1), ("r0", -1)],
        [(("r1", "c0"), 1), (("r1", "c1"), 1), ("r1", -1)],
        [(("r0", "c0"), 1), (("r1", "c0"), 1), ("c0", -1)],
        [(("r0", "c1"), 1), (("r1", "c1"), 1), ("c1", -1)],
        [("r0", 1), ("r1", 1), ("all", -1)],
        [("c0", 1), ("c1", 1), ("all", -1)],
    ]

    hidden = suppress(figures, equations)

    assert determined(hidden, equations) == set()
    assert {("r0", "c0"), ("r1", "c0"), ("r0", "c1"), ("r1", "c1")} <= hidden


def random_answers(seed, count):
    rng = random.Random(seed)  # noqa: S311 - the same answers on every run, not a secret

    def pick(values, skew):
        return rng.choices([*values, ""], weights=[*skew, 1])[0]

    answers = []
    for _ in range(count):
        answers.append(
            {
                "experience": rng.choice([*Agreement.values, None]),
                "inclusion": rng.choices([*Agreement.values, None], [1, 1, 3, 8, 6, 1])[0],
                "first_time": pick(FirstTime.values, [6, 4, 1]),
                "gender": pick(Gender.values, [5, 7, 2, 1, 2]),
                "disability": pick(YesNoPrefer.values, [2, 9, 1]),
            }
        )
    return answers


@pytest.mark.parametrize("seed", range(30))
def test_survey_results_hide_no_figure_that_subtraction_recovers(seed):
    results = survey_results(random_answers(seed, count=5 + seed * 2))

    shown = [
        value
        for table in results["tables"]
        for line in [*table["rows"], *([table["totals"]] if table["totals"] else [])]
        for value in [*line["cells"], line["total"]]
    ]
    assert all(value == SUPPRESSED or value >= 5 for value in shown)
    assert hidden_count(results) > 0
    assert recoverable(results) == []


def test_survey_results_under_five_answers_show_nothing_but_that():
    results = survey_results(random_answers(1, count=4))

    assert results == {"answers": SUPPRESSED, "threshold": 5, "tables": []}


def test_the_attack_recovers_a_figure_hidden_alone_beside_its_total():
    # Hiding only the figure under 5 would be undone by subtraction: 20 - 8 - 9 = 3.
    results = {
        "answers": 20,
        "threshold": 5,
        "tables": [
            {
                "title": "Has a disability",
                "columns": ["Yes", "No", "Prefer not to say"],
                "rows": [{"label": "Everyone", "cells": [SUPPRESSED, 8, 9], "total": 20}],
                "totals": None,
            }
        ],
    }

    assert recoverable(results) == [(0, 0, 0)]
