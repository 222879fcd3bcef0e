"""Property tests: generated records are valid, round trips are exact, damage is caught."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ikomodel
from ikomodel import (
    Case,
    Contact,
    IkoModelError,
    MediationRequest,
    Register,
    ValidationError,
    testing,
)
from ikomodel._codec import CODECS, KINDS, is_vocabulary, optional_of, tuple_of, wire_fields
from ikomodel._model import case_problems, mediation_problems
from ikomodel._serialise import RecordHook

CONVERTER = ikomodel.make_converter()
COLLECTIONS: dict[str, type[Any]] = {
    "cases": Case,
    "contacts": Contact,
    "mediation_requests": MediationRequest,
}

RECORD_STRATEGIES: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (ikomodel.Party, testing.parties()),
    (ikomodel.Child, testing.children()),
    (Case, testing.cases()),
    (Contact, testing.contacts()),
    (MediationRequest, testing.mediation_requests()),
]


@given(st.data())
def test_every_generated_record_passes_validation(data: st.DataObject) -> None:
    """Rule: every record the strategies generate satisfies every invariant of the model."""
    for cls, strategy in RECORD_STRATEGIES:
        record = data.draw(strategy)
        assert isinstance(record, cls)
        assert record == attrs.evolve(record)  # construction validates again
    assert [] == case_problems(data.draw(testing.cases()))
    assert [] == mediation_problems(data.draw(testing.mediation_requests()))


@given(testing.registers())
def test_every_generated_register_is_consistent(register: Register) -> None:
    """Rule: ids are unique per collection and every case_id points at a case of the register."""
    case_ids = {case.id for case in register.cases}
    assert len(register.cases) == len(case_ids)
    assert len(register.contacts) == len({c.id for c in register.contacts})
    linked = [c.case_id for c in register.contacts if c.case_id is not None]
    linked += [m.case_id for m in register.mediation_requests]
    assert set(linked) <= case_ids
    assert register == Register(
        cases=register.cases,
        contacts=register.contacts,
        mediation_requests=register.mediation_requests,
    )


@given(st.data())
def test_unstructure_then_structure_is_the_identity(data: st.DataObject) -> None:
    """Rule: structuring what unstructuring gives back returns an equal record."""
    for cls, strategy in RECORD_STRATEGIES:
        record = data.draw(strategy)
        doc = CONVERTER.unstructure(record)
        assert record == CONVERTER.structure(doc, cls)
        assert record == CONVERTER.structure(orjson.loads(orjson.dumps(doc)), cls)


@given(st.data())
def test_fast_and_detailed_paths_agree_on_valid_records(data: st.DataObject) -> None:
    """Rule: the fast path and the detailed path build the same record from a valid document."""
    for cls, strategy in RECORD_STRATEGIES:
        doc = CONVERTER.unstructure(data.draw(strategy))
        hook = CONVERTER.get_structure_hook(cls)
        assert isinstance(hook, RecordHook)
        assert hook.detailed(doc) == CODECS.fast[cls](doc)


@given(testing.registers(), st.sampled_from(["json", "jsonl"]))
def test_register_text_round_trip_is_exact(register: Register, fmt: ikomodel._io.Format) -> None:
    """Rule: a written register reads back equal, and writing it again gives the same text."""
    text = ikomodel.dumps_register(register, format=fmt)
    again = ikomodel.loads_register(text, format=fmt)
    assert register == again
    assert text == ikomodel.dumps_register(again, format=fmt)
    assert register == CONVERTER.structure(CONVERTER.unstructure(register), Register)


# --- damaged documents -----------------------------------------------------------------

WRONG_VALUES: dict[str, list[object]] = {
    "str": [123, True, 2015.9, [], {}],
    "int": ["1", 2015.9, True, [], {}],
    "bool": ["false", 1, 0, "true", []],
    "date": ["20210301", "2021-02-30", 20210301, "2021-3-1", "01-03-2021", True],
    "enum": ["Preventie", "PREVENTION", "unknown", 1, []],
    "tuple": ["x", {}, 5, True],
    "record": ["x", [], 5, True],
}


def _shape(tp: Any) -> str:
    inner = optional_of(tp)
    if inner is not None:
        return _shape(inner)
    if tp is dt.date:
        return "date"
    if is_vocabulary(tp):
        return "enum"
    if tuple_of(tp) is not None:
        return "tuple"
    if tp in (str, int, bool):
        return tp.__name__  # type: ignore[no-any-return]
    return "record"


Damage = tuple[dict[str, Any], str]
"""A damaged register document and the path of the problem it must report."""


def _pick(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[str, int]:
    collection = draw(st.sampled_from([c for c in COLLECTIONS if doc[c]]))
    return collection, draw(st.integers(0, len(doc[collection]) - 1))


def wrong_type(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """A field holds a value of another JSON type, or an unknown slug, or an invalid date."""
    collection, i = _pick(draw, doc)
    field = draw(st.sampled_from(wire_fields(COLLECTIONS[collection])))
    doc[collection][i][field.name] = draw(st.sampled_from(WRONG_VALUES[_shape(field.type)]))
    return f"{collection}[{i}].{field.name}"


def unknown_key(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """A record carries a key that is no field of it."""
    collection, i = _pick(draw, doc)
    key = draw(st.sampled_from(["nickname", "Opened", "birthdate", "kind_"]))
    doc[collection][i][key] = "x"
    return f"{collection}[{i}].{key}"


def missing_key(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """A required key (a field without a default) is left out."""
    collection, i = _pick(draw, doc)
    required = [f.name for f in wire_fields(COLLECTIONS[collection]) if f.default is attrs.NOTHING]
    name = draw(st.sampled_from(required))
    del doc[collection][i][name]
    return f"{collection}[{i}].{name}"


def child_born_after_opening(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """A child's birth date falls after the date the case opened."""
    i = draw(st.integers(0, len(doc["cases"]) - 1))
    case = doc["cases"][i]
    opened = dt.date.fromisoformat(case["opened"])
    born = opened + dt.timedelta(days=draw(st.integers(1, 400)))
    case["children"].append({"id": "k-after", "birth_date": born.isoformat()})
    return f"cases[{i}].children[{len(case['children']) - 1}].birth_date"


def bad_nested_date(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """A nested record (a child) holds a date that is not YYYY-MM-DD."""
    i = draw(st.integers(0, len(doc["cases"]) - 1))
    children = doc["cases"][i]["children"]
    children.append({"id": "k-bad", "birth_date": draw(st.sampled_from(["2015-02-30", "2015"]))})
    return f"cases[{i}].children[{len(children) - 1}].birth_date"


def taking_person_outside_abduction(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """A taking person is recorded on a case that is not an abduction."""
    i = draw(st.integers(0, len(doc["cases"]) - 1))
    case = doc["cases"][i]
    case["category"] = draw(st.sampled_from(["general_advice", "international_access"]))
    case.pop("came_back_as_abduction", None)
    case.pop("removal_date", None)
    case["taking_person"] = "mother"
    return f"cases[{i}].taking_person"


def dangling_reference(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """A contact points at a case that is not in the register."""
    contact = {"id": "t-dangling", "on": "2021-05-05", "channel": "email", "client": "father"}
    doc["contacts"].append(dict(contact, case_id=draw(st.sampled_from(["nowhere", "", "c?"]))))
    return f"contacts[{len(doc['contacts']) - 1}].case_id"


def duplicate_id(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """Two cases share an id."""
    i = draw(st.integers(0, len(doc["cases"]) - 1))
    doc["cases"].append(dict(doc["cases"][i]))
    return f"cases[{len(doc['cases']) - 1}].id"


def stage_out_of_order(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    """A mediation request jumps from 'received' straight to 'concluded'."""
    case_id = doc["cases"][draw(st.integers(0, len(doc["cases"]) - 1))]["id"]
    received = "2021-04-01"
    request = {
        "id": "m-jump",
        "kind": "niko",
        "received": received,
        "case_id": case_id,
        "stages": [
            {"stage": "received", "on": received},
            {"stage": "concluded", "on": received},
        ],
        "outcome": "full_agreement",
    }
    doc["mediation_requests"].append(request)
    return f"mediation_requests[{len(doc['mediation_requests']) - 1}].stages[1].stage"


DAMAGES: list[Callable[[st.DrawFn, dict[str, Any]], str]] = [
    wrong_type,
    unknown_key,
    missing_key,
    child_born_after_opening,
    bad_nested_date,
    taking_person_outside_abduction,
    dangling_reference,
    duplicate_id,
    stage_out_of_order,
]


@st.composite
def damaged_documents(draw: st.DrawFn) -> Damage:
    """A valid register document with exactly one rule broken, and the path it must report."""
    register = draw(testing.registers(max_cases=6).filter(lambda r: bool(r.cases)))
    doc = orjson.loads(orjson.dumps(CONVERTER.unstructure(register)))
    damage = draw(st.sampled_from(DAMAGES))
    return doc, damage(draw, doc)


def to_json_lines(doc: dict[str, Any]) -> tuple[bytes, dict[str, int]]:
    """Return the JSON Lines form of ``doc`` and the line of each record path."""
    lines = [orjson.dumps({"schema_version": doc["schema_version"]})]
    where: dict[str, int] = {}
    for collection in COLLECTIONS:
        kind = KINDS[COLLECTIONS[collection]]
        for i, record in enumerate(doc[collection]):
            lines.append(orjson.dumps({"record": kind, **record}))
            where[f"{collection}[{i}]"] = len(lines)
    return b"\n".join(lines), where


@given(damaged_documents())
def test_one_broken_rule_raises_with_the_right_path(damage: Damage) -> None:
    """Rule: a document with one broken rule raises an IkoModelError naming the field's path."""
    doc, path = damage
    with pytest.raises(IkoModelError) as info:
        ikomodel.loads_register(orjson.dumps(doc))
    assert isinstance(info.value, ValidationError)
    assert path in info.value.paths


@given(damaged_documents())
def test_one_broken_rule_in_json_lines_names_path_and_line(damage: Damage) -> None:
    """Rule: in JSON Lines the same damage is reported at the same path, on the record's line."""
    doc, path = damage
    text, where = to_json_lines(doc)
    with pytest.raises(IkoModelError) as info:
        ikomodel.loads_register(text, format="jsonl")
    assert isinstance(info.value, ValidationError)
    record = path[: path.index("]") + 1]
    assert (path, where[record]) in [(p.path, p.line) for p in info.value.problems]


@given(damaged_documents())
def test_the_fast_path_never_accepts_a_damaged_record(damage: Damage) -> None:
    """Rule: a record the detailed path rejects is rejected by the fast path too."""
    doc, _ = damage
    for collection, cls in COLLECTIONS.items():
        hook = CONVERTER.get_structure_hook(cls)
        assert isinstance(hook, RecordHook)
        for record in doc[collection]:
            try:
                expected = hook.detailed(record)
            except ValidationError:
                with pytest.raises(Exception):  # noqa: B017, PT011 - any exception sends it to the detailed path
                    CODECS.fast[cls](record)
            else:
                assert expected == CODECS.fast[cls](record)
