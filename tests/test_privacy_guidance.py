"""Pseudonymisation guidance in code: keys, shuffled order, coarsened dates (issue 17, item 6)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ikomodel import (
    MIN_KEY_BYTES,
    AgeAtDate,
    Case,
    Category,
    Child,
    ClientKind,
    Line,
    Party,
    Pseudonymiser,
    Register,
    Role,
    ValidationError,
    age_band,
    age_reference_date,
    annual_report,
    generate_key,
    minimise,
    opening_date,
    pseudonymise,
    pseudonymise_register,
)
from ikomodel.testing import registers

INITIATOR = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))


def test_generate_key_makes_fresh_random_keys_that_are_accepted() -> None:
    """A generated key has the size asked for, is new each time, and pseudonymise accepts it."""
    keys = [generate_key() for _ in range(50)] + [generate_key(MIN_KEY_BYTES), generate_key(64)]
    assert len(set(keys)) == len(keys)
    assert [32] * 50 + [16, 64] == [len(key) for key in keys]
    for key in keys:
        assert pseudonymise("IKO-7", key=key, purpose="case").startswith("case:v1:")


@pytest.mark.parametrize("size", [15, 0, -1, True, 32.0, "32"])
def test_generate_key_refuses_a_size_below_the_minimum(size: object) -> None:
    """Fewer than 16 bytes, or not a whole number: a ValidationError naming the size."""
    with pytest.raises(ValidationError) as info:
        generate_key(size)  # type: ignore[arg-type]
    assert ["size"] == info.value.paths


WEAK_KEYS = [
    bytes(16),  # the defect: an all-zero key was accepted
    bytes(32),
    b"\x01" * 32,  # one byte repeated
    b"ab" * 8,  # a repeated pattern
    b"0123456789abcdef" * 2,
    bytes(range(8)) * 4,
    bytes(15) + b"\x01",  # one byte most of the time
    b"\x00" * 20 + bytes(range(1, 13)),
    b"aaaaaaaabbbbbbbb",  # two different bytes
    b"passwordpassword",
]


@pytest.mark.parametrize("key", WEAK_KEYS)
def test_keys_with_too_little_variety_are_refused(key: bytes) -> None:
    """Regression: keys such as bytes(16) were accepted; every way to use a key now refuses them."""
    attempts: list[Callable[[], object]] = [
        lambda: pseudonymise("IKO-7", key=key, purpose="case"),
        lambda: Pseudonymiser(key=key, purpose="case"),
        lambda: pseudonymise_register(Register(), key=key),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as info:
            attempt()
        assert ["key"] == info.value.paths
        assert "too little variety" in str(info.value)
        assert "generate_key()" in str(info.value)
        assert repr(key) not in str(info.value)
        assert key.hex() not in str(info.value)


@given(seed=st.integers(), size=st.integers(MIN_KEY_BYTES, 256))
def test_random_keys_are_accepted(seed: int, size: int) -> None:
    """Rule: random bytes of 16 or more are never refused for too little variety."""
    key = random.Random(seed).randbytes(size)
    pseudonymise("IKO-7", key=key, purpose="case")


def numbered_register(count: int) -> Register:
    """Cases numbered in the order they were opened, as a case system numbers them."""
    return Register(
        cases=tuple(
            Case(
                id=f"IKO-2021-{n:04d}",
                opened=dt.date(2021, 1, 1) + dt.timedelta(days=3 * n),
                line=Line.FIRST,
                category=Category.GENERAL_ADVICE,
                parties=(INITIATOR,),
                children=(
                    Child(id=f"c-{n}-1", birth_date=dt.date(2012, 5, 1) + dt.timedelta(days=n)),
                    Child(id=f"c-{n}-2", birth_date=dt.date(2016, 8, 9) + dt.timedelta(days=n)),
                ),
            )
            for n in range(1, count + 1)
        )
    )


def test_regression_a_pseudonyms_position_reveals_its_sequential_id_unless_shuffled() -> None:
    """Defect: pseudonymised cases kept their order, so position n was case number n."""
    key = generate_key()
    register = numbered_register(30)
    in_order = [pseudonymise(c.id, key=key, purpose="case") for c in register.cases]
    plain = pseudonymise_register(register, key=key)
    assert in_order == [c.id for c in plain.cases]  # what pseudonyms alone leave
    export = minimise(plain, on=opening_date, shuffle=True)
    assert sorted(in_order) == sorted(c.id for c in export.cases)
    assert in_order != [c.id for c in export.cases]


@settings(max_examples=40)
@given(register=registers(max_cases=12), seed=st.integers())
def test_shuffling_keeps_every_record_and_every_figure(register: Register, seed: int) -> None:
    """Rule: a shuffled export holds the same records in another order, and the same report."""
    plain = minimise(register, on=age_reference_date)
    shuffled = minimise(register, on=age_reference_date, shuffle=random.Random(seed))

    def by_id(records: tuple[object, ...]) -> list[object]:
        return sorted(records, key=lambda r: r.id)  # type: ignore[attr-defined]

    assert by_id(plain.contacts) == by_id(shuffled.contacts)
    assert by_id(plain.mediation_requests) == by_id(shuffled.mediation_requests)
    for before, after in zip(by_id(plain.cases), by_id(shuffled.cases), strict=True):
        assert isinstance(before, Case)
        assert isinstance(after, Case)
        assert attrs.evolve(before, children=after.children) == after
        assert by_id(before.children) == by_id(after.children)
    for year in (2020, 2021):
        assert annual_report(plain, year) == annual_report(shuffled, year)


def test_a_seeded_shuffle_is_reproducible_and_true_is_not() -> None:
    """A random.Random of one's own gives the same order each time; True draws a new one."""
    register = numbered_register(40)

    def order(shuffle: bool | random.Random) -> list[str]:
        return [c.id for c in minimise(register, on=opening_date, shuffle=shuffle).cases]

    assert order(random.Random(7)) == order(random.Random(7))
    assert order(True) != order(True)


def _dates(register: Register) -> Iterator[dt.date]:
    for case in register.cases:
        yield case.opened
        yield from (d for d in (case.escalated, case.closed, case.removal_date) if d)
        yield from (k.age_at.on for k in case.children if k.age_at is not None)
    yield from (contact.on for contact in register.contacts)
    for request in register.mediation_requests:
        yield request.received
        yield from (stage.on for stage in request.stages)


@settings(max_examples=60)
@given(register=registers(max_cases=12))
def test_coarsening_puts_every_date_on_the_first_of_its_month(register: Register) -> None:
    """Rule: with coarsen="month" no exact date is left, and each date stays in its month."""
    coarse = minimise(register, on=age_reference_date, coarsen="month")
    assert all(day.day == 1 for day in _dates(coarse))
    original = {c.id: c for c in register.cases}
    for case in coarse.cases:
        before = original[case.id]
        assert (before.opened.year, before.opened.month) == (case.opened.year, case.opened.month)
        for child, was in zip(case.children, before.children, strict=True):
            assert child.birth_date is None
            assert child.age_at is not None
            reference = age_reference_date(before)
            exact = was.age_on(reference)
            # The age on the reference date, or the nearest that fits the coarsened case.
            assert abs(child.age_on(reference) - exact) <= 1
            assert (
                age_band(child.age_on(reference)) == age_band(exact)
                or abs(child.age_on(reference) - exact) == 1
            )


@settings(max_examples=60)
@given(register=registers(max_cases=12), seed=st.integers())
def test_a_shuffled_coarsened_export_gives_the_same_annual_report(
    register: Register, seed: int
) -> None:
    """Rule: an export shuffled and coarsened to months gives the same annual report."""
    export = minimise(register, on=age_reference_date, shuffle=random.Random(seed), coarsen="month")
    assert len(register.cases) == len(export.cases)
    for year in (2020, 2021):
        assert annual_report(register, year) == annual_report(export, year)


def test_a_17_year_old_near_a_birthday_is_stated_a_year_younger_in_the_same_band() -> None:
    """Born in the month of the removal's anniversary, 17 at the removal: 16 on the 1st fits."""
    case = Case(
        id="k-1",
        opened=dt.date(2021, 3, 10),
        line=Line.SECOND,
        category=Category.ABDUCTION,
        parties=(INITIATOR,),
        children=(Child(id="c-1", birth_date=dt.date(2003, 3, 15)),),
        removal_date=dt.date(2020, 3, 20),
    )
    coarse = minimise(Register(cases=(case,)), on=age_reference_date, coarsen="month").cases[0]
    assert (dt.date(2021, 3, 1), dt.date(2020, 3, 1)) == (coarse.opened, coarse.removal_date)
    assert AgeAtDate(years=16, on=dt.date(2020, 3, 1)) == coarse.children[0].age_at
    assert age_band(17) == age_band(16)


def test_a_child_born_in_the_month_the_case_opened_keeps_age_0() -> None:
    """Born on the 5th of the month the case opened (the 10th): age 0 on the 1st fits."""
    case = Case(
        id="k-1",
        opened=dt.date(2021, 3, 10),
        line=Line.FIRST,
        category=Category.GENERAL_ADVICE,
        parties=(INITIATOR,),
        children=(Child(id="c-1", birth_date=dt.date(2021, 3, 5)),),
    )
    coarse = minimise(Register(cases=(case,)), on=opening_date, coarsen="month").cases[0]
    assert AgeAtDate(years=0, on=dt.date(2021, 3, 1)) == coarse.children[0].age_at


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [({"coarsen": "week"}, "coarsen"), ({"coarsen": True}, "coarsen"), ({"shuffle": 3}, "shuffle")],
)
def test_an_unknown_shuffle_or_coarsening_is_refused(kwargs: dict[str, object], path: str) -> None:
    """Only True, False or a random.Random shuffle, and only "month" coarsens."""
    with pytest.raises(ValidationError) as info:
        minimise(Register(), on=opening_date, **kwargs)  # type: ignore[arg-type]
    assert [path] == info.value.paths
