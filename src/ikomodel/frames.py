"""Registers and reports as tidy data frames: pandas, polars or Arrow.

The optional extra ``frames`` installs the three libraries; each function
imports only the one it needs, when it is called, and raises
:class:`~ikomodel.MissingExtraError` naming the extra when it is missing.

An annual report converts to one tidy frame, one row per figure: the
``year``, the ``table`` slug, the ``row`` and ``column`` keys (the ``row`` is
null for a stated total, and ``total`` is true), the ``value``, and its
``status`` (see :class:`~ikomodel.FigureStatus`). Every row of a table's
closed vocabulary and every year a multi-year table covers is there, so a
figure the report leaves out is a row with a null value and the status
``absent``, never a 0. A report after :func:`~ikomodel.suppress` converts the
same way: a suppressed figure is a null with the status ``suppressed``. Keys
stay slugs, so the frames of several years can be joined; asking for a
display language adds the ``title``, ``row_label`` and ``column_label``
columns (countries by their Dutch or English names). Like CSV, a frame holds
every figure in key order (countries by code), not in the ranked order of
the displays: sort it by ``value`` for a ranking.

Several years convert to one tidy frame too: a series of figures
(:func:`~ikomodel.report_series` of the reports of a register, of published
figures or of figures documents) gives one row per figure and year, with the
columns of :data:`SERIES_COLUMNS`; a figure a year's report lacks has no row.

A register converts to one frame per collection, one row per record:
``"cases"`` (the default), ``"children"`` (one row per child of a case),
``"contacts"`` and ``"mediation_requests"``. Children are shown by their
pseudonymous id and their age when the case was opened: no birth date leaves
the register through a frame.

Vocabulary values are their slugs (``"prevention"``) unless a display
language is asked for (``lang="nl"`` gives ``"Preventie"``). A missing value
is a null (``None``, ``pd.NA``, a polars or Arrow null), never ``0`` or ``""``.

>>> from ikomodel import Register, published_figures
>>> rows(Register(), table="contacts")
[]
>>> total = rows(published_figures(2021), table="contacts")[-1]
>>> total["row"], total["column"], total["total"], total["value"], total["status"]
(None, 'contacts', True, 9596, 'published')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from ikomodel._core.errors import MissingExtraError, NotFoundError
from ikomodel._core.records import Case, Contact, MediationRequest, Register
from ikomodel._core.vocabulary import Lang, Vocabulary
from ikomodel._disclosure.suppress import FigureStatus, SuppressedReport, suppressed_row_label
from ikomodel._present.table import TableLike, display_rows, report_row_labels
from ikomodel._published.series import SeriesPoint
from ikomodel._report.labels import RowLabels, column_label, display_row_label, title
from ikomodel._report.report import AnnualReport, Table
from ikomodel._report.tables import PREVENTION_SPAN, TABLE_SPECS, TABLES, RowKey

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

__all__ = [
    "REGISTER_TABLES",
    "REPORT_COLUMNS",
    "SERIES_COLUMNS",
    "Column",
    "columns",
    "rows",
    "to_arrow",
    "to_pandas",
    "to_polars",
]

ColumnType = Literal["str", "int", "bool", "date"]
"""The type of a frame column: text, whole number, true/false, or calendar date."""

Row = dict[str, object]
Report = AnnualReport | SuppressedReport
Source = Register | AnnualReport | SuppressedReport | Sequence[SeriesPoint]
_K = TypeVar("_K")


@attrs.frozen
class Column:
    """A column of a frame: its name and its type.

    Attributes:
        name: The column name.
        type: ``"str"``, ``"int"``, ``"bool"`` or ``"date"``; every column may hold nulls.
    """

    name: str
    type: ColumnType


def _value(value: object, lang: Lang | None) -> object:
    if isinstance(value, Vocabulary):
        return value.value if lang is None else value.label(lang)
    return value


def _case_row(case: Case, lang: Lang | None) -> Row:
    initiator = case.initiator
    return {
        "case_id": case.id,
        "opened": case.opened,
        "line": _value(case.line, lang),
        "opening_line": _value(case.opening_line, lang),
        "escalated": case.escalated,
        "category": _value(case.category, lang),
        "initiator": _value(initiator.kind, lang),
        "initiator_agency": _value(initiator.agency, lang),
        "children": len(case.children),
        "habitual_residence": case.habitual_residence,
        "destination": case.destination,
        "taking_person": _value(case.taking_person, lang),
        "removal_date": case.removal_date,
        "came_back_as_abduction": case.came_back_as_abduction,
        "closed": case.closed,
        "closure_reason": _value(case.closure_reason, lang),
    }


def _children_rows(case: Case, lang: Lang | None) -> list[Row]:
    return [
        {
            "case_id": case.id,
            "child_id": child.id,
            "age_at_opening": child.age_on(case.opened),
            "sex": _value(child.sex, lang),
        }
        for child in case.children
    ]


def _contact_row(contact: Contact, lang: Lang | None) -> Row:
    return {
        "contact_id": contact.id,
        "on": contact.on,
        "channel": _value(contact.channel, lang),
        "client": _value(contact.client, lang),
        "agency": _value(contact.agency, lang),
        "case_id": contact.case_id,
    }


def _mediation_row(request: MediationRequest, lang: Lang | None) -> Row:
    return {
        "request_id": request.id,
        "kind": _value(request.kind, lang),
        "received": request.received,
        "case_id": request.case_id,
        "stage": _value(request.stage, lang),
        "stage_since": request.stages[-1].on,
        "not_started_reason": _value(request.not_started_reason, lang),
        "outcome": _value(request.outcome, lang),
        "child_interviews": request.child_interviews,
        "children_heard": request.children_heard,
        "special_guardian": request.special_guardian,
    }


def _columns(*spec: tuple[str, ColumnType]) -> tuple[Column, ...]:
    return tuple(Column(name, kind) for name, kind in spec)


REGISTER_TABLES: Mapping[str, tuple[Column, ...]] = {
    "cases": _columns(
        ("case_id", "str"),
        ("opened", "date"),
        ("line", "str"),
        ("opening_line", "str"),
        ("escalated", "date"),
        ("category", "str"),
        ("initiator", "str"),
        ("initiator_agency", "str"),
        ("children", "int"),
        ("habitual_residence", "str"),
        ("destination", "str"),
        ("taking_person", "str"),
        ("removal_date", "date"),
        ("came_back_as_abduction", "bool"),
        ("closed", "date"),
        ("closure_reason", "str"),
    ),
    "children": _columns(
        ("case_id", "str"), ("child_id", "str"), ("age_at_opening", "int"), ("sex", "str")
    ),
    "contacts": _columns(
        ("contact_id", "str"),
        ("on", "date"),
        ("channel", "str"),
        ("client", "str"),
        ("agency", "str"),
        ("case_id", "str"),
    ),
    "mediation_requests": _columns(
        ("request_id", "str"),
        ("kind", "str"),
        ("received", "date"),
        ("case_id", "str"),
        ("stage", "str"),
        ("stage_since", "date"),
        ("not_started_reason", "str"),
        ("outcome", "str"),
        ("child_interviews", "int"),
        ("children_heard", "int"),
        ("special_guardian", "bool"),
    ),
}
"""The frames a register converts to, by name, with their columns in order."""


REPORT_COLUMNS: tuple[Column, ...] = _columns(
    ("year", "int"),
    ("table", "str"),
    ("row", "str"),
    ("column", "str"),
    ("total", "bool"),
    ("value", "int"),
    ("status", "str"),
)
"""The columns of a report's frame, in order."""

SERIES_COLUMNS: tuple[Column, ...] = _columns(
    ("year", "int"),
    ("table", "str"),
    ("row", "str"),
    ("column", "str"),
    ("total", "bool"),
    ("value", "int"),
)
"""The columns of a series' frame (see :func:`~ikomodel.report_series`), in order."""

_REPORT_LABELS = _columns(("title", "str"), ("row_label", "str"), ("column_label", "str"))


def _status(figures: Mapping[_K, int | None], key: _K) -> FigureStatus:
    if key not in figures:
        return FigureStatus.ABSENT
    return FigureStatus.SUPPRESSED if figures[key] is None else FigureStatus.PUBLISHED


def _figure(
    year: int,
    table: TableLike,
    row: RowKey | None,
    column: Vocabulary,
    lang: Lang | None,
    *,
    label: RowLabels = suppressed_row_label,
) -> Row:
    if row is None:
        value, status = table.totals.get(column), _status(table.totals, column)
    else:
        value, status = table.cells.get((row, column)), _status(table.cells, (row, column))
    found: Row = {
        "year": year,
        "table": table.slug,
        "row": None if row is None else str(row.value if isinstance(row, Vocabulary) else row),
        "column": column.value,
        "total": row is None,
        "value": value,
        "status": status.value,
    }
    if lang is not None:
        found["title"] = title(table.slug, lang)
        found["row_label"] = display_row_label(TABLES[table.slug], row, lang, label)
        found["column_label"] = column_label(column, lang)
    return found


def _report_rows(report: Report, table: str | None, lang: Lang | None) -> list[Row]:
    years = range(report.year - PREVENTION_SPAN + 1, report.year + 1)
    label = report_row_labels(report, suppressed_row_label)
    found: list[Row] = []
    for spec in TABLES.values():
        if table is not None and spec.slug != table:
            continue
        if spec not in TABLE_SPECS and spec.slug not in report.tables and table is None:
            continue  # a press-release table (summer holiday) only where the report has it
        figures: TableLike = report.tables.get(spec.slug) or Table(slug=spec.slug)
        keys: list[RowKey | None] = [*display_rows(figures, years=years, ranked=False), None]
        for row in keys:
            for column in spec.columns:
                found.append(_figure(report.year, figures, row, column, lang, label=label))
    return found


def _series_rows(series: Sequence[SeriesPoint], table: str | None, lang: Lang | None) -> list[Row]:
    found: list[Row] = []
    for point in series:
        if table is not None and point.table != table:
            continue
        row = point.row
        found_row: Row = {
            "year": point.year,
            "table": point.table,
            "row": None if row is None else str(row),
            "column": str(point.column),
            "total": row is None,
            "value": point.value,
        }
        if lang is not None:
            spec = TABLES[point.table]
            found_row["title"] = title(point.table, lang)
            found_row["row_label"] = display_row_label(spec, row, lang, suppressed_row_label)
            found_row["column_label"] = column_label(spec.column(point.column), lang)
        found.append(found_row)
    return found


def _register_rows(register: Register, table: str, lang: Lang | None) -> list[Row]:
    if table == "cases":
        return [_case_row(case, lang) for case in register.cases]
    if table == "children":
        return [row for case in register.cases for row in _children_rows(case, lang)]
    if table == "contacts":
        return [_contact_row(contact, lang) for contact in register.contacts]
    return [_mediation_row(request, lang) for request in register.mediation_requests]


def _check_table(table: str, known: Sequence[str]) -> None:
    if table not in known:
        raise NotFoundError(f"no table {table!r}; one of: " + ", ".join(known))


def columns(
    source: Source, *, table: str | None = None, lang: Lang | None = None
) -> tuple[Column, ...]:
    """Return the columns of the frame that ``source`` converts to.

    >>> [column.name for column in columns(Register(), table="children")]
    ['case_id', 'child_id', 'age_at_opening', 'sex']

    Args:
        source: A register, an annual report (also after suppression), or a
            series of figures over the years (:func:`~ikomodel.report_series`).
        table: For a register, which of its frames: ``"cases"`` (default),
            ``"children"``, ``"contacts"`` or ``"mediation_requests"``. For a
            report or a series, the slug of one table (default: every table).
        lang: For a report or a series, a display language adds the label columns.

    Raises:
        NotFoundError: ``table`` is not a frame or table of ``source``.
    """
    if isinstance(source, AnnualReport | SuppressedReport):
        if table is not None:
            _check_table(table, list(TABLES))
        return REPORT_COLUMNS + (_REPORT_LABELS if lang is not None else ())
    if not isinstance(source, Register):
        if table is not None:
            _check_table(table, [spec.slug for spec in TABLE_SPECS])
        return SERIES_COLUMNS + (_REPORT_LABELS if lang is not None else ())
    name = table or "cases"
    _check_table(name, list(REGISTER_TABLES))
    return REGISTER_TABLES[name]


def rows(source: Source, *, table: str | None = None, lang: Lang | None = None) -> list[Row]:
    """Return the rows of the frame that ``source`` converts to, as plain dicts.

    Needs no extra: this is what :func:`to_pandas`, :func:`to_polars` and
    :func:`to_arrow` build their frames from.

    Args:
        source: A register, an annual report (also after suppression), or a
            series of figures over the years (:func:`~ikomodel.report_series`).
        table: Which of the register's frames, or which table of the report
            or series (see :func:`columns`).
        lang: ``None`` for slugs only; ``"nl"`` or ``"en"`` for labels: a
            register's vocabulary values become labels, a report or a series
            gains label columns.

    Raises:
        NotFoundError: ``table`` is not a frame or table of ``source``.
    """
    names = [column.name for column in columns(source, table=table, lang=lang)]
    if isinstance(source, AnnualReport | SuppressedReport):
        found = _report_rows(source, table, lang)
    elif isinstance(source, Register):
        found = _register_rows(source, table or "cases", lang)
    else:
        found = _series_rows(source, table, lang)
    return [{name: row[name] for name in names} for row in found]


def _data(source: Source, table: str | None, lang: Lang | None) -> tuple[tuple[Column, ...], Any]:
    cols = columns(source, table=table, lang=lang)
    found = rows(source, table=table, lang=lang)
    return cols, {column.name: [row[column.name] for row in found] for column in cols}


def to_arrow(
    source: Source, *, table: str | None = None, lang: Lang | None = None
) -> pyarrow.Table:
    """Return ``source`` as a ``pyarrow.Table`` (needs the ``frames`` extra).

    Dates are ``date32``, counts ``int64``, flags ``bool`` and everything else
    ``string``; absent values are nulls.

    Raises:
        MissingExtraError: pyarrow is not installed.
        NotFoundError: ``table`` is not a frame of ``source``.
    """
    try:
        import pyarrow as pa  # noqa: PLC0415 - an optional extra, imported when asked for
    except ImportError as error:
        raise MissingExtraError("frames", "pyarrow") from error
    types: dict[ColumnType, Callable[[], Any]] = {
        "str": pa.string,
        "int": pa.int64,
        "bool": pa.bool_,
        "date": pa.date32,
    }
    cols, data = _data(source, table, lang)
    return pa.table({c.name: pa.array(data[c.name], type=types[c.type]()) for c in cols})


def to_polars(
    source: Source, *, table: str | None = None, lang: Lang | None = None
) -> polars.DataFrame:
    """Return ``source`` as a ``polars.DataFrame`` (needs the ``frames`` extra).

    Dates are ``Date``, counts ``Int64``, flags ``Boolean`` and everything else
    ``String``; absent values are nulls.

    Raises:
        MissingExtraError: polars is not installed.
        NotFoundError: ``table`` is not a frame of ``source``.
    """
    try:
        import polars as pl  # noqa: PLC0415 - an optional extra, imported when asked for
    except ImportError as error:
        raise MissingExtraError("frames", "polars") from error
    types = {"str": pl.String, "int": pl.Int64, "bool": pl.Boolean, "date": pl.Date}
    cols, data = _data(source, table, lang)
    return pl.DataFrame(data, schema={c.name: types[c.type] for c in cols})


def to_pandas(
    source: Source, *, table: str | None = None, lang: Lang | None = None
) -> pandas.DataFrame:
    """Return ``source`` as a ``pandas.DataFrame`` (needs the ``frames`` extra).

    Columns use pandas' nullable types: dates are ``datetime64``, counts
    ``Int64``, flags ``boolean`` and everything else ``string``; absent values
    are ``pd.NA`` or ``NaT``, never ``0``.

    Raises:
        MissingExtraError: pandas is not installed.
        NotFoundError: ``table`` is not a frame of ``source``.
    """
    try:
        import pandas as pd  # noqa: PLC0415 - an optional extra, imported when asked for
    except ImportError as error:
        raise MissingExtraError("frames", "pandas") from error
    cols, data = _data(source, table, lang)
    series: dict[str, Any] = {}
    for column in cols:
        values = data[column.name]
        if column.type == "date":
            series[column.name] = pd.to_datetime(pd.Series(values, dtype=object))
        else:
            dtype = {"str": "string", "int": "Int64", "bool": "boolean"}[column.type]
            series[column.name] = pd.Series(values, dtype=dtype)
    frame: pandas.DataFrame = pd.DataFrame(series, columns=[c.name for c in cols])
    return frame
