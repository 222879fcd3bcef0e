"""The public Hypothesis strategies of ikomodel.testing."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ikomodel
from ikomodel import (
    ABDUCTION_CATEGORIES,
    Case,
    Category,
    Child,
    ClientKind,
    Contact,
    MediationRequest,
    MediationStage,
    Party,
    Register,
    Role,
    testing,
)
from ikomodel._core.records import years_between


def test_every_strategy_is_documented_with_keyword_only_knobs() -> None:
    """Each public strategy has a docstring and takes its options by keyword only."""
    for name in testing.__all__:
        function = getattr(testing, name)
        assert (function.__doc__ or "").strip(), name
        for parameter in inspect.signature(function).parameters.values():
            assert inspect.Parameter.KEYWORD_ONLY == parameter.kind, (name, parameter.name)


def test_a_missing_hypothesis_names_the_testing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Hypothesis, importing ikomodel.testing raises MissingExtraError naming 'testing'."""
    monkeypatch.delitem(sys.modules, "ikomodel.testing")
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    with pytest.raises(ikomodel.MissingExtraError) as info:
        importlib.import_module("ikomodel.testing")
    assert ("testing", "hypothesis") == (info.value.extra, info.value.package)


@given(testing.parties(kind=ClientKind.PROFESSIONAL, initiator=True))
def test_parties_follow_their_knobs(party: Party) -> None:
    """Rule: a professional party has an agency; an initiator holds the initiator role."""
    assert ClientKind.PROFESSIONAL == party.kind
    assert party.agency is not None
    assert Role.INITIATOR in party.roles


@given(testing.parties(initiator=False))
def test_non_initiators_hold_another_role(party: Party) -> None:
    """Rule: a party holds at least one role; only professionals have an agency kind."""
    assert Role.INITIATOR not in party.roles
    assert party.roles
    assert (party.agency is not None) == (party.kind is ClientKind.PROFESSIONAL)


@given(
    st.dates(dt.date(2018, 1, 1), dt.date(2024, 12, 31)).flatmap(
        lambda on: st.tuples(st.just(on), testing.children(on=on))
    )
)
def test_children_are_minors_born_by_the_opening_date(pair: tuple[dt.date, Child]) -> None:
    """Rule: a child is born on or before the case opened and is 0-17 years old then."""
    on, child = pair
    if child.birth_date is not None:
        assert child.birth_date <= on
    assert 0 <= child.age_on(on) < 18


@given(testing.cases(year=2021, category=Category.PREVENTION))
def test_cases_follow_year_and_category(case: Case) -> None:
    """Rule: only prevention cases say whether they came back; abduction fields stay empty."""
    assert 2021 == case.opened.year
    assert Category.PREVENTION == case.category
    assert case.taking_person is None
    assert case.removal_date is None


@given(testing.cases())
def test_cases_have_one_initiator_and_consistent_dates(case: Case) -> None:
    """Rule: exactly one party initiates; closing, escalation and removal dates are in order."""
    assert 1 == sum(Role.INITIATOR in p.roles for p in case.parties)
    assert case.closed is None or case.opened <= case.closed
    assert case.escalated is None or case.opened <= case.escalated
    if case.taking_person is not None:
        assert case.category in ABDUCTION_CATEGORIES
    assert len({c.id for c in case.children}) == len(case.children)


@given(testing.contacts(year=2021, case_ids=["a", "b"]))
def test_contacts_point_at_the_given_cases(contact: Contact) -> None:
    """Rule: a contact belongs to one of the given cases or to none."""
    assert 2021 == contact.on.year
    assert contact.case_id in {None, "a", "b"}


@given(testing.mediation_requests(year=2021, case_ids=["a"]))
def test_mediation_requests_follow_the_transitions(request: MediationRequest) -> None:
    """Rule: stages follow MEDIATION_TRANSITIONS in date order and children_heard >= interviews."""
    assert "a" == request.case_id
    assert MediationStage.RECEIVED == request.stages[0].stage
    for before, after in zip(request.stages, request.stages[1:], strict=False):
        assert after.stage in ikomodel.MEDIATION_TRANSITIONS[before.stage]
        assert before.on <= after.on
    assert request.children_heard >= request.child_interviews


@given(testing.registers(year=2019, max_cases=8))
def test_registers_look_like_a_year_of_casework(register: Register) -> None:
    """Rule: cases open in the year or the year before; requests follow their case's opening."""
    assert len(register.cases) <= 8
    assert {c.opened.year for c in register.cases} <= {2018, 2019}
    assert {c.on.year for c in register.contacts} <= {2019}
    for contact in register.contacts:
        if contact.case_id is not None:
            assert register.case(contact.case_id).opened <= contact.on
    for request in register.mediation_requests:
        case = register.case(request.case_id)
        assert case.opened <= request.received
        iko = request.kind is ikomodel.MediationKind.IKO
        assert iko == (case.category in ABDUCTION_CATEGORIES)


def test_registers_refuse_a_year_without_taxonomy() -> None:
    """A register of a year no taxonomy covers cannot be generated."""
    with pytest.raises(ikomodel.UnknownYearError):
        testing.registers(year=1990)


def test_the_adult_threshold_on_29_february() -> None:
    """Rule: the earliest birth date of a minor on 29 February is 1 March eighteen years earlier."""
    on = dt.date(2024, 2, 29)
    earliest = testing._adult_birthday_eve(on) + dt.timedelta(days=1)
    assert dt.date(2006, 3, 1) == earliest
    assert 17 == years_between(earliest, on)
    assert 18 == years_between(earliest - dt.timedelta(days=1), on)


@given(
    testing.stage_changes(stage=MediationStage.NOT_STARTED), testing.ages_at(on=dt.date(2021, 1, 1))
)
def test_stage_changes_and_ages_follow_their_knobs(
    change: ikomodel.StageChange, age: ikomodel.AgeAtDate
) -> None:
    """Rule: a reason is given exactly for 'not_started'; a stated age is 0-17."""
    assert MediationStage.NOT_STARTED == change.stage
    assert change.reason is not None
    assert dt.date(2021, 1, 1) == age.on
    assert 0 <= age.years <= 17
