"""Plain renderings of an annual report: grids of labelled cells, text, Markdown and CSV.

A :class:`Grid` is one table of a report as display strings in a language:
title, column headers, labelled rows and the total row. The command line
draws grids as rich tables on a terminal and as aligned plain text when its
output is piped; Markdown and CSV renderings serve documents and
spreadsheets. Country tables show the countries with the most cases (the
report's top ten, by the one ranking of ``ikomodel._report.ranking``); a
wide table with few rows (the mediation funnel) is turned a quarter to fit a
terminal; CSV always holds every figure. Grids, text and Markdown group a
count's digits by language (``4.016`` in Dutch, ``4,016`` in English); CSV
keeps plain digits. The markers are those of plain text (see
``ikomodel._report.labels``): an absent figure is ``—``, a suppressed one
``x``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from ikomodel._core.vocabulary import Lang
from ikomodel._disclosure.suppress import SuppressedTable, suppressed_row_label
from ikomodel._present.table import (
    ReportLike,
    TableLike,
    is_suppressed,
    report_row_labels,
    table_note,
)
from ikomodel._report.labels import (
    ABSENT,
    RowLabels,
    column_label,
    display_row_label,
    heading,
    phrase,
    row_label,
    text_count,
    title,
)
from ikomodel._report.ranking import rank_countries
from ikomodel._report.report import AnnualReport
from ikomodel._report.tables import TABLES, RowKey

__all__ = [
    "ABSENT",
    "CellText",
    "Grid",
    "grid",
    "grids",
    "notes_text",
    "suppressed_csv",
    "to_csv",
    "to_markdown",
    "to_text",
]

_WIDE = 4


@attrs.frozen(kw_only=True)
class Grid:
    """One report table as display strings.

    Attributes:
        slug: The table's slug.
        title: The title in the display language, with the report section.
        headers: The column headers; the first heads the row labels.
        rows: Each row: its label, then one string per column.
        total: The total row (label first), or ``None`` when no total is stated.
        note: A remark under the table, such as how many countries are left out.
    """

    slug: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None
    note: str | None = None


CellText = Callable[[RowKey | None, str], str]
"""Shows the figure ``(row, column)`` of a table (``row=None`` for the total)."""


def _plain_text(table: TableLike, lang: Lang) -> CellText:
    def text(row: RowKey | None, column: str) -> str:
        figures: Mapping[Any, int | None] = table.totals if row is None else table.cells
        key = column if row is None else (row, column)
        return text_count(figures.get(key), lang, suppressed=is_suppressed(figures, key))

    return text


def _country_rows(table: TableLike, columns: Sequence[str], top: int) -> tuple[list[RowKey], int]:
    """The top ``top`` countries in ranked order over all columns, and how many are left out.

    The countries tied with the ``top``-th are kept too (the one ranking's
    top); when fewer countries are ranked, unranked ones fill the room. A
    row that is not a country code (such as "other countries") comes last.
    """
    ranking = rank_countries(table.cells, columns)
    kept: list[RowKey] = [code for code, _ in ranking.top(top)]
    kept.extend(ranking.unranked[: max(0, top - len(kept))])
    return [*kept, *ranking.others], len(ranking.countries) - len(kept)


def grid(
    table: TableLike,
    *,
    lang: Lang = "en",
    top: int = 10,
    text: CellText | None = None,
    label: RowLabels = suppressed_row_label,
) -> Grid:
    """Return ``table`` as a :class:`Grid` of display strings in ``lang``.

    ``text`` shows a figure (by default its count with digits grouped in
    ``lang``, ``x`` when suppressed and ``—`` when absent) and ``label`` a
    row key (by default its label, with merged small countries as "other
    countries").

    >>> from ikomodel._report.report import Table
    >>> g = grid(Table(slug="abductions", cells={("mother", "cases"): 110},
    ...     totals={"cases": 164}))
    >>> g.headers, g.rows, g.total
    (('', 'Cases', 'Children'), (('Mother', '110', '—'),), ('Total', '164', '—'))
    """
    spec = TABLES[table.slug]
    show = _plain_text(table, lang) if text is None else text
    columns = [column.value for column in spec.columns]
    left_out = 0
    rows: Sequence[RowKey]
    if spec.rows == "country":
        rows, left_out = _country_rows(table, columns, top)
    else:
        rows = tuple(dict.fromkeys(row for row, _ in table.cells))
    body = tuple(
        (display_row_label(spec, row, lang, label), *(show(row, c) for c in columns))
        for row in rows
    )
    total = None
    if table.totals:
        total = (label(None, lang), *(show(None, c) for c in columns))
    notes = [
        phrase("more_countries", lang, n=left_out) if left_out else None,
        table_note(table, lang),
    ]
    note = "; ".join(n for n in notes if n) or None
    headers = ("", *(column_label(column, lang) for column in spec.columns))
    head = heading(table.slug, lang)
    if len(headers) - 1 > _WIDE and len(body) < len(headers) - 1:
        return _transposed(
            slug=table.slug, title=head, headers=headers, body=body, total=total, note=note
        )
    return Grid(slug=table.slug, title=head, headers=headers, rows=body, total=total, note=note)


def _transposed(
    *,
    slug: str,
    title: str,
    headers: tuple[str, ...],
    body: tuple[tuple[str, ...], ...],
    total: tuple[str, ...] | None,
    note: str | None,
) -> Grid:
    """A wide table with few rows (the mediation funnel) turned a quarter: columns become rows."""
    columns = [*body, total] if total else list(body)
    rows = tuple(
        (header, *(column[j] for column in columns)) for j, header in enumerate(headers) if j
    )
    return Grid(
        slug=slug, title=title, headers=("", *(c[0] for c in columns)), rows=rows, note=note
    )


def grids(report: ReportLike, *, lang: Lang = "en", top: int = 10) -> list[Grid]:
    """Return every table of ``report`` present, in report order, as grids.

    The categories are labelled as the taxonomy of the report year names them.
    """
    label = report_row_labels(report, suppressed_row_label)
    return [grid(table, lang=lang, top=top, label=label) for table in report.tables.values()]


def notes_text(notes: Sequence[str], *, markdown: bool = False) -> str:
    """Return a report's notes (see ``AnnualReport.notes``) as lines before its tables.

    >>> print(notes_text(["The case categories of 2017 are assumed."], markdown=True), end="")
    > The case categories of 2017 are assumed.
    <BLANKLINE>
    """
    if not notes:
        return ""
    prefix = "> " if markdown else ""
    return "".join(f"{prefix}{note}\n" for note in notes) + "\n"


def _lines(g: Grid) -> Iterable[str]:
    everything = [g.headers, *g.rows] + ([g.total] if g.total else [])
    widths = [max(len(row[i]) for row in everything) for i in range(len(g.headers))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join((first, *rest)).rstrip()

    yield g.title
    yield "=" * len(g.title)
    yield line(g.headers)
    for row in g.rows:
        yield line(row)
    if g.total:
        yield line(["-" * w for w in widths])
        yield line(g.total)
    if g.note:
        yield f"({g.note})"


def to_text(report_grids: Iterable[Grid]) -> str:
    """Return grids as aligned plain text, one block per table."""
    return "\n\n".join("\n".join(_lines(g)) for g in report_grids) + "\n"


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|")


def to_markdown(report_grids: Iterable[Grid]) -> str:
    """Return grids as Markdown: a heading and a pipe table per table.

    >>> print(to_markdown([Grid(slug="t", title="1.2  Contacts", headers=("", "Contacts"),
    ...     rows=(("Telephone", "5,961"),), total=("Total", "9,596"))]).strip())
    ### 1.2  Contacts
    <BLANKLINE>
    |  | Contacts |
    |:--|--:|
    | Telephone | 5,961 |
    | **Total** | **9,596** |
    """
    blocks = []
    for g in report_grids:
        lines = [f"### {g.title}", ""]
        lines.append("| " + " | ".join(_escape(h) for h in g.headers) + " |")
        lines.append("|:--|" + "--:|" * (len(g.headers) - 1))
        lines += ["| " + " | ".join(_escape(c) for c in row) + " |" for row in g.rows]
        if g.total:
            lines.append("| " + " | ".join(f"**{_escape(c)}**" for c in g.total) + " |")
        if g.note:
            lines += ["", f"*{g.note}*"]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def to_csv(report: AnnualReport, *, lang: Lang = "en") -> str:
    """Return every figure of ``report`` as tidy CSV: one row per figure.

    Columns: ``table``, ``row`` (empty for a stated total), ``column``,
    ``value``, and the labels of table, row and column in ``lang``.

    >>> from ikomodel._report.report import Table
    >>> report = AnnualReport(year=2021, tables={"contacts": Table(slug="contacts",
    ...     cells={("email", "contacts"): 3635})})
    >>> print(to_csv(report).strip())
    table,row,column,value,table_label,row_label,column_label
    contacts,email,contacts,3635,Contacts by channel,E-mail,Contacts
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "row", "column", "value", "table_label", "row_label", "column_label"])
    label = report_row_labels(report, row_label)
    for cell in report.cells():
        writer.writerow(
            [
                cell.table,
                "" if cell.row is None else str(cell.row),
                cell.column,
                cell.value,
                title(cell.table, lang),
                label(cell.row, lang),
                column_label(TABLES[cell.table].column(cell.column), lang),
            ]
        )
    return out.getvalue()


def suppressed_csv(tables: Mapping[str, SuppressedTable], *, lang: Lang = "en") -> str:
    """Return every figure of suppressed tables (by slug) as tidy CSV, hidden figures marked.

    Columns as :func:`to_csv`, plus ``status``: ``published`` with the count,
    or ``suppressed`` with an empty value (never 0).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["table", "row", "column", "value", "status", "table_label", "row_label", "column_label"]
    )
    for slug, table in tables.items():
        figures: list[tuple[RowKey | None, str, int | None]] = [
            (row, column, value) for (row, column), value in table.cells.items()
        ]
        figures += [(None, column, value) for column, value in table.totals.items()]
        for row, column, value in figures:
            writer.writerow(
                [
                    slug,
                    "" if row is None else str(row),
                    column,
                    "" if value is None else value,
                    "suppressed" if value is None else "published",
                    title(slug, lang),
                    suppressed_row_label(row, lang),
                    column_label(TABLES[slug].column(column), lang),
                ]
            )
    return out.getvalue()


def suppressed_json(
    tables: Mapping[str, SuppressedTable], *, year: int, threshold: int, protection: int
) -> str:
    """Return suppressed tables (by slug) as JSON: the figures-document layout, hidden cells null.

    Each table holds ``cells`` (row: column: count) and ``totals`` as a
    figures document does (``docs/reference/figures-format.md``); a hidden
    figure is ``null``, never 0, and ``collapsed`` lists the countries merged
    into ``other_countries``. The document says ``"format":
    "ikomodel-suppressed"``: it is a publication, not figures to read back.

    >>> from ikomodel._disclosure.suppress import SuppressedTable
    >>> table = SuppressedTable(slug="abductions", cells={("mother", "cases"): None},
    ...     totals={"cases": 9})
    >>> print(suppressed_json({"abductions": table}, year=2021, threshold=5, protection=5))
    {"format":"ikomodel-suppressed","year":2021,"threshold":5,"protection":5,"tables":{"abductions":{"cells":{"mother":{"cases":null}},"totals":{"cases":9},"collapsed":[]}}}
    """
    document: dict[str, object] = {
        "format": "ikomodel-suppressed",
        "year": year,
        "threshold": threshold,
        "protection": protection,
        "tables": {
            slug: {
                "cells": _nested(table.cells),
                "totals": {str(column): value for column, value in table.totals.items()},
                "collapsed": [str(row) for row in table.collapsed],
            }
            for slug, table in tables.items()
        },
    }
    return json.dumps(document, separators=(",", ":"))


def _nested(cells: Mapping[tuple[RowKey, str], int | None]) -> dict[str, dict[str, int | None]]:
    rows: dict[str, dict[str, int | None]] = {}
    for (row, column), value in cells.items():
        rows.setdefault(str(row), {})[str(column)] = value
    return rows
