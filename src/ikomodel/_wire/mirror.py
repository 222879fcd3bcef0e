"""The JSON Lines fast path: msgspec Structs that mirror the records, and conversions.

Reading a JSON Lines register decodes each line with :mod:`msgspec` straight
into a private *mirror* Struct of its record type: msgspec parses the JSON and
checks every wire type in C (strict: no coercion, unknown keys rejected, ISO
dates, vocabulary slugs, the ``record`` tag). A generated function then moves
the checked values into the attrs record and runs the record's
``__attrs_post_init__``, so every invariant is checked exactly as by the
constructor. Any line that fails either step is read again by
:mod:`orjson` and the detailed path (:mod:`ikomodel._wire.converter`), which is
the authority on what is valid and says what is wrong and where: the fast
path may only be stricter than the detailed path, never more lenient.

A country-code field (a case's habitual residence and destination) is
decoded as a ``Literal`` of the current ISO 3166-1 alpha-2 codes: msgspec
checks the code in C and returns one shared string per code, so a million
cases hold 250 country strings instead of two million, and the aggregation
compares them by identity. The Structs need the country codes (pycountry), so
they are generated on first use (:func:`structs`), not on import.

Writing converts each record to a mirror Struct whose optional fields are
left out when ``None`` and encodes the Structs with msgspec, in the same
field order as :mod:`ikomodel._wire.fastpath`'s wire dictionaries.
"""

from __future__ import annotations

import functools
import operator
import types
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

import attrs
import msgspec

from ikomodel._core.countries import alpha2_codes
from ikomodel._core.records import SCHEMA_VERSION, Case, Register
from ikomodel._wire.converter import COLLECTIONS
from ikomodel._wire.fastpath import (
    KINDS,
    RECORDS,
    TAG,
    _dependency_order,
    _fillable,
    _is_memoised,
    optional_of,
    tuple_of,
    wire_fields,
)

_INT64 = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
"""Whole numbers as orjson reads them (a larger one is a float there, and refused)."""

_MEMO_LIMIT = 4096

_COUNTRY_FIELDS = frozenset({(Case, "habitual_residence"), (Case, "destination")})
"""The fields that hold an ISO 3166-1 alpha-2 code (checked by the record as by the Struct)."""


def _mirror_type(tp: Any, mirrors: Mapping[type[Any], type[msgspec.Struct]]) -> Any:
    """Return the msgspec type of a record field of type ``tp``."""
    inner = optional_of(tp)
    if inner is not None:
        return _mirror_type(inner, mirrors) | None
    element = tuple_of(tp)
    if element is not None:
        return tuple[_mirror_type(element, mirrors), ...]  # type: ignore[misc]
    if tp is int:
        return _INT64
    return mirrors.get(tp, tp)


def _decode_struct(
    cls: type[Any], mirrors: Mapping[type[Any], type[msgspec.Struct]], *, tagged: bool
) -> type[msgspec.Struct]:
    fields: list[Any] = []
    countries = Literal[tuple(sorted(alpha2_codes()))]  # type: ignore[valid-type]
    for a in wire_fields(cls):
        tp = _mirror_type(a.type, mirrors)
        if (cls, a.name) in _COUNTRY_FIELDS:
            tp = countries if optional_of(a.type) is None else countries | None
        fields.append((a.name, tp) if a.default is attrs.NOTHING else (a.name, tp, a.default))
    options: dict[str, Any] = {}
    if tagged:
        options = {"tag_field": TAG, "tag": KINDS[cls]}
    return msgspec.defstruct(
        f"_Read{cls.__name__}{'Line' if tagged else ''}",
        fields,
        kw_only=True,
        frozen=True,
        forbid_unknown_fields=True,
        gc=False,
        module=__name__,
        **options,
    )


def _encode_struct(
    cls: type[Any], mirrors: Mapping[type[Any], type[msgspec.Struct]]
) -> type[msgspec.Struct]:
    # The fields that are never None first, then the optional ones (left out
    # when None): the order of ikomodel._wire.fastpath's wire dictionaries.
    fields = wire_fields(cls)
    always = [
        (a.name, _mirror_type(a.type, mirrors)) for a in fields if optional_of(a.type) is None
    ]
    optional = [
        (a.name, _mirror_type(a.type, mirrors), None)
        for a in fields
        if optional_of(a.type) is not None
    ]
    options: dict[str, Any] = {}
    if cls in KINDS:
        options = {"tag_field": TAG, "tag": KINDS[cls]}
    return msgspec.defstruct(
        f"_Write{cls.__name__}",
        [*always, *optional],
        kw_only=True,
        omit_defaults=True,
        gc=False,
        module=__name__,
        **options,
    )


def _record_of(tp: Any, classes: tuple[type[Any], ...]) -> tuple[type[Any] | None, bool]:
    """Return the record class a field holds (if any) and whether it holds a tuple of them."""
    inner = optional_of(tp)
    if inner is not None:
        tp = inner
    element = tuple_of(tp)
    if element is not None:
        return (element if element in classes else None), True
    return (tp if tp in classes else None), False


def _to_record_source(cls: type[Any], ns: dict[str, Any]) -> str:
    """Return the source of ``read_<Name>(s)``: a record from its checked mirror Struct."""
    name = cls.__name__
    fillable = _fillable(cls)
    if fillable is None:  # pragma: no cover - every record class is fillable today
        raise TypeError(f"{name} cannot be filled in by the fast path")
    ns[f"_F{name}"] = fillable
    ns[f"_C{name}"] = cls
    ns[f"_P{name}"] = cls.__attrs_post_init__
    lines = [f"def read_{name}(s):"]
    memo = None
    if _is_memoised(cls):  # equal small records share one (immutable) instance
        memo = f"_M{name}"
        ns[memo] = {}
        lines.append(f"    hit = {memo}.get(s)")
        lines.append("    if hit is not None: return hit")
    lines.append(f"    o = _New(_F{name})")
    for a in wire_fields(cls):
        record, many = _record_of(a.type, RECORDS)
        if record is None:
            lines.append(f"    o.{a.name} = s.{a.name}")
        elif many:
            f = f"read_{record.__name__}"
            lines.append(f"    v = s.{a.name}")
            lines.append(f"    if len(v) == 1: o.{a.name} = ({f}(v[0]),)")
            lines.append(f"    else: o.{a.name} = tuple([{f}(x) for x in v])")
        else:
            f = f"read_{record.__name__}"
            lines.append(f"    v = s.{a.name}")
            lines.append(f"    o.{a.name} = None if v is None else {f}(v)")
    lines.append(f"    o.__class__ = _C{name}")
    lines.append(f"    _P{name}(o)")
    if memo is not None:
        lines.append(f"    if len({memo}) < {_MEMO_LIMIT}: {memo}[s] = o")
    lines.append("    return o")
    return "\n".join(lines)


def _to_struct_source(cls: type[Any], ns: dict[str, Any]) -> str:
    """Return the source of ``write_<Name>(o)``: the mirror Struct that encodes record ``o``."""
    name = cls.__name__
    lines = [f"def write_{name}(o):"]
    memo = None
    if _is_memoised(cls):  # the reader shares equal small records: share their Structs too
        memo = f"_W{name}"
        ns[memo] = {}
        lines.append(f"    hit = {memo}.get(id(o))")
        lines.append("    if hit is not None and hit[0] is o: return hit[1]")
    args = []
    for a in wire_fields(cls):
        record, many = _record_of(a.type, RECORDS)
        value = f"o.{a.name}"
        if record is not None:
            f = f"write_{record.__name__}"
            if many:
                lines.append(f"    v_{a.name} = {value}")
                value = (
                    f"(({f}(v_{a.name}[0]),) if len(v_{a.name}) == 1 "
                    f"else tuple([{f}(x) for x in v_{a.name}]))"
                )
            else:
                lines.append(f"    v_{a.name} = {value}")
                value = f"(None if v_{a.name} is None else {f}(v_{a.name}))"
        args.append(f"{a.name}={value}")
    lines.append(f"    s = _S{name}({', '.join(args)})")
    if memo is not None:
        lines.append(f"    if len({memo}) < {_MEMO_LIMIT}: {memo}[id(o)] = (o, s)")
    lines.append("    return s")
    return "\n".join(lines)


@attrs.frozen
class Structs:
    """The mirror Structs of every record class and the generated conversions."""

    read: Mapping[type[Any], type[msgspec.Struct]]
    """The Struct each JSON Lines record line is decoded into (strict, unknown keys refused)."""
    to_record: Mapping[type[msgspec.Struct], Callable[[Any], Any]]
    """From a decoded Struct to its record (runs the record's invariants)."""
    to_struct: Mapping[type[Any], Callable[[Any], msgspec.Struct]]
    """From a record to the Struct that encodes it."""
    decoder: msgspec.json.Decoder[Any]
    """Decodes one JSON Lines record line (tagged) into its Struct."""
    document: msgspec.json.Decoder[Any]
    """Decodes a register document (``.json``) into Structs, collections as tuples."""
    to_register: Callable[[Any], Register]
    """From a decoded document to its register (runs every invariant)."""
    encoder: msgspec.json.Encoder
    """Encodes Structs (one per line with ``encode_lines``)."""
    collection_of: Mapping[type[msgspec.Struct], str]
    """The register collection of each JSON Lines record line's Struct."""


def _generate() -> Structs:
    read: dict[type[Any], type[msgspec.Struct]] = {}
    write: dict[type[Any], type[msgspec.Struct]] = {}
    ns: dict[str, Any] = {"_New": object.__new__}
    code: list[str] = []
    tagged: dict[type[Any], type[msgspec.Struct]] = {}
    for cls in _dependency_order(RECORDS):
        read[cls] = _decode_struct(cls, read, tagged=False)
        if cls in KINDS:
            tagged[cls] = _decode_struct(cls, read, tagged=True)
        write[cls] = _encode_struct(cls, write)
        ns[f"_S{cls.__name__}"] = write[cls]
        code.append(_to_record_source(cls, ns))
        code.append(_to_struct_source(cls, ns))
    exec("\n\n".join(code), ns)
    lines: Any = functools.reduce(operator.or_, tagged.values())
    to_record = {read[cls]: ns[f"read_{cls.__name__}"] for cls in RECORDS}
    to_record.update({tagged[cls]: ns[f"read_{cls.__name__}"] for cls in KINDS})
    document = msgspec.defstruct(
        "_ReadDocument",
        [
            ("schema_version", Annotated[int, msgspec.Meta(ge=SCHEMA_VERSION, le=SCHEMA_VERSION)]),
            *((name, tuple[read[cls], ...], ()) for name, cls in COLLECTIONS),  # type: ignore[valid-type]
        ],
        kw_only=True,
        frozen=True,
        forbid_unknown_fields=True,
        gc=False,
        module=__name__,
    )
    return Structs(
        read=types.MappingProxyType(tagged),
        to_record=types.MappingProxyType(to_record),
        to_struct=types.MappingProxyType({cls: ns[f"write_{cls.__name__}"] for cls in RECORDS}),
        decoder=msgspec.json.Decoder(lines, strict=True),
        document=msgspec.json.Decoder(document, strict=True),
        to_register=functools.partial(_to_register, ns),
        encoder=msgspec.json.Encoder(),
        collection_of=types.MappingProxyType({tagged[cls]: name for name, cls in COLLECTIONS}),
    )


def _to_register(ns: Mapping[str, Any], document: Any) -> Register:
    """Return the register of a decoded document: its records built, then checked together."""
    return Register(
        cases=tuple(map(ns["read_Case"], document.cases)),
        contacts=tuple(map(ns["read_Contact"], document.contacts)),
        mediation_requests=tuple(map(ns["read_MediationRequest"], document.mediation_requests)),
    )


@functools.cache
def structs() -> Structs:
    """Return the mirror Structs and conversions of ikomodel's records (made on first use)."""
    return _generate()
