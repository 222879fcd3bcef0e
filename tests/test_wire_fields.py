"""The wire's shared parts.

One collection map, one field walk, generated code in linecache, one encoder
of both register formats, and the reader's progress hook.
"""

import datetime as dt
import inspect
import linecache
import traceback
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import HealthCheck, given, settings

import ikomodel
from ikomodel import (
    AgeAtDate,
    Case,
    Child,
    Contact,
    MediationRequest,
    Party,
    Register,
    StageChange,
    example_register,
    testing,
)
from ikomodel._core.records import COLLECTIONS
from ikomodel._wire import fastpath
from ikomodel._wire.fastpath import CODECS
from ikomodel._wire.fields import (
    RECORDS,
    TAG,
    Kind,
    compile_function,
    wire_fields,
    wire_record,
)
from ikomodel._wire.files import Format, encode_register, read_register_file
from ikomodel._wire.mirror import structs

# --- the collection map -----------------------------------------------------------------


def test_the_collections_are_the_register_s_fields_in_order() -> None:
    """The map names each collection of a register, with the class of its records."""
    attrs.resolve_types(Register)
    # The schema version and the taxonomies the register is checked against are
    # settings of the register, not collections of records.
    settings = {"schema_version", "taxonomies"}
    register_fields = [a for a in attrs.fields(Register) if a.init and a.name not in settings]
    assert [a.name for a in register_fields] == [c.name for c in COLLECTIONS]
    assert [tuple[c.record, ...] for c in COLLECTIONS] == [  # type: ignore[name-defined]
        a.type for a in register_fields
    ]
    assert [Case, Contact, MediationRequest] == [c.record for c in COLLECTIONS]


def test_documents_lines_and_schemas_follow_the_collection_map() -> None:
    """The document keys, the JSON Lines tags and both schemas come from the one map."""
    register = example_register()
    document = orjson.loads(ikomodel.dumps_register(register))
    assert ["schema_version", *(c.name for c in COLLECTIONS)] == list(document)
    tags = {c.tag: c for c in COLLECTIONS}
    seen: list[str] = []
    for line in ikomodel.dumps_register(register, format="jsonl").splitlines()[1:]:
        tag = orjson.loads(line)[TAG]
        if not seen or seen[-1] != tag:
            seen.append(tag)
    assert [c.tag for c in COLLECTIONS] == seen
    assert set(tags) == set(seen)
    schema = ikomodel.register_schema()
    for c in COLLECTIONS:
        assert {"$ref": f"#/$defs/{c.record.__name__}"} == schema["properties"][c.name]["items"]
    line_schema = ikomodel.register_schema(format="jsonl")
    assert [c.tag for c in COLLECTIONS] == [
        line_schema["$defs"][f"{c.record.__name__}Line"]["properties"][TAG]["const"]
        for c in COLLECTIONS
    ]


def test_the_union_of_registers_joins_every_collection() -> None:
    """``|`` adds each collection of the map."""
    register = example_register()
    half = {case.id for case in register.cases[::2]}

    def part(first: bool) -> Register:
        collections: dict[str, Any] = {
            c.name: tuple(
                r
                for r in getattr(register, c.name)
                if ((r.id if c.record is Case else r.case_id) in half) is first
            )
            for c in COLLECTIONS
        }
        return Register(**collections)

    union = part(True) | part(False)
    for c in COLLECTIONS:
        assert sorted(r.id for r in getattr(register, c.name)) == sorted(
            r.id for r in getattr(union, c.name)
        )
        assert 0 < len(getattr(part(True), c.name)) < len(getattr(register, c.name))


# --- the field walk ---------------------------------------------------------------------


def test_the_records_are_found_from_the_collections_each_after_what_it_holds() -> None:
    """Every record class a collection holds has a wire form, after the records it holds."""
    assert {Party, AgeAtDate, Child, Case, Contact, StageChange, MediationRequest} == set(RECORDS)
    for i, cls in enumerate(RECORDS):
        for field in wire_fields(cls):
            if field.record is not None:
                assert RECORDS.index(field.record) < i


def test_a_record_is_walked_once_and_described_field_by_field() -> None:
    """The description is made once per class; it says what each engine needs."""
    assert wire_record(Case) is wire_record(Case)
    fields = {f.name: f for f in wire_fields(Case)}
    assert [a.name for a in attrs.fields(Case)] == list(fields)
    assert {"habitual_residence", "destination"} == {n for n, f in fields.items() if f.country}
    assert Kind.TUPLE is fields["parties"].shape.kind
    assert fields["parties"].shape.element is not None
    assert (Kind.RECORD, Party) == (
        fields["parties"].shape.element.kind,
        fields["parties"].shape.element.type,
    )
    assert Party is fields["parties"].record
    assert (Kind.DATE, True, False) == (
        fields["closed"].shape.kind,
        fields["closed"].optional,
        fields["closed"].required,
    )
    assert (Kind.STR, False, True) == (
        fields["id"].shape.kind,
        fields["id"].optional,
        fields["id"].required,
    )
    assert Kind.VOCABULARY is fields["category"].shape.kind
    assert () == fields["children"].default
    # Records without an id whose values are strings, dates and slugs share equal instances.
    assert [Party, StageChange] == [cls for cls in RECORDS if wire_record(cls).memoised]


def test_a_field_of_another_type_is_described_and_refused_by_the_fast_path() -> None:
    """An unknown type is described as such, and a generator says it cannot handle it."""

    @attrs.frozen
    class Measured:
        weight: float
        tags: tuple[str, ...] = ()

    fields = {f.name: f for f in wire_fields(Measured)}
    assert Kind.OTHER is fields["weight"].shape.kind
    assert fields["tags"].shape.element is not None
    assert Kind.STR is fields["tags"].shape.element.kind
    with pytest.raises(TypeError, match="cannot generate a fast path for <class 'float'>"):
        fastpath._generate((Measured,))


# --- generated code in linecache --------------------------------------------------------


def test_the_generated_functions_have_their_source() -> None:
    """``inspect.getsource`` finds every generated function's text."""
    mirror = structs()
    functions: list[Any] = [
        *CODECS.fast.values(),
        *CODECS.plain.values(),
        *mirror.to_struct.values(),
        *mirror.to_line.values(),
        *mirror.to_record.values(),
    ]
    for function in functions:
        source = inspect.getsource(function)
        assert source.startswith(f"def {function.__name__}(")
        assert function.__code__.co_filename.startswith("<ikomodel generated ")
    assert len({f.__code__.co_filename for f in functions}) == len({id(f) for f in functions})


def _generated_frames(error: BaseException) -> list[traceback.FrameSummary]:
    frames = traceback.extract_tb(error.__traceback__)
    return [f for f in frames if f.filename.startswith("<ikomodel generated ")]


def test_a_traceback_through_the_fast_path_shows_the_generated_line() -> None:
    """A record the fast path refuses raises in a generated line that a traceback shows."""
    with pytest.raises(Exception) as info:  # noqa: PT011 - the fast path's private signal
        CODECS.fast[Contact]({"id": 7, "on": "2021-03-01", "channel": "email", "client": "mother"})
    frames = _generated_frames(info.value)
    assert ["structure_Contact"] == [f.name for f in frames]
    assert "if a_id.__class__ is not str: raise _Reject" == frames[0].line
    assert "a_id.__class__ is not str" in "".join(traceback.format_tb(info.value.__traceback__))


def test_a_traceback_through_the_mirror_shows_the_generated_lines() -> None:
    """A broken invariant found while the mirror builds a record shows the generated lines."""
    mirror = structs()
    line = (
        b'{"record":"mediation_request","id":"m","kind":"iko","received":"2021-03-01",'
        b'"case_id":"k","stages":[{"stage":"received","on":"2021-03-01"},'
        b'{"stage":"not_started","on":"2021-03-02"}]}'
    )
    decoded = mirror.decoder.decode(line)
    with pytest.raises(ikomodel.ValidationError) as info:
        mirror.to_record[type(decoded)](decoded)
    frames = _generated_frames(info.value)
    names = [f.name for f in frames if not f.name.startswith("<")]  # not a comprehension's
    # a stage change is shared by its text: read from its text, then from its Struct
    assert ["read_MediationRequest", "raw_StageChange", "read_StageChange"] == names
    assert all(f.line for f in frames)
    assert "_PStageChange(o)" == frames[-1].line


def test_generated_source_under_a_taken_name_gets_a_name_of_its_own() -> None:
    """Two different sources of one function name are both kept, under two file names."""
    first: dict[str, Any] = {}
    second: dict[str, Any] = {}
    one = compile_function("def twice(x):\n    return 2 * x\n", "twice", first)
    two = compile_function("def twice(x):\n    return x + x\n", "twice", second)
    assert one.__code__.co_filename != two.__code__.co_filename
    assert "return 2 * x" in inspect.getsource(one)
    assert "return x + x" in inspect.getsource(two)
    assert linecache.getline(two.__code__.co_filename, 2).strip() == "return x + x"


# --- one encoder ------------------------------------------------------------------------


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(testing.registers(max_cases=6))
def test_both_formats_hold_the_same_record_objects(register: Register) -> None:
    """A record is the same object, key for key and in order, in ``.json`` and ``.jsonl``."""
    document = orjson.loads(ikomodel.dumps_register(register))
    lines = [orjson.loads(x) for x in ikomodel.dumps_register(register, format="jsonl").split()]
    assert {"schema_version": register.schema_version} == lines[0]
    from_lines = [list(line.items())[1:] for line in lines[1:]]
    from_document = [list(record.items()) for c in COLLECTIONS for record in document[c.name]]
    assert from_document == from_lines


def test_a_document_is_indented_or_compact_from_the_one_encoder() -> None:
    """The indented document is the compact one, laid out with two spaces."""
    register = example_register()
    compact = b"".join(encode_register(register, "json", indent=False))
    indented = ikomodel.dumps_register(register)
    assert indented == orjson.dumps(orjson.loads(compact), option=orjson.OPT_INDENT_2) + b"\n"
    assert compact == orjson.dumps(orjson.loads(indented)) + b"\n"
    with pytest.raises(ikomodel.DocumentError, match="unknown format"):
        b"".join(encode_register(register, "xml"))  # type: ignore[arg-type]


# --- files: suffixes in any case, progress ---------------------------------------------------


@pytest.mark.parametrize("suffix", [".JSON", ".Json", ".JSONL", ".Jsonl"])
def test_suffixes_are_matched_in_any_case(tmp_path: Path, suffix: str) -> None:
    """Writing and reading choose the format by the suffix, whatever its case."""
    register = example_register()
    path = tmp_path / f"register{suffix}"
    ikomodel.write_register(register, path)
    text = path.read_bytes()
    format_: Format = "jsonl" if suffix.lower() == ".jsonl" else "json"
    assert ikomodel.dumps_register(register, format=format_) == text
    assert register == ikomodel.read_register(path)


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_the_reader_reports_every_byte_it_reads(tmp_path: Path, suffix: str) -> None:
    """The progress hook hears of each read, which add up to the file; the register is the same."""
    register = example_register()
    path = tmp_path / f"register{suffix}"
    ikomodel.write_register(register, path)
    reads: list[int] = []
    assert register == read_register_file(path, progress=reads.append)
    assert path.stat().st_size == sum(reads)
    assert len(reads) > 1  # a large document is read a block at a time too


def test_the_reader_with_progress_raises_the_same_errors(tmp_path: Path) -> None:
    """Missing files, directories, unknown suffixes and bad text fail as without progress."""
    (tmp_path / "dir.json").mkdir()
    (tmp_path / "bad.jsonl").write_bytes(b'{"schema_version": 1}\n\xff\xfe\n')
    reads: list[int] = []
    for name, match in [
        ("missing.json", "cannot read the file"),
        ("dir.json", "cannot read the file"),
        ("register.CSV", "unknown file suffix '.CSV'"),
        ("bad.jsonl", r"bad\.jsonl:2:1: invalid JSON"),
    ]:
        with pytest.raises(ikomodel.DocumentError, match=match):
            read_register_file(tmp_path / name, progress=reads.append)
        with pytest.raises(ikomodel.DocumentError, match=match):
            ikomodel.read_register(tmp_path / name)


def test_dates_are_written_as_iso_text_by_the_one_encoder() -> None:
    """Dates and slugs reach both formats as text (the encoder does not depend on orjson)."""
    contact = Contact(
        id="c",
        on=dt.date(2021, 3, 1),
        channel=ikomodel.Channel.EMAIL,
        client=ikomodel.ClientKind.MOTHER,
    )
    register = Register(contacts=(contact,))
    assert (
        b'{"record":"contact","id":"c","on":"2021-03-01","channel":"email","client":"mother"}\n'
        == ikomodel.dumps_register(register, format="jsonl").splitlines(keepends=True)[1]
    )


def test_no_engine_walks_the_attrs_fields_itself() -> None:
    """The converter, fast path, mirror, schema and files read the fields from ``fields.py``."""
    wire = Path(fastpath.__file__).parent
    engines = sorted(p.name for p in wire.glob("*.py") if p.name not in {"fields.py"})
    assert {"converter.py", "fastpath.py", "mirror.py", "schema.py", "files.py"} <= set(engines)
    for name in engines:
        source = (wire / name).read_text("utf-8")
        for walk in ("attrs.fields(", "fields_dict(", "resolve_types(", "get_type_hints("):
            assert walk not in source, (name, walk)
