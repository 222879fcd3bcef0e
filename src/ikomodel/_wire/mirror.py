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

A small record without an id that many records hold alike (a case's
party, a mediation's stage change) is left undecoded in its Struct
(``msgspec.Raw``) and shared by the exact text of its object: a text met
before gives the record read then, and a new text is decoded, proven free of
repeated keys and read before it is remembered. A bulk load thus decodes,
checks and builds a few dozen parties instead of one per case.

A country-code field (a case's habitual residence and destination) is
decoded as a ``Literal`` of the current ISO 3166-1 alpha-2 codes: msgspec
checks the code in C and returns one shared string per code, so a million
cases hold 250 country strings instead of two million, and the aggregation
compares them by identity. The Structs need the country codes (pycountry), so
they are generated on first use (:func:`structs`), not on import.

Writing is the one encoder of both register formats: a generated function
per record class converts a record to its write Struct (the fields that are
never ``None`` first, then the optional ones, left out when ``None``), and
msgspec encodes the Structs, tagged with their record type for JSON Lines
(:data:`ikomodel._wire.fields.TAG` first) and untagged in a register
document. :mod:`ikomodel._wire.files` turns them into the bytes of ``.json``
and ``.jsonl``.

The Structs and functions are generated from the fields as
:mod:`ikomodel._wire.fields` describes them, the collections from
:data:`ikomodel._core.records.COLLECTIONS`; each function is compiled under a
file name of its own kept in :mod:`linecache`, so that a traceback shows the
generated lines.
"""

from __future__ import annotations

import functools
import operator
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Literal

import attrs
import msgspec
from msgspec import UNSET, UnsetType

from ikomodel._core.countries import alpha2_codes
from ikomodel._core.records import COLLECTIONS, SCHEMA_VERSION, Register
from ikomodel._wire.fields import (
    RECORDS,
    TAG,
    Kind,
    Shape,
    WireField,
    compile_function,
    wire_fields,
    wire_record,
)
from ikomodel._wire.strict import same_keys


class _RepeatedKey(ValueError):  # noqa: N818 - a private signal, not an error users see
    """A shared record's text may repeat a key: the line goes to the detailed path."""


_INT64 = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
"""Whole numbers as orjson reads them (a larger one is a float there, and refused)."""

_MEMO_LIMIT = 4096

_TAGS: Mapping[type[Any], str] = {c.record: c.tag for c in COLLECTIONS}
"""The JSON Lines tag of each record class of a collection."""


def _tuple(tp: Any) -> Any:
    """Return ``tuple[tp, ...]``."""
    return tuple[tp, ...]


def _mirror_type(
    shape: Shape, mirrors: Mapping[type[Any], type[msgspec.Struct]], *, read: bool = False
) -> Any:
    """Return the msgspec type of a value of ``shape``.

    When ``read``, a record that equal records may share (a party, a stage
    change) stays undecoded: its text (``msgspec.Raw``) is the key of its
    memo, and only a text not met before is decoded (see :func:`_to_record_source`).
    """
    if shape.element is not None:
        return _tuple(_mirror_type(shape.element, mirrors, read=read))
    if shape.kind is Kind.INT:
        return _INT64
    if shape.kind is Kind.RECORD:
        if read and wire_record(shape.type).memoised:
            return msgspec.Raw
        return mirrors[shape.type]
    if shape.kind is Kind.OTHER:  # pragma: no cover - every field of the records has a shape
        raise TypeError(f"ikomodel has no msgspec mirror of {shape.type!r}")
    return shape.type


def _field_type(f: WireField, mirrors: Mapping[type[Any], type[msgspec.Struct]]) -> Any:
    """Return the msgspec type of field ``f`` (a country code as a ``Literal`` of the codes)."""
    if f.country:
        tp: Any = Literal[tuple(sorted(alpha2_codes()))]
    else:
        tp = _mirror_type(f.shape, mirrors, read=True)
    return tp | None if f.optional else tp


def _decode_struct(
    cls: type[Any], mirrors: Mapping[type[Any], type[msgspec.Struct]], *, tag: str | None
) -> type[msgspec.Struct]:
    # In the order the writer writes them (see _encode_struct), and encoded
    # again with exactly the keys that were read, less explicit nulls, to
    # prove that no key was repeated (see ikomodel._wire.strict): a missing
    # optional key is None and left out, a missing key with another default
    # stays UNSET (also left out) and becomes the default in the record.
    fields: list[Any] = []
    for f in _write_order(wire_fields(cls)):
        tp = _field_type(f, mirrors)
        if f.required:
            fields.append((f.name, tp))
        elif _unset(f):
            fields.append((f.name, tp | UnsetType, UNSET))
        else:
            fields.append((f.name, tp, None))
    options: dict[str, Any] = {} if tag is None else {"tag_field": TAG, "tag": tag}
    return msgspec.defstruct(
        f"_Read{cls.__name__}{'' if tag is None else 'Line'}",
        fields,
        kw_only=True,
        frozen=True,
        forbid_unknown_fields=True,
        omit_defaults=True,
        gc=False,
        module=__name__,
        **options,
    )


def _unset(f: WireField) -> bool:
    """Whether a missing key of ``f`` is read as UNSET (its default is not ``None``)."""
    return not f.required and not (f.optional and f.default is None)


def _write_order(fields: Sequence[WireField]) -> list[WireField]:
    """Return ``fields`` in the order they are written: those never ``None`` first."""
    return [f for f in fields if not f.optional] + [f for f in fields if f.optional]


def _encode_struct(
    cls: type[Any], mirrors: Mapping[type[Any], type[msgspec.Struct]], *, tag: str | None
) -> type[msgspec.Struct]:
    # The fields that are never None first, then the optional ones (left out when None).
    fields = _write_order(wire_fields(cls))
    always = [(f.name, _mirror_type(f.shape, mirrors)) for f in fields if not f.optional]
    optional = [(f.name, _mirror_type(f.shape, mirrors) | None, None) for f in fields if f.optional]
    options: dict[str, Any] = {} if tag is None else {"tag_field": TAG, "tag": tag}
    return msgspec.defstruct(
        f"_Write{cls.__name__}{'' if tag is None else 'Line'}",
        [*always, *optional],
        kw_only=True,
        omit_defaults=True,
        gc=False,
        module=__name__,
        **options,
    )


def _to_record_source(cls: type[Any], ns: dict[str, Any]) -> str:
    """Return the source of ``read_<Name>(s)``: a record from its checked mirror Struct."""
    name = cls.__name__
    record = wire_record(cls)
    if record.fillable is None:  # pragma: no cover - every record class is fillable today
        raise TypeError(f"{name} cannot be filled in by the fast path")
    ns[f"_F{name}"] = record.fillable
    ns[f"_C{name}"] = cls
    ns[f"_P{name}"] = cls.__attrs_post_init__
    lines = [f"def read_{name}(s):"]
    lines.append(f"    o = _F{name}()")
    for f in record.fields:
        held = f.record
        if held is None and not _unset(f):  # the value as msgspec checked it
            lines.append(f"    o.{f.name} = s.{f.name}")
            continue
        lines.append(f"    v = s.{f.name}")
        indent = "    "
        if _unset(f):  # a missing key is UNSET: the field's default
            default = f"_D{name}_{f.name}"
            ns[default] = f.default
            lines.append(f"    if v is _UNSET: o.{f.name} = {default}")
            lines.append("    else:")
            indent = "        "
        if held is None:
            lines.append(f"{indent}o.{f.name} = v")
        elif f.shape.kind is Kind.TUPLE:
            function = _reader(held)
            lines.append(f"{indent}if len(v) == 1: o.{f.name} = ({function}(v[0]),)")
            lines.append(f"{indent}else: o.{f.name} = tuple([{function}(x) for x in v])")
        else:
            function = _reader(held)
            lines.append(f"{indent}o.{f.name} = None if v is None else {function}(v)")
    lines.append(f"    o.__class__ = _C{name}")
    lines.append(f"    _P{name}(o)")
    lines.append("    return o")
    if record.memoised:
        lines.extend(_raw_reader_lines(cls, ns))
    return "\n".join(lines)


def _reader(cls: type[Any]) -> str:
    """Return the name of the generated function that reads a held record of ``cls``."""
    return f"{'raw' if wire_record(cls).memoised else 'read'}_{cls.__name__}"


def _raw_reader_lines(cls: type[Any], ns: dict[str, Any]) -> list[str]:
    """Return the lines of ``raw_<Name>(r)``: a shared record from its undecoded text.

    Equal small records (the parties of a case, the stages of a mediation)
    share one instance, found by the exact text of the object. A text not
    met before is decoded by the record's strict Struct, proven free of
    repeated keys (see :mod:`ikomodel._wire.strict`) and read; only then is
    it remembered, so a text found in the memo is one that was checked.
    """
    name = cls.__name__
    memo = f"_M{name}"
    ns[memo] = {}
    ns[f"_J{name}"] = msgspec.json.Decoder(ns[f"_R{name}"], strict=True).decode
    return [
        f"def raw_{name}(r):",
        "    k = _Bytes(r)",
        f"    hit = {memo}.get(k)",
        "    if hit is not None: return hit",
        f"    s = _J{name}(k)",
        "    if not _same_keys(k, _Encode(s)): raise _Repeated(k)",
        f"    o = read_{name}(s)",
        f"    if len({memo}) < {_MEMO_LIMIT}: {memo}[k] = o",
        "    return o",
    ]


def _to_struct_source(cls: type[Any], function: str, struct: str, ns: dict[str, Any]) -> str:
    """Return the source of ``function(o)``: the write Struct ``struct`` of record ``o``."""
    record = wire_record(cls)
    lines = [f"def {function}(o):"]
    memo = None
    if record.memoised:  # the reader shares equal small records: share their Structs too
        memo = f"_W{function}"
        ns[memo] = {}
        lines.append(f"    hit = {memo}.get(id(o))")
        lines.append("    if hit is not None and hit[0] is o: return hit[1]")
    args = []
    for f in record.fields:
        held = f.record
        value = f"o.{f.name}"
        if held is not None:
            write = f"write_{held.__name__}"
            lines.append(f"    v_{f.name} = {value}")
            if f.shape.kind is Kind.TUPLE:
                value = (
                    f"(({write}(v_{f.name}[0]),) if len(v_{f.name}) == 1 "
                    f"else tuple([{write}(x) for x in v_{f.name}]))"
                )
            else:
                value = f"(None if v_{f.name} is None else {write}(v_{f.name}))"
        args.append(f"{f.name}={value}")
    lines.append(f"    s = {struct}({', '.join(args)})")
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
    """From a record to the Struct that encodes it in a register document (untagged)."""
    to_line: Mapping[type[Any], Callable[[Any], msgspec.Struct]]
    """From a record of a collection to the Struct that encodes its JSON Lines line (tagged)."""
    decoder: msgspec.json.Decoder[Any]
    """Decodes one JSON Lines record line (tagged) into its Struct."""
    document: msgspec.json.Decoder[Any]
    """Decodes a register document (``.json``) into Structs, collections as tuples."""
    to_register: Callable[[Any], Register]
    """From a decoded document to its register (runs every invariant)."""
    to_document: Callable[[Register], msgspec.Struct]
    """From a register to the Struct that encodes its document."""
    encoder: msgspec.json.Encoder
    """Encodes Structs (one per line with ``encode_lines``)."""
    collection_of: Mapping[type[msgspec.Struct], str]
    """The register collection of each JSON Lines record line's Struct."""


def _generate() -> Structs:
    read: dict[type[Any], type[msgspec.Struct]] = {}
    write: dict[type[Any], type[msgspec.Struct]] = {}
    encoder = msgspec.json.Encoder()
    ns: dict[str, Any] = {
        "_UNSET": UNSET,
        "_Bytes": bytes,
        "_Encode": encoder.encode,
        "_same_keys": same_keys,
        "_Repeated": _RepeatedKey,
    }
    tagged: dict[type[Any], type[msgspec.Struct]] = {}
    for cls in RECORDS:  # each after the records it holds
        name = cls.__name__
        read[cls] = ns[f"_R{name}"] = _decode_struct(cls, read, tag=None)
        write[cls] = ns[f"_S{name}"] = _encode_struct(cls, write, tag=None)
        compile_function(_to_record_source(cls, ns), f"read_{name}", ns)
        compile_function(
            _to_struct_source(cls, f"write_{name}", f"_S{name}", ns), f"write_{name}", ns
        )
        tag = _TAGS.get(cls)
        if tag is not None:
            tagged[cls] = _decode_struct(cls, read, tag=tag)
            ns[f"_S{name}Line"] = _encode_struct(cls, write, tag=tag)
            source = _to_struct_source(cls, f"write_{name}Line", f"_S{name}Line", ns)
            compile_function(source, f"write_{name}Line", ns)
    lines: Any = functools.reduce(operator.or_, tagged.values())
    to_record = {read[cls]: ns[f"read_{cls.__name__}"] for cls in RECORDS}
    to_record.update({tagged[c.record]: ns[f"read_{c.record.__name__}"] for c in COLLECTIONS})
    read_document = msgspec.defstruct(
        "_ReadDocument",
        [
            ("schema_version", Annotated[int, msgspec.Meta(ge=SCHEMA_VERSION, le=SCHEMA_VERSION)]),
            *((c.name, _tuple(read[c.record]) | UnsetType, UNSET) for c in COLLECTIONS),
        ],
        kw_only=True,
        frozen=True,
        forbid_unknown_fields=True,
        gc=False,
        module=__name__,
    )
    write_document = msgspec.defstruct(
        "_WriteDocument",
        [
            ("schema_version", int),
            *((c.name, _tuple(write[c.record])) for c in COLLECTIONS),
        ],
        kw_only=True,
        gc=False,
        module=__name__,
    )
    return Structs(
        read=types.MappingProxyType(tagged),
        to_record=types.MappingProxyType(to_record),
        to_struct=types.MappingProxyType({cls: ns[f"write_{cls.__name__}"] for cls in RECORDS}),
        to_line=types.MappingProxyType(
            {c.record: ns[f"write_{c.record.__name__}Line"] for c in COLLECTIONS}
        ),
        decoder=msgspec.json.Decoder(lines, strict=True),
        document=msgspec.json.Decoder(read_document, strict=True),
        to_register=functools.partial(_to_register, ns),
        to_document=functools.partial(_to_document, ns, write_document),
        encoder=encoder,
        collection_of=types.MappingProxyType({tagged[c.record]: c.name for c in COLLECTIONS}),
    )


def _to_register(ns: Mapping[str, Any], document: Any) -> Register:
    """Return the register of a decoded document: its records built, then checked together."""
    collections: dict[str, Any] = {}
    for c in COLLECTIONS:
        records = getattr(document, c.name)
        if records is not UNSET:
            collections[c.name] = tuple(map(ns[f"read_{c.record.__name__}"], records))
    return Register(**collections)


def _to_document(ns: Mapping[str, Any], struct: Any, register: Register) -> msgspec.Struct:
    """Return the Struct that encodes the document of ``register``."""
    return struct(  # type: ignore[no-any-return]
        schema_version=register.schema_version,
        **{
            c.name: tuple(map(ns[f"write_{c.record.__name__}"], getattr(register, c.name)))
            for c in COLLECTIONS
        },
    )


@functools.cache
def structs() -> Structs:
    """Return the mirror Structs and conversions of ikomodel's records (made on first use)."""
    return _generate()
