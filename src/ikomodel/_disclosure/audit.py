"""An audit of a suppressed report by integer programming, independent of how it was suppressed.

:func:`audit` takes what a reader knows (``_disclosure.reader``: every
published figure, of the report and of the earlier reports given, the
relations between them, and that a hidden count is a whole number of 1 or
more) and asks a maintained solver, HiGHS through
:func:`scipy.optimize.milp`, for the least and greatest whole number each
hidden figure can be. It shares no code with the secondary suppression
(``_disclosure.suppress`` decides what to hide with an exact rational
simplex method): the two can only agree by both being right.

SciPy is an optional dependency (the extra ``disclosure``), imported only
when :func:`audit` runs, so ``import ikomodel`` does not load it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ikomodel._core.errors import MissingExtraError, Problem, ValidationError
from ikomodel._disclosure import reader
from ikomodel._disclosure.solver import FigureKey

if TYPE_CHECKING:
    from ikomodel._disclosure.suppress import SuppressedReport

_CONTRADICTION = (
    "the published figures contradict their relations: no whole numbers of 1 or more fit "
    "(is an earlier report a different edition?)"
)
_UNBOUNDED = 10**7
"""A bound no count reaches: a hidden figure that can reach it has no upper bound."""


def audit(
    published: SuppressedReport, *, earlier: Sequence[SuppressedReport] = ()
) -> dict[FigureKey, tuple[int, int | None]]:
    """Return each hidden figure's interval as a determined reader can work it out.

    The reader knows every published figure of ``published`` and of the
    ``earlier`` reports (whose rows ``published`` republishes), every
    relation between figures those reports keep, and that a hidden figure is
    a whole number of 1 or more (a 0 is always published). For each hidden
    figure the least and greatest whole number it can be, given all that, is
    found by integer programming (HiGHS, through SciPy); ``None`` as the
    upper end means no upper bound. After :func:`suppress`, every interval is
    at least the report's protection level wide.

    Raises:
        MissingExtraError: SciPy is not installed (the extra ``disclosure``).
        ValidationError: no whole numbers fit the published figures and
            their relations (reports that contradict each other).

    >>> import ikomodel
    >>> report = ikomodel.AnnualReport(year=2021, tables={"abductions": ikomodel.Table(
    ...     slug="abductions", cells={("mother", "cases"): 9, ("father", "cases"): 2,
    ...     ("relative", "cases"): 4, ("unknown", "cases"): 0}, totals={"cases": 15})})
    >>> audit(ikomodel.suppress(report, threshold=3))[("abductions", "father", "cases")]
    (1, 5)
    """
    try:
        import numpy as np  # noqa: PLC0415
        from scipy.optimize import Bounds, LinearConstraint, milp  # noqa: PLC0415
    except ImportError as error:
        raise MissingExtraError("disclosure", "scipy") from error

    current = reader.figures(published)
    model = reader.model(published.year, current, published.relations, earlier)
    targets = [key for key, value in current.items() if value is None and key not in model.known]
    unknowns = list(dict.fromkeys([*targets, *sorted(model.unknown, key=repr)]))
    position = {key: i for i, key in enumerate(unknowns)}
    rows: list[list[float]] = []
    lower: list[float] = []
    upper: list[float] = []
    for relation in model.relations:
        row = [0.0] * len(unknowns)
        constant = 0
        for sign, members in ((1, relation.parts), (-1, (relation.whole,))):
            for member in members:
                if member in position:
                    row[position[member]] += sign
                else:
                    constant += sign * model.known[member]
        if any(row):
            # parts - whole + constant == 0, or <= 0 for "at most"
            rows.append(row)
            upper.append(float(-constant))
            lower.append(float(-constant) if relation.exact else -np.inf)
    result: dict[FigureKey, tuple[int, int | None]] = {
        key: (model.known[key], model.known[key])
        for key, value in current.items()
        if value is None and key in model.known
    }
    for group, links in _components(len(unknowns), rows):
        matrix = np.array([[rows[r][c] for c in group] for r in links]).reshape(
            len(links), len(group)
        )
        constraints = (
            [LinearConstraint(matrix, [lower[r] for r in links], [upper[r] for r in links])]
            if links
            else []
        )
        integrality = np.ones(len(group))
        bounds = Bounds(np.ones(len(group)), np.full(len(group), float(_UNBOUNDED)))
        for column, index in enumerate(group):
            if index >= len(targets):
                continue
            ends: list[int] = []
            for sense in (1.0, -1.0):
                cost = np.zeros(len(group))
                cost[column] = sense
                solution = milp(
                    cost, integrality=integrality, bounds=bounds, constraints=constraints
                )
                if not solution.success:
                    raise ValidationError(
                        [Problem(path=str(targets[index]), message=_CONTRADICTION)]
                    ) from None
                ends.append(round(sense * solution.fun))
            low, high = ends
            result[targets[index]] = (low, None if high > _UNBOUNDED // 2 else high)
    return {key: result[key] for key in current if key in result}


def _components(size: int, rows: Sequence[Sequence[float]]) -> list[tuple[list[int], list[int]]]:
    """The unknowns (by index) that rows link, each group with its rows."""
    parent = list(range(size))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in rows:
        linked = [i for i, a in enumerate(row) if a]
        for i in linked[1:]:
            parent[find(i)] = find(linked[0])
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(size):
        groups.setdefault(find(i), ([], []))[0].append(i)
    for r, row in enumerate(rows):
        first = next(i for i, a in enumerate(row) if a)
        groups[find(first)][1].append(r)
    return list(groups.values())
