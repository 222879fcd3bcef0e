"""The one error hierarchy of ikomodel.

Every exception the library raises on bad input derives from
:class:`IkoModelError` and also from the natural builtin (``ValueError``,
``LookupError``, ``ImportError``), so callers can catch either. Messages name
the path of the offending field and what valid input looks like; they never
contain personal data (names, birth dates, file numbers): records are pointed
at by their path or pseudonymous id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs


def printable(text: str) -> str:
    r"""Return ``text`` with every character that is not printable escaped.

    Control characters (a newline, a terminal escape), format characters,
    line and paragraph separators and lone surrogates become ``\xNN``,
    ``\uNNNN`` or ``\UNNNNNNNN``, so that quoted text never adds a line to
    the output or drives the terminal. A backslash stays as it is.

    >>> printable("a\nb\x1b[2J")
    'a\\x0ab\\x1b[2J'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHORT = 40

ID_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,39}")
"""The lexical shape of a pseudonymous id that messages may quote."""
CODE_SHAPE = re.compile(r"[A-Za-z]{2,3}")
"""The lexical shape of a country code (or a near miss) that messages may quote."""
WORD_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,40}")
"""The lexical shape of a slug, a language or a format name that messages may quote."""


def quote_int(value: object) -> str:
    """Quote a whole number of up to 9 digits; name the kind of anything else."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**9:
        return repr(value)
    return describe(value)


def quote_id(value: object) -> str:
    """Quote a pseudonymous id of the usual shape (:data:`ID_SHAPE`); else name its kind."""
    return quote(value, ID_SHAPE)


def quote_code(value: object) -> str:
    """Quote a country code or a near miss (:data:`CODE_SHAPE`); else name its kind."""
    return quote(value, CODE_SHAPE)


def describe(value: object) -> str:
    """Name the kind of ``value`` without showing it: "a date", "a number", "12 characters of text".

    >>> describe("2014-07-02"), describe(12345), describe("x" * 40)
    ('a date', 'a number', '40 characters of text')
    """
    if value is None:
        return "null"
    if value is True or value is False:
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        if _DATE_SHAPE.fullmatch(value):
            return "a date"
        return f"{len(value)} character{'s' if len(value) != 1 else ''} of text"
    return f"a value of type {type(value).__name__}"


def quote(value: object, shape: re.Pattern[str]) -> str:
    """Quote ``value`` when it is short text of the expected ``shape``; else name its kind.

    A date is never quoted (it may be a birth date), whatever the shape.

    >>> import re
    >>> quote("NL", re.compile("[A-Z]{2}")), quote("2014-07-02", re.compile(".*"))
    ("'NL'", 'a date')
    """
    if (
        isinstance(value, str)
        and len(value) <= _SHORT
        and shape.fullmatch(value)
        and not _DATE_SHAPE.fullmatch(value)
    ):
        return repr(printable(value))
    return describe(value)


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,39}")


def key_name(key: object) -> str:
    r"""Return a key of a document as a path shows it: plain keys as they are, others by kind.

    A key of letters, digits, ``_`` and ``-`` of up to 40 characters is
    shown; any other key (a date, a newline, a very long name, personal
    data) is named by its length only.

    >>> key_name("birth_date"), key_name("2014-07-02"), key_name("a\nb")
    ('birth_date', '<a key of 10 characters>', '<a key of 3 characters>')
    """
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return key
    if isinstance(key, str):
        return f"<a key of {len(key)} character{'s' if len(key) != 1 else ''}>"
    return f"<a key of type {type(key).__name__}>"  # pragma: no cover - JSON keys are strings


class IkoModelError(Exception):
    """Root of every error ikomodel raises on bad input."""


@attrs.frozen(kw_only=True)
class Problem:
    """One problem found in a document or record.

    Attributes:
        path: Where the problem is, e.g. ``cases[12].children[1].birth_date``;
            ``""`` for the document itself.
        message: What is wrong and what valid input looks like. Never contains
            the offending personal value.
        line: The 1-based line of a JSON Lines file the problem is on, if known.
    """

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = printable(self.path) or "<document>"
        if self.line is not None:
            where = f"line {self.line}: {where}"
        return f"{where}: {printable(self.message)}"

    def under(self, prefix: str) -> Problem:
        """Return this problem with its path placed under ``prefix``."""
        if not prefix:
            return self
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return Problem(path=path, message=self.message, line=self.line)

    def at_line(self, line: int) -> Problem:
        """Return this problem located on ``line`` of a file."""
        return Problem(path=self.path, message=self.message, line=line)


class ValidationError(IkoModelError, ValueError):
    """A record or document breaks one or more rules of the model.

    All problems of a document are collected and raised at once.

    Attributes:
        problems: Every problem found, each with its path.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))

    @classmethod
    def single(cls, path: str, message: str) -> ValidationError:
        """Build an error with a single problem."""
        return cls([Problem(path=path, message=message)])

    def under(self, prefix: str) -> ValidationError:
        """Return the same error with every path placed under ``prefix``."""
        return type(self)(p.under(prefix) for p in self.problems)

    @property
    def paths(self) -> Sequence[str]:
        """The paths of all problems, in order."""
        return [p.path for p in self.problems]


class SchemaVersionError(ValidationError):
    """A document declares a schema version this release cannot read."""


class DocumentError(IkoModelError, ValueError):
    """A file cannot be read as a register or figures document.

    Raised for a missing or unreadable file, invalid JSON (with line and
    column) or an unknown file suffix.

    Attributes:
        path: The file, as given by the caller.
        line: 1-based line of the problem, if known.
        column: 1-based column of the problem, if known.
    """

    def __init__(
        self, message: str, *, path: str = "", line: int | None = None, column: int | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        where = printable(path)
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        message = printable(message)
        super().__init__(f"{where}: {message}" if where else message)


class UnknownCountryError(IkoModelError, LookupError):
    """A country code is not an ISO 3166-1 alpha-2 code, or is not in a reference table."""

    def __init__(self, message: str, *, code: str) -> None:
        self.code = code
        super().__init__(message)


class UnknownYearError(IkoModelError, LookupError):
    """No data (taxonomy, published figures) is known for a year."""

    def __init__(self, message: str, *, year: int) -> None:
        self.year = year
        super().__init__(message)


class NotFoundError(IkoModelError, LookupError):
    """A record looked up by id does not exist."""


class TransitionError(IkoModelError, ValueError):
    """An illegal step in the life cycle of a case or mediation request."""


class MissingExtraError(IkoModelError, ImportError):
    """An optional dependency is not installed; the message names the extra."""

    def __init__(self, extra: str, package: str) -> None:
        self.extra = extra
        self.package = package
        super().__init__(
            f"this feature needs {package!r}; install it with: pip install 'ikomodel[{extra}]'"
        )


class UnknownTreatyStatusError(IkoModelError, LookupError):
    """The reference data cannot say whether a treaty applied to a country on a date.

    Raised by the two-valued treaty questions (``is_contracting_state``) where
    the facts are missing; the three-valued variants answer ``None`` instead.

    Attributes:
        code: The ISO 3166-1 alpha-2 code asked about.
        on: The date asked about.
    """

    def __init__(self, message: str, *, code: str, on: object) -> None:
        self.code = code
        self.on = on
        super().__init__(message)
