"""JSON Schema (draft 2020-12) of the register formats, generated from the records.

The schema is built by walking the attrs fields of the records: strings,
whole numbers, booleans, dates (``format: date`` and a ``YYYY-MM-DD``
pattern), vocabularies (their slugs), arrays and nested records, with unknown
keys forbidden and the fields without a default required. A few single-field
rules are added from the model (non-empty ids, country codes of two capitals, a child's
age 0-17, counts of 0 or more, distinct roles). Rules that relate several
fields or records (dates in order, one initiator, references to cases, ...)
are beyond JSON Schema: services that validate with the schema get the
shape right, and ikomodel checks the rest.

The same schemas ship as JSON files in the package (``ikomodel/schemas/``)
for services in other languages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from ikomodel._core.errors import DocumentError
from ikomodel._core.records import SCHEMA_VERSION, AgeAtDate, Case, MediationRequest, Party
from ikomodel._wire.converter import COLLECTIONS
from ikomodel._wire.fastpath import (
    KINDS,
    RECORDS,
    TAG,
    is_vocabulary,
    optional_of,
    tuple_of,
    wire_fields,
)
from ikomodel._wire.files import Format

DRAFT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the generated schemas."""

_DATE: dict[str, Any] = {
    "type": "string",
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "An ISO 8601 calendar date, YYYY-MM-DD.",
}

_FIELD_RULES: dict[tuple[type[Any], str], dict[str, Any]] = {
    (Case, "habitual_residence"): {"$ref": "#/$defs/CountryCode"},
    (Case, "destination"): {"$ref": "#/$defs/CountryCode"},
    (AgeAtDate, "years"): {"minimum": 0, "maximum": 17},
    (MediationRequest, "child_interviews"): {"minimum": 0},
    (MediationRequest, "children_heard"): {"minimum": 0},
    (Party, "roles"): {"minItems": 1, "uniqueItems": True},
}
"""Single-field rules of the model that JSON Schema can state, beyond the field types."""


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    inner = optional_of(tp)
    if inner is not None:
        return {"anyOf": [_type_schema(inner, defs), {"type": "null"}]}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is dt.date:
        defs["Date"] = _DATE
        return {"$ref": "#/$defs/Date"}
    if is_vocabulary(tp):
        defs[tp.__name__] = {
            "type": "string",
            "enum": [member.value for member in tp],
            "description": (tp.__doc__ or "").strip().splitlines()[0],
        }
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if tp in RECORDS:
        return {"$ref": f"#/$defs/{tp.__name__}"}
    element = tuple_of(tp)
    if element is not None:
        return {"type": "array", "items": _type_schema(element, defs)}
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - the model is covered


def _record_schema(cls: type[Any], defs: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    if kind is not None:
        properties[TAG] = {"const": kind}
        required.append(TAG)
    for field in wire_fields(cls):
        schema = _type_schema(field.type, defs)
        rules = _FIELD_RULES.get((cls, field.name), {})
        if "$ref" in rules:
            schema = {"anyOf": [rules, {"type": "null"}]} if "anyOf" in schema else rules
        elif rules:
            target = schema["anyOf"][0] if "anyOf" in schema else schema
            target.update(rules)
        if field.name == "id":
            schema["minLength"] = 1
        properties[field.name] = schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
    return {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _definitions() -> dict[str, Any]:
    defs: dict[str, Any] = {
        "CountryCode": {
            "type": "string",
            "pattern": "^[A-Z]{2}$",
            "description": "An ISO 3166-1 alpha-2 country code; ikomodel also checks that "
            "the code is current.",
        }
    }
    for cls in RECORDS:
        defs[cls.__name__] = _record_schema(cls, defs)
    return dict(sorted(defs.items()))


def register_schema(*, format: Format = "json") -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a register file.

    With ``format="json"`` the schema of the whole document; with
    ``format="jsonl"`` the schema of one line of a JSON Lines file (the
    header or a record tagged with its type, ``{"record": "case", ...}``).

    >>> schema = register_schema()
    >>> schema["properties"]["schema_version"]
    {'const': 1}
    >>> register_schema(format="jsonl")["$defs"]["CaseLine"]["properties"]["record"]
    {'const': 'case'}

    Raises:
        DocumentError: ``format`` is neither ``"json"`` nor ``"jsonl"``.
    """
    defs = _definitions()
    if format == "json":
        properties: dict[str, Any] = {"schema_version": {"const": SCHEMA_VERSION}}
        for collection, cls in COLLECTIONS:
            properties[collection] = {"type": "array", "items": {"$ref": f"#/$defs/{cls.__name__}"}}
        return {
            "$schema": DRAFT,
            "title": "ikomodel register",
            "description": "A register of cases, contacts and mediation requests.",
            "type": "object",
            "properties": properties,
            "required": ["schema_version"],
            "additionalProperties": False,
            "$defs": defs,
        }
    if format == "jsonl":
        lines = [{"$ref": "#/$defs/Header"}]
        defs["Header"] = {
            "type": "object",
            "description": "The first line of a JSON Lines register.",
            "properties": {"schema_version": {"const": SCHEMA_VERSION}},
            "required": ["schema_version"],
            "additionalProperties": False,
        }
        for cls, kind in KINDS.items():
            defs[f"{cls.__name__}Line"] = _record_schema(cls, defs, kind)
            lines.append({"$ref": f"#/$defs/{cls.__name__}Line"})
        return {
            "$schema": DRAFT,
            "title": "ikomodel register line",
            "description": "One line of a JSON Lines register: the header, or a tagged record.",
            "oneOf": lines,
            "$defs": dict(sorted(defs.items())),
        }
    raise DocumentError(f"unknown format {format!r}; use 'json' or 'jsonl'")
