"""Strict cattrs converters, the detailed validation path, and register documents.

The fast path (:mod:`ikomodel._wire.fastpath`) structures a record in one go and gives
up on the first problem without saying where. Only then the detailed path
runs: a cattrs hook with detailed validation and strict primitive hooks,
whose error tree is flattened into one :class:`~ikomodel.ValidationError`
with a :class:`~ikomodel.Problem` per problem and its path. A register
document is built from its records and checked as a whole; every problem of
the document is raised at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from ikomodel._core.errors import Problem, SchemaVersionError, ValidationError, key_name, quote_int
from ikomodel._core.records import COLLECTIONS, SCHEMA_VERSION, Register
from ikomodel._core.vocabulary import Vocabulary
from ikomodel._wire.fastpath import CODECS, WireError, parse_date, slugs
from ikomodel._wire.fields import RECORDS, tuple_of, wire_fields
from ikomodel._wire.strict import join

T = TypeVar("T")


def _structure_str(value: object, cl: type[str] = str) -> str:
    if value.__class__ is not str:
        raise WireError(f"expected a string, not {json_type(value)}")
    # A subclass (a user's own StrEnum) is built from the checked string.
    return value if cl is str else cl(value)


def _structure_int(value: object, cl: type[int] = int) -> int:
    if value.__class__ is not int:
        raise WireError(f"expected a whole number, not {json_type(value)}")
    return value if cl is int else cl(value)


def _structure_float(value: object, cl: type[float] = float) -> float:
    if value.__class__ is not float and value.__class__ is not int:
        raise WireError(f"expected a number, not {json_type(value)}")
    return cl(value)


def _structure_bool(value: object, _: object = bool) -> bool:
    if value is not True and value is not False:
        raise WireError(f"expected true or false, not {json_type(value)}")
    return value


def _structure_date(value: object, _: object = dt.date) -> dt.date:
    return parse_date(value)


def json_type(value: object) -> str:
    """Name the JSON type of ``value`` (never the value itself)."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "a boolean"
    return {
        str: "a string",
        int: "a whole number",
        float: "a number with a fraction",
        list: "an array",
        tuple: "an array",
        dict: "an object",
    }.get(type(value), type(value).__name__)


@functools.cache
def _vocabulary_table(vocabulary: type[Vocabulary]) -> tuple[Mapping[str, Vocabulary], str]:
    table = slugs(vocabulary)
    return table, ", ".join(table)


def _structure_vocabulary(value: object, vocabulary: type[Vocabulary]) -> Vocabulary:
    table, allowed = _vocabulary_table(vocabulary)
    member = table.get(value) if value.__class__ is str else None
    if member is None:
        raise WireError(f"expected one of: {allowed}")
    return member


def _tuple_hook_factory(
    tp: Any, converter: cattrs.Converter
) -> Callable[[object, object], tuple[Any, ...]]:
    element = tuple_of(tp)
    handler = converter.get_structure_hook(element)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if value.__class__ is not list and value.__class__ is not tuple:
            raise WireError(f"expected an array, not {json_type(value)}")
        result: list[Any] = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                result.append(handler(item, element))
            except Exception as exc:
                exc.add_note(IterableValidationNote(f"Structuring {tp} @ index {i}", i, element))
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {tp}", errors, tuple)
        return tuple(result)

    return structure


def flatten_errors(exc: BaseException, path: str = "") -> list[Problem]:
    """Flatten a cattrs error tree (or an ikomodel error) into problems with paths.

    Each leaf becomes one :class:`Problem`; the record's own
    :class:`ValidationError` (raised with paths relative to the record) is
    placed under the record's path.
    """
    if isinstance(exc, ValidationError):
        return [p.under(path) for p in exc.problems]
    if isinstance(exc, BaseValidationError):
        problems: list[Problem] = []
        for sub in exc.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    sub_path = join(path, note.name)
                elif isinstance(note, IterableValidationNote):
                    sub_path = join(path, int(note.index))
            problems.extend(flatten_errors(sub, sub_path))
        return problems
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = ", ".join(a.name for a in wire_fields(exc.cl)) if exc.cl else ""
        return [
            Problem(path=join(path, key), message=f"unknown key; the allowed keys are: {allowed}")
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, KeyError):
        return [Problem(path=path, message="this required key is missing")]
    return [Problem(path=path, message=f"invalid value ({type(exc).__name__})")]


class RecordHook:
    """The structure hook of one record class: the fast path, then the detailed path."""

    def __init__(self, cls: type[Any], converter: cattrs.Converter) -> None:
        self.cls = cls
        self.fast = CODECS.fast[cls]
        self._detailed = cattrs.gen.make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=True,
        )

    def __call__(self, value: object, _: object = None) -> Any:
        """Return the record ``value`` describes, or raise every problem it has."""
        try:
            return self.fast(value)
        except Exception:  # the detailed path says what is wrong
            pass
        return self.detailed(value)  # outside the handler: no chain to the value

    def detailed(self, value: object) -> Any:
        """Structure on the detailed path only.

        Raises:
            ValidationError: every problem, with paths relative to the record.
        """
        if value.__class__ is not dict:
            raise ValidationError.single(
                "",
                f"expected an object with the fields of {self.cls.__name__}, "
                f"not {json_type(value)}",
            )
        try:
            return self._detailed(value, self.cls)
        except ValidationError:
            raise
        except Exception as exc:
            problems = flatten_errors(exc)
        raise ValidationError(problems)  # outside the handler: no chain to the value


def _is_date(tp: object) -> bool:
    return tp is dt.date


def configure_converter(converter: cattrs.Converter) -> None:
    """Add ikomodel's strict hooks to ``converter``.

    Registers strict hooks for ``str``, ``int``, ``float``, ``bool`` and dates
    (ISO 8601 ``YYYY-MM-DD``), vocabularies by slug, ``tuple[X, ...]`` from
    JSON arrays, and the records (unknown keys rejected; every problem of a
    record raised at once as :class:`~ikomodel.ValidationError`). The hooks
    apply to your own attrs classes too, where they contain these types;
    unknown keys in your own classes are rejected when your converter was
    made with ``forbid_extra_keys=True``.

    >>> import cattrs
    >>> from ikomodel import Party
    >>> converter = cattrs.Converter()
    >>> configure_converter(converter)
    >>> converter.structure({"kind": "mother", "roles": ["initiator"]}, Party).kind
    <ClientKind.MOTHER: 'mother'>
    """
    # Class hooks: cattrs looks them up (by class and subclass) before
    # predicates. Vocabularies are ``str`` subclasses with a hook of their own.
    for tp, hook in (
        (str, _structure_str),
        (int, _structure_int),
        (float, _structure_float),
        (bool, _structure_bool),
        (Vocabulary, _structure_vocabulary),
    ):
        converter.register_structure_hook(tp, hook)
    # Exactly ``date``: a ``datetime`` (a subclass) is no ISO calendar date.
    converter.register_structure_hook_func(_is_date, _structure_date)
    converter.register_unstructure_hook_func(_is_date, dt.date.isoformat)
    converter.register_unstructure_hook(Vocabulary, lambda member: member._value_)
    converter.register_structure_hook_factory(
        lambda tp: tuple_of(tp) is not None, _tuple_hook_factory
    )
    for cls in RECORDS:
        converter.register_structure_hook(cls, RecordHook(cls, converter))
        converter.register_unstructure_hook(cls, CODECS.plain[cls])
    converter.register_structure_hook(Register, lambda value, _: structure_register(value))
    converter.register_unstructure_hook(Register, unstructure_register)


def make_converter() -> cattrs.Converter:
    """Return a fresh cattrs converter configured for ikomodel's records and registers.

    The converter rejects unknown keys, coerces nothing, reads dates as ISO
    8601 ``YYYY-MM-DD`` strings and vocabularies by slug, and raises
    :class:`~ikomodel.ValidationError` listing every problem with its path.
    Unstructuring gives builtin JSON types and leaves out ``None`` fields.

    >>> import datetime as dt
    >>> from ikomodel import Child
    >>> converter = make_converter()
    >>> doc = converter.unstructure(Child(id="k-1", birth_date=dt.date(2015, 6, 1)))
    >>> doc
    {'id': 'k-1', 'birth_date': '2015-06-01'}
    >>> converter.structure(doc, Child) == Child(id="k-1", birth_date=dt.date(2015, 6, 1))
    True
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    configure_converter(converter)
    return converter


@functools.cache
def _default_converter() -> cattrs.Converter:
    return make_converter()


def detailed_problems(value: object, cls: type[Any]) -> tuple[Any, list[Problem]]:
    """Structure ``value`` as ``cls`` on the detailed path.

    Returns:
        The record and no problems, or ``None`` and every problem found, with
        paths relative to the record.
    """
    try:
        return _default_converter().structure(value, cls), []
    except ValidationError as exc:
        return None, list(exc.problems)


# --- register documents ---------------------------------------------------------------

DOCUMENT_KEYS = ("schema_version", *(c.name for c in COLLECTIONS))
_INDEXED = re.compile(r"^(\w+)\[(\d+)\](.*)$")
_FIRST_USED = re.compile(r"\(first used at \w+\[(\d+)\]\); ids are unique in a register$")


def check_schema_version(value: object, line: int | None = None) -> None:
    """Raise unless ``value`` is the schema version this release reads.

    Raises:
        SchemaVersionError: ``value`` is another version, or not a whole number.
    """
    if value.__class__ is int and value == SCHEMA_VERSION:
        return
    what = (
        f"unknown schema version {quote_int(value)}"
        if value.__class__ is int
        else f"the schema version is a whole number, not {json_type(value)}"
    )
    raise SchemaVersionError(
        [
            Problem(
                path="schema_version",
                message=f"{what}; this release reads version {SCHEMA_VERSION}",
                line=line,
            )
        ]
    )


@attrs.define
class RegisterBuilder:
    """Collects the records of a register document, then builds and checks the register.

    Records are added per collection in document order. A record that fails
    is reported with its path (``cases[12].children[1].birth_date``) and, for
    JSON Lines, its line; rules across records are checked on the records
    that are valid, and a reference to a case that failed is not reported
    again as dangling.
    """

    records: dict[str, list[Any]] = attrs.Factory(lambda: {c.name: [] for c in COLLECTIONS})
    lines: dict[str, array[int]] = attrs.Factory(lambda: {c.name: array("Q") for c in COLLECTIONS})
    """The line of each record kept, for JSON Lines (unsigned machine integers, not objects)."""
    failed: dict[str, list[int]] = attrs.Factory(lambda: {c.name: [] for c in COLLECTIONS})
    problems: list[Problem] = attrs.Factory(list)
    failed_case_ids: set[str] = attrs.Factory(set)
    offsets: dict[str, int] = attrs.Factory(lambda: {c.name: 0 for c in COLLECTIONS})
    """The document index of the first record held, per collection (a validator drains them)."""
    _originals: dict[str, list[int]] = attrs.Factory(dict)

    def add_slow(self, collection: str, cls: type[Any], value: object, line: int | None) -> None:
        """Structure one record on the detailed path and keep it or its problems."""
        record, problems = detailed_problems(value, cls)
        if record is not None:
            self.records[collection].append(record)
            if line is not None:
                self.lines[collection].append(line)
            return
        self.refuse(collection, value, problems, line)

    def refuse(
        self, collection: str, value: object, problems: Iterable[Problem], line: int | None
    ) -> None:
        """Keep the problems of a record of ``collection`` that is refused, under its path."""
        index = (
            self.offsets[collection] + len(self.records[collection]) + len(self.failed[collection])
        )
        self.failed[collection].append(index)
        prefix = f"{collection}[{index}]"
        self.problems.extend(
            p.under(prefix) if line is None else p.under(prefix).at_line(line) for p in problems
        )
        if collection == "cases" and isinstance(value, dict):
            case_id = value.get("id")
            if isinstance(case_id, str):
                self.failed_case_ids.add(case_id)

    def add_collection(self, collection: str, cls: type[Any], values: Sequence[object]) -> None:
        """Structure a whole collection of a JSON document, fast when it is valid."""
        fast = CODECS.fast[cls]
        try:
            self.records[collection] = [fast(value) for value in values]
        except Exception:  # read one record at a time below
            pass
        else:
            return
        self.records[collection] = []
        for value in values:
            try:
                record = fast(value)
            except Exception:
                record = None
            if record is None:  # outside the handler: no chain to the value
                self.add_slow(collection, cls, value, None)
            else:
                self.records[collection].append(record)

    def _original(self, collection: str, index: int) -> int:
        """Return the document index of the ``index``-th valid record of ``collection``.

        The indices of the valid records are listed once per collection (a
        linear pass), so that reporting many problems stays linear too.
        """
        originals = self._originals.get(collection)
        if originals is None:
            failed = set(self.failed[collection])
            total = len(self.records[collection]) + len(failed)
            offset = self.offsets[collection]
            originals = [i for i in range(offset, offset + total) if i not in failed]
            self._originals[collection] = originals
        return originals[index]

    def build(self) -> Register:
        """Return the register, or raise every problem found.

        Raises:
            ValidationError: a record is invalid, or a rule across records is broken.
        """
        records = self.records
        try:
            collections: dict[str, Any] = {c.name: tuple(records[c.name]) for c in COLLECTIONS}
            register = Register(**collections)
        except ValidationError as exc:
            across: Iterable[Problem] = exc.problems
        else:
            if not self.problems:
                return register
            across = ()
        problems = list(self.problems)
        for problem in across:
            match = _INDEXED.match(problem.path)
            if match is None:  # pragma: no cover - every rule across records names a record
                problems.append(problem)
                continue
            collection, index, rest = match[1], int(match[2]), match[3]
            record = records[collection][index]
            if rest == ".case_id" and record.case_id in self.failed_case_ids:
                continue
            lines = self.lines[collection]
            message = problem.message
            first = _FIRST_USED.search(message)
            if first is not None:  # name the first use by its index in the document too
                original = self._original(collection, int(first[1]))
                message = f"{message[: first.start(1)]}{original}{message[first.end(1) :]}"
            problems.append(
                Problem(
                    path=f"{collection}[{self._original(collection, index)}]{rest}",
                    message=message,
                    line=lines[index] if lines else None,
                )
            )
        raise ValidationError(problems)


def structure_register(value: object) -> Register:
    """Structure a register document ``{"schema_version": 1, "cases": [...], ...}``.

    Raises:
        SchemaVersionError: the document declares another schema version.
        ValidationError: every problem of the document, with its path.
    """
    if value.__class__ is not dict:
        raise ValidationError.single(
            "",
            "a register document is an object with the keys " + ", ".join(DOCUMENT_KEYS),
        )
    doc: dict[str, Any] = value
    if "schema_version" not in doc:
        raise SchemaVersionError.single(
            "schema_version",
            f"this required key is missing; this release reads version {SCHEMA_VERSION}",
        )
    check_schema_version(doc["schema_version"])
    builder = RegisterBuilder()
    for key in doc:
        if key not in DOCUMENT_KEYS:
            builder.problems.append(
                Problem(
                    path=key_name(key),
                    message="unknown key; the allowed keys are: " + ", ".join(DOCUMENT_KEYS),
                )
            )
    for c in COLLECTIONS:
        values = doc.get(c.name, [])
        if values.__class__ is not list:
            builder.problems.append(
                Problem(path=c.name, message=f"expected an array, not {json_type(values)}")
            )
            continue
        builder.add_collection(c.name, c.record, values)
    return builder.build()


def unstructure_register(register: Register) -> dict[str, Any]:
    """Return the document of ``register`` in builtin JSON types."""
    plain = CODECS.plain
    return {
        "schema_version": register.schema_version,
        **{c.name: list(map(plain[c.record], getattr(register, c.name))) for c in COLLECTIONS},
    }
