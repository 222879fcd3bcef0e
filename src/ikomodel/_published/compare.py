"""Figure-by-figure comparison of two reports, and year-over-year change."""

from __future__ import annotations

import attrs

from ikomodel._core.errors import ValidationError
from ikomodel._report.report import AnnualReport
from ikomodel._report.statements import FigureRef


def _refs(report: AnnualReport) -> dict[FigureRef, int]:
    return {
        FigureRef(table=cell.table, row=cell.row, column=cell.column): cell.value
        for cell in report.cells()
    }


@attrs.frozen(kw_only=True)
class FigureDifference:
    """One figure of two reports side by side.

    Attributes:
        figure: The figure (a cell, or a stated total when ``figure.row`` is ``None``).
        computed: Its value in the first report, ``None`` when absent.
        published: Its value in the second report.
        difference: ``computed - published``; ``None`` when ``computed`` is absent.
    """

    figure: FigureRef
    computed: int | None
    published: int
    difference: int | None

    @property
    def matches(self) -> bool:
        """Whether the computed figure equals the published one."""
        return self.difference == 0


def compare(
    computed: AnnualReport, published: AnnualReport, *, mismatches_only: bool = True
) -> tuple[FigureDifference, ...]:
    """Compare ``computed`` with ``published``, figure by figure, in report order.

    Every figure ``published`` states is looked up in ``computed``; figures
    only ``computed`` has are not listed (a publication leaves many out).
    With ``mismatches_only`` (the default) only the figures that differ or are
    absent from ``computed`` are returned.

    Raises:
        ValidationError: the reports are of different years (for the change
            from one year to the next, see :func:`year_over_year`).

    >>> from ikomodel import Table
    >>> a = AnnualReport(year=2021, tables={"abductions": Table(slug="abductions",
    ...     totals={"cases": 165, "children": 229})})
    >>> b = AnnualReport(year=2021, tables={"abductions": Table(slug="abductions",
    ...     totals={"cases": 164, "children": 229})})
    >>> [(d.figure.column, d.difference) for d in compare(a, b)]
    [(<Measure.CASES: 'cases'>, 1)]
    """
    if computed.year != published.year:
        raise ValidationError.single(
            "year",
            f"cannot compare the {computed.year} report with the figures of {published.year}; "
            "compare reports of one year (year_over_year gives the change between years)",
        )
    mine = _refs(computed)
    found: list[FigureDifference] = []
    for figure, value in _refs(published).items():
        other = mine.get(figure)
        difference = None if other is None else other - value
        if mismatches_only and difference == 0:
            continue
        found.append(
            FigureDifference(figure=figure, computed=other, published=value, difference=difference)
        )
    return tuple(found)


@attrs.frozen(kw_only=True)
class FigureChange:
    """The change of one figure from an earlier to a later report.

    Attributes:
        figure: The figure.
        earlier: Its value in the earlier report.
        later: Its value in the later report.
        change: ``later - earlier``.
        percent: The change as a percentage of ``earlier``, rounded to one
            decimal; ``None`` when ``earlier`` is 0.
    """

    figure: FigureRef
    earlier: int
    later: int
    change: int
    percent: float | None


def year_over_year(earlier: AnnualReport, later: AnnualReport) -> tuple[FigureChange, ...]:
    """Return the absolute and percentage change of every figure both reports have.

    Raises:
        ValidationError: ``earlier`` is not of a year before ``later``'s.

    >>> from ikomodel import published_figures
    >>> changes = year_over_year(published_figures(2020), published_figures(2021))
    >>> [(c.earlier, c.later, c.change, c.percent) for c in changes
    ...  if c.figure.table == "contacts"]
    [(7065, 9596, 2531, 35.8)]
    """
    if earlier.year >= later.year:
        raise ValidationError.single(
            "earlier",
            f"the earlier report ({earlier.year}) must be of a year before the later one "
            f"({later.year}); give the earlier report first",
        )
    before = _refs(earlier)
    changes: list[FigureChange] = []
    for figure, value in _refs(later).items():
        old = before.get(figure)
        if old is None:
            continue
        percent = round(100 * (value - old) / old, 1) if old else None
        changes.append(
            FigureChange(
                figure=figure, earlier=old, later=value, change=value - old, percent=percent
            )
        )
    return tuple(changes)
