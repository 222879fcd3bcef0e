"""Property test: ``annual_report`` equals its counting rules applied one record at a time.

``annual_report`` is written for registers of a million cases (a few passes,
keys counted in C, rules applied once per distinct key). This module states
its counting rules the plain way, one case and one contact at a time, with the
public classification functions, and checks that both give every figure the
same value.
"""

import datetime as dt
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from ikomodel import (
    UNKNOWN,
    CameBack,
    CaseFlow,
    Category,
    ClientKind,
    Direction,
    Line,
    Measure,
    Register,
    age_band,
    annual_report,
    case_treaty_status,
    direction,
    initiating_party,
)
from ikomodel.testing import registers

_SECTIONS = {
    Category.PREVENTION: ("prevention", None),
    Category.RELOCATION_PERMISSION: ("relocation", "relocation_countries"),
    Category.INTERNATIONAL_ACCESS: ("access", "access_countries"),
    Category.ABDUCTION: ("abductions", "abductions_countries"),
}
_GROUPS = {
    ClientKind.MOTHER: "parents",
    ClientKind.FATHER: "parents",
    ClientKind.RELATIVE: "relatives",
    ClientKind.FRIEND_OR_NEIGHBOUR: "relatives",
    ClientKind.PROFESSIONAL: "professionals",
}
_CASE_TABLES = {
    "first_line",
    "second_line",
    "second_line_flow",
    "second_line_closed",
    "prevention",
    "prevention_came_back",
    "prevention_years",
    "prevention_years_by_initiator",
    "relocation",
    "relocation_countries",
    "access",
    "access_countries",
    "abductions",
    "abductions_by_age",
    "abductions_by_treaty",
    "abductions_by_direction",
    "abductions_countries",
    "contacts",
    "contacts_by_client",
}


def _expected(register: Register, year: int, span: int) -> Counter[tuple[str, object, str]]:
    """The rules of ``annual_report``'s docstring, one case and one contact at a time."""
    end = dt.date(year, 12, 31)
    years = range(year - span + 1, year + 1)
    out: Counter[tuple[str, object, str]] = Counter()
    cases, children = Measure.CASES, Measure.CHILDREN
    for case in register.cases:
        n = len(case.children)
        opened = case.opened.year
        # The multi-year prevention table: each year's cases on their line at its own year end.
        if (
            case.category is Category.PREVENTION
            and opened in years
            and case.line_on(dt.date(opened, 12, 31)) is Line.SECOND
        ):
            out["prevention_years", opened, cases] += 1
            out["prevention_years", opened, children] += n
            out["prevention_years", opened, Measure.CAME_BACK] += bool(case.came_back_as_abduction)
            out["prevention_years_by_initiator", opened, initiating_party(case)] += 1
        if opened < year:
            if case.line_on(end) is Line.SECOND and case.is_open_on(end):
                out["second_line_flow", CaseFlow.EARLIER_STILL_OPEN, cases] += 1
            continue
        if opened > year:
            continue
        line = case.line_on(end)
        table = "first_line" if line is Line.FIRST else "second_line"
        out[table, case.category, cases] += 1
        out[table, case.category, children] += n
        if line is Line.FIRST:
            continue
        if case.is_open_on(end):
            out["second_line_flow", CaseFlow.CARRIED_OVER, cases] += 1
        else:
            out["second_line_flow", CaseFlow.CLOSED_IN_YEAR, cases] += 1
            out["second_line_closed", case.closure_reason, cases] += 1
        if case.category not in _SECTIONS:
            continue
        slug, countries = _SECTIONS[case.category]
        way = direction(case)
        if countries is not None:
            country = {
                Direction.TO_NETHERLANDS: case.habitual_residence,
                Direction.FROM_NETHERLANDS: case.destination,
            }.get(way)
            if country is not None:
                out[countries, country, way] += 1
        if case.category is Category.ABDUCTION:
            out[slug, case.taking_person or UNKNOWN, cases] += 1
            out[slug, case.taking_person or UNKNOWN, children] += n
            for child in case.children:
                age = child.age_on(case.removal_date or case.opened)
                band = age_band(age) if 0 <= age < 18 else UNKNOWN
                out["abductions_by_age", band, children] += 1
            treaty = case_treaty_status(case)
            out["abductions_by_treaty", treaty, cases] += 1
            out["abductions_by_treaty", treaty, children] += n
            out["abductions_by_direction", way, cases] += 1
            out["abductions_by_direction", way, children] += n
            continue
        party = initiating_party(case)
        out[slug, party, cases] += 1
        out[slug, party, children] += n
        if case.category is Category.PREVENTION:
            came_back = {True: CameBack.YES, False: CameBack.NO, None: UNKNOWN}
            out["prevention_came_back", came_back[case.came_back_as_abduction], cases] += 1
    for contact in register.contacts:
        if contact.on.year == year:
            out["contacts", contact.channel, Measure.CONTACTS] += 1
            out["contacts_by_client", _GROUPS[contact.client], contact.channel] += 1
    return out


@given(registers(year=2021, max_cases=25), st.integers(min_value=2020, max_value=2022))
def test_every_case_and_contact_figure_follows_the_counting_rules(
    register: Register, year: int
) -> None:
    """Rule: every figure of the case and contact tables is the count of annual_report's rules.

    A case counts in the year it was opened, on its line at the year end; the
    second-line cases of the year are closed in the year or carried over;
    older second-line cases still open are counted apart; sections count by
    initiating party, abductions by taking person, age band at removal,
    treaty status and direction, countries by direction; the prevention years
    each count their cases on their line at their own year end; contacts
    count by channel and client group in their year.
    """
    report = annual_report(register, year)
    expected = _expected(register, year, 4)
    got = {
        (cell.table, cell.row, cell.column): cell.value
        for cell in report.cells()
        if cell.table in _CASE_TABLES and cell.row is not None
    }
    assert {key: n for key, n in got.items() if n} == {key: n for key, n in expected.items() if n}
