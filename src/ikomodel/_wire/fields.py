"""The records' fields as the wire sees them: one walk, read by every engine.

The converter (:mod:`ikomodel._wire.converter`), the generated fast path
(:mod:`ikomodel._wire.fastpath`), the msgspec mirror (:mod:`ikomodel._wire.mirror`)
and the JSON Schema (:mod:`ikomodel._wire.schema`) all need the same facts
about a record's fields: the name and alias, whether ``None`` is allowed,
whether the field is required or its default, the :class:`Shape` of its
value (a string, a whole number, a boolean, a date, a vocabulary, a record,
or a tuple of one of those) and whether it holds a country code. They read
them from :func:`wire_record`, which walks a class's attrs fields once and
caches the description; nothing else walks ``attrs.fields`` of a record.

Also here: :data:`RECORDS`, every record class with a wire form, found from
the register's collections (:data:`ikomodel._core.records.COLLECTIONS`);
:data:`TAG`, the key of a JSON Lines record's type; and
:func:`compile_function`, which compiles generated source under a file name
of its own kept in :mod:`linecache`, so that a traceback through generated
code shows its lines and :func:`inspect.getsource` finds it (as attrs and
cattrs do).
"""

from __future__ import annotations

import datetime as dt
import enum
import linecache
import types
import typing
from collections.abc import Iterator
from typing import Any

import attrs

from ikomodel._core.records import COLLECTIONS, COUNTRY_CODE
from ikomodel._core.typecheck import check_arguments
from ikomodel._core.vocabulary import Vocabulary

TAG = "record"
"""The key that tags each record line of a JSON Lines register with its record type.

Not ``kind``: a mediation request has a field of that name.
"""


# --- types ----------------------------------------------------------------------------


def optional_of(tp: Any) -> Any | None:
    """Return ``X`` when ``tp`` is ``X | None``, else ``None``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return args[0]
    return None


def tuple_of(tp: Any) -> Any | None:
    """Return ``X`` when ``tp`` is ``tuple[X, ...]``, else ``None``."""
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
    return None


def is_vocabulary(tp: Any) -> bool:
    """Return whether ``tp`` is an ikomodel vocabulary (a :class:`Vocabulary` subclass)."""
    return isinstance(tp, type) and issubclass(tp, Vocabulary)


class Kind(enum.Enum):
    """What a value on the wire is."""

    STR = "str"
    INT = "int"
    BOOL = "bool"
    DATE = "date"
    VOCABULARY = "vocabulary"
    RECORD = "record"
    TUPLE = "tuple"
    OTHER = "other"
    """A type no engine of ikomodel writes (an engine that meets it says so)."""


_SCALARS = {str: Kind.STR, int: Kind.INT, bool: Kind.BOOL, dt.date: Kind.DATE}


@attrs.frozen
class Shape:
    """The shape of a value that is not ``None``: its kind, type and, for a tuple, its items'."""

    kind: Kind
    type: Any
    """``str``, ``int``, ``bool``, ``datetime.date``, the vocabulary, the record class,
    ``tuple[X, ...]``, or the unknown type."""
    element: Shape | None = None
    """The shape of each item of a tuple."""

    @property
    def memoisable(self) -> bool:
        """Whether equal wire values always mean equal values, valid or not.

        Strings, dates and slugs compare equal only to strings; numbers and
        booleans do not qualify (``True == 1 == 1.0``).
        """
        if self.element is not None:
            return self.element.memoisable
        return self.kind in (Kind.STR, Kind.DATE, Kind.VOCABULARY)

    def records(self) -> Iterator[type[Any]]:
        """Yield the record classes a value of this shape holds."""
        if self.kind is Kind.RECORD:
            yield self.type
        if self.element is not None:
            yield from self.element.records()


def shape_of(tp: Any) -> Shape:
    """Return the shape of a value of type ``tp`` (``None`` aside: see ``WireField.optional``)."""
    if tp in _SCALARS:
        return Shape(_SCALARS[tp], tp)
    if is_vocabulary(tp):
        return Shape(Kind.VOCABULARY, tp)
    if attrs.has(tp):
        return Shape(Kind.RECORD, tp)
    element = tuple_of(tp)
    if element is not None:
        return Shape(Kind.TUPLE, tp, shape_of(element))
    return Shape(Kind.OTHER, tp)


# --- fields and records -------------------------------------------------------------


@attrs.frozen
class WireField:
    """One field of a record's wire form."""

    name: str
    alias: str
    """The keyword of the field in the constructor."""
    type: Any
    """The declared type, resolved."""
    shape: Shape
    """The shape of the value when it is not ``None``."""
    optional: bool
    """Whether the type is ``X | None``."""
    default: Any
    """The default, ``attrs.NOTHING`` for a required field."""
    country: bool
    """Whether the value is an ISO 3166-1 alpha-2 country code."""

    @property
    def required(self) -> bool:
        """Whether the field has no default (its key must be given)."""
        return self.default is attrs.NOTHING

    @property
    def record(self) -> type[Any] | None:
        """The record class the field holds, alone or as the items of a tuple."""
        shape = self.shape.element if self.shape.kind is Kind.TUPLE else self.shape
        return shape.type if shape is not None and shape.kind is Kind.RECORD else None


@attrs.frozen
class WireRecord:
    """The wire description of a record class, made once per class."""

    cls: type[Any]
    fields: tuple[WireField, ...]
    """The fields of the wire form (those set by the constructor), in declaration order."""
    memoised: bool
    """Whether equal wire objects may share one record: records without an id whose
    fields are all :attr:`Shape.memoisable`."""
    fillable: type[Any] | None
    """A subclass whose instances the generated code fills in (see :func:`_fillable`)."""

    @property
    def names(self) -> frozenset[str]:
        """The keys of the wire form."""
        return frozenset(f.name for f in self.fields)


def _field(a: attrs.Attribute[Any]) -> WireField:
    inner = optional_of(a.type)
    return WireField(
        name=a.name,
        alias=a.alias or a.name,
        type=a.type,
        shape=shape_of(a.type if inner is None else inner),
        optional=inner is not None,
        default=a.default,
        country=bool(a.metadata.get(COUNTRY_CODE)),
    )


_WALKED: dict[type[Any], WireRecord] = {}


def wire_record(cls: type[Any]) -> WireRecord:
    """Return the wire description of attrs class ``cls`` (walked once, then cached)."""
    walked = _WALKED.get(cls)
    if walked is None:
        attrs.resolve_types(cls)
        every = attrs.fields(cls)
        fields = tuple(_field(a) for a in every if a.init)
        memoised = "id" not in attrs.fields_dict(cls) and all(f.shape.memoisable for f in fields)
        fillable = _fillable(cls, every)
        walked = _WALKED[cls] = WireRecord(cls, fields, memoised=memoised, fillable=fillable)
    return walked


def wire_fields(cls: type[Any]) -> tuple[WireField, ...]:
    """Return the fields of attrs class ``cls`` that are part of its wire form."""
    return wire_record(cls).fields


def _fillable(cls: type[Any], every: tuple[attrs.Attribute[Any], ...]) -> type[Any] | None:
    """Return a subclass of ``cls`` whose instances can be filled in, then become ``cls``.

    That is offered for a slotted attrs class whose generated ``__init__`` only
    sets each slot and then calls ``__attrs_post_init__``: fields without
    validators or converters, no ``__attrs_pre_init__`` but the check of the
    field types (:func:`~ikomodel._core.typecheck.check_arguments`, which the
    wire types of every reader imply), no cached hash. The
    subclass adds no slots and sets attributes the ordinary way (``cls`` is
    frozen), so the generated code sets the slots by plain assignment, switches
    the instance's ``__class__`` to ``cls`` (same memory layout), and then runs
    the same ``__attrs_post_init__`` as the constructor: every invariant is
    checked once. This costs less than half of the keyword call of
    ``__init__``. Otherwise ``None``: the constructor is called.
    """
    pre_init = getattr(cls, "__attrs_pre_init__", check_arguments)
    if pre_init is not check_arguments or "_attrs_cached_hash" in getattr(cls, "__slots__", ()):
        return None  # (the check of the field types is what the wire types check already)
    for a in every:
        if (
            not a.init
            or a.validator is not None
            or a.converter is not None
            or not isinstance(getattr(cls, a.name, None), types.MemberDescriptorType)
        ):
            return None
    fillable = type(
        f"_Fillable{cls.__name__}",
        (cls,),
        {
            "__slots__": (),
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
            "__init__": object.__init__,  # ``Fillable()`` allocates, as fast as it gets
            "__module__": __name__,
            "__doc__": f"A {cls.__name__} being filled in by generated code (never returned).",
        },
    )
    probe: Any = object.__new__(fillable)
    try:  # the layouts must be compatible for the switch (they are in CPython and PyPy)
        probe.__class__ = cls
    except TypeError:  # pragma: no cover - an interpreter without compatible layouts
        return None
    return fillable


def _records(roots: tuple[type[Any], ...]) -> tuple[type[Any], ...]:
    """Return ``roots`` and every record they hold, each after the records its fields hold."""
    ordered: list[type[Any]] = []

    def visit(cls: type[Any]) -> None:
        if cls in ordered:
            return
        for f in wire_fields(cls):
            for held in f.shape.records():
                if held is not cls:
                    visit(held)
        ordered.append(cls)

    for cls in roots:
        visit(cls)
    return tuple(ordered)


RECORDS: tuple[type[Any], ...] = _records(tuple(c.record for c in COLLECTIONS))
"""The record classes with a wire form of their own, each after the records it holds.

The records of the register's collections and every record they hold (a
:class:`~ikomodel.Register` itself is a document, not a record).
"""

_CLASHES = [c.record.__name__ for c in COLLECTIONS if TAG in wire_record(c.record).names]
if _CLASHES:  # pragma: no cover - a guard for future fields
    raise TypeError(f"the JSON Lines tag {TAG!r} is a field of {', '.join(_CLASHES)}")


# --- generated code -------------------------------------------------------------------------


def compile_function(source: str, name: str, namespace: dict[str, Any]) -> Any:
    """Define the function ``name`` from ``source`` in ``namespace`` and return it.

    The code is compiled under a file name of its own (``<ikomodel generated
    NAME>``, numbered when that name is taken by other source), whose text is
    kept in :mod:`linecache`: a traceback through the function shows its
    lines, and :func:`inspect.getsource` returns its source.
    """
    base = f"<ikomodel generated {name}>"
    filename = base
    entry = (len(source), None, source.splitlines(keepends=True), filename)
    count = 0
    while linecache.cache.setdefault(filename, entry) != entry:
        count += 1
        filename = f"{base[:-1]}-{count}>"
        entry = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]
