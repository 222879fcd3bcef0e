"""The annual report as data: tables of counts, stated totals, and quoted text statements.

An :class:`AnnualReport` is a set of named :class:`Table` objects (see
:data:`~ikomodel.TABLE_SPECS`). A table maps ``(row, column)`` to a count and
keeps its *stated* totals separately from its parts, because published totals
do not always equal the sum of their parts. A figure that is absent is absent,
never 0: :meth:`Table.get` returns ``None`` for it. The same type holds a
report computed from a register (:func:`~ikomodel.annual_report`, every figure
present and every total equal to its parts) and a published report
(:func:`~ikomodel.published_figures`, only what the publication states, plus
its text statements such as "67%" or "1.657 meer dan in 2020", see
``_report.statements``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import cast

import attrs

from ikomodel._core.display import Html, render, to_html
from ikomodel._core.errors import Problem, ValidationError
from ikomodel._core.vocabulary import Lang, Taxonomy
from ikomodel._report.labels import taxonomy_notes
from ikomodel._report.ranking import rank
from ikomodel._report.statements import Statement, statements_of_year
from ikomodel._report.tables import (
    TABLES,
    UNKNOWN,
    Measure,
    RowKey,
    TableSpec,
    table_spec,
)


def _count_problem(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "a count is a whole number (JSON integer), such as 12"
    if value < 0:
        return "a count is 0 or more"
    return None


def _as_unit(value: Measure | str | None) -> Measure | None:
    """The measure a slug names; any other value is left for the table's check to report."""
    if isinstance(value, str) and value in set(Measure):
        return Measure(value)
    return cast("Measure | None", value)


@attrs.frozen(kw_only=True, eq=True)
class Table:
    """One table of an annual report: counts per ``(row, column)`` and stated totals.

    Row and column keys are checked against the table's :class:`TableSpec`
    and normalised (vocabulary members, upper-case country codes, ``int``
    years). Absent cells and totals are absent, not 0.

    Attributes:
        slug: The table's slug, one of :data:`~ikomodel.TABLES`.
        cells: The counts by ``(row, column)``.
        totals: The stated totals by column, kept apart from the parts.
        source: Where the figures were published (section, table or chart).
        note: A remark on how the figures were read.
        remainder: The row the source defines as "the rest" without giving
            its count (e.g. "the other contacts were with professionals").
        unit: What the counts of a country table count: cases (the annual
            reports) or children (press releases); ``None`` for every other
            table, whose columns say what they count.
        period: The period within the year that the figures cover, as the
            publication words it (``"zomervakantie 2021"``); only for the
            summer-holiday tables.

    >>> t = Table(slug="abductions", cells={("mother", "cases"): 110}, totals={"cases": 164})
    >>> t.get("mother", "cases"), t.get("father", "cases"), t.total("cases")
    (110, None, 164)
    """

    slug: str
    cells: Mapping[tuple[RowKey, str], int] = attrs.field(factory=dict)
    totals: Mapping[str, int] = attrs.field(factory=dict)
    source: str | None = attrs.field(default=None, eq=False)
    note: str | None = attrs.field(default=None, eq=False)
    remainder: RowKey | None = None
    unit: Measure | None = attrs.field(default=None, converter=_as_unit)
    period: str | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        try:
            spec = table_spec(self.slug)
        except LookupError as error:
            raise ValidationError.single("slug", str(error)) from None
        self._check_unit_and_period(spec, problems)
        cells: dict[tuple[RowKey, str], int] = {}
        for key, value in self.cells.items():
            path = "cells." + ".".join(map(str, key)) if isinstance(key, tuple) else "cells"
            try:
                raw_row, raw_column = key
                row, column = spec.row(raw_row), spec.column(raw_column)
            except (ValueError, TypeError) as error:
                problems.append(Problem(path=path, message=f"not a cell of {spec.slug}: {error}"))
                continue
            if (message := _count_problem(value)) is not None:
                problems.append(Problem(path=path, message=message))
            cells[row, column] = value
        totals: dict[str, int] = {}
        for raw_column, value in self.totals.items():
            path = f"totals.{raw_column}"
            try:
                column = spec.column(raw_column)
            except ValueError as error:
                problems.append(Problem(path=path, message=f"not a column: {error}"))
                continue
            if (message := _count_problem(value)) is not None:
                problems.append(Problem(path=path, message=message))
            totals[column] = value
        remainder = self.remainder
        if remainder is not None:
            try:
                remainder = spec.row(remainder)
            except ValueError as error:
                problems.append(Problem(path="remainder", message=str(error)))
        if problems:
            raise ValidationError(problems)
        ordered = dict(sorted(cells.items(), key=lambda item: self._order(spec, item[0])))
        object.__setattr__(self, "slug", str(spec.slug))  # a plain string, never a TableId
        object.__setattr__(self, "cells", ordered)
        object.__setattr__(self, "totals", {c: totals[c] for c in spec.columns if c in totals})
        object.__setattr__(self, "remainder", remainder)

    def _check_unit_and_period(self, spec: TableSpec, problems: list[Problem]) -> None:
        if spec.rows == "country":
            unit = Measure.CASES if self.unit is None else self.unit
            if unit not in _COUNTRY_UNITS:
                problems.append(Problem(path="unit", message="one of: cases, children"))
            else:
                object.__setattr__(self, "unit", Measure(unit))
        elif self.unit is not None:
            problems.append(
                Problem(path="unit", message="only a country table has a unit (cases or children)")
            )
        if self.period is not None and not (spec.part_of_year and isinstance(self.period, str)):
            message = (
                "a period is a text, such as 'zomervakantie 2021'"
                if spec.part_of_year
                else "only a table of a period within the year (the summer holiday) has a period"
            )
            problems.append(Problem(path="period", message=message))

    @staticmethod
    def _order(spec: TableSpec, key: tuple[RowKey, str]) -> tuple[tuple[int, str], int]:
        return spec.sort_key(key[0]), spec.columns.index(spec.column(key[1]))

    @property
    def spec(self) -> TableSpec:
        """The specification of this table."""
        return TABLES[self.slug]

    def get(self, row: RowKey, column: str) -> int | None:
        """Return the count in ``(row, column)``, or ``None`` when it is absent.

        Rows and columns may be given as slugs; years also as strings.

        >>> Table(slug="prevention_years", cells={(2020, "cases"): 216}).get("2020", "cases")
        216
        """
        if isinstance(row, str) and row.isdecimal() and self.spec.rows == "year":
            row = int(row)
        return self.cells.get((row, column))

    def total(self, column: str) -> int | None:
        """Return the stated total of ``column``, or ``None`` when none is stated."""
        return self.totals.get(column)

    @property
    def rows(self) -> tuple[RowKey, ...]:
        """The rows with at least one figure, in report order."""
        return tuple(dict.fromkeys(row for row, _ in self.cells))

    def column(self, column: str) -> dict[RowKey, int]:
        """Return the figures of ``column`` by row (absent rows left out)."""
        return {row: value for (row, col), value in self.cells.items() if col == column}

    def known_parts(self, column: str) -> tuple[int, bool]:
        """Return the sum of the known parts of ``column`` and whether every part is known.

        For a table of a closed vocabulary every row but ``unknown`` must be
        present; for countries and years the rows present are all there is.
        A named :attr:`remainder` does not make the parts complete.
        """
        values = self.column(column)
        parts = {row: value for row, value in values.items() if self.spec.is_part(row)}
        # the extra rows of older reports (``both_parents``) are optional, like ``unknown``
        expected = [r for r in self.spec.row_keys if self.spec.is_part(r) and r != UNKNOWN]
        complete = all(row in parts for row in expected)
        return sum(parts.values()), complete

    def shares(self, column: str) -> dict[RowKey, float]:
        """Return each part of ``column`` as a percentage of the parts' sum.

        >>> Table(slug="prevention", cells={("mother", "cases"): 3, ("father", "cases"): 1}).shares(
        ...     "cases"
        ... )
        {<InitiatingParty.MOTHER: 'mother'>: 75.0, <InitiatingParty.FATHER: 'father'>: 25.0}
        """
        values = {r: v for r, v in self.column(column).items() if self.spec.is_part(r)}
        whole = sum(values.values())
        return {row: (100 * value / whole if whole else 0.0) for row, value in values.items()}

    def to_html(self, lang: Lang = "en") -> Html:
        """Return the table as escaped HTML with ``lang`` labels (Jupyter shows it rendered)."""
        return to_html(self, lang)

    def _repr_html_(self) -> str:
        return render(self)

    def top(self, column: str, n: int = 10) -> tuple[tuple[RowKey, int], ...]:
        """Return the ``n`` rows with the highest counts in ``column``, and any tied with the last.

        Rows with a count of 0 are left out; rows with equal counts keep
        report order (countries by ISO code), and a row tied with the
        ``n``-th is kept, so the list may be longer than ``n``. Derived from the full counts, so
        reports still add up exactly. The one ranking of the library (see
        ``ikomodel._report.ranking``).
        """
        return rank(self.column(column), n, order=self.spec.sort_key)

    def __add__(self, other: Table) -> Table:
        """Add the tables of two disjoint registers.

        A cell is summed where both tables have it; for countries and years a
        row one table lacks counts as 0 there (those tables list only rows that
        occur); for a closed vocabulary an absent cell stays absent.
        """
        if not isinstance(other, Table):
            return NotImplemented
        if other.slug != self.slug:
            raise ValidationError.single("slug", f"cannot add table {other.slug} to {self.slug}")
        if other.unit != self.unit:
            raise ValidationError.single(
                "unit", f"cannot add a table counted in {other.unit} to one counted in {self.unit}"
            )
        closed = self.spec.closed
        cells: dict[tuple[RowKey, str], int] = {}
        for key in self.cells.keys() | other.cells.keys():
            left, right = self.cells.get(key), other.cells.get(key)
            if left is not None and right is not None:
                cells[key] = left + right
            elif not closed:
                cells[key] = (left or 0) + (right or 0)
        totals = {
            column: self.totals[column] + other.totals[column]
            for column in self.totals.keys() & other.totals.keys()
        }
        remainder = self.remainder if self.remainder == other.remainder else None
        period = self.period if self.period == other.period else None
        return Table(
            slug=self.slug,
            cells=cells,
            totals=totals,
            remainder=remainder,
            unit=self.unit,
            period=period,
        )


_COUNTRY_UNITS = (Measure.CASES, Measure.CHILDREN)


@attrs.frozen(kw_only=True)
class Cell:
    """One figure of a report, as yielded by :meth:`AnnualReport.cells`.

    Attributes:
        table: The table slug.
        row: The row key, or ``None`` for the stated total of ``column``.
        column: The column key.
        value: The count.
    """

    table: str
    row: RowKey | None
    column: str
    value: int

    @property
    def is_total(self) -> bool:
        """Whether this figure is a stated total."""
        return self.row is None


def _check_tables(tables: Mapping[str, Table]) -> dict[str, Table]:
    problems: list[Problem] = []
    for slug, table in tables.items():
        if not isinstance(table, Table) or table.slug != slug:
            problems.append(Problem(path=f"tables[{slug!r}]", message="a Table with that slug"))
    if problems:
        raise ValidationError(problems)
    return {str(slug): tables[slug] for slug in TABLES if slug in tables}


def _statement_tuple(statements: Iterable[Statement]) -> tuple[Statement, ...]:
    return tuple(statements)


@attrs.frozen(kw_only=True, repr=False)
class AnnualReport:
    """The tables of one year's annual report, computed or published.

    Its ``repr`` names the year, the source and the tables (Jupyter shows
    every table as HTML instead).

    Attributes:
        year: The report year.
        tables: The tables present, by slug; a table not present is wholly absent.
        statements: What the report's text states: shares, changes, and
            figures on their own or of earlier years (see
            :data:`~ikomodel.Statement`); a change is since an earlier year,
            a quoted figure of an earlier year.
        source: Where the figures come from (a publication, or "computed").
        taxonomies: The case taxonomy of each year whose cases the report
            counts (a computed report: its year and the years of its
            multi-year tables); empty for published figures. Not compared
            by ``==``.

    >>> report = AnnualReport(year=2021, tables={"abductions": Table(slug="abductions",
    ...     totals={"cases": 164})})
    >>> report.get("abductions", None, "cases"), report.get("prevention", None, "cases")
    (164, None)
    """

    year: int
    tables: Mapping[str, Table] = attrs.field(factory=dict, converter=_check_tables)
    statements: tuple[Statement, ...] = attrs.field(default=(), converter=_statement_tuple)
    source: str | None = attrs.field(default=None, eq=False)
    taxonomies: Mapping[int, Taxonomy] = attrs.field(factory=dict, eq=False, repr=False)

    def notes(self, lang: Lang = "en") -> tuple[str, ...]:
        """Return the remarks a reader needs with the figures, in ``lang``.

        One note for each assumed taxonomy (see :class:`~ikomodel.Taxonomy`)
        among the report's years: the case categories of those years are
        assumed, not sourced. The text and HTML renderings and the command
        line show them with the tables.

        >>> from ikomodel import Register, annual_report
        >>> annual_report(Register(), 2021).notes()
        ()
        >>> print(annual_report(Register(), 2019).notes()[0])  # doctest: +ELLIPSIS
        The case categories of 2016-2017 are assumed, not sourced (taxonomy iko-assumed): ...
        """
        return taxonomy_notes(self.taxonomies, lang)

    def __repr__(self) -> str:
        source = "" if self.source is None else f", source={self.source!r}"
        statements = f", {len(self.statements)} statements" if self.statements else ""
        tables = ", ".join(self.tables)
        return (
            f"AnnualReport(year={self.year}{source}, {len(self.tables)} tables: [{tables}]"
            f"{statements})"
        )

    def __attrs_post_init__(self) -> None:
        statements_of_year(self.year, self.statements)

    def __getitem__(self, slug: str) -> Table:
        """Return table ``slug``; an empty table when the report lacks it.

        Raises:
            NotFoundError: ``slug`` is not a table of the annual report.
        """
        table_spec(slug)
        return self.tables.get(slug) or Table(slug=slug)

    def get(self, table: str, row: RowKey | None, column: str) -> int | None:
        """Return one figure (``row=None`` for the stated total), or ``None`` when absent."""
        found = self[table]
        return found.total(column) if row is None else found.get(row, column)

    def cells(self) -> Iterator[Cell]:
        """Yield every figure present: each table's cells in report order, then its totals."""
        for slug, table in self.tables.items():
            for (row, column), value in table.cells.items():
                yield Cell(table=slug, row=row, column=column, value=value)
            for column, value in table.totals.items():
                yield Cell(table=slug, row=None, column=column, value=value)

    def to_html(self, lang: Lang = "en") -> Html:
        """Return the report as short, escaped HTML with ``lang`` labels, one fold per table."""
        return to_html(self, lang)

    def _repr_html_(self) -> str:
        return render(self)

    def top_countries(self, table: str, column: str, n: int = 10) -> tuple[tuple[str, int], ...]:
        """Return the top ``n`` countries of a country table, derived from the full counts.

        The most cases first; countries with equal counts by ISO code; a
        country tied with the ``n``-th is included (the list may hold more
        than ``n``); a country with 0 cases is left out. The text, HTML, frames and charts
        rank countries by the same rule.
        """
        return tuple((str(row), value) for row, value in self[table].top(column, n))

    def __add__(self, other: AnnualReport) -> AnnualReport:
        """Add the reports of two disjoint registers for the same year.

        ``annual_report(a, y) + annual_report(b, y) == annual_report(a | b, y)``.
        Tables present in both are added (see :meth:`Table.__add__`); a table
        absent from either is absent from the sum. Text statements are not
        carried over: they describe the parts, not the sum.
        """
        if not isinstance(other, AnnualReport):
            return NotImplemented
        if other.year != self.year:
            raise ValidationError.single(
                "year", f"cannot add the {other.year} report to the {self.year} report"
            )
        tables = {
            slug: self.tables[slug] + other.tables[slug]
            for slug in self.tables
            if slug in other.tables
        }
        return AnnualReport(
            year=self.year,
            tables=tables,
            source=self.source,
            taxonomies={**other.taxonomies, **self.taxonomies},
        )
