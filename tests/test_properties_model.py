"""Property tests: generated records are valid, round trips are exact, damage is caught."""

from __future__ import annotations

import contextlib
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
    Child,
    Contact,
    IkoModelError,
    MediationRequest,
    Register,
    ValidationError,
    testing,
)
from ikomodel._core.records import ADULT_AGE, case_problems, mediation_problems, years_between
from ikomodel._core.records import COLLECTIONS as REGISTER_COLLECTIONS
from ikomodel._wire.converter import RecordHook
from ikomodel._wire.fastpath import CODECS
from ikomodel._wire.fields import is_vocabulary, optional_of, tuple_of, wire_fields
from ikomodel._wire.files import Format

CONVERTER = ikomodel.make_converter()
COLLECTIONS: dict[str, type[Any]] = {
    "cases": Case,
    "contacts": Contact,
    "mediation_requests": MediationRequest,
}
KINDS = {c.record: c.tag for c in REGISTER_COLLECTIONS}

RECORD_STRATEGIES: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (ikomodel.Party, testing.parties()),
    (ikomodel.Child, testing.children()),
    (ikomodel.AgeAtDate, testing.ages_at()),
    (ikomodel.StageChange, testing.stage_changes()),
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
def test_register_text_round_trip_is_exact(register: Register, fmt: Format) -> None:
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


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2021-03-01", "mother", "initiator", "prevention", "case", "NL"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "kind", "roles", "record", "opened", "cases", "schema_version"])
            | st.text(max_size=6),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


FORMATS: tuple[Format, ...] = ("json", "jsonl")


@given(JSON_VALUES)
def test_any_json_value_raises_only_ikomodel_errors(value: object) -> None:
    """Rule: whatever JSON comes in, the only exceptions are IkoModelErrors."""
    text = orjson.dumps(value)
    for fmt in FORMATS:
        with contextlib.suppress(IkoModelError):
            ikomodel.loads_register(text, format=fmt)
    with contextlib.suppress(IkoModelError):
        ikomodel.loads_register(b'{"schema_version": 1}\n' + text, format="jsonl")
    for cls in (*COLLECTIONS.values(), ikomodel.Party, ikomodel.Child, Register):
        with contextlib.suppress(IkoModelError):
            CONVERTER.structure(value, cls)


@given(st.binary(max_size=40))
def test_any_bytes_raise_only_ikomodel_errors(data: bytes) -> None:
    """Rule: bytes that are not a register raise an IkoModelError, never another exception."""
    for fmt in FORMATS:
        with contextlib.suppress(IkoModelError):
            ikomodel.loads_register(data, format=fmt)


def _slots(node: object) -> list[tuple[Any, Any]]:
    """Every (container, key) pair in a JSON tree."""
    found: list[tuple[Any, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((node, key))
            found.extend(_slots(value))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.append((node, i))
            found.extend(_slots(value))
    return found


@given(testing.registers(max_cases=4), st.data())
def test_any_mutation_of_a_valid_document_is_read_or_refused(
    register: Register, data: st.DataObject
) -> None:
    """Rule: any node of a valid document replaced by any JSON value reads or raises IkoModelError.

    Both formats; never another exception.
    """
    doc = orjson.loads(orjson.dumps(CONVERTER.unstructure(register)))
    slots = _slots(doc)
    container, key = data.draw(st.sampled_from(slots))
    container[key] = data.draw(JSON_VALUES)
    lines = [orjson.dumps({"schema_version": doc.get("schema_version")})]
    for collection, cls in COLLECTIONS.items():
        for record in doc.get(collection) if isinstance(doc.get(collection), list) else []:
            tagged = {"record": KINDS[cls], **record} if isinstance(record, dict) else record
            lines.append(orjson.dumps(tagged))
    text = b"\n".join(lines)
    for payload, fmt in ((orjson.dumps(doc), "json"), (text, "jsonl")):
        try:
            result = ikomodel.loads_register(payload, format=fmt)  # type: ignore[arg-type]
        except IkoModelError:
            continue
        assert isinstance(result, Register)


# --- the rules' quick paths ----------------------------------------------------------

INITIATOR = ikomodel.Party(kind=ikomodel.ClientKind.MOTHER, roles=(ikomodel.Role.INITIATOR,))


def _case_problem_paths(**fields: Any) -> list[str]:
    """Build a first-line general-advice case with ``fields``; return its problem paths."""
    record = {
        "id": "c-1",
        "line": ikomodel.Line.FIRST,
        "category": ikomodel.Category.GENERAL_ADVICE,
        "parties": (INITIATOR,),
        **fields,
    }
    try:
        Case(**record)
    except ValidationError as exc:
        return list(exc.paths)
    return []


@given(
    opened=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    ages_in_days=st.lists(st.integers(-400, 20 * 366), min_size=1, max_size=3),
)
def test_the_age_rule_holds_to_the_day(opened: dt.date, ages_in_days: list[int]) -> None:
    """Rule: each child of a case is born by the opening date and is 0-17 years old on it."""
    born = [opened - dt.timedelta(days=days) for days in ages_in_days]
    children = tuple(Child(id=f"k-{i}", birth_date=birth) for i, birth in enumerate(born))
    expected = [
        f"children[{i}].birth_date"
        for i, birth in enumerate(born)
        if birth > opened or years_between(birth, opened) >= ADULT_AGE
    ]
    assert expected == _case_problem_paths(opened=opened, children=children)


@given(
    child_ids=st.lists(st.sampled_from(["a", "b", "c"]), max_size=4),
    residence=st.sampled_from(["NL", "MA", "nl", "XX", "NLD", None]),
)
def test_child_ids_and_countries_are_checked_on_every_case(
    child_ids: list[str], residence: str | None
) -> None:
    """Rule: a case's child ids are unique, and its countries are ISO 3166-1 alpha-2 codes."""
    opened = dt.date(2021, 3, 1)
    children = tuple(Child(id=i, birth_date=dt.date(2015, 1, 1)) for i in child_ids)
    expected = [f"children[{i}].id" for i, c in enumerate(child_ids) if c in child_ids[:i]]
    if residence not in (None, "NL", "MA"):
        expected.append("habitual_residence")
    actual = _case_problem_paths(opened=opened, children=children, habitual_residence=residence)
    assert expected == actual


@given(
    case_ids=st.lists(st.sampled_from(["c1", "c2", "c3"]), max_size=4),
    contact_ids=st.lists(st.sampled_from(["t1", "t2", "t3"]), max_size=4),
    links=st.lists(st.sampled_from(["c1", "c2", "c9", "", None]), max_size=4),
)
def test_rules_across_records_name_each_offending_record(
    case_ids: list[str], contact_ids: list[str], links: list[str | None]
) -> None:
    """Rule: ids are unique per collection, and every case_id names a case of the register."""
    opened = dt.date(2021, 3, 1)
    cases = tuple(
        Case(
            id=i,
            opened=opened,
            line=ikomodel.Line.FIRST,
            category=ikomodel.Category.GENERAL_ADVICE,
            parties=(INITIATOR,),
        )
        for i in case_ids
    )
    contacts = tuple(
        Contact(
            id=contact_id,
            on=opened,
            channel=ikomodel.Channel.EMAIL,
            client=ikomodel.ClientKind.MOTHER,
            case_id=case_id,
        )
        for contact_id, case_id in zip(contact_ids, links, strict=False)
    )
    expected = [f"cases[{i}].id" for i, c in enumerate(case_ids) if c in case_ids[:i]]
    expected += [f"contacts[{i}].id" for i, c in enumerate(contacts) if c.id in contact_ids[:i]]
    expected += [
        f"contacts[{i}].case_id"
        for i, c in enumerate(contacts)
        if c.case_id is not None and c.case_id not in case_ids
    ]
    try:
        Register(cases=cases, contacts=contacts)
    except ValidationError as exc:
        actual = list(exc.paths)
    else:
        actual = []
    assert expected == actual


def test_a_category_outside_the_taxonomy_is_named_on_its_case() -> None:
    """Rule: a case's category belongs to the taxonomy of the year it was opened."""
    good = Case(
        id="c1",
        opened=dt.date(2021, 3, 1),
        line=ikomodel.Line.FIRST,
        category=ikomodel.Category.GENERAL_ADVICE,
        parties=(INITIATOR,),
    )
    slug = attrs.evolve(good, id="c2", category="general_advice")  # type: ignore[arg-type]
    unknown = attrs.evolve(good, id="c3", category="preventie")  # type: ignore[arg-type]
    too_early = attrs.evolve(good, id="c4", opened=dt.date(1990, 3, 1))
    with pytest.raises(ValidationError) as info:
        Register(cases=(good, slug, unknown, too_early))
    assert ["cases[2].category", "cases[3].opened"] == list(info.value.paths)
