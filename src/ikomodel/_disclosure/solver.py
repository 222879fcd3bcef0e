"""The exact solver behind small-count suppression: what a reader can work out of hidden figures.

Published figures are tied by :class:`Relation` records: a whole is the sum
of its parts, or at least their sum. Given the values of the published
figures, the hidden ones are the unknowns of a system of linear equations
(one slack variable per inequality), every unknown at least 1 (a 0 is
published).

* :class:`System` groups the hidden figures that relations link
  (:meth:`System.component`) and writes a group's relations as equations
  (:meth:`System.equations`).
* :meth:`System.range` gives the least and greatest value a reader can
  derive for a hidden figure, by exact linear programming
  (:func:`maximise`, a two-phase simplex method with Bland's rule).

Everything is computed exactly, in integers while they stay whole and in
:class:`~fractions.Fraction` otherwise: no rounding can make a fixed figure
look free. The integer audit (``_disclosure.audit``) checks the result with
another solver.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from ikomodel._report.tables import RowKey

FigureKey = tuple[str, RowKey | None, str]
"""A figure of a report: ``(table, row, column)``, with ``row=None`` for a stated total."""


@attrs.frozen(kw_only=True)
class Relation:
    """A published relation between figures: ``whole`` is the sum of ``parts``.

    With ``exact=False`` the parts add up to *at most* the whole (e.g. the
    successful mediations are some of the concluded ones).
    """

    whole: FigureKey
    """The figure the parts make up."""
    parts: tuple[FigureKey, ...]
    """The figures that add up to (at most) the whole."""
    exact: bool = True
    """Whether the parts add up to exactly the whole (``False``: to at most the whole)."""

    def holds(self, values: Mapping[FigureKey, int]) -> bool:
        """Return whether every figure is present in ``values`` and the relation holds."""
        keys = (self.whole, *self.parts)
        if any(key not in values for key in keys):
            return False
        total = sum(values[part] for part in self.parts)
        return total == values[self.whole] if self.exact else total <= values[self.whole]

    @property
    def keys(self) -> tuple[FigureKey, ...]:
        """The whole and the parts."""
        return (self.whole, *self.parts)


# --- exact linear programming -------------------------------------------------------------


Number = Fraction | int
"""An exact number of the simplex tableau: an ``int`` while it stays whole, else a fraction."""


def pivot(tableau: list[list[Number]], basis: list[int], row: int, column: int) -> None:
    pivot_row = tableau[row]
    factor = pivot_row[column]
    if factor == -1:
        pivot_row[:] = [-value for value in pivot_row]
    elif factor != 1:
        pivot_row[:] = [Fraction(value) / factor for value in pivot_row]
    nonzero = [(j, value) for j, value in enumerate(pivot_row) if value]
    for i, other in enumerate(tableau):
        if i != row and other[column] != 0:
            scale = other[column]
            for j, value in nonzero:
                other[j] -= scale * value
    basis[row] = column


def simplex(tableau: list[list[Number]], basis: list[int], cost: Sequence[int]) -> bool:
    """Maximise ``cost`` over the tableau in place (Bland's rule); False when unbounded.

    The reduced costs are kept as one more row of the tableau, updated by
    every pivot like the others.
    """
    columns = len(tableau[0]) - 1 if tableau else 0
    weights = [(cost[b], row) for b, row in zip(basis, tableau, strict=True) if cost[b]]
    reduced: list[Number] = [
        (cost[j] if j < columns else 0) - sum(weight * row[j] for weight, row in weights)
        for j in range(columns + 1)
    ]
    tableau.append(reduced)
    try:
        while True:
            in_basis = set(basis)
            entering = next(
                (j for j in range(columns) if reduced[j] > 0 and j not in in_basis), None
            )
            if entering is None:
                return True
            leaving: int | None = None
            best = Fraction(0)
            for i in range(len(basis)):
                row = tableau[i]
                if row[entering] > 0:
                    ratio = Fraction(row[-1]) / row[entering]
                    if (
                        leaving is None
                        or ratio < best
                        or (ratio == best and basis[i] < basis[leaving])
                    ):
                        leaving, best = i, ratio
            if leaving is None:
                return False
            pivot(tableau, basis, leaving, entering)
    finally:
        tableau.pop()


def maximise(rows: list[list[int]], rhs: list[int], objective: list[int]) -> Fraction | None:
    """Return max ``objective·x`` subject to ``rows·x = rhs`` and ``x >= 0``; None if unbounded.

    The system is known to be feasible (the true values satisfy it).
    """
    n, m = len(objective), len(rows)
    if m == 0:
        return None if any(c > 0 for c in objective) else Fraction(0)
    tableau: list[list[Number]] = []
    for i, (row, b) in enumerate(zip(rows, rhs, strict=True)):
        sign = -1 if b < 0 else 1
        line: list[Number] = [sign * a for a in row]
        tableau.append(line + [1 if j == i else 0 for j in range(m)] + [sign * b])
    basis = [n + i for i in range(m)]
    simplex(tableau, basis, [0] * n + [-1] * m)
    keep: list[int] = []
    for i in range(m):
        if basis[i] >= n:
            column = next((j for j in range(n) if tableau[i][j] != 0), None)
            if column is None:
                continue  # a redundant relation
            pivot(tableau, basis, i, column)
        keep.append(i)
    reduced = [[*tableau[i][:n], tableau[i][-1]] for i in keep]
    reduced_basis = [basis[i] for i in keep]
    if not simplex(reduced, reduced_basis, objective):
        return None
    return Fraction(
        sum(objective[b] * row[-1] for b, row in zip(reduced_basis, reduced, strict=True))
    )


class System:
    """The relations of a report and its values, for finding which hidden figures are known."""

    def __init__(self, values: Mapping[FigureKey, int], relations: Sequence[Relation]) -> None:
        self.values = values
        self.relations = relations
        self.touching: dict[FigureKey, list[int]] = {}
        for index, relation in enumerate(relations):
            for key in relation.keys:
                self.touching.setdefault(key, []).append(index)

    def component(
        self, key: FigureKey, hidden: set[FigureKey]
    ) -> tuple[list[FigureKey], list[int]]:
        """The hidden figures linked to ``key`` through relations, and those relations."""
        keys, found, relations = [key], {key}, set()
        for current in keys:
            for index in self.touching.get(current, ()):
                if index in relations:
                    continue
                relations.add(index)
                for other in self.relations[index].keys:
                    if other in hidden and other not in found:
                        found.add(other)
                        keys.append(other)
        return keys, sorted(relations)

    def equations(
        self, keys: Sequence[FigureKey], indices: Sequence[int], *, tight: bool
    ) -> tuple[list[list[int]], list[int], int]:
        """The relations as equations ``rows·x = rhs`` over ``keys`` and one slack per inequality.

        With ``tight``, an inequality that holds with equality on the true
        values is taken as an equation (a smaller feasible set: safe).
        """
        position = {k: i for i, k in enumerate(keys)}
        slack_of: dict[int, int] = {}
        for index in indices:
            relation = self.relations[index]
            if not relation.exact and not (tight and self._is_tight(relation)):
                slack_of[index] = len(keys) + len(slack_of)
        width = len(keys) + len(slack_of)
        rows: list[list[int]] = []
        rhs: list[int] = []
        for index in indices:
            relation = self.relations[index]
            row = [0] * width
            constant = 0
            for sign, members in ((1, relation.parts), (-1, (relation.whole,))):
                for member in members:
                    if member in position:
                        row[position[member]] += sign
                    else:
                        constant -= sign * self.values[member]
            if index in slack_of:
                row[slack_of[index]] = 1
            rows.append(row)
            rhs.append(constant)
        return rows, rhs, width

    def _is_tight(self, relation: Relation) -> bool:
        values = self.values
        if any(key not in values for key in relation.keys):
            return False
        return sum(values[part] for part in relation.parts) == values[relation.whole]

    def range(
        self, key: FigureKey, hidden: set[FigureKey], *, floor: int = 1
    ) -> tuple[Fraction, Fraction | None]:
        """The least and greatest value of hidden ``key`` given every published figure.

        Every hidden figure is at least ``floor`` (a 0 is published, so a
        hidden count is 1 or more). Solved over the rationals: the interval
        contains the whole-number interval an integer program would give.
        """
        keys, indices = self.component(key, hidden)
        rows, rhs, width = self.equations(keys, indices, tight=False)
        # substitute x = floor + y with y >= 0 for every hidden figure
        rhs = [b - floor * sum(row[: len(keys)]) for row, b in zip(rows, rhs, strict=True)]
        objective = [0] * width
        objective[0] = 1
        high = maximise(rows, rhs, objective)
        objective[0] = -1
        low = maximise(rows, rhs, objective)
        assert low is not None  # y >= 0 bounds the minimum
        return floor - low, None if high is None else floor + high
