"""The one error hierarchy of ikomodel.

Every exception the library raises on bad input derives from
:class:`IkoModelError` and also from the natural builtin (``ValueError``,
``LookupError``, ``ImportError``), so callers can catch either. Messages name
the path of the offending field and what valid input looks like; they never
contain personal data (names, birth dates, file numbers): records are pointed
at by their path or pseudonymous id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs


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
        where = self.path or "<document>"
        if self.line is not None:
            where = f"line {self.line}: {where}"
        return f"{where}: {self.message}"

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
        where = path
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
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
