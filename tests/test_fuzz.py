"""Fuzzing the register readers: bad input raises IkoModelError, never anything else.

And a register is read whole or not at all: a reader that returns, returns
every record of the document.
"""

import datetime as dt
import pathlib
import tracemalloc
from collections.abc import Callable
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikomodel import (
    Case,
    Category,
    Child,
    ClientKind,
    Contact,
    IkoModelError,
    Line,
    MediationRequest,
    Party,
    Register,
    Role,
    dumps_register,
    loads_register,
    read_register,
    write_register,
)
from ikomodel._core.records import COLLECTIONS
from ikomodel._wire import files as io_module
from ikomodel._wire.converter import detailed_problems, structure_register
from ikomodel._wire.fastpath import CODECS
from ikomodel._wire.mirror import structs
from ikomodel.testing import registers

FORMATS = ("json", "jsonl")

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2021-03-01", "2021-02-30", "mother", "abduction", "NL", "case", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
"""Any JSON value, with some strings the model knows to make near misses likely."""


def load(data: bytes, format: str) -> Register | None:
    """Read ``data``; return None on IkoModelError (any other exception fails the test)."""
    try:
        return loads_register(data, format=format)  # type: ignore[arg-type]
    except IkoModelError:
        return None


@given(data=st.binary(max_size=300), format=st.sampled_from(FORMATS))
def test_any_bytes_load_or_raise_ikomodel_error(data: bytes, format: str) -> None:
    """Rule: any byte string either loads or raises IkoModelError, never another exception."""
    result = load(data, format)
    assert result is None or isinstance(result, Register)


@given(value=json_values, format=st.sampled_from(FORMATS))
def test_any_json_value_loads_or_raises_ikomodel_error(value: object, format: str) -> None:
    """Rule: any JSON value (as a document or a JSON Lines line) loads or raises IkoModelError."""
    data = orjson.dumps(value)
    if format == "jsonl":
        data = b'{"schema_version":1}\n' + data
    result = load(data, format)
    assert result is None or isinstance(result, Register)


def _paths(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path into a JSON value, the value itself first."""
    found = [path]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*path, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            found += _paths(child, (*path, i))
    return found


@st.composite
def damaged(draw: st.DrawFn, doc: Any) -> Any:
    """``doc`` with one field or element replaced, removed, added or duplicated."""
    doc = orjson.loads(orjson.dumps(doc))  # a deep copy
    path = draw(st.sampled_from(_paths(doc)))
    if not path:
        return draw(json_values)
    *head, last = path
    parent = doc
    for step in head:
        parent = parent[step]
    action = draw(st.sampled_from(["replace", "remove", "add", "duplicate"]))
    if action == "replace":
        parent[last] = draw(json_values)
    elif action == "remove":
        del parent[last]
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.text(max_size=8))] = draw(json_values)
    elif isinstance(parent, list):
        parent.insert(int(last), parent[int(last)])
    else:
        parent[last] = [parent[last]]
    return doc


def _covered(read: Any, written: Any) -> bool:
    """Whether every non-null value of ``read`` is in ``written`` (defaults may be added)."""
    if isinstance(read, dict):
        return isinstance(written, dict) and all(
            v is None or (k in written and _covered(v, written[k])) for k, v in read.items()
        )
    if isinstance(read, list):
        return (
            isinstance(written, list)
            and len(read) == len(written)
            and all(_covered(a, b) for a, b in zip(read, written, strict=True))
        )
    return type(read) is type(written) and bool(read == written)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(register=registers(max_cases=4), data=st.data())
def test_a_damaged_json_document_loads_whole_or_raises(
    register: Register, data: st.DataObject
) -> None:
    """Rule: a valid document with one field damaged loads completely or raises IkoModelError."""
    doc = orjson.loads(dumps_register(register))
    bad = data.draw(damaged(doc))
    result = load(orjson.dumps(bad), "json")
    if result is not None:
        # Nothing was dropped or invented: the register written back is the document read.
        assert _covered(bad, orjson.loads(dumps_register(result)))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(register=registers(max_cases=4), data=st.data())
def test_a_damaged_json_lines_file_loads_whole_or_raises(
    register: Register, data: st.DataObject
) -> None:
    """Rule: JSON Lines with one line damaged load every record or raise IkoModelError."""
    lines = dumps_register(register, format="jsonl").splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    if data.draw(st.booleans()):
        lines[index] = orjson.dumps(data.draw(damaged(orjson.loads(lines[index]))))
    else:
        raw = bytearray(lines[index])
        at = data.draw(st.integers(0, len(raw)))
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=3))
        lines[index] = bytes(raw)
    text = b"\n".join(lines) + b"\n"
    result = load(text, "jsonl")
    if result is not None:
        records = [orjson.loads(line) for line in lines[1:] if line.strip()]
        kinds = [r.get("record") if isinstance(r, dict) else None for r in records]
        loaded = (
            ["case"] * len(result.cases)
            + ["contact"] * len(result.contacts)
            + ["mediation_request"] * len(result.mediation_requests)
        )
        assert sorted(map(str, kinds)) == sorted(loaded)


def _big_register(count: int) -> Register:
    parent = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))
    start = dt.date(2021, 1, 1)
    return Register(
        cases=tuple(
            Case(
                id=f"k-{i:07d}",
                opened=start + dt.timedelta(days=i % 365),
                line=Line.SECOND,
                category=Category.PREVENTION,
                parties=(parent,),
                destination="MA",
                children=(Child(id="c-1", birth_date=dt.date(2014, 1, 1 + i % 28)),),
            )
            for i in range(count)
        )
    )


def _transient_peak_of(make: Callable[[], Register]) -> tuple[int, Register]:
    """Bytes allocated while making a register beyond what it keeps, and the register."""
    tracemalloc.start()
    try:
        register = make()
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - kept, register


def _transient_peak(path: pathlib.Path) -> tuple[int, Register]:
    """Bytes allocated while reading beyond what the register keeps, and the register."""
    return _transient_peak_of(lambda: read_register(path))


@pytest.mark.parametrize("count", [20_000])  # a file of several blocks of 128 KiB
def test_json_lines_are_read_in_bounded_memory(tmp_path: pathlib.Path, count: int) -> None:
    """Reading JSON Lines holds a block of lines at a time: the overhead stays well below the file.

    The overhead is what reading allocates beyond the register it returns and
    the register's own checks across records (the sets of ids the constructor
    builds for a moment). Reading the same register as one JSON document
    needs the whole text and its parsed tree at once, which is what this test
    would catch.
    """
    register = _big_register(count)
    lines, document = tmp_path / "big.jsonl", tmp_path / "big.json"
    write_register(register, lines)
    write_register(register, document)
    checks = _transient_peak_of(
        lambda: Register(
            cases=register.cases,
            contacts=register.contacts,
            mediation_requests=register.mediation_requests,
        )
    )[0]
    streamed, from_lines = _transient_peak(lines)
    whole, from_document = _transient_peak(document)
    assert register == from_lines == from_document
    assert streamed - checks < lines.stat().st_size / 3
    assert whole - checks > lines.stat().st_size


# --- the msgspec fast path of JSON Lines against the detailed path ----------------------

_CLASS_OF_TAG = {"case": Case, "contact": Contact, "mediation_request": MediationRequest}


def _fast(line: bytes) -> object | None:
    """The record the fast path makes of ``line``, or None where it gives up."""
    try:
        struct = structs().decoder.decode(line)
        record: object = structs().to_record[type(struct)](struct)
    except Exception:
        return None
    return record


def _detailed(line: bytes) -> object | None:
    """The record the detailed path (orjson, then cattrs) makes of ``line``, or None."""
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(obj, dict) or obj.get("record") not in _CLASS_OF_TAG:
        return None
    fields = {k: v for k, v in obj.items() if k != "record"}
    record, problems = detailed_problems(fields, _CLASS_OF_TAG[obj["record"]])
    return None if problems else record


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(register=registers(max_cases=4), data=st.data())
def test_the_fast_path_is_never_more_lenient_than_the_detailed_path(
    register: Register, data: st.DataObject
) -> None:
    """Rule: a record line the fast path reads is one the detailed path reads to the same record.

    The fast path may give up on a valid line (the detailed path then reads
    it); it must never accept a line the detailed path refuses.
    """
    lines = dumps_register(register, format="jsonl").splitlines()[1:]
    if not lines:
        return
    line = data.draw(st.sampled_from(lines))
    if data.draw(st.booleans()):
        bad = orjson.dumps(data.draw(damaged(orjson.loads(line))))
    else:
        raw = bytearray(line)
        at = data.draw(st.integers(0, len(raw)))
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=3))
        bad = bytes(raw)
    fast = _fast(bad)
    if fast is not None:
        assert _detailed(bad) == fast


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(register=registers(max_cases=6))
def test_the_fast_path_reads_every_valid_line_and_writes_the_same_bytes(
    register: Register,
) -> None:
    """Rule: every line of a valid register takes the fast path, and its text is unchanged.

    The msgspec writer gives byte for byte the text of orjson over the
    converter's dictionaries (the documented format: the tag first, then the fields that
    are always written, then the optional ones that are not None).
    """
    text = dumps_register(register, format="jsonl")
    header, *lines = text.splitlines(keepends=True)
    assert header == b'{"schema_version":1}\n'
    records = [*register.cases, *register.contacts, *register.mediation_requests]
    assert [_fast(line) for line in lines] == records
    newline = orjson.OPT_APPEND_NEWLINE
    tags = {c.record: c.tag for c in COLLECTIONS}
    expected = [
        orjson.dumps({"record": tags[type(r)], **CODECS.plain[type(r)](r)}, option=newline)
        for r in records
    ]
    assert lines == expected


_CONTACT = (
    b'{"record":"contact","id":"x","on":"2021-03-01","channel":"telephone","client":"mother"}'
)
_CASE = (
    b'{"record":"case","id":"k","opened":"2021-03-01","line":"second","category":"abduction",'
    b'"parties":[{"kind":"mother","roles":["initiator"]}],"destination":"MA"}'
)
_REQUEST = (
    b'{"record":"mediation_request","id":"m","kind":"iko","received":"2021-03-01",'
    b'"case_id":"k","stages":[{"stage":"received","on":"2021-03-01"}]}'
)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        (_CONTACT[:-1] + b',"zz":1}', "an unknown key"),
        (_CONTACT.replace(b'"record":"contact",', b""), "no tag"),
        (_CONTACT.replace(b"2021-03-01", b"2021-3-01"), "a date not in YYYY-MM-DD"),
        (_CONTACT.replace(b"2021-03-01", b"2021-02-30"), "a day that does not exist"),
        (_CONTACT.replace(b"telephone", b"Telephone"), "a slug in the wrong case"),
        (_CONTACT.replace(b'"x"', b"1"), "a number for a string"),
        (_CONTACT[:-1] + b',"agency":null,"case_id":"\\ud800"}', "a lone surrogate"),
        (_REQUEST[:-1] + b',"child_interviews":18446744073709551616}', "a number beyond 64 bits"),
        (_REQUEST[:-1] + b',"child_interviews":1.0}', "a float for a whole number"),
        (_REQUEST[:-1] + b',"special_guardian":1}', "a number for a bool"),
        (_REQUEST[:-1] + b',"child_interviews":null}', "null for a field with a default"),
        (
            _REQUEST.replace(b'"received","on"', b'"received","reason":null,"x":1,"on"'),
            "an unknown key in a nested record",
        ),
        (_CASE.replace(b'"MA"', b'"XX"'), "a country code that is not ISO 3166-1"),
        (_CASE.replace(b'"MA"', b'"ma"'), "a country code in lower case"),
        (_CASE.replace(b'"MA"', b'"EU"'), "a reserved code that is no country"),
        (_CASE.replace(b'"MA"', b"212"), "a number for a country code"),
    ],
)
def test_the_fast_path_refuses_what_the_detailed_path_refuses(line: bytes, why: str) -> None:
    """Rule: the fast path gives up on each kind of bad line (and so does the detailed path)."""
    assert _fast(line) is None, why
    assert _detailed(line) is None, why


@pytest.mark.parametrize("line", [_CONTACT, _REQUEST])
def test_the_lines_damaged_above_are_valid(line: bytes) -> None:
    """The undamaged lines of the test above are read, the same, by both paths."""
    fast = _fast(line)
    assert fast is not None
    assert _detailed(line) == fast


def _outcome(text: bytes) -> object:
    """The register read from JSON Lines ``text``, or the error's type and its problems."""
    try:
        return loads_register(text, format="jsonl")
    except IkoModelError as error:
        return type(error), str(error)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(register=registers(max_cases=4), data=st.data(), block=st.integers(1, 400))
def test_the_block_size_never_changes_what_json_lines_read_to(
    register: Register, data: st.DataObject, block: int
) -> None:
    """Rule: JSON Lines read in blocks of any size give the same register or the same problems.

    The reader decodes blocks of whole lines at once and reads a block with a
    problem again line by line; lines, blank lines and line numbers must not
    depend on where the blocks end.
    """
    original = dumps_register(register, format="jsonl").splitlines()
    lines = list(original)
    for _ in range(data.draw(st.integers(0, 2))):
        index = data.draw(st.integers(0, len(lines) - 1))
        line = original[index]
        lines[index] = data.draw(
            st.sampled_from([b"", b"  ", line + b"\r", line[:-1]])
            | st.builds(orjson.dumps, damaged(orjson.loads(line)))
        )
    text = b"\n".join(lines) + data.draw(st.sampled_from([b"", b"\n"]))
    expected = _outcome(text)
    default = io_module._BLOCK
    io_module._BLOCK = block
    try:
        assert _outcome(text) == expected
    finally:
        io_module._BLOCK = default


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(register=registers(max_cases=4), data=st.data())
def test_the_document_fast_path_is_never_more_lenient_than_the_detailed_path(
    register: Register, data: st.DataObject
) -> None:
    """Rule: a JSON document the msgspec fast path reads, the detailed path reads the same.

    And every valid document takes the fast path.
    """
    text = dumps_register(register)
    assert structs().to_register(structs().document.decode(text)) == register
    bad = orjson.dumps(data.draw(damaged(orjson.loads(text))))
    try:
        fast = structs().to_register(structs().document.decode(bad))
    except Exception:
        return
    assert structure_register(orjson.loads(bad)) == fast
