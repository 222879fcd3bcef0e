import datetime as dt
import itertools
from collections.abc import Callable

import attrs
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ikomodel import (
    CONCLUDING_OUTCOMES,
    Case,
    Category,
    Child,
    ClientKind,
    ClosureReason,
    Line,
    MediationKind,
    MediationOutcome,
    MediationRequest,
    MediationStage,
    NotStartedReason,
    Party,
    Role,
    TransitionError,
    ValidationError,
    case_last_date,
    close_case,
    conclude_mediation,
    decline_mediation_request,
    escalate_case,
    open_case,
    receive_mediation_request,
    record_child_interview,
    reopen_case,
    start_intake,
    start_mediation,
    stop_after_intake,
)

MOTHER = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR, Role.LEFT_BEHIND_PARENT))
DAY = dt.date(2021, 3, 1)


def first_line_case(**changes: object) -> Case:
    """A freshly opened first-line prevention case with one child."""
    fields: dict[str, object] = {
        "id": "k-1",
        "opened": DAY,
        "line": Line.FIRST,
        "category": Category.PREVENTION,
        "parties": (MOTHER,),
        "children": (Child(id="c-1", birth_date=dt.date(2016, 8, 15)),),
    }
    fields.update(changes)
    return open_case(**fields)  # type: ignore[arg-type]


def later(days: int) -> dt.date:
    return DAY + dt.timedelta(days=days)


def test_open_case_is_open_and_not_escalated() -> None:
    """A newly opened case is open, on the line given, with no escalation or closure."""
    case = first_line_case()
    assert (Line.FIRST, None, None, None) == (
        case.line,
        case.escalated,
        case.closed,
        case.closure_reason,
    )
    with pytest.raises(ValidationError):
        first_line_case(destination="Morocco")


def test_escalate_close_and_reopen_a_case() -> None:
    """A case moves to the second line, closes, and comes back as a new follow-up case."""
    case = escalate_case(first_line_case(), later(3))
    assert (Line.SECOND, later(3), Line.FIRST) == (case.line, case.escalated, case.opening_line)
    closed = close_case(case, later(40), ClosureReason.SUFFICIENTLY_INFORMED)
    assert (later(40), ClosureReason.SUFFICIENTLY_INFORMED) == (
        closed.closed,
        closed.closure_reason,
    )
    again = reopen_case(closed, later(300), id="k-2")
    expected = attrs.evolve(
        closed, id="k-2", opened=later(300), escalated=None, closed=None, closure_reason=None
    )
    assert expected == again
    assert Line.SECOND == again.opening_line


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (lambda c: escalate_case(c, later(-1)), "dates never go back"),
        (lambda c: escalate_case(escalate_case(c, later(1)), later(2)), "second line already"),
        (
            lambda c: escalate_case(close_case(c, later(1), ClosureReason.OTHER), later(2)),
            "closed on 2021-03-02",
        ),
        (lambda c: close_case(c, later(-5), ClosureReason.OTHER), "on or after 2021-03-01"),
        (
            lambda c: close_case(
                close_case(c, later(1), ClosureReason.OTHER), later(2), ClosureReason.OTHER
            ),
            "closed already",
        ),
        (
            lambda c: close_case(c, later(1), "resolved"),  # type: ignore[arg-type]
            "resolved, sufficiently_informed",
        ),
        (lambda c: reopen_case(c, later(1), id="k-2"), "still open"),
        (
            lambda c: reopen_case(close_case(c, later(9), ClosureReason.OTHER), later(9), id="k-1"),
            "new id",
        ),
        (
            lambda c: reopen_case(
                close_case(c, later(9), ClosureReason.OTHER), dt.date(2035, 1, 1), id="k-2"
            ),
            "only minors",
        ),
    ],
)
def test_illegal_case_steps_raise_transition_error(
    step: Callable[[Case], Case], message: str
) -> None:
    """Each illegal case step raises TransitionError with a message saying what is allowed."""
    with pytest.raises(TransitionError) as info:
        step(first_line_case())
    assert message in str(info.value)


def test_mediation_request_runs_through_to_an_agreement() -> None:
    """A request is received, taken in, mediated with interviews and concluded with an outcome."""
    request = receive_mediation_request(
        id="m-1", kind=MediationKind.IKO, case_id="k-1", on=later(0)
    )
    request = start_intake(request, later(2))
    request = record_child_interview(request, children=2)
    request = start_mediation(request, later(5))
    assert MediationOutcome.RUNNING == request.outcome
    request = record_child_interview(request, children=1)
    request = conclude_mediation(request, later(20), MediationOutcome.FULL_AGREEMENT)
    stages = [(s.stage, s.on) for s in request.stages]
    assert [
        (MediationStage.RECEIVED, later(0)),
        (MediationStage.INTAKE, later(2)),
        (MediationStage.IN_MEDIATION, later(5)),
        (MediationStage.CONCLUDED, later(20)),
    ] == stages
    assert (MediationOutcome.FULL_AGREEMENT, 2, 3) == (
        request.outcome,
        request.child_interviews,
        request.children_heard,
    )


def test_declined_and_stopped_requests_have_no_outcome() -> None:
    """A request that never starts, or stops after intake, ends without an outcome."""
    received = receive_mediation_request(
        id="m-1", kind=MediationKind.NIKO, case_id="k-1", on=later(0)
    )
    declined = decline_mediation_request(received, later(1), NotStartedReason.PAYMENT_LATE)
    stopped = stop_after_intake(start_intake(received, later(1)), later(4))
    assert (MediationStage.NOT_STARTED, NotStartedReason.PAYMENT_LATE, None) == (
        declined.stage,
        declined.not_started_reason,
        declined.outcome,
    )
    assert (MediationStage.STOPPED, None) == (stopped.stage, stopped.outcome)


def test_concluding_with_running_is_refused() -> None:
    """A mediation cannot be concluded with the outcome 'running'."""
    request = start_mediation(
        start_intake(
            receive_mediation_request(id="m-1", kind=MediationKind.IKO, case_id="k", on=DAY),
            DAY,
        ),
        DAY,
    )
    with pytest.raises(TransitionError) as info:
        conclude_mediation(request, DAY, MediationOutcome.RUNNING)
    assert "full_agreement, mirror_agreement or no_agreement" in str(info.value)


NEXT_STEPS: dict[MediationStage, set[str]] = {
    MediationStage.RECEIVED: {"decline", "intake"},
    MediationStage.INTAKE: {"stop", "start", "interview"},
    MediationStage.IN_MEDIATION: {"conclude", "interview"},
    MediationStage.NOT_STARTED: set(),
    MediationStage.STOPPED: set(),
    MediationStage.CONCLUDED: set(),
}
"""The legal steps from each stage, written out from the report's mediation chapter."""

offsets = st.integers(min_value=-40, max_value=900)


class Lifecycle(RuleBasedStateMachine):
    """Random sequences of legal and illegal steps on one case and one mediation request.

    Business rules checked after every step: every record is valid; an illegal
    step raises TransitionError and changes nothing; dates never go back; the
    stage history only grows.
    """

    case: Case
    request: MediationRequest
    history: list[Case]
    next_id: int

    @initialize(
        line=st.sampled_from(Line),
        age_days=st.integers(0, 17 * 365),
        kind=st.sampled_from(MediationKind),
    )
    def start(self, line: Line, age_days: int, kind: MediationKind) -> None:
        """Open a case on a random line with one child, and receive a mediation request."""
        self.case = first_line_case(
            line=line,
            children=(Child(id="c-1", birth_date=DAY - dt.timedelta(days=age_days)),),
        )
        self.history = []
        self.next_id = 2
        self.request = receive_mediation_request(id="m-1", kind=kind, case_id="k-1", on=DAY)

    def _case_step(self, legal: bool, step: Callable[[], Case]) -> None:
        before = self.case
        if legal:
            self.case = step()
        else:
            with pytest.raises(TransitionError):
                step()
            assert before == self.case
        assert case_last_date(before) <= case_last_date(self.case)

    def _request_step(self, name: str, legal: bool, step: Callable[[], MediationRequest]) -> None:
        before = self.request
        legal = legal and name in NEXT_STEPS[before.stage]
        if legal:
            self.request = step()
            assert before.stages == self.request.stages[: len(before.stages)]
        else:
            with pytest.raises(TransitionError):
                step()
            assert before == self.request

    @rule(days=offsets)
    def escalate(self, days: int) -> None:
        """Escalate the case on a random date; legal only for an open first-line case."""
        on = self.case.opened + dt.timedelta(days=days)
        legal = (
            self.case.closed is None
            and self.case.line is Line.FIRST
            and on >= case_last_date(self.case)
        )
        self._case_step(legal, lambda: escalate_case(self.case, on))
        if legal:
            assert (Line.SECOND, on) == (self.case.line, self.case.escalated)

    @rule(days=offsets, reason=st.sampled_from(ClosureReason))
    def close(self, days: int, reason: ClosureReason) -> None:
        """Close the case on a random date; legal only for an open case, not backdated."""
        on = self.case.opened + dt.timedelta(days=days)
        legal = self.case.closed is None and on >= case_last_date(self.case)
        self._case_step(legal, lambda: close_case(self.case, on, reason))
        if legal:
            assert (on, reason) == (self.case.closed, self.case.closure_reason)

    @rule(days=offsets, same_id=st.booleans())
    def reopen(self, days: int, same_id: bool) -> None:
        """Reopen the case as a follow-up; legal only when closed, with a new id, minors only."""
        on = self.case.opened + dt.timedelta(days=days)
        new_id = self.case.id if same_id else f"k-{self.next_id}"
        legal = (
            self.case.closed is not None
            and on >= self.case.closed
            and not same_id
            and all(child.age_on(on) < 18 for child in self.case.children)
        )
        closed = self.case
        self._case_step(legal, lambda: reopen_case(self.case, on, id=new_id))
        if legal:
            self.next_id += 1
            self.history.append(closed)
            assert (new_id, on, None) == (self.case.id, self.case.opened, self.case.closed)

    @rule(days=offsets, reason=st.sampled_from(NotStartedReason))
    def decline(self, days: int, reason: NotStartedReason) -> None:
        """Decline the request; legal only from received."""
        on = self.request.stages[-1].on + dt.timedelta(days=days)
        self._request_step(
            "decline", days >= 0, lambda: decline_mediation_request(self.request, on, reason)
        )

    @rule(days=offsets)
    def intake(self, days: int) -> None:
        """Take the request in; legal only from received."""
        on = self.request.stages[-1].on + dt.timedelta(days=days)
        self._request_step("intake", days >= 0, lambda: start_intake(self.request, on))

    @rule(days=offsets)
    def stop(self, days: int) -> None:
        """Stop after intake; legal only from intake."""
        on = self.request.stages[-1].on + dt.timedelta(days=days)
        self._request_step("stop", days >= 0, lambda: stop_after_intake(self.request, on))

    @rule(days=offsets)
    def start_mediating(self, days: int) -> None:
        """Start mediating; legal only from intake."""
        on = self.request.stages[-1].on + dt.timedelta(days=days)
        self._request_step("start", days >= 0, lambda: start_mediation(self.request, on))

    @rule(days=offsets, outcome=st.sampled_from(MediationOutcome))
    def conclude(self, days: int, outcome: MediationOutcome) -> None:
        """Conclude with an outcome; legal only in mediation, with an agreement outcome."""
        on = self.request.stages[-1].on + dt.timedelta(days=days)
        legal = days >= 0 and outcome in CONCLUDING_OUTCOMES
        self._request_step("conclude", legal, lambda: conclude_mediation(self.request, on, outcome))

    @rule(children=st.integers(-1, 4))
    def interview(self, children: int) -> None:
        """Record a child interview; legal only in intake or mediation, hearing 1 or more."""
        before = self.request
        self._request_step(
            "interview",
            children >= 1,
            lambda: record_child_interview(self.request, children=children),
        )
        if self.request is not before:
            assert before.children_heard + children == self.request.children_heard

    @invariant()
    def records_are_valid(self) -> None:
        """Every record passes full validation, rebuilt from its fields."""
        assert self.case == attrs.evolve(self.case)
        assert self.request == attrs.evolve(self.request)

    @invariant()
    def dates_never_go_back(self) -> None:
        """Case dates are ordered, stage dates never decrease, a follow-up opens after closure."""
        case = self.case
        dates = [d for d in (case.opened, case.escalated, case.closed) if d is not None]
        assert sorted(dates) == dates
        stage_dates = [s.on for s in self.request.stages]
        assert sorted(stage_dates) == stage_dates
        chain = [*self.history, case]
        assert len(chain) == len({c.id for c in chain})
        for earlier, follow_up in itertools.pairwise(chain):
            assert earlier.closed is not None
            assert earlier.closed <= follow_up.opened

    @invariant()
    def outcome_matches_stage(self) -> None:
        """Only a started mediation has an outcome; running exactly while in mediation."""
        stage, outcome = self.request.stage, self.request.outcome
        if stage is MediationStage.IN_MEDIATION:
            assert MediationOutcome.RUNNING == outcome
        elif stage is MediationStage.CONCLUDED:
            assert outcome in CONCLUDING_OUTCOMES
        else:
            assert outcome is None


TestLifecycle = Lifecycle.TestCase
