"""The life cycle of a case and of a mediation request, as pure transitions.

Each transition takes a record and a date and returns a *new* record; an
illegal step raises :class:`~ikomodel.TransitionError` and changes nothing
(records are frozen). Dates never go back: every step happens on or after
the latest date already in the record.

A case::

    open_case ──> (first line) ──escalate_case──> (second line)
        │                 │                            │
        └─────────────────┴──────── close_case ────────┘
                                        │
                        reopen_case ──> a *new* follow-up case

A closed case is never reopened in place. The annual report counts cases
closed in a year and cases carried over to the next one; rewriting a closure
would silently change figures already published for that year. A case that
comes back is opened as a follow-up case with its own id, on the date it
comes back, with the same category, parties, children and countries; the
closed case keeps its closing date and reason.

A mediation request follows :data:`~ikomodel.MEDIATION_TRANSITIONS`::

    received ──> not_started (with a reason)
        └──> intake ──> stopped
                └──> in_mediation (outcome 'running') ──> concluded (with an agreement outcome)
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import attrs

from ikomodel._core.errors import WORD_SHAPE, TransitionError, ValidationError, quote, quote_id
from ikomodel._core.records import Case, Child, MediationRequest, Party, StageChange
from ikomodel._core.vocabulary import (
    MEDIATION_TRANSITIONS,
    Category,
    ClosureReason,
    Line,
    MediationKind,
    MediationOutcome,
    MediationStage,
    NotStartedReason,
    TakingPerson,
)

_Record = TypeVar("_Record", Case, MediationRequest)

CONCLUDING_OUTCOMES: frozenset[MediationOutcome] = frozenset(
    {
        MediationOutcome.FULL_AGREEMENT,
        MediationOutcome.MIRROR_AGREEMENT,
        MediationOutcome.NO_AGREEMENT,
    }
)
"""The outcomes a mediation can be concluded with (``running`` is not one)."""


def _evolve(record: _Record, what: str, **changes: Any) -> _Record:
    try:
        return attrs.evolve(record, **changes)
    except ValidationError as error:
        raise TransitionError(f"{what}: the result would be invalid:\n{error}") from error


def _not_before(latest: dt.date, on: dt.date, what: str) -> None:
    if on < latest:
        raise TransitionError(
            f"{what} on {on}: dates never go back; give a date on or after {latest}"
        )


def case_last_date(case: Case) -> dt.date:
    """Return the latest date recorded in ``case``: its last step.

    >>> from ikomodel import ClientKind, Role
    >>> parent = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))
    >>> case = open_case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.FIRST,
    ...                  category=Category.PREVENTION, parties=(parent,))
    >>> case_last_date(escalate_case(case, dt.date(2021, 3, 9)))
    datetime.date(2021, 3, 9)
    """
    dates = [case.opened, case.escalated, case.closed]
    return max(d for d in dates if d is not None)


def open_case(
    *,
    id: str,
    opened: dt.date,
    line: Line,
    category: Category,
    parties: tuple[Party, ...],
    children: tuple[Child, ...] = (),
    habitual_residence: str | None = None,
    destination: str | None = None,
    taking_person: TakingPerson | None = None,
    removal_date: dt.date | None = None,
) -> Case:
    """Return a newly opened case: open, not escalated, on the line given.

    Which line a new case starts on is a classification question (relatives,
    friends and professionals always start on the first line); this function
    records the answer.

    Raises:
        ValidationError: the fields do not make a valid case.

    >>> from ikomodel import ClientKind, Role
    >>> parent = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))
    >>> case = open_case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.FIRST,
    ...                  category=Category.PREVENTION, parties=(parent,))
    >>> case.is_open_on(dt.date(2021, 12, 31))
    True
    """
    return Case(
        id=id,
        opened=opened,
        line=line,
        category=category,
        parties=parties,
        children=children,
        habitual_residence=habitual_residence,
        destination=destination,
        taking_person=taking_person,
        removal_date=removal_date,
    )


def escalate_case(case: Case, on: dt.date) -> Case:
    """Return ``case`` moved from the first to the second line on ``on``.

    Raises:
        TransitionError: the case is closed, is on the second line already,
            or ``on`` is before its opening date.

    >>> from ikomodel import ClientKind, Role
    >>> parent = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))
    >>> case = open_case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.FIRST,
    ...                  category=Category.PREVENTION, parties=(parent,))
    >>> later = escalate_case(case, dt.date(2021, 3, 9))
    >>> later.line, later.opening_line, later.escalated
    (<Line.SECOND: 'second'>, <Line.FIRST: 'first'>, datetime.date(2021, 3, 9))
    """
    if case.closed is not None:
        raise TransitionError(
            f"cannot escalate case {quote_id(case.id)}: it was closed on {case.closed}; "
            "a case that comes back is opened again with reopen_case"
        )
    if case.line is not Line.FIRST:
        raise TransitionError(
            f"cannot escalate case {quote_id(case.id)}: it is on the second line already"
        )
    _not_before(case_last_date(case), on, f"cannot escalate case {quote_id(case.id)}")
    return _evolve(case, f"escalating case {quote_id(case.id)}", line=Line.SECOND, escalated=on)


def close_case(case: Case, on: dt.date, reason: ClosureReason) -> Case:
    """Return ``case`` closed on ``on`` for ``reason``.

    Raises:
        TransitionError: the case is closed already, or ``on`` is before its
            last step (opening or escalation).

    >>> from ikomodel import ClientKind, Role
    >>> parent = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))
    >>> case = open_case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.SECOND,
    ...                  category=Category.PREVENTION, parties=(parent,))
    >>> closed = close_case(case, dt.date(2021, 6, 30), ClosureReason.RESOLVED)
    >>> closed.is_open_on(dt.date(2021, 6, 30)), closed.closure_reason
    (False, <ClosureReason.RESOLVED: 'resolved'>)
    """
    if case.closed is not None:
        raise TransitionError(
            f"cannot close case {quote_id(case.id)}: it was closed already on {case.closed}"
        )
    if not isinstance(reason, ClosureReason):
        raise TransitionError(
            f"cannot close case {quote_id(case.id)}: the reason is one of: "
            + ", ".join(ClosureReason)
        )
    _not_before(case_last_date(case), on, f"cannot close case {quote_id(case.id)}")
    return _evolve(case, f"closing case {quote_id(case.id)}", closed=on, closure_reason=reason)


def reopen_case(case: Case, on: dt.date, *, id: str) -> Case:
    """Return the follow-up case, opened on ``on`` with ``id``, of the closed ``case``.

    A closed case stays closed (its closing date and reason are part of the
    figures of its year); a case that comes back is a new case with its own
    id, on the line the closed case ended on, with the same category,
    parties, children, countries, taking person and removal date.

    Raises:
        TransitionError: the case is still open, ``on`` is before its closing
            date, ``id`` is the closed case's own id, or a child is no longer
            a minor on ``on``.

    >>> from ikomodel import ClientKind, Role
    >>> parent = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))
    >>> case = open_case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.SECOND,
    ...                  category=Category.PREVENTION, parties=(parent,))
    >>> closed = close_case(case, dt.date(2021, 6, 30), ClosureReason.UNREACHABLE)
    >>> again = reopen_case(closed, dt.date(2022, 1, 10), id="k-2")
    >>> again.id, again.opened, again.closed
    ('k-2', datetime.date(2022, 1, 10), None)
    """
    if case.closed is None:
        raise TransitionError(f"cannot reopen case {quote_id(case.id)}: it is still open")
    _not_before(case.closed, on, f"cannot reopen case {quote_id(case.id)}")
    if id == case.id:
        raise TransitionError(
            f"cannot reopen case {quote_id(case.id)} under its own id: the closed case stays "
            "as it was; give the follow-up case a new id"
        )
    return _evolve(
        case,
        f"reopening case {quote_id(case.id)}",
        id=id,
        opened=on,
        escalated=None,
        closed=None,
        closure_reason=None,
        came_back_as_abduction=None,
    )


def receive_mediation_request(
    *,
    id: str,
    kind: MediationKind,
    case_id: str,
    on: dt.date,
    special_guardian: bool = False,
) -> MediationRequest:
    """Return a mediation request received on ``on``, in stage ``received``.

    Raises:
        ValidationError: the fields do not make a valid request.

    >>> request = receive_mediation_request(id="m-1", kind=MediationKind.IKO,
    ...                                     case_id="k-1", on=dt.date(2021, 4, 1))
    >>> request.stage
    <MediationStage.RECEIVED: 'received'>
    """
    return MediationRequest(
        id=id,
        kind=kind,
        received=on,
        case_id=case_id,
        stages=(StageChange(stage=MediationStage.RECEIVED, on=on),),
        special_guardian=special_guardian,
    )


def _advance(
    request: MediationRequest,
    stage: MediationStage,
    on: dt.date,
    *,
    reason: NotStartedReason | None = None,
    outcome: MediationOutcome | None = None,
) -> MediationRequest:
    what = f"cannot move mediation request {quote_id(request.id)} to '{stage}'"
    if stage not in MEDIATION_TRANSITIONS[request.stage]:
        allowed = ", ".join(sorted(MEDIATION_TRANSITIONS[request.stage])) or "nothing (final)"
        raise TransitionError(f"{what}: it is '{request.stage}' (allowed next: {allowed})")
    _not_before(request.stages[-1].on, on, what)
    return _evolve(
        request,
        what,
        stages=(*request.stages, StageChange(stage=stage, on=on, reason=reason)),
        outcome=outcome,
    )


def decline_mediation_request(
    request: MediationRequest, on: dt.date, reason: NotStartedReason
) -> MediationRequest:
    """Return ``request`` marked as not started on ``on`` for ``reason`` (a final stage).

    Raises:
        TransitionError: the request is past ``received``, ``on`` is before
            its last stage, or ``reason`` is not a :class:`NotStartedReason`.

    >>> request = receive_mediation_request(id="m-1", kind=MediationKind.IKO,
    ...                                     case_id="k-1", on=dt.date(2021, 4, 1))
    >>> decline_mediation_request(request, dt.date(2021, 4, 20),
    ...                           NotStartedReason.FINANCIAL).not_started_reason
    <NotStartedReason.FINANCIAL: 'financial'>
    """
    if not isinstance(reason, NotStartedReason):
        raise TransitionError(
            f"cannot decline mediation request {quote_id(request.id)}: the reason is one of: "
            + ", ".join(NotStartedReason)
        )
    return _advance(request, MediationStage.NOT_STARTED, on, reason=reason)


def start_intake(request: MediationRequest, on: dt.date) -> MediationRequest:
    """Return ``request`` in intake from ``on``.

    Raises:
        TransitionError: the request is past ``received`` or ``on`` is before
            its last stage.
    """
    return _advance(request, MediationStage.INTAKE, on)


def stop_after_intake(request: MediationRequest, on: dt.date) -> MediationRequest:
    """Return ``request`` stopped on ``on`` after intake (or found unsuitable): a final stage.

    Raises:
        TransitionError: the request is not in intake or ``on`` is before its
            last stage.
    """
    return _advance(request, MediationStage.STOPPED, on)


def start_mediation(request: MediationRequest, on: dt.date) -> MediationRequest:
    """Return ``request`` in mediation from ``on``, with outcome ``running``.

    Raises:
        TransitionError: the request is not in intake or ``on`` is before its
            last stage.
    """
    return _advance(request, MediationStage.IN_MEDIATION, on, outcome=MediationOutcome.RUNNING)


def conclude_mediation(
    request: MediationRequest, on: dt.date, outcome: MediationOutcome
) -> MediationRequest:
    """Return ``request`` concluded on ``on`` with ``outcome`` (a final stage).

    Raises:
        TransitionError: the request is not in mediation, ``on`` is before
            its last stage, or ``outcome`` is not an agreement outcome
            (``full_agreement``, ``mirror_agreement`` or ``no_agreement``).

    >>> request = receive_mediation_request(id="m-1", kind=MediationKind.IKO,
    ...                                     case_id="k-1", on=dt.date(2021, 4, 1))
    >>> request = start_mediation(start_intake(request, dt.date(2021, 4, 8)),
    ...                           dt.date(2021, 4, 15))
    >>> done = conclude_mediation(request, dt.date(2021, 5, 2),
    ...                           MediationOutcome.MIRROR_AGREEMENT)
    >>> done.stage, done.outcome
    (<MediationStage.CONCLUDED: 'concluded'>, <MediationOutcome.MIRROR_AGREEMENT: \
'mirror_agreement'>)
    """
    if outcome not in CONCLUDING_OUTCOMES:
        raise TransitionError(
            f"cannot conclude mediation request {quote_id(request.id)} "
            f"with outcome {quote(outcome, WORD_SHAPE)}: "
            "a concluded mediation ends in full_agreement, mirror_agreement or no_agreement"
        )
    return _advance(request, MediationStage.CONCLUDED, on, outcome=outcome)


def record_child_interview(request: MediationRequest, *, children: int) -> MediationRequest:
    """Return ``request`` with one more child interview that heard ``children`` children.

    Interviews happen during intake or mediation.

    Raises:
        TransitionError: the request is not in intake or in mediation, or
            ``children`` is not a whole number of 1 or more.

    >>> request = receive_mediation_request(id="m-1", kind=MediationKind.IKO,
    ...                                     case_id="k-1", on=dt.date(2021, 4, 1))
    >>> request = record_child_interview(start_intake(request, dt.date(2021, 4, 8)), children=2)
    >>> request.child_interviews, request.children_heard
    (1, 2)
    """
    if request.stage not in {MediationStage.INTAKE, MediationStage.IN_MEDIATION}:
        raise TransitionError(
            f"cannot record a child interview in mediation request {quote_id(request.id)}: it is "
            f"'{request.stage}'; interviews happen during intake or mediation"
        )
    if isinstance(children, bool) or not isinstance(children, int) or children < 1:
        raise TransitionError(
            f"cannot record a child interview in mediation request {quote_id(request.id)}: "
            "an interview hears a whole number of 1 or more children"
        )
    return _evolve(
        request,
        f"recording a child interview in mediation request {quote_id(request.id)}",
        child_interviews=request.child_interviews + 1,
        children_heard=request.children_heard + children,
    )
