"""The exact problems the model reports: path and message are the error contract.

Callers (and the command line) show these messages to people fixing their
data, and services match on the paths; mutation testing showed that most of
them were not pinned down by any test.
"""

import datetime as dt
from collections.abc import Callable

import attrs
import pytest

from ikomodel import (
    AgeAtDate,
    AgencyKind,
    Case,
    Category,
    Channel,
    Child,
    ClientKind,
    Contact,
    Line,
    MediationKind,
    MediationOutcome,
    MediationRequest,
    MediationStage,
    NotFoundError,
    NotStartedReason,
    Party,
    Register,
    Role,
    SchemaVersionError,
    StageChange,
    ValidationError,
)

DAY = dt.date(2021, 3, 1)
LATER = dt.date(2021, 3, 9)
MOTHER = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))
CASE = Case(id="k", opened=DAY, line=Line.SECOND, category=Category.ABDUCTION, parties=(MOTHER,))
CONTACT = Contact(id="t", on=DAY, channel=Channel.EMAIL, client=ClientKind.MOTHER, case_id="k")


def received(*later: StageChange, **changes: object) -> MediationRequest:
    """A request received on DAY, with further stages and field changes."""
    fields: dict[str, object] = {
        "id": "m",
        "kind": MediationKind.IKO,
        "received": DAY,
        "case_id": "k",
        "stages": (StageChange(stage=MediationStage.RECEIVED, on=DAY), *later),
    }
    fields.update(changes)
    return MediationRequest(**fields)  # type: ignore[arg-type]


def stage(
    name: MediationStage, on: dt.date = LATER, reason: NotStartedReason | None = None
) -> StageChange:
    return StageChange(stage=name, on=on, reason=reason)


ALLOWED_REASONS = "financial, discouraged_by_lawyer, information_late, payment_late, other"
NOT_STARTED_REASON = (
    f"a reason is given exactly for the 'not_started' stage (one of: {ALLOWED_REASONS})"
)
HEARD = (
    "each child interview hears at least one child: children_heard >= "
    "child_interviews, and both are 0 or both positive"
)

CASES: list[tuple[str, Callable[[], object], list[tuple[str, str]]]] = [
    (
        "party-without-roles",
        lambda: Party(kind=ClientKind.MOTHER, roles=()),
        [("roles", "a party holds at least one role")],
    ),
    (
        "party-with-a-role-twice",
        lambda: Party(kind=ClientKind.FATHER, roles=(Role.INITIATOR, Role.INITIATOR)),
        [("roles", "each role is listed once")],
    ),
    (
        "party-with-a-role-twice-among-three",
        lambda: Party(
            kind=ClientKind.FATHER, roles=(Role.INITIATOR, Role.TAKING_PARENT, Role.INITIATOR)
        ),
        [("roles", "each role is listed once")],
    ),
    (
        "case-with-a-child-id-twice",
        lambda: attrs.evolve(
            CASE,
            children=(
                Child(id="c", birth_date=dt.date(2015, 1, 1)),
                Child(id="c", birth_date=dt.date(2016, 1, 1)),
            ),
        ),
        [("children[1].id", "duplicate child id")],
    ),
    (
        "case-with-a-child-born-after-opening",
        lambda: attrs.evolve(CASE, children=(Child(id="c", birth_date=LATER),)),
        [("children[0].birth_date", "the child is born after the case was opened (2021-03-01)")],
    ),
    (
        "case-with-a-lower-case-country",
        lambda: attrs.evolve(CASE, destination="nl"),
        [
            (
                "destination",
                "'nl' is not an ISO 3166-1 alpha-2 country code "
                "(two upper-case letters such as 'NL' or 'MA')",
            )
        ],
    ),
    (
        "contact-parent-with-agency",
        lambda: Contact(
            id="t",
            on=DAY,
            channel=Channel.EMAIL,
            client=ClientKind.MOTHER,
            agency=AgencyKind.POLICE,
        ),
        [("agency", "only a professional has an agency kind, not a mother")],
    ),
    (
        "child-without-id",
        lambda: Child(id="", birth_date=dt.date(2015, 1, 1)),
        [("id", "a child needs a non-empty pseudonymous id")],
    ),
    (
        "case-with-an-adult-child",
        lambda: attrs.evolve(CASE, children=(Child(id="c", birth_date=dt.date(2003, 3, 1)),)),
        [
            (
                "children[0].birth_date",
                "the child is 18 or older when the case was opened (2021-03-01); "
                "only minors (0-17) are cases",
            )
        ],
    ),
    (
        "professional-without-agency",
        lambda: Party(kind=ClientKind.PROFESSIONAL, roles=(Role.INITIATOR,)),
        [("agency", "a professional needs an agency kind, e.g. 'police'")],
    ),
    (
        "parent-with-agency",
        lambda: Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,), agency=AgencyKind.POLICE),
        [("agency", "only a professional has an agency kind, not a mother")],
    ),
    (
        "age-18",
        lambda: AgeAtDate(years=18, on=DAY),
        [("years", "a child's age is a whole number from 0 to 17")],
    ),
    (
        "age-negative",
        lambda: AgeAtDate(years=-1, on=DAY),
        [("years", "a child's age is a whole number from 0 to 17")],
    ),
    (
        "contact-without-id",
        lambda: Contact(id="", on=DAY, channel=Channel.EMAIL, client=ClientKind.MOTHER),
        [("id", "a contact needs a non-empty id")],
    ),
    (
        "contact-professional-without-agency",
        lambda: Contact(id="t", on=DAY, channel=Channel.TELEPHONE, client=ClientKind.PROFESSIONAL),
        [("agency", "a professional needs an agency kind, e.g. 'police'")],
    ),
    (
        "not-started-without-reason",
        lambda: StageChange(stage=MediationStage.NOT_STARTED, on=DAY),
        [("reason", NOT_STARTED_REASON)],
    ),
    (
        "reason-on-another-stage",
        lambda: StageChange(stage=MediationStage.INTAKE, on=DAY, reason=NotStartedReason.OTHER),
        [("reason", NOT_STARTED_REASON)],
    ),
    (
        "request-without-id",
        lambda: received(id=""),
        [("id", "a mediation request needs a non-empty id")],
    ),
    (
        "request-without-stages",
        lambda: received(stages=()),
        [("stages", "the stage history starts with 'received'")],
    ),
    (
        "request-starting-with-intake",
        lambda: received(stages=(stage(MediationStage.INTAKE, DAY),)),
        [("stages", "the stage history starts with 'received'")],
    ),
    (
        "received-on-another-day",
        lambda: received(stages=(stage(MediationStage.RECEIVED, LATER),)),
        [("stages[0].on", "'received' falls on the received date")],
    ),
    (
        "stopped-straight-after-received",
        lambda: received(stage(MediationStage.STOPPED)),
        [("stages[1].stage", "'stopped' cannot follow 'received' (allowed: intake, not_started)")],
    ),
    (
        "intake-after-not-started",
        lambda: received(
            stage(MediationStage.NOT_STARTED, reason=NotStartedReason.FINANCIAL),
            stage(MediationStage.INTAKE),
        ),
        [("stages[2].stage", "'intake' cannot follow 'not_started' (allowed: nothing)")],
    ),
    (
        "stage-dated-back",
        lambda: received(stage(MediationStage.INTAKE, LATER), stage(MediationStage.STOPPED, DAY)),
        [("stages[2].on", "stage dates never go back in time")],
    ),
    (
        "concluded-still-running",
        lambda: received(
            stage(MediationStage.INTAKE),
            stage(MediationStage.IN_MEDIATION),
            stage(MediationStage.CONCLUDED),
            outcome=MediationOutcome.RUNNING,
        ),
        [
            (
                "outcome",
                "a concluded mediation has an outcome: full_agreement, "
                "mirror_agreement or no_agreement",
            )
        ],
    ),
    (
        "in-mediation-without-outcome",
        lambda: received(stage(MediationStage.INTAKE), stage(MediationStage.IN_MEDIATION)),
        [("outcome", "a mediation in progress has outcome 'running'")],
    ),
    (
        "outcome-without-mediation",
        lambda: received(stage(MediationStage.INTAKE), outcome=MediationOutcome.NO_AGREEMENT),
        [("outcome", "a mediation that never started has no outcome (stage is 'intake')")],
    ),
    (
        "negative-interviews",
        lambda: received(child_interviews=-1),
        [("child_interviews", "counts are whole numbers of 0 or more")],
    ),
    (
        "negative-children-heard",
        lambda: received(children_heard=-1),
        [("child_interviews", "counts are whole numbers of 0 or more")],
    ),
    (
        "interviews-hearing-nobody",
        lambda: received(child_interviews=1),
        [("children_heard", HEARD)],
    ),
    (
        "children-heard-without-interview",
        lambda: received(children_heard=2),
        [("children_heard", HEARD)],
    ),
    (
        "fewer-children-than-interviews",
        lambda: received(child_interviews=3, children_heard=2),
        [("children_heard", HEARD)],
    ),
    (
        "duplicate-contact-ids",
        lambda: Register(cases=(CASE,), contacts=(CONTACT, CONTACT)),
        [
            (
                "contacts[1].id",
                "duplicate id 't' (first used at contacts[0]); ids are unique in a register",
            )
        ],
    ),
    (
        "duplicate-request-ids",
        lambda: Register(cases=(CASE,), mediation_requests=(received(), received())),
        [
            (
                "mediation_requests[1].id",
                "duplicate id 'm' (first used at mediation_requests[0]); "
                "ids are unique in a register",
            )
        ],
    ),
    (
        "contact-of-an-unknown-case",
        lambda: Register(contacts=(CONTACT,)),
        [("contacts[0].case_id", "no case with id 'k' in this register")],
    ),
    (
        "request-of-an-unknown-case",
        lambda: Register(mediation_requests=(received(),)),
        [("mediation_requests[0].case_id", "no case with id 'k' in this register")],
    ),
]


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_reports_its_path_and_message(
    build: Callable[[], object], expected: list[tuple[str, str]]
) -> None:
    """Each broken rule raises one ValidationError with exactly the documented path and message."""
    with pytest.raises(ValidationError) as info:
        build()
    assert expected == [(p.path, p.message) for p in info.value.problems]


def test_valid_boundaries_are_accepted() -> None:
    """Ages 0 and 17, one interview hearing one child, and a not_started reason are valid."""
    assert [0, 17] == [AgeAtDate(years=y, on=DAY).years for y in (0, 17)]
    request = received(child_interviews=1, children_heard=1)
    assert (1, 1) == (request.child_interviews, request.children_heard)
    declined = received(stage(MediationStage.NOT_STARTED, reason=NotStartedReason.OTHER))
    assert NotStartedReason.OTHER == declined.not_started_reason
    assert declined.reached(MediationStage.NOT_STARTED)
    assert not declined.reached(MediationStage.INTAKE)


def test_unknown_schema_version_is_its_own_error() -> None:
    """A register of another schema version raises SchemaVersionError naming the version."""
    with pytest.raises(SchemaVersionError) as info:
        Register(schema_version=2)
    assert [("schema_version", "unknown schema version 2; this release reads version 1")] == [
        (p.path, p.message) for p in info.value.problems
    ]


def test_register_lookups() -> None:
    """Lookups by id return the record, a default, or raise NotFoundError naming the id."""
    request = received()
    register = Register(cases=(CASE,), contacts=(CONTACT,), mediation_requests=(request,))
    assert CASE is register.case("k")
    assert CASE is register.get_case("k")
    assert register.get_case("zz") is None
    assert CASE is register.get_case("zz", CASE)
    assert request is register.mediation_request("m")
    assert [CONTACT] == list(register.contacts_of("k"))
    with pytest.raises(NotFoundError) as info:
        register.case("zz")
    assert "no case with id 'zz' in this register" == str(info.value)
    with pytest.raises(NotFoundError) as info:
        register.mediation_request("zz")
    assert "no mediation request with id 'zz'" == str(info.value)


def test_union_of_registers_keeps_every_record() -> None:
    """A | b holds the cases, contacts and requests of both, in order."""
    other_case = attrs.evolve(CASE, id="k2")
    other_request = received(id="m2", case_id="k2")
    left = Register(cases=(CASE,), contacts=(CONTACT,), mediation_requests=(received(),))
    right = Register(cases=(other_case,), mediation_requests=(other_request,))
    union = left | right
    assert (CASE, other_case) == union.cases
    assert (CONTACT,) == union.contacts
    assert (received(), other_request) == union.mediation_requests
    assert NotImplemented == Register().__or__("not a register")  # type: ignore[operator]
