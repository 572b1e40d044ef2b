"""An attacker's arithmetic on a survey's published results: every sum the tables
show (rows to their totals, columns to the margins, the margins to the grand
total, and the same figure shown in two tables) written as equations, with the
figures shown as constants; a hidden figure is recovered when the equations fix
its value. Built from the tables as published, not from the suppression's own
bookkeeping, so that it checks what a reader could actually do."""

from fractions import Fraction

from dei.suppression import SUPPRESSED

ANSWERS = ("answers",)
INCLUDED = "I felt welcome and included"


def _equations(results):
    """[(coefficients {position: ±1}, constant)] stating the published sums."""
    equations = []
    known = {}

    def figure(position, value):
        if value != SUPPRESSED:
            known[position] = value
        return position

    inclusion = None
    for number, table in enumerate(results["tables"]):
        rows = []
        for r, row in enumerate(table["rows"]):
            cells = [figure((number, r, c), v) for c, v in enumerate(row["cells"])]
            total = figure((number, r, "total"), row["total"])
            rows.append((cells, total))
            equations.append(({**dict.fromkeys(cells, 1), total: -1}, 0))
        if table["title"] == INCLUDED:
            inclusion = rows[0]
        if not table["totals"]:
            equations.append(({rows[0][1]: 1, ANSWERS: -1}, 0))
            continue
        margins = [figure((number, "all", c), v) for c, v in enumerate(table["totals"]["cells"])]
        grand = figure((number, "all", "total"), table["totals"]["total"])
        equations.append(({**dict.fromkeys(margins, 1), grand: -1}, 0))
        equations.append(({**{total: 1 for _, total in rows}, grand: -1}, 0))
        equations.append(({grand: 1, ANSWERS: -1}, 0))
        for c, margin in enumerate(margins):
            equations.append(({**{cells[c]: 1 for cells, _ in rows}, margin: -1}, 0))
        # The margins are the inclusion question's answers, shown in its own table too.
        for mine, theirs in zip(margins, inclusion[0], strict=True):
            equations.append(({mine: 1, theirs: -1}, 0))
    figure(ANSWERS, results["answers"])
    return equations, known


def _rank(rows, columns):
    rows = [dict(row) for row in rows if row]
    rank = 0
    for column in columns:
        pivot = next((row for row in rows if row.get(column)), None)
        if pivot is None:
            continue
        rows.remove(pivot)
        rank += 1
        for row in rows:
            factor = row.get(column)
            if factor:
                ratio = Fraction(factor, 1) / pivot[column]
                for key, value in pivot.items():
                    row[key] = row.get(key, 0) - ratio * value
                row = {k: v for k, v in row.items() if v}
        rows = [{k: v for k, v in row.items() if v} for row in rows]
    return rank


def recoverable(results):
    """The hidden positions whose value the published sums fix."""
    equations, known = _equations(results)
    unknowns = sorted(
        {p for coefficients, _ in equations for p in coefficients if p not in known}, key=repr
    )
    matrix = [
        {p: Fraction(c) for p, c in coefficients.items() if p not in known}
        for coefficients, _ in equations
    ]
    base = _rank(matrix, unknowns)
    return [
        position
        for position in unknowns
        if _rank([*matrix, {position: Fraction(1)}], unknowns) == base
    ]


def hidden_count(results):
    return sum(
        value == SUPPRESSED
        for table in results["tables"]
        for row in [*table["rows"], *([table["totals"]] if table["totals"] else [])]
        for value in [*row["cells"], row["total"]]
    )
