"""What every rendering reads of a table, and which rows it shows in which order.

One protocol, :class:`TableLike`, covers a report :class:`~ikomodel.Table`
and a :class:`~ikomodel.SuppressedTable`: a cell present with the value
``None`` is suppressed, a cell not present is absent. Text, Markdown, HTML,
data frames and charts all read tables through it, and all put the rows of a
country table that they order for a reader in the one order of
``ikomodel._report.ranking``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ikomodel._core.vocabulary import Lang, Taxonomy
from ikomodel._report.labels import RowLabels, phrase, taxonomy_row_labels
from ikomodel._report.ranking import rank_countries
from ikomodel._report.report import Table
from ikomodel._report.tables import TABLES, Measure, RowKey


class TableLike(Protocol):
    """What a rendering needs of a table (:class:`~ikomodel.Table` or a suppressed one).

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
    """What a rendering needs of a report (:class:`~ikomodel.AnnualReport` or a suppressed one)."""

    @property
    def year(self) -> int: ...

    @property
    def tables(self) -> Mapping[str, TableLike]: ...

    @property
    def taxonomies(self) -> Mapping[int, Taxonomy]: ...

    def notes(self, lang: Lang = "en") -> tuple[str, ...]: ...


def report_row_labels(report: ReportLike, fallback: RowLabels) -> RowLabels:
    """Return the row labels of ``report``'s tables: ``fallback``, but categories by its year.

    A category is named as the taxonomy of the report year names it (see
    ``Taxonomy.labels``).
    """
    return taxonomy_row_labels(report.taxonomies.get(report.year), fallback)


def is_suppressed(figures: Mapping[Any, int | None], key: object) -> bool:
    """Return whether the figure ``key`` is present but hidden (``None``)."""
    return key in figures and figures[key] is None


def display_rows(
    table: TableLike, *, years: Sequence[int] = (), ranked: bool = True
) -> tuple[RowKey, ...]:
    """Return the rows to show of ``table``, in the order to show them.

    Every row of a closed vocabulary, in report order; its ``unknown`` row
    and the rows of older reports (``both_parents``) only when they have a
    figure. The years present, and ``years`` (the years a
    multi-year table is expected to cover, so that a year the source left
    out shows as absent). The countries present, ranked by their counts over
    all columns (see ``ikomodel._report.ranking``), then the rows that are
    not a country (merged small countries); with ``ranked=False`` in the
    order of the table's cells (by country code), as data frames keep them.
    """
    spec = TABLES[table.slug]
    present = {row: None for row, _ in table.cells}
    if spec.closed:
        return tuple(row for row in spec.all_rows if not spec.is_optional(row) or row in present)
    if spec.rows == "year":
        return tuple(sorted({*present, *years}, key=spec.sort_key))
    if not ranked:
        return tuple(present)
    return rank_countries(table.cells, spec.columns).order


def table_note(table: TableLike, lang: Lang = "en") -> str | None:
    """Return what a reader must know of a published table's counts, or ``None``.

    A country table counted in children (as press releases count) says so;
    a summer-holiday table names the period it covers.

    >>> table_note(Table(slug="abductions_countries", unit="children"), "nl")
    'aantallen zijn kinderen'
    """
    if not isinstance(table, Table):
        return None
    notes = []
    if table.unit is Measure.CHILDREN:
        notes.append(phrase("counted_in_children", lang))
    if table.period:
        notes.append(phrase("period", lang, period=table.period))
    return "; ".join(notes) or None
