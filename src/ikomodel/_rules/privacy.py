"""Pseudonymisation and data minimisation for exports of a register.

The records describe children in custody conflicts: personal data of the most
sensitive kind. Two helpers make an export safer to hand on:

* :func:`pseudonymise` (and :class:`Pseudonymiser`,
  :func:`pseudonymise_register`) replace identifiers by keyed HMAC-SHA256
  pseudonyms. A *plain* hash of a case number, file number or birth date can
  be reversed by anyone: such values come from small, guessable sets, so
  hashing every candidate and comparing finds the original in seconds. With a
  secret key (HMAC) only the key holder can compute or test a pseudonym.
  Each pseudonym carries a *purpose* (so pseudonyms made for one export
  cannot be joined with another purpose's) and a *version*: rotating the key
  means a new version, so pseudonyms of different keys never look alike and a
  reader can tell which key generation made them.
* :func:`minimise` replaces every birth date by the child's age at a stated
  reference date.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Callable

import attrs

from ikomodel._core.errors import Problem, ValidationError
from ikomodel._core.records import ADULT_AGE, AgeAtDate, Case, Child, Register

MIN_KEY_BYTES = 16
"""The shortest secret key :func:`pseudonymise` accepts, in bytes (128 bits)."""

_DIGEST_CHARS = 26  # 130 bits of the HMAC-SHA256 digest, base32
_PURPOSE = re.compile(r"[a-z][a-z0-9_-]{0,31}")


def _check(key: object, purpose: object, version: object) -> None:
    problems: list[Problem] = []
    if not isinstance(key, bytes):
        problems.append(
            Problem(
                path="key",
                message="the key is a bytes object of at least "
                f"{MIN_KEY_BYTES} random bytes, e.g. secrets.token_bytes(32)",
            )
        )
    elif len(key) < MIN_KEY_BYTES:
        problems.append(
            Problem(
                path="key",
                message=f"the key is too short ({len(key)} bytes); use at least "
                f"{MIN_KEY_BYTES} random bytes, e.g. secrets.token_bytes(32)",
            )
        )
    if not isinstance(purpose, str) or not _PURPOSE.fullmatch(purpose):
        problems.append(
            Problem(
                path="purpose",
                message="the purpose is a lowercase slug of 1-32 characters "
                "(a-z, 0-9, '_' or '-', starting with a letter), e.g. 'case'",
            )
        )
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.append(
            Problem(path="version", message="the key version is a whole number of 1 or more")
        )
    if problems:
        raise ValidationError(problems)


def _digest(value: str, key: bytes, purpose: str, version: int) -> str:
    message = b"\x00".join(
        (b"ikomodel-pseudonym", purpose.encode(), str(version).encode(), value.encode())
    )
    raw = hmac.new(key, message, hashlib.sha256).digest()
    text = base64.b32encode(raw).decode("ascii").lower()
    return f"{purpose}:v{version}:{text[:_DIGEST_CHARS]}"


def pseudonymise(value: str, *, key: bytes, purpose: str, version: int = 1) -> str:
    """Return the keyed pseudonym of ``value``: ``<purpose>:v<version>:<26 base32 chars>``.

    The pseudonym is HMAC-SHA256 over the purpose, the version and the value,
    keyed with ``key``, truncated to 130 bits and written in lowercase base32.
    It is deterministic: the same value, key, purpose and version always give
    the same pseudonym, so records stay linked across exports made with the
    same key. Without the key, nobody can compute a pseudonym or test a
    guessed value against it. Different purposes give unrelated pseudonyms
    for the same value. Rotate a key by raising ``version``.

    Args:
        value: The identifier to replace (a case number, a child id, ...).
        key: The secret key, at least 16 random bytes; keep it out of the export.
        purpose: A lowercase slug naming what the pseudonym is for (``"case"``).
        version: The key generation; raise it when the key is rotated.

    Raises:
        ValidationError: the key, purpose or version is not acceptable; the
            message names the argument and never shows the key or the value.

    >>> key = bytes(range(32))
    >>> pseudonymise("IKO-2021-0042", key=key, purpose="case")
    'case:v1:36evhzf7axzplrc7ztppg4gbbv'
    >>> pseudonymise("IKO-2021-0042", key=key, purpose="case", version=2)[:8]
    'case:v2:'
    """
    _check(key, purpose, version)
    if not isinstance(value, str):
        raise ValidationError.single("value", "the value to pseudonymise is a string")
    return _digest(value, key, purpose, version)


@attrs.frozen(kw_only=True)
class Pseudonymiser:
    """A reusable :func:`pseudonymise` with a fixed key, purpose and version.

    The key never appears in ``repr``.

    >>> to_case = Pseudonymiser(key=bytes(range(32)), purpose="case")
    >>> to_case
    Pseudonymiser(purpose='case', version=1)
    >>> to_case("IKO-2021-0042") == pseudonymise("IKO-2021-0042", key=bytes(range(32)),
    ...                                           purpose="case")
    True
    """

    key: bytes = attrs.field(repr=False)
    """The secret key of the keyed hash; never in ``repr``."""
    purpose: str
    """The kind of id pseudonymised (``"case"``, ``"child"``...); each kind has its own."""
    version: int = 1
    """The pseudonym scheme's version, part of every pseudonym."""

    def __attrs_post_init__(self) -> None:
        _check(self.key, self.purpose, self.version)

    def __call__(self, value: str) -> str:
        """Return the pseudonym of ``value``."""
        return pseudonymise(value, key=self.key, purpose=self.purpose, version=self.version)


def pseudonymise_register(register: Register, *, key: bytes, version: int = 1) -> Register:
    """Return ``register`` with every id replaced by its keyed pseudonym.

    Case ids use the purpose ``"case"``, child ids ``"child"``, contact ids
    ``"contact"`` and mediation request ids ``"mediation"``; every ``case_id``
    reference is replaced by the same pseudonym as the case, so the register
    stays linked and valid. Nothing else changes.

    >>> from ikomodel import Register
    >>> pseudonymise_register(Register(), key=bytes(32)) == Register()
    True
    """
    _check(key, "case", version)
    case = Pseudonymiser(key=key, purpose="case", version=version)
    child = Pseudonymiser(key=key, purpose="child", version=version)
    contact = Pseudonymiser(key=key, purpose="contact", version=version)
    mediation = Pseudonymiser(key=key, purpose="mediation", version=version)
    return Register(
        cases=tuple(
            attrs.evolve(
                c,
                id=case(c.id),
                children=tuple(attrs.evolve(k, id=child(k.id)) for k in c.children),
            )
            for c in register.cases
        ),
        contacts=tuple(
            attrs.evolve(
                c, id=contact(c.id), case_id=None if c.case_id is None else case(c.case_id)
            )
            for c in register.contacts
        ),
        mediation_requests=tuple(
            attrs.evolve(m, id=mediation(m.id), case_id=case(m.case_id))
            for m in register.mediation_requests
        ),
        schema_version=register.schema_version,
    )


ReferenceDate = dt.date | Callable[[Case], dt.date]
"""A reference date for :func:`minimise`: one date, or a function of the case."""


def opening_date(case: Case) -> dt.date:
    """Return the date ``case`` was opened: the default reference date for ages.

    >>> from ikomodel import Case, Category, ClientKind, Line, Party, Role
    >>> case = Case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.SECOND,
    ...             category=Category.PREVENTION,
    ...             parties=(Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,)),))
    >>> opening_date(case)
    datetime.date(2021, 3, 1)
    """
    return case.opened


def age_reference_date(case: Case) -> dt.date:
    """Return the date the annual report takes a child's age at: removal, else opening.

    The report sorts abducted children into age bands by their age on the
    date of the wrongful removal or retention, or the opening date when
    none is recorded. Minimising with this date keeps every age band.

    >>> from ikomodel import Case, Category, ClientKind, Line, Party, Role
    >>> case = Case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.SECOND,
    ...             category=Category.ABDUCTION, removal_date=dt.date(2021, 2, 14),
    ...             parties=(Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,)),))
    >>> age_reference_date(case)
    datetime.date(2021, 2, 14)
    """
    return case.removal_date or case.opened


def minimise(register: Register, *, on: ReferenceDate) -> Register:
    """Return ``register`` with every birth date replaced by the age at a reference date.

    Each child with a birth date gets ``age_at=AgeAtDate(years=..., on=...)``
    instead, where the date is ``on`` (one date for every case) or
    ``on(case)`` (a date per case, e.g. :func:`age_reference_date`, the date
    the annual report takes ages at, or :func:`opening_date`). Children
    recorded with an age already keep it. Nothing else changes.

    What is kept: the age in whole years on the reference date is exact, so
    every statistic computed from ages *on that date* (age bands, the Hague
    age limit of 16, whether a child is a minor) is unchanged. Ages on other
    dates become a lower bound that is at most one year short, since the
    birthday within the year is gone. Minimise with the date the statistics
    you export are computed at.

    Raises:
        ValidationError: a child is not yet born, or is 18 or older, on its
            reference date; the path names the child, the message never shows
            its birth date. (With ``on=opening_date`` this cannot happen.)

    ``annual_report(minimise(register, on=age_reference_date), year)`` equals
    ``annual_report(register, year)``: the export loses no figure of the report.

    >>> from ikomodel import Case, Category, Child, ClientKind, Line, Party, Register, Role
    >>> case = Case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.SECOND,
    ...             category=Category.PREVENTION,
    ...             parties=(Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,)),),
    ...             children=(Child(id="c-1", birth_date=dt.date(2015, 6, 1)),))
    >>> minimise(Register(cases=(case,)), on=opening_date).cases[0].children[0].age_at
    AgeAtDate(years=5, on=datetime.date(2021, 3, 1))
    """
    problems: list[Problem] = []
    cases: list[Case] = []
    for i, case in enumerate(register.cases):
        reference = on(case) if callable(on) else on
        if not isinstance(reference, dt.date) or isinstance(reference, dt.datetime):
            raise ValidationError.single(
                "on",
                "the reference date is a datetime.date, or a function of a case giving "
                f"one, not a value of type {type(reference).__name__}",
            )
        children: list[Child] = []
        for j, child in enumerate(case.children):
            if child.birth_date is None:
                children.append(child)
                continue
            years = -1 if reference < child.birth_date else child.age_on(reference)
            if not 0 <= years < ADULT_AGE:
                problems.append(
                    Problem(
                        path=f"cases[{i}].children[{j}]",
                        message=f"the child is not a minor (0-17) on the reference date "
                        f"{reference}; minimise at a date when every child is a minor, "
                        "e.g. on=opening_date",
                    )
                )
                continue
            age_at = AgeAtDate(years=years, on=reference)
            children.append(attrs.evolve(child, birth_date=None, age_at=age_at))
        cases.append(attrs.evolve(case, children=tuple(children)))
    if problems:
        raise ValidationError(problems)
    return attrs.evolve(register, cases=tuple(cases))
