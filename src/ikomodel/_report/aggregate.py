"""Aggregation of a register into the tables of one year's annual report.

:func:`annual_report` selects the cases, contacts and mediation requests of
the year (a few comprehensions over each) and counts them into every table of
:data:`~ikomodel.TABLE_SPECS`. The counting rules are stated in its docstring
and in the reference documentation; they are the library's reading of the
2021 report.

The aggregation states no classification rule of its own: it applies those
of :mod:`ikomodel._rules.classify` and of the records
(:mod:`ikomodel._core.records`) through their internal interface. Where a
loop over records needs a rule per record, it looks the answer up in a
:class:`Memo` or :class:`ArgsMemo`, which calls the rule once per distinct
input; the memos of one year are a :class:`YearRules`, made anew by each call
of :func:`annual_report`. ``Memo``, ``ArgsMemo`` and ``YearRules`` are
internal to the package (not in ``ikomodel.__all__``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from ikomodel._core.crossrecord import check_taxonomy
from ikomodel._core.errors import Problem, UnknownYearError, ValidationError
from ikomodel._core.records import (
    Case,
    Contact,
    MediationRequest,
    Register,
    case_closed_by,
    case_line_on,
)
from ikomodel._core.vocabulary import (
    FOUNDING_YEAR,
    SUCCESSFUL_OUTCOMES,
    Category,
    ClientKind,
    ClosureReason,
    Line,
    MediationStage,
    TakingPerson,
    Taxonomy,
    check_year,
    taxonomy_for,
)
from ikomodel._report.report import AnnualReport, Table
from ikomodel._report.tables import (
    PREVENTION_SPAN,
    TABLE_SPECS,
    UNKNOWN,
    CaseFlow,
    Measure,
    RowKey,
    TableId,
)
from ikomodel._rules.classify import (
    CameBack,
    Direction,
    age_band,
    age_reference_date,
    came_back_answer,
    client_group,
    initiating_party,
    initiating_party_of,
    route,
    treaty_class,
)
from ikomodel._rules.treaty import TreatyStatus

_CASES, _CHILDREN = Measure.CASES.value, Measure.CHILDREN.value
_SECTION_TABLES = {
    Category.PREVENTION: (TableId.PREVENTION, None),
    Category.RELOCATION_PERMISSION: (TableId.RELOCATION, TableId.RELOCATION_COUNTRIES),
    Category.INTERNATIONAL_ACCESS: (TableId.ACCESS, TableId.ACCESS_COUNTRIES),
    Category.ABDUCTION: (TableId.ABDUCTIONS, TableId.ABDUCTIONS_COUNTRIES),
}
_BY_CATEGORY = frozenset({TableId.FIRST_LINE, TableId.SECOND_LINE})

Counts = Counter[tuple[str, RowKey, str]]
Route = tuple[Direction, str | None]
# What the section tables read of one second-line case, copied out in the one
# pass over those cases. Prevention, relocation and access: the initiator's
# kind, the number of children, came back as an abduction, the direction and
# the other country. Abductions: the taking person, the number of children,
# the direction, the other country and the treaty status.
SectionRow = tuple[ClientKind, int, bool | None, Direction, str | None]
AbductionRow = tuple[TakingPerson | None, int, Direction, str | None, TreatyStatus]


_K = TypeVar("_K", bound=Hashable)
_A = TypeVar("_A", bound=tuple[Hashable, ...])
_V = TypeVar("_V")


class Memo(dict[_K, _V]):
    """The answers of one rule by input, each computed by the rule when first looked up.

    ``memo[key]`` is ``rule(key)``: the rule runs once per distinct key, and
    every later look-up of that key is a dictionary look-up (in C). A memo
    holds no rule of its own, only the answers of the rule it wraps.

    >>> squares = Memo(lambda n: n * n)
    >>> squares[3], squares[3], dict(squares)
    (9, 9, {3: 9})
    """

    __slots__ = ("rule",)

    def __init__(self, rule: Callable[[_K], _V]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, key: _K) -> _V:
        value = self[key] = self.rule(key)
        return value


class ArgsMemo(dict[_A, _V]):
    """The answers of one rule by its arguments, each computed by the rule when first looked up.

    ``memo[a, b]`` is ``rule(a, b)``: a :class:`Memo` of a rule of several
    arguments, keyed by the tuple of them.

    >>> sums = ArgsMemo(lambda a, b: a + b)
    >>> sums[1, 2], sums[1, 2], dict(sums)
    (3, 3, {(1, 2): 3})
    """

    __slots__ = ("rule",)

    def __init__(self, rule: Callable[..., _V]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, key: _A) -> _V:
        value = self[key] = self.rule(*key)
        return value


class YearRules:
    """The rules the aggregation of ``year`` applies per record, each as a memo.

    Attributes:
        second_line_at_end: The escalation date (``None``: never escalated)
            of a case on the second line now, to its line on 31 December of
            ``year``, by :func:`~ikomodel._core.records.case_line_on`. (A
            case on the first line now was on it at every date.)
        closed_by_end: ``closed`` of a case to whether it is closed by the end
            of 31 December, by :func:`~ikomodel._core.records.case_closed_by`.
        route: ``(habitual_residence, destination)`` of a case to its
            direction and other country, by :func:`~ikomodel._rules.classify.route`.
        treaty_class: ``(direction, other country, date)`` to the treaty class,
            by :func:`~ikomodel._rules.classify.treaty_class`.

    >>> rules = YearRules(2021)
    >>> rules.second_line_at_end[dt.date(2022, 1, 3)], rules.closed_by_end[None]
    (<Line.FIRST: 'first'>, False)
    """

    __slots__ = ("closed_by_end", "route", "second_line_at_end", "treaty_class")

    def __init__(self, year: int) -> None:
        end = dt.date(year, 12, 31)
        self.second_line_at_end: Memo[dt.date | None, Line] = Memo(
            functools.partial(case_line_on, Line.SECOND, on=end)
        )
        self.closed_by_end: Memo[dt.date | None, bool] = Memo(
            functools.partial(case_closed_by, on=end)
        )
        self.route: ArgsMemo[tuple[str | None, str | None], Route] = ArgsMemo(route)
        self.treaty_class: ArgsMemo[tuple[Direction, str | None, dt.date], TreatyStatus] = ArgsMemo(
            treaty_class
        )


# The aggregation is written for registers of a million cases, which do not
# fit in the processor's caches: there, every pass over the records costs a
# trip to memory per record, more than the work done on it. So each record
# is read in as few passes as possible (every case once, a second-line case
# of the year once more), each pass keeps the per-record work to a few
# attribute reads, and what a table needs is copied into small tuples made
# together (close in memory) and counted with ``Counter`` (in C). The rules
# then run once per *distinct* key: on the keys of a Counter, or, in a loop
# over records, through the memos of ``YearRules``, made for one call. The
# rules themselves are those of ``_rules.classify`` and ``_core.records``.


def _count_cases(
    counts: Counts, cases: Sequence[Case], year: int, years: range, rules: YearRules
) -> None:
    """Count the cases into the case, flow, section and multi-year prevention tables."""
    first_day, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    first, second = Line.FIRST, Line.SECOND
    earlier: list[Case] = []
    seconds: list[Case] = []
    add_earlier, add_second = earlier.append, seconds.append

    def of_year() -> Iterator[tuple[Line, Category, int]]:
        # The one pass over every case: split off the earlier cases and the
        # second-line cases of the year while keying the year's cases by their
        # line now. A case on the first line now was on it at every date
        # (``case_line_on``), so only a second-line case may be keyed anew below.
        for case in cases:
            opened = case.opened
            if opened < first_day:
                add_earlier(case)
            elif opened <= end:
                line = case.line
                if line is second:
                    add_second(case)
                yield line, case.category, len(case.children)

    keys = Counter(of_year())
    # The pass over the second-line cases of the year copies what their tables
    # read into rows of shared objects (vocabulary members, small numbers, the
    # country strings and statuses of the cached routes and treaty classes),
    # so that counting the rows reads no record again.
    reasons: list[ClosureReason | None] = []  # None: carried over
    sections: dict[Category, list[SectionRow]] = {
        category: [] for category in _SECTION_TABLES if category is not Category.ABDUCTION
    }
    abductions: list[AbductionRow] = []
    ages: list[int] = []
    line_at_end, closed_by_end = rules.second_line_at_end, rules.closed_by_end
    routes, treaties = rules.route, rules.treaty_class
    add_reason, add_abduction, add_age = reasons.append, abductions.append, ages.append
    abduction = Category.ABDUCTION
    for case in seconds:
        category, n = case.category, len(case.children)
        if line_at_end[case.escalated] is first:
            # On the first line at the year end (escalated after it): a first-line case of the year.
            keys[second, category, n] -= 1
            keys[first, category, n] += 1
            continue
        # Opened in the year: open at its end unless closed by then.
        add_reason(case.closure_reason if closed_by_end[case.closed] else None)
        if category not in _SECTION_TABLES:
            continue
        way, far = routes[case.habitual_residence, case.destination]
        if category is abduction:
            on = age_reference_date(case)
            for child in case.children:
                add_age(child.age_on(on))
            add_abduction((case.taking_person, n, way, far, treaties[way, far, on]))
        else:
            sections[category].append(
                (case.initiator.kind, n, case.came_back_as_abduction, way, far)
            )
    for (line, category, children), n in keys.items():
        if n:
            table = TableId.FIRST_LINE if line is first else TableId.SECOND_LINE
            counts[table, category, _CASES] += n
            counts[table, category, _CHILDREN] += n * children
    _count_flow(counts, reasons)
    for category, rows in sections.items():
        slug, countries_slug = _SECTION_TABLES[category]
        _count_initiated(counts, slug, category, rows, year if year in years else None)
        if countries_slug is not None:
            _count_countries(counts, countries_slug, (row[3:] for row in rows))
    _count_abductions(counts, abductions, ages)
    _count_earlier(counts, earlier, years, rules)


def _count_flow(counts: Counts, reasons: list[ClosureReason | None]) -> None:
    """Count the second-line cases of the year as closed in the year (by reason) or carried over."""
    by_reason = Counter(reasons)
    carried_over = by_reason.pop(None, 0)
    counts[TableId.SECOND_LINE_FLOW, CaseFlow.CLOSED_IN_YEAR, _CASES] += len(reasons) - carried_over
    counts[TableId.SECOND_LINE_FLOW, CaseFlow.CARRIED_OVER, _CASES] += carried_over
    for reason, n in by_reason.items():
        assert reason is not None  # popped above: a closed case has a closure reason
        counts[TableId.SECOND_LINE_CLOSED, reason, _CASES] += n


def _count_initiated(
    counts: Counts, slug: str, category: Category, rows: list[SectionRow], year: int | None
) -> None:
    """Count the cases of a section by initiating party (prevention, relocation, access).

    Prevention cases are also counted by whether they came back as an
    abduction and, when ``year`` is one of the span's years, into its row of
    the multi-year prevention tables.
    """
    prevention = category is Category.PREVENTION
    for (kind, children, came_back), n in Counter(row[:3] for row in rows).items():
        party = initiating_party_of(kind)
        counts[slug, party, _CASES] += n
        counts[slug, party, _CHILDREN] += n * children
        if not prevention:
            continue
        answer = came_back_answer(came_back)
        counts[TableId.PREVENTION_CAME_BACK, UNKNOWN if answer is None else answer, _CASES] += n
        if year is not None:
            counts[TableId.PREVENTION_YEARS, year, _CASES] += n
            counts[TableId.PREVENTION_YEARS, year, _CHILDREN] += n * children
            counts[TableId.PREVENTION_YEARS, year, Measure.CAME_BACK] += n * (
                answer is CameBack.YES
            )
            counts[TableId.PREVENTION_YEARS_BY_INITIATOR, year, party] += n


def _count_countries(counts: Counts, slug: str, routes: Iterable[Route]) -> None:
    """Count the cases of a section's ``routes`` by country and direction.

    A case to the Netherlands counts under its habitual residence, one from
    the Netherlands under its destination: in both, the other country. Other
    directions have no country row.
    """
    for (way, far), n in Counter(routes).items():
        if far is not None and way in (Direction.TO_NETHERLANDS, Direction.FROM_NETHERLANDS):
            counts[slug, far, way] += n


def _count_abductions(counts: Counts, rows: list[AbductionRow], ages: list[int]) -> None:
    """Count the abductions by taking person, age band, treaty status, direction and country."""
    for (taker, children), n in Counter(row[:2] for row in rows).items():
        row: RowKey = taker or UNKNOWN
        counts[TableId.ABDUCTIONS, row, _CASES] += n
        counts[TableId.ABDUCTIONS, row, _CHILDREN] += n * children
    for age, n in Counter(ages).items():
        counts[TableId.ABDUCTIONS_BY_AGE, _age_band_row(age), _CHILDREN] += n
    _count_countries(counts, TableId.ABDUCTIONS_COUNTRIES, (row[2:4] for row in rows))
    for (_, children, way, _, treaty), n in Counter(rows).items():
        counts[TableId.ABDUCTIONS_BY_TREATY, treaty, _CASES] += n
        counts[TableId.ABDUCTIONS_BY_TREATY, treaty, _CHILDREN] += n * children
        counts[TableId.ABDUCTIONS_BY_DIRECTION, way, _CASES] += n
        counts[TableId.ABDUCTIONS_BY_DIRECTION, way, _CHILDREN] += n * children


def _age_band_row(age: int) -> RowKey:
    """Return the row of a child aged ``age``: its :func:`~ikomodel.age_band`, else unknown.

    An age outside the bands (``age_band`` refuses it) is counted as unknown.
    """
    try:
        return age_band(age)
    except ValidationError:
        return UNKNOWN


def _count_earlier(counts: Counts, cases: list[Case], years: range, rules: YearRules) -> None:
    """Count the cases opened before the year.

    Second-line cases still open at its end, and prevention cases of the
    span's years on the second line at the end of their own year.
    """
    second, prevention = Line.SECOND, Category.PREVENTION
    line_at_end, closed_by_end = rules.second_line_at_end, rules.closed_by_end
    still_open = 0
    for case in cases:
        # Opened before the year: open at its end unless closed by then.
        if (
            case.line is second
            and line_at_end[case.escalated] is second
            and not closed_by_end[case.closed]
        ):
            still_open += 1
        if case.category is not prevention or (opened := case.opened.year) not in years:
            continue
        if case.line_on(dt.date(opened, 12, 31)) is not second:
            continue
        counts[TableId.PREVENTION_YEARS, opened, _CASES] += 1
        counts[TableId.PREVENTION_YEARS, opened, _CHILDREN] += len(case.children)
        came_back = came_back_answer(case.came_back_as_abduction)
        counts[TableId.PREVENTION_YEARS, opened, Measure.CAME_BACK] += came_back is CameBack.YES
        counts[TableId.PREVENTION_YEARS_BY_INITIATOR, opened, initiating_party(case)] += 1
    if still_open:
        counts[TableId.SECOND_LINE_FLOW, CaseFlow.EARLIER_STILL_OPEN, _CASES] += still_open


def _count_contacts(counts: Counts, contacts: Iterable[Contact], year: int) -> None:
    """Count the contacts dated in ``year`` by channel and client group."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    keys = Counter(
        (contact.channel, contact.client) for contact in contacts if start <= contact.on <= end
    )
    for (channel, client), n in keys.items():
        counts[TableId.CONTACTS, channel, Measure.CONTACTS] += n
        counts[TableId.CONTACTS_BY_CLIENT, client_group(client), channel] += n


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
            counts[TableId.MEDIATION, kind, measure] += n * amount
        if reason is not None:
            counts[TableId.MEDIATION_NOT_STARTED, reason, kind] += n


def _tables(
    counts: Counts, years: range, categories: frozenset[Category] | None = None
) -> dict[str, Table]:
    """Build every table: all rows of a closed vocabulary (zeros included), totals = parts.

    ``categories``: the categories of the year's taxonomy, when it lacks some;
    the tables by category have no row (an absent figure) for the others.
    """
    tables: dict[str, Table] = {}
    for spec in TABLE_SPECS:
        rows: Iterable[RowKey]
        if spec.rows == "year":
            rows = years
        elif spec.rows == "country":
            rows = sorted({row for slug, row, _ in counts if slug == spec.slug}, key=str)
        elif categories is not None and spec.slug in _BY_CATEGORY:
            rows = [row for row in spec.row_keys if row in categories]
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


def _check_year(register: object, year: object, span: object) -> None:
    """Refuse a year or span no calendar holds, and anything but a register.

    Raises:
        ValidationError: naming the argument (never a value of the register).
        UnknownYearError: a year before the centre began or far in the future.
    """
    if not isinstance(register, Register):
        raise ValidationError.single(
            "register", f"expected a Register, not a value of type {type(register).__name__}"
        )
    if isinstance(span, bool) or not isinstance(span, int) or not 1 <= span <= _MAX_SPAN:
        raise ValidationError.single("span", f"a whole number of years from 1 to {_MAX_SPAN}")
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError.single("year", "a whole number, such as 2021")
    check_year(year)


_MAX_SPAN = 100


def annual_report(
    register: Register,
    year: int,
    *,
    span: int = PREVENTION_SPAN,
    taxonomies: Iterable[Taxonomy] | None = None,
) -> AnnualReport:
    """Compute every table of the annual report of ``year`` from ``register``.

    Any year from the centre's founding (:data:`~ikomodel.FOUNDING_YEAR`) on
    can be reported; :func:`annual_reports` computes every year a register
    covers at once.

    Counting rules:

    * A case counts in the year it was **opened**, on the **line it was on at
      the year end** (31 December); a case escalated after the year end is
      still a first-line case of that year. Children per category are the
      children of those cases.
    * **Categories**: the tables by category (first and second line) have a
      row for each category of the report year's taxonomy: the first of
      ``taxonomies`` (by default the register's,
      :attr:`Register.taxonomies <ikomodel.Register.taxonomies>`) that covers
      the year. A category the taxonomy lacks has no row: its figures are
      absent, not 0. When the taxonomy of the year, or of a year of the
      multi-year tables, is assumed, the report says so in a note
      (:meth:`AnnualReport.notes`).
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

    Raises:
        UnknownYearError: ``year`` is before the centre began or after 2100.
        ValidationError: with ``taxonomies`` other than the register's, a case
            the report counts has a category outside its year's taxonomy.
    """
    _check_year(register, year, span)
    years = range(year - span + 1, year + 1)
    known = report_taxonomies(year, years, chosen_taxonomies(register, taxonomies, years))
    counts: Counts = Counter()
    _count_cases(counts, register.cases, year, years, YearRules(year))
    _count_contacts(counts, register.contacts, year)
    _count_mediations(counts, register.mediation_requests, year)
    return AnnualReport(
        year=year,
        tables=_tables(counts, years, _categories_of(known.get(year))),
        source="computed",
        taxonomies=known,
    )


def report_taxonomies(
    year: int, years: range, taxonomies: Sequence[Taxonomy]
) -> dict[int, Taxonomy]:
    """Return the taxonomy of each year a report of ``year`` counts (from the founding on).

    A year no taxonomy covers is left out: a register checked against
    ``taxonomies`` has no case of such a year.

    Raises:
        UnknownYearError: ``year`` is not a year of the centre.
    """
    check_year(year)
    known: dict[int, Taxonomy] = {}
    for counted in years:
        if counted >= FOUNDING_YEAR:
            with contextlib.suppress(UnknownYearError):
                known[counted] = taxonomy_for(counted, taxonomies)
    return known


def chosen_taxonomies(
    register: Register, taxonomies: Iterable[Taxonomy] | None, years: range
) -> tuple[Taxonomy, ...]:
    """Return the taxonomies a report uses: ``taxonomies``, or by default the register's.

    Taxonomies other than the register's are checked against the cases
    opened in ``years``: the register checked its own when it was made.

    Raises:
        ValidationError: a case's category is outside its year's taxonomy.
    """
    if taxonomies is None:
        return register.taxonomies
    chosen = tuple(taxonomies)
    if chosen != register.taxonomies:
        problems: list[Problem] = []
        check_taxonomy(register.cases, problems, chosen, years)
        if problems:
            raise ValidationError(problems)
    return chosen


def _categories_of(taxonomy: Taxonomy | None) -> frozenset[Category] | None:
    """The categories of ``taxonomy`` when it lacks some, else ``None`` (every row)."""
    if taxonomy is None or len(taxonomy.categories) == len(Category):
        return None
    return taxonomy.categories
