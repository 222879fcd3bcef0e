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
from ikomodel._core.records import COLLECTIONS, Register
from ikomodel._core.vocabulary import Lang, Vocabulary
from ikomodel._disclosure.suppress import SuppressedReport, SuppressedTable, suppressed_row_label
from ikomodel._present.table import (
    ReportLike,
    TableLike,
    display_rows,
    is_suppressed,
    report_row_labels,
    table_note,
)
from ikomodel._published.findings import Findings
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
from ikomodel._report.tables import TABLES, Measure, TableId
from ikomodel._rules.classify import CameBack

__all__ = [
    "ABSENT",
    "STYLE",
    "SUPPRESSED",
    "Html",
    "HtmlRow",
    "display_rows",
    "findings_html",
    "format_count",
    "html_table",
    "register_html",
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


_HEADLINE_UNIT: Mapping[str, Measure] = {
    TableId.CONTACTS_BY_CLIENT: Measure.CONTACTS,
    TableId.PREVENTION_YEARS_BY_INITIATOR: Measure.CASES,
    TableId.RELOCATION_COUNTRIES: Measure.CASES,
    TableId.ABDUCTIONS_COUNTRIES: Measure.CASES,
    TableId.ACCESS_COUNTRIES: Measure.CASES,
    TableId.SUMMER_ABDUCTIONS_COUNTRIES: Measure.CASES,
    TableId.MEDIATION_NOT_STARTED: Measure.REQUESTS,
}
"""The unit of the tables whose columns are not a measure: their total is the sum of the columns.

A country table of a press release counted in children (``unit="children"``)
states its total in children instead.
"""

_HEADLINE_ROW: Mapping[str, CameBack] = {TableId.PREVENTION_CAME_BACK: CameBack.YES}
"""The tables whose own figure is one row, stated as a part of the total ("6 of 248 cases")."""


def _lower_first(label: str) -> str:
    """A label as a unit in running text: the first letter lower-cased, proper nouns kept.

    >>> _lower_first("Cases"), _lower_first("IKO-verzoek"), _lower_first("to the Netherlands")
    ('cases', 'IKO-verzoek', 'to the Netherlands')
    """
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _headline(table: TableLike, lang: Lang) -> str:
    """The table's own total in its unit: ": 9,596 contacts", ": 6 of 248 cases".

    A table of measures states the total of its first column; a table whose
    columns are not a measure (directions, parties, channels, kinds of
    request) the sum of its column totals, in the unit of its counts; a
    table about one row (prevention cases that came back) that row as a part
    of the total. Nothing when the figure is not known.
    """
    spec = TABLES[table.slug]
    unit = _HEADLINE_UNIT.get(table.slug)
    if unit is Measure.CASES and getattr(table, "unit", None) is Measure.CHILDREN:
        unit = Measure.CHILDREN
    if unit is None:
        column: Vocabulary = spec.columns[0]
        value = table.totals.get(column)
        unit = column if isinstance(column, Measure) else None
    else:
        column_totals = [table.totals.get(column) for column in spec.columns]
        known = [total for total in column_totals if total is not None]
        value = sum(known) if known and len(known) == len(column_totals) else None
    if value is None:
        return ""
    words = _lower_first(column_label(unit if unit is not None else column, lang))
    row = _HEADLINE_ROW.get(table.slug)
    if row is not None:
        part = table.cells.get((row, column))
        if part is None:
            return ""
        counted = phrase(
            "of_total", lang, part=format_count(part, lang), total=format_count(value, lang)
        )
        return f": {counted} {words}"
    return f": {format_count(value, lang)} {words}"


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
    ``note`` and the report's own notes (such as an assumed taxonomy of its
    years) are shown under the heading; the categories are labelled as the
    taxonomy of the report year names them.
    """
    esc = _html.escape
    count = len(report.tables)
    parts = [
        STYLE,
        '<div class="ikomodel-report">',
        f"<strong>{esc(phrase('annual_report', lang, year=report.year))}</strong>"
        f" ({phrase('table' if count == 1 else 'tables', lang, n=count)})",
    ]
    for text in (note, *report.notes(lang)):
        if text:
            parts.append(f'<p class="ikomodel-note">{esc(text)}</p>')
    labels = report_row_labels(report, row_labels)
    for table in report.tables.values():
        summary = title(table.slug, lang) + _headline(table, lang)
        markup = table_html(table, lang, style=False, row_labels=labels)
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


_DATE_OF = {"cases": "opened", "contacts": "on", "mediation_requests": "received"}
"""The date that places a record of each collection in a year."""

_FIRST_ROWS = 5
"""How many cases (or findings) an HTML summary shows."""


def register_html(register: Register, lang: Lang = "en") -> str:
    """Return a short HTML summary of ``register``: records per collection and year, first cases.

    The first cases show the date opened, line, category, number of children
    and countries; never an id or a birth date.

    A register may hold a million records: the summary stays a few kilobytes.
    """
    per_year: dict[str, dict[int, int]] = {}
    for collection in COLLECTIONS:
        counts: dict[int, int] = {}
        for record in getattr(register, collection.name):
            year = getattr(record, _DATE_OF[collection.name]).year
            counts[year] = counts.get(year, 0) + 1
        per_year[collection.name] = counts
    years = sorted({year for counts in per_year.values() for year in counts})
    rows = [
        HtmlRow(
            label=phrase(name, lang),
            cells=(
                *(format_count(counts.get(year, 0), lang) for year in years),
                format_count(sum(counts.values()), lang),
            ),
        )
        for name, counts in per_year.items()
    ]
    heading = phrase("register", lang)
    parts = [
        STYLE,
        html_table(
            caption=f"{heading}: {phrase('records_per_year', lang).lower()}",
            columns=[*(str(year) for year in years), phrase("total", lang)],
            rows=rows,
            lang=lang,
        ),
    ]
    first = register.cases[:_FIRST_ROWS]
    if first:
        cases = [
            HtmlRow(
                label=case.opened.isoformat(),
                cells=(
                    case.line.label(lang),
                    case.category.label(lang),
                    format_count(len(case.children), lang),
                    f"{case.habitual_residence or ABSENT} → {case.destination or ABSENT}",
                ),
            )
            for case in first
        ]
        parts.append(
            html_table(
                caption=phrase("first_cases", lang, n=len(first)),
                columns=[
                    phrase("line", lang),
                    phrase("category", lang),
                    column_label(Measure.CHILDREN, lang),
                    phrase("countries", lang),
                ],
                rows=cases,
                lang=lang,
            )
        )
    return "".join(parts)


def findings_html(findings: Findings, lang: Lang = "en") -> str:
    """Return the first findings as an HTML table: severity and message; a count of the rest."""
    shown = findings[:_FIRST_ROWS]
    rest = len(findings) - len(shown)
    markup = html_table(
        caption=phrase("findings", lang, n=len(findings)),
        columns=[phrase("finding", lang)],
        rows=[
            HtmlRow(label=finding.severity.label(lang), cells=(finding.message(lang),))
            for finding in shown
        ],
        note=phrase("more_findings", lang, n=rest) if rest else None,
        lang=lang,
    )
    return STYLE + markup


@html.register(Register)
def _register(register: Register, lang: Lang = "en") -> str:
    return register_html(register, lang)


@html.register(Findings)
def _findings(findings: Findings, lang: Lang = "en") -> str:
    return findings_html(findings, lang)
