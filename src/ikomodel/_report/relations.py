"""The relations between the figures of a report: one catalogue, as data.

The figures of an annual report are tied together: a table's parts add up to
its total, one figure appears in two tables, the mediation funnel narrows
from requests to agreements. Each such relation is stated here once, as a
record, and :func:`catalogue` lists them for a report year. Reconciliation
(``_published.reconcile``) checks every relation of the catalogue; small-count
suppression (``_disclosure.suppress``) reasons with the same relations, as a
reader of the published figures would; the synthetic plan reads through
:func:`stated` the figures the catalogue declares the same.

Two kinds of record:

* :class:`SumRelation`: a whole is the sum of its parts (or at least their
  sum, for a ``subset``), with the parts a complete statement names, the
  optional ones (the row ``unknown``), and for country tables every row the
  report states (:class:`EveryRow`).
* :class:`SameFigure`: two figures denote the same quantity; the second is
  the reference the first is checked against.

The catalogue, in order (the order of reconciliation's findings):

1. **Each table's parts against its stated totals**, built from every
   table's specification (:data:`~ikomodel.TABLES`): the part rows of each
   column (a spec's ``parts``; ``unknown`` and the rows of older reports,
   ``both_parents``, optional; every stated country; the years of the
   span), except the multi-year prevention table (item 7).
2. **The same figure in two places**: the section totals of 1.3 to 1.6
   against their category in table 1.7 (second line); the totals of the
   abduction breakdowns (age, treaty, direction) against the abductions, and
   of the summer holiday's directions against its abductions; the case
   flow's total against the second-line cases and its closed cases against
   the closures by reason; contacts by client group against contacts
   by channel; not-started reasons against the funnel; the report year's
   row of the multi-year prevention tables against the year's prevention
   figures.
3. **Breakdowns that state no total of their own** (every figure of item 2
   that is a table's total): their parts against the figure elsewhere,
   used only when the breakdown's own total is absent (with it present, the
   relation follows from items 1 and 2).
4. **The second-line children against the sections**: table 1.7's children
   are the sum of its categories, and each section's children (1.3 to 1.6)
   is a known minimum of its category when table 1.7 does not state it.
5. **Country tables against their totals**: the countries of each
   direction are some of the abductions in that direction (section 1.5), and
   the countries of relocation and access cases (both directions together)
   some of the section's cases (1.4, 1.6); cases with another direction or no
   other country have no country row. A country table counted in children
   (its ``unit``, as press releases count) is checked against the children.
6. **The mediation funnel** of each kind of request (IKO and non-IKO), from
   the report's section *Mediation* (the cross-border mediation table and its
   text)::

       requests received   = awaiting a decision + not started + started (intake)
       started             = still in intake + stopped or unsuitable + mediations
       mediations          = concluded + still running
       concluded          >= successful (a full or mirror agreement)
       mediations         >= successful
       children heard     >= child interviews (an interview hears one child or more)

   The fifth step follows from the two before it; it is stated so that a
   report that gives mediations and successes but not the concluded ones is
   still checked.
7. **The multi-year prevention tables** (section 1.3 and its chart): each
   year's cases are the sum of that year's initiating parties, and each
   column's total the sum of its years; for the cases, the parties the chart
   gives are a known minimum of a year the table does not state.
8. **The summer holiday** (the press release of each autumn; its
   directions in item 2, its countries in item 5): the abductions of the
   summer are some of the year's.

8. **Rows republished by a later report** (:data:`REPUBLISHED`): the rows of
   the multi-year prevention tables for the years before the report year
   are the same figures as those rows in the earlier reports (and the
   report year's row is the same figure as that row in later reports).
   These tie two publications together, so they are not relations of one
   report's catalogue; suppression and its audit read them from here.

Relation ids name the table, the column and what the relation says
(``abductions:cases:parts``, ``relocation:cases:table_1_7``); they never
contain ``None``. The years of the multi-year tables depend on the report
year and the span (:func:`report_span`), and the country relations on the
unit of each country table, so the catalogue is a function of all three.

A statement of the text is no figure and has no relation here; but the
shares a text states of the parts of one whole may not add up to more than
100 %, and :meth:`SumRelation.has_part` says which figures are the disjoint
parts of a whole.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping

import attrs

from ikomodel._core.vocabulary import Category, Channel, MediationKind, Vocabulary
from ikomodel._report.report import AnnualReport
from ikomodel._report.statements import FigureRef
from ikomodel._report.tables import (
    PREVENTION_SPAN,
    TABLES,
    CaseFlow,
    Measure,
    RowKey,
    TableId,
    span_years,
)
from ikomodel._rules.classify import CameBack, Direction, InitiatingParty

SECTIONS: Mapping[TableId, Category] = {
    TableId.PREVENTION: Category.PREVENTION,
    TableId.RELOCATION: Category.RELOCATION_PERMISSION,
    TableId.ACCESS: Category.INTERNATIONAL_ACCESS,
    TableId.ABDUCTIONS: Category.ABDUCTION,
}
"""The section tables (1.3 to 1.6) and the category of table 1.7 each repeats."""

TABLE_1_7 = frozenset({TableId.FIRST_LINE, TableId.SECOND_LINE})
"""The two halves of table 1.7, the reference for the sections' figures."""

MEDIATION_FUNNEL: tuple[tuple[Measure, tuple[Measure, ...]], ...] = (
    (Measure.REQUESTS, (Measure.PENDING, Measure.NOT_STARTED, Measure.STARTED)),
    (Measure.STARTED, (Measure.IN_INTAKE, Measure.STOPPED, Measure.MEDIATIONS)),
    (Measure.MEDIATIONS, (Measure.CONCLUDED, Measure.RUNNING)),
    (Measure.CONCLUDED, (Measure.SUCCESSFUL,)),
    (Measure.MEDIATIONS, (Measure.SUCCESSFUL,)),
    (Measure.CHILDREN_HEARD, (Measure.CHILD_INTERVIEWS,)),
)
"""The steps of the mediation funnel: a whole and its parts; one part is some of the whole."""

REPUBLISHED: frozenset[TableId] = frozenset(
    {TableId.PREVENTION_YEARS, TableId.PREVENTION_YEARS_BY_INITIATOR}
)
"""The tables whose rows (years) a later report republishes: the same figures in two reports."""


def republished(table: str, row: RowKey | None, year: int) -> bool:
    """Return whether figure ``(table, row, ...)`` of the report of ``year`` repeats an earlier one.

    A row of a multi-year table for a year before the report year is the
    same figure as that row in the earlier report that also states it.

    >>> republished("prevention_years", 2020, 2021), republished("prevention_years", 2021, 2021)
    (True, False)
    """
    return (
        table in REPUBLISHED and isinstance(row, int) and not isinstance(row, bool) and row < year
    )


_ABDUCTION_BREAKDOWNS = (
    TableId.ABDUCTIONS_BY_AGE,
    TableId.ABDUCTIONS_BY_TREATY,
    TableId.ABDUCTIONS_BY_DIRECTION,
)
_SECTION_COUNTRIES = (
    (TableId.RELOCATION_COUNTRIES, TableId.RELOCATION),
    (TableId.ACCESS_COUNTRIES, TableId.ACCESS),
)
_DIRECTION_COUNTRIES = (
    (TableId.ABDUCTIONS_COUNTRIES, TableId.ABDUCTIONS_BY_DIRECTION),
    (TableId.SUMMER_ABDUCTIONS_COUNTRIES, TableId.SUMMER_ABDUCTIONS_BY_DIRECTION),
)
_DIRECTIONS = (Direction.TO_NETHERLANDS, Direction.FROM_NETHERLANDS)


@attrs.frozen(kw_only=True)
class EveryRow:
    """Every row an open table (countries) states in ``column``, each a part of a sum.

    The rows of a country table are not known in advance: they are the
    countries the report states.
    """

    table: TableId
    column: Vocabulary


@attrs.frozen(kw_only=True)
class SumRelation:
    """A relation between figures: ``whole`` is the sum of the parts.

    Attributes:
        id: The stable name of the relation (``table:column:what``).
        whole: The total.
        parts: The parts a complete statement names.
        optional: Parts that count when stated but need not be (the row ``unknown``).
        every_row: Columns of country tables each of whose stated rows is a part.
        subset: The parts are only some of the whole: ``whole >= sum(parts)``.
        gaps: Whether parts missing short of the whole are worth reporting;
            if not, only parts that add up to more than the whole are.
        lower_bounds: Per part (aligned with ``parts``, or empty): figures
            whose sum is a known minimum of the part when it is absent.
        only_without: The relation holds in general but is used only when
            this figure is absent: with it present, the relation follows
            from others (a breakdown's own total).
    """

    id: str
    whole: FigureRef
    parts: tuple[FigureRef, ...] = ()
    optional: tuple[FigureRef, ...] = ()
    every_row: tuple[EveryRow, ...] = ()
    subset: bool = False
    gaps: bool = True
    lower_bounds: tuple[tuple[FigureRef, ...], ...] = ()
    only_without: FigureRef | None = None

    @property
    def table(self) -> str:
        """The table the relation belongs to: the whole's."""
        return self.whole.table

    @property
    def refs(self) -> tuple[FigureRef, ...]:
        """Every figure the relation names (country rows aside)."""
        bounds = tuple(ref for refs in self.lower_bounds for ref in refs)
        without = () if self.only_without is None else (self.only_without,)
        return (self.whole, *self.parts, *self.optional, *bounds, *without)

    def every_row_in(self, report: AnnualReport) -> tuple[FigureRef, ...]:
        """The parts that are the rows ``report`` states of the tables of :attr:`every_row`."""
        return tuple(
            FigureRef(table=every.table, row=row, column=every.column)
            for every in self.every_row
            for row in report[every.table].rows
            if TABLES[every.table].is_part(row)
        )

    def has_part(self, ref: FigureRef) -> bool:
        """Return whether ``ref`` is one of the disjoint parts of the whole.

        The named and optional parts, and any row of the country tables of
        :attr:`every_row` (stated or not). No two parts count the same case
        or child.
        """
        if ref in self.parts or ref in self.optional:
            return True
        return ref.row is not None and any(
            (every.table, every.column) == (ref.table, ref.column)
            and TABLES[ref.table].is_part(ref.row)
            for every in self.every_row
        )


@attrs.frozen(kw_only=True)
class SameFigure:
    """A relation between figures: ``figure`` and ``reference`` denote the same quantity.

    Attributes:
        id: The stable name of the relation (``table:column:what``).
        figure: The figure that must agree.
        reference: The figure it is checked against.
    """

    id: str
    figure: FigureRef
    reference: FigureRef

    @property
    def table(self) -> str:
        """The table the relation belongs to: the figure's."""
        return self.figure.table

    @property
    def refs(self) -> tuple[FigureRef, ...]:
        """Both figures."""
        return (self.figure, self.reference)


FigureRelation = SumRelation | SameFigure
"""A relation of the catalogue."""


def _ref(table: TableId, row: RowKey | None, column: str) -> FigureRef:
    return FigureRef(table=table, row=row, column=column)


def _table_totals(years: range) -> Iterator[SumRelation]:
    """Item 1: each table's part rows against its stated totals."""
    for spec in TABLES.values():
        if spec.slug is TableId.PREVENTION_YEARS:
            continue  # item 7, with the chart's lower bounds
        for column in spec.columns:
            whole = _ref(spec.slug, None, column)
            name = f"{spec.slug}:{column}:parts"
            if spec.rows == "country":
                every = (EveryRow(table=spec.slug, column=column),)
                yield SumRelation(id=name, whole=whole, every_row=every)
                continue
            rows = [r for r in (years if spec.rows == "year" else spec.all_rows) if spec.is_part(r)]
            yield SumRelation(
                id=name,
                whole=whole,
                parts=tuple(_ref(spec.slug, r, column) for r in rows if not spec.is_optional(r)),
                optional=tuple(_ref(spec.slug, r, column) for r in rows if spec.is_optional(r)),
            )


def _same_figures(year: int, years: range) -> Iterator[SameFigure]:
    """Item 2: figures that appear in two places."""
    cases, children = Measure.CASES, Measure.CHILDREN
    for slug, category in SECTIONS.items():
        for column in (cases, children):
            yield SameFigure(
                id=f"{slug}:{column}:table_1_7",
                figure=_ref(slug, None, column),
                reference=_ref(TableId.SECOND_LINE, category, column),
            )
    for slug in _ABDUCTION_BREAKDOWNS:
        for column in (cases, children):
            if column in TABLES[slug].columns:
                yield SameFigure(
                    id=f"{slug}:{column}:abductions",
                    figure=_ref(slug, None, column),
                    reference=_ref(TableId.ABDUCTIONS, None, column),
                )
    for column in (cases, children):
        yield SameFigure(
            id=f"{TableId.SUMMER_ABDUCTIONS_BY_DIRECTION}:{column}:{TableId.SUMMER_ABDUCTIONS}",
            figure=_ref(TableId.SUMMER_ABDUCTIONS_BY_DIRECTION, None, column),
            reference=_ref(TableId.SUMMER_ABDUCTIONS, None, column),
        )
    yield SameFigure(
        id="second_line_flow:cases:second_line",
        figure=_ref(TableId.SECOND_LINE_FLOW, None, cases),
        reference=_ref(TableId.SECOND_LINE, None, cases),
    )
    yield SameFigure(
        id="second_line_closed:cases:flow",
        figure=_ref(TableId.SECOND_LINE_CLOSED, None, cases),
        reference=_ref(TableId.SECOND_LINE_FLOW, CaseFlow.CLOSED_IN_YEAR, cases),
    )
    for channel in Channel:
        yield SameFigure(
            id=f"contacts_by_client:{channel}:contacts",
            figure=_ref(TableId.CONTACTS_BY_CLIENT, None, channel),
            reference=_ref(TableId.CONTACTS, channel, Measure.CONTACTS),
        )
    for kind in MediationKind:
        yield SameFigure(
            id=f"mediation_not_started:{kind}:mediation",
            figure=_ref(TableId.MEDIATION_NOT_STARTED, None, kind),
            reference=_ref(TableId.MEDIATION, kind, Measure.NOT_STARTED),
        )
    if year not in years:
        return
    for column, target in (
        (cases, _ref(TableId.PREVENTION, None, cases)),
        (children, _ref(TableId.PREVENTION, None, children)),
        (Measure.CAME_BACK, _ref(TableId.PREVENTION_CAME_BACK, CameBack.YES, cases)),
    ):
        yield SameFigure(
            id=f"prevention_years:{column}:{year}",
            figure=_ref(TableId.PREVENTION_YEARS, year, column),
            reference=target,
        )
    for party in InitiatingParty:
        yield SameFigure(
            id=f"prevention_years_by_initiator:{party}:{year}",
            figure=_ref(TableId.PREVENTION_YEARS_BY_INITIATOR, year, party),
            reference=_ref(TableId.PREVENTION, party, cases),
        )


def _breakdowns_without_total(
    same: tuple[SameFigure, ...], totals: Mapping[FigureRef, SumRelation]
) -> Iterator[SumRelation]:
    """Item 3: a breakdown's parts against the figure elsewhere that is its total."""
    for relation in same:
        own = relation.figure
        if own.row is None:
            yield attrs.evolve(
                totals[own],
                id=f"{own.table}:{own.column}:parts_of_{relation.reference.table}",
                whole=relation.reference,
                only_without=own,
            )


def _section_children() -> SumRelation:
    """Item 4: the sections' children are lower bounds of their categories in table 1.7."""
    children = Measure.CHILDREN
    sections = {category: slug for slug, category in SECTIONS.items()}
    return SumRelation(
        id="second_line:children:sections",
        whole=_ref(TableId.SECOND_LINE, None, children),
        parts=tuple(_ref(TableId.SECOND_LINE, category, children) for category in Category),
        gaps=False,
        lower_bounds=tuple(
            (_ref(sections[category], None, children),) if category in sections else ()
            for category in Category
        ),
    )


def _unit(table: TableId, children: frozenset[str]) -> Measure:
    return Measure.CHILDREN if table in children else Measure.CASES


def _country_tables(children: frozenset[str]) -> Iterator[SumRelation]:
    """Item 5: the country tables are some of the figures they break down, in their unit."""
    for countries, by_direction in _DIRECTION_COUNTRIES:
        for way in _DIRECTIONS:
            yield SumRelation(
                id=f"{countries}:{way}:parts_of_{by_direction}",
                whole=_ref(by_direction, way, _unit(countries, children)),
                every_row=(EveryRow(table=countries, column=way),),
                subset=True,
                gaps=False,
            )
    for countries, section in _SECTION_COUNTRIES:
        yield SumRelation(
            id=f"{countries}:{'+'.join(_DIRECTIONS)}:parts_of_{section}",
            whole=_ref(section, None, _unit(countries, children)),
            every_row=tuple(EveryRow(table=countries, column=way) for way in _DIRECTIONS),
            subset=True,
            gaps=False,
        )


def _summer_of_the_year() -> Iterator[SumRelation]:
    """Item 8 (the rest): the abductions of the summer holiday are some of the year's."""
    for column in (Measure.CASES, Measure.CHILDREN):
        yield SumRelation(
            id=f"{TableId.SUMMER_ABDUCTIONS}:{column}:part_of_{TableId.ABDUCTIONS}",
            whole=_ref(TableId.ABDUCTIONS, None, column),
            parts=(_ref(TableId.SUMMER_ABDUCTIONS, None, column),),
            subset=True,
            gaps=False,
        )


def _mediation_funnel() -> Iterator[SumRelation]:
    """Item 6: the mediation funnel of each kind of request."""
    for kind in MediationKind:
        for whole, parts in MEDIATION_FUNNEL:
            yield SumRelation(
                id=f"mediation:{kind}:{whole}:" + "+".join(parts),
                whole=_ref(TableId.MEDIATION, kind, whole),
                parts=tuple(_ref(TableId.MEDIATION, kind, part) for part in parts),
                subset=len(parts) == 1,
                gaps=False,
            )


def _prevention_years(years: range) -> Iterator[SumRelation]:
    """Item 7: the multi-year prevention tables, the chart's parties as lower bounds."""
    years_table, parties_table = TableId.PREVENTION_YEARS, TableId.PREVENTION_YEARS_BY_INITIATOR
    cases = Measure.CASES
    for year in years:
        yield SumRelation(
            id=f"prevention_years_by_initiator:{year}:cases",
            whole=_ref(years_table, year, cases),
            parts=tuple(_ref(parties_table, year, party) for party in InitiatingParty),
            gaps=False,
        )
    for column in TABLES[years_table].columns:
        bounds = (
            tuple(tuple(_ref(parties_table, y, party) for party in InitiatingParty) for y in years)
            if column is cases
            else ()
        )
        yield SumRelation(
            id=f"{years_table}:{column}:parts",
            whole=_ref(years_table, None, column),
            parts=tuple(_ref(years_table, y, column) for y in years),
            gaps=False,
            lower_bounds=bounds,
        )


@functools.lru_cache(maxsize=64)
def catalogue(
    year: int, span: int = PREVENTION_SPAN, children: frozenset[str] = frozenset()
) -> tuple[FigureRelation, ...]:
    """Return every relation between the figures of the report of ``year``, in order.

    ``span`` is the number of years of the multi-year prevention tables,
    ending with ``year``; ``children`` names the country tables counted in
    children rather than cases. See the module documentation for the relations.

    >>> relations = catalogue(2021)
    >>> [r.id for r in relations if r.table == "abductions_by_direction"][:2]
    ['abductions_by_direction:cases:parts', 'abductions_by_direction:children:parts']
    """
    years = span_years(year, span)
    totals = tuple(_table_totals(years))
    same = tuple(_same_figures(year, years))
    by_whole = {relation.whole: relation for relation in totals}
    return (
        *totals,
        *same,
        *_breakdowns_without_total(same, by_whole),
        _section_children(),
        *_country_tables(children),
        *_mediation_funnel(),
        *_prevention_years(years),
        *_summer_of_the_year(),
    )


def by_table(year: int, span: int = PREVENTION_SPAN) -> dict[TableId, tuple[FigureRelation, ...]]:
    """Return the catalogue of ``year`` by table: each table's relations, in catalogue order.

    A relation belongs to the table of its whole (of its first figure, for
    the same figure in two places).

    >>> [r.id for r in by_table(2021)[TableId.MEDIATION_NOT_STARTED]][:2]
    ['mediation_not_started:iko:parts', 'mediation_not_started:niko:parts']
    """
    tables: dict[TableId, list[FigureRelation]] = {slug: [] for slug in TableId}
    for relation in catalogue(year, span):
        tables[TableId(relation.table)].append(relation)
    return {slug: tuple(found) for slug, found in tables.items()}


def report_span(report: AnnualReport) -> int:
    """Return the span of ``report``'s multi-year prevention tables.

    From the first year they state up to the report year; years after it are
    no part of the span. :data:`~ikomodel.PREVENTION_SPAN` when they state no
    year.
    """
    years = [
        row
        for slug in (TableId.PREVENTION_YEARS, TableId.PREVENTION_YEARS_BY_INITIATOR)
        if slug in report.tables
        for row in report.tables[slug].rows
        if isinstance(row, int) and row <= report.year
    ]
    return report.year - min(years) + 1 if years else PREVENTION_SPAN


def counted_in_children(report: AnnualReport) -> frozenset[str]:
    """Return the country tables of ``report`` whose counts are children (their ``unit``)."""
    return frozenset(
        slug for slug, table in report.tables.items() if table.unit is Measure.CHILDREN
    )


def of_report(report: AnnualReport) -> tuple[FigureRelation, ...]:
    """Return the catalogue of ``report``'s year, span and units: the relations its figures obey."""
    children = counted_in_children(report)
    span = report_span(report)
    return catalogue(report.year, span, children) if children else catalogue(report.year, span)


def stated(report: AnnualReport, ref: FigureRef) -> int | None:
    """Return figure ``ref`` of ``report``, or else a figure the catalogue declares the same.

    The figures are tried in catalogue order; ``None`` when none is stated.
    """
    value = ref.value_in(report)
    if value is not None:
        return value
    for relation in of_report(report):
        if isinstance(relation, SameFigure) and ref in relation.refs:
            other = relation.reference if ref == relation.figure else relation.figure
            if (value := other.value_in(report)) is not None:
                return value
    return None
