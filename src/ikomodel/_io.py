"""Reading and writing registers as JSON and JSON Lines, in memory and in files.

Two formats, chosen by the file suffix:

``.json``
    One document, written with two-space indentation::

        {"schema_version": 1, "cases": [...], "contacts": [...], "mediation_requests": [...]}

``.jsonl``
    JSON Lines: a header line ``{"schema_version": 1}``, then one compact
    object per line, each tagged with its record type (``{"record": "case", ...}``,
    ``"contact"`` or ``"mediation_request"``). Written cases first, then
    contacts, then mediation requests; read in any order, line by line, so
    memory holds the records and one line at a time. Blank lines are ignored.

Problems in a JSON Lines file carry their 1-based line number. Any bad input
raises :class:`~ikomodel.DocumentError` (a file that cannot be read, invalid
JSON with line and column, an unknown suffix), :class:`~ikomodel.SchemaVersionError`
or :class:`~ikomodel.ValidationError`, never another exception type.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal

import orjson

from ikomodel._codec import TAG
from ikomodel._errors import DocumentError, Problem, ValidationError
from ikomodel._model import SCHEMA_VERSION, Case, Contact, MediationRequest, Register
from ikomodel._serialise import (
    COLLECTIONS,
    RegisterBuilder,
    check_schema_version,
    json_type,
    structure_register,
    wire_register,
)
from ikomodel._structs import STRUCTS

Format = Literal["json", "jsonl"]
"""A register file format: one JSON document, or JSON Lines."""

SUFFIXES: dict[str, Format] = {".json": "json", ".jsonl": "jsonl"}
"""The file suffixes ikomodel reads and writes, with their format."""

_KIND_TO_COLLECTION = {
    "case": "cases",
    "contact": "contacts",
    "mediation_request": "mediation_requests",
}
_CLASSES = dict(COLLECTIONS)
_HEADER = orjson.dumps({"schema_version": SCHEMA_VERSION}) + b"\n"
_CHUNK = 4096
_IN_MEMORY = "<text>"  # the "file" of a document read from memory, in error messages


FREEZE_AT = 10_000
"""The number of records from which a bulk load freezes what the collector tracks.

See :func:`_bulk_load`: below it, the collector's first pass over the new
records costs a few milliseconds and nothing is frozen.
"""


def _bulk_load(load: Callable[[], Register]) -> Register:
    """Return ``load()`` with the cyclic garbage collector paused, restored on any exit.

    Records hold no reference cycles, so collecting while a million of them
    are created only costs time. After a successful load of at least
    :data:`FREEZE_AT` records, :func:`gc.freeze` moves every object the
    collector tracks (the new records among them) to its permanent
    generation, so that no later collection traverses them again: without
    it, the first collection after the load and each full collection after
    it walk every record, which costs up to half the time of the load
    itself. Frozen objects are still freed as soon as nothing refers to them
    (a register dropped is freed); the trade-off is that a reference cycle
    among objects that were alive at the freeze is only reclaimed after
    :func:`gc.unfreeze`, which a caller may call at any time to undo it.
    Nothing is frozen when the collector was disabled to begin with.
    """
    if not gc.isenabled():
        return load()
    gc.collect(1)  # cheap: leaves no young garbage to be frozen with the records
    gc.disable()
    try:
        register = load()
        if (
            len(register.cases) + len(register.contacts) + len(register.mediation_requests)
            >= FREEZE_AT
        ):
            gc.freeze()
        return register
    finally:
        gc.enable()


def _format_of(path: Path) -> Format:
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise DocumentError(
            f"unknown file suffix {path.suffix!r}; a register file ends in "
            + " or ".join(SUFFIXES),
            path=str(path),
        ) from None


def _decode_error(exc: orjson.JSONDecodeError, path: str, line: int | None = None) -> DocumentError:
    return DocumentError(
        f"invalid JSON: {exc.msg}",
        path=path,
        line=exc.lineno if line is None else line,
        column=exc.colno,
    )


def _load_json(data: bytes | str, path: str) -> Register:
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise _decode_error(exc, path) from None
    return _bulk_load(lambda: structure_register(doc))


def _load_jsonl(lines: Iterable[bytes | memoryview], path: str) -> Register:
    """Build a register from JSON Lines, one line at a time."""
    loads = orjson.loads
    decode_error = orjson.JSONDecodeError
    builder = RegisterBuilder()
    records = builder.records
    line_numbers = builder.lines
    cases, case_lines = records["cases"], line_numbers["cases"]
    contacts, contact_lines = records["contacts"], line_numbers["contacts"]
    requests, request_lines = records["mediation_requests"], line_numbers["mediation_requests"]
    to_record = STRUCTS.to_record
    case, contact = STRUCTS.read[Case], STRUCTS.read[Contact]
    decode = STRUCTS.decoder.decode
    numbered = enumerate(lines, start=1)
    number = 0
    for number, line in numbered:
        try:
            header = loads(line)
        except decode_error as exc:
            if bytes(line).strip():
                raise _decode_error(exc, path, number) from None
            continue
        _check_header(header, number)
        break
    else:
        raise ValidationError(
            [
                Problem(
                    path="",
                    message="an empty document; JSON Lines start with the header line "
                    + _HEADER.decode().strip(),
                    line=max(number, 1),
                )
            ]
        )
    for number, line in numbered:
        try:
            struct = decode(line)
            kind = struct.__class__
            record = to_record[kind](struct)
        except Exception:  # the detailed path says what is wrong, or reads it after all
            try:
                obj = loads(line)
            except decode_error as exc:
                if bytes(line).strip():
                    raise _decode_error(exc, path, number) from None
                continue
            _add_line_slowly(builder, obj, number)
            continue
        if kind is contact:  # the most frequent record first
            contacts.append(record)
            contact_lines.append(number)
        elif kind is case:
            cases.append(record)
            case_lines.append(number)
        else:
            requests.append(record)
            request_lines.append(number)
    return builder.build()


def _lines_of(text: bytes) -> Iterator[memoryview]:
    """Yield the lines of ``text`` as views, without copying them."""
    view = memoryview(text)
    start = 0
    while True:
        end = text.find(b"\n", start)
        if end < 0:
            yield view[start:]
            return
        yield view[start:end]
        start = end + 1


def _check_header(obj: object, number: int) -> None:
    if obj.__class__ is dict and "schema_version" in obj:
        check_schema_version(obj["schema_version"], number)
        if len(obj) == 1:
            return
    raise ValidationError(
        [
            Problem(
                path="",
                message="the first line is the header " + _HEADER.decode().strip(),
                line=number,
            )
        ]
    )


def _add_line_slowly(builder: RegisterBuilder, obj: object, number: int) -> None:
    if obj.__class__ is not dict:
        builder.problems.append(
            Problem(
                path="",
                message=f"expected an object with a {TAG!r} tag, not {json_type(obj)}",
                line=number,
            )
        )
        return
    record: dict[str, Any] = dict(obj)
    kind = record.pop(TAG, None)
    collection = _KIND_TO_COLLECTION.get(kind) if isinstance(kind, str) else None
    if collection is None:
        builder.problems.append(
            Problem(
                path=TAG,
                message=f"each record line has a {TAG!r} tag: one of "
                + ", ".join(_KIND_TO_COLLECTION),
                line=number,
            )
        )
        return
    builder.add_slow(collection, _CLASSES[collection], record, number)


def _jsonl_chunks(register: Register) -> Iterator[bytes]:
    """Yield the JSON Lines text of ``register`` in chunks of whole lines."""
    encode_lines = STRUCTS.encoder.encode_lines
    yield _HEADER
    for cls, records in (
        (Case, register.cases),
        (Contact, register.contacts),
        (MediationRequest, register.mediation_requests),
    ):
        to_struct = STRUCTS.to_struct[cls]
        for start in range(0, len(records), _CHUNK):
            yield encode_lines([to_struct(record) for record in records[start : start + _CHUNK]])


def loads_register(data: bytes | str, *, format: Format = "json") -> Register:
    """Read a register from JSON or JSON Lines text.

    >>> register = loads_register('{"schema_version": 1, "cases": []}')
    >>> len(register.cases)
    0

    The garbage collector is handled as by :func:`read_register`.

    Args:
        data: The document, as bytes (UTF-8) or text.
        format: ``"json"`` (one document) or ``"jsonl"`` (JSON Lines).

    Raises:
        DocumentError: the text is not valid JSON (with line and column), or
            ``format`` is unknown.
        SchemaVersionError: the document declares another schema version.
        ValidationError: every problem of the document, with its path.
    """
    if isinstance(data, str):
        raw = data.encode()
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    else:
        raise DocumentError(f"a register is read from bytes or str, not {type(data).__name__}")
    if format == "json":
        return _load_json(raw, _IN_MEMORY)
    if format == "jsonl":
        return _bulk_load(lambda: _load_jsonl(_lines_of(raw), _IN_MEMORY))
    raise DocumentError(f"unknown format {format!r}; use 'json' or 'jsonl'")


def dumps_register(register: Register, *, format: Format = "json") -> bytes:
    r"""Return the JSON (indented) or JSON Lines text of ``register`` as UTF-8 bytes.

    Reading the text back with :func:`loads_register` gives an equal register,
    and writing that again gives the same bytes.

    >>> dumps_register(Register(), format="jsonl")
    b'{"schema_version":1}\n'

    Raises:
        DocumentError: ``format`` is unknown.
    """
    if format == "json":
        return orjson.dumps(wire_register(register), option=orjson.OPT_INDENT_2) + b"\n"
    if format == "jsonl":
        return b"".join(_jsonl_chunks(register))
    raise DocumentError(f"unknown format {format!r}; use 'json' or 'jsonl'")


def read_register(path: str | os.PathLike[str]) -> Register:
    """Read a register file; the suffix (``.json`` or ``.jsonl``) chooses the format.

    JSON Lines are read line by line. Problems carry their path and, for
    JSON Lines, their 1-based line.

    The cyclic garbage collector is paused during the load. After a load of
    10,000 records or more, :func:`gc.freeze` moves what the collector
    tracks to its permanent generation, so that no later collection walks
    the records again; a dropped register is still freed at once, and
    :func:`gc.unfreeze` undoes the freeze (see the performance page).

    Raises:
        DocumentError: the file is missing or unreadable, is not valid JSON
            (with line and column), or has an unknown suffix.
        SchemaVersionError: the document declares another schema version.
        ValidationError: every problem of the document, with its path.
    """
    file = Path(path)
    format_ = _format_of(file)
    try:
        with file.open("rb") as stream:
            if format_ == "json":
                return _load_json(stream.read(), str(path))
            return _bulk_load(lambda: _load_jsonl(stream, str(path)))
    except OSError as exc:
        raise DocumentError(
            f"cannot read the file: {exc.strerror or type(exc).__name__}", path=str(path)
        ) from None


def _write_atomically(file: Path, chunks: Iterable[bytes]) -> None:
    fd, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with contextlib.suppress(FileNotFoundError):  # a file replaced keeps its permissions
            os.chmod(temporary, stat.S_IMODE(os.stat(file).st_mode))
        with os.fdopen(fd, "wb") as stream:
            _write_all(stream, chunks)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_all(stream: IO[bytes], chunks: Iterable[bytes]) -> None:
    for chunk in chunks:
        stream.write(chunk)


def write_register(register: Register, path: str | os.PathLike[str]) -> None:
    """Write ``register`` to a file; the suffix (``.json`` or ``.jsonl``) chooses the format.

    The text goes to a temporary file in the same directory, which then
    replaces ``path``: a reader never sees a half-written file, and a failed
    write leaves any earlier file as it was. A new file is readable by its
    owner only (registers hold personal data); a file replaced keeps its
    permissions.

    Raises:
        DocumentError: the suffix is unknown, or the file cannot be written.
    """
    file = Path(path)
    format_ = _format_of(file)
    chunks: Iterable[bytes] = (
        _jsonl_chunks(register) if format_ == "jsonl" else [dumps_register(register)]
    )
    try:
        _write_atomically(file, chunks)
    except OSError as exc:
        raise DocumentError(
            f"cannot write the file: {exc.strerror or type(exc).__name__}", path=str(path)
        ) from None
