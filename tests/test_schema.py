"""The generated JSON Schema of the register formats."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given
from jsonschema import Draft202012Validator

import ikomodel
from ikomodel import IkoModelError, Register, testing
from ikomodel._core.records import COLLECTIONS
from ikomodel._wire.fields import RECORDS, wire_fields
from ikomodel._wire.files import Format

SCHEMA = ikomodel.register_schema()
LINE_SCHEMA = ikomodel.register_schema(format="jsonl")
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
LINE_VALIDATOR = Draft202012Validator(
    LINE_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
)

CASE: dict[str, Any] = {
    "id": "c-1",
    "opened": "2021-03-01",
    "line": "first",
    "category": "prevention",
    "parties": [{"kind": "mother", "roles": ["initiator"]}],
    "children": [{"id": "k-1", "birth_date": "2015-06-01"}],
}


def errors(doc: object) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(doc)]


@pytest.mark.parametrize(
    ("name", "fmt"), [("register.schema.json", "json"), ("register-line.schema.json", "jsonl")]
)
def test_the_shipped_schema_files_match_the_model(name: str, fmt: Format) -> None:
    """The JSON files shipped in the package are the schemas generated from the model today.

    Regenerate them with ``register_schema()`` when the model changes.
    """
    shipped = json.loads(resources.files("ikomodel").joinpath("schemas", name).read_text("utf-8"))
    assert ikomodel.register_schema(format=fmt) == shipped


def test_the_schemas_are_valid_draft_2020_12() -> None:
    """Both schemas are themselves valid JSON Schema draft 2020-12 documents."""
    Draft202012Validator.check_schema(SCHEMA)
    Draft202012Validator.check_schema(LINE_SCHEMA)
    assert "https://json-schema.org/draft/2020-12/schema" == SCHEMA["$schema"]


def test_every_record_field_is_in_the_schema() -> None:
    """The schema is generated from the records: each wire field of each record is a property."""
    for cls in RECORDS:
        definition = SCHEMA["$defs"][cls.__name__]
        assert [f.name for f in wire_fields(cls)] == list(definition["properties"])
        assert [f.name for f in wire_fields(cls) if f.default is attrs.NOTHING] == definition[
            "required"
        ]
        assert definition["additionalProperties"] is False


def test_vocabularies_list_their_slugs_and_dates_have_a_format() -> None:
    """Enums are listed by slug; dates are strings with format date and a YYYY-MM-DD pattern."""
    assert [c.value for c in ikomodel.Category] == SCHEMA["$defs"]["Category"]["enum"]
    assert "date" == SCHEMA["$defs"]["Date"]["format"]
    assert "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" == SCHEMA["$defs"]["Date"]["pattern"]


def test_an_unknown_format_is_refused() -> None:
    """Asking for the schema of an unknown format raises DocumentError."""
    with pytest.raises(ikomodel.DocumentError):
        ikomodel.register_schema(format="xml")  # type: ignore[arg-type]


@given(testing.registers(max_cases=8))
def test_every_written_document_validates_against_the_schema(register: Register) -> None:
    """Every register document and every JSON Lines line the library writes is schema-valid."""
    assert [] == errors(orjson.loads(ikomodel.dumps_register(register)))
    for line in ikomodel.dumps_register(register, format="jsonl").splitlines():
        assert [] == [e.message for e in LINE_VALIDATOR.iter_errors(orjson.loads(line))]


def test_the_line_schema_accepts_exactly_the_tagged_kinds() -> None:
    """A record line needs its record tag; the header line is only the schema version."""
    assert LINE_VALIDATOR.is_valid({"schema_version": 1})
    assert LINE_VALIDATOR.is_valid({"record": "case", **CASE})
    assert not LINE_VALIDATOR.is_valid(CASE)
    assert not LINE_VALIDATOR.is_valid({"record": "contact", **CASE})
    assert {"case", "contact", "mediation_request"} == {c.tag for c in COLLECTIONS}


BAD_CASES: list[dict[str, Any]] = [
    {**CASE, "opened": "2021-3-1"},
    {**CASE, "opened": "2021-02-30"},
    {**CASE, "line": "Eerstelijns"},
    {**CASE, "category": 5},
    {**CASE, "came_back_as_abduction": "false"},
    {**CASE, "parties": [{"kind": "mother", "roles": []}]},
    {**CASE, "parties": [{"kind": "mother", "roles": ["initiator", "initiator"]}]},
    {**CASE, "children": [{"id": 7, "birth_date": "2015-06-01"}]},
    {**CASE, "children": [{"id": "k-1", "age_at": {"years": 18, "on": "2021-01-01"}}]},
    {**CASE, "destination": "mar"},
    {**CASE, "nickname": "x"},
    {**CASE, "id": ""},
    {key: value for key, value in CASE.items() if key != "line"},
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_documents_are_rejected_by_schema_and_library(case: dict[str, Any]) -> None:
    """A document the schema rejects is rejected by the library too, with an ikomodel error."""
    doc = {"schema_version": 1, "cases": [case]}
    assert [] == errors({"schema_version": 1, "cases": [CASE]})
    assert [] != errors(doc)
    with pytest.raises(IkoModelError):
        ikomodel.loads_register(orjson.dumps(doc))


def test_an_unknown_schema_version_is_rejected_by_schema_and_library() -> None:
    """schema_version is fixed to 1 in the schema and in the library."""
    doc = {"schema_version": 2, "cases": []}
    assert [] != errors(doc)
    with pytest.raises(ikomodel.SchemaVersionError):
        ikomodel.loads_register(orjson.dumps(doc))
