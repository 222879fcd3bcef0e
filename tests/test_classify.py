"""Tests of the classification rules: age, age bands, the Hague age limit."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ikomodel
from ikomodel import AgeBand, Child

D = dt.date


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        pytest.param(D(2015, 6, 1), D(2021, 5, 31), 5, id="day-before-birthday"),
        pytest.param(D(2015, 6, 1), D(2021, 6, 1), 6, id="on-birthday"),
        pytest.param(D(2012, 2, 29), D(2021, 2, 28), 8, id="leap-day-birthday-28-feb"),
        pytest.param(D(2012, 2, 29), D(2021, 3, 1), 9, id="leap-day-birthday-1-mar"),
        pytest.param(D(2012, 2, 29), D(2020, 2, 29), 8, id="leap-day-birthday-in-leap-year"),
        pytest.param(D(2021, 1, 1), D(2021, 1, 1), 0, id="born-today"),
    ],
)
def test_age_on(birth: dt.date, on: dt.date, expected: int) -> None:
    """The age in whole years counts birthdays, with 29 February celebrated on 1 March."""
    assert expected == ikomodel.age_on(birth, on)


def test_age_on_before_birth_raises_without_the_birth_date() -> None:
    """An age asked for before the birth date is a ValidationError that does not show the date."""
    with pytest.raises(ikomodel.ValidationError) as info:
        ikomodel.age_on(D(2015, 6, 1), D(2015, 5, 31))
    expected = ikomodel.Problem(
        path="on", message="the date to compute an age on must not lie before the birth date"
    )
    assert [expected] == list(info.value.problems)
    assert "2015" not in str(info.value)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        pytest.param(0, AgeBand.UP_TO_5, id="report-1.5-newborn"),
        pytest.param(5, AgeBand.UP_TO_5, id="report-1.5-5-jaar-of-jonger"),
        pytest.param(6, AgeBand.FROM_6_TO_12, id="report-1.5-6-t/m-12"),
        pytest.param(12, AgeBand.FROM_6_TO_12, id="report-1.5-12"),
        pytest.param(13, AgeBand.FROM_13_TO_15, id="report-1.5-13-t/m-15"),
        pytest.param(15, AgeBand.FROM_13_TO_15, id="report-1.5-15"),
        pytest.param(16, AgeBand.FROM_16_TO_17, id="report-1.5-16-tot-18"),
        pytest.param(17, AgeBand.FROM_16_TO_17, id="report-1.5-17"),
    ],
)
def test_age_band(age: int, band: AgeBand) -> None:
    """Each age falls in the band the 2021 report (section 1.5) puts it in."""
    assert band == ikomodel.age_band(age)


@pytest.mark.parametrize("age", [-1, 18, 40, True])
def test_age_band_outside_childhood_raises(age: int) -> None:
    """Ages outside 0-17 (and booleans) have no band and raise a ValidationError on 'age'."""
    with pytest.raises(ikomodel.ValidationError) as info:
        ikomodel.age_band(age)
    expected = ikomodel.Problem(
        path="age", message="an age is a whole number of years from 0 to 17"
    )
    assert [expected] == list(info.value.problems)


def test_age_band_slugs_and_labels_are_stable() -> None:
    """The band slugs are the wire format and the labels follow the report's wording."""
    assert ["0_5", "6_12", "13_15", "16_17"] == [band.value for band in AgeBand]
    assert "5 jaar of jonger" == AgeBand.UP_TO_5.label("nl")
    assert "16 and 17" == AgeBand.FROM_16_TO_17.label("en")


@given(st.integers(min_value=0, max_value=17))
def test_age_bands_partition_childhood(age: int) -> None:
    """Business rule: every age from 0 to 17 lies in exactly one band (report section 1.5)."""
    assert 1 == sum(age in band.ages for band in AgeBand)
    assert age in ikomodel.age_band(age).ages


@given(st.integers(min_value=0, max_value=17), st.integers(min_value=0, max_value=17))
def test_age_bands_are_monotone(a: int, b: int) -> None:
    """Business rule: an older child is never in a younger band."""
    order = list(AgeBand)
    young, old = sorted((a, b))
    assert order.index(ikomodel.age_band(young)) <= order.index(ikomodel.age_band(old))


def _child(birth: dt.date) -> Child:
    return Child(id="c-1", birth_date=birth)


@pytest.mark.parametrize(
    ("birth", "removal", "on", "expected"),
    [
        pytest.param(D(2010, 5, 1), D(2021, 5, 1), D(2021, 9, 1), True, id="Art4-eleven-year-old"),
        pytest.param(
            D(2005, 5, 1), D(2021, 4, 30), D(2021, 4, 30), True, id="Art4-day-before-16th"
        ),
        pytest.param(
            D(2005, 5, 1), D(2021, 5, 1), D(2021, 5, 1), False, id="Art4-removed-on-16th-birthday"
        ),
        pytest.param(
            D(2005, 5, 1),
            D(2021, 1, 1),
            D(2021, 5, 1),
            False,
            id="Art4-turns-16-during-proceedings",
        ),
        pytest.param(
            D(2004, 2, 29), D(2020, 2, 28), D(2020, 2, 28), True, id="Art4-leap-day-still-15"
        ),
    ],
)
def test_hague_applies_by_age(
    birth: dt.date, removal: dt.date, on: dt.date, expected: bool
) -> None:
    """The Convention applies only to a child under 16 at removal and still under 16 (Art. 4)."""
    assert expected == ikomodel.hague_applies_by_age(_child(birth), removal, on)


def test_hague_age_decision_before_removal_raises() -> None:
    """A decision date before the removal date is a ValidationError on 'on' that says why."""
    with pytest.raises(ikomodel.ValidationError) as info:
        ikomodel.hague_applies_by_age(_child(D(2010, 1, 1)), D(2021, 5, 1), D(2021, 4, 1))
    expected = ikomodel.Problem(
        path="on", message="the decision date must not lie before the date of removal or retention"
    )
    assert [expected] == list(info.value.problems)


@pytest.mark.parametrize(
    ("birth", "on", "older_than", "expected"),
    [
        pytest.param(
            D(2018, 1, 1), D(2021, 12, 31), 3, False, id="report-mediation-three-year-old"
        ),
        pytest.param(D(2017, 1, 1), D(2021, 1, 1), 3, True, id="report-mediation-four-year-old"),
        pytest.param(D(2018, 1, 1), D(2021, 12, 31), 2, True, id="policy-threshold-two"),
    ],
)
def test_special_guardian_indicated(
    birth: dt.date, on: dt.date, older_than: int, expected: bool
) -> None:
    """A special guardian is indicated for a child older than the policy threshold."""
    assert expected == ikomodel.special_guardian_indicated(_child(birth), on, older_than=older_than)


# --- line (report section 1.1) ---------------------------------------------------------

ClientKind = ikomodel.ClientKind
Category = ikomodel.Category
Line = ikomodel.Line


@pytest.mark.parametrize(
    ("initiator", "category", "is_complex", "expected"),
    [
        pytest.param(
            ClientKind.MOTHER,
            Category.HOLIDAY_PERMISSION,
            None,
            Line.FIRST,
            id="report-1.1-parent-travel-consent-first-line",
        ),
        pytest.param(
            ClientKind.FATHER,
            Category.GENERAL_ADVICE,
            None,
            Line.FIRST,
            id="report-1.1-parent-general-question-first-line",
        ),
        pytest.param(
            ClientKind.FATHER,
            Category.HOLIDAY_PERMISSION,
            True,
            Line.SECOND,
            id="report-1.1-refused-holiday-permission-complex",
        ),
        pytest.param(
            ClientKind.MOTHER,
            Category.ABDUCTION,
            None,
            Line.SECOND,
            id="report-1.1-parent-abduction-second-line",
        ),
        pytest.param(
            ClientKind.MOTHER,
            Category.PREVENTION,
            None,
            Line.SECOND,
            id="report-1.1-parent-threatened-abduction-second-line",
        ),
        pytest.param(
            ClientKind.FATHER,
            Category.RELOCATION_PERMISSION,
            None,
            Line.SECOND,
            id="report-1.1-parent-relocation-second-line",
        ),
        pytest.param(
            ClientKind.MOTHER,
            Category.INTERNATIONAL_ACCESS,
            None,
            Line.SECOND,
            id="report-1.1-parent-international-access-second-line",
        ),
        pytest.param(
            ClientKind.MOTHER,
            Category.PREVENTION,
            False,
            Line.FIRST,
            id="report-1.1-simple-question-override",
        ),
        pytest.param(
            ClientKind.RELATIVE,
            Category.ABDUCTION,
            None,
            Line.FIRST,
            id="report-1.1-relative-first-line-at-first",
        ),
        pytest.param(
            ClientKind.FRIEND_OR_NEIGHBOUR,
            Category.PREVENTION,
            True,
            Line.FIRST,
            id="report-1.1-friend-first-line-at-first",
        ),
        pytest.param(
            ClientKind.PROFESSIONAL,
            Category.ABDUCTION,
            True,
            Line.FIRST,
            id="report-1.1-professional-first-line-at-first",
        ),
    ],
)
def test_line_for(
    initiator: ClientKind, category: Category, is_complex: bool | None, expected: Line
) -> None:
    """The opening line follows report section 1.1: who initiates and how complex it is."""
    assert expected == ikomodel.line_for(initiator, category, is_complex=is_complex)


@given(st.sampled_from(list(ClientKind)), st.sampled_from(list(Category)), st.booleans())
def test_non_parents_always_start_on_the_first_line(
    initiator: ClientKind, category: Category, is_complex: bool
) -> None:
    """Business rule: contacts from relatives, friends and professionals start first line."""
    line = ikomodel.line_for(initiator, category, is_complex=is_complex)
    if initiator not in ikomodel.PARENTS:
        assert Line.FIRST == line
    else:
        assert (Line.SECOND if is_complex else Line.FIRST) == line


def _case(**changes: object) -> ikomodel.Case:
    fields: dict[str, object] = {
        "id": "k-1",
        "opened": D(2021, 3, 1),
        "line": Line.FIRST,
        "category": Category.ABDUCTION,
        "parties": (ikomodel.Party(kind=ClientKind.RELATIVE, roles=(ikomodel.Role.INITIATOR,)),),
    }
    fields.update(changes)
    return ikomodel.Case(**fields)  # type: ignore[arg-type]


def test_escalate_moves_to_second_line_with_date() -> None:
    """Escalation returns a new second-line case that remembers its first-line start."""
    case = _case()
    moved = ikomodel.escalate_case(case, D(2021, 3, 5))
    assert (Line.SECOND, D(2021, 3, 5), Line.FIRST) == (
        moved.line,
        moved.escalated,
        moved.opening_line,
    )
    assert Line.FIRST == case.line
    assert Line.FIRST == moved.line_on(D(2021, 3, 4))


@pytest.mark.parametrize(
    ("changes", "on", "fragment"),
    [
        pytest.param({"line": Line.SECOND}, D(2021, 3, 5), "already", id="already-second-line"),
        pytest.param(
            {"closed": D(2021, 3, 4), "closure_reason": ikomodel.ClosureReason.RESOLVED},
            D(2021, 3, 5),
            "closed",
            id="closed",
        ),
        pytest.param({}, D(2021, 2, 28), "dates never go back", id="before-opening"),
    ],
)
def test_escalate_illegal_transitions(
    changes: dict[str, object], on: dt.date, fragment: str
) -> None:
    """Escalating a second-line or closed case, or before it opened, is a TransitionError."""
    with pytest.raises(ikomodel.TransitionError, match=fragment):
        ikomodel.escalate_case(_case(**changes), on)


# --- direction (report section 1.5) ----------------------------------------------------

Direction = ikomodel.Direction


@pytest.mark.parametrize(
    ("origin", "destination", "expected"),
    [
        pytest.param("NL", "MA", Direction.FROM_NETHERLANDS, id="report-1.5-vanuit-Nederland"),
        pytest.param("PL", "NL", Direction.TO_NETHERLANDS, id="report-1.5-naar-Nederland"),
        pytest.param("NL", "CW", Direction.WITHIN_KINGDOM, id="report-1.7-binnen-Koninkrijk"),
        pytest.param("AW", "NL", Direction.WITHIN_KINGDOM, id="Kingdom-Aruba-to-NL"),
        pytest.param("CW", "VE", Direction.FROM_NETHERLANDS, id="Kingdom-Curacao-to-Venezuela"),
        pytest.param("DE", "TR", Direction.BETWEEN_OTHER_STATES, id="between-other-states"),
        pytest.param("NL", "NL", Direction.DOMESTIC, id="report-1.7-binnenlands"),
        pytest.param(None, "MA", Direction.UNKNOWN, id="missing-habitual-residence"),
        pytest.param("NL", None, Direction.UNKNOWN, id="missing-destination"),
    ],
)
def test_direction(origin: str | None, destination: str | None, expected: Direction) -> None:
    """Direction runs from habitual residence to destination; a missing country is unknown."""
    case = _case(habitual_residence=origin, destination=destination)
    assert expected == ikomodel.direction(case)


@pytest.mark.parametrize(
    ("origin", "destination", "expected"),
    [
        pytest.param("NL", "MA", "MA", id="from-NL"),
        pytest.param("PL", "NL", "PL", id="to-NL"),
        pytest.param("DE", "TR", "TR", id="between-other-states"),
        pytest.param(None, "MA", "MA", id="only-destination-known"),
        pytest.param("BE", None, "BE", id="only-origin-known"),
        pytest.param("NL", None, None, id="only-NL-known"),
    ],
)
def test_other_country(origin: str | None, destination: str | None, expected: str | None) -> None:
    """The far-side country is the one outside the Kingdom, never a guess."""
    assert expected == ikomodel.other_country(
        _case(habitual_residence=origin, destination=destination)
    )


@pytest.mark.parametrize(
    ("origin", "destination", "removal", "expected"),
    [
        pytest.param("NL", "MA", D(2021, 5, 1), "contracting_state", id="Art38-Morocco"),
        pytest.param("NL", "MA", D(2009, 5, 1), "non_contracting_state", id="Art35-Morocco-2009"),
        pytest.param("EG", "NL", None, "non_contracting_state", id="to-NL-from-Egypt"),
        pytest.param("NL", "SX", None, "within_kingdom", id="Kingdom-Sint-Maarten"),
        pytest.param("NL", None, None, "unknown", id="missing-destination"),
    ],
)
def test_case_treaty_status(
    origin: str | None, destination: str | None, removal: dt.date | None, expected: str
) -> None:
    """A case's treaty class looks at the far-side country on the date of removal."""
    case = _case(
        opened=D(2021, 6, 1),
        habitual_residence=origin,
        destination=destination,
        removal_date=removal,
    )
    assert expected == ikomodel.case_treaty_status(case).value


ISO = sorted(ikomodel.alpha2_codes())


@given(
    st.one_of(st.none(), st.sampled_from(ISO)),
    st.one_of(st.none(), st.sampled_from(ISO)),
)
def test_every_case_has_a_direction(origin: str | None, destination: str | None) -> None:
    """Business rule: every case classifies into exactly one direction, without error."""
    case = _case(habitual_residence=origin, destination=destination)
    assert ikomodel.direction(case) in set(Direction)
    assert ikomodel.case_treaty_status(case) in set(ikomodel.TreatyStatus)
