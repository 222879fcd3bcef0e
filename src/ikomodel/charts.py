"""The annual report's charts, as matplotlib figures.

The optional extra ``charts`` installs matplotlib; it is imported when a
chart is drawn, never by ``import ikomodel``, and a missing matplotlib raises
:class:`~ikomodel.MissingExtraError` naming the extra. The figures are built
with matplotlib's object interface (no ``pyplot`` state, rendered by Agg), so
they are safe to draw in a server or a test.

Each chart function takes a report and returns a
``matplotlib.figure.Figure``; in a notebook the figure shows itself, in a
fresh kernel too, without ``%matplotlib inline`` or ``pyplot``: the figure
answers IPython's ``_repr_png_`` with the chart as a PNG image, while it
stays an ordinary Figure (``figure.savefig("chart.svg")``, ``figure.axes``).
A chart over the years (:func:`contacts_chart`, and :func:`prevention_chart`
given several years) takes several years in any of three forms: the reports
of a register by year (:func:`~ikomodel.annual_reports`), reports in any
order (such as published figures), or a series of figures
(:func:`~ikomodel.report_series`).
:func:`write_charts` writes them all as PNG and SVG. Labels are Dutch or
English (``lang``). A report is a computed or published
:class:`~ikomodel.AnnualReport`, or one ready for publication after
:func:`~ikomodel.suppress`. A figure the report does not have is not drawn as
0: a missing bar is marked "n/a" ("n.b." in Dutch), a suppressed one "×", and
a chart without any figure says so. Labels, digit grouping and markers come
from the one label module of the renderings, and the top countries from the
one ranking (the most cases first, ties by ISO code) that the text, HTML and
frames use too.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ikomodel._core.errors import DocumentError, MissingExtraError
from ikomodel._core.vocabulary import Lang, MediationKind
from ikomodel._disclosure.suppress import SuppressedReport
from ikomodel._present.table import TableLike
from ikomodel._published.series import SeriesPoint
from ikomodel._report.labels import (
    SUPPRESSED,
    display_row_label,
    format_count,
    not_available,
    phrase,
)
from ikomodel._report.ranking import rank_countries
from ikomodel._report.report import AnnualReport, Table
from ikomodel._report.tables import PREVENTION_SPAN, TABLES, Measure, RowKey, TableId, table_spec
from ikomodel._rules.classify import Direction, InitiatingParty

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "COUNTRY_TABLES",
    "age_bands_chart",
    "contacts_chart",
    "mediation_funnel_chart",
    "prevention_chart",
    "top_countries_chart",
    "write_charts",
]

COUNTRY_TABLES = (
    TableId.ABDUCTIONS_COUNTRIES,
    TableId.RELOCATION_COUNTRIES,
    TableId.ACCESS_COUNTRIES,
)
"""The report's country tables, each drawn as a top-10 chart per direction."""

_COLOURS = {
    InitiatingParty.MOTHER: "#D55E00",
    InitiatingParty.FATHER: "#0072B2",
    InitiatingParty.OTHER: "#999999",
    Direction.TO_NETHERLANDS: "#009E73",
    Direction.FROM_NETHERLANDS: "#0072B2",
    MediationKind.IKO: "#0072B2",
    MediationKind.NIKO: "#E69F00",
}
"""Colours from the Okabe-Ito palette, distinguishable with colour-blindness."""

_PLAIN = "#0072B2"

Report = AnnualReport | SuppressedReport
"""A report the charts draw: computed, published, or after suppression."""

Reports = Mapping[int, Report] | Iterable[Report] | Iterable[SeriesPoint]
"""Several years for a chart over the years: reports by year (as
:func:`~ikomodel.annual_reports` returns them), reports in any order (such as
published figures), or a series of figures (:func:`~ikomodel.report_series`)."""


def _by_year(reports: Reports) -> dict[int, Report]:
    """The reports of ``reports`` by year (a later report of a year replaces an earlier one)."""
    if isinstance(reports, Mapping):
        return {report.year: report for report in reports.values()}
    found: dict[int, Report] = {}
    points: dict[int, dict[str, tuple[dict[tuple[RowKey, str], int], dict[str, int]]]] = {}
    for item in reports:
        if isinstance(item, SeriesPoint):
            cells, totals = points.setdefault(item.year, {}).setdefault(item.table, ({}, {}))
            if item.row is None:
                totals[item.column] = item.value
            else:
                cells[item.row, item.column] = item.value
        else:
            found[item.year] = item
    for year, tables in points.items():
        found[year] = AnnualReport(
            year=year,
            tables={
                slug: Table(slug=slug, cells=cells, totals=totals)
                for slug, (cells, totals) in tables.items()
            },
        )
    return found


def _table(report: Report, slug: str) -> TableLike:
    found: TableLike | None = report.tables.get(slug)
    return found if found is not None else Table(slug=slug)


def _cell(table: TableLike, row: RowKey, column: str) -> int | None:
    return table.cells.get((row, column))


def _marker(table: TableLike, row: RowKey, column: str, lang: Lang) -> str:
    return SUPPRESSED if (row, column) in table.cells else not_available(lang)


@functools.cache
def _chart_class(figure: type[Figure]) -> type[Figure]:
    """The class of the charts: a Figure that shows itself in Jupyter as a PNG image."""

    class Chart(figure):  # type: ignore[valid-type,misc]
        """A matplotlib Figure that IPython displays as a PNG image without any backend set-up.

        Jupyter shows an object with ``_repr_png_`` as an image; a plain
        Figure shows only as ``<Figure size ...>`` until ``pyplot`` or
        ``%matplotlib inline`` registers matplotlib's own display. Where that
        display is registered, it is used instead (one image either way).
        """

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=100)
            return buffer.getvalue()

    Chart.__module__ = __name__
    Chart.__qualname__ = "Chart"
    return Chart


def _figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415 - optional extra, imported lazily
    except ImportError as error:
        raise MissingExtraError("charts", "matplotlib") from error
    return _chart_class(Figure)(figsize=(width, height), layout="constrained", dpi=100)


def _style(ax: Axes, title: str) -> None:
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _bars(
    ax: Axes,
    positions: Sequence[float],
    values: Sequence[int | None],
    *,
    lang: Lang,
    width: float = 0.8,
    colour: str = _PLAIN,
    label: str | None = None,
    horizontal: bool = False,
    markers: Sequence[str] | None = None,
) -> None:
    """Draw bars with their value on top; a missing value gets its marker ("n/a"), not a bar."""
    heights = [value or 0 for value in values]
    if horizontal:
        bars = ax.barh(positions, heights, height=width, color=colour, label=label)
    else:
        bars = ax.bar(positions, heights, width=width, color=colour, label=label)
    missing = markers or [not_available(lang)] * len(values)
    texts = [
        mark if value is None else format_count(value, lang)
        for value, mark in zip(values, missing, strict=True)
    ]
    ax.bar_label(bars, labels=texts, padding=2, fontsize=8)
    from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: PLC0415 - see _figure

    axis = ax.xaxis if horizontal else ax.yaxis
    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda tick, _: format_count(round(tick), lang)))


def _empty(ax: Axes, lang: Lang) -> None:
    ax.text(
        0.5,
        0.5,
        phrase("no_figures", lang),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color="0.4",
    )
    ax.set_xticks([])
    ax.set_yticks([])


def _contacts_of(report: Report) -> int | None:
    table = _table(report, TableId.CONTACTS)
    total = table.totals.get(Measure.CONTACTS)
    if total is not None:
        return total
    parts = [_cell(table, row, Measure.CONTACTS) for row in TABLES[TableId.CONTACTS].row_keys]
    known = [part for part in parts if part is not None]
    return sum(known) if len(known) == len(parts) else None


def contacts_chart(reports: Reports, *, lang: Lang = "en") -> Figure:
    """Return a bar chart of the contacts per year, one bar per report (report section 1.2).

    ``reports`` are the years to draw: the reports of a register by year
    (``annual_reports(register)``), published figures, or a series of
    figures (``report_series(...)``). A year's figure is the stated total of the
    ``contacts`` table, or the sum of its parts when every part is known; a
    year without either is "n/a".

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    by_year = {year: _contacts_of(report) for year, report in _by_year(reports).items()}
    years = sorted(by_year)
    figure = _figure(6.4, 3.6)
    ax = figure.add_subplot()
    _style(ax, phrase("contacts_per_year", lang))
    if not any(value is not None for value in by_year.values()):
        _empty(ax, lang)
        return figure
    _bars(ax, range(len(years)), [by_year[year] for year in years], lang=lang, width=0.6)
    ax.set_xticks(range(len(years)), [str(year) for year in years])
    ax.set_ylabel(Measure.CONTACTS.label(lang))
    return figure


@attrs.frozen
class _YearRows:
    """The rows of several reports' multi-year tables, each year from its own report."""

    slug: str
    cells: Mapping[tuple[RowKey, str], int | None]
    totals: Mapping[str, int | None] = attrs.field(factory=dict)


def _own_years(reports: Reports, slug: str) -> tuple[list[int], TableLike]:
    """The years of ``reports`` and, of a multi-year table, each year's row from its own report."""
    by_year = _by_year(reports)
    cells: dict[tuple[RowKey, str], int | None] = {}
    for year, report in by_year.items():
        cells.update(
            ((row, column), value)
            for (row, column), value in _table(report, slug).cells.items()
            if row == year
        )
    return sorted(by_year), _YearRows(slug=slug, cells=cells)


def prevention_chart(report: Report | Reports, *, lang: Lang = "en") -> Figure:
    """Return grouped bars of prevention cases by initiating parent per year (section 1.3).

    For one report, the years are its multi-year span (2018-2021 in the 2021
    report). For several years (the reports of a register by year,
    published figures, or a series of figures), the years are
    theirs, each year's bars from that year's own report. Mothers and
    fathers as in the published chart, and the other initiators where the
    report has them.

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    table: TableLike
    if isinstance(report, AnnualReport | SuppressedReport):
        table = _table(report, TableId.PREVENTION_YEARS_BY_INITIATOR)
        years = list(range(report.year - PREVENTION_SPAN + 1, report.year + 1))
    else:
        years, table = _own_years(report, TableId.PREVENTION_YEARS_BY_INITIATOR)
    parties = [
        party
        for party in InitiatingParty
        if party is not InitiatingParty.OTHER or any((year, party) in table.cells for year in years)
    ]
    figure = _figure(6.4, 3.6)
    ax = figure.add_subplot()
    _style(ax, phrase("prevention_chart", lang))
    if not table.cells:
        _empty(ax, lang)
        return figure
    width = 0.8 / len(parties)
    for i, party in enumerate(parties):
        offset = (i - (len(parties) - 1) / 2) * width
        _bars(
            ax,
            [x + offset for x in range(len(years))],
            [_cell(table, year, party) for year in years],
            lang=lang,
            width=width,
            colour=_COLOURS[party],
            label=party.label(lang),
            markers=[_marker(table, year, party, lang) for year in years],
        )
    ax.set_xticks(range(len(years)), [str(year) for year in years])
    ax.set_ylabel(Measure.CASES.label(lang))
    ax.legend(frameon=False, ncols=len(parties), loc="upper left", bbox_to_anchor=(0, -0.1))
    return figure


def top_countries_chart(
    report: Report, *, table: str = "abductions_countries", n: int = 10, lang: Lang = "en"
) -> Figure:
    """Return the top ``n`` countries of a country table, one panel per direction.

    Two horizontal bar charts side by side: the countries children were
    taken (or moved) to the Netherlands from, and the countries they were
    taken to from the Netherlands, each with the most cases on top and
    countries by their Dutch or English name. A country tied with the
    ``n``-th is shown too (so a panel may hold more than ``n`` bars). After
    suppression, hidden counts and merged small countries are not ranked.

    Raises:
        MissingExtraError: matplotlib is not installed.
        NotFoundError: ``table`` is not a table of the annual report.
    """
    spec = table_spec(table)
    figures = _table(report, table)
    tops = {
        direction: rank_countries(figures.cells, (direction,)).top(n)
        for direction in (Direction.TO_NETHERLANDS, Direction.FROM_NETHERLANDS)
    }
    rows = max([n, *(len(ranked) for ranked in tops.values())])
    figure = _figure(9.6, 0.35 * rows + 1.6)
    figure.suptitle(
        f"{spec.title(lang)}: {phrase('top', lang, n=n).lower()}",
        x=0.01,
        ha="left",
        fontsize=12,
        fontweight="bold",
    )
    axes = figure.subplots(1, 2)
    for ax, direction in zip(
        axes, (Direction.TO_NETHERLANDS, Direction.FROM_NETHERLANDS), strict=True
    ):
        _style(ax, direction.label(lang))
        ax.title.set_fontsize(10)
        top = tops[direction]
        if not top:
            _empty(ax, lang)
            continue
        names = [display_row_label(spec, code, lang) for code, _ in top]
        positions = list(range(len(top)))[::-1]
        _bars(
            ax,
            positions,
            [value for _, value in top],
            lang=lang,
            colour=_COLOURS[direction],
            horizontal=True,
        )
        ax.set_yticks(positions, names)
        ax.set_xlabel(Measure.CASES.label(lang))
    return figure


def age_bands_chart(report: Report, *, lang: Lang = "en") -> Figure:
    """Return a bar chart of the abducted children by age band (report section 1.5).

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    table = _table(report, TableId.ABDUCTIONS_BY_AGE)
    spec = TABLES[TableId.ABDUCTIONS_BY_AGE]
    rows = [row for row in spec.row_keys if row != "unknown" or _cell(table, row, "children")]
    figure = _figure(6.4, 3.6)
    ax = figure.add_subplot()
    _style(ax, phrase("age_chart", lang))
    if not table.cells:
        _empty(ax, lang)
        return figure
    values = [_cell(table, row, Measure.CHILDREN) for row in rows]
    markers = [_marker(table, row, Measure.CHILDREN, lang) for row in rows]
    _bars(ax, range(len(rows)), values, lang=lang, width=0.6, markers=markers)
    ax.set_xticks(range(len(rows)), [display_row_label(spec, row, lang) for row in rows])
    ax.set_ylabel(Measure.CHILDREN.label(lang))
    return figure


_FUNNEL = (Measure.REQUESTS, Measure.STARTED, Measure.MEDIATIONS, Measure.SUCCESSFUL)
"""The stages of the mediation funnel, widest first."""


def mediation_funnel_chart(report: Report, *, lang: Lang = "en") -> Figure:
    """Return the mediation funnel: requests, started, mediations and successful ones.

    One horizontal bar per stage and kind (IKO and NIKO requests), from the
    ``mediation`` table (chapter Mediation); a stage the report does not give
    is "n/a".

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    table = _table(report, TableId.MEDIATION)
    figure = _figure(6.4, 3.8)
    ax = figure.add_subplot()
    _style(ax, phrase("funnel_chart", lang))
    if not table.cells:
        _empty(ax, lang)
        return figure
    kinds = tuple(MediationKind)
    height = 0.8 / len(kinds)
    positions = list(range(len(_FUNNEL)))[::-1]
    for i, kind in enumerate(kinds):
        offset = (len(kinds) - 1) / 2 * height - i * height
        _bars(
            ax,
            [p + offset for p in positions],
            [_cell(table, kind, stage) for stage in _FUNNEL],
            lang=lang,
            width=height,
            colour=_COLOURS[kind],
            label=kind.label(lang),
            horizontal=True,
            markers=[_marker(table, kind, stage, lang) for stage in _FUNNEL],
        )
    ax.set_yticks(positions, [stage.label(lang) for stage in _FUNNEL])
    ax.legend(frameon=False, loc="lower right")
    return figure


def write_charts(
    report: Report,
    directory: str | os.PathLike[str],
    *,
    history: Reports = (),
    lang: Lang = "en",
    formats: Sequence[str] = ("png", "svg"),
) -> list[Path]:
    """Draw every chart of ``report`` and write each as PNG and SVG into ``directory``.

    The files are ``contacts``, ``prevention``, ``age_bands``,
    ``mediation_funnel`` and one ``top_<table>`` per country table (see
    :data:`COUNTRY_TABLES`), each with every suffix in ``formats``. The
    contacts chart shows ``report`` and the earlier years passed as
    ``history`` (reports, the reports of a register by year, or a series of
    figures: such as ``[published_figures(2020)]`` or
    ``annual_reports(register)``). The directory is made if it does not
    exist.

    Returns:
        The paths written, in order.

    Raises:
        MissingExtraError: matplotlib is not installed.
        DocumentError: the directory cannot be made (a file of that name
            exists) or a chart cannot be written there.
    """
    years = {**_by_year(history), report.year: report}
    charts: list[tuple[str, Any]] = [
        ("contacts", contacts_chart(years, lang=lang)),
        ("prevention", prevention_chart(report, lang=lang)),
        ("age_bands", age_bands_chart(report, lang=lang)),
        ("mediation_funnel", mediation_funnel_chart(report, lang=lang)),
        *(
            (f"top_{table}", top_countries_chart(report, table=table, lang=lang))
            for table in COUNTRY_TABLES
        ),
    ]
    target = Path(directory)
    written: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, figure in charts:
            for suffix in formats:
                path = target / f"{name}.{suffix}"
                metadata = {"Date": None} if suffix == "svg" else None
                figure.savefig(path, format=suffix, metadata=metadata, dpi=150)
                written.append(path)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        reason = getattr(error, "strerror", None) or type(error).__name__
        failure = DocumentError(f"cannot write the charts: {reason}", path=str(directory))
    else:
        return written
    raise failure
