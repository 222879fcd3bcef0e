"""A griffe extension that documents ikomodel's attrs records: their constructor and fields.

Griffe reads the source, where an attrs class has no ``__init__`` (attrs
writes it when the class is built), so the site would show neither the
constructor's signature nor, for fields documented by a docstring under the
field, a list of the fields. For every class that attrs built (decided on the
imported class, so attrs' own rules apply), this extension

* adds the ``__init__`` that attrs generates: attrs' own parameter names
  (aliases), order, keyword-only markers and defaults, with the annotations and
  default expressions as written in the source. With mkdocstrings'
  ``merge_init_into_class`` the class heading shows ``Contact(*, id: str, ...)``.
* lists every public field in the class docstring's ``Attributes`` table, with
  its type: an entry written in the class docstring stays as written; a field
  documented by a docstring under it moves into the table (and is not
  rendered a second time as a member). A field documented nowhere is logged
  as a warning, which fails ``mkdocs build --strict``.

It only changes how the site renders the records, never the code. List it
after the extension that rewrites docstrings (``griffe_doctests.py``): the
field docstrings are copied when griffe fires its load events, after that
extension has rewritten them.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import griffe

logger = logging.getLogger("mkdocs.plugins.griffe_attrs")

ATTRS_DECORATORS = ("attr.", "attrs.")
"""Decorators from these packages mark a class for a closer look at the imported class."""

FIELD_FUNCTIONS = {"attr.ib", "attr.attrib", "attr.field", "attrs.field"}
"""The calls that declare a field with options (``x: int = attrs.field(default=0)``)."""

FACTORIES = {"attr.Factory", "attrs.Factory"}
"""The calls that make a default by calling a factory (``x: list[int] = attrs.Factory(list)``)."""


def _decorator_path(decorator: griffe.Decorator) -> str:
    value = decorator.value
    return value.canonical_path if isinstance(value, griffe.Expr) else str(value)


def is_attrs_candidate(cls: griffe.Class) -> bool:
    """Return whether ``cls`` has a decorator from attrs (``@attrs.frozen(kw_only=True)``...)."""
    return any(_decorator_path(d).startswith(ATTRS_DECORATORS) for d in cls.decorators)


def _field_call_arguments(value: str | griffe.Expr | None) -> dict[str, str | griffe.Expr] | None:
    """Return the keyword arguments of an ``attrs.field(...)`` value (``None``: another value)."""
    if isinstance(value, griffe.ExprCall) and value.function.canonical_path in FIELD_FUNCTIONS:
        return {
            argument.name: argument.value
            for argument in value.arguments
            if isinstance(argument, griffe.ExprKeyword)
        }
    return None


def _default(
    field: attrs.Attribute[Any], member: griffe.Attribute | None
) -> str | griffe.Expr | None:
    """Return the default of a field's parameter as written in the source (``None``: required)."""
    if field.default is attrs.NOTHING:
        return None
    value = member.value if member is not None else None
    if isinstance(value, griffe.ExprCall) and value.function.canonical_path in FACTORIES:
        factory = value.arguments[0] if value.arguments else "factory"
        return griffe.ExprCall(factory, [])  # `x: list[int] = attrs.Factory(list)`: `list()`
    arguments = _field_call_arguments(value)
    if arguments is None and value is not None:
        return value  # `x: int = 0` or `x: int = SOME_CONSTANT`
    if arguments is not None and "default" in arguments:
        return arguments["default"]
    if arguments is not None and "factory" in arguments:
        return griffe.ExprCall(arguments["factory"], [])
    if isinstance(field.default, attrs.Factory):
        return f"{getattr(field.default.factory, '__name__', 'factory')}()"
    return repr(field.default)


def is_public_api(cls: griffe.Class) -> bool:
    """Return whether ``cls`` is public: exported by a public module, or defined in one."""
    if any(alias.is_public for alias in cls.aliases.values()):
        return True
    return cls.is_public and not any(part.startswith("_") for part in cls.path.split("."))


def _static_field(cls: griffe.Class, name: str) -> griffe.Attribute | None:
    member = cls.all_members.get(name)
    return member if isinstance(member, griffe.Attribute) else None


def attrs_init(cls: griffe.Class, fields: tuple[attrs.Attribute[Any], ...]) -> griffe.Function:
    """Return the ``__init__`` attrs generates for ``cls``, as a griffe function."""
    positional: list[griffe.Parameter] = []
    keyword: list[griffe.Parameter] = []
    for field in fields:
        if not field.init:
            continue
        member = _static_field(cls, field.name)
        annotation = member.annotation if member is not None else None
        kind = (
            griffe.ParameterKind.keyword_only
            if field.kw_only
            else griffe.ParameterKind.positional_or_keyword
        )
        parameter = griffe.Parameter(
            field.alias or field.name,
            annotation=annotation if annotation is not None else field.type,
            kind=kind,
            default=_default(field, member),
        )
        (keyword if field.kw_only else positional).append(parameter)
    return griffe.Function(
        "__init__",
        lineno=cls.lineno,
        endlineno=cls.lineno,
        parent=cls,
        parameters=griffe.Parameters(
            griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword),
            *positional,
            *keyword,
        ),
        returns="None",
    )


def import_class(path: str, search_paths: Sequence[str | Path]) -> Any:
    """Import the object at ``path``, looking in griffe's ``search_paths`` first.

    (``griffe.dynamic_import`` with import paths would look nowhere else, so
    the package's own dependencies would not be found.)
    """
    added = [str(entry) for entry in search_paths if str(entry) not in sys.path]
    sys.path[:0] = added
    try:
        return griffe.dynamic_import(path)
    finally:
        for entry in added:
            sys.path.remove(entry)


def _attributes_section(cls: griffe.Class) -> griffe.DocstringSectionAttributes:
    """Return the ``Attributes`` section of the class docstring, adding one if it has none."""
    if cls.docstring is None:
        cls.docstring = griffe.Docstring("", parent=cls)
    sections = cls.docstring.parsed
    for section in sections:
        if isinstance(section, griffe.DocstringSectionAttributes):
            return section
    section = griffe.DocstringSectionAttributes([])
    sections.append(section)
    return section


@attrs.define
class _Record:
    """The fields of one attrs class still waiting for their docstrings."""

    cls: griffe.Class
    order: list[str]
    section: griffe.DocstringSectionAttributes
    pending: set[str]


class AttrsRecords(griffe.Extension):
    """Give every attrs class its generated ``__init__`` and a table of all its fields."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}

    def on_class(self, *, cls: griffe.Class, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """Add the constructor and start the table of fields (after the docstring was rewritten)."""
        if not is_attrs_candidate(cls) or "__init__" in cls.members:
            return
        try:
            runtime = import_class(cls.path, loader.finder.search_paths)
        except ImportError:
            logger.warning("griffe_attrs: cannot import %s to read its attrs fields", cls.path)
            return
        if not (isinstance(runtime, type) and attrs.has(runtime)):
            return
        fields = attrs.fields(runtime)
        cls.set_member("__init__", attrs_init(cls, fields))
        if not is_public_api(cls):
            return  # not on the site: its docstring is for the source only
        section = _attributes_section(cls)
        listed = {entry.name for entry in section.value}
        public = [field.name for field in fields if not field.name.startswith("_")]
        record = _Record(cls, public, section, set())
        for name in public:
            member = cls.members.get(name)
            if name in listed:
                if isinstance(member, griffe.Attribute) and member.docstring is not None:
                    logger.warning(
                        "griffe_attrs: %s.%s is documented twice (class docstring and field)",
                        cls.path,
                        name,
                    )
            elif isinstance(member, griffe.Attribute):
                record.pending.add(name)  # its docstring is final in `on_attribute`
            else:
                logger.warning("griffe_attrs: the field %s.%s has no description", cls.path, name)
        if record.pending:
            self._records[cls.path] = record

    def on_attribute(
        self, *, attr: griffe.Attribute, loader: griffe.GriffeLoader, **kwargs: Any
    ) -> None:
        """Move a field's docstring into its class's table of fields."""
        parent = attr.parent
        record = self._records.get(parent.path) if parent is not None else None
        if record is None or attr.name not in record.pending:
            return
        record.pending.discard(attr.name)
        if attr.docstring is None:
            logger.warning("griffe_attrs: the field %s has no description", attr.path)
            return
        record.section.value.append(
            griffe.DocstringAttribute(
                attr.name, description=attr.docstring.value, annotation=attr.annotation
            )
        )
        record.section.value.sort(
            key=lambda entry: (
                record.order.index(entry.name) if entry.name in record.order else len(record.order)
            )
        )
        attr.docstring = None  # shown in the table; `show_if_no_docstring: false` hides the member
