"""The records of the model: parties, children, cases, contacts, mediation requests, registers.

All records are frozen, keyword-only attrs classes. Single-record invariants
are checked at construction and reported together in one
:class:`~ikomodel.ValidationError` whose paths are relative to the record
(``children[1].birth_date``); a :class:`Register` checks the rules that span
records and places every path under the collection (``cases[12].children[1].birth_date``).
No record's ``repr`` shows a birth date.

A case's line and openness on a date are stated once, as the functions
:func:`case_line_on` and :func:`case_closed_by` over the fields they read;
:meth:`Case.line_on` and :meth:`Case.is_open_on` apply them to a case, and the
aggregation applies them once per distinct input. Those two functions are
internal to the package (shared with the aggregation, not in
``ikomodel.__all__``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from ikomodel._core.countries import alpha2_codes, is_alpha2
from ikomodel._core.crossrecord import check_links, check_taxonomy, check_unique, index_by_id
from ikomodel._core.display import render
from ikomodel._core.errors import (
    NotFoundError,
    Problem,
    SchemaVersionError,
    ValidationError,
    quote_code,
    quote_id,
    quote_int,
)
from ikomodel._core.typecheck import check_arguments
from ikomodel._core.vocabulary import (
    ABDUCTION_CATEGORIES,
    MEDIATION_TRANSITIONS,
    TAXONOMIES,
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
    Taxonomy,
)

SCHEMA_VERSION = 1
"""The version of the register document format this release reads and writes."""

ADULT_AGE = 18

COUNTRY_CODE = "ikomodel.country_code"
"""The attrs metadata key that marks a field holding an ISO 3166-1 alpha-2 country code."""


def years_between(start: dt.date, end: dt.date) -> int:
    """Whole years from ``start`` to ``end``; a 29 February anniversary falls on 1 March.

    >>> years_between(dt.date(2012, 2, 29), dt.date(2021, 2, 28))
    8
    >>> years_between(dt.date(2012, 2, 29), dt.date(2021, 3, 1))
    9
    """
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def birthday_in(born: dt.date, year: int) -> dt.date:
    """Return the birthday in ``year`` of someone born on ``born`` (29 February: 1 March)."""
    try:
        return born.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 3, 1)


def birth_bounds(age: AgeAtDate) -> tuple[dt.date, dt.date]:
    """Return the earliest and the latest birth date of a child ``age.years`` old on ``age.on``.

    Exactly the dates ``born`` with ``years_between(born, age.on) == age.years``
    lie between the two, both included (clamped to the dates Python knows).

    >>> birth_bounds(AgeAtDate(years=5, on=dt.date(2021, 3, 10)))
    (datetime.date(2015, 3, 11), datetime.date(2016, 3, 10))
    >>> birth_bounds(AgeAtDate(years=0, on=dt.date(2024, 2, 29)))
    (datetime.date(2023, 3, 1), datetime.date(2024, 2, 29))
    """
    on, years = age.on, age.years
    if on.year - years - 1 < dt.MINYEAR:
        earliest = dt.date.min
    else:
        anniversary = birthday_in(on, on.year - years - 1)
        # The day after the (years + 1)th anniversary; for 29 February, 1 March.
        earliest = anniversary if anniversary.day != on.day else anniversary + _DAY
    if on.year - years < dt.MINYEAR:
        return earliest, dt.date.min
    try:
        latest = on.replace(year=on.year - years)
    except ValueError:  # born at the latest on 28 February of a common year
        latest = dt.date(on.year - years, 2, 28)
    return earliest, latest


def earliest_birth_of_a_minor(on: dt.date) -> dt.date:
    """Return the earliest birth date of someone who is a minor (0-17 years old) on ``on``.

    >>> earliest_birth_of_a_minor(dt.date(2021, 3, 10))
    datetime.date(2003, 3, 11)
    """
    return birth_bounds(AgeAtDate(years=ADULT_AGE - 1, on=on))[0]


_DAY = dt.timedelta(days=1)


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise ValidationError(problems)


def _check_agency(kind: ClientKind, agency: AgencyKind | None, problems: list[Problem]) -> None:
    if kind is ClientKind.PROFESSIONAL and agency is None:
        problems.append(
            Problem(path="agency", message="a professional needs an agency kind, e.g. 'police'")
        )
    elif kind is not ClientKind.PROFESSIONAL and agency is not None:
        problems.append(
            Problem(path="agency", message=f"only a professional has an agency kind, not a {kind}")
        )


@attrs.frozen(kw_only=True)
class Party:
    """A person or body involved in a case, with the roles it holds there.

    One party can hold several roles: a mother who calls about her own
    threatened abduction is both ``initiator`` and ``taking_parent``.

    >>> Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR, Role.LEFT_BEHIND_PARENT))
    Party(kind=<ClientKind.MOTHER: 'mother'>, roles=(<Role.INITIATOR: 'initiator'>, \
<Role.LEFT_BEHIND_PARENT: 'left_behind_parent'>), agency=None)
    """

    kind: ClientKind
    """Who the party is: mother, father, relative, friend or neighbour, or professional."""
    roles: tuple[Role, ...]
    """The roles the party holds in the case, each once; at least one."""
    agency: AgencyKind | None = None
    """The kind of agency a professional works for; given exactly for a professional."""

    __attrs_pre_init__ = check_arguments  # the field types (not on the readers' path)

    def __attrs_post_init__(self) -> None:
        roles = self.roles
        if (
            roles.__class__ is tuple
            and (len(roles) == 1 or (len(roles) == 2 and not roles[0] == roles[1]))  # noqa: SIM201
        ) and (self.kind is _PROFESSIONAL) is (self.agency is not None):
            return  # the common shapes, checked without building a problem list
        problems: list[Problem] = []
        if not roles:
            problems.append(Problem(path="roles", message="a party holds at least one role"))
        elif len(set(roles)) != len(roles):
            problems.append(Problem(path="roles", message="each role is listed once"))
        _check_agency(self.kind, self.agency, problems)
        _raise_if(problems)


@attrs.frozen(kw_only=True)
class AgeAtDate:
    """A child's age in whole years on a stated date, used when the birth date is unknown.

    The age allows the birth dates of one year: from the day after the
    ``years + 1``-th birthday before ``on`` up to the ``years``-th. A case
    accepts the child when one of them passes the rules a stated birth date
    must pass: born on or before the opening and the wrongful removal or
    retention, and a minor when the case opened.

    >>> AgeAtDate(years=5, on=dt.date(2021, 3, 10))
    AgeAtDate(years=5, on=datetime.date(2021, 3, 10))
    """

    years: int
    """The child's age in whole years on ``on``, from 0 to 17."""
    on: dt.date
    """The date on which the child had that age."""

    __attrs_pre_init__ = check_arguments  # the field types (not on the readers' path)

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.years < ADULT_AGE:
            raise ValidationError.single("years", "a child's age is a whole number from 0 to 17")


@attrs.frozen(kw_only=True)
class Child:
    """A child in a case, known by a pseudonymous id.

    Either the birth date or, when only that is known, the age at a stated
    date is recorded; the age on any other date is computed by :meth:`age_on`.
    The birth date never appears in ``repr``.

    >>> child = Child(id="c-1", birth_date=dt.date(2015, 6, 1))
    >>> child
    Child(id='c-1', age_at=None, sex=None)
    >>> child.age_on(dt.date(2021, 5, 31))
    5
    """

    id: str
    """Pseudonymous child id, unique among the children of its case."""
    birth_date: dt.date | None = attrs.field(default=None, repr=False)
    """The birth date; give exactly one of ``birth_date`` and ``age_at``. Never in ``repr``."""
    age_at: AgeAtDate | None = None
    """The age at a stated date, when the birth date is not known."""
    sex: Sex | None = None
    """The child's registered sex, where known."""

    __attrs_pre_init__ = check_arguments  # the field types (not on the readers' path)

    def __attrs_post_init__(self) -> None:
        if self.id and (self.birth_date is None) is not (self.age_at is None):
            return
        problems: list[Problem] = []
        if not self.id:
            problems.append(Problem(path="id", message="a child needs a non-empty pseudonymous id"))
        if (self.birth_date is None) == (self.age_at is None):
            problems.append(
                Problem(
                    path="birth_date",
                    message="give exactly one of birth_date (YYYY-MM-DD) or age_at "
                    '({"years": N, "on": "YYYY-MM-DD"})',
                )
            )
        _raise_if(problems)

    def age_on(self, on: dt.date) -> int:
        """Return the child's age in whole years on ``on``.

        With only an age at a stated date, the age is counted on from that
        date as if the birthday fell on it: a lower bound, exact on that date.
        Before the stated date the count can fall below 0 while the child
        may already be born (the stated age allows an earlier birth date);
        the age is then 0, and below 0 only before every birth date the
        stated age allows.
        """
        if self.birth_date is not None:
            return years_between(self.birth_date, on)
        age_at = self.age_at
        assert age_at is not None
        age = age_at.years + years_between(age_at.on, on)
        if age < 0 and on >= birth_bounds(age_at)[0]:
            return 0
        return age


@attrs.frozen(kw_only=True)
class Case:
    """A first- or second-line case of Centrum IKO.

    Attributes:
        id: Pseudonymous case id, unique in its register.
        opened: The date the case was opened.
        line: The line the case is on now (after any escalation).
        category: One of the twelve categories of report section 1.7.
        parties: The parties; exactly one holds the ``initiator`` role.
        children: The children involved.
        escalated: The date a case opened on the first line moved to the
            second line, if it did.
        closed: The date the case was closed, if it was.
        closure_reason: Why it was closed; given exactly when ``closed`` is.
        habitual_residence: ISO 3166-1 alpha-2 code of the country where the
            children lived before (the "from" side).
        destination: ISO 3166-1 alpha-2 code of the country the children were
            taken to, threatened to be taken to, or are to relocate to.
        taking_person: Who took the child; only for abduction categories.
        removal_date: Date of the wrongful removal or retention; only for
            abduction categories.
        came_back_as_abduction: For prevention cases: whether the case later
            came back as an actual abduction (``None`` when not known).
    """

    id: str
    opened: dt.date
    line: Line
    category: Category
    parties: tuple[Party, ...]
    children: tuple[Child, ...] = ()
    escalated: dt.date | None = None
    closed: dt.date | None = None
    closure_reason: ClosureReason | None = None
    habitual_residence: str | None = attrs.field(default=None, metadata={COUNTRY_CODE: True})
    destination: str | None = attrs.field(default=None, metadata={COUNTRY_CODE: True})
    taking_person: TakingPerson | None = None
    removal_date: dt.date | None = None
    came_back_as_abduction: bool | None = None

    __attrs_pre_init__ = check_arguments  # the field types (not on the readers' path)

    def __attrs_post_init__(self) -> None:
        problems = case_problems(self)
        if problems:
            raise ValidationError(problems)

    @property
    def initiator(self) -> Party:
        """The party holding the ``initiator`` role: the one who brought the case to the centre."""
        for party in self.parties:
            if Role.INITIATOR in party.roles:
                return party
        raise AssertionError("unreachable: a case always has an initiator")  # pragma: no cover

    @property
    def opening_line(self) -> Line:
        """The line the case was opened on."""
        return Line.FIRST if self.escalated is not None else self.line

    def line_on(self, on: dt.date) -> Line:
        """Return the line the case was on at date ``on`` (the rule :func:`case_line_on`)."""
        return case_line_on(self.line, self.escalated, on)

    def is_open_on(self, on: dt.date) -> bool:
        """Return whether the case was open at the end of day ``on``.

        It was opened on or before ``on`` and not closed by then (the rule
        :func:`case_closed_by`).
        """
        return self.opened <= on and not case_closed_by(self.closed, on)


def case_line_on(line: Line, escalated: dt.date | None, on: dt.date) -> Line:
    """Return the line on ``on`` of a case on ``line`` now, escalated on ``escalated`` if it was.

    A case escalated to the second line was on the first line before the day
    of its escalation and on its line from that day on; a case never
    escalated was always on its line. The rule of :meth:`Case.line_on`, on
    the two fields it reads, so that an aggregation can apply it once per
    distinct pair.

    >>> case_line_on(Line.SECOND, dt.date(2022, 1, 10), dt.date(2021, 12, 31))
    <Line.FIRST: 'first'>
    >>> case_line_on(Line.SECOND, dt.date(2021, 12, 31), dt.date(2021, 12, 31))
    <Line.SECOND: 'second'>
    """
    if escalated is not None and on < escalated:
        return Line.FIRST
    return line


def case_closed_by(closed: dt.date | None, on: dt.date) -> bool:
    """Return whether a case closed on ``closed`` is closed at the end of day ``on``.

    ``closed`` is the closing date, ``None`` for a case not closed. A case
    closed on a day is closed at the end of that day. With the opening date,
    the rule of :meth:`Case.is_open_on`: a case is open on a day when it was
    opened on or before it and is not closed by its end.

    >>> year_end = dt.date(2021, 12, 31)
    >>> case_closed_by(year_end, year_end)
    True
    >>> case_closed_by(dt.date(2022, 1, 1), year_end), case_closed_by(None, year_end)
    (False, False)
    """
    return closed is not None and closed <= on


def case_problems(case: Case) -> list[Problem]:
    """Return every single-record problem of ``case``, with paths relative to the case."""
    # Written for the happy path of a bulk load: each rule is a cheap test of
    # local values, and a problem (and its message) is only built when it fails.
    problems: list[Problem] = []
    opened, closed, escalated = case.opened, case.closed, case.escalated
    if not case.id:
        problems.append(Problem(path="id", message="a case needs a non-empty pseudonymous id"))
    if (closed is None) is not (case.closure_reason is None):
        problems.append(
            Problem(
                path="closure_reason",
                message="give closure_reason exactly when closed is given "
                "(one of: " + ", ".join(ClosureReason) + ")",
            )
        )
    if closed is not None and closed < opened:
        problems.append(
            Problem(path="closed", message=f"closed before the case was opened ({opened})")
        )
    if escalated is not None:
        if case.line is not _SECOND:
            problems.append(
                Problem(path="escalated", message="only a second-line case can have escalated")
            )
        if escalated < opened or (closed is not None and escalated > closed):
            problems.append(
                Problem(
                    path="escalated",
                    message="escalation must fall between the opening and the closing date",
                )
            )
    initiators = 0
    for party in case.parties:
        if _INITIATOR in party.roles:
            initiators += 1
    if initiators != 1:
        problems.append(
            Problem(
                path="parties",
                message=f"exactly one party holds the 'initiator' role (found {initiators})",
            )
        )
    children = case.children
    if children and not _children_are_valid(children, opened, case.removal_date):
        _child_problems(children, opened, case.removal_date, problems)
    residence, destination = case.habitual_residence, case.destination
    if residence is not None or destination is not None:
        codes = alpha2_codes()
        if residence is not None and not (residence.__class__ is str and residence in codes):
            _country_problem("habitual_residence", residence, problems)
        if destination is not None and not (destination.__class__ is str and destination in codes):
            _country_problem("destination", destination, problems)
    taking_person, removal_date = case.taking_person, case.removal_date
    if (taking_person is not None or removal_date is not None) and (
        case.category not in ABDUCTION_CATEGORIES
    ):
        for field, value in (("taking_person", taking_person), ("removal_date", removal_date)):
            if value is not None:
                problems.append(
                    Problem(
                        path=field,
                        message=f"only abduction cases have a {field}, not a {case.category} case",
                    )
                )
    if case.came_back_as_abduction is not None and case.category is not _PREVENTION:
        problems.append(
            Problem(
                path="came_back_as_abduction",
                message=f"only prevention cases can come back as an abduction, "
                f"not a {case.category} case",
            )
        )
    return problems


# Members read in the checks of every record: an attribute of an enum class costs
# about ten times a global's on CPython 3.11 (the enum metaclass's lookup).
_INITIATOR = Role.INITIATOR
_PROFESSIONAL = ClientKind.PROFESSIONAL
_SECOND = Line.SECOND
_PREVENTION = Category.PREVENTION
_NOT_STARTED = MediationStage.NOT_STARTED


def _children_are_valid(
    children: Sequence[Child], opened: dt.date, removal: dt.date | None
) -> bool:
    """Return whether the children surely pass :func:`_child_problems` (a quick check).

    That is: distinct ids, and each child born on or before ``opened`` and
    ``removal`` in one of the 17 calendar years before ``opened``; a child
    with an age stated on or before both dates is born by then, and surely a
    minor when the case opened if the stated age plus the calendar years
    between is under 18. ``False`` only means: look closer.
    """
    adult_year = opened.year - ADULT_AGE
    born_by = opened if removal is None or removal > opened else removal
    for child in children:
        birth = child.birth_date
        if birth is None:
            age = child.age_at
            # Stated on or before both dates, and a minor then: the later a
            # birth date, the more surely possible (the removal follows it too).
            if (
                age is None
                or age.on > born_by
                or age.years + opened.year - age.on.year >= ADULT_AGE
            ):
                return False
        elif birth > born_by or birth.year <= adult_year:
            return False
    if len(children) == 1:
        return True
    if len(children) == 2:
        return not children[0].id == children[1].id  # noqa: SIM201 - what a set would say
    return len({child.id for child in children}) == len(children)


def _child_problems(
    children: Sequence[Child],
    opened: dt.date,
    removal: dt.date | None,
    problems: list[Problem],
) -> None:
    """Check the children of a case: unique ids, each possible in the world.

    A child is born on or before the case opened and on or before the
    wrongful removal or retention (``removal``), and is a minor (0-17) when
    the case opened. A child recorded with an age at a stated date passes
    when some birth date that age allows passes (see :func:`birth_bounds`).
    No message shows a birth date.
    """
    seen: set[str] = set()
    for i, child in enumerate(children):
        if child.id in seen:
            problems.append(Problem(path=f"children[{i}].id", message="duplicate child id"))
        seen.add(child.id)
        birth = child.birth_date
        if birth is None:
            _age_problems(child, opened, removal, f"children[{i}].age_at", problems)
        elif birth > opened:
            problems.append(
                Problem(
                    path=f"children[{i}].birth_date",
                    message=f"the child is born after the case was opened ({opened})",
                )
            )
        elif removal is not None and birth > removal:
            problems.append(
                Problem(
                    path=f"children[{i}].birth_date",
                    message="the child is born after the wrongful removal or retention "
                    f"({removal}, the removal_date)",
                )
            )
        # A child born fewer than 18 calendar years before is a minor: the
        # exact age is only needed near the 18th birthday.
        elif opened.year - birth.year >= ADULT_AGE and child.age_on(opened) >= ADULT_AGE:
            problems.append(_adult_problem(f"children[{i}].birth_date", opened))


def _adult_problem(path: str, opened: dt.date) -> Problem:
    return Problem(
        path=path,
        message=f"the child is 18 or older when the case was opened ({opened}); "
        "only minors (0-17) are cases",
    )


def _age_problems(
    child: Child, opened: dt.date, removal: dt.date | None, path: str, problems: list[Problem]
) -> None:
    """Check that some birth date the stated age of ``child`` allows makes a possible child."""
    age_at = child.age_at
    if age_at is None:  # reported by the child itself
        return
    earliest = birth_bounds(age_at)[0]
    if earliest > opened:
        problems.append(
            Problem(
                path=path,
                message="the stated age means the child is born after the case was opened "
                f"({opened})",
            )
        )
    elif removal is not None and earliest > removal:
        problems.append(
            Problem(
                path=path,
                message="the stated age means the child is born after the wrongful removal "
                f"or retention ({removal}, the removal_date)",
            )
        )
    elif child.age_on(opened) >= ADULT_AGE:
        problems.append(_adult_problem(path, opened))
    elif removal is not None and removal < earliest_birth_of_a_minor(opened):
        problems.append(
            Problem(
                path=path,
                message="a child who is a minor when the case was opened is born after the "
                f"wrongful removal or retention ({removal}, the removal_date)",
            )
        )


def _country_problem(field: str, code: object, problems: list[Problem]) -> None:
    """Report ``code`` in ``field`` unless it is an ISO 3166-1 alpha-2 code (str subclasses too)."""
    if not is_alpha2(code):
        problems.append(
            Problem(
                path=field,
                message=f"{quote_code(code)} is not an ISO 3166-1 alpha-2 country code "
                "(two upper-case letters such as 'NL' or 'MA')",
            )
        )


@attrs.frozen(kw_only=True)
class Contact:
    """One telephone call or e-mail with a client.

    Contacts are records of their own: in 2021 there were 9,596 contacts
    against 5,020 cases.
    """

    id: str
    """Pseudonymous contact id, unique in its register."""
    on: dt.date
    """The date of the call or e-mail."""
    channel: Channel
    """How the contact reached the centre: telephone or e-mail."""
    client: ClientKind
    """Who contacted the centre."""
    agency: AgencyKind | None = None
    """The kind of agency a professional client works for; given exactly for a professional."""
    case_id: str | None = None
    """The case the contact belongs to, if any; it must be a case in the same register."""

    __attrs_pre_init__ = check_arguments  # the field types (not on the readers' path)

    def __attrs_post_init__(self) -> None:
        if self.id and (self.client is _PROFESSIONAL) is (self.agency is not None):
            return
        problems: list[Problem] = []
        if not self.id:
            problems.append(Problem(path="id", message="a contact needs a non-empty id"))
        _check_agency(self.client, self.agency, problems)
        _raise_if(problems)


@attrs.frozen(kw_only=True)
class StageChange:
    """A mediation request entering a stage on a date; ``reason`` only for ``not_started``."""

    stage: MediationStage
    """The stage the request entered."""
    on: dt.date
    """The date it entered the stage."""
    reason: NotStartedReason | None = None
    """Why the mediation did not start; given exactly for the ``not_started`` stage."""

    __attrs_pre_init__ = check_arguments  # the field types (not on the readers' path)

    def __attrs_post_init__(self) -> None:
        if (self.stage is _NOT_STARTED) != (self.reason is not None):
            raise ValidationError.single(
                "reason",
                "a reason is given exactly for the 'not_started' stage (one of: "
                + ", ".join(NotStartedReason)
                + ")",
            )


@attrs.frozen(kw_only=True)
class MediationRequest:
    """A request for cross-border mediation to the Mediation Bureau.

    Attributes:
        id: Pseudonymous id of the request.
        kind: IKO (in an abduction case) or NIKO (any other case).
        received: The date the request was received.
        case_id: The case the request belongs to.
        stages: The stage history, starting with ``received`` on the received
            date, each step allowed by :data:`MEDIATION_TRANSITIONS`, dates not
            decreasing.
        outcome: ``running`` while in mediation, an agreement outcome once
            concluded, ``None`` otherwise.
        child_interviews: Interviews held with children (kindgesprekken).
        children_heard: Children heard; one interview can hear several.
        special_guardian: Whether a special guardian (bijzondere curator) was
            arranged.
    """

    id: str
    kind: MediationKind
    received: dt.date
    case_id: str
    stages: tuple[StageChange, ...]
    outcome: MediationOutcome | None = None
    child_interviews: int = 0
    children_heard: int = 0
    special_guardian: bool = False

    __attrs_pre_init__ = check_arguments  # the field types (not on the readers' path)

    def __attrs_post_init__(self) -> None:
        _raise_if(mediation_problems(self))

    @property
    def stage(self) -> MediationStage:
        """The current (last) stage."""
        return self.stages[-1].stage

    def reached(self, stage: MediationStage) -> bool:
        """Return whether the request has passed through ``stage``."""
        return any(change.stage is stage for change in self.stages)

    @property
    def not_started_reason(self) -> NotStartedReason | None:
        """Why the mediation did not start, if it did not."""
        last = self.stages[-1]
        return last.reason if last.stage is MediationStage.NOT_STARTED else None


def mediation_problems(request: MediationRequest) -> list[Problem]:
    """Return every single-record problem of a mediation request."""
    problems: list[Problem] = []
    if not request.id:
        problems.append(Problem(path="id", message="a mediation request needs a non-empty id"))
    stages = request.stages
    if not stages or stages[0].stage is not MediationStage.RECEIVED:
        problems.append(Problem(path="stages", message="the stage history starts with 'received'"))
    elif stages[0].on != request.received:
        problems.append(
            Problem(path="stages[0].on", message="'received' falls on the received date")
        )
    for i in range(1, len(stages)):
        before, after = stages[i - 1], stages[i]
        if after.stage not in MEDIATION_TRANSITIONS[before.stage]:
            allowed = ", ".join(sorted(MEDIATION_TRANSITIONS[before.stage])) or "nothing"
            problems.append(
                Problem(
                    path=f"stages[{i}].stage",
                    message=f"'{after.stage}' cannot follow '{before.stage}' (allowed: {allowed})",
                )
            )
        if after.on < before.on:
            problems.append(
                Problem(path=f"stages[{i}].on", message="stage dates never go back in time")
            )
    if stages:
        last = stages[-1].stage
        if last is MediationStage.CONCLUDED:
            if request.outcome not in {
                MediationOutcome.FULL_AGREEMENT,
                MediationOutcome.MIRROR_AGREEMENT,
                MediationOutcome.NO_AGREEMENT,
            }:
                problems.append(
                    Problem(
                        path="outcome",
                        message="a concluded mediation has an outcome: full_agreement, "
                        "mirror_agreement or no_agreement",
                    )
                )
        elif last is MediationStage.IN_MEDIATION:
            if request.outcome is not MediationOutcome.RUNNING:
                problems.append(
                    Problem(path="outcome", message="a mediation in progress has outcome 'running'")
                )
        elif request.outcome is not None:
            problems.append(
                Problem(
                    path="outcome",
                    message=f"a mediation that never started has no outcome (stage is '{last}')",
                )
            )
    if request.child_interviews < 0 or request.children_heard < 0:
        problems.append(
            Problem(path="child_interviews", message="counts are whole numbers of 0 or more")
        )
    elif (request.child_interviews == 0) != (request.children_heard == 0) or (
        request.children_heard < request.child_interviews
    ):
        problems.append(
            Problem(
                path="children_heard",
                message="each child interview hears at least one child: children_heard >= "
                "child_interviews, and both are 0 or both positive",
            )
        )
    return problems


def _taxonomies(value: Iterable[Taxonomy]) -> tuple[Taxonomy, ...]:
    """The taxonomies of a register, as a tuple; each must be a :class:`Taxonomy`."""
    if isinstance(value, Taxonomy):
        raise ValidationError.single(
            "taxonomies", "a tuple of taxonomies, such as (mine, *TAXONOMIES), not one taxonomy"
        )
    found = tuple(value)
    for i, taxonomy in enumerate(found):
        if not isinstance(taxonomy, Taxonomy):
            raise ValidationError.single(f"taxonomies[{i}]", "a Taxonomy")
    return found


@attrs.frozen(kw_only=True, repr=False)
class Register:
    """The cases, contacts and mediation requests of one organisation.

    Ids are unique per collection, every ``case_id`` points at a case in the
    register, and every case's category belongs to the taxonomy of the year
    it was opened: a case is opened from the year the centre began
    (:data:`~ikomodel.FOUNDING_YEAR`) on. Its ``repr`` counts the records (a
    register may hold a million); in Jupyter it shows an HTML summary: the
    records per collection and year, and the first cases (never a birth date).

    >>> register = Register()
    >>> len(register.cases), register.schema_version
    (0, 1)
    >>> register
    Register(0 cases, 0 contacts, 0 mediation_requests)
    """

    cases: tuple[Case, ...] = ()
    """The cases, each id once."""
    contacts: tuple[Contact, ...] = ()
    """The contacts, each id once; a ``case_id`` points at one of the cases."""
    mediation_requests: tuple[MediationRequest, ...] = ()
    """The mediation requests, each id once; each ``case_id`` points at one of the cases."""
    schema_version: int = SCHEMA_VERSION
    """The version of the register document format; only :data:`SCHEMA_VERSION` is accepted."""
    taxonomies: tuple[Taxonomy, ...] = attrs.field(
        default=TAXONOMIES, converter=_taxonomies, eq=False, repr=False
    )
    """The case taxonomies the cases are checked against, and that
    :func:`~ikomodel.annual_report` uses: the first that covers the year a
    case was opened applies. By default the library's
    :data:`~ikomodel.TAXONOMIES`; put your own before them:
    ``taxonomies=(mine, *TAXONOMIES)``. Not written to a register document,
    and not compared by ``==``."""
    # The records by id, built on first look-up (a register is checked with sets of ids).
    _case_index: dict[str, Case] | None = attrs.field(
        init=False, default=None, repr=False, eq=False
    )
    _mediation_index: dict[str, MediationRequest] | None = attrs.field(
        init=False, default=None, repr=False, eq=False
    )

    __attrs_pre_init__ = check_arguments  # the field types (not on the readers' path)

    def __attrs_post_init__(self) -> None:
        if self.schema_version != SCHEMA_VERSION:
            raise SchemaVersionError(
                [
                    Problem(
                        path="schema_version",
                        message=f"unknown schema version {quote_int(self.schema_version)}; "
                        f"this release reads version {SCHEMA_VERSION}",
                    )
                ]
            )
        problems: list[Problem] = []
        case_ids = check_unique(self.cases, "cases", problems)
        check_unique(self.contacts, "contacts", problems)
        check_unique(self.mediation_requests, "mediation_requests", problems)
        check_taxonomy(self.cases, problems, self.taxonomies)
        check_links("contacts", self.contacts, case_ids, problems)
        check_links("mediation_requests", self.mediation_requests, case_ids, problems)
        _raise_if(problems)

    def _cases_by_id(self) -> dict[str, Case]:
        index = self._case_index
        if index is None:  # ids are unique: nothing to report
            index = index_by_id(self.cases, "cases", [])
            object.__setattr__(self, "_case_index", index)
        return index

    def _mediation_requests_by_id(self) -> dict[str, MediationRequest]:
        index = self._mediation_index
        if index is None:
            index = index_by_id(self.mediation_requests, "mediation_requests", [])
            object.__setattr__(self, "_mediation_index", index)
        return index

    @property
    def years(self) -> range:
        """The years the register covers: from the earliest to the latest year of a record.

        A record's year is the year a case was opened, a contact was made or
        a mediation request was received; an empty register covers no year.

        >>> Register().years
        range(0, 0)
        """
        years = {case.opened.year for case in self.cases}
        years.update(contact.on.year for contact in self.contacts)
        years.update(request.received.year for request in self.mediation_requests)
        if not years:
            return range(0)
        return range(min(years), max(years) + 1)

    def case(self, case_id: str) -> Case:
        """Return the case with id ``case_id``.

        Raises:
            NotFoundError: there is no such case.
        """
        try:
            return self._cases_by_id()[case_id]
        except KeyError:
            raise NotFoundError(f"no case with id {quote_id(case_id)} in this register") from None

    def get_case(self, case_id: str, default: Case | None = None) -> Case | None:
        """Return the case with id ``case_id``, or ``default``."""
        return self._cases_by_id().get(case_id, default)

    def mediation_request(self, request_id: str) -> MediationRequest:
        """Return the mediation request with id ``request_id``.

        Raises:
            NotFoundError: there is no such request.
        """
        try:
            return self._mediation_requests_by_id()[request_id]
        except KeyError:
            raise NotFoundError(f"no mediation request with id {quote_id(request_id)}") from None

    def contacts_of(self, case_id: str) -> Iterator[Contact]:
        """Yield the contacts that belong to case ``case_id``."""
        return (c for c in self.contacts if c.case_id == case_id)

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(getattr(self, c.name))} {c.name}" for c in COLLECTIONS)
        return f"Register({counts})"

    def _repr_html_(self) -> str:
        return render(self)

    def __or__(self, other: Register) -> Register:
        """Return the union of two registers; their ids must not overlap.

        The union is checked against the taxonomies of the left register.
        """
        if not isinstance(other, Register):
            return NotImplemented
        return Register(
            **{c.name: getattr(self, c.name) + getattr(other, c.name) for c in COLLECTIONS},
            taxonomies=self.taxonomies,
        )


@attrs.frozen
class Collection:
    """One collection of a register: its name, its record class, the tag of its JSON Lines."""

    name: str
    """The attribute of :class:`Register` and the key of a register document."""
    record: type[Any]
    """The class of its records."""
    tag: str
    """The value of the ``record`` key of each of its lines in a JSON Lines register."""


COLLECTIONS: tuple[Collection, ...] = (
    Collection(name="cases", record=Case, tag="case"),
    Collection(name="contacts", record=Contact, tag="contact"),
    Collection(name="mediation_requests", record=MediationRequest, tag="mediation_request"),
)
"""The collections of a register, in the order of its documents: the one map of them.

Every reader, writer and schema of a register reads its collections here.
"""
