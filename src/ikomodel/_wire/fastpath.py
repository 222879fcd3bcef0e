"""The fast path: structuring and unstructuring functions generated from the records.

The wire form of every record is a JSON object whose keys are the attrs field
names. Dates are ISO 8601 ``YYYY-MM-DD`` strings, vocabulary members their
slugs, tuples JSON arrays. A field whose value is ``None`` is left out when
writing; when reading, a missing optional field and an explicit ``null`` both
mean ``None``. Every other field is always written, so write -> read is the
identity.

Reading is strict: unknown keys are rejected, and no value is coerced into
another type (``"false"`` is not a bool, ``2015.9`` and ``True`` are not ints,
``123`` is not a string).

Two paths structure a record. The *fast path* is a function generated per
record class from its attrs fields that checks every type inline and builds
the record (whose constructor checks every invariant); it raises on the first
problem without saying where. Only then the *detailed path* runs: a cattrs
hook with detailed validation whose error tree is flattened into one
:class:`~ikomodel.ValidationError` with a :class:`~ikomodel.Problem` per
problem and its path.

This fast path structures Python objects (a converter's ``structure`` of a
dict, the fallback for register documents); text read from files and
strings goes through msgspec (:mod:`ikomodel._wire.mirror`) instead. The
unstructuring functions here write register documents and converter output.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ikomodel._core.errors import Problem, ValidationError
from ikomodel._core.records import (
    AgeAtDate,
    Case,
    Child,
    Contact,
    MediationRequest,
    Party,
    StageChange,
)
from ikomodel._core.vocabulary import Vocabulary

RECORDS: tuple[type[Any], ...] = (
    Party,
    AgeAtDate,
    Child,
    Case,
    Contact,
    StageChange,
    MediationRequest,
)
"""The record classes with a wire form of their own (a :class:`Register` is a document)."""

Unstructured = dict[str, Any]


class WireError(ValidationError):
    """A value does not have the wire type its field declares (message without the value)."""

    def __init__(self, message: str) -> None:
        super().__init__([Problem(path="", message=message)])


class _Reject(Exception):  # noqa: N818 - a private signal, not an error users see
    """The fast path gives up; the detailed path finds out why."""


_MISSING = object()
_DATE_MESSAGE = "expected a date as an ISO 8601 string YYYY-MM-DD"


def parse_date(value: object) -> dt.date:
    """Return the date an ISO 8601 ``YYYY-MM-DD`` string names (nothing else is accepted).

    >>> parse_date("2021-03-01")
    datetime.date(2021, 3, 1)

    Raises:
        WireError: ``value`` is not such a string, or names no calendar day.
            The message never repeats the value (it may be a birth date).
    """
    if (
        value.__class__ is not str
        or len(value) != 10
        or not value.isascii()
        or value[4] != "-"
        or value[7] != "-"
    ):
        raise WireError(_DATE_MESSAGE)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise WireError(_DATE_MESSAGE + " naming a calendar day") from None


class _DateCache(dict[object, dt.date]):
    """Dates by their ISO text: a register names the same few thousand days many times."""

    limit = 100_000

    def __missing__(self, key: object) -> dt.date:
        parsed = parse_date(key)
        if len(self) >= self.limit:
            self.clear()
        self[key] = parsed
        return parsed


_DATES = _DateCache()


def slugs(vocabulary: type[Vocabulary]) -> Mapping[str, Vocabulary]:
    """Return the members of ``vocabulary`` keyed by slug."""
    return {member.value: member for member in vocabulary}


# --- type introspection ------------------------------------------------------


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


def wire_fields(cls: type[Any]) -> tuple[attrs.Attribute[Any], ...]:
    """Return the fields of record ``cls`` that are part of its wire form, types resolved."""
    attrs.resolve_types(cls)
    return tuple(a for a in attrs.fields(cls) if a.init)


# --- code generation -------------------------------------------------------------


class _Source:
    """A namespace and a counter for generated functions."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "_Reject": _Reject,
            "_MISSING": _MISSING,
            "_DC": _DATES,
            "_New": object.__new__,
        }
        self._count = 0

    def name(self, value: Any, stem: str) -> str:
        self._count += 1
        key = f"_{stem}{self._count}"
        self.namespace[key] = value
        return key


def _check(tp: Any, var: str, src: _Source, fast: Mapping[type[Any], str]) -> list[str]:
    """Return statements that check ``var`` against ``tp`` and rebind it to the value."""
    inner = optional_of(tp)
    if inner is not None:
        body = _check(inner, var, src, fast)
        return [f"if {var} is not None:", *(f"    {line}" for line in body)] if body else []
    if tp is str:
        return [f"if {var}.__class__ is not str: raise _Reject"]
    if tp is int:
        return [f"if {var}.__class__ is not int: raise _Reject"]
    if tp is bool:
        return [f"if {var} is not True and {var} is not False: raise _Reject"]
    if tp is dt.date:
        return [f"{var} = _DC[{var}]"]
    if is_vocabulary(tp):
        return [f"{var} = {src.name(slugs(tp), 'E')}[{var}]"]
    if tp in fast:
        return [f"{var} = {fast[tp]}({var})"]
    element = tuple_of(tp)
    if element is not None:
        head = f"if {var}.__class__ is not list and {var}.__class__ is not tuple: raise _Reject"
        if is_vocabulary(element):
            return [head, f"{var} = tuple([{src.name(slugs(element), 'E')}[x] for x in {var}])"]
        if element in fast:
            f = fast[element]  # most records hold one or two: no comprehension for those
            return [
                head,
                f"if len({var}) == 1: {var} = ({f}({var}[0]),)",
                f"elif len({var}) == 2: {var} = ({f}({var}[0]), {f}({var}[1]))",
                f"else: {var} = tuple([{f}(x) for x in {var}])",
            ]
        lines = _check(element, "x", src, fast)
        helper = src.name(None, "elem")
        code = "\n".join([f"def {helper}(x):", *(f"    {line}" for line in lines), "    return x"])
        exec(code, src.namespace)
        return [head, f"{var} = tuple([{helper}(x) for x in {var}])"]
    raise TypeError(f"ikomodel cannot generate a fast path for {tp!r}")


_MEMO_LIMIT = 4096


def _fillable(cls: type[Any]) -> type[Any] | None:
    """Return a subclass of ``cls`` whose instances can be filled in, then become ``cls``.

    That is offered for a slotted attrs class whose generated ``__init__`` only
    sets each slot and then calls ``__attrs_post_init__``: fields without
    validators or converters, no ``__attrs_pre_init__``, no cached hash. The
    subclass adds no slots and sets attributes the ordinary way (``cls`` is
    frozen), so the generated code sets the slots by plain assignment, switches
    the instance's ``__class__`` to ``cls`` (same memory layout), and then runs
    the same ``__attrs_post_init__`` as the constructor: every invariant is
    checked once. This costs less than half of the keyword call of
    ``__init__``. Otherwise ``None``: the constructor is called.
    """
    if hasattr(cls, "__attrs_pre_init__") or "_attrs_cached_hash" in getattr(cls, "__slots__", ()):
        return None
    for a in attrs.fields(cls):
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
            "__module__": __name__,
            "__doc__": f"A {cls.__name__} being filled in by the fast path (never returned).",
        },
    )
    probe: Any = object.__new__(fillable)
    try:  # the layouts must be compatible for the switch (they are in CPython and PyPy)
        probe.__class__ = cls
    except TypeError:  # pragma: no cover - an interpreter without compatible layouts
        return None
    return fillable


def _memoisable(tp: Any) -> bool:
    """Return whether equal wire values of ``tp`` always mean equal, valid-or-not values.

    Strings, dates and slugs compare equal only to strings; numbers and
    booleans do not qualify (``True == 1 == 1.0``).
    """
    inner = optional_of(tp)
    if inner is not None:
        return _memoisable(inner)
    element = tuple_of(tp)
    if element is not None:
        return _memoisable(element)
    return tp is str or tp is dt.date or is_vocabulary(tp)


def _is_memoised(cls: type[Any]) -> bool:
    """Return whether equal wire objects of ``cls`` share one record (records without an id)."""
    return "id" not in attrs.fields_dict(cls) and all(_memoisable(a.type) for a in wire_fields(cls))


def _fast_structure_source(
    cls: type[Any], name: str, src: _Source, fast: Mapping[type[Any], str]
) -> str:
    fields = wire_fields(cls)
    keys = frozenset(a.name for a in fields)
    known = src.name(keys, "K")
    # Unknown keys: ``n`` counts the keys that were read with a value (the
    # required fields, the optional ones given). When ``d`` has
    # exactly that many keys, it has no other key; otherwise (an unknown key,
    # or an explicit ``null``) the keys are compared with the known ones.
    required = sum(a.default is attrs.NOTHING for a in fields)
    lines = [f"def {name}(d):", "    if d.__class__ is not dict: raise _Reject"]
    # Small records without an id (a party, a stage change) repeat across a
    # register: equal wire objects give the one (immutable) record built first.
    memo = None
    if _is_memoised(cls):
        memo = src.name({}, "M")
        parts = []
        for a in fields:
            if tuple_of(a.type) is not None:
                lines.append(f"    k_{a.name} = d.get({a.name!r})")
                lines.append(f"    if k_{a.name}.__class__ is list: k_{a.name} = tuple(k_{a.name})")
                parts.append(f"k_{a.name}")
            else:
                parts.append(f"d.get({a.name!r})")
        lines.append(f"    key = ({', '.join(parts)},)")
        lines.append(f"    hit = {memo}.get(key)")
        lines.append(
            f"    if hit is not None and (len(d) + key.count(None) == {len(keys)} "
            f"or d.keys() <= {known}): return hit"
        )
    lines.append(f"    n = {required}")
    for a in fields:
        var = f"a_{a.name}"
        inner = optional_of(a.type)
        if a.default is attrs.NOTHING:
            lines.append(f"    {var} = d[{a.name!r}]")
            check = _check(a.type, var, src, fast)
        elif a.default is None and inner is not None:
            lines.append(f"    {var} = d.get({a.name!r})")
            body = ["n += 1", *_check(inner, var, src, fast)]
            check = [f"if {var} is not None:", *(f"    {line}" for line in body)]
        elif a.default is None:  # pragma: no cover - every field defaulting to None is optional
            lines.append(f"    {var} = d.get({a.name!r})")
            check = [f"if {var} is not None: n += 1", *_check(a.type, var, src, fast)]
        else:
            default = src.name(a.default, "D")
            lines.append(f"    {var} = d.get({a.name!r}, _MISSING)")
            lines.append(f"    if {var} is _MISSING: {var} = {default}")
            lines.append("    else:")
            body = ["n += 1", *_check(a.type, var, src, fast)]
            check = [f"    {line}" for line in body]
        lines.extend(f"    {line}" for line in check)
    lines.append(f"    if n != len(d) and not d.keys() <= {known}: raise _Reject")
    fillable = _fillable(cls)
    if fillable is None:
        args = ", ".join(f"{a.alias}=a_{a.name}" for a in fields)
        lines.append(f"    o = {src.name(cls, 'C')}({args})")
    else:
        lines.append(f"    o = _New({src.name(fillable, 'F')})")
        lines.extend(f"    o.{a.name} = a_{a.name}" for a in fields)
        lines.append(f"    o.__class__ = {src.name(cls, 'C')}")
        if hasattr(cls, "__attrs_post_init__"):
            lines.append(f"    {src.name(cls.__attrs_post_init__, 'P')}(o)")
    if memo is not None:
        lines.append(f"    if len({memo}) < {_MEMO_LIMIT}: {memo}[key] = o")
    lines.append("    return o")
    return _bind_globals("\n".join(lines))


_GLOBAL = re.compile(r"\b(?:_[A-Z][A-Za-z]*\d*|structure_\w+)\b")


def _bind_globals(source: str) -> str:
    """Bind the generated function's globals as default arguments (local lookups are faster)."""
    head, body = source.split("\n", 1)
    names = sorted(set(_GLOBAL.findall(body)))
    bound = "".join(f", {name}={name}" for name in names)
    return head.replace("(d):", f"(d{bound}):", 1) + "\n" + body


def _emit(
    tp: Any, expr: str, src: _Source, unstructure: Mapping[type[Any], str], wire: bool
) -> str:
    """Return an expression converting ``expr`` of type ``tp`` (never ``None``) to its wire form.

    With ``wire`` the result is for orjson, which writes dates and string
    enums itself; otherwise it holds only builtin JSON types.
    """
    inner = optional_of(tp)
    if inner is not None:
        return _emit(inner, expr, src, unstructure, wire)
    if tp in (str, int, bool):
        return expr
    if tp is dt.date:
        return expr if wire else f"{expr}.isoformat()"
    if is_vocabulary(tp):
        return expr if wire else f"{expr}._value_"
    if tp in unstructure:
        return f"{unstructure[tp]}({expr})"
    element = tuple_of(tp)
    if element is not None:
        if wire and (element in (str, int, bool, dt.date) or is_vocabulary(element)):
            return expr
        if element in unstructure:  # most records hold one: no comprehension for that
            f = unstructure[element]
            return f"([{f}({expr}[0])] if len({expr}) == 1 else [{f}(x) for x in {expr}])"
        return f"[{_emit(element, 'x', src, unstructure, wire)} for x in {expr}]"
    raise TypeError(f"ikomodel cannot generate an unstructure function for {tp!r}")


def _unstructure_source(
    cls: type[Any],
    name: str,
    src: _Source,
    unstructure: Mapping[type[Any], str],
    *,
    wire: bool,
) -> str:
    fields = wire_fields(cls)
    always = [a for a in fields if optional_of(a.type) is None]
    optional = [a for a in fields if optional_of(a.type) is not None]
    items = [f"{a.name!r}: {_emit(a.type, f'o.{a.name}', src, unstructure, wire)}" for a in always]
    lines = [f"def {name}(o):"]
    # The reader shares equal small records (a party, a stage change); for
    # orjson, their wire objects are shared too (never for ``plain``, whose
    # dicts the caller owns). The cache holds the record, so its id is not reused.
    memo = src.name({}, "W") if wire and _is_memoised(cls) else None
    if memo is not None:
        lines.append(f"    hit = {memo}.get(id(o))")
        lines.append("    if hit is not None and hit[0] is o: return hit[1]")
    lines.append(f"    d = {{{', '.join(items)}}}")
    for a in optional:
        lines.append(f"    v = o.{a.name}")
        lines.append(
            f"    if v is not None: d[{a.name!r}] = {_emit(a.type, 'v', src, unstructure, wire)}"
        )
    if memo is not None:
        lines.append(f"    if len({memo}) < {_MEMO_LIMIT}: {memo}[id(o)] = (o, d)")
    lines.append("    return d")
    return "\n".join(lines)


def _dependency_order(classes: tuple[type[Any], ...]) -> list[type[Any]]:
    """Return ``classes`` with every record after the records its fields contain."""
    ordered: list[type[Any]] = []

    def mentions(tp: Any) -> set[type[Any]]:
        found = {tp} if tp in classes else set()
        for arg in typing.get_args(tp):
            found |= mentions(arg)
        return found

    def visit(cls: type[Any]) -> None:
        if cls in ordered:
            return
        for a in wire_fields(cls):
            for dep in mentions(a.type) - {cls}:
                visit(dep)
        ordered.append(cls)

    for cls in classes:
        visit(cls)
    return ordered


@attrs.frozen
class Codecs:
    """The generated functions of every record class."""

    fast: Mapping[type[Any], Callable[[Any], Any]]
    """Fast structuring: raise on any problem without saying which."""
    plain: Mapping[type[Any], Callable[[Any], Unstructured]]
    """Unstructuring to builtin JSON types."""
    wire: Mapping[type[Any], Callable[[Any], Unstructured]]
    """Unstructuring for orjson (dates and enums left for orjson to write)."""


TAG = "record"
"""The key that tags each record line of a JSON Lines register with its record type.

Not ``kind``: a mediation request has a field of that name.
"""

KINDS: Mapping[type[Any], str] = {
    Case: "case",
    Contact: "contact",
    MediationRequest: "mediation_request",
}
"""The ``record`` tag of each top-level record in JSON Lines."""


def _generate(classes: tuple[type[Any], ...]) -> Codecs:
    clashes = [cls.__name__ for cls in KINDS if TAG in attrs.fields_dict(cls)]
    if clashes:  # pragma: no cover - a guard for future fields
        raise TypeError(f"the JSON Lines tag {TAG!r} is a field of {', '.join(clashes)}")
    src = _Source()
    ordered = _dependency_order(classes)
    fast: dict[type[Any], str] = {}
    plain: dict[type[Any], str] = {}
    wire: dict[type[Any], str] = {}
    code: list[str] = []
    for cls in ordered:
        stem = cls.__name__
        fast[cls] = f"structure_{stem}"
        code.append(_fast_structure_source(cls, fast[cls], src, fast))
        plain[cls] = f"unstructure_{stem}"
        code.append(_unstructure_source(cls, plain[cls], src, plain, wire=False))
        wire[cls] = f"wire_{stem}"
        code.append(_unstructure_source(cls, wire[cls], src, wire, wire=True))
    exec("\n\n".join(code), src.namespace)
    ns = src.namespace
    return Codecs(
        fast={cls: ns[name] for cls, name in fast.items()},
        plain={cls: ns[name] for cls, name in plain.items()},
        wire={cls: ns[name] for cls, name in wire.items()},
    )


CODECS = _generate(RECORDS)
"""The generated fast-path functions of ikomodel's records."""
