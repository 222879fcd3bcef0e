"""The field types of the records, checked when a record is constructed.

Every record class runs :func:`check_arguments` before its ``__init__``
assigns anything (attrs' ``__attrs_pre_init__``, which receives the
arguments): a value of another type than its field declares is refused
with a :class:`~ikomodel.ValidationError` naming the field and the type
expected, never the value. What is accepted can be written and read back:
text holds no lone surrogate, a whole number is no bool and fits the 64
bits a register file allows, a date is a calendar day (not a ``datetime``),
a vocabulary field holds a member of its vocabulary or its slug (a category
any text: the register checks it against the taxonomy of its year).

The readers build records without ``__init__`` (their wire types are checked
already, in C by msgspec or by the generated fast path), so this check costs
nothing on a bulk load.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from ikomodel._core.errors import Problem, ValidationError
from ikomodel._core.vocabulary import Category

_INT64 = 2**63

Check = Callable[[object], bool]


def _text(value: object) -> bool:
    if not isinstance(value, str):
        return False
    if value.isascii():
        return True
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -_INT64 <= value < _INT64


def _boolean(value: object) -> bool:
    return value is True or value is False


def _date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_of(tp: Any) -> tuple[Check, str]:
    """Return the check of a value of type ``tp`` and the name of what it accepts."""
    args = typing.get_args(tp)
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        check, name = _check_of(inner)
        return (lambda v: v is None or check(v)), f"{name} or None"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        check, name = _check_of(item)
        if isinstance(item, type) and attrs.has(item):
            # A register's collections hold 100,000s of records of one class:
            # check each distinct class once (the loop over the items is in C).
            return (
                lambda v: (
                    isinstance(v, tuple) and all(issubclass(t, item) for t in set(map(type, v)))
                )
            ), f"a tuple of {name}"
        return (lambda v: isinstance(v, tuple) and all(map(check, v))), f"a tuple of {name}"
    if isinstance(tp, type) and issubclass(tp, Category):
        # Any text: the taxonomy of the year the case opened decides, and a
        # register names a category outside it on its case.
        return _text, f"a member of {tp.__name__}"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        slugs = frozenset(member.value for member in tp)
        return (
            lambda v: isinstance(v, tp) or (isinstance(v, str) and v in slugs)
        ), f"a member of {tp.__name__} (or its slug)"
    simple: dict[Any, tuple[Check, str]] = {
        str: (_text, "text (str, valid Unicode)"),
        int: (_whole, "a whole number (int, 64 bits)"),
        bool: (_boolean, "True or False"),
        float: (_number, "a number"),
        dt.date: (_date, "a date (datetime.date)"),
    }
    if tp in simple:
        return simple[tp]
    if isinstance(tp, type) and attrs.has(tp):
        return (lambda v: isinstance(v, tp)), f"a {tp.__name__}"
    raise TypeError(f"no type check for {tp!r}")  # pragma: no cover - every field is covered


_Checks = tuple[tuple[str, str, Check, str], ...]
_CHECKS: dict[type[Any], _Checks] = {}


def _checks(cls: type[Any]) -> _Checks:
    attrs.resolve_types(cls)  # once (attrs remembers): against the module that defines it
    checks = []
    for a in attrs.fields(cls):
        if not a.init:
            continue
        check, name = _check_of(a.type)
        checks.append((a.alias or a.name, a.name, check, name))
    _CHECKS[cls] = result = tuple(checks)
    return result


def _kind(value: object) -> str:
    """Name the Python type of ``value`` (never the value)."""
    return type(value).__name__


def check_arguments(self: Any, **arguments: object) -> None:
    """Refuse constructor arguments of another type than their fields declare.

    Used as ``__attrs_pre_init__`` of the record classes (attrs passes it the
    arguments of ``__init__``).

    Raises:
        ValidationError: one problem per field of the wrong type; the
            message names the type expected and the type given.
    """
    cls = self.__class__
    checks = _CHECKS.get(cls) or _checks(cls)
    for alias, _, check, _ in checks:
        if not check(arguments[alias]):
            break
    else:
        return
    raise ValidationError(
        Problem(path=field, message=f"expected {name}, not a value of type {_kind(value)}")
        for alias, field, check, name in checks
        if not check(value := arguments[alias])
    )
