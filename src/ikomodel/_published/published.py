"""The published figures of Centrum IKO's annual reports, as data.

The figures of each bundled report are package data in the figures file
format (``ikomodel/data/published/<year>.json``), exactly as published:
stated totals apart from their parts, absent figures absent, and the text's
percentages and changes as statements. Figures of earlier years that a
bundled report quotes (e.g. the 2020 contacts in the 2021 report; see
``_published.years``) make up the published figures of those years; a
figure quoted as a bound ("ruim 17.000") stays a statement of that year.
"""

from __future__ import annotations

import functools
from importlib import resources

import attrs

from ikomodel._core.errors import UnknownYearError
from ikomodel._published.figures import loads_figures
from ikomodel._published.years import multi_year_quotes, quotes
from ikomodel._report.bounds import Qualifier
from ikomodel._report.report import AnnualReport, Table
from ikomodel._report.statements import ChangeStatement, FigureStatement, Statement
from ikomodel._report.tables import RowKey

BUNDLED_YEARS: tuple[int, ...] = (2021,)
"""The years whose annual report is bundled as a figures document."""


@functools.cache
def _bundled_bytes(year: int) -> bytes:
    return resources.files("ikomodel").joinpath("data", "published", f"{year}.json").read_bytes()


def _bundled(year: int) -> AnnualReport:
    # Parsed on every call: each caller gets its own report, so no caller can
    # change the figures another one sees.
    return loads_figures(_bundled_bytes(year), path=f"ikomodel/data/published/{year}.json")


class _Quotes:
    """Figures about one earlier year, collected from later reports."""

    def __init__(self) -> None:
        self.cells: dict[str, dict[tuple[RowKey, str], int]] = {}
        self.totals: dict[str, dict[str, int]] = {}
        self.sources: dict[str, list[str]] = {}
        self.bounds: list[Statement] = []

    def add(self, table: str, row: RowKey | None, column: str, value: int, source: str) -> None:
        if row is None:
            self.totals.setdefault(table, {}).setdefault(column, value)
        else:
            self.cells.setdefault(table, {}).setdefault((row, column), value)
        sources = self.sources.setdefault(table, [])
        if source not in sources:
            sources.append(source)

    def tables(self) -> dict[str, Table]:
        slugs = sorted(self.cells.keys() | self.totals.keys())
        return {
            slug: Table(
                slug=slug,
                cells=self.cells.get(slug, {}),
                totals=self.totals.get(slug, {}),
                source="; ".join(self.sources[slug]),
            )
            for slug in slugs
        }


def _quote_changes(quotes: _Quotes, later: AnnualReport, year: int) -> None:
    """Quote what the later report's text states of ``year``: earlier values, figures, bounds.

    A figure stated as a bound ("ruim 17.000") stays a statement of the year.
    """
    for statement in later.statements:
        where = f"Jaarverslag {later.year}, {statement.source or 'text'}"
        if isinstance(statement, FigureStatement) and statement.year == year:
            ref = statement.figure
            if statement.qualifier is Qualifier.ROUNDED:
                quotes.add(ref.table, ref.row, ref.column, statement.value, where)
            else:
                quotes.bounds.append(attrs.evolve(statement, year=None, source=where))
            continue
        if not isinstance(statement, ChangeStatement) or statement.since != year:
            continue
        ref = statement.figure
        if statement.earlier is not None:
            quotes.add(ref.table, ref.row, ref.column, statement.earlier, where)
            continue
        current = ref.value_in(later)
        exact = statement.qualifier is Qualifier.ROUNDED
        if current is not None and statement.change is not None and exact:
            derived = current - statement.change
            quotes.add(
                ref.table, ref.row, ref.column, derived, f"{where} (derived from the change)"
            )


def _quote_prevention(quotes: _Quotes, later: AnnualReport, year: int) -> None:
    """Quote the row of ``year`` of the later report's multi-year prevention tables.

    The catalogue declares which figure of the year's own report each of
    those figures is (its cases, children, cases that came back and parties).
    """
    where = f"Jaarverslag {later.year}, multi-year prevention figures"
    for quote in multi_year_quotes(later):
        if quote.year == year:
            ref = quote.figure
            quotes.add(ref.table, ref.row, ref.column, quote.value, where)


def published_years() -> tuple[int, ...]:
    """Return every year with published figures: bundled reports and the years they quote.

    >>> published_years()
    (2018, 2019, 2020, 2021)
    """
    years = set(BUNDLED_YEARS)
    for year in BUNDLED_YEARS:
        report = _bundled(year)
        years.update(s.since for s in report.statements if isinstance(s, ChangeStatement))
        years.update(quote.year for quote in quotes(report))
    return tuple(sorted(years))


def published_figures(year: int) -> AnnualReport:
    """Return the published figures of ``year`` as an :class:`~ikomodel.AnnualReport`.

    For a bundled year (2021) these are the report's own figures and text
    statements; absent figures are absent. For an earlier year they are the
    figures later reports quote about it (the 2021 report quotes, for 2020,
    the contacts, abductions and prevention figures and the changes in first-
    and second-line cases, from which the 2020 case totals are derived); a
    figure quoted as a bound is a :class:`~ikomodel.FigureStatement` of it.

    Raises:
        UnknownYearError: no published figures are known for ``year``.

    >>> published_figures(2021).get("abductions", None, "cases")
    164
    >>> published_figures(2020).get("contacts", None, "contacts")
    7065
    """
    if year in BUNDLED_YEARS:
        return _bundled(year)
    quotes = _Quotes()
    for later in sorted(y for y in BUNDLED_YEARS if y > year):
        report = _bundled(later)
        _quote_changes(quotes, report, year)
        _quote_prevention(quotes, report, year)
    tables = quotes.tables()
    if not tables and not quotes.bounds:
        raise UnknownYearError(
            f"no published figures are known for {year}; known years: "
            + ", ".join(map(str, published_years())),
            year=year,
        )
    return AnnualReport(
        year=year,
        tables=tables,
        statements=tuple(quotes.bounds),
        source=f"Figures about {year} quoted in later annual reports",
    )
