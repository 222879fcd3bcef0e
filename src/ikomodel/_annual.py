"""Aggregation of a register into the tables of one year's annual report.

:func:`annual_report` makes one pass over the cases, contacts and mediation
requests of a register and counts them into every table of
:data:`~ikomodel.TABLE_SPECS`. The counting rules are stated in its docstring
and in the reference documentation; they are the library's reading of the
2021 report.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from ikomodel._classify import Direction, age_band, case_treaty_status, direction
from ikomodel._model import Case, Contact, MediationRequest, Register
from ikomodel._report import AnnualReport, Table
from ikomodel._tables import (
    TABLE_SPECS,
    UNKNOWN,
    CameBack,
    CaseFlow,
    ClientGroup,
    InitiatingParty,
    Measure,
    RowKey,
)
from ikomodel._vocabulary import (
    SUCCESSFUL_OUTCOMES,
    Category,
    ClientKind,
    Line,
    MediationStage,
)

PREVENTION_SPAN = 4
"""Years in the multi-year prevention table, ending with the report year (2018-2021 in 2021)."""

_CASES, _CHILDREN = Measure.CASES.value, Measure.CHILDREN.value
_SECTION_TABLES = {
    Category.PREVENTION: ("prevention", None),
    Category.RELOCATION_PERMISSION: ("relocation", "relocation_countries"),
    Category.INTERNATIONAL_ACCESS: ("access", "access_countries"),
    Category.ABDUCTION: ("abductions", "abductions_countries"),
}
_PARTIES = {ClientKind.MOTHER: InitiatingParty.MOTHER, ClientKind.FATHER: InitiatingParty.FATHER}
_GROUPS = {
    ClientKind.MOTHER: ClientGroup.PARENTS,
    ClientKind.FATHER: ClientGroup.PARENTS,
    ClientKind.RELATIVE: ClientGroup.RELATIVES,
    ClientKind.FRIEND_OR_NEIGHBOUR: ClientGroup.RELATIVES,
    ClientKind.PROFESSIONAL: ClientGroup.PROFESSIONALS,
}

Counts = Counter[tuple[str, RowKey, str]]


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def initiating_party(case: Case) -> InitiatingParty:
    """Return the report's initiating party of ``case``: mother, father, or other.

    >>> from ikomodel import Party, Role
    >>> case = Case(id="z-1", opened=dt.date(2021, 3, 1), line=Line.SECOND,
    ...     category=Category.PREVENTION,
    ...     parties=(Party(kind=ClientKind.RELATIVE, roles=(Role.INITIATOR,)),))
    >>> initiating_party(case)
    <InitiatingParty.OTHER: 'other'>
    """
    return _PARTIES.get(case.initiator.kind, InitiatingParty.OTHER)


def _event_date(case: Case) -> dt.date:
    return case.removal_date or case.opened


def _age_row(case: Case, on: dt.date, child_index: int) -> RowKey:
    age = case.children[child_index].age_on(on)
    return age_band(age) if 0 <= age < 18 else UNKNOWN


def _country_row(case: Case, way: Direction) -> str | None:
    if way is Direction.TO_NETHERLANDS:
        return case.habitual_residence
    if way is Direction.FROM_NETHERLANDS:
        return case.destination
    return None


def _count_case(counts: Counts, case: Case, year: int) -> None:
    """Count one case into the tables of ``year``."""
    end = _year_end(year)
    children = len(case.children)
    if case.opened.year < year:
        if case.line_on(end) is Line.SECOND and case.is_open_on(end):
            counts["second_line_flow", CaseFlow.EARLIER_STILL_OPEN, _CASES] += 1
        return
    line = case.line_on(end)
    table = "first_line" if line is Line.FIRST else "second_line"
    counts[table, case.category, _CASES] += 1
    counts[table, case.category, _CHILDREN] += children
    if line is Line.FIRST:
        return
    if case.closed is not None and case.closed <= end:
        counts["second_line_flow", CaseFlow.CLOSED_IN_YEAR, _CASES] += 1
        assert case.closure_reason is not None
        counts["second_line_closed", case.closure_reason, _CASES] += 1
    else:
        counts["second_line_flow", CaseFlow.CARRIED_OVER, _CASES] += 1
    if case.category not in _SECTION_TABLES:
        return
    slug, countries = _SECTION_TABLES[case.category]
    if case.category is Category.ABDUCTION:
        taker: RowKey = case.taking_person or UNKNOWN
        counts[slug, taker, _CASES] += 1
        counts[slug, taker, _CHILDREN] += children
        on = _event_date(case)
        for i in range(children):
            counts["abductions_by_age", _age_row(case, on, i), _CHILDREN] += 1
    else:
        party = initiating_party(case)
        counts[slug, party, _CASES] += 1
        counts[slug, party, _CHILDREN] += children
    way = direction(case)
    if case.category is Category.ABDUCTION:
        treaty = case_treaty_status(case)
        counts["abductions_by_treaty", treaty, _CASES] += 1
        counts["abductions_by_treaty", treaty, _CHILDREN] += children
        counts["abductions_by_direction", way, _CASES] += 1
        counts["abductions_by_direction", way, _CHILDREN] += children
    if countries is not None and (country := _country_row(case, way)) is not None:
        counts[countries, country, way] += 1
    if case.category is Category.PREVENTION:
        answer = {True: CameBack.YES, False: CameBack.NO, None: UNKNOWN}
        counts["prevention_came_back", answer[case.came_back_as_abduction], _CASES] += 1


def _count_prevention_years(counts: Counts, case: Case, years: range) -> None:
    """Count a prevention case into the multi-year prevention tables."""
    opened = case.opened.year
    if (
        case.category is not Category.PREVENTION
        or opened not in years
        or case.line_on(_year_end(opened)) is not Line.SECOND
    ):
        return
    counts["prevention_years", opened, _CASES] += 1
    counts["prevention_years", opened, _CHILDREN] += len(case.children)
    counts["prevention_years", opened, Measure.CAME_BACK] += bool(case.came_back_as_abduction)
    counts["prevention_years_by_initiator", opened, initiating_party(case)] += 1


def _count_contact(counts: Counts, contact: Contact) -> None:
    counts["contacts", contact.channel, Measure.CONTACTS] += 1
    counts["contacts_by_client", _GROUPS[contact.client], contact.channel] += 1


def _count_mediation(counts: Counts, request: MediationRequest, year: int) -> None:
    """Count a request received in ``year`` by its stage history up to the year end."""
    end = _year_end(year)
    stages = [change for change in request.stages if change.on <= end]
    reached = {change.stage for change in stages}
    last = stages[-1]
    kind = request.kind

    def add(measure: Measure, amount: int = 1) -> None:
        counts["mediation", kind, measure] += amount

    add(Measure.REQUESTS)
    add(Measure.PENDING, last.stage is MediationStage.RECEIVED)
    add(Measure.NOT_STARTED, MediationStage.NOT_STARTED in reached)
    if last.reason is not None:
        counts["mediation_not_started", last.reason, kind] += 1
    add(Measure.STARTED, MediationStage.INTAKE in reached)
    add(Measure.IN_INTAKE, last.stage is MediationStage.INTAKE)
    add(Measure.STOPPED, MediationStage.STOPPED in reached)
    add(Measure.MEDIATIONS, MediationStage.IN_MEDIATION in reached)
    concluded = MediationStage.CONCLUDED in reached
    add(Measure.CONCLUDED, concluded)
    add(Measure.SUCCESSFUL, concluded and request.outcome in SUCCESSFUL_OUTCOMES)
    add(Measure.RUNNING, last.stage is MediationStage.IN_MEDIATION)
    add(Measure.CHILD_INTERVIEWS, request.child_interviews)
    add(Measure.CHILDREN_HEARD, request.children_heard)


def _tables(counts: Counts, years: range) -> dict[str, Table]:
    """Build every table: all rows of a closed vocabulary (zeros included), totals = parts."""
    tables: dict[str, Table] = {}
    for spec in TABLE_SPECS:
        rows: Iterable[RowKey]
        if spec.rows == "year":
            rows = years
        elif spec.rows == "country":
            rows = sorted({row for slug, row, _ in counts if slug == spec.slug}, key=str)
        else:
            rows = spec.row_keys
        cells: dict[tuple[RowKey, str], int] = {
            (row, column): counts[spec.slug, row, column] for row in rows for column in spec.columns
        }
        totals: dict[str, int] = {
            column: sum(cells[row, column] for row in rows if spec.is_part(row))
            for column in spec.columns
        }
        tables[spec.slug] = Table(slug=spec.slug, cells=cells, totals=totals)
    return tables


def annual_report(register: Register, year: int, *, span: int = PREVENTION_SPAN) -> AnnualReport:
    """Compute every table of the annual report of ``year`` from ``register``, in one pass.

    Counting rules:

    * A case counts in the year it was **opened**, on the **line it was on at
      the year end** (31 December); a case escalated after the year end is
      still a first-line case of that year. Children per category are the
      children of those cases.
    * **Case flow** (second line): of the cases opened in the year, those
      closed on or before 31 December are *closed in the year* (by reason),
      the rest are *carried over*; together they are the total (opened).
      *Earlier, still open*: second-line cases opened before the year and
      still open at its end (not a part of the total).
    * **Prevention, relocation, access, abductions** are the second-line
      cases of the year in categories prevention, relocation permission,
      international access and abduction. The initiating party is the
      initiator's kind: mother, father, or other.
    * **Abductions**: children by age band at the removal date (the opening
      date when none is recorded); treaty status by
      :func:`~ikomodel.case_treaty_status` (answer (a), Contracting State, of
      the other country on the removal date; within the Kingdom and unknown
      are rows of their own); direction by :func:`~ikomodel.direction`.
    * **Countries** (relocation, access, abductions): a case counts under
      its habitual residence when the direction is to the Netherlands and
      under its destination when it is from the Netherlands; other
      directions have no country row. Full counts are kept; the top ten is
      derived by :meth:`AnnualReport.top_countries`.
    * **Multi-year prevention**: the second-line prevention cases opened in
      each of the ``span`` years ending with ``year``, each on its line at
      the end of its own year, with the number that came back as an abduction.
    * **Mediation**: requests received in the year, by their stage history up
      to the year end: started means an intake took place; mediations reached
      the mediation stage; successful means concluded with a full or mirror
      agreement; running means still in mediation at the year end. Child
      interviews and children heard are those recorded on the requests
      received in the year; not-started reasons are the reasons recorded
      with the ``not_started`` stage.
    * **Contacts**: contacts dated in the year by channel and client group.

    Every closed-vocabulary row is present (zeros included), and every total
    is the sum of its parts.

    >>> report = annual_report(Register(), 2021)
    >>> report.get("second_line", None, "cases"), report.get("prevention_years", 2018, "cases")
    (0, 0)
    """
    years = range(year - span + 1, year + 1)
    counts: Counts = Counter()
    for case in register.cases:
        if case.opened.year <= year:
            _count_case(counts, case, year)
            _count_prevention_years(counts, case, years)
    for contact in register.contacts:
        if contact.on.year == year:
            _count_contact(counts, contact)
    for request in register.mediation_requests:
        if request.received.year == year:
            _count_mediation(counts, request, year)
    return AnnualReport(year=year, tables=_tables(counts, years), source="computed")
