r"""Checking a ``.json`` register document in bounded memory, as it is parsed.

:func:`check_document` is what :func:`~ikomodel._wire.files.validate_register_file`
runs on a ``.json`` file. The document is parsed by ijson (yajl's C parser,
imported here only) a block at a time; each record of ``cases``,
``contacts`` and ``mediation_requests`` is built alone, checked by the same
code as a record of JSON Lines (:class:`~ikomodel._wire.converter.RegisterBuilder`,
then the id checks of :class:`~ikomodel._wire.files._IdChecks`) and dropped.
Memory holds the ids, the links to cases not seen yet, one record (or the
keys of one object outside the records) and a bounded number of problems;
time is linear in the size of the file.

The verdict is that of reading the whole document (:func:`~ikomodel.read_register`),
and so are the problems and their order:

* invalid JSON is a :class:`~ikomodel.DocumentError` naming the line and
  column where the parser stopped. yajl reads a few things orjson refuses,
  which are refused here too: a form feed or vertical tab (yajl takes them
  for white space), an escaped lone surrogate (``"\ud800"``, which yajl
  reads as ``?``), a number beyond a double, nesting deeper than
  :data:`MAX_DEPTH`;
* a key repeated in any object at any depth: only those problems, the
  repeated keys of an object before the problems of its values, each
  repeated key's last value searched (as the detailed path does);
* then a document that is not an object, a missing or wrong
  ``schema_version``: that one problem;
* else the unknown keys, then each collection's problems (not an array, or
  its records'), then duplicate ids per collection, the taxonomy of the
  year, and the links to missing cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

from ikomodel._core.errors import DocumentError, Problem, ValidationError, key_name
from ikomodel._core.records import COLLECTIONS, SCHEMA_VERSION
from ikomodel._wire.converter import (
    DOCUMENT_KEYS,
    RegisterBuilder,
    check_schema_version,
    json_type,
)
from ikomodel._wire.fastpath import CODECS
from ikomodel._wire.files import Validation, _IdChecks, _Problems, _Readable
from ikomodel._wire.strict import MESSAGE, join, repeated_in

MAX_DEPTH = 1024
"""The deepest nesting of arrays and objects read, as orjson (the whole-document reader)."""

_BUFFER = 1 << 16  # bytes parsed at a time
_BATCH = 1024  # records checked and dropped at a time
_INT_RANGE = range(-(1 << 63), 1 << 64)  # the whole numbers orjson reads as such
_STARTS = frozenset(("start_map", "start_array"))
_ENDS = frozenset(("end_map", "end_array"))
_COLLECTIONS = {c.name: c.record for c in COLLECTIONS}
_TOO_DEEP = "depth limit exceeded"  # orjson's words
_INFINITE = "number is infinity when parsed as double"
_YAJL = {  # yajl's words for what orjson says otherwise
    "parse error: premature EOF": "unexpected end of data",
    "parse error: trailing garbage": "unexpected content after document",
}
_SHAPE = "a register document is an object with the keys " + ", ".join(DOCUMENT_KEYS)


class _Refused(Exception):  # noqa: N818 - a private signal, turned into a DocumentError
    """The text is not valid JSON (as orjson reads it) at ``offset`` (``None``: find where)."""

    def __init__(self, reason: str, offset: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.offset = offset


def _number(value: object) -> object:
    """Return the number orjson reads for ``value``.

    ijson reads whole numbers as exact ints and the others as
    :class:`decimal.Decimal` (``use_float=False``: with floats, yajl refuses
    whole numbers beyond 64 bits); orjson reads whole numbers beyond 64 bits
    as floats, and refuses a number beyond the largest double.
    """
    if value.__class__ is int:
        if value in _INT_RANGE:
            return value
        try:
            return float(value)
        except OverflowError:
            raise _Refused(_INFINITE) from None
    number = float(value)  # type: ignore[arg-type]
    if number in (float("inf"), float("-inf")):
        raise _Refused(_INFINITE)
    return number


class _Source:
    """The text of the file for ijson, refusing on the way what yajl reads and orjson does not."""

    def __init__(self, stream: _Readable) -> None:
        self.stream = stream
        self.blocks = 0  # the blocks read so far
        self.offset = 0  # the bytes read so far
        self.carry = b""  # an escape cut at the end of the last block, or a high surrogate

    def read(self, size: int = -1, /) -> bytes:
        if not size:  # ijson's probe of the type the file reads
            return b""
        block = self.stream.read(size)
        self.blocks += 1
        start = self.offset
        self.offset += len(block)
        for space in (b"\x0b", b"\x0c"):  # yajl's white space, no JSON's
            at = block.find(space)
            if at >= 0:
                raise _Refused("unexpected character, expected a JSON value", start + at)
        if block:
            if self.carry or b"\\" in block:
                self._surrogates(block, start)
        elif self.carry.startswith(b"\\u"):  # the end of the text: a lone high surrogate
            raise _Refused("no low surrogate in string", start - len(self.carry))
        return block

    def _surrogates(self, block: bytes, start: int) -> None:
        r"""Refuse an escaped surrogate (``\ud800``) that is not half of a pair."""
        text = self.carry + block
        base = start - len(self.carry)
        self.carry = b""
        end = len(text)
        at = text.find(b"\\")
        while at >= 0:
            if at + 1 == end or (text[at + 1] == 0x75 and at + 6 > end):  # cut: the next block
                self.carry = text[at:]
                return
            if text[at + 1] != 0x75:  # \" \\ \n ...: two characters
                at = text.find(b"\\", at + 2)
                continue
            code = _hex(text[at + 2 : at + 6])
            if 0xDC00 <= code <= 0xDFFF:
                raise _Refused("a low surrogate without its high one in string", base + at)
            if 0xD800 <= code <= 0xDBFF:
                pair = text[at + 6 : at + 12]
                if len(pair) < 6 and b"\\u".startswith(pair[:2]):  # cut: the next block
                    self.carry = text[at:]
                    return
                if not (pair[:2] == b"\\u" and 0xDC00 <= _hex(pair[2:]) <= 0xDFFF):
                    raise _Refused("no low surrogate in string", base + at)
                at = text.find(b"\\", at + 12)
                continue
            at = text.find(b"\\", at + 6)


def _hex(digits: bytes) -> int:
    try:
        return int(digits, 16)
    except ValueError:  # no escape: yajl refuses it
        return -1


def _reason(error: BaseException) -> str:
    """What yajl says is wrong, without the text it quotes."""
    if isinstance(error, UnicodeError):
        return "a string is not valid UTF-8"
    message = error.args[0] if error.args else ""
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    first = str(message).split("\n", 1)[0].strip()
    return _YAJL.get(first, first) or type(error).__name__


def _locate(reopen: Callable[[], _Readable], refused: _Refused, blocks: int) -> tuple[str, int]:
    """Read the text again to find where it is first refused; return why, and the offset.

    The first reading stopped in its ``blocks``-th block: the blocks before
    it are parsed again whole, that block a byte at a time, so that the
    offset is that of the byte at which the parser stopped.
    """
    import ijson  # noqa: PLC0415 - only for a .json file: `import ikomodel` stays light

    events: list[tuple[str, Any]] = ijson.utils.sendable_list()
    parser = ijson.basic_parse_coro(events, use_float=False)
    stream = reopen()
    depth = 0
    offset = 0

    def check() -> None:
        nonlocal depth
        for event, value in events:
            if event in _STARTS:
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Refused(_TOO_DEEP)
            elif event in _ENDS:
                depth -= 1
            elif event == "number":
                _number(value)
        del events[:]

    try:
        for _ in range(blocks - 1):
            block = stream.read(_BUFFER)
            parser.send(block)
            check()
            offset += len(block)
        block = stream.read(_BUFFER)
        stop = len(block) if refused.offset is None else refused.offset - offset
        for i in range(min(stop, len(block))):
            parser.send(block[i : i + 1])
            check()
            offset += 1
        if refused.offset is None and not block:
            parser.close()
            check()
    except _Refused as first:  # orjson names the byte after a bracket too deep
        return first.reason, offset + (first.reason == _TOO_DEEP)
    except (ijson.JSONError, UnicodeError) as error:  # yajl's: what it says, where it stopped
        return _reason(error), offset
    return refused.reason, offset if refused.offset is None else refused.offset


def _position(reopen: Callable[[], _Readable], offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of byte ``offset`` of the text."""
    stream = reopen()
    line, start, read = 1, 0, 0
    while read < offset:
        block = stream.read(min(_BUFFER, offset - read))
        if not block:
            break
        newlines = block.count(b"\n")
        if newlines:
            line += newlines
            start = read + block.rfind(b"\n") + 1
        read += len(block)
    return line, offset - start + 1


def check_document(
    stream: _Readable, path: str, limit: int, reopen: Callable[[], _Readable]
) -> Validation:
    """Check the ``.json`` register document of ``stream``: its first problems and their count.

    ``reopen`` returns the text again from its start, to find where invalid
    JSON stops the parser.

    Raises:
        DocumentError: the text is not valid JSON (with line and column).
    """
    import ijson  # noqa: PLC0415 - only for a .json file: `import ikomodel` stays light

    source = _Source(stream)
    checker = _Document(limit)
    try:
        events = ijson.basic_parse(source, buf_size=_BUFFER, use_float=False)
        validation = checker.check(events)
    except _Refused as refused:
        error = refused
    except (ijson.JSONError, UnicodeError) as exc:  # yajl's error: invalid JSON
        error = _Refused(_reason(exc))
    else:
        return validation
    reason, offset = _locate(reopen, error, source.blocks)
    if not checker.started and reason == _YAJL["parse error: premature EOF"]:
        reason, offset = "input data is empty", 0  # nothing but white space, as orjson says
    line, column = _position(reopen, offset)
    raise DocumentError(f"invalid JSON: {reason}", path=path, line=line, column=column)


_Kind = Literal["record", "duplicate", "taxonomy", "link"]


class _Document(_IdChecks):
    """Walks the events of a register document, checking each record and dropping it."""

    def __init__(self, limit: int) -> None:
        super().__init__(RegisterBuilder())
        self.limit = limit
        self.buckets: dict[tuple[str, str], _Problems] = {}
        self.current = ""  # the collection being read
        self.keys: dict[str, _Problems | None] = {}  # top-level keys: the repeated keys below
        self.repeated: dict[str, None] = {}  # top-level keys given more than once
        self.shape: Problem | None = None
        self.schema: Problem | None = None
        self.has_schema = False
        self.started = False  # a first value was read

    def _sink(self, kind: _Kind, name: str) -> _Problems:
        return self._bucket(kind, self.current if kind == "record" else name)

    def _bucket(self, kind: str, name: str) -> _Problems:
        bucket = self.buckets.get((kind, name))
        if bucket is None:
            bucket = self.buckets[kind, name] = _Problems(self.limit)
        return bucket

    def check(self, events: Iterator[tuple[str, Any]]) -> Validation:
        event, value = next(events)
        self.started = True
        if event == "start_map":
            self._object(events)
        else:
            self.shape = Problem(path="", message=_SHAPE)
            self.keys[""] = self._skip(event, value, events, "", 0)
        for _ in events:  # pragma: no cover - ijson refuses text after the document
            pass
        return self._result()

    def _result(self) -> Validation:
        found = _Problems(self.limit)
        found.extend(Problem(path=key_name(key), message=MESSAGE) for key in self.repeated)
        for bucket in self.keys.values():
            if bucket is not None:
                found.add(bucket)
        if found.total:  # a repeated key: only those problems
            return Validation(tuple(found.kept), found.total, {})
        if self.shape is not None:
            return Validation((self.shape,), 1, {})
        if not self.has_schema:
            self.schema = Problem(
                path="schema_version",
                message="this required key is missing; "
                f"this release reads version {SCHEMA_VERSION}",
            )
        if self.schema is not None:
            return Validation((self.schema,), 1, {})
        self._links()
        order = [("unknown", "")]
        order += [("record", c.name) for c in COLLECTIONS]
        order += [("duplicate", c.name) for c in COLLECTIONS]
        order += [("taxonomy", "cases")]
        order += [("link", c.name) for c in COLLECTIONS]
        for key in order:
            bucket = self.buckets.get(key)
            if bucket is not None:
                found.add(bucket)
        return Validation(tuple(found.kept), found.total, self.counts)

    def _object(self, events: Iterator[tuple[str, Any]]) -> None:
        """Read the top-level object, after its ``start_map``."""
        for end, key in events:
            if end == "end_map":
                return
            if key in self.keys:
                self.repeated[key] = None
            self.keys[key] = None
            event, value = next(events)
            bucket: _Problems | None
            if key == "schema_version":
                self.has_schema = True
                try:
                    check_schema_version(_stand_in(event, value))
                    self.schema = None
                except ValidationError as error:
                    self.schema = error.problems[0]
                bucket = self._skip(event, value, events, key, 1)
            elif key in _COLLECTIONS and event == "start_array":
                bucket = self._collection(key, events)
            else:
                if key in _COLLECTIONS:
                    what = json_type(_stand_in(event, value))
                    problem = Problem(path=key, message=f"expected an array, not {what}")
                    self._bucket("record", key).extend((problem,))
                else:
                    problem = Problem(
                        path=key_name(key),
                        message="unknown key; the allowed keys are: " + ", ".join(DOCUMENT_KEYS),
                    )
                    self._bucket("unknown", "").extend((problem,))
                bucket = self._skip(event, value, events, join("", key), 1)
            self.keys[key] = bucket

    def _collection(self, name: str, events: Iterator[tuple[str, Any]]) -> _Problems | None:
        """Check the records of collection ``name``, after its ``start_array``."""
        self.current = name
        cls = _COLLECTIONS[name]
        fast = CODECS.fast[cls]
        builder = self.builder
        kept = builder.records[name]
        repeats: _Problems | None = None
        for index, (event, value) in enumerate(events, start=1):
            if event == "end_array":
                break
            record, repeated = _build(event, value, events, 2)
            if repeated is not None:
                if repeats is None:
                    repeats = _Problems(self.limit)
                repeats.extend(repeated_in(record, _keys_of(repeated), f"{name}[{index - 1}]"))
            try:
                built = fast(record)
            except Exception:  # the detailed path says what is wrong
                built = None
            if built is None:  # outside the handler: no chain to the record
                builder.add_slow(name, cls, record, None)
            else:
                kept.append(built)
            if not index % _BATCH:
                self._drain()
        self._drain()
        return repeats

    def _skip(
        self, first: str, scalar: object, events: Iterator[tuple[str, Any]], path: str, depth: int
    ) -> _Problems | None:
        """Pass over a value without building it; return the problems of its repeated keys."""
        if first not in _STARTS:
            if first == "number":
                _number(scalar)
            return None
        stack = [_Frame(first, path, self.limit)]
        if depth + 1 > MAX_DEPTH:
            raise _Refused(_TOO_DEEP)
        for event, value in events:
            top = stack[-1]
            if event == "map_key":
                top.key(value)
            elif event in _STARTS:
                if depth + len(stack) + 1 > MAX_DEPTH:
                    raise _Refused(_TOO_DEEP)
                stack.append(_Frame(event, top.child_path(), self.limit))
            elif event in _ENDS:
                bucket = stack.pop().close()
                if not stack:
                    return bucket
                stack[-1].value(bucket)
            else:
                if event == "number":
                    _number(value)
                top.value(None)
        raise _Refused("unexpected end of data")  # pragma: no cover - ijson raises first


class _Frame:
    """An array or object passed over: the problems of the repeated keys found in it."""

    def __init__(self, event: str, path: str, limit: int) -> None:
        self.path = path
        self.limit = limit
        self.is_object = event == "start_map"
        self.keys: dict[str, _Problems | None] = {}
        self.repeated: dict[str, None] = {}
        self.current = ""
        self.index = 0
        self.problems: _Problems | None = None  # an array's

    def key(self, key: Any) -> None:
        if key in self.keys:
            self.repeated[key] = None
        self.keys[key] = None
        self.current = key

    def child_path(self) -> str:
        return join(self.path, self.current if self.is_object else self.index)

    def value(self, problems: _Problems | None) -> None:
        if self.is_object:
            self.keys[self.current] = problems  # the last value of a repeated key counts
            return
        self.index += 1
        if problems is not None:
            if self.problems is None:
                self.problems = _Problems(self.limit)
            self.problems.add(problems)

    def close(self) -> _Problems | None:
        if not self.is_object:
            return self.problems
        if not self.repeated and not any(self.keys.values()):
            return None
        found = _Problems(self.limit)
        found.extend(Problem(path=join(self.path, key), message=MESSAGE) for key in self.repeated)
        for problems in self.keys.values():
            if problems is not None:
                found.add(problems)
        return found


def _stand_in(event: str, value: object) -> object:
    """Return the value of a scalar event, or an empty container of the type of a start event."""
    if event == "start_map":
        return {}
    if event == "start_array":
        return []
    return _number(value) if event == "number" else value


def _keys_of(repeated: dict[int, dict[str, None]]) -> Callable[[dict[str, Any]], Sequence[str]]:
    """Return what :func:`repeated_in` asks: the keys an object repeats, by its ``id``."""
    return lambda obj: tuple(repeated.get(id(obj), ()))


def _build(
    first: str, scalar: object, events: Iterator[tuple[str, Any]], depth: int
) -> tuple[object, dict[int, dict[str, None]] | None]:
    """Build the value that starts with ``event``, as orjson reads it.

    Returns:
        The value (a repeated key holds its last value at the place of its
        first), and the repeated keys of its objects by ``id``, or ``None``
        when no key repeats.
    """
    if first not in _STARTS:
        return (_number(scalar) if first == "number" else scalar), None
    root: Any = {} if first == "start_map" else []
    if depth + 1 > MAX_DEPTH:
        raise _Refused(_TOO_DEEP)
    stack: list[Any] = [root]
    container = root
    in_object = first == "start_map"
    key: Any = ""
    repeated: dict[int, dict[str, None]] | None = None
    shadowed: list[object] = []  # values replaced by a repeated key: their ids stay taken
    item: Any
    for event, value in events:  # the most frequent events first: this loop is the time
        if event == "map_key":
            key = value
            continue
        if event == "string":
            item = value
        elif event == "end_map" or event == "end_array":  # noqa: PLR1714
            stack.pop()
            if not stack:
                return root, repeated
            container = stack[-1]
            in_object = container.__class__ is dict
            continue
        elif event == "number":
            item = value if value.__class__ is int and value in _INT_RANGE else _number(value)
        elif event == "start_map" or event == "start_array":  # noqa: PLR1714
            item = {} if event == "start_map" else []
            if in_object:
                if key in container:
                    repeated = _repeat(repeated, container, key, shadowed)
                container[key] = item
            else:
                container.append(item)
            stack.append(item)
            if depth + len(stack) > MAX_DEPTH:
                raise _Refused(_TOO_DEEP)
            container = item
            in_object = event == "start_map"
            continue
        else:  # true, false, null
            item = value
        if in_object:
            if key in container:
                repeated = _repeat(repeated, container, key, shadowed)
            container[key] = item
        else:
            container.append(item)
    raise _Refused("unexpected end of data")  # pragma: no cover - ijson raises first


def _repeat(
    repeated: dict[int, dict[str, None]] | None,
    container: dict[str, Any],
    key: str,
    shadowed: list[object],
) -> dict[int, dict[str, None]]:
    """Note that ``container`` repeats ``key``; keep the value it replaces alive."""
    if repeated is None:
        repeated = {}
    repeated.setdefault(id(container), {})[key] = None
    shadowed.append(container[key])
    return repeated
