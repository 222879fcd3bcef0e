"""HTML for Jupyter: short, escaped tables with Dutch or English labels.

The report types call these helpers from their ``_repr_html_`` methods, so a
notebook shows a report or a table as a readable HTML table instead of a long
``repr``. Every text that goes into the markup is escaped. An absent figure is
shown as a dash and a suppressed one as a cross, each explained under the
table, never as ``0``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, TypeVar

import attrs

from ikomodel._core.countries import is_alpha2
from ikomodel._core.vocabulary import Lang, Vocabulary
from ikomodel._report.tables import TABLES, UNKNOWN, RowKey, TableSpec, row_label
from ikomodel._rules.reference import country_name

ABSENT = "—"
"""Shown for a figure that is absent (not computed or not published)."""

SUPPRESSED = "×"
"""Shown for a figure hidden by small-count suppression."""

_LEGEND = {
    ABSENT: ("niet beschikbaar", "not available"),
    SUPPRESSED: ("onderdrukt (klein aantal)", "suppressed (small count)"),
}

STYLE = (
    "<style>"
    "table.ikomodel caption{text-align:left;font-weight:bold}"
    "table.ikomodel td{text-align:right;font-variant-numeric:tabular-nums}"
    "table.ikomodel thead th{text-align:right}"
    "table.ikomodel tbody th,table.ikomodel tfoot th{text-align:left}"
    "table.ikomodel tfoot{font-weight:bold}"
    "p.ikomodel-note{font-size:smaller}"
    "</style>"
)
"""The CSS of the display, emitted once per output."""


class Html(str):
    """HTML markup that Jupyter shows rendered and ``print`` shows as text.

    >>> Html("<b>9.596</b>")._repr_html_()
    '<b>9.596</b>'
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


def format_count(value: int | None, lang: Lang = "en", *, suppressed: bool = False) -> str:
    """Return a count for display: grouped digits, or the marker of an absent or hidden figure.

    >>> format_count(9596, "nl"), format_count(9596, "en"), format_count(None)
    ('9.596', '9,596', '—')
    """
    if suppressed:
        return SUPPRESSED
    if value is None:
        return ABSENT
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "nl" else text


@attrs.frozen(kw_only=True)
class HtmlRow:
    """One row of an HTML table: its header label and its cell texts."""

    label: str
    cells: tuple[str, ...]


def html_table(
    *,
    caption: str,
    columns: Sequence[str],
    rows: Sequence[HtmlRow],
    totals: HtmlRow | None = None,
    note: str | None = None,
    lang: Lang = "en",
) -> str:
    """Return an escaped HTML table: a caption, a header row, body rows and a totals row.

    A legend for the absent and suppressed markers is added under the table
    when any cell shows one. The markup uses the classes of :data:`STYLE`.

    >>> print(html_table(caption="A & B", columns=["n"], rows=[HtmlRow(label="<x>", cells=("1",))]))
    <table class="ikomodel"><caption>A &amp; B</caption><thead><tr><th></th><th>n</th></tr></thead><tbody><tr><th>&lt;x&gt;</th><td>1</td></tr></tbody></table>
    """  # noqa: E501 - the doctest shows the markup as it is
    esc = html.escape
    header = "".join(f"<th>{esc(column)}</th>" for column in columns)
    parts = [
        f'<table class="ikomodel"><caption>{esc(caption)}</caption>',
        f"<thead><tr><th></th>{header}</tr></thead><tbody>",
    ]
    markers: set[str] = set()

    def row_markup(row: HtmlRow) -> str:
        markers.update(cell for cell in row.cells if cell in _LEGEND)
        cells = "".join(f"<td>{esc(cell)}</td>" for cell in row.cells)
        return f"<tr><th>{esc(row.label)}</th>{cells}</tr>"

    parts.extend(row_markup(row) for row in rows)
    parts.append("</tbody>")
    if totals is not None:
        parts.append(f"<tfoot>{row_markup(totals)}</tfoot>")
    parts.append("</table>")
    notes = [f"{marker} {_LEGEND[marker][lang == 'en']}" for marker in sorted(markers)]
    if note:
        notes.append(note)
    if notes:
        parts.append(f'<p class="ikomodel-note">{esc("; ".join(notes))}</p>')
    return "".join(parts)


class TableLike(Protocol):
    """What the display needs of a report table (:class:`~ikomodel.Table` or a suppressed one).

    A cell that is present with the value ``None`` is suppressed; a cell that
    is not present is absent.
    """

    @property
    def slug(self) -> str: ...

    @property
    def cells(self) -> Mapping[tuple[RowKey, str], int | None]: ...

    @property
    def totals(self) -> Mapping[str, int | None]: ...


class ReportLike(Protocol):
    """What the display needs of a report (:class:`~ikomodel.AnnualReport` or a suppressed one)."""

    @property
    def year(self) -> int: ...

    @property
    def tables(self) -> Mapping[str, TableLike]: ...


RowLabels = Callable[[RowKey | None, Lang], str]
"""A function giving a row's display label (``None``: the total row)."""


def display_rows(table: TableLike, *, years: Sequence[int] = ()) -> tuple[RowKey, ...]:
    """Return the rows to show of ``table``: every row of a closed vocabulary, else those present.

    The ``unknown`` row of a closed table is shown only when it has a figure.
    Rows of countries and years are the ones with a figure; ``years`` adds
    the years a multi-year table is expected to cover, so that a year the
    source left out shows as absent.
    """
    spec = TABLES[table.slug]
    present = {row: None for row, _ in table.cells}
    if spec.closed:
        return tuple(row for row in spec.row_keys if row != UNKNOWN or row in present)
    if spec.rows == "year":
        return tuple(sorted({*present, *years}, key=spec.sort_key))
    return tuple(present)


def display_row_label(
    spec: TableSpec, row: RowKey | None, lang: Lang, fallback: RowLabels = row_label
) -> str:
    """Return the label of a row: a country's name, a vocabulary label, a year, or "Total".

    Rows that are not ISO country codes in a country table (such as a row of
    merged small countries) are labelled by ``fallback``.
    """
    if spec.rows == "country" and is_alpha2(row):
        assert isinstance(row, str)
        return country_name(row, lang)
    return fallback(row, lang)


def _column_label(column: str | Vocabulary, lang: Lang) -> str:
    return column.label(lang) if isinstance(column, Vocabulary) else str(column)


_K = TypeVar("_K")


def _shown(figures: Mapping[_K, int | None], key: _K, lang: Lang) -> str:
    value = figures.get(key)
    return format_count(value, lang, suppressed=key in figures and value is None)


def table_html(
    table: TableLike, lang: Lang = "en", *, style: bool = True, row_labels: RowLabels = row_label
) -> str:
    """Return ``table`` as an escaped HTML table with labels in ``lang``.

    Every row of a closed vocabulary is shown, absent figures as a dash and
    suppressed ones as a cross; the stated totals form the table's foot.
    Country tables list the countries with the most cases first, and rows
    that are not a country (such as merged small countries) last.
    """
    spec = TABLES[table.slug]
    cells, totals = table.cells, table.totals
    rows = list(display_rows(table))
    if spec.rows == "country":
        rows.sort(
            key=lambda row: (
                not is_alpha2(row),
                -sum(cells.get((row, c)) or 0 for c in spec.columns),
            )
        )
    body = [
        HtmlRow(
            label=display_row_label(spec, row, lang, row_labels),
            cells=tuple(_shown(cells, (row, c), lang) for c in spec.columns),
        )
        for row in rows
    ]
    foot = None
    if totals:
        foot = HtmlRow(
            label=row_labels(None, lang),
            cells=tuple(_shown(totals, c, lang) for c in spec.columns),
        )
    section = ("paragraaf " if lang == "nl" else "section ") + spec.section
    markup = html_table(
        caption=f"{spec.title(lang)} ({section})",
        columns=[_column_label(column, lang) for column in spec.columns],
        rows=body,
        totals=foot,
        lang=lang,
    )
    return STYLE + markup if style else markup


def _headline(table: TableLike, lang: Lang) -> str:
    spec = TABLES[table.slug]
    column = spec.columns[0]
    value = table.totals.get(column)
    if value is None:
        return ""
    return f": {format_count(value, lang)} {_column_label(column, lang).lower()}"


def report_html(
    report: ReportLike,
    lang: Lang = "en",
    *,
    note: str | None = None,
    row_labels: RowLabels = row_label,
) -> str:
    """Return ``report`` as short HTML: a heading, then one folded table per table present.

    Each fold's summary line gives the table's title and its first stated
    total, so the report reads at a glance; opening a fold shows the table.
    ``note`` is shown under the heading.
    """
    esc = html.escape
    title = ("Jaarverslag " if lang == "nl" else "Annual report ") + str(report.year)
    count = len(report.tables)
    if lang == "nl":
        tables = "tabel" if count == 1 else "tabellen"
    else:
        tables = "table" if count == 1 else "tables"
    parts = [
        STYLE,
        '<div class="ikomodel-report">',
        f"<strong>{esc(title)}</strong> ({count} {tables})",
    ]
    if note:
        parts.append(f'<p class="ikomodel-note">{esc(note)}</p>')
    for table in report.tables.values():
        summary = TABLES[table.slug].title(lang) + _headline(table, lang)
        markup = table_html(table, lang, style=False, row_labels=row_labels)
        parts.append(f"<details><summary>{esc(summary)}</summary>{markup}</details>")
    parts.append("</div>")
    return "".join(parts)
