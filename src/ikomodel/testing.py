"""Hypothesis strategies for ikomodel's records, so your tests run on valid data.

Every strategy generates records that pass ikomodel's validation: exactly one
initiator per case, an agency only for professionals, a taking person and
removal date only in abduction categories, ``came_back_as_abduction`` only
for prevention cases, children possible in the world (minors when the case
opened, born on or before it and on or before the wrongful removal or
retention, whether by a birth date or by an age stated at a date), mediation
stage histories that follow
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

from ikomodel._core.countries import alpha2_codes
from ikomodel._core.errors import MissingExtraError
from ikomodel._core.records import (
    ADULT_AGE,
    AgeAtDate,
    Case,
    Child,
    Contact,
    MediationRequest,
    Party,
    Register,
    StageChange,
    birthday_in,
    years_between,
)
from ikomodel._core.vocabulary import (
    ABDUCTION_CATEGORIES,
    FOUNDING_YEAR,
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
from ikomodel._rules.reference import KINGDOM_PARTS

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
    from hypothesis.strategies import DrawFn, SearchStrategy
except ImportError as exc:  # pragma: no cover - the test suite runs with Hypothesis
    raise MissingExtraError("testing", "hypothesis") from exc

__all__ = [
    "ages_at",
    "cases",
    "children",
    "contacts",
    "country_codes",
    "ids",
    "mediation_requests",
    "parties",
    "registers",
    "stage_changes",
]

_FIRST_YEAR = 2018
_LAST_YEAR = 2023
_NON_INITIATOR_ROLES = tuple(role for role in Role if role is not Role.INITIATOR)
_AGREEMENTS = (
    MediationOutcome.FULL_AGREEMENT,
    MediationOutcome.MIRROR_AGREEMENT,
    MediationOutcome.NO_AGREEMENT,
)
_MINOR_DAYS = 18 * 365  # fewer days than 18 years: anyone born that recently is a minor

# Strategies are built once here and only drawn from below: building and
# validating a strategy per draw would cost more than the draw itself.
_BOOLEANS = st.booleans()
_MAYBE_BOOLEANS = st.none() | _BOOLEANS
_CLIENT_KINDS = st.sampled_from(ClientKind)
_AGENCY_KINDS = st.sampled_from(AgencyKind)
_EXTRA_ROLES = st.lists(st.sampled_from(_NON_INITIATOR_ROLES), max_size=2, unique=True)
_SEXES = st.none() | st.sampled_from(Sex)
_LINES = st.sampled_from(Line)
_CLOSURE_REASONS = st.sampled_from(ClosureReason)
_TAKING_PERSONS = st.none() | st.sampled_from(TakingPerson)
_CHANNELS = st.sampled_from(Channel)
_MEDIATION_KINDS = st.sampled_from(MediationKind)
_NOT_STARTED_REASONS = st.sampled_from(NotStartedReason)
_OUTCOMES = st.sampled_from(_AGREEMENTS)
_YEARS = st.integers(_FIRST_YEAR, _LAST_YEAR)
_DAY_OF_YEAR = st.integers(0, 365)
_BIRTH_OFFSETS = st.integers(-1, _MINOR_DAYS)  # -1: the earliest birth date of a minor
_STATED_OFFSETS = st.integers(0, 17 * 365)
_AGES = st.integers(0, ADULT_AGE - 1)
_CLOSED_AFTER = st.none() | st.integers(0, 540)
_ESCALATED_AFTER = st.integers(0, 540)
_REMOVED_BEFORE = st.none() | st.integers(0, 365)
_STAGE_GAPS = st.integers(0, 90)
_RECEIVED_AFTER = st.integers(0, 120)
_CONTINUE = st.integers(0, 3)
_SMALL = st.integers(0, 3)
_COUNTRIES = st.sampled_from(sorted(alpha2_codes()))
# A case's countries: as often the Netherlands, a part of the Kingdom, or any
# country, so that every direction (to and from the Netherlands, within the
# Kingdom, domestic, between other states) turns up in small registers.
_MAYBE_COUNTRIES = st.none() | st.just("NL") | st.sampled_from(sorted(KINGDOM_PARTS)) | _COUNTRIES
_TEXT = st.text(min_size=1, max_size=10)


def ids(*, prefix: str = "") -> SearchStrategy[str]:
    """Return a strategy for non-empty pseudonymous ids, any Unicode text after ``prefix``.

    >>> from hypothesis import given
    >>> @given(ids(prefix="case-"))
    ... def test_prefixed(case_id):
    ...     assert case_id.startswith("case-") and len(case_id) > len("case-")
    >>> test_prefixed()
    """
    return _TEXT.map(lambda text: prefix + text)


def country_codes() -> SearchStrategy[str]:
    """Return a strategy for current ISO 3166-1 alpha-2 country codes ("NL", "MA", ...)."""
    return _COUNTRIES


def _day_in(draw: DrawFn, year: int) -> dt.date:
    return min(dt.date(year, 1, 1) + dt.timedelta(days=draw(_DAY_OF_YEAR)), dt.date(year, 12, 31))


def _after(draw: DrawFn, start: dt.date, offsets: SearchStrategy[int]) -> dt.date:
    return start + dt.timedelta(days=draw(offsets))


def _draw_party(draw: DrawFn, kind: ClientKind | None, initiator: bool | None) -> Party:
    chosen = kind if kind is not None else draw(_CLIENT_KINDS)
    agency = draw(_AGENCY_KINDS) if chosen is ClientKind.PROFESSIONAL else None
    is_initiator = draw(_BOOLEANS) if initiator is None else initiator
    extra = tuple(draw(_EXTRA_ROLES))
    if not is_initiator and not extra:
        extra = (Role.THIRD_PARTY,)
    return Party(
        kind=chosen,
        roles=(Role.INITIATOR, *extra) if is_initiator else extra,
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
    return st.composite(lambda draw: _draw_party(draw, kind, initiator))()


def _adult_birthday_eve(on: dt.date) -> dt.date:
    """Return the latest birth date of someone who is 18 on ``on`` (29 February counts as 28)."""
    day = 28 if (on.month, on.day) == (2, 29) else on.day
    return dt.date(on.year - ADULT_AGE, on.month, day)


def _draw_birth(draw: DrawFn, on: dt.date, born_by: dt.date) -> dt.date:
    """Draw a birth date of a minor on ``on`` born on or before ``born_by``; often a bound."""
    earliest = _adult_birthday_eve(on) + dt.timedelta(days=1)
    offset = draw(_BIRTH_OFFSETS)
    if offset < 0:  # the earliest birth date of a minor
        return earliest
    return max(born_by - dt.timedelta(days=offset), earliest)  # offset 0: born on born_by


def _draw_child(
    draw: DrawFn, on: dt.date | None, identifier: str, born_by: dt.date | None = None
) -> Child:
    reference = on if on is not None else _day_in(draw, draw(st.integers(2000, 2030)))
    latest = reference if born_by is None else min(born_by, reference)
    sex = draw(_SEXES)
    born = _draw_birth(draw, reference, latest)
    if draw(_SMALL):
        return Child(id=identifier, birth_date=born, sex=sex)
    # An age stated at a date the birth date allows: on a date after the
    # birth, or on the eve of a birthday, where the earliest birth date the
    # age allows is the birth date itself (the tightest record possible).
    if draw(_SMALL):
        stated = born + dt.timedelta(days=draw(_STATED_OFFSETS))
        return Child(
            id=identifier,
            age_at=AgeAtDate(years=years_between(born, stated), on=stated),
            sex=sex,
        )
    years = draw(_AGES)
    eve = birthday_in(born, born.year + years + 1) - dt.timedelta(days=1)
    return Child(id=identifier, age_at=AgeAtDate(years=years, on=eve), sex=sex)


def children(*, on: dt.date | None = None, born_by: dt.date | None = None) -> SearchStrategy[Child]:
    """Return a strategy for children: usually a birth date, sometimes an age at a stated date.

    Every child is possible in the world: a birth date, or some birth date
    the stated age allows, lies on or before ``on`` and ``born_by`` and makes
    the child 0-17 years old on ``on``. Borderline children are frequent:
    born on ``on`` or ``born_by`` itself, the oldest minor on ``on``, an age
    stated on the eve of a birthday.

    Args:
        on: The date the child's case opened: the child is then born on or
            before it and is 0-17 years old on it.
        born_by: A date the child is born on or before as well, such as the
            wrongful removal or retention (no more than 17 years before ``on``).
    """
    return st.composite(lambda draw: _draw_child(draw, on, "k" + draw(_TEXT), born_by))()


def ages_at(*, on: dt.date | None = None) -> SearchStrategy[AgeAtDate]:
    """Return a strategy for a child's age (0-17) stated on a date, for unknown birth dates.

    Args:
        on: The stated date; any date from 2000 to 2030 by default.
    """

    def draw_age(draw: DrawFn) -> AgeAtDate:
        stated = on if on is not None else _day_in(draw, draw(st.integers(2000, 2030)))
        return AgeAtDate(years=draw(_AGES), on=stated)

    return st.composite(draw_age)()


def _draw_case(
    draw: DrawFn, case_id: str, year: int | None, category: Category | None, text_ids: bool
) -> Case:
    opened_year = year if year is not None else draw(_YEARS)
    chosen = (
        category
        if category is not None
        else draw(st.sampled_from(sorted(taxonomy_for(opened_year).categories)))
    )
    opened = _day_in(draw, opened_year)
    line = draw(_LINES)
    closed_after = draw(_CLOSED_AFTER)
    closed = None if closed_after is None else opened + dt.timedelta(days=closed_after)
    escalated = None
    if line is Line.SECOND and draw(_BOOLEANS):
        escalated = _after(draw, opened, _ESCALATED_AFTER)
        if closed is not None:
            escalated = min(escalated, closed)
    others = [_draw_party(draw, None, False) for _ in range(draw(_SMALL) % 3)]
    others.insert(draw(_SMALL) % (len(others) + 1), _draw_party(draw, None, True))
    abduction = chosen in ABDUCTION_CATEGORIES
    removed_before = draw(_REMOVED_BEFORE) if abduction else None
    removal = None if removed_before is None else opened - dt.timedelta(days=removed_before)
    kids = tuple(
        _draw_child(draw, opened, (draw(_TEXT) if text_ids else "k") + f"{i + 1}", removal)
        for i in range(draw(_SMALL))
    )
    return Case(
        id=case_id,
        opened=opened,
        line=line,
        category=chosen,
        parties=tuple(others),
        children=kids,
        escalated=escalated,
        closed=closed,
        closure_reason=None if closed is None else draw(_CLOSURE_REASONS),
        habitual_residence=draw(_MAYBE_COUNTRIES),
        destination=draw(_MAYBE_COUNTRIES),
        taking_person=draw(_TAKING_PERSONS) if abduction else None,
        removal_date=removal,
        came_back_as_abduction=draw(_MAYBE_BOOLEANS) if chosen is Category.PREVENTION else None,
    )


def cases(*, year: int | None = None, category: Category | None = None) -> SearchStrategy[Case]:
    """Return a strategy for valid cases.

    Args:
        year: Only cases opened in this year (any of 2018-2023 by default).
        category: Only cases of this category (any of the year's taxonomy by default).
    """
    return st.composite(
        lambda draw: _draw_case(draw, "c" + draw(_TEXT), year, category, text_ids=True)
    )()


def _draw_contact(draw: DrawFn, contact_id: str, on: dt.date, case_id: str | None) -> Contact:
    client = draw(_CLIENT_KINDS)
    return Contact(
        id=contact_id,
        on=on,
        channel=draw(_CHANNELS),
        client=client,
        agency=draw(_AGENCY_KINDS) if client is ClientKind.PROFESSIONAL else None,
        case_id=case_id,
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
    linked = _case_ids(case_ids)

    def draw_contact(draw: DrawFn) -> Contact:
        on = _day_in(draw, year if year is not None else draw(_YEARS))
        return _draw_contact(draw, "t" + draw(_TEXT), on, draw(linked))

    return st.composite(draw_contact)()


def _draw_mediation_request(
    draw: DrawFn, request_id: str, received: dt.date, case_id: str, kind: MediationKind | None
) -> MediationRequest:
    day = received
    history = [StageChange(stage=MediationStage.RECEIVED, on=day)]
    while True:
        options = sorted(MEDIATION_TRANSITIONS[history[-1].stage])
        if not options or draw(_CONTINUE) == 0:
            break
        stage = options[draw(_SMALL) % len(options)]
        day = _after(draw, day, _STAGE_GAPS)
        reason = draw(_NOT_STARTED_REASONS) if stage is MediationStage.NOT_STARTED else None
        history.append(StageChange(stage=stage, on=day, reason=reason))
    last = history[-1].stage
    outcome = None
    if last is MediationStage.CONCLUDED:
        outcome = draw(_OUTCOMES)
    elif last is MediationStage.IN_MEDIATION:
        outcome = MediationOutcome.RUNNING
    interviews = draw(_SMALL)
    heard = interviews + draw(_SMALL) if interviews else 0
    return MediationRequest(
        id=request_id,
        kind=kind if kind is not None else draw(_MEDIATION_KINDS),
        received=received,
        case_id=case_id,
        stages=tuple(history),
        outcome=outcome,
        child_interviews=interviews,
        children_heard=heard,
        special_guardian=draw(_BOOLEANS),
    )


def stage_changes(*, stage: MediationStage | None = None) -> SearchStrategy[StageChange]:
    """Return a strategy for stage changes, with a reason exactly for ``not_started``.

    Args:
        stage: Only changes into this stage.
    """
    stages = st.just(stage) if stage is not None else st.sampled_from(MediationStage)

    def draw_change(draw: DrawFn) -> StageChange:
        chosen = draw(stages)
        reason = draw(_NOT_STARTED_REASONS) if chosen is MediationStage.NOT_STARTED else None
        return StageChange(stage=chosen, on=_day_in(draw, draw(_YEARS)), reason=reason)

    return st.composite(draw_change)()


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
    case_id = ids(prefix="c") if case_ids is None else st.sampled_from(list(case_ids))

    def draw_request(draw: DrawFn) -> MediationRequest:
        received = _day_in(draw, year if year is not None else draw(_YEARS))
        return _draw_mediation_request(draw, "m" + draw(_TEXT), received, draw(case_id), None)

    return st.composite(draw_request)()


def _draw_register(draw: DrawFn, year: int, max_cases: int, since: int | None) -> Register:
    earlier = year - 1 if year - 1 >= FOUNDING_YEAR else year
    count = draw(st.integers(0, max_cases))
    carried_over = st.integers(0, 3)
    years = None if since is None else st.integers(since, year)

    def opened_in() -> int:
        if years is not None:
            return draw(years)
        return earlier if draw(carried_over) == 0 else year

    case_list = [
        _draw_case(draw, f"{year}-{i + 1:05d}", opened_in(), None, text_ids=False)
        for i in range(count)
    ]
    pick = st.integers(-1, count - 1) if count else st.just(-1)
    contact_list = []
    for j in range(draw(st.integers(0, 2 * count + 2))):
        index = draw(pick)
        on = _day_in(draw, year if years is None else draw(years))
        if index >= 0:  # a contact about a case comes on or after its opening
            on = max(on, case_list[index].opened)
        contact_list.append(
            _draw_contact(
                draw,
                f"t{year}-{j + 1:05d}",
                on,
                case_list[index].id if index >= 0 else None,
            )
        )
    request_list: list[MediationRequest] = []
    for index in range(count):
        if draw(st.integers(0, 4)):
            continue
        case = case_list[index]
        kind = MediationKind.IKO if case.category in ABDUCTION_CATEGORIES else MediationKind.NIKO
        request_list.append(
            _draw_mediation_request(
                draw,
                f"m{year}-{len(request_list) + 1:05d}",
                _after(draw, case.opened, _RECEIVED_AFTER),
                case.id,
                kind,
            )
        )
    return Register(
        cases=tuple(case_list),
        contacts=tuple(contact_list),
        mediation_requests=tuple(request_list),
    )


def registers(
    *, year: int = 2021, max_cases: int = 20, since: int | None = None
) -> SearchStrategy[Register]:
    """Return a strategy for registers that look like a year of casework, or several.

    Most cases open in ``year`` and some the year before (carried over);
    with ``since``, the cases open and the contacts fall in any year from
    ``since`` to ``year``. Some cases are closed, some escalated to the
    second line. There are up to two contacts per case, some about no case;
    about one case in five has a mediation request (IKO in abduction cases,
    NIKO otherwise) received after the case opened. Ids are unique and every
    ``case_id`` points at a case.

    Args:
        year: The (last) year of casework: from the centre's founding
            (:data:`~ikomodel.FOUNDING_YEAR`) on.
        max_cases: The largest number of cases.
        since: The first year of casework, for a register of several years.
    """
    taxonomy_for(year)
    if since is not None:
        taxonomy_for(since)
        if since > year:
            raise InvalidArgument(f"since ({since}) is after year ({year})")
    return st.composite(lambda draw: _draw_register(draw, year, max_cases, since))()
