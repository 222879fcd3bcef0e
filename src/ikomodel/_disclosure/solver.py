"""The exact solver behind small-count suppression: which hidden figures the others fix.

Published figures are tied by :class:`Relation` records: a whole is the sum
of its parts, or at least their sum. Given the values of the published
figures, the hidden ones are the unknowns of a system of linear equations
(one slack variable per inequality) with every unknown 0 or more.

* :class:`System` groups the hidden figures that relations link
  (:meth:`System.component`) and writes a group's relations as equations
  (:meth:`System.equations`).
* :func:`echelon` brings a group's equations to reduced row echelon form,
  exactly in fractions, and says which hidden figures they fix;
  :func:`frees` says whether hiding one more figure lets a fixed one vary.
* :meth:`System.range` gives the least and greatest value a reader can
  derive for a hidden figure, by exact linear programming
  (:func:`maximise`, a two-phase simplex method with Bland's rule).

Everything is computed in :class:`~fractions.Fraction`: no rounding can make
a fixed figure look free.
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


def pivot(tableau: list[list[Fraction]], basis: list[int], row: int, column: int) -> None:
    pivot_row = tableau[row]
    factor = pivot_row[column]
    pivot_row[:] = [value / factor for value in pivot_row]
    for i, other in enumerate(tableau):
        if i != row and other[column] != 0:
            scale = other[column]
            other[:] = [a - scale * b for a, b in zip(other, pivot_row, strict=True)]
    basis[row] = column


def simplex(tableau: list[list[Fraction]], basis: list[int], cost: Sequence[Fraction]) -> bool:
    """Maximise ``cost`` over the tableau in place (Bland's rule); False when unbounded."""
    columns = len(tableau[0]) - 1 if tableau else 0
    while True:
        in_basis = set(basis)
        entering = None
        for j in range(columns):
            if j in in_basis:
                continue
            reduced = cost[j] - sum(cost[basis[i]] * row[j] for i, row in enumerate(tableau))
            if reduced > 0:
                entering = j
                break
        if entering is None:
            return True
        leaving, best = None, Fraction(0)
        for i, row in enumerate(tableau):
            if row[entering] > 0:
                ratio = row[-1] / row[entering]
                if leaving is None or ratio < best or (ratio == best and basis[i] < basis[leaving]):
                    leaving, best = i, ratio
        if leaving is None:
            return False
        pivot(tableau, basis, leaving, entering)


def maximise(rows: list[list[int]], rhs: list[int], objective: list[int]) -> Fraction | None:
    """Return max ``objective·x`` subject to ``rows·x = rhs`` and ``x >= 0``; None if unbounded.

    The system is known to be feasible (the true values satisfy it).
    """
    n, m = len(objective), len(rows)
    if m == 0:
        return None if any(c > 0 for c in objective) else Fraction(0)
    tableau: list[list[Fraction]] = []
    for i, (row, b) in enumerate(zip(rows, rhs, strict=True)):
        sign = -1 if b < 0 else 1
        tableau.append(
            [Fraction(sign * a) for a in row]
            + [Fraction(1 if j == i else 0) for j in range(m)]
            + [Fraction(sign * b)]
        )
    basis = [n + i for i in range(m)]
    simplex(tableau, basis, [Fraction(0)] * n + [Fraction(-1)] * m)
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
    cost = [Fraction(c) for c in objective]
    if not simplex(reduced, reduced_basis, cost):
        return None
    return sum(
        (cost[b] * row[-1] for b, row in zip(reduced_basis, reduced, strict=True)), Fraction(0)
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

    def range(self, key: FigureKey, hidden: set[FigureKey]) -> tuple[Fraction, Fraction | None]:
        """The least and greatest value of hidden ``key`` given every published figure."""
        keys, indices = self.component(key, hidden)
        rows, rhs, width = self.equations(keys, indices, tight=False)
        objective = [0] * width
        objective[0] = 1
        high = maximise(rows, rhs, objective)
        objective[0] = -1
        low = maximise(rows, rhs, objective)
        assert low is not None  # x >= 0 bounds the minimum
        return -low, high


@attrs.frozen
class Echelon:
    """The reduced row echelon form ``R = E·A`` of a component's equations."""

    keys: tuple[FigureKey, ...]
    indices: tuple[int, ...]
    pivots: dict[int, int]  # pivot column -> row
    rank: int
    transform: list[list[Fraction]]  # E
    known: frozenset[FigureKey]  # keys whose value the equations fix


def echelon(system: System, keys: list[FigureKey], indices: list[int]) -> Echelon:
    rows, _, width = system.equations(keys, indices, tight=True)
    m = len(rows)
    matrix = [
        [Fraction(v) for v in row] + [Fraction(int(i == j)) for j in range(m)]
        for i, row in enumerate(rows)
    ]
    pivots: dict[int, int] = {}
    rank = 0
    for column in range(width):
        found = next((r for r in range(rank, m) if matrix[r][column] != 0), None)
        if found is None:
            continue
        matrix[rank], matrix[found] = matrix[found], matrix[rank]
        pivot_row = matrix[rank]
        factor = pivot_row[column]
        if factor != 1:
            pivot_row[:] = [v / factor for v in pivot_row]
        for r in range(m):
            if r != rank and matrix[r][column] != 0:
                scale = matrix[r][column]
                other = matrix[r]
                other[:] = [a - scale * b for a, b in zip(other, pivot_row, strict=True)]
        pivots[column] = rank
        rank += 1
    known = frozenset(
        key
        for column, key in enumerate(keys)
        if column in pivots
        and all(
            matrix[pivots[column]][j] == 0 for j in range(width) if j != column and j not in pivots
        )
    )
    return Echelon(
        keys=tuple(keys),
        indices=tuple(indices),
        pivots=pivots,
        rank=rank,
        transform=[row[width:] for row in matrix],
        known=known,
    )


def frees(system: System, echelon: Echelon, target: FigureKey, candidate: FigureKey) -> bool:
    """Whether also hiding ``candidate`` leaves ``target`` (now known) able to vary."""
    inside = set(echelon.indices)
    if any(index not in inside for index in system.touching.get(candidate, ())):
        return False  # another relation would fix the candidate itself
    column = [0] * len(echelon.indices)
    for row, index in enumerate(echelon.indices):
        relation = system.relations[index]
        column[row] += relation.parts.count(candidate) - int(relation.whole == candidate)
    image = [
        sum((e * c for e, c in zip(row, column, strict=True) if c), Fraction(0))
        for row in echelon.transform
    ]
    if any(image[r] != 0 for r in range(echelon.rank, len(image))):
        return False  # the candidate would be fixed by the relations too
    return image[echelon.pivots[echelon.keys.index(target)]] != 0
