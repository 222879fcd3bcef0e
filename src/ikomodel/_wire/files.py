"""Reading and writing registers as JSON and JSON Lines, in memory and in files.

Two formats, chosen by the file suffix (matched in any case: ``.JSON`` too):

``.json``
    One document, written with two-space indentation::

        {"schema_version": 1, "cases": [...], "contacts": [...], "mediation_requests": [...]}

``.jsonl``
    JSON Lines: a header line ``{"schema_version": 1}``, then one compact
    object per line, each tagged with its record type (``{"record": "case", ...}``,
    ``"contact"`` or ``"mediation_request"``). Written cases first, then
    contacts, then mediation requests; read in any order, a block of lines
    (128 KiB) at a time, so memory holds the records and one block of text at
    a time. Blank lines are ignored.

Problems in a JSON Lines file carry their 1-based line number. Any bad input
raises :class:`~ikomodel.DocumentError` (a file that cannot be read, invalid
JSON with line and column, an unknown suffix), :class:`~ikomodel.SchemaVersionError`
or :class:`~ikomodel.ValidationError`, never another exception type.

Both formats are written by one encoder, :func:`encode_register` (over the
write Structs of :mod:`ikomodel._wire.mirror`), and every file is written
atomically by :func:`write_file` (the figures files too). The internal
interface of the faces: :func:`read_register_file` reads a register as
:func:`read_register` does and reports the bytes read, for a progress bar;
:func:`validate_register_file` checks a file keeping no record (JSON Lines
here, a ``.json`` document in :mod:`ikomodel._wire.stream`), the checks
across records shared by both in :class:`_IdChecks`.
"""

from __future__ import annotations

import abc
import contextlib
import errno
import gc
import io
import itertools
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal, Protocol, overload

import attrs
import msgspec
import orjson

from ikomodel._core.crossrecord import check_taxonomy
from ikomodel._core.errors import DocumentError, Problem, ValidationError, quote_id
from ikomodel._core.records import COLLECTIONS, SCHEMA_VERSION, Collection, Register
from ikomodel._wire.converter import (
    RegisterBuilder,
    check_schema_version,
    json_type,
    structure_register,
)
from ikomodel._wire.fields import TAG
from ikomodel._wire.mirror import structs
from ikomodel._wire.strict import repeated_keys, same_keys

Format = Literal["json", "jsonl"]
"""A register file format: one JSON document, or JSON Lines."""

SUFFIXES: dict[str, Format] = {".json": "json", ".jsonl": "jsonl"}
"""The file suffixes ikomodel reads and writes, with their format."""

_BY_TAG: dict[str, Collection] = {c.tag: c for c in COLLECTIONS}
_HEADER = orjson.dumps({"schema_version": SCHEMA_VERSION}) + b"\n"
_CHUNK = 4096
_IN_MEMORY = "<text>"  # the "file" of a document read from memory, in error messages


class _Readable(Protocol):
    """A binary stream: a file, ``io.BytesIO``, or a progress bar's wrapped file."""

    def read(self, size: int = -1, /) -> bytes: ...


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


class _Repeated(Exception):  # noqa: N818 - a private signal, not an error users see
    """A key may be repeated: the detailed path finds out (see :mod:`ikomodel._wire.strict`)."""


def _load_json(data: bytes, path: str) -> Register:
    fast = structs()

    def load() -> Register:
        document = fast.document.decode(data)
        if not same_keys(data, fast.encoder.encode(document)):
            raise _Repeated
        return fast.to_register(document)

    try:  # the fast path (see ikomodel._wire.mirror)
        return _bulk_load(load)
    except Exception:  # the detailed path says what is wrong, or reads it after all
        pass
    doc = parse_json(data, path)
    return _bulk_load(lambda: structure_register(doc))


def utf8(text: str, path: str = "") -> bytes:
    """Return ``text`` as UTF-8.

    Raises:
        DocumentError: ``text`` holds a lone surrogate, which no file can hold.
    """
    try:
        return text.encode()
    except UnicodeEncodeError as exc:  # it holds the whole text: no chain to it
        start = exc.start
    raise DocumentError(
        f"the text is not valid Unicode: a lone surrogate at character {start + 1}", path=path
    )


def parse_json(data: bytes, path: str, line: int | None = None) -> Any:
    """Return what orjson reads of ``data``; refuse invalid JSON and repeated keys.

    Raises:
        DocumentError: ``data`` is not valid JSON.
        ValidationError: a key is repeated in an object (each with its path).
    """
    error: DocumentError | None = None
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        error = _decode_error(exc, path, line)
    if error is not None:
        raise error  # outside the handler: the chain holds no document text
    try:
        again = orjson.dumps(doc)
    except TypeError:  # nested deeper than orjson writes: no register is
        again = b""
    if not same_keys(data, again):
        problems = repeated_keys(data, line)
        if problems:
            raise ValidationError(problems)
    return doc


_BLANK = object()  # what a blank line of JSON Lines reads to

_BLOCK = 1 << 17
"""Bytes of JSON Lines decoded at a time (whole lines: a longer line makes a longer block).

128 KiB: reading 10,000 or 100,000 cases takes about 6 % less time than
in blocks of 16 KiB (fewer calls per record), and 256 KiB or more no less."""

_PRUNE_AT = 1 << 14
"""Links to unseen cases a validator keeps before it drops those found since."""

_PROGRESS_READ = 1 << 20
"""Bytes read at a time when a whole file is read with progress shown."""


def _blocks(stream: _Readable) -> Iterator[bytes]:
    """Yield the text of ``stream`` in blocks of whole lines (the last may lack its newline)."""
    parts: list[bytes] = []
    while chunk := stream.read(_BLOCK):
        cut = chunk.rfind(b"\n") + 1
        if not cut:  # a line longer than a block
            parts.append(chunk)
            continue
        parts.append(chunk[:cut])
        yield b"".join(parts)
        parts = [chunk[cut:]]
    rest = b"".join(parts)
    if rest:
        yield rest


class _JsonLinesReader:
    """Builds a register from JSON Lines, a block of lines at a time.

    A block is decoded by msgspec in one call and its records are built in
    one pass (see :mod:`ikomodel._wire.mirror`). A block with a problem anywhere
    (invalid JSON, a blank line, a record the fast path refuses) is read
    again line by line, and a line the fast path refuses goes to the
    detailed path, which reports its problems with the line number.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.structs = structs()
        self.builder = RegisterBuilder()
        self.number = 0  # the lines read so far

    def read(self, stream: _Readable) -> Register:
        blocks = _blocks(stream)
        for block in blocks:
            rest = self._header(block)
            if rest is not None:
                self._block(rest)
                break
        else:
            raise ValidationError(
                [
                    Problem(
                        path="",
                        message="an empty document; JSON Lines start with the header line "
                        + _HEADER.decode().strip(),
                        line=max(self.number, 1),
                    )
                ]
            )
        for block in blocks:
            self._block(block)
        return self.builder.build()

    def _header(self, block: bytes) -> bytes | None:
        """Check the header if ``block`` has it and return the lines after it, else ``None``."""
        start = 0
        while start < len(block):
            end = block.find(b"\n", start)
            end = len(block) if end < 0 else end + 1
            line = block[start:end]
            start = end
            self.number += 1
            header = self._json(line)
            if header is not _BLANK:
                _check_header(header, self.number)
                return block[start:]
        return None

    def _json(self, line: bytes) -> object:
        """Return what orjson reads of ``line``, or ``_BLANK`` for a blank line.

        Raises:
            DocumentError: the line is not valid JSON.
            ValidationError: a key is repeated in an object of the line.
        """
        if not line.strip():
            return _BLANK
        return parse_json(line, self.path, self.number)

    def _block(self, block: bytes) -> None:
        if not block:
            return
        first = self.number + 1
        fast = self.structs
        to_record = fast.to_record
        try:
            structs = fast.decoder.decode_lines(block)
            count = len(structs)
            encoded = fast.encoder.encode_lines(structs)
            # The same text again (as ikomodel writes it, the last line perhaps without
            # its end) has one line per record and repeats no key. Otherwise count the
            # lines (msgspec skips blank ones) and the keys.
            if encoded != block and encoded != block + b"\n":
                if block.count(b"\n") + (not block.endswith(b"\n")) != count:  # blank lines
                    raise ValueError(count)  # noqa: TRY301 - handed to the line-by-line path below
                if not same_keys(block, encoded):
                    raise _Repeated  # noqa: TRY301 - handed to the line-by-line path below
            kinds = list(map(type, structs))
            uniform = kinds.count(kinds[0]) == count  # one kind of record, as written
            if uniform:
                records = list(map(to_record[kinds[0]], structs))
            else:
                records = [to_record[k](s) for k, s in zip(kinds, structs, strict=True)]
        except Exception:
            uniform = None
        if uniform is None:  # outside the handler: the chain holds no document text
            lines = block.split(b"\n")
            self._lines(lines[:-1] if block.endswith(b"\n") else lines)
            return
        self.number += count
        builder = self.builder
        if uniform:
            collection = fast.collection_of[kinds[0]]
            builder.records[collection].extend(records)
            builder.lines[collection].extend(range(first, first + count))
            return
        for number, kind, record in zip(itertools.count(first), kinds, records, strict=False):
            collection = fast.collection_of[kind]
            builder.records[collection].append(record)
            builder.lines[collection].append(number)

    def _lines(self, lines: Iterable[bytes]) -> None:
        """Read ``lines`` one at a time: the fast path, else the detailed path."""
        decode = self.structs.decoder.decode
        encode = self.structs.encoder.encode
        to_record = self.structs.to_record
        collection_of = self.structs.collection_of
        builder = self.builder
        for line in lines:
            self.number += 1
            try:
                struct = decode(line)
                if not same_keys(line, encode(struct)):
                    raise _Repeated  # noqa: TRY301 - handed to the detailed path below
                record = to_record[struct.__class__](struct)
            except Exception:
                record = None
            if record is None:  # the detailed path says what is wrong, or reads it after all
                try:
                    obj = self._json(line)
                except ValidationError as error:  # a repeated key: the record is refused
                    _refuse_line(builder, line, error.problems, self.number)
                    continue
                if obj is not _BLANK:
                    _add_line_slowly(builder, obj, self.number)
                continue
            collection = collection_of[struct.__class__]
            builder.records[collection].append(record)
            builder.lines[collection].append(self.number)


MAX_PROBLEMS = 20
"""How many problems :func:`validate_register_file` keeps by default (the rest are counted)."""


@attrs.frozen
class Validation:
    """What :func:`validate_register_file` found: the first problems, and how many in all."""

    problems: tuple[Problem, ...]
    """The first problems found, in the order of the file (at most the limit asked for)."""
    total: int
    """The number of problems found in all."""
    counts: dict[str, int]
    """The number of valid records of each collection."""


class _Problems:
    """The first ``limit`` problems, and a count of all."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: list[Problem] = []
        self.total = 0

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.total += 1
            if len(self.kept) < self.limit:
                self.kept.append(problem)

    def add(self, other: _Problems) -> None:
        """Count the problems of ``other`` after these (its first ones kept while there is room)."""
        room = self.limit - len(self.kept)
        if room > 0:
            self.kept.extend(other.kept[:room])
        self.total += other.total


class _IdChecks(abc.ABC):
    """The checks across records of a validator that keeps no record: only the ids.

    The records a :class:`RegisterBuilder` has built so far are checked
    against the ids seen before (unique ids, links to cases, the taxonomy of
    their year) and dropped by :meth:`_drain`, so that memory holds the ids,
    the links to cases not seen yet and the first problems, and each record
    costs the same whatever came before it. Each kind of problem goes where
    :meth:`_sink` says: JSON Lines keep them in the order of the file, a JSON
    document in the order of :func:`~ikomodel._wire.converter.structure_register`.
    """

    def __init__(self, builder: RegisterBuilder) -> None:
        self.builder = builder
        self.ids: dict[str, dict[str, int]] = {c.name: {} for c in COLLECTIONS}
        self.dangling: list[tuple[str, str, int, int | None]] = []  # case_id, collection, i, line
        self._pruned = 0  # the links to cases not seen yet at the last pruning
        self.counts = {c.name: 0 for c in COLLECTIONS}

    @abc.abstractmethod
    def _sink(
        self, kind: Literal["record", "duplicate", "taxonomy", "link"], name: str
    ) -> _Problems:
        """Return where the problems of ``kind`` about collection ``name`` go."""

    def _drain(self) -> None:
        builder = self.builder
        self._sink("record", "").extend(builder.problems)
        builder.problems.clear()
        cases = self.ids["cases"]
        for c in COLLECTIONS:
            name = c.name
            records, lines = builder.records[name], builder.lines[name]
            if not records and not builder.failed[name]:
                continue
            failed = set(builder.failed[name])
            offset = builder.offsets[name]
            total = len(records) + len(failed)
            originals = (i for i in range(offset, offset + total) if i not in failed)
            numbers: Iterable[int | None] = lines if lines else itertools.repeat(None)
            seen = self.ids[name]
            duplicates = self._sink("duplicate", name)
            taxonomy_problems = self._sink("taxonomy", name)
            for record, line, index in zip(records, numbers, originals, strict=False):
                first = seen.setdefault(record.id, index)
                if first != index:
                    duplicates.extend(
                        (
                            Problem(
                                path=f"{name}[{index}].id",
                                message=f"duplicate id {quote_id(record.id)} (first used at "
                                f"{name}[{first}]); ids are unique in a register",
                                line=line,
                            ),
                        )
                    )
                if name == "cases":
                    taxonomy: list[Problem] = []
                    check_taxonomy((record,), taxonomy)
                    taxonomy_problems.extend(
                        Problem(
                            path=f"cases[{index}]" + p.path.removeprefix("cases[0]"),
                            message=p.message,
                            line=line,
                        )
                        for p in taxonomy
                    )
                else:
                    case_id = getattr(record, "case_id", None)
                    if case_id is not None and case_id not in cases:
                        self.dangling.append((case_id, name, index, line))
            self.counts[name] += len(records)
            builder.offsets[name] = offset + total
            records.clear()
            del lines[:]
            builder.failed[name].clear()
        if len(self.dangling) > 2 * self._pruned + _PRUNE_AT:  # amortised: linear in all
            self.dangling = [d for d in self.dangling if d[0] not in cases]
            self._pruned = len(self.dangling)

    def _links(self) -> None:
        """Report the links to cases that are not in the register (at the end)."""
        cases = self.ids["cases"]
        failed = self.builder.failed_case_ids
        for case_id, collection, index, line in self.dangling:
            if case_id not in cases and case_id not in failed:
                self._sink("link", collection).extend(
                    (
                        Problem(
                            path=f"{collection}[{index}].case_id",
                            message=f"no case with id {quote_id(case_id)} in this register",
                            line=line,
                        ),
                    )
                )


class _Validator(_JsonLinesReader, _IdChecks):
    """Checks JSON Lines a block at a time and keeps no record: only the ids.

    After each block the records built are checked and dropped (see
    :class:`_IdChecks`), so memory holds the ids, one block and the first
    problems, which are kept in the order of the file.
    """

    def __init__(self, path: str, limit: int) -> None:
        _JsonLinesReader.__init__(self, path)
        _IdChecks.__init__(self, self.builder)
        self.found = _Problems(limit)

    def _sink(self, kind: str, name: str) -> _Problems:
        return self.found

    def check(self, stream: _Readable) -> Validation:
        try:
            blocks = _blocks(stream)
            for block in blocks:
                rest = self._header(block)
                if rest is not None:
                    self._block(rest)
                    self._drain()
                    break
            else:
                self.read(io.BytesIO(b""))  # the error of an empty document
            for block in blocks:
                self._block(block)
                self._drain()
        except ValidationError as error:  # the header
            self.found.extend(error.problems)
            return Validation(tuple(self.found.kept), self.found.total, self.counts)
        self._links()
        return Validation(tuple(self.found.kept), self.found.total, self.counts)


def validate_register_file(
    path: str | os.PathLike[str],
    *,
    max_problems: int = MAX_PROBLEMS,
    progress: Progress | None = None,
) -> Validation:
    """Check a register file and return its first problems and how many there are.

    The internal interface of ``ikomodel validate``. No record is kept:
    JSON Lines are checked a block at a time, a ``.json`` document record
    by record as it is parsed (see :mod:`ikomodel._wire.stream`), so that
    memory holds the ids (to check that they are unique and that links
    point at cases), one block of text or one record, and ``max_problems``
    problems; time is linear in the size of the file. The problems are
    those :func:`read_register` raises (a ``.json`` document's in the same
    order), and ``counts`` are the valid records of each collection (none
    when a document-level problem, such as a repeated key or a wrong
    schema version, stops the check of a ``.json`` document's records).

    Raises:
        DocumentError: as :func:`read_register` (the file cannot be read, is
            not a regular file, is not valid JSON, has an unknown suffix).
    """
    name = _file_name(path)
    format_ = _format_of(Path(name))
    try:
        with open_regular(name) as raw:
            stream: _Readable = raw if progress is None else _Reporting(raw, progress)
            if format_ == "jsonl":
                return _Validator(name, max_problems).check(stream)
            from ikomodel._wire.stream import check_document  # noqa: PLC0415 - uses ijson

            def reopen() -> _Readable:
                raw.seek(0)
                return raw

            return check_document(stream, name, max_problems, reopen)
    except OSError as exc:
        raise DocumentError(
            f"cannot read the file: {exc.strerror or type(exc).__name__}", path=name
        ) from None


def _load_jsonl(stream: _Readable, path: str) -> Register:
    """Build a register from the JSON Lines text of ``stream``."""
    return _JsonLinesReader(path).read(stream)


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


def _refuse_line(
    builder: RegisterBuilder, line: bytes, problems: Iterable[Problem], number: int
) -> None:
    """Refuse a record line that repeats a key, under its collection when its tag says which."""
    obj = orjson.loads(line)  # valid JSON: only a key was repeated
    tag = obj.get(TAG) if obj.__class__ is dict else None
    collection = _BY_TAG.get(tag) if isinstance(tag, str) else None
    if collection is None:
        builder.problems.extend(problems)
        return
    problems = [Problem(path=p.path, message=p.message) for p in problems]
    builder.refuse(collection.name, obj, problems, number)


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
    tag = record.pop(TAG, None)
    collection = _BY_TAG.get(tag) if isinstance(tag, str) else None
    if collection is None:
        builder.problems.append(
            Problem(
                path=TAG,
                message=f"each record line has a {TAG!r} tag: one of " + ", ".join(_BY_TAG),
                line=number,
            )
        )
        return
    builder.add_slow(collection.name, collection.record, record, number)


def encode_register(
    register: Register, format: Format = "json", *, indent: bool = True
) -> Iterator[bytes]:
    """Yield the text of ``register`` in ``format``: the one encoder of both register formats.

    Every record becomes its write Struct through the generated functions of
    :mod:`ikomodel._wire.mirror`, which msgspec encodes. A ``.json`` document
    comes in one chunk (and its final newline), indented by two spaces unless
    ``indent`` is false; JSON Lines come a few thousand whole lines at a time.

    Raises:
        DocumentError: ``format`` is unknown.
    """
    mirror = structs()
    if format == "json":
        text = mirror.encoder.encode(mirror.to_document(register))
        yield msgspec.json.format(text, indent=2) if indent else text
        yield b"\n"
    elif format == "jsonl":
        encode_lines = mirror.encoder.encode_lines
        yield _HEADER
        for c in COLLECTIONS:
            to_line = mirror.to_line[c.record]
            records = getattr(register, c.name)
            for start in range(0, len(records), _CHUNK):
                yield encode_lines([to_line(record) for record in records[start : start + _CHUNK]])
    else:
        raise DocumentError(f"unknown format {format!r}; use 'json' or 'jsonl'")


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
        raw = utf8(data)
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    else:
        raise DocumentError(f"a register is read from bytes or str, not {type(data).__name__}")
    if format == "json":
        return _load_json(raw, _IN_MEMORY)
    if format == "jsonl":
        return _bulk_load(lambda: _load_jsonl(io.BytesIO(raw), _IN_MEMORY))
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
    return b"".join(encode_register(register, format))


def read_register(path: str | os.PathLike[str]) -> Register:
    """Read a register file; the suffix (``.json`` or ``.jsonl``) chooses the format.

    The suffix is matched in any case (``.JSON``, ``.Jsonl``). JSON Lines are
    read a block of lines at a time. Problems carry their path and, for JSON
    Lines, their 1-based line.

    The cyclic garbage collector is paused during the load. After a load of
    10,000 records or more, :func:`gc.freeze` moves what the collector
    tracks to its permanent generation, so that no later collection walks
    the records again; a dropped register is still freed at once, and
    :func:`gc.unfreeze` undoes the freeze (see the performance page).

    Raises:
        DocumentError: the file is missing or unreadable, is not a regular
            file (a FIFO, a device, a directory: refused before anything is
            read), is not valid JSON (with line and column), or has an
            unknown suffix.
        SchemaVersionError: the document declares another schema version.
        ValidationError: every problem of the document, with its path
            (a key repeated in an object is one).
    """
    return read_register_file(path)


Progress = Callable[[int], object]
"""Told the number of bytes of each read of a register file, as the file is read."""


class _Reporting:
    """A binary file that tells ``progress`` how many bytes each read returned."""

    def __init__(self, stream: IO[bytes], progress: Progress) -> None:
        self._stream = stream
        self._progress = progress

    def read(self, size: int = -1, /) -> bytes:
        if size < 0:  # the whole file, a block at a time so that progress shows
            return b"".join(iter(lambda: self.read(_PROGRESS_READ), b""))
        chunk = self._stream.read(size)
        if chunk:
            self._progress(len(chunk))
        return chunk


@overload
def read_register_file(
    path: str | os.PathLike[str], *, progress: Progress | None = None, check: None = None
) -> Register: ...


@overload
def read_register_file(
    path: str | os.PathLike[str], *, progress: Progress | None = None, check: int
) -> Validation: ...


def read_register_file(
    path: str | os.PathLike[str], *, progress: Progress | None = None, check: int | None = None
) -> Register | Validation:
    """Read a register file as :func:`read_register` does, telling ``progress`` as it goes.

    The internal interface of the faces (the command line draws a progress
    bar with it): the same result and the same errors as
    :func:`read_register`, and ``progress`` is called with the number of
    bytes of each read, which add up to the size of the file. With
    ``check``, the file is checked instead by :func:`validate_register_file`,
    keeping at most ``check`` problems (``ikomodel validate``).
    """
    if check is not None:
        return validate_register_file(path, max_problems=check, progress=progress)
    name = _file_name(path)
    file = Path(name)
    format_ = _format_of(file)
    try:
        with open_regular(name) as raw:
            stream: _Readable = raw if progress is None else _Reporting(raw, progress)
            if format_ == "json":
                return _load_json(stream.read(), name)
            return _bulk_load(lambda: _load_jsonl(stream, name))
    except OSError as exc:
        raise DocumentError(
            f"cannot read the file: {exc.strerror or type(exc).__name__}", path=name
        ) from None


def _file_name(path: str | os.PathLike[str]) -> str:
    """Return the name of ``path``; refuse what names no file.

    Raises:
        DocumentError: ``path`` is no path, or holds a NUL character.
    """
    try:
        name = os.fspath(path)
    except TypeError:
        name = None
    if not isinstance(name, str):
        raise DocumentError(f"a file is named by a str or a path, not {type(path).__name__}")
    if "\0" in name:
        raise DocumentError("a file name cannot hold a NUL character", path=name)
    return name


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_regular(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open a regular file for reading; refuse FIFOs, devices, sockets and directories.

    The file is opened without waiting (a FIFO without a writer would block
    for ever) and its type checked on the open file, so that nothing is read
    from a device such as ``/dev/zero`` (which never ends).

    Raises:
        DocumentError: the file is not a regular file, or names none.
        OSError: the file cannot be opened.
    """
    name = _file_name(path)
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISREG(mode):
            os.set_blocking(fd, True)
            return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    kind = next((k for test, k in _KINDS if test(mode)), "not a regular file")
    raise DocumentError(
        f"cannot read the file: it is {kind}; a document is read from a regular file", path=name
    )


_NEW_FILE_ATTEMPTS = 100

STALE_AFTER = 15 * 60
"""Seconds after which a leftover temporary file of an interrupted write is swept away.

A write that is killed (power cut, ``SIGKILL``) can leave its temporary file
behind where the platform has no anonymous files (see :func:`write_file`).
The next write into the same directory removes every regular file of this
user named as ikomodel names its temporary files and not modified for this
long; a write in progress keeps its file's modification time fresh.
"""

# ".<target>.ikomodel-<12 hex>.tmp": the temporary files of this release, swept in any
# write into their directory; ".<target>.<8 hex>.tmp": those of earlier releases, swept
# only by a write to the same target.
_TEMPORARY = re.compile(r"\..+\.ikomodel-[0-9a-f]{12}\.tmp")
_EARLIER_TEMPORARY = re.compile(r"\.(?P<target>.+)\.[0-9a-f]{8}\.tmp")
_LINKABLE: dict[int, bool] = {}  # per device: can an anonymous file be given a name?
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _temporary_name(directory: str, target: str) -> str:
    return os.path.join(directory, f".{target}.ikomodel-{secrets.token_hex(6)}.tmp")


def _named(directory: str, target: str, mode: int) -> tuple[int, str]:
    """Create and open a new hidden file in ``directory`` (``mode`` less the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | _CLOEXEC
    for _ in range(_NEW_FILE_ATTEMPTS):
        name = _temporary_name(directory, target)
        try:
            return os.open(name, flags, mode), name
        except FileExistsError:  # pragma: no cover - 48 random bits taken
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name")  # pragma: no cover


def _link(fd: int, name: str) -> None:
    """Give the anonymous file open as ``fd`` the name ``name`` (Linux, through ``/proc``)."""
    os.link(f"/proc/self/fd/{fd}", name, follow_symlinks=True)


def _link_anew(fd: int, directory: str, target: str) -> str:
    """Link the anonymous file ``fd`` under a new temporary name in ``directory``; return it."""
    for _ in range(_NEW_FILE_ATTEMPTS):
        name = _temporary_name(directory, target)
        try:
            _link(fd, name)
        except FileExistsError:  # pragma: no cover - 48 random bits taken
            continue
        return name
    raise FileExistsError(errno.EEXIST, "no unused temporary file name")  # pragma: no cover


def _anonymous(directory: str, mode: int) -> int | None:
    """Open an anonymous file in ``directory`` if it can later be named there, else ``None``.

    Linux's ``O_TMPFILE`` makes a file without a name: if the process is
    killed before the file is linked, the kernel frees it and nothing is left
    behind. Whether the file system and ``/proc`` allow naming it is probed
    once per device.
    """
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag:  # pragma: no cover - not Linux
        return None
    device = os.stat(directory).st_dev
    linkable = _LINKABLE.get(device)
    if linkable is False:
        return None
    try:
        fd = os.open(directory, flag | os.O_WRONLY | _CLOEXEC, mode)
    except OSError:  # the file system has no anonymous files
        _LINKABLE[device] = False
        return None
    if linkable is None:
        try:
            os.unlink(_link_anew(fd, directory, "probe"))
        except OSError:
            _LINKABLE[device] = False
            os.close(fd)
            return None
        _LINKABLE[device] = True
    return fd


def _sweep(directory: str, target: str) -> None:
    """Remove this user's stale temporary files of interrupted writes in ``directory``."""
    stale = time.time() - STALE_AFTER
    owner = os.geteuid() if hasattr(os, "geteuid") else None
    try:
        entries = os.scandir(directory)
    except OSError:
        return
    with entries:
        for entry in entries:
            earlier = _EARLIER_TEMPORARY.fullmatch(entry.name)
            if not (
                _TEMPORARY.fullmatch(entry.name)
                or (earlier is not None and earlier["target"] == target)
            ):
                continue
            with contextlib.suppress(OSError):
                status = entry.stat(follow_symlinks=False)
                if (
                    stat.S_ISREG(status.st_mode)
                    and (owner is None or status.st_uid == owner)
                    and status.st_mtime < stale
                ):
                    os.unlink(entry.path)


def _destination(name: str) -> tuple[str, os.stat_result | None]:
    """Return the file a write to ``name`` replaces and its status (``None``: a new file).

    A symbolic link is written through: its final target is replaced and the
    link stays. Anything but a regular file at the end (a directory, a
    device such as ``/dev/null``, a FIFO, a socket) is refused.
    """
    try:
        status = os.lstat(name)
    except FileNotFoundError:
        return name, None
    target = name
    if stat.S_ISLNK(status.st_mode):
        target = os.path.realpath(name)
        try:
            status = os.stat(target)
        except FileNotFoundError:  # a dangling link: the write creates its target
            return target, None
    if not stat.S_ISREG(status.st_mode):
        raise DocumentError(
            "is not a regular file (a directory, a device, a FIFO or a socket); "
            "nothing was written",
            path=name,
        )
    return target, status


def _mode(existing: os.stat_result | None, private: bool) -> int | None:
    """Return the permissions of the new file, or ``None`` for the creation mode less the umask.

    Special bits (setuid, setgid, sticky) are always dropped. A private file
    replacing one that others may read or write becomes owner-only (0600);
    one shared with its group only keeps its mode, without execute bits.
    """
    if existing is None:
        return None
    mode = stat.S_IMODE(existing.st_mode) & 0o777
    if private:
        mode = 0o600 if mode & 0o007 else mode & 0o660
    return mode


def write_file(path: str | os.PathLike[str], chunks: Iterable[bytes], *, private: bool) -> None:
    """Write ``chunks`` to ``path`` atomically and durably: the one way ikomodel writes a file.

    The text goes to a temporary file in the same directory, is flushed to
    the disk (``fsync``), and then replaces ``path`` (``os.replace``, after
    which the directory is flushed too): a reader never sees a half-written
    file, and a failed write leaves any earlier file as it was and no
    temporary file.

    A write that is killed leaves nothing behind where the platform has
    anonymous files (Linux ``O_TMPFILE``: the file gets its temporary name
    only once it is complete, just before it replaces ``path``); elsewhere,
    the next write into the directory sweeps such leftovers once they are
    :data:`STALE_AFTER` seconds old.

    A symbolic link is written through: the file it points to is replaced,
    the link stays. A path that is, or links to, anything but a regular file
    (a directory, ``/dev/null``, a FIFO) is refused before anything is
    written. Permissions: a new file is readable by its owner only when
    ``private`` (it holds personal data), else as the umask allows; a file
    replaced keeps its permissions, except that setuid, setgid and sticky
    bits are dropped and a private file others could read or write becomes
    owner-only (0600).

    Raises:
        DocumentError: the path is not a regular file, or the file cannot be written.
    """
    name = _file_name(path)
    try:
        target, existing = _destination(name)
        directory, base = os.path.split(target)
        directory = directory or os.curdir
        _sweep(directory, base)
        mode = _mode(existing, private)
        create = 0o600 if private else 0o666
        fd = _anonymous(directory, create)
        temporary = None
        try:
            if fd is None:
                fd, temporary = _named(directory, base, create)
            if mode is not None:
                _chmod(fd, temporary, mode)
            with os.fdopen(fd, "wb", closefd=False) as stream:
                _write_all(stream, chunks)
                stream.flush()
                os.fsync(fd)
            if temporary is None:
                temporary = _link_anew(fd, directory, base)
            os.replace(temporary, target)
            temporary = None
        finally:
            if fd is not None:
                os.close(fd)
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
        _sync_directory(directory)
    except OSError as exc:
        raise DocumentError(
            f"cannot write the file: {exc.strerror or type(exc).__name__}", path=name
        ) from None


def _chmod(fd: int, name: str | None, mode: int) -> None:
    if os.chmod in os.supports_fd:
        os.chmod(fd, mode)
    elif name is not None:  # pragma: no cover - Windows
        os.chmod(name, mode)


def _sync_directory(directory: str) -> None:
    """Flush ``directory`` to the disk, so that the rename survives a power cut (POSIX only)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | _CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_all(stream: IO[bytes], chunks: Iterable[bytes]) -> None:
    for chunk in chunks:
        stream.write(chunk)


def write_register(register: Register, path: str | os.PathLike[str]) -> None:
    """Write ``register`` to a file; the suffix (``.json`` or ``.jsonl``) chooses the format.

    The suffix is matched in any case (``.JSON``, ``.Jsonl``). The file is
    written by :func:`write_file`: atomically (a reader never sees a
    half-written file, a failed or killed write leaves any earlier file as
    it was), through a symbolic link to the file it points to, and never
    over anything but a regular file. A new file is readable by its owner
    only (registers hold personal data); a file replaced keeps its
    permissions without setuid, setgid or sticky bits, and becomes
    owner-only (0600) if others could read or write it.

    Raises:
        DocumentError: the suffix is unknown, the path is not a regular
            file, or the file cannot be written.
    """
    write_file(path, encode_register(register, _format_of(Path(path))), private=True)
