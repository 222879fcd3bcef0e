"""The JSON Schema (draft 2020-12) of the figures document format.

The schema is generated from the table specifications (:data:`~ikomodel.TABLES`)
and the vocabularies of the statements, so it follows them; it describes the
current version of the format (see ``_published.figures``), each addition of
version 2 with the Dutch wording it captures. It ships as
``ikomodel/schemas/figures.schema.json`` for services in other languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ikomodel._published.figures import FIGURES_FORMAT, READABLE_VERSIONS
from ikomodel._report.bounds import Qualifier
from ikomodel._report.statements import Trend
from ikomodel._report.tables import FIRST_YEAR, LAST_YEAR, TABLES, Measure, TableSpec

JSON = Any


def _row_schema(spec: TableSpec) -> dict[str, JSON]:
    if spec.rows == "country":
        return {"type": "string", "pattern": "^[A-Z]{2}$"}
    if spec.rows == "year":
        return {"type": "string", "pattern": "^[0-9]{4}$"}
    return {"enum": [str(row) for row in spec.all_rows]}


def _table_schema(spec: TableSpec) -> dict[str, JSON]:
    count = {"type": "integer", "minimum": 0}
    columns = {
        "type": "object",
        "propertyNames": {"enum": [str(c) for c in spec.columns]},
        "additionalProperties": count,
    }
    extra: dict[str, JSON] = {}
    if spec.rows == "country":
        extra["unit"] = {
            "enum": [str(Measure.CASES), str(Measure.CHILDREN)],
            "description": 'What the counts count (version 2): cases ("zaken", the default) '
            'or children ("kinderen", as press releases count).',
        }
    if spec.part_of_year:
        extra["period"] = {
            "type": "string",
            "description": "The period the figures cover, as published (version 2), such as "
            '"zomervakantie 2014 (5 juli tot en met 31 augustus)".',
        }
    older = "".join(
        f" Row {row} ({row.label('nl').lower()}): older reports, version 2."
        for row in spec.extra_rows
    )
    return {
        "type": "object",
        "title": spec.title_en,
        "description": f"{spec.title_nl} (report section {spec.section}).{older}",
        "additionalProperties": False,
        "properties": {
            "source": {"type": "string"},
            "note": {"type": "string"},
            **extra,
            "cells": {
                "type": "object",
                "propertyNames": _row_schema(spec),
                "additionalProperties": columns,
            },
            "totals": columns,
            "remainder": _row_schema(spec),
        },
    }


_PERCENT_SCHEMA: dict[str, JSON] = {
    "description": "As printed: a whole number (67), or a string that keeps its decimals "
    '("10.4", version 2).',
    "oneOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": "^[0-9]+\\.[0-9]+$"},
    ],
}
_CHANGE_PERCENT_SCHEMA: dict[str, JSON] = {
    "description": "The change in percent of the earlier value (version 2): 27 for "
    '"+27%", a string to keep decimals ("-2.5").',
    "oneOf": [{"type": "integer"}, {"type": "string", "pattern": "^[+-]?[0-9]+\\.[0-9]+$"}],
}
_QUALIFIER_SCHEMA: dict[str, JSON] = {
    "enum": [str(q) for q in Qualifier],
    "description": 'How the text words the number: rounded (as printed), more_than ("ruim", '
    '"meer dan"), almost ("bijna"), about ("ongeveer", "circa"); almost and about are '
    "version 2.",
}
_YEAR_SCHEMA: dict[str, JSON] = {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}


def figures_schema() -> dict[str, JSON]:
    """Return the JSON Schema (draft 2020-12) of the figures document format.

    It describes the current version; a version 1 document is a version 2
    document without what version 2 added.

    >>> figures_schema()["properties"]["format"]
    {'const': 'ikomodel-figures'}
    """
    ref = {
        "type": "object",
        "additionalProperties": False,
        "required": ["table", "row", "column"],
        "properties": {
            "table": {"enum": list(TABLES)},
            "row": {"type": ["string", "null"]},
            "column": {"type": "string"},
        },
    }
    text = {"type": "string"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ikomodel published figures",
        "description": "The figures of one year's Centrum IKO annual report or press release.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "format_version", "year", "tables"],
        "properties": {
            "format": {"const": FIGURES_FORMAT},
            "format_version": {
                "enum": list(READABLE_VERSIONS),
                "description": "2 (version 1 documents lack what version 2 added).",
            },
            "year": _YEAR_SCHEMA,
            "source": text,
            "tables": {
                "type": "object",
                "additionalProperties": False,
                "properties": {slug: _table_schema(spec) for slug, spec in TABLES.items()},
            },
            "statements": {
                "type": "array",
                "items": {
                    "oneOf": [
                        _share_schema(ref, text),
                        _change_schema(ref, text),
                        _figure_schema(ref, text),
                    ]
                },
            },
        },
    }


def _share_schema(ref: Mapping[str, JSON], text: Mapping[str, JSON]) -> dict[str, JSON]:
    return {
        "type": "object",
        "description": '"67%", "10,4%", "ruim 29%", "de helft": part is a share of whole.',
        "additionalProperties": False,
        "required": ["kind", "part", "whole"],
        "oneOf": [{"required": ["percent"]}, {"required": ["fraction"]}],
        "properties": {
            "kind": {"const": "share"},
            "part": ref,
            "whole": ref,
            "percent": _PERCENT_SCHEMA,
            "fraction": {
                "type": "string",
                "pattern": "^[0-9]+/[0-9]+$",
                "description": 'A share in words (version 2): "1/2" for "de helft".',
            },
            "qualifier": _QUALIFIER_SCHEMA,
            "source": text,
            "quote": text,
        },
    }


def _change_schema(ref: Mapping[str, JSON], text: Mapping[str, JSON]) -> dict[str, JSON]:
    return {
        "type": "object",
        "description": '"1.657 meer dan in 2020", "+27%", "een toename": figure changed since.',
        "additionalProperties": False,
        "required": ["kind", "figure", "since"],
        "anyOf": [
            {"required": ["earlier"]},
            {"required": ["change"]},
            {"required": ["percent"]},
            {"required": ["trend"]},
        ],
        "properties": {
            "kind": {"const": "change"},
            "figure": ref,
            "since": _YEAR_SCHEMA,
            "earlier": {"type": "integer", "minimum": 0},
            "change": {"type": "integer"},
            "percent": _CHANGE_PERCENT_SCHEMA,
            "trend": {"enum": [str(t) for t in Trend]},
            "qualifier": _QUALIFIER_SCHEMA,
            "source": text,
            "quote": text,
        },
    }


def _figure_schema(ref: Mapping[str, JSON], text: Mapping[str, JSON]) -> dict[str, JSON]:
    return {
        "type": "object",
        "description": '"ruim 17.000 contacten", "vorig jaar 152 zaken": a figure on its own '
        "(version 2).",
        "additionalProperties": False,
        "required": ["kind", "figure", "value"],
        "properties": {
            "kind": {"const": "figure"},
            "figure": ref,
            "value": {"type": "integer", "minimum": 0},
            "qualifier": _QUALIFIER_SCHEMA,
            "year": {**_YEAR_SCHEMA, "description": "The year of the figure, if not the report's."},
            "source": text,
            "quote": text,
        },
    }
