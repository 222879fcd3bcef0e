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
   The published figures are tied together by the relations of the one
   catalogue that reconciliation checks (``_report.relations``: each table's
   parts add up to its total, so the stated totals of a cross table's rows
   and columns both count; the same figure appears in two tables; the country
   tables; the mediation funnel; the multi-year prevention tables), and a
   reader knows that counts are 0 or more. A figure the report does not
   state is unknown: a relation with a part not stated tells only that the
   whole is at least the parts stated. A hidden cell that the relations fix gets a partner: the
   smallest published cell, in a relation with it, that lets it vary. A 0 is
   never a partner: a 1 hidden beside a 0 can be pinned down by the bound
   "0 or more" (the classic trap in a cross table), and a 0 hides nobody.
   As every hidden figure is then at least 1, whether it can vary is a
   question of linear algebra on its group of linked hidden figures. Only
   when no cell can protect it is a total hidden too.

Published totals stay the true totals; hidden cells have the status
``suppressed`` and no value, never 0. :func:`feasible_ranges` shows what a
reader can still work out about each hidden figure: the least and greatest
value given everything published, computed exactly by linear programming
(the solver is ``_disclosure.solver``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from ikomodel._core.display import Html, render, to_html
from ikomodel._core.errors import NotFoundError, Problem, ValidationError
from ikomodel._core.vocabulary import Lang, Taxonomy, Vocabulary, _labels
from ikomodel._disclosure import solver
from ikomodel._disclosure.solver import FigureKey, Relation
from ikomodel._report import relations
from ikomodel._report.labels import SUPPRESSION_MARK, phrase, row_label, taxonomy_notes
from ikomodel._report.relations import FigureRelation, SameFigure
from ikomodel._report.report import AnnualReport
from ikomodel._report.statements import FigureRef
from ikomodel._report.tables import TABLES, RowKey

OTHER_COUNTRIES = "other_countries"
"""The row key of the countries merged by collapsing."""


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
        return to_html(self, lang)

    def _repr_html_(self) -> str:
        return render(self)

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
        return phrase("other_countries", lang)
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
        taxonomies: The case taxonomy of each year the report counts, as in
            the report suppressed (:attr:`AnnualReport.taxonomies
            <ikomodel.AnnualReport.taxonomies>`). Not compared by ``==``.
    """

    year: int
    threshold: int
    tables: Mapping[str, SuppressedTable]
    relations: tuple[Relation, ...] = attrs.field(repr=False)
    taxonomies: Mapping[int, Taxonomy] = attrs.field(factory=dict, eq=False, repr=False)

    def notes(self, lang: Lang = "en") -> tuple[str, ...]:
        """Return the remarks a reader needs with the figures.

        As :meth:`AnnualReport.notes <ikomodel.AnnualReport.notes>` does.
        """
        return taxonomy_notes(self.taxonomies, lang)

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
        return to_html(self, lang)

    def _repr_html_(self) -> str:
        return render(self)

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


def _key(ref: FigureRef) -> FigureKey:
    return ref.table, ref.row, ref.column


def _usable(
    relation: FigureRelation,
    values: Mapping[FigureKey, int],
    columns: Mapping[tuple[str, str], Sequence[FigureKey]],
) -> Relation | None:
    """Return catalogue ``relation`` as a reader of the figures ``values`` can use it, if at all.

    ``columns`` holds the part cells of each country column (the collapsed
    row included). A figure the report does not state is unknown, 0 or more:
    a sum with one of its parts absent tells only that the whole is at least
    the parts present. A relation whose whole is absent or that names no
    part present tells nothing, and a breakdown's sum against the figure
    elsewhere (``only_without``) is used only when its own total is absent.
    """
    if isinstance(relation, SameFigure):
        whole, part = _key(relation.reference), _key(relation.figure)
        return Relation(whole=whole, parts=(part,)) if whole in values and part in values else None
    whole = _key(relation.whole)
    if whole not in values or (
        relation.only_without is not None and _key(relation.only_without) in values
    ):
        return None
    required = [_key(ref) for ref in relation.parts]
    parts = [key for key in required if key in values]
    parts += [key for ref in relation.optional if (key := _key(ref)) in values]
    for every in relation.every_row:
        parts += columns.get((every.table, every.column), ())
    if not parts:
        return None
    exact = not relation.subset and all(key in values for key in required)
    return Relation(whole=whole, parts=tuple(parts), exact=exact)


def _relations(
    report: AnnualReport,
    cells: Mapping[str, Mapping[tuple[RowKey, str], int]],
    values: Mapping[FigureKey, int],
) -> tuple[Relation, ...]:
    """The relations of the catalogue (``_report.relations``) that ``values`` satisfy, once each.

    Relations the report's own figures do not satisfy (a published report
    that does not add up) tell a reader nothing exact and are left out.
    """
    columns: dict[tuple[str, str], list[FigureKey]] = {}
    for slug, keys in cells.items():
        if TABLES[slug].rows == "country":
            for row, column in keys:
                columns.setdefault((slug, column), []).append((slug, row, column))
    usable = (_usable(relation, values, columns) for relation in relations.of_report(report))
    return tuple(dict.fromkeys(r for r in usable if r is not None and r.holds(values)))


def _protect(
    system: solver.System, primary: Iterable[FigureKey], order: Mapping[FigureKey, int]
) -> set[FigureKey]:
    """Return the primary figures plus the secondary ones that protect them.

    Every hidden figure is at least 1 (a 0 is never hidden), so the true
    values lie inside the bounds "0 or more" and a hidden figure can vary
    exactly when the relations alone do not fix it: a question of linear
    algebra, answered per connected group of hidden figures.
    """
    hidden = set(primary)
    totals = {key for key in system.values if key[1] is None}
    cache: dict[frozenset[FigureKey], solver.Echelon] = {}
    hopeless: set[FigureKey] = set()

    def cost(key: FigureKey) -> tuple[int, int]:
        return system.values[key], order[key]

    while True:
        known: list[tuple[FigureKey, solver.Echelon]] = []
        seen: set[FigureKey] = set()
        for key in sorted(hidden, key=order.__getitem__):
            if key in seen:
                continue
            keys, indices = system.component(key, hidden)
            seen.update(keys)
            group = frozenset(keys)
            if group not in cache:
                cache[group] = solver.echelon(system, keys, indices)
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
                if solver.frees(system, echelon, target, candidate):
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
    usable = _relations(report, cells, values)
    primary = [key for key, value in values.items() if key[1] is not None and 0 < value < threshold]
    hidden = _protect(solver.System(values, usable), primary, order)
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
        year=report.year,
        threshold=threshold,
        tables=tables,
        relations=usable,
        taxonomies=report.taxonomies,
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
    system = solver.System(known, published.relations)
    return {key: system.range(key, hidden) for key in published.suppressed}
