"""The strict converter and register I/O (JSON and JSON Lines)."""

from __future__ import annotations

import datetime as dt
import enum
import gc
import os
from pathlib import Path
from typing import Any

import attrs
import cattrs
import orjson
import pytest

import ikomodel
from ikomodel import (
    Case,
    Category,
    Child,
    ClientKind,
    Contact,
    DocumentError,
    Line,
    Party,
    Register,
    Role,
    SchemaVersionError,
    ValidationError,
)
from ikomodel._wire import files as io_module
from ikomodel._wire.converter import RecordHook
from ikomodel._wire.fastpath import CODECS
from ikomodel._wire.files import Format

OPENED = dt.date(2021, 3, 1)


def make_case(case_id: str = "c-1", **changes: Any) -> Case:
    fields: dict[str, Any] = {
        "id": case_id,
        "opened": OPENED,
        "line": Line.SECOND,
        "category": Category.ABDUCTION,
        "parties": (Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,)),),
        "children": (Child(id="k-1", birth_date=dt.date(2015, 6, 1)),),
        "destination": "MA",
    }
    fields.update(changes)
    return Case(**fields)


def case_doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = ikomodel.make_converter().unstructure(make_case())
    doc.update(changes)
    return doc


def register_doc(*cases: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"schema_version": 1, "cases": list(cases), **extra}


def problems_of(error: ValidationError) -> list[tuple[str, int | None]]:
    return [(p.path, p.line) for p in error.problems]


def sample_register() -> Register:
    case = make_case()
    other = make_case("c-2", category=Category.PREVENTION, came_back_as_abduction=False)
    return Register(
        cases=(case, other),
        contacts=(
            Contact(id="t-1", on=OPENED, channel=ikomodel.Channel.EMAIL, client=ClientKind.FATHER),
            Contact(
                id="t-2",
                on=OPENED,
                channel=ikomodel.Channel.TELEPHONE,
                client=ClientKind.PROFESSIONAL,
                agency=ikomodel.AgencyKind.POLICE,
                case_id="c-2",
            ),
        ),
    )


# --- the converter ---------------------------------------------------------------------


def test_make_converter_returns_a_fresh_converter_each_time() -> None:
    """Two calls give two independent converters, each structuring records the same way."""
    first, second = ikomodel.make_converter(), ikomodel.make_converter()
    assert first is not second
    assert first.structure(case_doc(), Case) == second.structure(case_doc(), Case)


def test_unstructure_leaves_out_none_fields_and_writes_builtin_types() -> None:
    """None fields are left out; dates become YYYY-MM-DD strings and enums plain slugs."""
    doc = ikomodel.make_converter().unstructure(make_case())
    assert {
        "id": "c-1",
        "opened": "2021-03-01",
        "line": "second",
        "category": "abduction",
        "parties": [{"kind": "mother", "roles": ["initiator"]}],
        "children": [{"id": "k-1", "birth_date": "2015-06-01"}],
        "destination": "MA",
    } == doc
    assert str is type(doc["line"])


def test_null_and_missing_optional_fields_read_the_same() -> None:
    """An explicit null for an optional field means the same as leaving it out."""
    converter = ikomodel.make_converter()
    assert converter.structure(case_doc(), Case) == converter.structure(
        case_doc(closed=None, taking_person=None), Case
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("came_back_as_abduction", "false", "expected true or false, not a string"),
        ("came_back_as_abduction", 1, "expected true or false, not a whole number"),
        ("id", 123, "expected a string, not a whole number"),
        ("line", "Tweedelijns", "expected one of: first, second"),
        ("line", "SECOND", "expected one of: first, second"),
        ("parties", "mother", "expected an array, not a string"),
        ("parties", {"kind": "mother"}, "expected an array, not an object"),
        ("opened", 20210301, ikomodel._wire.fastpath._DATE_MESSAGE),
    ],
)
def test_no_value_is_coerced_into_another_type(field: str, value: object, message: str) -> None:
    """Strings, numbers and booleans are never converted into one another."""
    doc = case_doc(**{field: value}, category="prevention")
    with pytest.raises(ValidationError) as info:
        ikomodel.make_converter().structure(doc, Case)
    assert [(field, message)] == [(p.path, p.message) for p in info.value.problems]


@pytest.mark.parametrize("value", [2015.9, True, "3", 3.0, None])
def test_counts_are_whole_numbers_and_not_booleans(value: object) -> None:
    """A count is a JSON whole number: not a fraction, a boolean, a string or null."""
    with pytest.raises(ValidationError) as info:
        ikomodel.make_converter().structure(
            {"years": value, "on": "2021-01-01"}, ikomodel.AgeAtDate
        )
    assert ["years"] == info.value.paths


@pytest.mark.parametrize(
    "value",
    ["20150601", "2015-W22-1", "2015-02-30", "2015-6-1", "2015-06-01T00:00", "１２３４-06-01"],
)
def test_dates_are_iso_calendar_dates_and_messages_hide_them(value: str) -> None:
    """Only YYYY-MM-DD naming a real day is a date, and the message never repeats the value."""
    doc = case_doc(children=[{"id": "k-1", "birth_date": value}])
    with pytest.raises(ValidationError) as info:
        ikomodel.make_converter().structure(doc, Case)
    assert ["children[0].birth_date"] == info.value.paths
    assert value not in str(info.value)
    assert "2015" not in str(info.value)


def test_unknown_and_missing_keys_are_reported_with_their_paths() -> None:
    """An unknown key and a missing required key are both reported, each at its own path."""
    doc = case_doc(nickname="x")
    del doc["opened"]
    with pytest.raises(ValidationError) as info:
        ikomodel.make_converter().structure(doc, Case)
    assert ["opened", "nickname"] == info.value.paths
    assert "this required key is missing" == info.value.problems[0].message
    assert info.value.problems[1].message.startswith("unknown key; the allowed keys are: id,")


def test_every_problem_of_a_register_document_is_raised_at_once() -> None:
    """Problems in several records, nested records and across records come in one error."""
    bad_child = case_doc(id="c-2", children=[{"id": "k-1", "birth_date": "2021-05-01"}])
    bad_types = case_doc(id="c-3", line=2, parties=[{"kind": "mother", "roles": ["boss"]}])
    contact = {"id": "t-1", "on": "2021-01-01", "channel": "email", "client": "mother"}
    doc = register_doc(
        case_doc(),
        bad_child,
        bad_types,
        case_doc(),
        contacts=[dict(contact, case_id="nowhere")],
    )
    with pytest.raises(ValidationError) as info:
        ikomodel.make_converter().structure(doc, Register)
    assert [
        "cases[1].children[0].birth_date",
        "cases[2].line",
        "cases[2].parties[0].roles[0]",
        "cases[3].id",
        "contacts[0].case_id",
    ] == info.value.paths
    assert "2021-05-01" not in str(info.value)


def test_a_reference_to_a_case_that_failed_is_not_reported_again() -> None:
    """A contact pointing at a case whose own record failed is not also called dangling."""
    contact = {"id": "t-1", "on": "2021-01-01", "channel": "email", "client": "mother"}
    doc = register_doc(case_doc(id="c-9", line="third"), contacts=[dict(contact, case_id="c-9")])
    with pytest.raises(ValidationError) as info:
        ikomodel.loads_register(orjson.dumps(doc))
    assert ["cases[0].line"] == info.value.paths


def test_configure_converter_makes_a_users_converter_strict() -> None:
    """A user's converter gets the strict primitive hooks and the record hooks."""

    @attrs.frozen
    class Envelope:
        sender: str
        case: Case

    converter = cattrs.Converter()
    ikomodel.configure_converter(converter)
    envelope = converter.structure({"sender": "svc", "case": case_doc()}, Envelope)
    assert make_case() == envelope.case
    with pytest.raises(cattrs.ClassValidationError):
        converter.structure({"sender": 1, "case": case_doc()}, Envelope)
    with pytest.raises(ValidationError) as info:
        converter.structure(case_doc(line="third"), Case)
    assert ["line"] == info.value.paths


def test_a_wrong_document_type_is_a_validation_error() -> None:
    """A register document that is not an object raises ValidationError, not a TypeError."""
    with pytest.raises(ValidationError) as info:
        ikomodel.loads_register("[]")
    assert [""] == info.value.paths


def test_fast_and_detailed_paths_build_the_same_record() -> None:
    """The generated fast path and the cattrs detailed path agree on a valid record."""
    hook = ikomodel.make_converter().get_structure_hook(Case)
    assert isinstance(hook, RecordHook)
    assert hook.detailed(case_doc()) == CODECS.fast[Case](case_doc())


# --- JSON and JSON Lines ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_write_then_read_is_the_identity_and_rewrites_the_same_bytes(
    tmp_path: Path, suffix: str
) -> None:
    """A written register reads back equal, and writing it again gives the same file."""
    register = sample_register()
    path = tmp_path / f"register{suffix}"
    ikomodel.write_register(register, path)
    again = ikomodel.read_register(path)
    assert register == again
    second = tmp_path / f"again{suffix}"
    ikomodel.write_register(again, second)
    assert path.read_bytes() == second.read_bytes()


def test_json_lines_has_a_header_then_one_tagged_record_per_line() -> None:
    """The JSON Lines form is a schema_version header, then cases, contacts, requests by kind."""
    lines = ikomodel.dumps_register(sample_register(), format="jsonl").splitlines()
    assert {"schema_version": 1} == orjson.loads(lines[0])
    assert ["case", "case", "contact", "contact"] == [orjson.loads(x)["record"] for x in lines[1:]]


def test_json_lines_problems_carry_their_line_numbers() -> None:
    """Each problem in a JSON Lines document names its 1-based line, blank lines included."""
    text = b"\n".join(
        [
            b'{"schema_version": 1}',
            orjson.dumps({"record": "case", **case_doc()}),
            b"",
            orjson.dumps({"record": "case", **case_doc(id="c-2", opened="2021-02-30")}),
            orjson.dumps({"record": "case", **case_doc()}),
            orjson.dumps({"record": "note", "text": "x"}),
            b"[1, 2]",
        ]
    )
    with pytest.raises(ValidationError) as info:
        ikomodel.loads_register(text, format="jsonl")
    assert [
        ("cases[1].opened", 4),
        ("record", 6),
        ("", 7),
        ("cases[2].id", 5),
    ] == problems_of(info.value)


def test_json_lines_with_unicode_line_separators_in_ids_round_trips() -> None:
    """Ids with U+2028 and other Unicode line breaks survive the line-oriented format."""
    register = Register(cases=(make_case("c\u2028\u0085x"),))
    text = ikomodel.dumps_register(register, format="jsonl")
    assert register == ikomodel.loads_register(text.decode(), format="jsonl")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [(b'{"schema_version": 1, "cases": [}', 1, 33), (b'{\n "schema_version": 1,,\n}', 2, 22)],
)
def test_invalid_json_names_line_and_column(text: bytes, line: int, column: int) -> None:
    """Text that is not JSON raises DocumentError with the line and column of the fault."""
    with pytest.raises(DocumentError) as info:
        ikomodel.loads_register(text)
    assert (line, column) == (info.value.line, info.value.column)


def test_invalid_json_lines_name_the_line() -> None:
    """A line that is not JSON raises DocumentError naming that line."""
    text = b'{"schema_version": 1}\n{"record": "case",\n'
    with pytest.raises(DocumentError) as info:
        ikomodel.loads_register(text, format="jsonl")
    assert 2 == info.value.line


def _mixed_jsonl() -> bytes:
    """A register's JSON Lines with kinds interleaved, blank and space-only lines, CRLF ends."""
    header, *records = ikomodel.dumps_register(sample_register(), format="jsonl").splitlines()
    interleaved = [records[2], records[0], b"", records[3], b"   ", records[1] + b"\r"]
    return b"\n".join([header, *interleaved])  # no newline after the last line


@pytest.mark.parametrize("block", [1, 7, 64, 200, 1 << 14])
def test_json_lines_read_the_same_in_blocks_of_any_size(
    monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """Blocks of whole lines are decoded at once; their size changes nothing that is read.

    Lines longer than a block, blank lines, CRLF ends, interleaved record kinds
    and a last line without newline are read as line by line.
    """
    monkeypatch.setattr(io_module, "_BLOCK", block)
    assert sample_register() == ikomodel.loads_register(_mixed_jsonl(), format="jsonl")


@pytest.mark.parametrize("block", [1, 7, 64, 200, 1 << 14])
def test_json_lines_problems_name_their_line_in_blocks_of_any_size(
    monkeypatch: pytest.MonkeyPatch, block: int, tmp_path: Path
) -> None:
    """A bad record far into a file is reported at its own line, whichever block it is in."""
    monkeypatch.setattr(io_module, "_BLOCK", block)
    lines = _mixed_jsonl().split(b"\n")
    bad = orjson.dumps({"record": "case", **case_doc(id="c-9", opened="2021-02-30")})
    lines.insert(5, bad)  # line 6: after the blank and the space-only line
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(ValidationError) as info:
        ikomodel.read_register(path)
    assert [("cases[1].opened", 6)] == problems_of(info.value)
    lines[5] = b'{"record": "case", "id": '
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(DocumentError) as error:
        ikomodel.read_register(path)
    assert 6 == error.value.line


def test_a_carriage_return_does_not_split_a_json_lines_line() -> None:
    """Only a newline ends a line: two objects joined by a lone CR are one invalid line."""
    header, first, second, *_ = ikomodel.dumps_register(sample_register(), format="jsonl").split(
        b"\n"
    )
    with pytest.raises(DocumentError) as info:
        ikomodel.loads_register(b"\n".join([header, first + b"\r" + second]), format="jsonl")
    assert 2 == info.value.line


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("version", [2, 0, "1", None])
def test_an_unknown_schema_version_is_refused(fmt: Format, version: object) -> None:
    """A document of another schema version raises SchemaVersionError at schema_version."""
    header = {"schema_version": version}
    text = orjson.dumps(header) + (b"\n" if fmt == "jsonl" else b"")
    with pytest.raises(SchemaVersionError) as info:
        ikomodel.loads_register(text, format=fmt)
    assert ["schema_version"] == info.value.paths


def test_a_json_lines_file_without_header_is_refused() -> None:
    """The first line of a JSON Lines register must be the schema_version header."""
    text = orjson.dumps({"record": "case", **case_doc()})
    with pytest.raises(ValidationError) as info:
        ikomodel.loads_register(text, format="jsonl")
    assert [("", 1)] == problems_of(info.value)
    with pytest.raises(ValidationError):
        ikomodel.loads_register(b"\n\n", format="jsonl")


def test_missing_unreadable_and_unknown_files_are_document_errors(tmp_path: Path) -> None:
    """Missing files, directories and unknown suffixes raise DocumentError naming the path."""
    with pytest.raises(DocumentError, match=r"missing\.jsonl: cannot read"):
        ikomodel.read_register(tmp_path / "missing.jsonl")
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(DocumentError, match="cannot read"):
        ikomodel.read_register(tmp_path / "dir.json")
    with pytest.raises(DocumentError, match=r"unknown file suffix '\.csv'"):
        ikomodel.read_register(tmp_path / "register.csv")
    with pytest.raises(DocumentError, match="cannot write"):
        ikomodel.write_register(Register(), tmp_path / "nowhere" / "register.json")
    with pytest.raises(DocumentError, match="unknown format"):
        ikomodel.loads_register("{}", format="xml")  # type: ignore[arg-type]


def test_a_failed_write_leaves_the_earlier_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing is atomic: when it fails halfway, the old file is intact and nothing is left over."""
    path = tmp_path / "register.jsonl"
    ikomodel.write_register(Register(), path)
    before = path.read_bytes()

    def fail_halfway(stream: Any, chunks: Any) -> None:
        stream.write(next(iter(chunks)))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(io_module, "_write_all", fail_halfway)
    with pytest.raises(DocumentError, match="No space left"):
        ikomodel.write_register(sample_register(), path)
    assert before == path.read_bytes()
    assert ["register.jsonl"] == os.listdir(tmp_path)


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_restores_the_garbage_collector_even_on_errors(enabled: bool) -> None:
    """A bulk load pauses the collector and leaves it as it found it, also after an error."""
    (gc.enable if enabled else gc.disable)()
    try:
        ikomodel.loads_register(
            ikomodel.dumps_register(sample_register(), format="jsonl"), format="jsonl"
        )
        assert enabled == gc.isenabled()
        with pytest.raises(ValidationError):
            ikomodel.loads_register(b'{"schema_version": 1}\n{"record": "case"}', format="jsonl")
        assert enabled == gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(("freeze_at", "frozen"), [(1, True), (10**9, False)])
def test_a_bulk_load_freezes_what_the_collector_tracks(
    monkeypatch: pytest.MonkeyPatch, freeze_at: int, frozen: bool
) -> None:
    """A load of at least FREEZE_AT records leaves them in the collector's permanent generation."""
    text = ikomodel.dumps_register(sample_register(), format="jsonl")
    monkeypatch.setattr(io_module, "FREEZE_AT", freeze_at)
    gc.unfreeze()
    try:
        register = ikomodel.loads_register(text, format="jsonl")
        assert frozen == (gc.get_freeze_count() > 0)
        young = {id(obj) for obj in gc.get_objects()}  # every generation but the permanent one
        assert frozen == all(id(case) not in young for case in register.cases)
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_equal_parties_share_one_record_and_bad_ones_are_still_refused() -> None:
    """Equal party objects structure to one shared record; near-misses are still validated."""
    converter = ikomodel.make_converter()
    doc = {"kind": "professional", "roles": ["initiator"], "agency": "police"}
    first = converter.structure(dict(doc), Party)
    assert first is converter.structure(dict(doc), Party)
    for bad, path in [
        ({**doc, "extra": 1}, "extra"),
        ({"kind": "professional", "roles": ["initiator"]}, "agency"),
        ({**doc, "roles": ("initiator", "initiator")}, "roles"),
        ({**doc, "roles": [["initiator"]]}, "roles[0]"),
    ]:
        with pytest.raises(ValidationError) as info:
            converter.structure(bad, Party)
        assert [path] == info.value.paths


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_read_register_holds_one_string_per_country_code(
    fmt: Format,
) -> None:
    """Equal country codes read from text are one shared string (memory and fast comparisons)."""
    cases = tuple(make_case(f"c-{i}", habitual_residence="NL", destination="MA") for i in range(3))
    register = ikomodel.loads_register(
        ikomodel.dumps_register(Register(cases=cases), format=fmt), format=fmt
    )
    assert register.cases == cases
    assert len({id(case.destination) for case in register.cases}) == 1
    assert len({id(case.habitual_residence) for case in register.cases}) == 1


def test_the_fast_path_runs_the_records_own_checks() -> None:
    """Records built on the fast path pass through the same invariants as their constructor."""
    doc = case_doc(closed="2021-01-01", closure_reason="resolved")
    with pytest.raises(Exception):  # noqa: B017, PT011 - any exception sends it to the detailed path
        CODECS.fast[Case](doc)
    with pytest.raises(ValidationError) as info:
        ikomodel.make_converter().structure(doc, Case)
    assert ["closed"] == info.value.paths


def test_a_case_in_a_year_without_taxonomy_is_one_problem_among_others() -> None:
    """A case opened in a year no taxonomy covers is a problem at its opened date, not an abort.

    Since issue 14 every year from the centre's founding has a taxonomy: the
    year without one is a year before it (it was 2017 before).
    """
    before = case_doc(opened="2005-06-01", children=[{"id": "k-1", "birth_date": "2001-06-01"}])
    doc = register_doc(before, case_doc(id="c-2", line="third"))
    with pytest.raises(ValidationError) as info:
        ikomodel.loads_register(orjson.dumps(doc))
    assert ["cases[1].line", "cases[0].opened"] == info.value.paths
    assert "no case taxonomy is known for year 2005" in info.value.problems[1].message


def test_only_text_can_be_read() -> None:
    """Reading something that is neither bytes nor str raises DocumentError."""
    with pytest.raises(DocumentError, match="bytes or str, not dict"):
        ikomodel.loads_register({"schema_version": 1})  # type: ignore[arg-type]


class Colour(enum.StrEnum):
    """A user's own string enum."""

    RED = "red"


class Size(enum.IntEnum):
    """A user's own integer enum."""

    SMALL = 1


@attrs.frozen
class Item:
    """A user's own record."""

    colour: Colour
    size: Size
    seen: dt.datetime


def test_configure_converter_keeps_a_users_own_enums_and_datetimes() -> None:
    """The strict hooks build a user's own str and int enums and leave datetimes alone."""
    converter = cattrs.Converter()
    converter.register_structure_hook(dt.datetime, lambda v, _: dt.datetime.fromisoformat(v))
    ikomodel.configure_converter(converter)
    item = converter.structure({"colour": "red", "size": 1, "seen": "2021-03-01T10:00"}, Item)
    assert Item(Colour.RED, Size.SMALL, dt.datetime(2021, 3, 1, 10)) == item
    assert Colour is type(item.colour)
    assert str is type(converter.unstructure(ikomodel.Category.PREVENTION))
    with pytest.raises(cattrs.ClassValidationError):
        converter.structure({"colour": "red", "size": "1", "seen": "2021-03-01T10:00"}, Item)


def test_new_files_are_private_and_replaced_files_keep_their_permissions(tmp_path: Path) -> None:
    """A new register file is readable by its owner only; rewriting keeps a file's mode."""
    new = tmp_path / "new.json"
    ikomodel.write_register(Register(), new)
    assert 0o600 == new.stat().st_mode & 0o777
    shared = tmp_path / "shared.jsonl"
    shared.write_bytes(b"")
    shared.chmod(0o640)
    ikomodel.write_register(sample_register(), shared)
    assert 0o640 == shared.stat().st_mode & 0o777
    assert sample_register() == ikomodel.read_register(shared)
