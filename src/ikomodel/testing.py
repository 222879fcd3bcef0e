"""Hypothesis strategies for ikomodel's records, so your tests run on valid data.

Every strategy generates records that pass ikomodel's validation: exactly one
initiator per case, an agency only for professionals, a taking person and
removal date only in abduction categories, ``came_back_as_abduction`` only
for prevention cases, children who are minors born on or before the case
opened, mediation stage histories that follow
:data:`~ikomodel.MEDIATION_TRANSITIONS` with a matching outcome, and
registers with unique ids whose references point at their own cases.

Needs the ``testing`` extra (``pip install 'ikomodel[testing]'``).

>>> from hypothesis import given
>>> @given(cases(year=2021))
... def test_opened_in_year(case):
...     assert case.opened.year == 2021
>>> test_opened_in_year()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ikomodel._countries import alpha2_codes
from ikomodel._errors import MissingExtraError
from ikomodel._model import (
    ADULT_AGE,
    AgeAtDate,
    Case,
    Child,
    Contact,
    MediationRequest,
    Party,
    Register,
    StageChange,
    years_between,
)
from ikomodel._vocabulary import (
    ABDUCTION_CATEGORIES,
    MEDIATION_TRANSITIONS,
    AgencyKind,
    Category,
    Channel,
    ClientKind,
    ClosureReason,
    Line,
    MediationKind,
    MediationOutcome,
    MediationStage,
    NotStartedReason,
    Role,
    Sex,
    TakingPerson,
    taxonomy_for,
)

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import DrawFn, SearchStrategy
except ImportError as exc:  # pragma: no cover - the test suite runs with Hypothesis
    raise MissingExtraError("testing", "hypothesis") from exc

__all__ = [
    "cases",
    "children",
    "contacts",
    "country_codes",
    "ids",
    "mediation_requests",
    "parties",
    "registers",
]

_FIRST_YEAR = 2018
_LAST_YEAR = 2023
_NON_INITIATOR_ROLES = tuple(role for role in Role if role is not Role.INITIATOR)
_AGREEMENTS = (
    MediationOutcome.FULL_AGREEMENT,
    MediationOutcome.MIRROR_AGREEMENT,
    MediationOutcome.NO_AGREEMENT,
)


def ids(*, prefix: str = "") -> SearchStrategy[str]:
    """Return a strategy for non-empty pseudonymous ids, any Unicode text after ``prefix``.

    >>> from hypothesis import given
    >>> @given(ids(prefix="case-"))
    ... def test_prefixed(case_id):
    ...     assert case_id.startswith("case-") and len(case_id) > len("case-")
    >>> test_prefixed()
    """
    return st.text(min_size=1, max_size=10).map(lambda text: prefix + text)


def country_codes() -> SearchStrategy[str]:
    """Return a strategy for current ISO 3166-1 alpha-2 country codes ("NL", "MA", ...)."""
    return st.sampled_from(sorted(alpha2_codes()))


def _year_start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _years(year: int | None) -> SearchStrategy[int]:
    return st.just(year) if year is not None else st.integers(_FIRST_YEAR, _LAST_YEAR)


@st.composite
def _parties(
    draw: DrawFn, kind: ClientKind | None, initiator: bool | None, roles: Sequence[Role] = ()
) -> Party:
    chosen = kind if kind is not None else draw(st.sampled_from(ClientKind))
    agency = draw(st.sampled_from(AgencyKind)) if chosen is ClientKind.PROFESSIONAL else None
    is_initiator = draw(st.booleans()) if initiator is None else initiator
    extra = draw(
        st.lists(
            st.sampled_from(_NON_INITIATOR_ROLES),
            min_size=0 if is_initiator else 1,
            max_size=2,
            unique=True,
        )
    )
    return Party(
        kind=chosen,
        roles=(Role.INITIATOR, *extra) if is_initiator else tuple(extra),
        agency=agency,
    )


def parties(
    *, kind: ClientKind | None = None, initiator: bool | None = None
) -> SearchStrategy[Party]:
    """Return a strategy for parties: one to three distinct roles, an agency iff professional.

    Args:
        kind: Only parties of this kind.
        initiator: ``True`` for parties holding the ``initiator`` role,
            ``False`` for parties that do not; any by default.
    """
    return _parties(kind, initiator)


def _adult_birthday_eve(on: dt.date) -> dt.date:
    """Return the latest birth date of someone who is 18 on ``on`` (29 February counts as 28)."""
    day = 28 if (on.month, on.day) == (2, 29) else on.day
    return dt.date(on.year - ADULT_AGE, on.month, day)


@st.composite
def _children(draw: DrawFn, on: dt.date | None, child_id: SearchStrategy[str]) -> Child:
    reference = on if on is not None else draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
    sex = draw(st.none() | st.sampled_from(Sex))
    identifier = draw(child_id)
    if draw(st.integers(0, 4)):
        earliest = _adult_birthday_eve(reference) + dt.timedelta(days=1)
        birth = draw(st.dates(earliest, reference))
        return Child(id=identifier, birth_date=birth, sex=sex)
    stated = draw(st.dates(reference - dt.timedelta(days=730), reference))
    years = draw(st.integers(0, ADULT_AGE - 1 - years_between(stated, reference)))
    return Child(id=identifier, age_at=AgeAtDate(years=years, on=stated), sex=sex)


def children(*, on: dt.date | None = None) -> SearchStrategy[Child]:
    """Return a strategy for children: usually a birth date, sometimes an age at a stated date.

    Args:
        on: The date the child's case opened: the child is then born on or
            before it and is 0-17 years old on it.
    """
    return _children(on, ids(prefix="k"))


def _dates_after(start: dt.date, days: int) -> SearchStrategy[dt.date]:
    return st.dates(start, start + dt.timedelta(days=days))


@st.composite
def _cases(
    draw: DrawFn, case_id: SearchStrategy[str], year: int | None, category: Category | None
) -> Case:
    opened_year = draw(_years(year))
    chosen = (
        category
        if category is not None
        else draw(st.sampled_from(sorted(taxonomy_for(opened_year).categories)))
    )
    opened = draw(st.dates(_year_start(opened_year), _year_end(opened_year)))
    line = draw(st.sampled_from(Line))
    closed = draw(st.none() | _dates_after(opened, 540))
    escalated = None
    if line is Line.SECOND and draw(st.booleans()):
        escalated = draw(
            st.dates(opened, closed if closed is not None else opened + dt.timedelta(180))
        )
    initiator = draw(_parties(None, True))
    others = draw(st.lists(_parties(None, False), max_size=2))
    others.insert(draw(st.integers(0, len(others))), initiator)
    kids = draw(st.lists(_children(opened, ids(prefix="k")), max_size=3, unique_by=lambda c: c.id))
    abduction = chosen in ABDUCTION_CATEGORIES
    return Case(
        id=draw(case_id),
        opened=opened,
        line=line,
        category=chosen,
        parties=tuple(others),
        children=tuple(kids),
        escalated=escalated,
        closed=closed,
        closure_reason=None if closed is None else draw(st.sampled_from(ClosureReason)),
        habitual_residence=draw(st.none() | country_codes()),
        destination=draw(st.none() | country_codes()),
        taking_person=draw(st.none() | st.sampled_from(TakingPerson)) if abduction else None,
        removal_date=(
            draw(st.none() | st.dates(opened - dt.timedelta(days=365), opened))
            if abduction
            else None
        ),
        came_back_as_abduction=(
            draw(st.none() | st.booleans()) if chosen is Category.PREVENTION else None
        ),
    )


def cases(*, year: int | None = None, category: Category | None = None) -> SearchStrategy[Case]:
    """Return a strategy for valid cases.

    Args:
        year: Only cases opened in this year (any of 2018-2023 by default).
        category: Only cases of this category (any of the year's taxonomy by default).
    """
    return _cases(ids(prefix="c"), year, category)


@st.composite
def _contacts(
    draw: DrawFn,
    contact_id: SearchStrategy[str],
    on: SearchStrategy[dt.date],
    case_id: SearchStrategy[str | None],
) -> Contact:
    client = draw(st.sampled_from(ClientKind))
    return Contact(
        id=draw(contact_id),
        on=draw(on),
        channel=draw(st.sampled_from(Channel)),
        client=client,
        agency=draw(st.sampled_from(AgencyKind)) if client is ClientKind.PROFESSIONAL else None,
        case_id=draw(case_id),
    )


def _case_ids(case_ids: Sequence[str] | None) -> SearchStrategy[str | None]:
    if case_ids is None:
        return st.none() | ids(prefix="c")
    if not case_ids:
        return st.none()
    return st.none() | st.sampled_from(list(case_ids))


def contacts(
    *, year: int | None = None, case_ids: Sequence[str] | None = None
) -> SearchStrategy[Contact]:
    """Return a strategy for contacts (calls and e-mails), with an agency iff a professional called.

    Args:
        year: Only contacts in this year.
        case_ids: The cases a contact may belong to (or none); any id by default.
    """
    on = _years(year).flatmap(lambda y: st.dates(_year_start(y), _year_end(y)))
    return _contacts(ids(prefix="t"), on, _case_ids(case_ids))


@st.composite
def _mediation_requests(
    draw: DrawFn,
    request_id: SearchStrategy[str],
    received: SearchStrategy[dt.date],
    case_id: SearchStrategy[str],
    kind: MediationKind | None,
) -> MediationRequest:
    day = draw(received)
    history = [StageChange(stage=MediationStage.RECEIVED, on=day)]
    while True:
        options = sorted(MEDIATION_TRANSITIONS[history[-1].stage])
        if not options or draw(st.integers(0, 3)) == 0:
            break
        stage = draw(st.sampled_from(options))
        day = draw(_dates_after(day, 90))
        reason = (
            draw(st.sampled_from(NotStartedReason)) if stage is MediationStage.NOT_STARTED else None
        )
        history.append(StageChange(stage=stage, on=day, reason=reason))
    last = history[-1].stage
    outcome = None
    if last is MediationStage.CONCLUDED:
        outcome = draw(st.sampled_from(_AGREEMENTS))
    elif last is MediationStage.IN_MEDIATION:
        outcome = MediationOutcome.RUNNING
    interviews = draw(st.integers(0, 3))
    heard = draw(st.integers(interviews, interviews + 3)) if interviews else 0
    return MediationRequest(
        id=draw(request_id),
        kind=kind if kind is not None else draw(st.sampled_from(MediationKind)),
        received=history[0].on,
        case_id=draw(case_id),
        stages=tuple(history),
        outcome=outcome,
        child_interviews=interviews,
        children_heard=heard,
        special_guardian=draw(st.booleans()),
    )


def mediation_requests(
    *, year: int | None = None, case_ids: Sequence[str] | None = None
) -> SearchStrategy[MediationRequest]:
    """Return a strategy for mediation requests whose stages follow ``MEDIATION_TRANSITIONS``.

    The outcome matches the last stage (``running`` in mediation, an
    agreement outcome once concluded, none otherwise), and
    ``children_heard >= child_interviews``.

    Args:
        year: Only requests received in this year.
        case_ids: The cases a request may belong to (non-empty); any id by default.
    """
    received = _years(year).flatmap(lambda y: st.dates(_year_start(y), _year_end(y)))
    case_id = ids(prefix="c") if case_ids is None else st.sampled_from(list(case_ids))
    return _mediation_requests(ids(prefix="m"), received, case_id, None)


@st.composite
def _registers(draw: DrawFn, year: int, max_cases: int) -> Register:
    earlier = year - 1 if year - 1 >= _FIRST_YEAR else year
    count = draw(st.integers(0, max_cases))
    case_list: list[Case] = []
    for i in range(count):
        opened_year = draw(st.sampled_from((year, year, year, earlier)))
        case_list.append(draw(_cases(st.just(f"{year}-{i + 1:05d}"), opened_year, None)))
    case_ids = [case.id for case in case_list]
    in_year = st.dates(_year_start(year), _year_end(year))
    contact_list = [
        draw(_contacts(st.just(f"t{year}-{j + 1:05d}"), in_year, _case_ids(case_ids)))
        for j in range(draw(st.integers(0, 2 * count + 2)))
    ]
    mediated = (
        draw(st.lists(st.sampled_from(range(count)), unique=True, max_size=count // 3 + 1))
        if count
        else []
    )
    request_list = []
    for j, index in enumerate(mediated):
        case = case_list[index]
        kind = MediationKind.IKO if case.category in ABDUCTION_CATEGORIES else MediationKind.NIKO
        request_list.append(
            draw(
                _mediation_requests(
                    st.just(f"m{year}-{j + 1:05d}"),
                    _dates_after(case.opened, 120),
                    st.just(case.id),
                    kind,
                )
            )
        )
    return Register(
        cases=tuple(case_list),
        contacts=tuple(contact_list),
        mediation_requests=tuple(request_list),
    )


def registers(*, year: int = 2021, max_cases: int = 20) -> SearchStrategy[Register]:
    """Return a strategy for registers that look like a year of casework.

    Most cases open in ``year`` and some the year before (carried over);
    some are closed, some escalated to the second line. There are up to two
    contacts per case, some about no case; some cases have a mediation
    request (IKO in abduction cases, NIKO otherwise) received after the
    case opened. Ids are unique and every ``case_id`` points at a case.

    Args:
        year: The year of casework (2018 or later).
        max_cases: The largest number of cases.
    """
    taxonomy_for(year)
    return _registers(year, max_cases)
