"""Aggregation of a register into the tables of one year's annual report.

:func:`annual_report` selects the cases, contacts and mediation requests of
the year (a few comprehensions over each, no per-record function calls) and
counts them into every table of
:data:`~ikomodel.TABLE_SPECS`. The counting rules are stated in its docstring
and in the reference documentation; they are the library's reading of the
2021 report.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ikomodel._classify import Direction, _treaty_class, age_band, direction, other_country
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
from ikomodel._treaty import TreatyStatus
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
Ways = dict[tuple[str | None, str | None], tuple[Direction, str | None]]


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


def _country_row(case: Case, way: Direction) -> str | None:
    if way is Direction.TO_NETHERLANDS:
        return case.habitual_residence
    if way is Direction.FROM_NETHERLANDS:
        return case.destination
    return None


# The aggregation is written for registers of a million cases. Each pass
# keeps the per-record work to a few attribute reads, collects the keys of
# a table in a list (or a generator) and counts them once with ``Counter``
# (counted in C); the rules that classify a key (direction, treaty status,
# age band) then run once per *distinct* key, cached in dicts that live for
# one call. The rules themselves are those of ``_classify`` and the records.


def _count_cases(counts: Counts, cases: Sequence[Case], year: int, years: range) -> None:
    """Count the cases into the case, flow, section and multi-year prevention tables."""
    first_day, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    first, second, prevention = Line.FIRST, Line.SECOND, Category.PREVENTION
    # One pass splits the cases by their opening date (each case is read once:
    # at a million cases, memory traffic costs more than the loop), a generator
    # keys the year's cases for Counter; only the second-line cases (about one
    # in eight) are looked at one by one.
    of_year: list[Case] = []
    earlier: list[Case] = []
    add_of_year, add_earlier = of_year.append, earlier.append
    for case in cases:
        opened = case.opened
        if opened < first_day:
            add_earlier(case)
        elif opened <= end:
            add_of_year(case)
    keys = Counter((case.line, case.category, len(case.children)) for case in of_year)
    seconds: list[Case] = []  # second-line cases of the year, on their line at the year end
    for case in [case for case in of_year if case.line is second]:
        escalated = case.escalated
        if escalated is not None and end < escalated:
            # Escalated after the year end: still a first-line case of the year.
            key = (second, case.category, len(case.children))
            keys[key] -= 1
            keys[first, *key[1:]] += 1
        else:
            seconds.append(case)
    for (line, category, children), n in keys.items():
        if n:
            table = "first_line" if line is first else "second_line"
            counts[table, category, _CASES] += n
            counts[table, category, _CHILDREN] += n * children
    earlier_prevention: list[Case] = []
    still_open = 0
    for case in earlier:
        if (
            case.line is second
            and ((escalated := case.escalated) is None or escalated <= end)
            and ((closed := case.closed) is None or closed > end)
        ):
            still_open += 1
        if case.category is prevention and case.opened.year in years:
            earlier_prevention.append(case)
    if still_open:
        counts["second_line_flow", CaseFlow.EARLIER_STILL_OPEN, _CASES] += still_open
    _count_flow(counts, seconds, end)
    groups: dict[Category, list[Case]] = {}
    for case in seconds:
        category = case.category
        if category in groups:
            groups[category].append(case)
        else:
            groups[category] = [case]
    ways: Ways = {}
    for category, group in groups.items():
        if category not in _SECTION_TABLES:
            continue
        slug, countries = _SECTION_TABLES[category]
        if category is Category.ABDUCTION:
            _count_abductions(counts, group, ways)
        else:
            _count_initiated(counts, slug, group, year if year in years else None)
        if countries is not None:
            _count_countries(counts, countries, group, ways)
    _count_prevention_years(counts, earlier_prevention)


def _count_flow(counts: Counts, seconds: list[Case], end: dt.date) -> None:
    """Count the second-line cases of the year as closed in the year (by reason) or carried over."""
    reasons = [
        case.closure_reason
        for case in seconds
        if (closed := case.closed) is not None and closed <= end
    ]
    counts["second_line_flow", CaseFlow.CLOSED_IN_YEAR, _CASES] += len(reasons)
    counts["second_line_flow", CaseFlow.CARRIED_OVER, _CASES] += len(seconds) - len(reasons)
    for reason, n in Counter(reasons).items():
        assert reason is not None
        counts["second_line_closed", reason, _CASES] += n


def _count_initiated(counts: Counts, slug: str, group: list[Case], year: int | None) -> None:
    """Count the cases of a section by initiating party (prevention, relocation, access).

    Prevention cases are also counted by whether they came back as an
    abduction and, when ``year`` is one of the span's years, into its row of
    the multi-year prevention tables.
    """
    keys = Counter(
        (initiating_party(case), len(case.children), case.came_back_as_abduction) for case in group
    )
    prevention = bool(group) and group[0].category is Category.PREVENTION
    answer = {True: CameBack.YES, False: CameBack.NO, None: UNKNOWN}
    for (party, children, came_back), n in keys.items():
        counts[slug, party, _CASES] += n
        counts[slug, party, _CHILDREN] += n * children
        if not prevention:
            continue
        counts["prevention_came_back", answer[came_back], _CASES] += n
        if year is not None:
            counts["prevention_years", year, _CASES] += n
            counts["prevention_years", year, _CHILDREN] += n * children
            counts["prevention_years", year, Measure.CAME_BACK] += n * bool(came_back)
            counts["prevention_years_by_initiator", year, party] += n


def _way(ways: Ways, case: Case) -> tuple[Direction, str | None]:
    """Return the direction and the other country of ``case``, cached on its two countries.

    Both rules (:func:`direction`, :func:`other_country`) read only the
    habitual residence and the destination.
    """
    key = (case.habitual_residence, case.destination)
    way = ways.get(key)
    if way is None:
        way = ways[key] = (direction(case), other_country(case))
    return way


def _count_countries(
    counts: Counts,
    slug: str,
    group: list[Case],
    ways: Ways,
) -> None:
    """Count the cases of a section by country and direction (none for other directions)."""
    for case, n in _representatives(group, ("habitual_residence", "destination")):
        way, _ = _way(ways, case)
        if (country := _country_row(case, way)) is not None:
            counts[slug, country, way] += n


def _representatives(group: list[Case], fields: tuple[str, ...]) -> list[tuple[Case, int]]:
    """Return one case per distinct value of ``fields`` in ``group``, with the number of cases."""
    get = operator.attrgetter(*fields)
    first: dict[object, Case] = {}
    numbers: Counter[object] = Counter()
    for case in group:
        key = get(case)
        numbers[key] += 1
        if key not in first:
            first[key] = case
    return [(first[key], n) for key, n in numbers.items()]


def _count_abductions(counts: Counts, group: list[Case], ways: Ways) -> None:
    """Count the abductions by taking person, age band, treaty status and direction."""
    for (taker, children), n in Counter(
        (case.taking_person, len(case.children)) for case in group
    ).items():
        row: RowKey = taker or UNKNOWN
        counts["abductions", row, _CASES] += n
        counts["abductions", row, _CHILDREN] += n * children
    bands: dict[int, RowKey] = {}
    ages = Counter(
        child.age_on(case.removal_date or case.opened) for case in group for child in case.children
    )
    for age, n in ages.items():
        if age not in bands:
            bands[age] = age_band(age) if 0 <= age < 18 else UNKNOWN
        counts["abductions_by_age", bands[age], _CHILDREN] += n
    treaties: dict[tuple[Direction, str | None, dt.date], TreatyStatus] = {}
    keys: Counter[tuple[TreatyStatus, Direction, int]] = Counter()
    for case in group:
        way, far = _way(ways, case)
        key = (way, far, case.removal_date or case.opened)
        treaty = treaties.get(key)
        if treaty is None:
            treaty = treaties[key] = _treaty_class(*key)
        keys[treaty, way, len(case.children)] += 1
    for (treaty, way, children), n in keys.items():
        counts["abductions_by_treaty", treaty, _CASES] += n
        counts["abductions_by_treaty", treaty, _CHILDREN] += n * children
        counts["abductions_by_direction", way, _CASES] += n
        counts["abductions_by_direction", way, _CHILDREN] += n * children


def _count_prevention_years(counts: Counts, cases: list[Case]) -> None:
    """Count prevention cases opened in the span's years that were second-line at their year end."""
    for case in cases:
        opened = case.opened.year
        if case.line_on(dt.date(opened, 12, 31)) is not Line.SECOND:
            continue
        counts["prevention_years", opened, _CASES] += 1
        counts["prevention_years", opened, _CHILDREN] += len(case.children)
        counts["prevention_years", opened, Measure.CAME_BACK] += bool(case.came_back_as_abduction)
        counts["prevention_years_by_initiator", opened, initiating_party(case)] += 1


def _count_contacts(counts: Counts, contacts: Iterable[Contact], year: int) -> None:
    """Count the contacts dated in ``year`` by channel and client group."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    keys = Counter(
        (contact.channel, contact.client) for contact in contacts if start <= contact.on <= end
    )
    for (channel, client), n in keys.items():
        counts["contacts", channel, Measure.CONTACTS] += n
        counts["contacts_by_client", _GROUPS[client], channel] += n


def _count_mediations(counts: Counts, requests: Iterable[MediationRequest], year: int) -> None:
    """Count the requests received in ``year`` by their stage history up to the year end."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    histories: Counter[tuple[Any, ...]] = Counter()
    for request in requests:
        if start <= request.received <= end:
            stages = [change for change in request.stages if change.on <= end]
            last = stages[-1]
            histories[
                request.kind,
                frozenset([change.stage for change in stages]),
                last.stage,
                last.reason,
                request.outcome in SUCCESSFUL_OUTCOMES,
                request.child_interviews,
                request.children_heard,
            ] += 1
    for (kind, reached, stage, reason, success, interviews, heard), n in histories.items():
        concluded = MediationStage.CONCLUDED in reached
        for measure, amount in (
            (Measure.REQUESTS, 1),
            (Measure.PENDING, stage is MediationStage.RECEIVED),
            (Measure.NOT_STARTED, MediationStage.NOT_STARTED in reached),
            (Measure.STARTED, MediationStage.INTAKE in reached),
            (Measure.IN_INTAKE, stage is MediationStage.INTAKE),
            (Measure.STOPPED, MediationStage.STOPPED in reached),
            (Measure.MEDIATIONS, MediationStage.IN_MEDIATION in reached),
            (Measure.CONCLUDED, concluded),
            (Measure.SUCCESSFUL, concluded and success),
            (Measure.RUNNING, stage is MediationStage.IN_MEDIATION),
            (Measure.CHILD_INTERVIEWS, interviews),
            (Measure.CHILDREN_HEARD, heard),
        ):
            counts["mediation", kind, measure] += n * amount
        if reason is not None:
            counts["mediation_not_started", reason, kind] += n


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
    """Compute every table of the annual report of ``year`` from ``register``.

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
    _count_cases(counts, register.cases, year, years)
    _count_contacts(counts, register.contacts, year)
    _count_mediations(counts, register.mediation_requests, year)
    return AnnualReport(year=year, tables=_tables(counts, years), source="computed")
