"""Streaming validation of a ``.json`` register: the reader's problems, bounded memory, linear time.

Regression tests of issue 17, defect 8 (item 7 of what to build) for the
``.json`` format: ``ikomodel validate`` no longer reads the document whole.
Every check compares the streaming check (``validate_register_file``) with
the whole-document reader (``loads_register``) on the same text.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikomodel import (
    DocumentError,
    ValidationError,
    dumps_register,
    example_register,
    loads_register,
)
from ikomodel._wire.files import validate_register_file
from ikomodel._wire.stream import MAX_DEPTH
from ikomodel.cli import cli

CASE = {
    "opened": "2021-03-01",
    "line": "first",
    "category": "prevention",
    "parties": [{"kind": "mother", "roles": ["initiator"]}],
}

Verdict = tuple[Any, ...]


def _whole(data: bytes) -> Verdict:
    """What reading the document whole says: valid (and counts), invalid JSON, or the problems."""
    try:
        register = loads_register(data)
    except DocumentError as error:
        return ("invalid JSON", error.line)
    except ValidationError as error:
        return ("problems", [(p.path, p.message, p.line) for p in error.problems])
    counts = {name: len(getattr(register, name)) for name in _COLLECTIONS}
    return ("valid", counts)


def _streamed(path: Path, data: bytes, limit: int = 10**6) -> Verdict:
    path.write_bytes(data)
    try:
        found = validate_register_file(path, max_problems=limit)
    except DocumentError as error:
        return ("invalid JSON", error.line)
    if not found.total:
        return ("valid", found.counts)
    assert found.total == len(found.problems) or len(found.problems) == limit
    return ("problems", [(p.path, p.message, p.line) for p in found.problems])


_COLLECTIONS = ("cases", "contacts", "mediation_requests")
_BASE = dumps_register(example_register())


def _edit(old: bytes, new: bytes, count: int = 1) -> bytes:
    assert old in _BASE
    return _BASE.replace(old, new, count)


EDGES = {
    "valid": _BASE,
    "trailing text": _BASE + b"x",
    "cut short": _BASE[:-100],
    "lone surrogate": _edit(b'"holiday_permission"', b'"holiday_permission\\ud800"'),
    "low surrogate alone": _edit(b'"holiday_permission"', b'"\\udc00holiday_permission"'),
    "surrogate pair": _edit(b'"holiday_permission"', b'"holiday_permission\\ud83d\\ude00"'),
    "escaped backslash then u": _edit(b'"holiday_permission"', b'"\\\\ud800"'),
    "form feed": _BASE.replace(b"\n", b"\x0c\n", 1),
    "vertical tab": _BASE.replace(b"\n", b"\x0b\n", 1),
    "byte order mark": b"\xef\xbb\xbf" + _BASE,
    "version 1.0": _edit(b'"schema_version": 1', b'"schema_version": 1.0'),
    "version 1e0": _edit(b'"schema_version": 1', b'"schema_version": 1e0'),
    "version beyond 64 bits": _edit(
        b'"schema_version": 1', b'"schema_version": 18446744073709551616'
    ),
    "version of 64 bits": _edit(b'"schema_version": 1', b'"schema_version": 18446744073709551615'),
    "version beyond a double": _edit(b'"schema_version": 1', b'"schema_version": 1e400'),
    "huge whole number": _edit(b'"schema_version": 1', b'"schema_version": 1' + b"0" * 400),
    "version an array": _edit(b'"schema_version": 1', b'"schema_version": [1]'),
    "version missing": _edit(b'"schema_version": 1,', b""),
    "version 2": _edit(b'"schema_version": 1', b'"schema_version": 2'),
    "version repeated": _edit(b'"schema_version": 1', b'"schema_version": 1, "schema_version": 1'),
    "repeats in an unknown key": _edit(
        b'"schema_version": 1',
        b'"schema_version": 1, "x": {"a": 1, "a": [{"b": 1, "b": 2}]}, "y": 2, '
        b'"x": {"q": [{"r": 0, "r": 1}], "q": 1}',
    ),
    "unknown key": _edit(b'"schema_version": 1', b'"schema_version": 1, "junk": 3'),
    "repeats in records": _edit(b'"kind": "mother"', b'"kind": "mother", "kind": "father"', 3),
    "repeat with another type": _edit(
        b'"opened": "2021-01-07"', b'"opened": "2021-01-07", "opened": 5'
    ),
    "invalid records": _edit(b'"line": "first"', b'"line": "third"', 5),
    "a whole number with a fraction": _edit(b'"children_heard": 1', b'"children_heard": 1.0'),
    "a whole number beyond 64 bits": _edit(b'"children_heard": 1', b'"children_heard": 1e19'),
    "cases repeated": _edit(b'"schema_version": 1', b'"schema_version": 1, "cases": []'),
    "collections not arrays": b'{"schema_version":1,"contacts":{"a":1},"cases":null}',
    "collections in another order": orjson.dumps(
        {
            "contacts": [],
            "mediation_requests": [],
            "cases": [{**CASE, "id": "a"}, {**CASE, "id": "a", "line": "third"}],
            "schema_version": 1,
        }
    ),
    "not an object": b'[{"a":1}]',
    "an array repeating keys": b'[{"a":1,"a":2}]',
    "a string": b'"x"',
    "empty": b"",
    "white space": b" \n",
    "deep in a record": b'{"schema_version":1,"cases":[' + b"[" * 1000 + b"]" * 1000 + b"]}",
    "deep, the most read": b'{"schema_version":1,"x":[' + b"[" * 1022 + b"]" * 1022 + b"]}",
    "deeper than read": b'{"schema_version":1,"x":[' + b"[" * 1023 + b"]" * 1023 + b"]}",
    "deeper than read in a record": b'{"schema_version":1,"cases":'
    + b"[" * 1100
    + b"]" * 1100
    + b"}",
}


@pytest.mark.parametrize("name", EDGES)
def test_the_streaming_check_says_what_the_reader_says(tmp_path: Path, name: str) -> None:
    data = EDGES[name]
    assert _streamed(tmp_path / "r.json", data) == _whole(data)


def test_invalid_json_names_the_line_and_column(tmp_path: Path) -> None:
    file = tmp_path / "r.json"
    file.write_bytes(_BASE.replace(b'"schema_version": 1,', b'"schema_version": 1,,'))
    with pytest.raises(DocumentError) as caught:
        validate_register_file(file)
    assert (caught.value.line, caught.value.column) == (2, 23)
    file.write_bytes(EDGES["deeper than read"])
    with pytest.raises(DocumentError, match="depth limit exceeded") as caught:
        validate_register_file(file)
    with pytest.raises(DocumentError) as whole:
        loads_register(EDGES["deeper than read"])
    assert (caught.value.line, caught.value.column) == (whole.value.line, whole.value.column)


def test_a_duplicate_id_names_its_first_use_by_its_index_in_the_document(tmp_path: Path) -> None:
    cases = [{**CASE, "id": "b", "line": "third"}, {**CASE, "id": "a"}, {**CASE, "id": "a"}]
    data = orjson.dumps({"schema_version": 1, "cases": cases})
    expected = "duplicate id 'a' (first used at cases[1]); ids are unique in a register"
    with pytest.raises(ValidationError) as caught:
        loads_register(data)
    assert caught.value.problems[-1].message == expected
    found = validate_register_file(_write(tmp_path / "r.json", data))
    assert found.problems[-1].message == expected


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- generated documents --------------------------------------------------------------


class _Object(list[tuple[str, Any]]):
    """A JSON object as its pairs, so that a key can be given twice."""


def _encode(value: object) -> str:
    if isinstance(value, _Object):
        return "{" + ",".join(json.dumps(k) + ":" + _encode(v) for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ",".join(map(_encode, value)) + "]"
    return json.dumps(value)


def _pairs(value: object) -> object:
    if isinstance(value, dict):
        return _Object((k, _pairs(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_pairs(v) for v in value]
    return value


_SAMPLE = orjson.loads(_BASE)
_RECORDS = {
    "cases": _SAMPLE["cases"][:8],
    "contacts": _SAMPLE["contacts"][:8],
    "mediation_requests": _SAMPLE["mediation_requests"][:3],
}
_KEYS = sorted({key for records in _RECORDS.values() for r in records for key in r} | {"x"})
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=4)
    | st.sampled_from(["2021-03-01", "first", "prevention", "mother", "NL", "z-8693c632ee"])
)
_VALUES: st.SearchStrategy[object] = st.deferred(
    lambda: st.one_of(
        _SCALARS,
        _SCALARS,
        st.lists(_VALUES, max_size=3),
        st.lists(st.tuples(st.sampled_from(_KEYS), _VALUES), max_size=3).map(_Object),
    )
)


@st.composite
def _record(draw: st.DrawFn, collection: str) -> object:
    record = _pairs(draw(st.sampled_from(_RECORDS[collection])))
    assert isinstance(record, _Object)
    for _ in range(draw(st.integers(0, 2))):
        action = draw(st.sampled_from(["replace", "repeat", "add", "drop", "id", "whole"]))
        if action == "whole":
            return draw(_VALUES)
        if not record:
            continue
        at = draw(st.integers(0, len(record) - 1))
        key = record[at][0]
        if action == "replace":
            record[at] = (key, draw(_VALUES))
        elif action == "repeat":
            record.insert(draw(st.integers(at + 1, len(record))), (key, draw(_VALUES)))
        elif action == "add":
            record.append((draw(st.sampled_from(_KEYS)), draw(_VALUES)))
        elif action == "drop":
            del record[at]
        else:  # an id shared with another record, or a link to another case
            record[at] = (key, draw(st.sampled_from(["a", "b", _SAMPLE["cases"][0]["id"]])))
    return record


@st.composite
def _documents(draw: st.DrawFn) -> bytes:
    pairs: list[tuple[str, Any]] = []
    if draw(st.integers(0, 9)):
        pairs.append(("schema_version", draw(st.sampled_from([1, 1, 1, 1.0, 2, "1", None]))))
    for collection in _COLLECTIONS:
        if draw(st.integers(0, 9)):
            records = draw(st.lists(_record(collection), max_size=5))
            pairs.append((collection, records if draw(st.integers(0, 19)) else draw(_VALUES)))
    if not draw(st.integers(0, 9)):
        pairs.append((draw(st.sampled_from(["x", "cases", "schema_version"])), draw(_VALUES)))
    document = _Object(draw(st.permutations(pairs)))
    text = _encode(document if draw(st.integers(0, 19)) else draw(_VALUES))
    return text.encode()


@given(data=_documents(), limit=st.integers(1, 5))
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_generated_documents_get_the_readers_verdict(
    tmp_path: Path, data: bytes, limit: int
) -> None:
    """Rule: ``ikomodel validate`` on a ``.json`` register reports what ``read_register`` raises.

    The same verdict (valid with the same counts, invalid JSON on the same
    line, or problems), the same problems in the same order, and with a
    limit the first of them and their total.
    """
    file = tmp_path / "r.json"
    expected = _whole(data)
    assert _streamed(file, data) == expected
    if expected[0] == "problems":
        found = validate_register_file(file, max_problems=limit)
        assert [(p.path, p.message, p.line) for p in found.problems] == expected[1][:limit]
        assert found.total == len(expected[1])


# --- bounded memory, linear time --------------------------------------------------------


def _cases(path: Path, n: int) -> Path:
    """A valid ``.json`` register of ``n`` cases, written a part at a time."""
    with path.open("wb") as f:
        f.write(b'{\n  "schema_version": 1,\n  "cases": [\n')
        for i in range(n):
            case = orjson.dumps({**CASE, "id": f"k-{i}"}, option=orjson.OPT_INDENT_2)
            f.write(textwrap.indent(case.decode(), "    ").encode())
            f.write(b",\n" if i < n - 1 else b"\n")
        f.write(b"  ]\n}\n")
    return path


_UNDER_LIMIT = """
import os, resource, sys
from ikomodel._wire.files import read_register_file, validate_register_file
import ikomodel._wire.stream, ijson  # the code itself, loaded before the limit
with open("/proc/self/status") as status:
    size = next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmSize"))
resource.setrlimit(resource.RLIMIT_AS, (size + int(sys.argv[3]), resource.RLIM_INFINITY))
try:
    if sys.argv[1] == "stream":
        found = validate_register_file(sys.argv[2])
        print(found.total, found.counts["cases"])
    else:
        print(len(read_register_file(sys.argv[2]).cases))
except MemoryError:
    print("MemoryError")
"""


def test_a_large_document_is_checked_in_much_less_memory_than_reading_it(tmp_path: Path) -> None:
    file = _cases(tmp_path / "r.json", 120_000)  # about 30 MB of text
    size = file.stat().st_size
    assert size > 25 << 20
    limit = str(size)  # the text alone fills it, let alone its records

    def run(mode: str) -> tuple[int, str]:
        out = subprocess.run(
            [sys.executable, "-c", _UNDER_LIMIT, mode, str(file), limit],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        return out.returncode, out.stdout.strip()

    assert run("stream") == (0, "0 120000")
    # The limit is real: reading the document whole fails under it (a MemoryError, or
    # a native library that gives up on an allocation and takes the process down).
    assert run("whole")[1] != "120000"


def _invalid_then_shared_id(path: Path, n: int) -> Path:
    """N invalid cases, then N cases sharing one id: the shape that took quadratic time."""
    bad = [{**CASE, "id": f"bad-{i}", "line": "third"} for i in range(n)]
    same = [{**CASE, "id": "same"}] * n
    return _write(path, orjson.dumps({"schema_version": 1, "cases": bad + same}))


def test_invalid_then_shared_id_is_linear_and_bounded(tmp_path: Path) -> None:
    small = _invalid_then_shared_id(tmp_path / "small.json", 2_000)
    large = _invalid_then_shared_id(tmp_path / "large.json", 8_000)

    def seconds(path: Path) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            found = validate_register_file(path, max_problems=20)
            best = min(best, time.perf_counter() - start)
        assert len(found.problems) == 20
        return best

    found = validate_register_file(small, max_problems=10**6)
    assert found.total == 2 * 2_000 - 1
    assert found.problems[-1].message.endswith(
        "(first used at cases[2000]); ids are unique in a register"
    )
    # Four times the input: about four times the time (quadratic would be sixteen).
    assert seconds(large) < 8 * seconds(small)


def test_links_to_cases_later_in_the_document_are_found(tmp_path: Path) -> None:
    doc = orjson.loads(_BASE)
    reordered = {k: doc[k] for k in ("mediation_requests", "contacts", "cases", "schema_version")}
    found = validate_register_file(_write(tmp_path / "r.json", orjson.dumps(reordered)))
    assert found.total == 0
    assert found.counts["contacts"] == len(doc["contacts"]) > 0


def test_importing_ikomodel_does_not_import_ijson() -> None:
    code = "import sys, ikomodel; print('ijson' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert out.stdout.strip() == "False"


def test_the_depth_limit_is_that_of_the_whole_document_reader() -> None:
    with contextlib.suppress(ValidationError):
        loads_register(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)
    with pytest.raises(DocumentError, match="depth"):
        loads_register(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))


def test_validate_prints_at_most_max_problems_of_a_json_document(tmp_path: Path) -> None:
    file = _invalid_then_shared_id(tmp_path / "r.json", 50)
    result = CliRunner().invoke(cli, ["validate", str(file), "--max-problems", "5"])
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert len(lines) == 6
    assert lines[0] == f"{file}: cases[0].line: expected one of: first, second"
    assert lines[-1].endswith("and 94 more problems (see --max-problems)")
