import datetime as dt

import pytest

from ikomodel import (
    AgeAtDate,
    AgencyKind,
    Case,
    Category,
    Channel,
    Child,
    ClientKind,
    ClosureReason,
    Contact,
    IkoModelError,
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
    TakingPerson,
    ValidationError,
)

OPENED = dt.date(2021, 3, 1)
MOTHER = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR, Role.LEFT_BEHIND_PARENT))


def make_case(**changes: object) -> Case:
    fields: dict[str, object] = {
        "id": "case-1",
        "opened": OPENED,
        "line": Line.SECOND,
        "category": Category.ABDUCTION,
        "parties": (MOTHER,),
        "children": (Child(id="child-1", birth_date=dt.date(2015, 6, 1)),),
        "habitual_residence": "NL",
        "destination": "MA",
        "taking_person": TakingPerson.FATHER,
        "removal_date": dt.date(2021, 2, 20),
    }
    fields.update(changes)
    return Case(**fields)  # type: ignore[arg-type]


def make_request(**changes: object) -> MediationRequest:
    fields: dict[str, object] = {
        "id": "med-1",
        "kind": MediationKind.IKO,
        "received": dt.date(2021, 4, 1),
        "case_id": "case-1",
        "stages": (
            StageChange(stage=MediationStage.RECEIVED, on=dt.date(2021, 4, 1)),
            StageChange(stage=MediationStage.INTAKE, on=dt.date(2021, 4, 8)),
            StageChange(stage=MediationStage.IN_MEDIATION, on=dt.date(2021, 4, 20)),
            StageChange(stage=MediationStage.CONCLUDED, on=dt.date(2021, 5, 2)),
        ),
        "outcome": MediationOutcome.MIRROR_AGREEMENT,
        "child_interviews": 1,
        "children_heard": 2,
        "special_guardian": True,
    }
    fields.update(changes)
    return MediationRequest(**fields)  # type: ignore[arg-type]


def problems_of(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return list(exc.value.paths)


def test_valid_case_builds() -> None:
    """A case with consistent fields builds and exposes its initiator."""
    case = make_case()
    assert MOTHER == case.initiator
    assert Line.SECOND == case.opening_line


def test_every_problem_is_collected_in_one_raise() -> None:
    """All broken invariants of a case are reported together, each with its path."""
    with pytest.raises(ValidationError) as exc:
        make_case(
            closed=dt.date(2021, 1, 1),
            closure_reason=ClosureReason.RESOLVED,
            destination="XX",
            children=(Child(id="child-1", birth_date=dt.date(2021, 5, 1)),),
        )
    assert ["closed", "children[0].birth_date", "destination"] == problems_of(exc)


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        pytest.param({"closed": dt.date(2021, 2, 1)}, "closure_reason", id="closed-without-reason"),
        pytest.param(
            {"closure_reason": ClosureReason.UNREACHABLE}, "closure_reason", id="reason-not-closed"
        ),
        pytest.param({"destination": "ma"}, "destination", id="lower-case-country"),
        pytest.param({"habitual_residence": "NLD"}, "habitual_residence", id="alpha3-country"),
        pytest.param(
            {"category": Category.PREVENTION, "removal_date": None},
            "taking_person",
            id="taking-person-on-prevention",
        ),
        pytest.param(
            {"came_back_as_abduction": True},
            "came_back_as_abduction",
            id="came-back-not-prevention",
        ),
        pytest.param({"parties": ()}, "parties", id="no-initiator"),
        pytest.param(
            {"escalated": dt.date(2021, 2, 1)}, "escalated", id="escalated-before-opening"
        ),
        pytest.param(
            {"line": Line.FIRST, "escalated": dt.date(2021, 3, 2)},
            "escalated",
            id="escalated-first-line",
        ),
        pytest.param(
            {"children": (Child(id="a", birth_date=dt.date(2003, 3, 1)),)},
            "children[0].birth_date",
            id="child-turned-18-on-opening",
        ),
        pytest.param(
            {"children": (Child(id="a", age_at=AgeAtDate(years=17, on=dt.date(2020, 1, 1))),)},
            "children[0].age_at",
            id="child-18-by-stated-age",
        ),
        pytest.param(
            {
                "children": (
                    Child(id="a", birth_date=dt.date(2015, 1, 1)),
                    Child(id="a", birth_date=dt.date(2016, 1, 1)),
                )
            },
            "children[1].id",
            id="duplicate-child",
        ),
    ],
)
def test_case_invariants(changes: dict[str, object], path: str) -> None:
    """Each single-case rule raises a ValidationError that names the field."""
    with pytest.raises(ValidationError) as exc:
        make_case(**changes)
    assert path in problems_of(exc)


def test_child_born_on_a_leap_day_turns_a_year_older_on_1_march() -> None:
    """A child born on 29 February is counted a year older from 1 March in common years."""
    child = Child(id="c", birth_date=dt.date(2008, 2, 29))
    assert 12 == child.age_on(dt.date(2021, 2, 28))
    assert 13 == child.age_on(dt.date(2021, 3, 1))


def test_child_age_from_a_stated_age() -> None:
    """Without a birth date, the age is counted on from the stated age and date."""
    child = Child(id="c", age_at=AgeAtDate(years=4, on=dt.date(2019, 6, 1)))
    assert 6 == child.age_on(dt.date(2021, 6, 1))


def test_child_needs_exactly_one_age_source() -> None:
    """A child has a birth date or a stated age, not both and not neither."""
    with pytest.raises(ValidationError):
        Child(id="c")
    with pytest.raises(ValidationError):
        Child(
            id="c",
            birth_date=dt.date(2015, 1, 1),
            age_at=AgeAtDate(years=6, on=dt.date(2021, 1, 1)),
        )


def test_birth_date_is_never_in_repr_or_messages() -> None:
    """The birth date of a child appears neither in repr nor in a validation message."""
    secret = dt.date(2003, 2, 17)
    child = Child(id="c-9", birth_date=secret)
    assert secret.isoformat() not in repr(child)
    with pytest.raises(ValidationError) as exc:
        make_case(children=(child,))
    assert secret.isoformat() not in str(exc.value)
    assert "2003" not in str(exc.value)


def test_professional_party_needs_agency() -> None:
    """A professional names its agency kind; a parent has none."""
    Party(kind=ClientKind.PROFESSIONAL, roles=(Role.INITIATOR,), agency=AgencyKind.POLICE)
    with pytest.raises(ValidationError) as exc:
        Party(kind=ClientKind.PROFESSIONAL, roles=(Role.INITIATOR,))
    assert ["agency"] == problems_of(exc)
    with pytest.raises(ValidationError):
        Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,), agency=AgencyKind.POLICE)


def test_party_roles_are_unique_and_present() -> None:
    """A party holds one or more distinct roles."""
    with pytest.raises(ValidationError):
        Party(kind=ClientKind.FATHER, roles=())
    with pytest.raises(ValidationError):
        Party(kind=ClientKind.FATHER, roles=(Role.INITIATOR, Role.INITIATOR))


def test_mediation_request_valid() -> None:
    """A concluded mediation with a mirror agreement builds."""
    request = make_request()
    assert MediationStage.CONCLUDED == request.stage
    assert request.reached(MediationStage.INTAKE)
    assert request.not_started_reason is None


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        pytest.param(
            {
                "stages": (
                    StageChange(stage=MediationStage.RECEIVED, on=dt.date(2021, 4, 1)),
                    StageChange(
                        stage=MediationStage.NOT_STARTED,
                        on=dt.date(2021, 4, 2),
                        reason=NotStartedReason.FINANCIAL,
                    ),
                ),
                "child_interviews": 0,
                "children_heard": 0,
            },
            "outcome",
            id="outcome-without-started-mediation",
        ),
        pytest.param(
            {
                "stages": (
                    StageChange(stage=MediationStage.RECEIVED, on=dt.date(2021, 4, 1)),
                    StageChange(stage=MediationStage.IN_MEDIATION, on=dt.date(2021, 4, 2)),
                ),
                "outcome": MediationOutcome.RUNNING,
            },
            "stages[1].stage",
            id="mediation-without-intake",
        ),
        pytest.param({"outcome": MediationOutcome.RUNNING}, "outcome", id="concluded-but-running"),
        pytest.param(
            {"child_interviews": 3, "children_heard": 2}, "children_heard", id="fewer-heard"
        ),
        pytest.param(
            {
                "stages": (
                    StageChange(stage=MediationStage.RECEIVED, on=dt.date(2021, 4, 1)),
                    StageChange(stage=MediationStage.INTAKE, on=dt.date(2021, 3, 1)),
                ),
                "outcome": None,
            },
            "stages[1].on",
            id="stage-dates-go-back",
        ),
        pytest.param(
            {
                "stages": (StageChange(stage=MediationStage.RECEIVED, on=dt.date(2021, 4, 2)),),
                "outcome": None,
            },
            "stages[0].on",
            id="received-on-other-date",
        ),
    ],
)
def test_mediation_invariants(changes: dict[str, object], path: str) -> None:
    """Each mediation rule raises a ValidationError naming the field."""
    with pytest.raises(ValidationError) as exc:
        make_request(**changes)
    assert path in problems_of(exc)


def test_not_started_needs_a_reason() -> None:
    """The 'not_started' stage carries a reason, other stages none."""
    with pytest.raises(ValidationError):
        StageChange(stage=MediationStage.NOT_STARTED, on=OPENED)
    with pytest.raises(ValidationError):
        StageChange(stage=MediationStage.INTAKE, on=OPENED, reason=NotStartedReason.OTHER)


def test_register_lookups() -> None:
    """A register finds its cases and mediation requests by id."""
    case = make_case()
    request = make_request()
    contact = Contact(
        id="k-1", on=OPENED, channel=Channel.EMAIL, client=ClientKind.MOTHER, case_id="case-1"
    )
    register = Register(cases=(case,), contacts=(contact,), mediation_requests=(request,))
    assert case == register.case("case-1")
    assert request == register.mediation_request("med-1")
    assert register.get_case("nope") is None
    assert [contact] == list(register.contacts_of("case-1"))
    with pytest.raises(NotFoundError):
        register.case("nope")
    with pytest.raises(LookupError):
        register.mediation_request("nope")


def test_register_cross_record_rules() -> None:
    """Duplicate ids and dangling case references are reported with their paths."""
    case = make_case()
    contact = Contact(
        id="k-1", on=OPENED, channel=Channel.TELEPHONE, client=ClientKind.FATHER, case_id="ghost"
    )
    with pytest.raises(ValidationError) as exc:
        Register(
            cases=(case, case),
            contacts=(contact,),
            mediation_requests=(make_request(case_id="ghost"),),
        )
    assert [
        "cases[1].id",
        "contacts[0].case_id",
        "mediation_requests[0].case_id",
    ] == problems_of(exc)


def test_unknown_schema_version() -> None:
    """A register of an unknown schema version is refused with a SchemaVersionError."""
    with pytest.raises(SchemaVersionError) as exc:
        Register(schema_version=99)
    assert "this release reads version 1" in str(exc.value)


def test_register_union_checks_overlap() -> None:
    """The union of two registers keeps all records and refuses overlapping ids."""
    a = Register(cases=(make_case(),))
    b = Register(cases=(make_case(id="case-2"),))
    assert 2 == len((a | b).cases)
    with pytest.raises(IkoModelError):
        a | a


def test_errors_are_builtin_compatible() -> None:
    """Validation errors are ValueErrors and lookup errors LookupErrors."""
    assert issubclass(ValidationError, ValueError)
    assert issubclass(NotFoundError, LookupError)
