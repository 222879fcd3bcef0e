"""The annual reports of every year a register covers, computed together.

:func:`annual_reports` gives the same reports as :func:`~ikomodel.annual_report`
called once per year, with the same counting rules (the functions of
``_report.aggregate``), but reads each record in a few passes instead of one
pass per year: the records are grouped by year once, and the cases opened
before a year are read through what the report of that year needs of them.

* *Earlier, still open* (case flow): the second-line cases opened before the
  year and still open at its end. A sweep over the years keeps the
  second-line cases that may still be open (a case closed by the end of a
  year is never open again) and counts them by the rule of the single-year
  report.
* *Multi-year prevention*: each year's own row (its second-line prevention
  cases, each on its line at the end of that year) is counted once and
  shared by the reports of the following years whose span includes it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import TypeVar

from ikomodel._core.records import Case, Register
from ikomodel._core.vocabulary import Line, Taxonomy, check_year
from ikomodel._report.aggregate import (
    Counts,
    YearRules,
    _categories_of,
    _count_cases,
    _count_contacts,
    _count_earlier,
    _count_mediations,
    _tables,
    chosen_taxonomies,
    report_taxonomies,
)
from ikomodel._report.report import AnnualReport
from ikomodel._report.tables import PREVENTION_SPAN, CaseFlow, TableId

_R = TypeVar("_R")
_NO_YEARS = range(0)
_OPENED, _ON, _RECEIVED = (attrgetter(f"{field}.year") for field in ("opened", "on", "received"))


def _by_year(records: Iterable[_R], year_of: Callable[[_R], int]) -> dict[int, list[_R]]:
    """Return ``records`` grouped by their year, in their order."""
    grouped: dict[int, list[_R]] = {}
    for record in records:
        year = year_of(record)
        found = grouped.get(year)
        if found is None:
            grouped[year] = [record]
        else:
            found.append(record)
    return grouped


def _own_prevention_row(cases: Sequence[Case], year: int) -> Counts:
    """Return the multi-year prevention figures of ``year``, from the cases opened in it.

    The rule of the single-year report for a year of the span before the
    report year (``_count_earlier``); its count of cases still open is not
    wanted here and dropped.
    """
    counts: Counts = Counter()
    _count_earlier(counts, list(cases), range(year, year + 1), YearRules(year))
    counts.pop((TableId.SECOND_LINE_FLOW, CaseFlow.EARLIER_STILL_OPEN, "cases"), None)
    return counts


def annual_reports(
    register: Register,
    *,
    years: Iterable[int] | None = None,
    span: int = PREVENTION_SPAN,
    taxonomies: Iterable[Taxonomy] | None = None,
) -> dict[int, AnnualReport]:
    """Compute the annual report of every year ``register`` covers, in one go.

    ``annual_reports(register)[year] == annual_report(register, year)`` for
    every year of :attr:`Register.years <ikomodel.Register.years>` (or of
    ``years``), with the same counting rules and notes, but each record is
    read in a few passes rather than once per year. Cases opened in earlier
    years count as in the single-year report: second-line cases still open
    at the year end are *from earlier years, still open*, and the multi-year
    prevention tables show the ``span`` years up to the report year.

    >>> import datetime as dt
    >>> from ikomodel import Case, Category, ClientKind, Line, Party, Role
    >>> mother = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))
    >>> register = Register(cases=(
    ...     Case(id="a", opened=dt.date(2016, 5, 2), line=Line.SECOND,
    ...          category=Category.ABDUCTION, parties=(mother,)),
    ...     Case(id="b", opened=dt.date(2018, 1, 9), line=Line.FIRST,
    ...          category=Category.HOLIDAY_PERMISSION, parties=(mother,)),
    ... ))
    >>> reports = annual_reports(register)
    >>> sorted(reports)
    [2016, 2017, 2018]
    >>> [reports[y].get("second_line_flow", "earlier_still_open", "cases") for y in reports]
    [0, 1, 1]

    Args:
        register: The register.
        years: The years to report on (default: every year the register covers).
        span: The years of the multi-year prevention tables, as in
            :func:`annual_report`.
        taxonomies: The case taxonomies, as in :func:`annual_report`.

    Returns:
        The report of each year, by year, oldest first.

    Raises:
        UnknownYearError: a year is before the centre began or after 2100.
        ValidationError: with ``taxonomies`` other than the register's, a case
            has a category outside its year's taxonomy.
    """
    chosen = sorted({check_year(year) for year in (register.years if years is None else years)})
    if not chosen:
        return {}
    used = chosen_taxonomies(register, taxonomies, range(chosen[0] - span + 1, chosen[-1] + 1))
    cases = _by_year(register.cases, _OPENED)
    contacts = _by_year(register.contacts, _ON)
    requests = _by_year(register.mediation_requests, _RECEIVED)
    own_rows: dict[int, Counts] = {}
    second = Line.SECOND
    # The second-line cases opened before the year swept to, that may still be
    # open: a case closed by the end of a year is never open again.
    open_cases: list[Case] = []
    reports: dict[int, AnnualReport] = {}
    wanted = set(chosen)
    first = min(chosen[0], min(cases, default=chosen[0]))
    for year in range(first, chosen[-1] + 1):
        end = dt.date(year, 12, 31)
        if year in wanted:
            span_years = range(year - span + 1, year + 1)
            known = report_taxonomies(year, span_years, used)
            counts: Counts = Counter()
            rules = YearRules(year)
            _count_cases(counts, cases.get(year, ()), year, span_years, rules)
            _count_earlier(counts, open_cases, _NO_YEARS, rules)
            for earlier in span_years:
                if earlier < year and earlier in cases:
                    row = own_rows.get(earlier)
                    if row is None:
                        row = own_rows[earlier] = _own_prevention_row(cases[earlier], earlier)
                    counts.update(row)
            _count_contacts(counts, contacts.get(year, ()), year)
            _count_mediations(counts, requests.get(year, ()), year)
            reports[year] = AnnualReport(
                year=year,
                tables=_tables(counts, span_years, _categories_of(known.get(year))),
                source="computed",
                taxonomies=known,
            )
        open_cases = [case for case in open_cases if case.closed is None or case.closed > end]
        open_cases.extend(
            case
            for case in cases.get(year, ())
            if case.line is second and (case.closed is None or case.closed > end)
        )
    return reports
