"""JSON Schema (draft 2020-12) of the register formats, generated from the records.

The schema is built from the records' fields as :mod:`ikomodel._wire.fields`
describes them, and the collections of :data:`ikomodel._core.records.COLLECTIONS`: strings,
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

from typing import Any

from ikomodel._core.errors import DocumentError
from ikomodel._core.records import COLLECTIONS, SCHEMA_VERSION, AgeAtDate, MediationRequest, Party
from ikomodel._wire.fields import RECORDS, TAG, Kind, Shape, WireField, wire_fields
from ikomodel._wire.files import Format

DRAFT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the generated schemas."""

_DATE: dict[str, Any] = {
    "type": "string",
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "An ISO 8601 calendar date, YYYY-MM-DD.",
}

_COUNTRY_CODE: dict[str, Any] = {"$ref": "#/$defs/CountryCode"}

_FIELD_RULES: dict[tuple[type[Any], str], dict[str, Any]] = {
    (AgeAtDate, "years"): {"minimum": 0, "maximum": 17},
    (MediationRequest, "child_interviews"): {"minimum": 0},
    (MediationRequest, "children_heard"): {"minimum": 0},
    (Party, "roles"): {"minItems": 1, "uniqueItems": True},
}
"""Single-field rules of the model that JSON Schema can state, beyond the field types."""


def _shape_schema(shape: Shape, defs: dict[str, Any]) -> dict[str, Any]:
    kind, tp = shape.kind, shape.type
    if kind is Kind.STR:
        return {"type": "string"}
    if kind is Kind.BOOL:
        return {"type": "boolean"}
    if kind is Kind.INT:
        return {"type": "integer"}
    if kind is Kind.DATE:
        defs["Date"] = _DATE
        return {"$ref": "#/$defs/Date"}
    if kind is Kind.VOCABULARY:
        defs[tp.__name__] = {
            "type": "string",
            "enum": [member.value for member in tp],
            "description": (tp.__doc__ or "").strip().splitlines()[0],
        }
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if kind is Kind.RECORD and tp in RECORDS:
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if kind is Kind.TUPLE and shape.element is not None:
        return {"type": "array", "items": _shape_schema(shape.element, defs)}
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - the model is covered


def _field_schema(cls: type[Any], field: WireField, defs: dict[str, Any]) -> dict[str, Any]:
    schema = dict(_COUNTRY_CODE) if field.country else _shape_schema(field.shape, defs)
    rules = _FIELD_RULES.get((cls, field.name))
    if rules:
        schema.update(rules)
    if field.name == "id":
        schema["minLength"] = 1
    return {"anyOf": [schema, {"type": "null"}]} if field.optional else schema


def _record_schema(cls: type[Any], defs: dict[str, Any], tag: str | None = None) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    if tag is not None:
        properties[TAG] = {"const": tag}
        required.append(TAG)
    for field in wire_fields(cls):
        properties[field.name] = _field_schema(cls, field, defs)
        if field.required:
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
        for c in COLLECTIONS:
            properties[c.name] = {
                "type": "array",
                "items": {"$ref": f"#/$defs/{c.record.__name__}"},
            }
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
        for c in COLLECTIONS:
            defs[f"{c.record.__name__}Line"] = _record_schema(c.record, defs, c.tag)
            lines.append({"$ref": f"#/$defs/{c.record.__name__}Line"})
        return {
            "$schema": DRAFT,
            "title": "ikomodel register line",
            "description": "One line of a JSON Lines register: the header, or a tagged record.",
            "oneOf": lines,
            "$defs": dict(sorted(defs.items())),
        }
    raise DocumentError(f"unknown format {format!r}; use 'json' or 'jsonl'")
