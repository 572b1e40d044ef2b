"""Small-cell suppression for every aggregate of attendee answers.

A figure under `THRESHOLD` answers could point at a person, so it is never
shown: it reads "fewer than 5". Hiding it is not enough where totals are shown,
because a hidden figure can often be recovered by subtracting the figures shown
from a total (or by combining several rows and columns). So the figures of one
set of results are suppressed together: each is an unknown in the linear
equations the tables state (a row's cells add up to its total, the columns to
theirs, shared margins are the same figure everywhere), and further figures are
hidden until no hidden one is determined by the equations and the figures shown.
Every page, export, API answer and report section goes through `suppress`.
"""

from collections.abc import Hashable, Iterable, Sequence
from fractions import Fraction

THRESHOLD = 5
SUPPRESSED = "fewer than 5"


def _rref(rows, columns):
    """The reduced row echelon form of `rows` (dicts column -> Fraction) over the
    given columns: [(pivot column, row)]."""
    rows = [dict(row) for row in rows if row]
    reduced = []
    for column in columns:
        pivot = next((row for row in rows if row.get(column)), None)
        if pivot is None:
            continue
        rows.remove(pivot)
        scale = pivot[column]
        pivot = {key: value / scale for key, value in pivot.items()}
        for others in (rows, [row for _c, row in reduced]):
            for row in others:
                factor = row.get(column)
                if factor:
                    for key, value in pivot.items():
                        updated = row.get(key, 0) - factor * value
                        if updated:
                            row[key] = updated
                        else:
                            row.pop(key, None)
        reduced.append((column, pivot))
    return reduced


def determined(hidden: set, equations: Sequence[Sequence[tuple]]) -> set:
    """The hidden figures that the equations and the figures shown pin down exactly.

    An unknown is determined when the unit vector on it lies in the row space of
    the equations restricted to the unknowns: in reduced echelon form, when its
    pivot row holds no other unknown.
    """
    restricted = [
        {key: Fraction(coefficient) for key, coefficient in equation if key in hidden}
        for equation in equations
    ]
    order = sorted(hidden, key=repr)
    return {column for column, row in _rref(restricted, order) if set(row) == {column}}


def suppress(
    figures: dict[Hashable, int],
    equations: Iterable[Sequence[tuple[Hashable, int]]],
    *,
    threshold: int = THRESHOLD,
) -> set:
    """The keys of the figures to hide.

    `equations` are the sums the tables show, each as [(key, coefficient)] adding
    up to zero (a row's cells with +1 and its total with -1). Every figure under
    the threshold is hidden; then, while a hidden figure can be worked out from
    what is shown, the smallest figure shown beside it in one of its equations is
    hidden too (cells before totals, so that the totals stay readable).
    """
    equations = [list(equation) for equation in equations]
    totals = {key for equation in equations for key, coefficient in equation if coefficient < 0}
    hidden = {key for key, value in figures.items() if value < threshold}

    def smallest(keys):
        return min(keys, key=lambda k: (k in totals, figures[k], repr(k)))

    def beside(keys):
        return {
            other
            for equation in equations
            if any(key in keys for key, _ in equation)
            for other, _ in equation
            if other not in hidden
        }

    while exposed := determined(hidden, equations):
        added = {smallest(partners) for key in exposed if (partners := beside({key}))}
        if not added:
            # Each exposed figure's own sums are fully hidden: widen to the rest.
            partners = beside(hidden)
            if not partners:
                break
            added = {smallest(partners)}
        hidden |= added
    return hidden


def shown(value, is_hidden):
    return SUPPRESSED if is_hidden else value
