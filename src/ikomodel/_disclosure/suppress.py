"""Small-count suppression: publish a report so that no small count can be recovered.

A table cell of 1 for a small country can identify a child. :func:`suppress`
hides such cells in three steps:

1. **Collapsing** (optional): in the country tables, countries whose row
   adds up to less than ``collapse`` are merged into one
   :data:`OTHER_COUNTRIES` row.
2. **Primary suppression**: every cell from 1 to ``threshold - 1`` is hidden.
   A 0 is published: it counts nobody.
3. **Secondary suppression**: more cells are hidden until no hidden cell can
   be worked out from the published figures by addition and subtraction.
   The published figures are tied together by relations (each table's parts
   add up to its total, so the stated totals of a cross table's rows and
   columns both count; the same figure appears in two tables; the mediation
   funnel; the multi-year prevention table), and a reader knows that counts
   are 0 or more. A hidden cell that the relations fix gets a partner: the
   smallest published cell, in a relation with it, that lets it vary. A 0 is
   never a partner: a 1 hidden beside a 0 can be pinned down by the bound
   "0 or more" (the classic trap in a cross table), and a 0 hides nobody.
   As every hidden figure is then at least 1, whether it can vary is a
   question of linear algebra on its group of linked hidden figures. Only
   when no cell can protect it is a total hidden too.

Published totals stay the true totals; hidden cells have the status
``suppressed`` and no value, never 0. :func:`feasible_ranges` shows what a
reader can still work out about each hidden figure: the least and greatest
value given everything published, computed exactly by linear programming.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction

import attrs

from ikomodel._core.errors import NotFoundError, Problem, ValidationError
from ikomodel._core.vocabulary import Category, Channel, Lang, MediationKind, Vocabulary, _labels
from ikomodel._present.html import Html, report_html, table_html
from ikomodel._report.report import AnnualReport
from ikomodel._report.tables import (
    TABLES,
    Measure,
    RowKey,
    row_label,
)
from ikomodel._rules.classify import InitiatingParty

OTHER_COUNTRIES = "other_countries"
"""The row key of the countries merged by collapsing."""

SUPPRESSION_MARK = "x"
"""How a suppressed figure is shown in print (the Dutch statistical convention, *geheim*)."""

FigureKey = tuple[str, RowKey | None, str]
"""A figure of a report: ``(table, row, column)``, with ``row=None`` for a stated total."""


class FigureStatus(Vocabulary):
    """Whether a figure of a suppressed report is shown."""

    PUBLISHED = "published"
    SUPPRESSED = "suppressed"
    ABSENT = "absent"


_labels(
    FigureStatus,
    {
        "published": ("Gepubliceerd", "Published"),
        "suppressed": ("Geheim (klein aantal)", "Suppressed (small count)"),
        "absent": ("Niet beschikbaar", "Not available"),
    },
)


@attrs.frozen(kw_only=True)
class Relation:
    """A published relation between figures: ``whole`` is the sum of ``parts``.

    With ``exact=False`` the parts add up to *at most* the whole (e.g. the
    successful mediations are some of the concluded ones).
    """

    whole: FigureKey
    parts: tuple[FigureKey, ...]
    exact: bool = True

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


@attrs.frozen(kw_only=True)
class SuppressedTable:
    """One table of a suppressed report: published values, hidden cells marked.

    Attributes:
        slug: The table's slug.
        cells: Every cell by ``(row, column)``: its count, or ``None`` when suppressed.
        totals: The true stated totals by column (``None`` only in the rare
            case that a total had to be hidden to protect a cell).
        collapsed: The country rows merged into :data:`OTHER_COUNTRIES`.
    """

    slug: str
    cells: Mapping[tuple[RowKey, str], int | None]
    totals: Mapping[str, int | None]
    collapsed: tuple[RowKey, ...] = ()

    @property
    def rows(self) -> tuple[RowKey, ...]:
        """The rows, in report order (:data:`OTHER_COUNTRIES` last)."""
        return tuple(dict.fromkeys(row for row, _ in self.cells))

    def get(self, row: RowKey | None, column: str) -> int | None:
        """Return a published figure (``row=None`` for the total); ``None`` if hidden or absent."""
        if row is None:
            return self.totals.get(column)
        return self.cells.get((row, column))

    def status(self, row: RowKey | None, column: str) -> FigureStatus:
        """Return whether figure ``(row, column)`` is published, suppressed or absent."""
        if row is None:
            present, value = column in self.totals, self.totals.get(column)
        else:
            present, value = (row, column) in self.cells, self.cells.get((row, column))
        if not present:
            return FigureStatus.ABSENT
        return FigureStatus.PUBLISHED if value is not None else FigureStatus.SUPPRESSED

    def to_html(self, lang: Lang = "en") -> Html:
        """Return the table as escaped HTML with ``lang`` labels, suppressed cells marked."""
        return Html(table_html(self, lang, row_labels=suppressed_row_label))

    def _repr_html_(self) -> str:
        return table_html(self, row_labels=suppressed_row_label)

    def text(self, row: RowKey | None, column: str) -> str:
        """Return the figure as printed: the count, :data:`SUPPRESSION_MARK`, or ``""``."""
        status = self.status(row, column)
        if status is FigureStatus.SUPPRESSED:
            return SUPPRESSION_MARK
        return "" if status is FigureStatus.ABSENT else str(self.get(row, column))


def suppressed_row_label(row: RowKey | None, lang: Lang = "en") -> str:
    """Return the display label of a row of a suppressed table.

    >>> suppressed_row_label(OTHER_COUNTRIES, "nl")
    'Overige landen'
    """
    if row == OTHER_COUNTRIES:
        return "Overige landen" if lang == "nl" else "Other countries"
    return row_label(row, lang)


@attrs.frozen(kw_only=True)
class SuppressedReport:
    """An annual report ready for publication: small counts hidden.

    The hidden values are not kept anywhere in this object.

    Attributes:
        year: The report year.
        threshold: Cells from 1 to ``threshold - 1`` were suppressed.
        tables: The tables, by slug.
        relations: The relations between figures that a reader can use, as
            taken into account by the secondary suppression.
    """

    year: int
    threshold: int
    tables: Mapping[str, SuppressedTable]
    relations: tuple[Relation, ...] = attrs.field(repr=False)

    def __getitem__(self, slug: str) -> SuppressedTable:
        """Return table ``slug``.

        Raises:
            NotFoundError: the report has no table ``slug``.
        """
        try:
            return self.tables[slug]
        except KeyError:
            raise NotFoundError(
                f"no table {slug!r} in this report; tables: " + ", ".join(self.tables)
            ) from None

    def to_html(self, lang: Lang = "en") -> Html:
        """Return the report as short, escaped HTML with ``lang`` labels; hidden cells marked."""
        if lang == "nl":
            note = f"Aantallen van 1 tot en met {self.threshold - 1} zijn onderdrukt."
        else:
            note = f"Counts from 1 to {self.threshold - 1} are suppressed."
        return Html(report_html(self, lang, note=note, row_labels=suppressed_row_label))

    def _repr_html_(self) -> str:
        return self.to_html()

    def get(self, table: str, row: RowKey | None, column: str) -> int | None:
        """Return a published figure, or ``None`` when it is suppressed or absent."""
        return self[table].get(row, column)

    def status(self, table: str, row: RowKey | None, column: str) -> FigureStatus:
        """Return the status of a figure."""
        return self[table].status(row, column) if table in self.tables else FigureStatus.ABSENT

    @property
    def suppressed(self) -> tuple[FigureKey, ...]:
        """Every suppressed figure, table by table."""
        return tuple(key for key, value in _figures(self.tables).items() if value is None)


def _figures(tables: Mapping[str, SuppressedTable]) -> dict[FigureKey, int | None]:
    figures: dict[FigureKey, int | None] = {}
    for slug, table in tables.items():
        for (row, column), value in table.cells.items():
            figures[slug, row, column] = value
        for column, total in table.totals.items():
            figures[slug, None, column] = total
    return figures


# --- the relations a reader can use -------------------------------------------------------

_SECTIONS = {
    "prevention": Category.PREVENTION,
    "relocation": Category.RELOCATION_PERMISSION,
    "access": Category.INTERNATIONAL_ACCESS,
    "abductions": Category.ABDUCTION,
}
_ABDUCTION_TABLES = ("abductions_by_age", "abductions_by_treaty", "abductions_by_direction")
_FUNNEL: tuple[tuple[Measure, tuple[Measure, ...], bool], ...] = (
    (Measure.REQUESTS, (Measure.PENDING, Measure.NOT_STARTED, Measure.STARTED), True),
    (Measure.STARTED, (Measure.IN_INTAKE, Measure.STOPPED, Measure.MEDIATIONS), True),
    (Measure.MEDIATIONS, (Measure.CONCLUDED, Measure.RUNNING), True),
    (Measure.CONCLUDED, (Measure.SUCCESSFUL,), False),
    (Measure.CHILDREN_HEARD, (Measure.CHILD_INTERVIEWS,), False),
)


def _candidate_relations(
    year: int,
    cells: Mapping[str, Iterable[tuple[RowKey, str]]],
    totals: Mapping[str, Iterable[str]],
) -> Iterator[Relation]:
    cases, children = Measure.CASES.value, Measure.CHILDREN.value
    for slug, keys in cells.items():
        spec = TABLES[slug]
        for column in totals.get(slug, ()):
            parts = tuple(
                (slug, row, col) for row, col in keys if col == column and spec.is_part(row)
            )
            yield Relation(whole=(slug, None, column), parts=parts)
    for slug, category in _SECTIONS.items():
        for column in (cases, children):
            yield Relation(whole=(slug, None, column), parts=(("second_line", category, column),))
    for slug in _ABDUCTION_TABLES:
        for column in (cases, children):
            yield Relation(whole=("abductions", None, column), parts=((slug, None, column),))
    yield Relation(whole=("second_line", None, cases), parts=(("second_line_flow", None, cases),))
    yield Relation(
        whole=("second_line_flow", "closed_in_year", cases),
        parts=(("second_line_closed", None, cases),),
    )
    for channel in Channel:
        yield Relation(
            whole=("contacts", channel, Measure.CONTACTS),
            parts=(("contacts_by_client", None, channel),),
        )
    for kind in MediationKind:
        yield Relation(
            whole=("mediation", kind, Measure.NOT_STARTED),
            parts=(("mediation_not_started", None, kind),),
        )
        for measure, measures, exact in _FUNNEL:
            yield Relation(
                whole=("mediation", kind, measure),
                parts=tuple(("mediation", kind, part) for part in measures),
                exact=exact,
            )
    for column, target in (
        (cases, ("prevention", None, cases)),
        (children, ("prevention", None, children)),
        (Measure.CAME_BACK.value, ("prevention_came_back", "yes", cases)),
    ):
        yield Relation(whole=target, parts=(("prevention_years", year, column),))
    for party in InitiatingParty:
        yield Relation(
            whole=("prevention", party, cases),
            parts=(("prevention_years_by_initiator", year, party),),
        )
    years = {row for row, _ in cells.get("prevention_years_by_initiator", ())}
    for row in sorted(years, key=str):
        yield Relation(
            whole=("prevention_years", row, cases),
            parts=tuple(("prevention_years_by_initiator", row, p) for p in InitiatingParty),
        )
    for way in ("to_netherlands", "from_netherlands"):
        countries = tuple(
            ("abductions_countries", row, col)
            for row, col in cells.get("abductions_countries", ())
            if col == way
        )
        yield Relation(whole=("abductions_by_direction", way, cases), parts=countries, exact=False)


# --- exact linear programming -------------------------------------------------------------


def _pivot(tableau: list[list[Fraction]], basis: list[int], row: int, column: int) -> None:
    pivot_row = tableau[row]
    factor = pivot_row[column]
    pivot_row[:] = [value / factor for value in pivot_row]
    for i, other in enumerate(tableau):
        if i != row and other[column] != 0:
            scale = other[column]
            other[:] = [a - scale * b for a, b in zip(other, pivot_row, strict=True)]
    basis[row] = column


def _simplex(tableau: list[list[Fraction]], basis: list[int], cost: Sequence[Fraction]) -> bool:
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
        _pivot(tableau, basis, leaving, entering)


def _maximise(rows: list[list[int]], rhs: list[int], objective: list[int]) -> Fraction | None:
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
    _simplex(tableau, basis, [Fraction(0)] * n + [Fraction(-1)] * m)
    keep: list[int] = []
    for i in range(m):
        if basis[i] >= n:
            column = next((j for j in range(n) if tableau[i][j] != 0), None)
            if column is None:
                continue  # a redundant relation
            _pivot(tableau, basis, i, column)
        keep.append(i)
    reduced = [[*tableau[i][:n], tableau[i][-1]] for i in keep]
    reduced_basis = [basis[i] for i in keep]
    cost = [Fraction(c) for c in objective]
    if not _simplex(reduced, reduced_basis, cost):
        return None
    return sum(
        (cost[b] * row[-1] for b, row in zip(reduced_basis, reduced, strict=True)), Fraction(0)
    )


class _System:
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
        high = _maximise(rows, rhs, objective)
        objective[0] = -1
        low = _maximise(rows, rhs, objective)
        assert low is not None  # x >= 0 bounds the minimum
        return -low, high


@attrs.frozen
class _Echelon:
    """The reduced row echelon form ``R = E·A`` of a component's equations."""

    keys: tuple[FigureKey, ...]
    indices: tuple[int, ...]
    pivots: dict[int, int]  # pivot column -> row
    rank: int
    transform: list[list[Fraction]]  # E
    known: frozenset[FigureKey]  # keys whose value the equations fix


def _echelon(system: _System, keys: list[FigureKey], indices: list[int]) -> _Echelon:
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
    return _Echelon(
        keys=tuple(keys),
        indices=tuple(indices),
        pivots=pivots,
        rank=rank,
        transform=[row[width:] for row in matrix],
        known=known,
    )


def _frees(system: _System, echelon: _Echelon, target: FigureKey, candidate: FigureKey) -> bool:
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


def _protect(
    system: _System, primary: Iterable[FigureKey], order: Mapping[FigureKey, int]
) -> set[FigureKey]:
    """Return the primary figures plus the secondary ones that protect them.

    Every hidden figure is at least 1 (a 0 is never hidden), so the true
    values lie inside the bounds "0 or more" and a hidden figure can vary
    exactly when the relations alone do not fix it: a question of linear
    algebra, answered per connected group of hidden figures.
    """
    hidden = set(primary)
    totals = {key for key in system.values if key[1] is None}
    cache: dict[frozenset[FigureKey], _Echelon] = {}
    hopeless: set[FigureKey] = set()

    def cost(key: FigureKey) -> tuple[int, int]:
        return system.values[key], order[key]

    while True:
        known: list[tuple[FigureKey, _Echelon]] = []
        seen: set[FigureKey] = set()
        for key in sorted(hidden, key=order.__getitem__):
            if key in seen:
                continue
            keys, indices = system.component(key, hidden)
            seen.update(keys)
            group = frozenset(keys)
            if group not in cache:
                cache[group] = _echelon(system, keys, indices)
            echelon = cache[group]
            known.extend((k, echelon) for k in echelon.keys if k in echelon.known)
        known = sorted(
            (item for item in known if item[0] not in hopeless), key=lambda i: order[i[0]]
        )
        if not known:
            return hidden
        target, echelon = known[0]
        linked = {
            key
            for index in echelon.indices
            for key in system.relations[index].keys
            if key not in hidden and system.values[key] > 0
        }
        chosen = None
        for pool in (linked - totals, linked & totals):
            for candidate in sorted(pool, key=cost):
                if _frees(system, echelon, target, candidate):
                    chosen = candidate
                    break
            if chosen is not None:
                break
        if chosen is None:
            near = {
                key
                for index in system.touching.get(target, ())
                for key in system.relations[index].keys
                if key not in hidden and system.values[key] > 0
            }
            pool = (near - totals) or near or (linked - totals) or linked
            if not pool:
                hopeless.add(target)
                continue
            chosen = min(pool, key=cost)
        hidden.add(chosen)


# --- the public functions -----------------------------------------------------------------


def _check_counts(threshold: object, collapse: object) -> None:
    problems: list[Problem] = []
    for name, value, optional in (("threshold", threshold, False), ("collapse", collapse, True)):
        if optional and value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems.append(
                Problem(path=name, message=f"{name} is a whole number of 1 or more, such as 5")
            )
    if problems:
        raise ValidationError(problems)


def _collapsed(
    slug: str, cells: Mapping[tuple[RowKey, str], int], collapse: int | None
) -> tuple[dict[tuple[RowKey, str], int], tuple[RowKey, ...]]:
    if collapse is None or TABLES[slug].rows != "country":
        return dict(cells), ()
    sizes: dict[RowKey, int] = {}
    for (row, _), value in cells.items():
        sizes[row] = sizes.get(row, 0) + value
    small = tuple(row for row, size in sizes.items() if size < collapse)
    if not small:
        return dict(cells), ()
    result: dict[tuple[RowKey, str], int] = {}
    other: dict[str, int] = {}
    for (row, column), value in cells.items():
        if row in small:
            other[column] = other.get(column, 0) + value
        else:
            result[row, column] = value
    for column, value in other.items():
        result[OTHER_COUNTRIES, column] = value
    return result, small


def suppress(
    report: AnnualReport, *, threshold: int, collapse: int | None = None
) -> SuppressedReport:
    """Return ``report`` ready for publication, its small counts hidden.

    Args:
        report: The report to publish (computed or published figures).
        threshold: The smallest count that may be shown; every cell from 1 to
            ``threshold - 1`` is suppressed (primary suppression). No default:
            the threshold is a policy decision.
        collapse: When given, country rows adding up to less than ``collapse``
            are first merged into one :data:`OTHER_COUNTRIES` row.

    Then more cells are suppressed (secondary suppression) until every
    suppressed figure can take at least two values given all published
    figures and the relations between them (see :func:`feasible_ranges`).
    Totals are published as they are; only when a cell cannot be protected
    otherwise is a total suppressed too. Relations that the report's own
    figures do not satisfy (a published report that does not add up) are
    not used: they tell a reader nothing exact.

    Raises:
        ValidationError: ``threshold`` or ``collapse`` is not a whole number of 1 or more.

    >>> from ikomodel import Table
    >>> report = AnnualReport(year=2021, tables={"abductions": Table(slug="abductions",
    ...     cells={("mother", "cases"): 9, ("father", "cases"): 2, ("relative", "cases"): 4,
    ...            ("unknown", "cases"): 0}, totals={"cases": 15})})
    >>> published = suppress(report, threshold=3)["abductions"]
    >>> [published.text(row, "cases") for row in ("mother", "father", "relative", "unknown")]
    ['9', 'x', 'x', '0']
    >>> published.get(None, "cases")
    15
    """
    _check_counts(threshold, collapse)
    cells: dict[str, dict[tuple[RowKey, str], int]] = {}
    collapsed: dict[str, tuple[RowKey, ...]] = {}
    values: dict[FigureKey, int] = {}
    order: dict[FigureKey, int] = {}
    for slug, table in report.tables.items():
        cells[slug], collapsed[slug] = _collapsed(slug, table.cells, collapse)
        for (row, column), value in cells[slug].items():
            order[slug, row, column] = len(order)
            values[slug, row, column] = value
        for column, value in table.totals.items():
            order[slug, None, column] = len(order)
            values[slug, None, column] = value
    relations = tuple(
        relation
        for relation in _candidate_relations(
            report.year, cells, {slug: t.totals for slug, t in report.tables.items()}
        )
        if relation.holds(values)
    )
    primary = [key for key, value in values.items() if key[1] is not None and 0 < value < threshold]
    hidden = _protect(_System(values, relations), primary, order)
    tables = {
        slug: SuppressedTable(
            slug=slug,
            cells={
                (row, column): None if (slug, row, column) in hidden else value
                for (row, column), value in cells[slug].items()
            },
            totals={
                column: None if (slug, None, column) in hidden else value
                for column, value in table.totals.items()
            },
            collapsed=collapsed[slug],
        )
        for slug, table in report.tables.items()
    }
    return SuppressedReport(
        year=report.year, threshold=threshold, tables=tables, relations=relations
    )


def feasible_ranges(
    published: SuppressedReport,
) -> dict[FigureKey, tuple[Fraction, Fraction | None]]:
    """Return, for each suppressed figure, the least and greatest value a reader can derive.

    The reader knows every published figure, the relations between figures
    and that counts are 0 or more; ``None`` as the upper end means no upper
    bound. After :func:`suppress` the two ends differ for every figure.

    >>> from ikomodel import Table
    >>> report = AnnualReport(year=2021, tables={"abductions": Table(slug="abductions",
    ...     cells={("mother", "cases"): 9, ("father", "cases"): 2, ("relative", "cases"): 4,
    ...            ("unknown", "cases"): 0}, totals={"cases": 15})})
    >>> ranges = feasible_ranges(suppress(report, threshold=3))
    >>> ranges["abductions", "father", "cases"]
    (Fraction(0, 1), Fraction(6, 1))
    """
    figures = _figures(published.tables)
    hidden = {key for key, value in figures.items() if value is None}
    known = {key: value for key, value in figures.items() if value is not None}
    system = _System(known, published.relations)
    return {key: system.range(key, hidden) for key in published.suppressed}
