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
  reference date and, on request, shuffles the order of the records and
  coarsens every date to the first of its month.

:func:`generate_key` makes a key; keys with too little variety (``bytes(16)``,
a repeated byte or pattern) are refused. What pseudonyms and minimisation do
not hide is listed on the reference page (residual risks).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import random
import re
import secrets
from collections.abc import Callable
from typing import Literal

import attrs

from ikomodel._core.errors import Problem, ValidationError
from ikomodel._core.records import (
    ADULT_AGE,
    AgeAtDate,
    Case,
    Child,
    Contact,
    MediationRequest,
    Register,
)

MIN_KEY_BYTES = 16
"""The shortest secret key :func:`pseudonymise` accepts, in bytes (128 bits)."""

_DIGEST_CHARS = 26  # 130 bits of the HMAC-SHA256 digest, base32
_MIN_DISTINCT = 8  # different byte values in a key; 16 random bytes have 8 or fewer ~never
_MAX_PERIOD = 1024  # the longest repeated block looked for in a key


def generate_key(size: int = 32) -> bytes:
    """Return a new secret key of ``size`` random bytes for :func:`pseudonymise`.

    The bytes come from the operating system's secure random source
    (:func:`secrets.token_bytes`). Keep the key apart from every export (a
    key store or a password manager): whoever holds it can test a guessed
    id against a pseudonym. 32 bytes (256 bits) are the default; fewer than
    :data:`MIN_KEY_BYTES` are refused.

    >>> key = generate_key()
    >>> len(key), key == generate_key()
    (32, False)

    Raises:
        ValidationError: ``size`` is not a whole number of at least 16.
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < MIN_KEY_BYTES:
        raise ValidationError.single(
            "size", f"a key has a whole number of at least {MIN_KEY_BYTES} bytes"
        )
    return secrets.token_bytes(size)


def _lacks_variety(key: bytes) -> bool:
    """Return whether ``key`` is plainly not random: few byte values, one dominant, or a pattern.

    Random keys of 16 bytes or more fail with a probability below 10**-12.
    """
    counts = [key.count(value) for value in set(key)]
    if len(counts) < _MIN_DISTINCT or 2 * max(counts) > len(key):
        return True
    # A repetition of a shorter block: b"ab" * 8, b"0123456789abcdef" * 2.
    return any(key[p:] == key[:-p] for p in range(1, min(len(key) // 2, _MAX_PERIOD) + 1))


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
    elif _lacks_variety(key):
        problems.append(
            Problem(
                path="key",
                message="the key has too little variety to be secret (few different bytes, "
                "one byte most of the time, or a repeated pattern); use random bytes, "
                "e.g. ikomodel.generate_key()",
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
        key: The secret key, at least 16 random bytes (see :func:`generate_key`);
            keep it out of the export. Keys with too little variety
            (``bytes(16)``, one byte repeated, a repeated pattern) are refused.
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

    Residual risk: the records keep their order and their exact dates. When
    the cases are numbered in the order they were opened, a pseudonym's
    position still tells its case number, and exact dates link records to
    other sources. Pass the result through :func:`minimise` with
    ``shuffle=True`` and ``coarsen="month"`` before it leaves the
    organisation.

    >>> from ikomodel import Register
    >>> pseudonymise_register(Register(), key=bytes(range(32))) == Register()
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


def minimise(
    register: Register,
    *,
    on: ReferenceDate,
    shuffle: bool | random.Random = False,
    coarsen: Literal["month"] | None = None,
) -> Register:
    """Return ``register`` with every birth date replaced by the age at a reference date.

    Each child with a birth date gets ``age_at=AgeAtDate(years=..., on=...)``
    instead, where the date is ``on`` (one date for every case) or
    ``on(case)`` (a date per case, e.g. :func:`age_reference_date`, the date
    the annual report takes ages at, or :func:`opening_date`). Children
    recorded with an age already keep it. Nothing else changes, unless asked:

    ``shuffle``
        ``True`` puts the cases, the children of each case, the contacts and
        the mediation requests in a random order (from the operating
        system's secure source), so that a record's position no longer tells
        its place in the original, such as a sequential case number. A
        :class:`random.Random` of your own makes the order reproducible
        (for tests): whoever knows its seed and the register's size can undo
        the shuffle, so keep the seed as secret as a key.
    ``coarsen="month"``
        Every date (opening, escalation, closing, removal, contacts,
        mediation stages, and the dates ages are stated on) becomes the
        first of its month, so that exact dates no longer link records to
        other sources. Each age (a child's recorded age too) is stated on
        the first of the month of its reference date and is the age on the
        reference date itself; when
        that age does not fit the coarsened case (a child born in the month
        the case opened, a 17-year-old near a birthday) it is one year less
        or more, the nearest that fits.

    What is kept: the age in whole years on the reference date is exact, so
    every statistic computed from ages *on that date* (age bands, the Hague
    age limit of 16, whether a child is a minor) is unchanged. Ages on other
    dates become a lower bound that is at most one year short, since the
    birthday within the year is gone. Minimise with the date the statistics
    you export are computed at. Shuffling keeps every figure computed from
    the register; coarsening keeps every figure counted per year, but not
    durations or the day a treaty entered into force within a month.

    Raises:
        ValidationError: a child is not yet born, or is 18 or older, on its
            reference date, or no age fits the coarsened case; the path names
            the child, the message never shows its birth date. (With
            ``on=opening_date`` and no coarsening this cannot happen.) Also
            for a ``shuffle`` or ``coarsen`` that is not one of the above.

    ``annual_report(minimise(register, on=age_reference_date), year)`` equals
    ``annual_report(register, year)``: the export loses no figure of the report.

    >>> from ikomodel import Case, Category, Child, ClientKind, Line, Party, Register, Role
    >>> case = Case(id="k-1", opened=dt.date(2021, 3, 12), line=Line.SECOND,
    ...             category=Category.PREVENTION,
    ...             parties=(Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,)),),
    ...             children=(Child(id="c-1", birth_date=dt.date(2015, 6, 1)),))
    >>> minimise(Register(cases=(case,)), on=opening_date).cases[0].children[0].age_at
    AgeAtDate(years=5, on=datetime.date(2021, 3, 12))
    >>> coarse = minimise(Register(cases=(case,)), on=opening_date, coarsen="month").cases[0]
    >>> coarse.opened, coarse.children[0].age_at
    (datetime.date(2021, 3, 1), AgeAtDate(years=5, on=datetime.date(2021, 3, 1)))
    """
    rng = _shuffler(shuffle)
    if coarsen is not None and coarsen != "month":
        raise ValidationError.single("coarsen", "coarsen is None or 'month'")
    coarse = coarsen is not None
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
        minimal = _minimise_case(case, i, reference, coarse, problems)
        if rng is not None and len(minimal.children) > 1:
            minimal = attrs.evolve(
                minimal, children=tuple(rng.sample(minimal.children, len(minimal.children)))
            )
        cases.append(minimal)
    if problems:
        raise ValidationError(problems)
    contacts = list(register.contacts)
    requests = list(register.mediation_requests)
    if coarse:
        contacts = [_coarse_contact(contact) for contact in contacts]
        requests = [_coarse_request(request) for request in requests]
    if rng is not None:
        rng.shuffle(cases)
        rng.shuffle(contacts)
        rng.shuffle(requests)
    return Register(
        cases=tuple(cases),
        contacts=tuple(contacts),
        mediation_requests=tuple(requests),
        schema_version=register.schema_version,
    )


def _shuffler(shuffle: object) -> random.Random | None:
    if shuffle is True:
        return random.SystemRandom()
    if shuffle is False:
        return None
    if isinstance(shuffle, random.Random):
        return shuffle
    raise ValidationError.single("shuffle", "shuffle is True, False or a random.Random")


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _maybe_month(day: dt.date | None) -> dt.date | None:
    return None if day is None else day.replace(day=1)


def _minimise_case(
    case: Case, index: int, reference: dt.date, coarse: bool, problems: list[Problem]
) -> Case:
    """Return ``case`` with ages instead of birth dates (and coarsened dates if ``coarse``)."""
    ages: list[tuple[int, Child, AgeAtDate]] = []
    for j, child in enumerate(case.children):
        if child.birth_date is None:
            stated = child.age_at
            assert stated is not None
            if coarse:  # restated on the reference date, as a birth date would be
                years = child.age_on(reference)
                if 0 <= years < ADULT_AGE:
                    stated = AgeAtDate(years=years, on=reference)
            ages.append((j, child, stated))
            continue
        years = -1 if reference < child.birth_date else child.age_on(reference)
        if not 0 <= years < ADULT_AGE:
            problems.append(
                Problem(
                    path=f"cases[{index}].children[{j}]",
                    message=f"the child is not a minor (0-17) on the reference date "
                    f"{reference}; minimise at a date when every child is a minor, "
                    "e.g. on=opening_date",
                )
            )
            continue
        ages.append((j, child, AgeAtDate(years=years, on=reference)))
    if not coarse:
        return attrs.evolve(
            case,
            children=tuple(
                child if child.age_at is age else attrs.evolve(child, birth_date=None, age_at=age)
                for _, child, age in ages
            ),
        )
    bare = attrs.evolve(
        case,
        children=(),
        opened=_month(case.opened),
        escalated=_maybe_month(case.escalated),
        closed=_maybe_month(case.closed),
        removal_date=_maybe_month(case.removal_date),
    )
    children: list[Child] = []
    for j, child, age in ages:
        fitted = _fit_age(bare, child, age.years, _month(age.on))
        if fitted is None:
            problems.append(
                Problem(
                    path=f"cases[{index}].children[{j}]",
                    message="no age stated on the first of the month fits the coarsened case; "
                    "minimise without coarsen or at another reference date",
                )
            )
            continue
        children.append(fitted)
    return attrs.evolve(bare, children=tuple(children))


def _fit_age(bare: Case, child: Child, years: int, on: dt.date) -> Child | None:
    """Return ``child`` aged ``years`` on ``on``, or a year less or more, fitting case ``bare``."""
    for candidate in (years, years - 1, years + 1):
        if not 0 <= candidate < ADULT_AGE:
            continue
        fitted = attrs.evolve(child, birth_date=None, age_at=AgeAtDate(years=candidate, on=on))
        try:
            attrs.evolve(bare, children=(fitted,))
        except ValidationError:
            continue
        return fitted
    return None


def _coarse_contact(contact: Contact) -> Contact:
    return attrs.evolve(contact, on=_month(contact.on))


def _coarse_request(request: MediationRequest) -> MediationRequest:
    return attrs.evolve(
        request,
        received=_month(request.received),
        stages=tuple(attrs.evolve(stage, on=_month(stage.on)) for stage in request.stages),
    )
