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
strings goes through msgspec (:mod:`ikomodel._wire.mirror`) instead, which
also writes them. The unstructuring functions here give the converter's
output in builtin JSON types.

Every function is generated from the fields as :mod:`ikomodel._wire.fields`
describes them, and compiled under a file name of its own kept in
:mod:`linecache`, so that a traceback shows the generated lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ikomodel._core.errors import Problem, ValidationError
from ikomodel._core.vocabulary import Vocabulary
from ikomodel._wire.fields import (
    RECORDS,
    Kind,
    Shape,
    compile_function,
    wire_fields,
    wire_record,
)

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
    except ValueError:  # its message holds the value: no chain to it
        pass
    raise WireError(_DATE_MESSAGE + " naming a calendar day")


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


# --- code generation -------------------------------------------------------------


class _Source:
    """A namespace and a counter for generated functions."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "_Reject": _Reject,
            "_MISSING": _MISSING,
            "_DC": _DATES,
        }
        self._count = 0

    def name(self, value: Any, stem: str) -> str:
        self._count += 1
        key = f"_{stem}{self._count}"
        self.namespace[key] = value
        return key


def _check(shape: Shape, var: str, src: _Source, fast: Mapping[type[Any], str]) -> list[str]:
    """Return statements that check ``var`` against ``shape`` and rebind it to the value."""
    kind, element = shape.kind, shape.element
    if kind is Kind.STR:
        return [f"if {var}.__class__ is not str: raise _Reject"]
    if kind is Kind.INT:
        return [f"if {var}.__class__ is not int: raise _Reject"]
    if kind is Kind.BOOL:
        return [f"if {var} is not True and {var} is not False: raise _Reject"]
    if kind is Kind.DATE:
        return [f"{var} = _DC[{var}]"]
    if kind is Kind.VOCABULARY:
        return [f"{var} = {src.name(slugs(shape.type), 'E')}[{var}]"]
    if kind is Kind.RECORD and shape.type in fast:
        return [f"{var} = {fast[shape.type]}({var})"]
    if kind is Kind.TUPLE and element is not None:
        head = f"if {var}.__class__ is not list and {var}.__class__ is not tuple: raise _Reject"
        if element.kind is Kind.VOCABULARY:
            table = src.name(slugs(element.type), "E")
            return [head, f"{var} = tuple([{table}[x] for x in {var}])"]
        if element.kind is Kind.RECORD and element.type in fast:
            f = fast[element.type]  # most records hold one or two: no comprehension for those
            return [
                head,
                f"if len({var}) == 1: {var} = ({f}({var}[0]),)",
                f"elif len({var}) == 2: {var} = ({f}({var}[0]), {f}({var}[1]))",
                f"else: {var} = tuple([{f}(x) for x in {var}])",
            ]
        lines = _check(element, "x", src, fast)
        helper = src.name(None, "elem")
        code = "\n".join([f"def {helper}(x):", *(f"    {line}" for line in lines), "    return x"])
        compile_function(code, helper, src.namespace)
        return [head, f"{var} = tuple([{helper}(x) for x in {var}])"]
    raise TypeError(f"ikomodel cannot generate a fast path for {shape.type!r}")


_MEMO_LIMIT = 4096


def _indent(lines: list[str]) -> list[str]:
    return [f"    {line}" for line in lines]


def _fast_structure_source(
    cls: type[Any], name: str, src: _Source, fast: Mapping[type[Any], str]
) -> str:
    record = wire_record(cls)
    fields = record.fields
    known = src.name(record.names, "K")
    # Unknown keys: ``n`` counts the keys that were read with a value (the
    # required fields, the optional ones given). When ``d`` has
    # exactly that many keys, it has no other key; otherwise (an unknown key,
    # or an explicit ``null``) the keys are compared with the known ones.
    required = sum(f.required for f in fields)
    lines = [f"def {name}(d):", "    if d.__class__ is not dict: raise _Reject"]
    # Small records without an id (a party, a stage change) repeat across a
    # register: equal wire objects give the one (immutable) record built first.
    memo = None
    if record.memoised:
        memo = src.name({}, "M")
        parts = []
        for f in fields:
            if f.shape.kind is Kind.TUPLE:
                lines.append(f"    k_{f.name} = d.get({f.name!r})")
                lines.append(f"    if k_{f.name}.__class__ is list: k_{f.name} = tuple(k_{f.name})")
                parts.append(f"k_{f.name}")
            else:
                parts.append(f"d.get({f.name!r})")
        lines.append(f"    key = ({', '.join(parts)},)")
        lines.append(f"    hit = {memo}.get(key)")
        lines.append(
            f"    if hit is not None and (len(d) + key.count(None) == {len(fields)} "
            f"or d.keys() <= {known}): return hit"
        )
    lines.append(f"    n = {required}")
    for f in fields:
        var = f"a_{f.name}"
        bare = _check(f.shape, var, src, fast)
        if f.required:
            lines.append(f"    {var} = d[{f.name!r}]")
            check = [f"if {var} is not None:", *_indent(bare)] if f.optional else bare
        elif f.default is None and f.optional:
            lines.append(f"    {var} = d.get({f.name!r})")
            check = [f"if {var} is not None:", *_indent(["n += 1", *bare])]
        elif f.default is None:  # pragma: no cover - every field defaulting to None is optional
            lines.append(f"    {var} = d.get({f.name!r})")
            check = [f"if {var} is not None: n += 1", *bare]
        else:
            default = src.name(f.default, "D")
            lines.append(f"    {var} = d.get({f.name!r}, _MISSING)")
            lines.append(f"    if {var} is _MISSING: {var} = {default}")
            lines.append("    else:")
            body = ["n += 1", *bare]
            check = _indent([f"if {var} is not None:", *_indent(body)] if f.optional else body)
        lines.extend(_indent(check))
    lines.append(f"    if n != len(d) and not d.keys() <= {known}: raise _Reject")
    if record.fillable is None:
        args = ", ".join(f"{f.alias}=a_{f.name}" for f in fields)
        lines.append(f"    o = {src.name(cls, 'C')}({args})")
    else:
        lines.append(f"    o = {src.name(record.fillable, 'F')}()")
        lines.extend(f"    o.{f.name} = a_{f.name}" for f in fields)
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


def _emit(shape: Shape, expr: str, unstructure: Mapping[type[Any], str]) -> str:
    """Return an expression converting ``expr`` (never ``None``) to builtin JSON types."""
    kind, element = shape.kind, shape.element
    if kind in (Kind.STR, Kind.INT, Kind.BOOL):
        return expr
    if kind is Kind.DATE:
        return f"{expr}.isoformat()"
    if kind is Kind.VOCABULARY:
        return f"{expr}._value_"
    if kind is Kind.RECORD and shape.type in unstructure:
        return f"{unstructure[shape.type]}({expr})"
    if kind is Kind.TUPLE and element is not None:
        if element.kind is Kind.RECORD and element.type in unstructure:
            f = unstructure[element.type]  # most records hold one: no comprehension for that
            return f"([{f}({expr}[0])] if len({expr}) == 1 else [{f}(x) for x in {expr}])"
        return f"[{_emit(element, 'x', unstructure)} for x in {expr}]"
    raise TypeError(f"ikomodel cannot generate an unstructure function for {shape.type!r}")


def _unstructure_source(cls: type[Any], name: str, unstructure: Mapping[type[Any], str]) -> str:
    fields = wire_fields(cls)
    always = [f for f in fields if not f.optional]
    items = [f"{f.name!r}: {_emit(f.shape, f'o.{f.name}', unstructure)}" for f in always]
    lines = [f"def {name}(o):", f"    d = {{{', '.join(items)}}}"]
    for f in fields:
        if f.optional:
            lines.append(f"    v = o.{f.name}")
            lines.append(
                f"    if v is not None: d[{f.name!r}] = {_emit(f.shape, 'v', unstructure)}"
            )
    lines.append("    return d")
    return "\n".join(lines)


@attrs.frozen
class Codecs:
    """The generated functions of every record class."""

    fast: Mapping[type[Any], Callable[[Any], Any]]
    """Fast structuring: raise on any problem without saying which."""
    plain: Mapping[type[Any], Callable[[Any], Unstructured]]
    """Unstructuring to builtin JSON types (the converter's output)."""


def _generate(classes: tuple[type[Any], ...]) -> Codecs:
    """Generate the functions of ``classes`` (each after the records it holds)."""
    src = _Source()
    fast: dict[type[Any], str] = {}
    plain: dict[type[Any], str] = {}
    for cls in classes:
        stem = cls.__name__
        fast[cls] = f"structure_{stem}"
        compile_function(
            _fast_structure_source(cls, fast[cls], src, fast), fast[cls], src.namespace
        )
        plain[cls] = f"unstructure_{stem}"
        compile_function(_unstructure_source(cls, plain[cls], plain), plain[cls], src.namespace)
    ns = src.namespace
    return Codecs(
        fast={cls: ns[name] for cls, name in fast.items()},
        plain={cls: ns[name] for cls, name in plain.items()},
    )


CODECS = _generate(RECORDS)
"""The generated fast-path functions of ikomodel's records."""
