r"""Strict JSON: each key appears once in each object, at any depth.

msgspec and orjson keep the last of repeated keys silently, so
``{"schema_version": 1, "cases": [...], "cases": []}`` would read as a
register without cases. Every reader of ikomodel refuses repeated keys, with
their path, and pays little for it on valid input.

The fast checks need no parse of their own. Text that msgspec encodes again
to the very same bytes repeats no key (msgspec never writes a key twice):
that is the case of a JSON Lines file as ikomodel writes it. Otherwise
:func:`same_keys` counts. In a JSON text every key is followed by exactly
one ``:`` outside strings, so the colons of the text count its keys plus the
colons inside its strings. A decoder that keeps the last of repeated keys
returns fewer keys; encoding what it returned (the mirror Structs leave out
the keys that were missing, and explicit nulls) gives the same strings and
one colon per key kept, and never more colons than the text. An escaped
colon (``\u003a``) is counted in the text too, so that the text's count is
never the smaller: equal counts prove that no key repeats, and unequal ones
send the text to :func:`repeated_keys`, which finds the paths with the
standard library's parser (``object_pairs_hook``), on the detailed path only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from ikomodel._core.errors import Problem, key_name

MESSAGE = "this key appears more than once in its object; give each key once"
"""The message of a repeated key (the path names the key)."""


def separators(text: bytes) -> int:
    r"""Return the colons of ``text``, escaped ones (``\u003a``) included."""
    return text.count(b":") + text.count(b"\\u003a") + text.count(b"\\u003A")


def same_keys(text: bytes, encoded: bytes) -> bool:
    """Return whether ``encoded`` (what was decoded from ``text``, encoded again) kept every key.

    ``True`` proves that no object of ``text`` repeats a key; ``False`` means
    that one may (see the module docstring). The same bytes again (the text
    as ikomodel writes it) need no count.
    """
    return encoded == text or separators(encoded) == separators(text)


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys given more than once."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        repeated: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                repeated[key] = None
            seen.add(key)
        obj.repeated = tuple(repeated)
    return obj


def join(path: str, name: str | int) -> str:
    """Return the path of key or index ``name`` under ``path`` (a key printed safely)."""
    if isinstance(name, int):
        return f"{path}[{name}]"
    name = key_name(name)
    return f"{path}.{name}" if path else name


def repeated_keys(text: bytes | str, line: int | None = None) -> list[Problem]:
    """Return a problem for each key repeated in an object of the JSON ``text``, in order.

    ``text`` is valid JSON (orjson read it). The paths are those of the
    keys (``cases[0].birth_date``), printed safely. Text nested deeper than
    the standard parser reads gives no problem here: no register or figures
    document nests that deep, so its shape is refused by the detailed path.
    """
    try:
        document = json.loads(text, object_pairs_hook=_object)
    except RecursionError:  # deeper than any register: refused for its shape anyway
        return []
    return repeated_in(document, _repeated_of, line=line)


def _repeated_of(obj: dict[str, Any]) -> Sequence[str]:
    return obj.repeated if isinstance(obj, _Object) else ()


def repeated_in(
    document: object,
    repeated: Callable[[dict[str, Any]], Sequence[str]],
    path: str = "",
    line: int | None = None,
) -> list[Problem]:
    """Return a problem for each key ``repeated`` says an object of ``document`` repeats.

    ``document`` is what a parser read (each repeated key holding its last
    value, at the place of its first), ``path`` its own path. An object's
    repeated keys come before the problems of its values, in document order.
    """
    problems: list[Problem] = []
    stack: list[tuple[str, object]] = [(path, document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            problems.extend(
                Problem(path=join(path, key), message=MESSAGE, line=line) for key in repeated(value)
            )
            stack.extend((join(path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((join(path, i), item) for i, item in reversed(list(enumerate(value))))
    return problems
