"""Figures over the years: several reports or figures documents as one tidy series.

:func:`report_series` turns the reports of several years (computed by
:func:`~ikomodel.annual_reports`, or published and read from figures
documents) into one tidy series, one :class:`SeriesPoint` per figure and
year, for data frames and charts. A figure a report does not have is not in
the series: it is absent, never 0.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

import attrs

from ikomodel._core.errors import Problem, ValidationError
from ikomodel._published.figures import read_figures
from ikomodel._report.report import AnnualReport
from ikomodel._report.tables import TABLE_SPECS, RowKey, TableSpec, table_spec

Source = AnnualReport | str | os.PathLike[str]
"""A report, or the path of a figures document."""


@attrs.frozen(kw_only=True)
class SeriesPoint:
    """One figure of one year in a series over the years (see :func:`report_series`).

    >>> SeriesPoint(year=2021, table="contacts", row=None, column="contacts", value=9596)
    SeriesPoint(year=2021, table='contacts', row=None, column='contacts', value=9596)
    """

    year: int
    """The year of the report the figure is from."""
    table: str
    """The slug of the figure's table."""
    row: RowKey | None
    """The row key (a slug, a country code or a year); ``None`` for the stated total."""
    column: str
    """The column of the table (a measure such as ``cases``, ``children`` or ``contacts``)."""
    value: int
    """The figure."""


def _reports(sources: Mapping[int, AnnualReport] | Iterable[Source]) -> list[AnnualReport]:
    """The reports of ``sources``, oldest first; each year once."""
    found: list[AnnualReport] = []
    problems: list[Problem] = []
    if isinstance(sources, Mapping):
        for key, report in sources.items():
            if report.year != key:
                problems.append(
                    Problem(path=f"[{key}]", message=f"the report of {report.year}, not of {key}")
                )
            found.append(report)
    else:
        for source in sources:
            found.append(source if isinstance(source, AnnualReport) else read_figures(source))
    first: dict[int, int] = {}
    for i, report in enumerate(found):
        if report.year in first:
            problems.append(
                Problem(
                    path=f"[{i}]",
                    message=f"a second report of {report.year} (the first is "
                    f"[{first[report.year]}]); a series has one report per year",
                )
            )
        first.setdefault(report.year, i)
    if problems:
        raise ValidationError(problems)
    return sorted(found, key=lambda report: report.year)


def _order(spec: TableSpec, row: RowKey | None, column: str) -> tuple[int, tuple[int, str], int]:
    """The report order of a figure of ``spec``: its row (the total last), then its column."""
    rank = (1, (0, "")) if row is None else (0, spec.sort_key(row))
    return (*rank, spec.columns.index(spec.column(column)))


def report_series(
    sources: Mapping[int, AnnualReport] | Iterable[Source], *, table: str | None = None
) -> tuple[SeriesPoint, ...]:
    """Return the figures of several years' reports as one tidy series.

    ``sources`` are the reports by year (as :func:`~ikomodel.annual_reports`
    returns them), or reports and paths of figures documents in any order
    (each document is read with :func:`~ikomodel.read_figures`). The series
    holds one point per figure and year: every cell and stated total each
    report has, in report order (tables, rows, the total last, columns),
    each figure's years oldest first. A figure a report lacks has no point.

    >>> from ikomodel import published_figures
    >>> series = report_series([published_figures(2021), published_figures(2020)],
    ...     table="contacts")
    >>> [(p.year, p.value) for p in series if p.row is None]
    [(2020, 7065), (2021, 9596)]

    Args:
        sources: The reports, by year or in a sequence, or figures files.
        table: Only the figures of this table (a slug).

    Raises:
        ValidationError: two reports are of the same year, or a report is
            filed under another year than its own.
        NotFoundError: ``table`` is not a table of the annual report.
        DocumentError: a figures file cannot be read.
    """
    reports = _reports(sources)
    wanted = None if table is None else table_spec(table).slug
    points: list[SeriesPoint] = []
    for spec in TABLE_SPECS:
        if wanted is not None and spec.slug != wanted:
            continue
        figures: dict[tuple[RowKey | None, str], list[tuple[int, int]]] = {}
        for report in reports:
            found = report.tables.get(spec.slug)
            if found is None:
                continue
            for (cell_row, cell_column), value in found.cells.items():
                figures.setdefault((cell_row, cell_column), []).append((report.year, value))
            for column, value in found.totals.items():
                figures.setdefault((None, column), []).append((report.year, value))
        for (row, figure_column), values in sorted(
            figures.items(), key=lambda item: _order(spec, *item[0])
        ):
            points.extend(
                SeriesPoint(
                    year=year, table=str(spec.slug), row=row, column=str(figure_column), value=v
                )
                for year, v in values
            )
    return tuple(points)
