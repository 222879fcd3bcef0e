"""HTML for Jupyter: short, escaped tables with Dutch or English labels.

The report types call these helpers from their ``_repr_html_`` methods, so a
notebook shows a report or a table as a readable HTML table instead of a long
``repr``. Every text that goes into the markup is escaped. An absent figure is
shown as a dash and a suppressed one as a cross, each explained under the
table, never as ``0``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import attrs

from ikomodel._vocabulary import Lang

ABSENT = "—"
"""Shown for a figure that is absent (not computed or not published)."""

SUPPRESSED = "×"
"""Shown for a figure hidden by small-count suppression."""

_LEGEND = {
    ABSENT: ("niet beschikbaar", "not available"),
    SUPPRESSED: ("onderdrukt (klein aantal)", "suppressed (small count)"),
}

_NUMBER = "text-align: right; font-variant-numeric: tabular-nums"


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
    corner: str,
    columns: Sequence[str],
    rows: Sequence[HtmlRow],
    totals: HtmlRow | None = None,
    note: str | None = None,
    lang: Lang = "en",
) -> str:
    """Return an escaped HTML table: a caption, a header row, body rows and a totals row.

    A legend for the absent and suppressed markers is added under the table
    when any cell shows one.

    >>> print(html_table(caption="A & B", corner="", columns=["n"],
    ...                  rows=[HtmlRow(label="<x>", cells=("1",))]))
    <table class="ikomodel"><caption style="text-align: left; font-weight: bold">A &amp; B</caption><thead><tr><th></th><th style="text-align: right; font-variant-numeric: tabular-nums">n</th></tr></thead><tbody><tr><th style="text-align: left">&lt;x&gt;</th><td style="text-align: right; font-variant-numeric: tabular-nums">1</td></tr></tbody></table>
    """  # noqa: E501 - the doctest shows the markup as it is
    esc = html.escape
    parts = [
        '<table class="ikomodel">',
        f'<caption style="text-align: left; font-weight: bold">{esc(caption)}</caption>',
        f"<thead><tr><th>{esc(corner)}</th>",
        *(f'<th style="{_NUMBER}">{esc(column)}</th>' for column in columns),
        "</tr></thead><tbody>",
    ]
    markers: set[str] = set()

    def row_markup(row: HtmlRow, bold: bool = False) -> str:
        markers.update(cell for cell in row.cells if cell in _LEGEND)
        weight = "; font-weight: bold" if bold else ""
        cells = "".join(f'<td style="{_NUMBER}{weight}">{esc(cell)}</td>' for cell in row.cells)
        return f'<tr><th style="text-align: left">{esc(row.label)}</th>{cells}</tr>'

    parts.extend(row_markup(row) for row in rows)
    parts.append("</tbody>")
    if totals is not None:
        parts.append(f"<tfoot>{row_markup(totals, bold=True)}</tfoot>")
    parts.append("</table>")
    notes = [f"{marker} {_LEGEND[marker][lang == 'en']}" for marker in sorted(markers)]
    if note:
        notes.append(note)
    if notes:
        parts.append(f'<p style="font-size: smaller">{esc("; ".join(notes))}</p>')
    return "".join(parts)
