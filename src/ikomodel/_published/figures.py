"""The published-figures file format: JSON documents of an annual report's figures.

A figures document holds the tables of an :class:`~ikomodel.AnnualReport`
(cells, stated totals, sources) and what its text states, as worded. The
format is described in ``docs/reference/figures-format.md`` and by the JSON
Schema :func:`~ikomodel.figures_schema` (``_published.schema``); the bundled
published figures use it.
Version 2 adds what press releases state (see
:data:`FIGURES_FORMAT_VERSION`); version 1 documents are read as before, and
refused where they use what version 2 added.
"""

from __future__ import annotations

import os
from decimal import Decimal
from fractions import Fraction
from typing import Any

import orjson

from ikomodel._core.errors import DocumentError, Problem, ValidationError
from ikomodel._report.bounds import Qualifier
from ikomodel._report.report import AnnualReport, Table
from ikomodel._report.statements import (
    ChangeStatement,
    FigureRef,
    FigureStatement,
    ShareStatement,
    Statement,
)
from ikomodel._report.tables import FIRST_YEAR, LAST_YEAR, TABLES, Measure, RowKey, TableSpec
from ikomodel._wire.files import open_regular, parse_json, utf8, write_file

FIGURES_FORMAT = "ikomodel-figures"
"""The value of the ``format`` key of every figures document."""
FIGURES_FORMAT_VERSION = 2
"""The figures document version this release writes; it reads this one and every earlier one.

Version 2 adds what press releases state: percentages with decimals,
changes in percent, bounds and approximations ("ruim", "bijna",
"ongeveer"), shares in words ("de helft"), figures stated on their own or
for another year, the unit of a country table, the row ``both_parents``
and the summer-holiday tables.
"""
READABLE_VERSIONS = (1, 2)
"""Every version of the figures document this release reads."""

_TOP_KEYS = {"format", "format_version", "year", "source", "tables", "statements"}
_TABLE_KEYS = {"source", "note", "cells", "totals", "remainder", "unit", "period"}
_REF_KEYS = {"table", "row", "column"}
_SHARE_KEYS = {"kind", "part", "whole", "percent", "fraction", "qualifier", "source", "quote"}
_CHANGE_KEYS = {
    "kind",
    "figure",
    "since",
    "earlier",
    "change",
    "percent",
    "trend",
    "qualifier",
    "source",
    "quote",
}
_FIGURE_KEYS = {"kind", "figure", "value", "qualifier", "year", "source", "quote"}
_VERSION_1_QUALIFIERS = {Qualifier.ROUNDED, Qualifier.MORE_THAN}

JSON = Any


def _row_text(row: RowKey | None) -> str | None:
    return None if row is None else str(row)


def _ref_document(ref: FigureRef) -> dict[str, JSON]:
    return {"table": ref.table, "row": _row_text(ref.row), "column": str(ref.column)}


def _optional(**items: JSON) -> dict[str, JSON]:
    return {key: value for key, value in items.items() if value is not None}


def _number(value: int | Decimal | None) -> JSON:
    """A percentage as written: an integer, or a string that keeps its printed decimals."""
    return format(value, "f") if isinstance(value, Decimal) else value


def _fraction_text(fraction: Fraction) -> str:
    return f"{fraction.numerator}/{fraction.denominator}"


def _statement_document(statement: Statement) -> dict[str, JSON]:
    if isinstance(statement, ShareStatement):
        fraction = statement.fraction
        return {
            "kind": "share",
            "part": _ref_document(statement.part),
            "whole": _ref_document(statement.whole),
            **_optional(
                percent=_number(statement.percent),
                fraction=None if fraction is None else _fraction_text(fraction),
            ),
            "qualifier": str(statement.qualifier),
            **_optional(source=statement.source, quote=statement.quote),
        }
    if isinstance(statement, FigureStatement):
        return {
            "kind": "figure",
            "figure": _ref_document(statement.figure),
            "value": statement.value,
            "qualifier": str(statement.qualifier),
            **_optional(year=statement.year, source=statement.source, quote=statement.quote),
        }
    qualifier = statement.qualifier
    return {
        "kind": "change",
        "figure": _ref_document(statement.figure),
        "since": statement.since,
        **_optional(
            earlier=statement.earlier,
            change=statement.change,
            percent=_number(statement.percent),
            trend=None if statement.trend is None else str(statement.trend),
            qualifier=None if qualifier is Qualifier.ROUNDED else str(qualifier),
            source=statement.source,
            quote=statement.quote,
        ),
    }


def _table_document(table: Table) -> dict[str, JSON]:
    cells: dict[str, dict[str, int]] = {}
    for (row, column), value in table.cells.items():
        cells.setdefault(str(row), {})[str(column)] = value
    return {
        **_optional(source=table.source, note=table.note, period=table.period),
        **({"unit": str(table.unit)} if table.unit is Measure.CHILDREN else {}),
        "cells": cells,
        "totals": {str(column): value for column, value in table.totals.items()},
        **_optional(remainder=_row_text(table.remainder)),
    }


def figures_document(report: AnnualReport) -> dict[str, JSON]:
    """Return ``report`` as a figures document (a JSON-ready ``dict``) of the current version.

    >>> figures_document(AnnualReport(year=2021))["format"]
    'ikomodel-figures'
    """
    return {
        "format": FIGURES_FORMAT,
        "format_version": FIGURES_FORMAT_VERSION,
        "year": report.year,
        **_optional(source=report.source),
        "tables": {slug: _table_document(table) for slug, table in report.tables.items()},
        "statements": [_statement_document(s) for s in report.statements],
    }


class _Reader:
    """Collects every problem of a figures document, then raises once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.version = FIGURES_FORMAT_VERSION

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message))

    def newer(self, path: str, what: str) -> None:
        """``what`` is new in version 2: a version 1 document cannot have it."""
        if self.version < 2:
            self.problem(path, f"{what} needs format_version 2")

    def record(self, error: ValidationError, path: str) -> None:
        """Add the problems of a record built from the document, under ``path``."""
        self.problems.extend(problem.under(path) for problem in error.problems)

    def object(self, value: JSON, path: str, keys: set[str]) -> dict[str, JSON] | None:
        if not isinstance(value, dict):
            self.problem(path, "expected a JSON object")
            return None
        for key in sorted(set(value) - keys):
            self.problem(
                f"{path}.{key}".lstrip("."), "unknown key; allowed: " + ", ".join(sorted(keys))
            )
        return value

    def integer(self, value: JSON, path: str, low: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, "expected a whole number (JSON integer)")
            return None
        if low is not None and value < low:
            self.problem(path, f"expected a whole number of {low} or more")
            return None
        return value

    def text(self, value: JSON, path: str) -> str | None:
        if value is not None and not isinstance(value, str):
            self.problem(path, "expected a string")
            return None
        return value

    def table(self, spec: TableSpec, value: JSON, path: str) -> Table | None:
        raw = self.object(value, path, _TABLE_KEYS)
        if raw is None:
            return None
        if spec.part_of_year:
            self.newer(path, "a summer-holiday table")
        for key in ("unit", "period"):
            if key in raw:
                self.newer(f"{path}.{key}", f"the key {key!r}")
        cells: dict[tuple[RowKey, str], int] = {}
        raw_cells = raw.get("cells", {})
        if not isinstance(raw_cells, dict):
            self.problem(f"{path}.cells", "expected an object of rows, each an object of columns")
            raw_cells = {}
        extra = {str(row) for row in spec.extra_rows}
        for row, columns in raw_cells.items():
            if row in extra:
                self.newer(f"{path}.cells.{row}", f"the row {row!r}")
            if not isinstance(columns, dict):
                self.problem(f"{path}.cells.{row}", "expected an object of column: count")
                continue
            for column, count in columns.items():
                cells[row, column] = count
        totals = raw.get("totals", {})
        if not isinstance(totals, dict):
            self.problem(f"{path}.totals", "expected an object of column: count")
            totals = {}
        try:
            return Table(
                slug=spec.slug,
                cells=cells,
                totals=totals,
                source=self.text(raw.get("source"), f"{path}.source"),
                note=self.text(raw.get("note"), f"{path}.note"),
                remainder=raw.get("remainder"),
                unit=raw.get("unit"),
                period=raw.get("period"),
            )
        except ValidationError as error:
            self.record(error, path)
            return None

    def ref(self, value: JSON, path: str) -> FigureRef | None:
        raw = self.object(value, path, _REF_KEYS)
        if raw is None:
            return None
        missing = _REF_KEYS - set(raw)
        if missing:
            self.problem(path, "a figure names its table, row (null for the total) and column")
            return None
        try:
            return FigureRef(table=raw["table"], row=raw.get("row"), column=raw["column"])
        except ValidationError as error:
            self.problem(path, error.problems[0].message)
            return None

    def percent(self, raw: dict[str, JSON], path: str) -> JSON:
        """A percentage: an integer, or (version 2) a string that keeps its printed decimals."""
        value = raw.get("percent")
        if isinstance(value, float):
            self.problem(
                f"{path}.percent",
                'a percentage with decimals is a string, such as "10.4", so that its '
                "printed decimals are kept",
            )
        elif isinstance(value, str):
            self.newer(f"{path}.percent", "a percentage with decimals")
        return value

    def qualifier(self, raw: dict[str, JSON], path: str) -> JSON:
        value = raw.get("qualifier", str(Qualifier.ROUNDED))
        if isinstance(value, str) and value in set(Qualifier) - _VERSION_1_QUALIFIERS:
            self.newer(f"{path}.qualifier", f"the qualifier {value!r}")
        return value

    def statement(self, value: JSON, path: str) -> Statement | None:
        kind = value.get("kind") if isinstance(value, dict) else None
        keys = {"share": _SHARE_KEYS, "change": _CHANGE_KEYS, "figure": _FIGURE_KEYS}
        if not isinstance(kind, str) or kind not in keys:
            self.problem(f"{path}.kind", "expected 'share', 'change' or 'figure'")
            return None
        raw = self.object(value, path, keys[kind])
        assert raw is not None
        count = len(self.problems)
        try:
            if kind == "share":
                return self.share(raw, path, count)
            if kind == "change":
                return self.change(raw, path, count)
            self.newer(f"{path}.kind", "a figure statement")
            return self.figure(raw, path, count)
        except ValidationError as error:
            self.record(error, path)
            return None

    def share(self, raw: dict[str, JSON], path: str, count: int) -> Statement | None:
        part = self.ref(raw.get("part"), f"{path}.part")
        whole = self.ref(raw.get("whole"), f"{path}.whole")
        percent = self.percent(raw, path)
        if "fraction" in raw:
            self.newer(f"{path}.fraction", "a share in words")
        qualifier = self.qualifier(raw, path)
        if part is None or whole is None or len(self.problems) > count:
            return None
        return ShareStatement(
            part=part,
            whole=whole,
            percent=percent,
            fraction=raw.get("fraction"),
            qualifier=qualifier,
            source=raw.get("source"),
            quote=raw.get("quote"),
        )

    def change(self, raw: dict[str, JSON], path: str, count: int) -> Statement | None:
        figure = self.ref(raw.get("figure"), f"{path}.figure")
        percent = self.percent(raw, path)
        if "percent" in raw:
            self.newer(f"{path}.percent", "a change in percent")
        qualifier = self.qualifier(raw, path)
        if "qualifier" in raw:
            self.newer(f"{path}.qualifier", "a qualifier of a change")
        if figure is None or len(self.problems) > count:
            return None
        if not {"earlier", "change", "percent", "trend"} & set(raw):
            self.problem(path, "state at least one of earlier, change, percent, trend")
            return None
        since: JSON = raw.get("since")
        return ChangeStatement(
            figure=figure,
            since=since,
            earlier=raw.get("earlier"),
            change=raw.get("change"),
            percent=percent,
            trend=raw.get("trend"),
            qualifier=qualifier,
            source=raw.get("source"),
            quote=raw.get("quote"),
        )

    def figure(self, raw: dict[str, JSON], path: str, count: int) -> Statement | None:
        figure = self.ref(raw.get("figure"), f"{path}.figure")
        qualifier = self.qualifier(raw, path)
        if figure is None or len(self.problems) > count:
            return None
        value: JSON = raw.get("value")
        return FigureStatement(
            figure=figure,
            value=value,
            qualifier=qualifier,
            year=raw.get("year"),
            source=raw.get("source"),
            quote=raw.get("quote"),
        )


def report_from_document(document: JSON) -> AnnualReport:
    """Return the report a figures document describes.

    Raises:
        ValidationError: every problem of the document, each with its path
            (e.g. ``tables.abductions.cells.mother.cases``).
    """
    reader = _Reader()
    raw = reader.object(document, "", _TOP_KEYS)
    if raw is None:
        raise ValidationError(reader.problems)
    if raw.get("format") != FIGURES_FORMAT:
        reader.problem("format", f"expected {FIGURES_FORMAT!r}")
    version = raw.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version in READABLE_VERSIONS:
        reader.version = version
    else:
        reader.problem(
            "format_version",
            f"unknown version {version!r}; this release reads "
            + " and ".join(map(str, READABLE_VERSIONS)),
        )
    year = reader.integer(raw.get("year"), "year", FIRST_YEAR)
    if year is not None and year > LAST_YEAR:
        reader.problem("year", f"a year from {FIRST_YEAR} to {LAST_YEAR}")
    source = reader.text(raw.get("source"), "source")
    tables: dict[str, Table] = {}
    raw_tables = raw.get("tables", {})
    if isinstance(raw_tables, dict):
        for slug, value in raw_tables.items():
            if slug not in TABLES:
                reader.problem(f"tables.{slug}", "unknown table; tables: " + ", ".join(TABLES))
            elif (table := reader.table(TABLES[slug], value, f"tables.{slug}")) is not None:
                tables[slug] = table
    else:
        reader.problem("tables", "expected an object of table slug: table")
    statements: list[Statement] = []
    raw_statements = raw.get("statements", [])
    if isinstance(raw_statements, list):
        for i, value in enumerate(raw_statements):
            if (statement := reader.statement(value, f"statements[{i}]")) is not None:
                statements.append(statement)
    else:
        reader.problem("statements", "expected a list of statements")
    if reader.problems or year is None:
        raise ValidationError(reader.problems)
    return AnnualReport(year=year, tables=tables, statements=tuple(statements), source=source)


def loads_figures(text: str | bytes, *, path: str = "") -> AnnualReport:
    """Parse a figures document from JSON text.

    Raises:
        DocumentError: the text is not valid JSON (with line and column).
        ValidationError: the document breaks the format, or repeats a key
            in an object (with its path).
    """
    if isinstance(text, str):
        text = utf8(text, path)
    elif not isinstance(text, bytes | bytearray | memoryview):
        raise DocumentError(
            f"a figures document is read from bytes or str, not {type(text).__name__}", path=path
        )
    return report_from_document(parse_json(bytes(text), path))


def read_figures(path: str | os.PathLike[str]) -> AnnualReport:
    """Read a figures document (JSON) from ``path``.

    Raises:
        DocumentError: the file is missing or unreadable, or not valid JSON.
        ValidationError: the document breaks the format; paths name the fields.
    """
    name = os.fspath(path) if isinstance(path, str | os.PathLike) else str(path)
    try:
        with open_regular(path) as file:
            data = file.read()
    except OSError as error:
        raise DocumentError(
            f"cannot read the file: {error.strerror or type(error).__name__}", path=name
        ) from None
    return loads_figures(data, path=name)


def dumps_figures(report: AnnualReport) -> bytes:
    """Return ``report`` as figures-document JSON (UTF-8, indented, with a final newline)."""
    return orjson.dumps(figures_document(report), option=orjson.OPT_INDENT_2) + b"\n"


def write_figures(report: AnnualReport, path: str | os.PathLike[str]) -> None:
    """Write ``report`` as a figures document to ``path``.

    The text goes to a temporary file in the same directory, which then
    replaces ``path``, as :func:`~ikomodel.write_register` does: a reader
    never sees a half-written file, a failed or killed write leaves any
    earlier file as it was, a symbolic link is written through, and a path
    that is not a regular file (a directory, ``/dev/null``, a FIFO) is
    refused. A new file gets the permissions the umask allows (figures hold
    no personal data); a file replaced keeps its permissions without setuid,
    setgid or sticky bits.

    Raises:
        DocumentError: the path is not a regular file, or the file cannot be written.
    """
    write_file(path, [dumps_figures(report)], private=False)
