"""Property tests: every computed report is internally consistent, adds up and is stable."""

import random

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from ikomodel import (
    TABLE_SPECS,
    CaseFlow,
    Register,
    annual_report,
    dumps_figures,
    loads_figures,
    reconcile,
)
from ikomodel.testing import registers


def _prefixed(register: Register, prefix: str) -> Register:
    """Return ``register`` with every id prefixed, so two drawn registers are disjoint."""

    def ref(case_id: str | None) -> str | None:
        return None if case_id is None else prefix + case_id

    return Register(
        cases=tuple(attrs.evolve(c, id=prefix + c.id) for c in register.cases),
        contacts=tuple(
            attrs.evolve(c, id=prefix + c.id, case_id=ref(c.case_id)) for c in register.contacts
        ),
        mediation_requests=tuple(
            attrs.evolve(m, id=prefix + m.id, case_id=prefix + m.case_id)
            for m in register.mediation_requests
        ),
    )


@given(registers(year=2021, max_cases=12))
def test_a_computed_report_is_consistent(register: Register) -> None:
    """Rules: every relation reconcile checks holds for a computed report, and more.

    In every table the parts are all present and sum to the total; no count
    is negative; the shares of a column's parts add up to 100 % within
    rounding (one decimal each).
    """
    report = annual_report(register, 2021)
    assert () == reconcile(report)
    assert [] == [c for c in report.cells() if c.value < 0]
    for spec in TABLE_SPECS:
        table = report[spec.slug]
        for column in spec.columns:
            parts, complete = table.known_parts(column)
            assert (True, table.total(column)) == (complete, parts), (spec.slug, column)
            if parts:
                rounded = sum(round(share, 1) for share in table.shares(column).values())
                assert abs(rounded - 100) <= 0.05 * len(table.column(column)) + 1e-9


@given(registers(year=2021, max_cases=6), registers(year=2021, max_cases=6))
def test_reports_of_disjoint_registers_add(a: Register, b: Register) -> None:
    """Rule: annual_report(a) + annual_report(b) == annual_report(a | b) for disjoint registers."""
    left, right = _prefixed(a, "a-"), _prefixed(b, "b-")
    assert annual_report(left | right, 2021) == annual_report(left, 2021) + annual_report(
        right, 2021
    )


@given(registers(year=2021, max_cases=10), st.randoms(use_true_random=False))
def test_report_does_not_depend_on_record_order(register: Register, rnd: random.Random) -> None:
    """Rule: the report does not depend on the order of the records in the register."""
    cases, contacts = list(register.cases), list(register.contacts)
    requests = list(register.mediation_requests)
    rnd.shuffle(cases)
    rnd.shuffle(contacts)
    rnd.shuffle(requests)
    other = Register(
        cases=tuple(cases), contacts=tuple(contacts), mediation_requests=tuple(requests)
    )
    assert annual_report(register, 2021) == annual_report(other, 2021)


@given(registers(year=2021, max_cases=6))
def test_figures_documents_round_trip(register: Register) -> None:
    """Rule: writing a computed report as a figures document and reading it back is the identity."""
    report = annual_report(register, 2021)
    assert report == loads_figures(dumps_figures(report))


@given(registers(year=2021, max_cases=6), st.integers(min_value=0), st.sampled_from([-1, 1]))
def test_changing_any_figure_of_a_computed_report_is_found(
    register: Register, index: int, delta: int
) -> None:
    """Rule: every figure is tied to another, so changing any one of them is a finding.

    (The one exception is the count of older cases still open, which the
    report states on its own.)
    """
    report = annual_report(register, 2021)
    cells = [c for c in report.cells() if c.row != CaseFlow.EARLIER_STILL_OPEN]
    cell = cells[index % len(cells)]
    assume(cell.value + delta >= 0)
    table = report[cell.table]
    if cell.row is None:
        changed = attrs.evolve(table, totals={**table.totals, cell.column: cell.value + delta})
    else:
        key = (cell.row, cell.column)
        changed = attrs.evolve(table, cells={**table.cells, key: cell.value + delta})
    damaged = attrs.evolve(report, tables={**report.tables, cell.table: changed})
    assert reconcile(damaged)
