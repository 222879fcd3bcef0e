"""The published-figures file format: JSON documents of an annual report's figures.

A figures document holds the tables of an :class:`~ikomodel.AnnualReport`
(cells, stated totals, sources) and the relations its text states. The
format is described in ``docs/reference/figures-format.md`` and by the JSON
Schema :func:`figures_schema`; the bundled published figures use it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import orjson

from ikomodel._core.errors import DocumentError, Problem, ValidationError
from ikomodel._report.report import (
    AnnualReport,
    ChangeStatement,
    FigureRef,
    Qualifier,
    ShareStatement,
    Statement,
    Table,
    Trend,
)
from ikomodel._report.tables import FIRST_YEAR, LAST_YEAR, TABLE_SPECS, RowKey, TableSpec
from ikomodel._wire.files import open_regular, parse_json, utf8, write_file

FIGURES_FORMAT = "ikomodel-figures"
"""The value of the ``format`` key of every figures document."""
FIGURES_FORMAT_VERSION = 1
"""The figures document version this release reads and writes."""

_TOP_KEYS = {"format", "format_version", "year", "source", "tables", "statements"}
_TABLE_KEYS = {"source", "note", "cells", "totals", "remainder"}
_REF_KEYS = {"table", "row", "column"}
_SHARE_KEYS = {"kind", "part", "whole", "percent", "qualifier", "source", "quote"}
_CHANGE_KEYS = {"kind", "figure", "since", "earlier", "change", "trend", "source", "quote"}

JSON = Any


def _row_text(row: RowKey | None) -> str | None:
    return None if row is None else str(row)


def _ref_document(ref: FigureRef) -> dict[str, JSON]:
    return {"table": ref.table, "row": _row_text(ref.row), "column": str(ref.column)}


def _optional(**items: JSON) -> dict[str, JSON]:
    return {key: value for key, value in items.items() if value is not None}


def _statement_document(statement: Statement) -> dict[str, JSON]:
    if isinstance(statement, ShareStatement):
        return {
            "kind": "share",
            "part": _ref_document(statement.part),
            "whole": _ref_document(statement.whole),
            "percent": statement.percent,
            "qualifier": str(statement.qualifier),
            **_optional(source=statement.source, quote=statement.quote),
        }
    return {
        "kind": "change",
        "figure": _ref_document(statement.figure),
        "since": statement.since,
        **_optional(
            earlier=statement.earlier,
            change=statement.change,
            trend=None if statement.trend is None else str(statement.trend),
            source=statement.source,
            quote=statement.quote,
        ),
    }


def figures_document(report: AnnualReport) -> dict[str, JSON]:
    """Return ``report`` as a figures document (a JSON-ready ``dict``).

    >>> figures_document(AnnualReport(year=2021))["format"]
    'ikomodel-figures'
    """
    tables: dict[str, JSON] = {}
    for slug, table in report.tables.items():
        cells: dict[str, dict[str, int]] = {}
        for (row, column), value in table.cells.items():
            cells.setdefault(str(row), {})[str(column)] = value
        tables[slug] = {
            **_optional(source=table.source, note=table.note),
            "cells": cells,
            "totals": {str(column): value for column, value in table.totals.items()},
            **_optional(remainder=_row_text(table.remainder)),
        }
    return {
        "format": FIGURES_FORMAT,
        "format_version": FIGURES_FORMAT_VERSION,
        "year": report.year,
        **_optional(source=report.source),
        "tables": tables,
        "statements": [_statement_document(s) for s in report.statements],
    }


class _Reader:
    """Collects every problem of a figures document, then raises once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message))

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

    def table(self, slug: str, value: JSON, path: str) -> Table | None:
        raw = self.object(value, path, _TABLE_KEYS)
        if raw is None:
            return None
        cells: dict[tuple[RowKey, str], int] = {}
        raw_cells = raw.get("cells", {})
        if not isinstance(raw_cells, dict):
            self.problem(f"{path}.cells", "expected an object of rows, each an object of columns")
            raw_cells = {}
        for row, columns in raw_cells.items():
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
                slug=slug,
                cells=cells,
                totals=totals,
                source=self.text(raw.get("source"), f"{path}.source"),
                note=self.text(raw.get("note"), f"{path}.note"),
                remainder=raw.get("remainder"),
            )
        except ValidationError as error:
            for problem in error.problems:
                self.problem(f"{path}.{problem.path}", problem.message)
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

    def statement(self, value: JSON, path: str) -> Statement | None:
        kind = value.get("kind") if isinstance(value, dict) else None
        if kind == "share":
            return self.share(value, path)
        if kind == "change":
            return self.change(value, path)
        self.problem(f"{path}.kind", "expected 'share' or 'change'")
        return None

    def share(self, value: JSON, path: str) -> Statement | None:
        raw = self.object(value, path, _SHARE_KEYS)
        assert raw is not None
        part = self.ref(raw.get("part"), f"{path}.part")
        whole = self.ref(raw.get("whole"), f"{path}.whole")
        percent = self.integer(raw.get("percent"), f"{path}.percent", 0)
        qualifier = raw.get("qualifier", "rounded")
        if qualifier not in [str(q) for q in Qualifier]:
            self.problem(f"{path}.qualifier", "one of: " + ", ".join(Qualifier))
            return None
        if part is None or whole is None or percent is None:
            return None
        return ShareStatement(
            part=part,
            whole=whole,
            percent=percent,
            qualifier=Qualifier(qualifier),
            source=self.text(raw.get("source"), f"{path}.source"),
            quote=self.text(raw.get("quote"), f"{path}.quote"),
        )

    def change(self, value: JSON, path: str) -> Statement | None:
        raw = self.object(value, path, _CHANGE_KEYS)
        assert raw is not None
        figure = self.ref(raw.get("figure"), f"{path}.figure")
        since = self.integer(raw.get("since"), f"{path}.since", FIRST_YEAR)
        earlier = raw.get("earlier")
        if earlier is not None:
            earlier = self.integer(earlier, f"{path}.earlier", 0)
        change = raw.get("change")
        if change is not None:
            change = self.integer(change, f"{path}.change")
        trend = raw.get("trend")
        if trend is not None and trend not in [str(t) for t in Trend]:
            self.problem(f"{path}.trend", "one of: " + ", ".join(Trend))
            return None
        if figure is None or since is None:
            return None
        try:
            return ChangeStatement(
                figure=figure,
                since=since,
                earlier=earlier,
                change=change,
                trend=None if trend is None else Trend(trend),
                source=self.text(raw.get("source"), f"{path}.source"),
                quote=self.text(raw.get("quote"), f"{path}.quote"),
            )
        except ValidationError as error:
            self.problem(path, error.problems[0].message)
            return None


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
    if raw.get("format_version") != FIGURES_FORMAT_VERSION:
        reader.problem(
            "format_version",
            f"unknown version {raw.get('format_version')!r}; this release reads "
            f"{FIGURES_FORMAT_VERSION}",
        )
    year = reader.integer(raw.get("year"), "year", FIRST_YEAR)
    if year is not None and year > LAST_YEAR:
        reader.problem("year", f"a year from {FIRST_YEAR} to {LAST_YEAR}")
    tables: dict[str, Table] = {}
    raw_tables = raw.get("tables", {})
    known = {spec.slug for spec in TABLE_SPECS}
    if isinstance(raw_tables, dict):
        for slug, value in raw_tables.items():
            if slug not in known:
                reader.problem(f"tables.{slug}", "unknown table; tables: " + ", ".join(known))
            elif (table := reader.table(slug, value, f"tables.{slug}")) is not None:
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
    return AnnualReport(
        year=year,
        tables=tables,
        statements=tuple(statements),
        source=reader.text(raw.get("source"), "source"),
    )


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


def _row_schema(spec: TableSpec) -> dict[str, JSON]:
    if spec.rows == "country":
        return {"type": "string", "pattern": "^[A-Z]{2}$"}
    if spec.rows == "year":
        return {"type": "string", "pattern": "^[0-9]{4}$"}
    return {"enum": [str(row) for row in spec.row_keys]}


def _table_schema(spec: TableSpec) -> dict[str, JSON]:
    count = {"type": "integer", "minimum": 0}
    columns = {
        "type": "object",
        "propertyNames": {"enum": [str(c) for c in spec.columns]},
        "additionalProperties": count,
    }
    return {
        "type": "object",
        "title": spec.title_en,
        "description": f"{spec.title_nl} (report section {spec.section})",
        "additionalProperties": False,
        "properties": {
            "source": {"type": "string"},
            "note": {"type": "string"},
            "cells": {
                "type": "object",
                "propertyNames": _row_schema(spec),
                "additionalProperties": columns,
            },
            "totals": columns,
            "remainder": _row_schema(spec),
        },
    }


def figures_schema() -> dict[str, JSON]:
    """Return the JSON Schema (draft 2020-12) of the figures document format.

    >>> figures_schema()["properties"]["format"]
    {'const': 'ikomodel-figures'}
    """
    slugs = [spec.slug for spec in TABLE_SPECS]
    ref = {
        "type": "object",
        "additionalProperties": False,
        "required": ["table", "row", "column"],
        "properties": {
            "table": {"enum": slugs},
            "row": {"type": ["string", "null"]},
            "column": {"type": "string"},
        },
    }
    text = {"type": "string"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ikomodel published figures",
        "description": "The figures of one year's Centrum IKO annual report.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "format_version", "year", "tables"],
        "properties": {
            "format": {"const": FIGURES_FORMAT},
            "format_version": {"const": FIGURES_FORMAT_VERSION},
            "year": {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
            "source": text,
            "tables": {
                "type": "object",
                "additionalProperties": False,
                "properties": {spec.slug: _table_schema(spec) for spec in TABLE_SPECS},
            },
            "statements": {
                "type": "array",
                "items": {"oneOf": [_share_schema(ref, text), _change_schema(ref, text)]},
            },
        },
    }


def _share_schema(ref: Mapping[str, JSON], text: Mapping[str, JSON]) -> dict[str, JSON]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "part", "whole", "percent"],
        "properties": {
            "kind": {"const": "share"},
            "part": ref,
            "whole": ref,
            "percent": {"type": "integer", "minimum": 0},
            "qualifier": {"enum": [str(q) for q in Qualifier]},
            "source": text,
            "quote": text,
        },
    }


def _change_schema(ref: Mapping[str, JSON], text: Mapping[str, JSON]) -> dict[str, JSON]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "figure", "since"],
        "anyOf": [{"required": ["earlier"]}, {"required": ["change"]}, {"required": ["trend"]}],
        "properties": {
            "kind": {"const": "change"},
            "figure": ref,
            "since": {"type": "integer", "minimum": FIRST_YEAR},
            "earlier": {"type": "integer", "minimum": 0},
            "change": {"type": "integer"},
            "trend": {"enum": [str(t) for t in Trend]},
            "source": text,
            "quote": text,
        },
    }
