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
* :meth:`System.reaches`, :meth:`System.lowest` and :meth:`System.least`
  answer the same questions in whole numbers, by branch and bound over
  those exact linear programmes (:func:`integer_maximise`): a rational
  interval can be wider than any whole-number solution allows.

Everything is computed exactly, in integers while they stay whole and in
:class:`~fractions.Fraction` otherwise: no rounding can make a fixed figure
look free. The integer audit (``_disclosure.audit``) checks the result with
another solver.
"""

from __future__ import annotations

import math
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


@attrs.frozen
class Optimum:
    """The optimum of a linear programme: its value and a point that reaches it."""

    value: Fraction | None
    """The greatest value; ``None`` when the objective has no upper bound."""
    point: tuple[Fraction, ...]
    """An optimal point (empty when unbounded)."""


def optimise(rows: list[list[int]], rhs: list[int], objective: list[int]) -> Optimum | None:
    """Return max ``objective·x`` subject to ``rows·x = rhs`` and ``x >= 0``; None if infeasible."""
    n, m = len(objective), len(rows)
    if m == 0:
        if any(c > 0 for c in objective):
            return Optimum(value=None, point=())
        return Optimum(value=Fraction(0), point=(Fraction(0),) * n)
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
            if tableau[i][-1] != 0:
                return None  # an artificial variable stays positive: no point fits
            column = next((j for j in range(n) if tableau[i][j] != 0), None)
            if column is None:
                continue  # a redundant relation
            pivot(tableau, basis, i, column)
        keep.append(i)
    reduced = [[*tableau[i][:n], tableau[i][-1]] for i in keep]
    reduced_basis = [basis[i] for i in keep]
    if not simplex(reduced, reduced_basis, objective):
        return Optimum(value=None, point=())
    point = [Fraction(0)] * n
    for b, solved in zip(reduced_basis, reduced, strict=True):
        point[b] = Fraction(solved[-1])
    return Optimum(
        value=sum((objective[j] * point[j] for j in range(n)), Fraction(0)), point=tuple(point)
    )


def maximise(rows: list[list[int]], rhs: list[int], objective: list[int]) -> Fraction | None:
    """Return max ``objective·x`` subject to ``rows·x = rhs`` and ``x >= 0``; None if unbounded.

    The system is known to be feasible (the true values satisfy it).
    """
    found = optimise(rows, rhs, objective)
    assert found is not None  # the true values satisfy the system
    return found.value


@attrs.frozen
class Search:
    """What a branch-and-bound search found: a whole-number value reached, and a bound."""

    best: int | None
    """The greatest objective value of a whole-number point found (``None``: none found)."""
    bound: int | None
    """No whole-number point has more; ``None`` when the objective has no upper bound."""


NODES = 400
"""The most linear programmes one branch-and-bound search solves before it stops undecided."""


def integer_maximise(
    rows: list[list[int]],
    rhs: list[int],
    objective: list[int],
    whole: int,
    *,
    enough: int | None = None,
    nodes: int = NODES,
    root: Optimum | None = None,
) -> Search:
    """Maximise ``objective·x`` over ``rows·x = rhs``, ``x >= 0``, ``x[:whole]`` whole numbers.

    Branch and bound over the exact linear programmes of :func:`optimise`:
    a node whose optimum has a fractional ``x[j]`` (``j < whole``) splits
    into ``x[j] <= floor`` and ``x[j] >= ceil``. The objective has whole
    coefficients on ``x[:whole]`` only, so its value at a whole-number point
    is whole and a node's optimum rounded down bounds it. The search stops
    early once a whole-number point reaches ``enough``, or after ``nodes``
    linear programmes; :attr:`Search.bound` stays a true bound either way.
    The system must have a whole-number solution (the true values): then an
    unbounded linear programme means whole-number points without bound too.
    ``root`` is the optimum of the linear programme itself, when known.
    """
    width = len(objective)
    best: int | None = None
    # each open node: its branching bounds (column, at most?, bound) and its parent's bound
    stack: list[tuple[tuple[tuple[int, bool, int], ...], int | None]] = [((), None)]

    def bound() -> int | None:
        parents = [parent for _, parent in stack]
        if any(parent is None for parent in parents):
            return None
        return max([*(p for p in parents if p is not None), *([] if best is None else [best])])

    solved = 0
    while stack:
        if solved >= nodes or (enough is not None and best is not None and best >= enough):
            return Search(best=best, bound=bound())
        branches, parent = stack[-1]
        if best is not None and parent is not None and parent <= best:
            stack.pop()
            continue
        extra = len(branches)
        grown = [[*row, *([0] * extra)] for row in rows]
        grown_rhs = list(rhs)
        for i, (column, at_most, limit) in enumerate(branches):
            line = [0] * (width + extra)
            line[column] = 1
            line[width + i] = 1 if at_most else -1
            grown.append(line)
            grown_rhs.append(limit)
        if root is not None and not branches:
            found: Optimum | None = root
        else:
            found = optimise(grown, grown_rhs, [*objective, *([0] * extra)])
        solved += 1
        stack.pop()
        if found is None:
            continue  # no point in this branch
        if found.value is None:
            return Search(best=best, bound=None)
        ceiling = math.floor(found.value)
        if best is not None and ceiling <= best:
            continue
        fractional = next((j for j in range(whole) if found.point[j].denominator != 1), None)
        if fractional is None:
            best = ceiling
            continue
        split = found.point[fractional]
        stack.append(((*branches, (fractional, False, math.ceil(split))), ceiling))
        stack.append(((*branches, (fractional, True, math.floor(split))), ceiling))
    return Search(best=best, bound=best)


class Contradiction(Exception):  # noqa: N818 - an internal signal, not an error shown as such
    """No values of 1 or more fit the published figures and relations of this figure's group."""


class System:
    """The relations of a report and its values, for finding which hidden figures are known."""

    def __init__(self, values: Mapping[FigureKey, int], relations: Sequence[Relation]) -> None:
        self.values = values
        self.relations = relations
        self._roots: dict[
            tuple[FigureKey, frozenset[FigureKey], int, int],
            tuple[int, list[list[int]], list[int], list[int], Optimum],
        ] = {}
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

    def _optimum(
        self, key: FigureKey, hidden: set[FigureKey], sign: int, floor: int
    ) -> tuple[int, list[list[int]], list[int], list[int], Optimum]:
        """The equations of ``key``'s group and the rational optimum of ``sign * key``.

        Every hidden figure is written ``floor + y`` with ``y >= 0``. Returns
        the number of hidden figures (the first columns, ``key`` first), the
        rows, their right-hand sides, the objective and its optimum, which
        is kept for the same group and objective.
        """
        keys, indices = self.component(key, hidden)
        index = (key, frozenset(keys), sign, floor)
        if index not in self._roots:
            rows, rhs, width = self.equations(keys, indices, tight=False)
            rhs = [b - floor * sum(row[: len(keys)]) for row, b in zip(rows, rhs, strict=True)]
            objective = [0] * width
            objective[0] = sign
            found = optimise(rows, rhs, objective)
            if found is None:
                raise Contradiction(key)
            self._roots[index] = (len(keys), rows, rhs, objective, found)
        return self._roots[index]

    def range(
        self, key: FigureKey, hidden: set[FigureKey], *, floor: int = 1
    ) -> tuple[Fraction, Fraction | None]:
        """The least and greatest value of hidden ``key`` given every published figure.

        Every hidden figure is at least ``floor`` (a 0 is published, so a
        hidden count is 1 or more). Solved over the rationals: the interval
        contains the whole-number interval an integer program would give.
        """
        high = self._optimum(key, hidden, 1, floor)[-1].value
        low = self._optimum(key, hidden, -1, floor)[-1].value
        assert low is not None  # y >= 0 bounds the minimum
        return floor - low, None if high is None else floor + high

    def reaches(
        self, key: FigureKey, hidden: set[FigureKey], target: int, *, above: bool, floor: int = 1
    ) -> bool:
        """Whether hidden ``key`` can be ``target`` or more (``above``), or ``target`` or less.

        In whole numbers: some whole-number value of every hidden figure, each
        at least ``floor``, fits every published figure and relation with
        ``key`` there. Decided by branch and bound (:func:`integer_maximise`);
        a search that stops undecided answers ``False``, the safe answer for
        protection (hide more).
        """
        sign = 1 if above else -1
        whole, rows, rhs, objective, root = self._optimum(key, hidden, sign, floor)
        enough = sign * (target - floor)
        found = integer_maximise(rows, rhs, objective, whole, enough=enough, root=root)
        return found.bound is None or (found.best is not None and found.best >= enough)

    def least(self, key: FigureKey, hidden: set[FigureKey], *, floor: int = 1) -> int:
        """A whole number that hidden ``key`` cannot be less than, in whole numbers.

        The least whole-number value when the branch-and-bound search
        completes, and a lower bound of it when the search stops undecided.
        """
        whole, rows, rhs, objective, root = self._optimum(key, hidden, -1, floor)
        found = integer_maximise(rows, rhs, objective, whole, root=root)
        assert found.bound is not None  # y >= 0 bounds the minimum
        return floor - found.bound

    def lowest(self, key: FigureKey, hidden: set[FigureKey], *, floor: int = 1) -> int:
        """A whole-number value hidden ``key`` can take: the least, when the search completes.

        Never more than the figure's true value, which fits by definition.
        """
        whole, rows, rhs, objective, root = self._optimum(key, hidden, -1, floor)
        found = integer_maximise(rows, rhs, objective, whole, root=root)
        value = self.values[key]
        return value if found.best is None else min(value, floor - found.best)
