"""Every record possible in the world: ages imply birth dates, removals follow births (issue 17)."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import ikomodel
from ikomodel import (
    AgeAtDate,
    Case,
    Category,
    Child,
    ClientKind,
    Line,
    Party,
    Register,
    Role,
    ValidationError,
    annual_report,
)
from ikomodel._core.records import (
    _child_problems,
    _children_are_valid,
    birth_bounds,
    birthday_in,
    earliest_birth_of_a_minor,
    years_between,
)
from ikomodel.testing import cases, registers

INITIATOR = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))
DAY = dt.timedelta(days=1)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
ages = st.integers(0, 17)


def case(child: Child, opened: dt.date, removal: dt.date | None = None) -> Case:
    return Case(
        id="k-1",
        opened=opened,
        line=Line.SECOND,
        category=Category.ABDUCTION,
        parties=(INITIATOR,),
        children=(child,),
        removal_date=removal,
    )


def problems(child: Child, opened: dt.date, removal: dt.date | None = None) -> list[str]:
    """The paths and messages of the case's problems (none: the case is possible)."""
    try:
        case(child, opened, removal)
    except ValidationError as exc:
        return [f"{p.path}: {p.message}" for p in exc.problems]
    return []


def stated_on_the_eve(born: dt.date, years: int) -> AgeAtDate:
    """The age ``years`` stated on its last day: ``born`` is the earliest birth it allows."""
    return AgeAtDate(years=years, on=birthday_in(born, born.year + years + 1) - DAY)


@given(on=dates, years=ages)
def test_a_stated_age_allows_exactly_the_birth_dates_between_its_bounds(
    on: dt.date, years: int
) -> None:
    """Rule: an age stated on a date allows exactly the birth dates between birth_bounds."""
    earliest, latest = birth_bounds(AgeAtDate(years=years, on=on))
    assert years == ikomodel.Child(id="c", birth_date=earliest).age_on(on)
    assert years == ikomodel.Child(id="c", birth_date=latest).age_on(on)
    assert years + 1 == ikomodel.Child(id="c", birth_date=earliest - DAY).age_on(on)
    assert years - 1 == ikomodel.Child(id="c", birth_date=latest + DAY).age_on(on)


@given(born=dates, years=ages)
def test_an_age_stated_on_the_eve_of_a_birthday_allows_the_birth_itself_at_the_earliest(
    born: dt.date, years: int
) -> None:
    """The borderline the strategies generate: the earliest birth date allowed is the birth.

    Or 29 February just before it: a child born on a leap day turns a year
    older on 1 March in common years, so on the eve (28 February) it is still
    as old as a child born on 1 March.
    """
    age = stated_on_the_eve(born, years)
    before = born - DAY
    leap_day_still_younger = (before.month, before.day, age.on.month, age.on.day) == (2, 29, 2, 28)
    assert birth_bounds(age)[0] == (before if leap_day_still_younger else born)


@given(opened=dates, years=ages)
def test_a_stated_age_must_allow_a_birth_on_or_before_the_opening(
    opened: dt.date, years: int
) -> None:
    """Rule: an age stated at a date implies a birth date on or before the case opened.

    Stated on the eve of a birthday, an age allows a birth on the opening day
    at the earliest: possible. Stated a day later it allows only later births.
    """
    possible = stated_on_the_eve(opened, years)
    assert [] == problems(Child(id="c-1", age_at=possible), opened)
    later = AgeAtDate(years=years, on=possible.on + DAY)
    assert birth_bounds(later)[0] > opened
    found = problems(Child(id="c-1", age_at=later), opened)
    assert [
        f"children[0].age_at: the stated age means the child is born after the case was "
        f"opened ({opened})"
    ] == found


@given(removal=dates, gap=st.integers(0, 365), years=ages)
def test_a_stated_age_must_allow_a_birth_on_or_before_the_removal(
    removal: dt.date, gap: int, years: int
) -> None:
    """Rule: an age stated at a date implies a birth on or before the wrongful removal."""
    opened = removal + dt.timedelta(days=gap)
    possible = stated_on_the_eve(removal, years)
    assume(possible.years + years_between(possible.on, opened) < 18)
    assert [] == problems(Child(id="c-1", age_at=possible), opened, removal)
    later = AgeAtDate(years=years, on=possible.on + DAY)
    found = problems(Child(id="c-1", age_at=later), opened, removal)
    assert 1 == len(found)
    assert "born after" in found[0]
    assert found[0].startswith("children[0].age_at: ")


@given(removal=dates, gap=st.integers(0, 365), before=st.integers(0, 17 * 365))
def test_a_birth_date_lies_on_or_before_the_removal(
    removal: dt.date, gap: int, before: int
) -> None:
    """Rule: a removal or retention date lies on or after the child's birth."""
    opened = removal + dt.timedelta(days=gap)
    born = max(removal - dt.timedelta(days=before), earliest_birth_of_a_minor(opened))
    assert [] == problems(Child(id="c-1", birth_date=born), opened, removal)
    late = removal + DAY
    found = problems(Child(id="c-1", birth_date=late), opened + DAY, removal)
    assert [
        "children[0].birth_date: the child is born after the wrongful removal or retention "
        f"({removal}, the removal_date)"
    ] == found
    assert late.isoformat() not in found[0]


@given(opened=dates, years=ages)
def test_a_stated_age_must_allow_a_minor_at_the_opening(opened: dt.date, years: int) -> None:
    """Rule: a child stated to be 17 a full year before the opening is 18 or older then."""
    assume((opened.month, opened.day) != (2, 29))
    on = opened.replace(year=opened.year - 18 + years)
    assert [] == problems(Child(id="c-1", age_at=AgeAtDate(years=17, on=opened)), opened)
    found = problems(Child(id="c-1", age_at=AgeAtDate(years=years, on=on)), opened)
    assert [
        f"children[0].age_at: the child is 18 or older when the case was opened ({opened}); "
        "only minors (0-17) are cases"
    ] == found
    assert 18 == years + years_between(on, opened)


def test_a_removal_18_years_before_the_opening_leaves_no_possible_birth() -> None:
    """Rule: a minor at the opening must be born by the removal; one age allows neither alone."""
    opened, removal = dt.date(2021, 3, 10), dt.date(2003, 1, 1)
    child = Child(id="c-1", age_at=AgeAtDate(years=0, on=dt.date(2003, 6, 1)))
    found = problems(child, opened, removal)
    assert [
        "children[0].age_at: a child who is a minor when the case was opened is born after "
        "the wrongful removal or retention (2003-01-01, the removal_date)"
    ] == found


def test_regression_an_age_stated_in_year_9999_is_refused() -> None:
    """Defect: age_at {"years": 5, "on": "9999-12-31"} (a child born after the opening) passed."""
    doc = {
        "schema_version": 1,
        "cases": [
            {
                "id": "k-1",
                "opened": "2021-03-10",
                "line": "first",
                "category": "general_advice",
                "parties": [{"kind": "mother", "roles": ["initiator"]}],
                "children": [{"id": "c-1", "age_at": {"years": 5, "on": "9999-12-31"}}],
            }
        ],
    }
    with pytest.raises(ValidationError) as info:
        ikomodel.loads_register(orjson.dumps(doc))
    assert ["cases[0].children[0].age_at"] == info.value.paths
    assert "born after the case was opened" in str(info.value)


def test_regression_a_removal_before_the_childs_birth_is_refused() -> None:
    """Defect: a removal date before the child's birth passed validation."""
    record: dict[str, object] = {
        "id": "k-1",
        "opened": "2021-03-10",
        "line": "second",
        "category": "abduction",
        "parties": [{"kind": "mother", "roles": ["initiator"]}],
        "children": [{"id": "c-1", "birth_date": "2020-07-02"}],
        "removal_date": "2020-07-01",
    }
    document = orjson.dumps({"schema_version": 1, "cases": [record]})
    for text in (document, b'{"schema_version":1}\n' + _line(record)):
        fmt = "json" if text.startswith(b'{"schema_version":1,') else "jsonl"
        with pytest.raises(ValidationError) as info:
            ikomodel.loads_register(text, format=fmt)  # type: ignore[arg-type]
        assert ["cases[0].children[0].birth_date"] == info.value.paths
        assert "2020-07-02" not in str(info.value)


def _line(record: dict[str, object]) -> bytes:
    return orjson.dumps({"record": "case", **record}) + b"\n"


def test_an_age_on_a_date_before_the_stated_one_is_0_while_the_child_may_be_born() -> None:
    """A possible child is never of negative age where it may already be born."""
    stated = AgeAtDate(years=0, on=dt.date(2021, 4, 10))
    child = Child(id="c-1", age_at=stated)
    assert 0 == child.age_on(dt.date(2021, 3, 10))  # may be born by then: at least 0
    assert 0 == child.age_on(birth_bounds(stated)[0])
    assert child.age_on(birth_bounds(stated)[0] - DAY) < 0  # surely not born yet
    annual_report(Register(cases=(case(child, dt.date(2021, 3, 10)),)), 2021)


@given(generated=cases())
def test_generated_cases_are_possible_in_the_world(generated: Case) -> None:
    """Rule: every child the strategies generate has a birth date that satisfies every rule."""
    born_by = min(generated.opened, generated.removal_date or generated.opened)
    for child in generated.children:
        if child.birth_date is not None:
            earliest = latest = child.birth_date
        else:
            assert child.age_at is not None
            earliest, latest = birth_bounds(child.age_at)
        assert earliest <= born_by
        assert earliest_birth_of_a_minor(generated.opened) <= min(latest, born_by)


@given(register=registers(max_cases=8))
def test_generated_registers_give_ages_from_0_to_17_at_removal_or_opening(
    register: Register,
) -> None:
    """Rule: in a possible register every age the report counts is that of a minor."""
    for c in register.cases:
        for child in c.children:
            assert 0 <= child.age_on(c.removal_date or c.opened) <= 17
    annual_report(register, 2021)


_offsets = st.integers(-7000, 400)  # days from the opening: the borderline cases lie near it


@given(
    births=st.lists(st.tuples(st.none() | ages, _offsets), min_size=1, max_size=3),
    opened=dates,
    removal=st.none() | _offsets,
)
def test_the_quick_check_of_children_passes_only_what_the_full_check_passes(
    births: list[tuple[int | None, int]], opened: dt.date, removal: int | None
) -> None:
    """Rule: the quick check of a bulk load may only pass children the full check passes.

    ``_children_are_valid`` may say "valid" only of children in whom ``_child_problems``
    finds no problem; children with an age stated at a date take the quick path too.
    """
    children = tuple(
        Child(id=f"c{i}", birth_date=opened + dt.timedelta(days=days))
        if years is None
        else Child(id=f"c{i}", age_at=AgeAtDate(years=years, on=opened + dt.timedelta(days=days)))
        for i, (years, days) in enumerate(births)
    )
    removed = None if removal is None else opened + dt.timedelta(days=removal)
    found: list[ikomodel.Problem] = []
    _child_problems(children, opened, removed, found)
    if _children_are_valid(children, opened, removed):
        assert found == []
