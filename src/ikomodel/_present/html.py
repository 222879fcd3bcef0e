"""HTML for Jupyter: short, escaped tables with Dutch or English labels.

The records (:class:`~ikomodel.Table`, :class:`~ikomodel.AnnualReport`,
:class:`~ikomodel.SuppressedTable`, :class:`~ikomodel.SuppressedReport`) hold
no HTML code: their ``_repr_html_`` and ``to_html`` call the display hook
``ikomodel._core.display.html``, and this module registers the renderers with
it (``import ikomodel`` loads this module, so they are always registered). A
notebook thus shows a report or a table as a readable HTML table instead of a
long ``repr``. Every text that goes into the markup is escaped. Labels,
grouped digits and the markers of absent and suppressed figures come from
``ikomodel._report.labels``, each marker explained under the table, never
shown as ``0``.
"""

from __future__ import annotations

import html as _html
from collections.abc import Mapping, Sequence
from typing import TypeVar

import attrs

from ikomodel._core.display import Html, html
from ikomodel._core.vocabulary import Lang
from ikomodel._disclosure.suppress import SuppressedReport, SuppressedTable, suppressed_row_label
from ikomodel._present.table import (
    ReportLike,
    TableLike,
    display_rows,
    is_suppressed,
    table_note,
)
from ikomodel._report.labels import (
    ABSENT,
    SUPPRESSED,
    RowLabels,
    caption,
    column_label,
    display_row_label,
    format_count,
    is_marker,
    legend,
    phrase,
    row_label,
    title,
)
from ikomodel._report.report import AnnualReport, Table
from ikomodel._report.tables import TABLES

__all__ = [
    "ABSENT",
    "STYLE",
    "SUPPRESSED",
    "Html",
    "HtmlRow",
    "display_rows",
    "format_count",
    "html_table",
    "report_html",
    "table_html",
]

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
    esc = _html.escape
    header = "".join(f"<th>{esc(column)}</th>" for column in columns)
    parts = [
        f'<table class="ikomodel"><caption>{esc(caption)}</caption>',
        f"<thead><tr><th></th>{header}</tr></thead><tbody>",
    ]
    markers: set[str] = set()

    def row_markup(row: HtmlRow) -> str:
        markers.update(cell for cell in row.cells if is_marker(cell))
        cells = "".join(f"<td>{esc(cell)}</td>" for cell in row.cells)
        return f"<tr><th>{esc(row.label)}</th>{cells}</tr>"

    parts.extend(row_markup(row) for row in rows)
    parts.append("</tbody>")
    if totals is not None:
        parts.append(f"<tfoot>{row_markup(totals)}</tfoot>")
    parts.append("</table>")
    notes = [f"{marker} {legend(marker, lang)}" for marker in sorted(markers)]
    if note:
        notes.append(note)
    if notes:
        parts.append(f'<p class="ikomodel-note">{esc("; ".join(notes))}</p>')
    return "".join(parts)


_K = TypeVar("_K")


def _shown(figures: Mapping[_K, int | None], key: _K, lang: Lang) -> str:
    return format_count(figures.get(key), lang, suppressed=is_suppressed(figures, key))


def table_html(
    table: TableLike, lang: Lang = "en", *, style: bool = True, row_labels: RowLabels = row_label
) -> str:
    """Return ``table`` as an escaped HTML table with labels in ``lang``.

    Every row of a closed vocabulary is shown, absent figures as a dash and
    suppressed ones as a cross; the stated totals form the table's foot.
    Country tables list the countries in the one ranked order (the most
    cases first, ties by ISO code), and rows that are not a country (such as
    merged small countries) last.
    """
    spec = TABLES[table.slug]
    cells, totals = table.cells, table.totals
    body = [
        HtmlRow(
            label=display_row_label(spec, row, lang, row_labels),
            cells=tuple(_shown(cells, (row, c), lang) for c in spec.columns),
        )
        for row in display_rows(table)
    ]
    foot = None
    if totals:
        foot = HtmlRow(
            label=row_labels(None, lang),
            cells=tuple(_shown(totals, c, lang) for c in spec.columns),
        )
    markup = html_table(
        caption=caption(table.slug, lang),
        columns=[column_label(column, lang) for column in spec.columns],
        rows=body,
        totals=foot,
        lang=lang,
        note=table_note(table, lang),
    )
    return STYLE + markup if style else markup


def _headline(table: TableLike, lang: Lang) -> str:
    column = TABLES[table.slug].columns[0]
    value = table.totals.get(column)
    if value is None:
        return ""
    return f": {format_count(value, lang)} {column_label(column, lang).lower()}"


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
    esc = _html.escape
    count = len(report.tables)
    parts = [
        STYLE,
        '<div class="ikomodel-report">',
        f"<strong>{esc(phrase('annual_report', lang, year=report.year))}</strong>"
        f" ({phrase('table' if count == 1 else 'tables', lang, n=count)})",
    ]
    if note:
        parts.append(f'<p class="ikomodel-note">{esc(note)}</p>')
    for table in report.tables.values():
        summary = title(table.slug, lang) + _headline(table, lang)
        markup = table_html(table, lang, style=False, row_labels=row_labels)
        parts.append(f"<details><summary>{esc(summary)}</summary>{markup}</details>")
    parts.append("</div>")
    return "".join(parts)


# --- the renderers of the display hook ----------------------------------------------------


@html.register(Table)
def _table(table: Table, lang: Lang = "en") -> str:
    return table_html(table, lang)


@html.register(AnnualReport)
def _report(report: AnnualReport, lang: Lang = "en") -> str:
    return report_html(report, lang)


@html.register(SuppressedTable)
def _suppressed_table(table: SuppressedTable, lang: Lang = "en") -> str:
    return table_html(table, lang, row_labels=suppressed_row_label)


@html.register(SuppressedReport)
def _suppressed_report(report: SuppressedReport, lang: Lang = "en") -> str:
    note = phrase("suppressed_counts", lang, last=report.threshold - 1)
    return report_html(report, lang, note=note, row_labels=suppressed_row_label)
