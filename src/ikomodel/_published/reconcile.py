"""Reconciliation: check every relation between the figures of a report.

:func:`reconcile` never corrects a figure. It returns a :class:`Finding` for
each relation that does not hold, and nothing for the relations that hold or
cannot be checked because figures are absent. Where some parts are absent, a
relation still counts as far as it goes: the known parts must not exceed the
total.

The relations between figures are those of the one catalogue that
suppression also reasons with (``_report.relations``); reconciliation checks
each of them, in the catalogue's order, then the statements of the text
(``_published.stated``), then the figures the report quotes of other years
against those years' documents (``_published.years``).
:func:`reconcile_years` does so for the documents of several years at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ikomodel._core.errors import ValidationError
from ikomodel._published.findings import FigureValue, Finding, FindingKind, Findings, Severity
from ikomodel._published.stated import check_statements
from ikomodel._published.stated import figure_value as _figure
from ikomodel._published.years import cross_year
from ikomodel._report import relations
from ikomodel._report.relations import TABLE_1_7, SameFigure, SumRelation
from ikomodel._report.report import AnnualReport
from ikomodel._report.statements import FigureRef

# The finding records live in _findings; they are re-exported here with reconcile.
__all__ = ["FigureValue", "Finding", "FindingKind", "Severity", "reconcile", "reconcile_years"]


def _value(report: AnnualReport, ref: FigureRef) -> int | None:
    return ref.value_in(report)


def _sum_relation(report: AnnualReport, relation: SumRelation) -> Finding | None:
    """Check ``total == sum(parts)``; with parts absent, the known parts must not exceed it.

    A source that names a row holding the rest (a table's ``remainder``)
    leaves no gap where parts are missing. ``subset``: the parts are only
    some of the total (``total >= sum(parts)``). ``lower_bounds`` gives, per
    part, the figures whose sum is a known minimum used when the part is
    absent; those figures are listed in a finding, not summed.
    """
    if relation.only_without is not None and _value(report, relation.only_without) is not None:
        return None
    total = relation.whole
    stated = _value(report, total)
    if stated is None:
        return None
    parts = [*relation.parts, *relation.every_row_in(report)]
    values = [_value(report, ref) for ref in parts]
    extra = [_value(report, ref) for ref in relation.optional]
    known = [v for v in values if v is not None] + [v for v in extra if v is not None]
    bounds = [
        sum(v for ref in refs if (v := _value(report, ref)) is not None)
        for refs in relation.lower_bounds
    ]
    floor = sum(b for v, b in zip(values, bounds, strict=False) if v is None)
    evidence = [
        ref
        for v, refs in zip(values, relation.lower_bounds, strict=False)
        if v is None
        for ref in refs
    ]
    tables = {ref.table for ref in parts} | {every.table for every in relation.every_row}
    remainder = any(report[table].remainder is not None for table in tables)
    complete = all(v is not None for v in values) or remainder
    expected = sum(known) + floor
    involved = zip([*parts, *relation.optional], [*values, *extra], strict=True)
    figures = (
        *(_figure(report, r, v) for r, v in involved if v is not None or r in parts),
        *(_figure(report, r, v) for r in evidence if (v := _value(report, r)) is not None),
        _figure(report, total, stated),
    )
    kind: FindingKind | None = None
    if not relation.subset and all(v is not None for v in values) and expected != stated:
        kind = FindingKind.PARTS_DIFFER_FROM_TOTAL
    elif expected > stated:
        kind = FindingKind.PARTS_EXCEED_TOTAL
    elif relation.gaps and not complete and known and expected < stated:
        kind = FindingKind.UNACCOUNTED_REMAINDER
    if kind is None:
        return None
    severity = Severity.GAP if kind is FindingKind.UNACCOUNTED_REMAINDER else Severity.CONTRADICTION
    return Finding(
        kind=kind,
        severity=severity,
        table=total.table,
        relation=relation.id,
        figures=figures,
        expected=expected,
        stated=stated,
        difference=expected - stated,
    )


def _same_figure(report: AnnualReport, relation: SameFigure) -> Finding | None:
    """Check that two figures that denote the same quantity agree (the reference is the second)."""
    a, b = relation.figure, relation.reference
    left, right = _value(report, a), _value(report, b)
    if left is None or right is None or left == right:
        return None
    kind = (
        FindingKind.TEXT_CONTRADICTS_TABLE
        if b.table in TABLE_1_7 and a.table not in TABLE_1_7
        else FindingKind.FIGURES_DISAGREE
    )
    return Finding(
        kind=kind,
        severity=Severity.CONTRADICTION,
        table=a.table,
        relation=relation.id,
        figures=(_figure(report, a, left), _figure(report, b, right)),
        expected=left,
        stated=right,
        difference=left - right,
    )


def _relations(report: AnnualReport) -> Iterator[Finding | None]:
    """Every relation of the catalogue (``_report.relations``), in its order."""
    for relation in relations.of_report(report):
        if isinstance(relation, SameFigure):
            yield _same_figure(report, relation)
        else:
            yield _sum_relation(report, relation)


def _reconcile(report: AnnualReport, others: Mapping[int, AnnualReport]) -> tuple[Finding, ...]:
    checks = (
        *_relations(report),
        *check_statements(report, others),
        *cross_year(report, others),
    )
    return Findings(finding for finding in checks if finding is not None)


def reconcile(report: AnnualReport, *, earlier: AnnualReport | None = None) -> tuple[Finding, ...]:
    """Return a finding for every relation between figures of ``report`` that does not hold.

    Checked relations: each table's parts against its stated totals (with an
    unaccounted remainder reported as a *gap* where parts are missing and the
    source names no remainder row); figures that appear twice (section
    texts against table 1.7, abduction totals across tables, case flow
    against the second-line total, contacts by channel against contacts by
    client group, not-started reasons against the funnel, the multi-year
    prevention table against the year's tables); the mediation funnel of each
    kind (requests, starts, mediations, outcomes, child interviews); the
    multi-year prevention totals against each year's known figures (the
    chart's parts are lower bounds of a year's cases); the country tables
    against the figures they break down (abductions by direction, relocation
    and access cases); the summer holiday's abductions against the year's.
    Relations with figures absent are checked as far as they go. No figure
    is ever corrected.

    Then the text's statements, each as worded (a bound such as "ruim 29%"
    as the interval it allows): its percentages (and the percentages of the
    parts of one whole together, at most 100 %), its changes (against the
    earlier value the text quotes, or else against ``earlier``), and the
    figures it states on their own. With ``earlier`` given, every figure the
    report quotes for ``earlier``'s year is also compared with ``earlier``'s
    own (a cross-year contradiction when they disagree); for several years
    at once see :func:`reconcile_years`.

    Raises:
        ValidationError: ``earlier`` is not of a year before ``report``'s.

    >>> from ikomodel import Table
    >>> report = AnnualReport(year=2021, tables={"abductions": Table(slug="abductions",
    ...     cells={("mother", "cases"): 110, ("father", "cases"): 48, ("relative", "cases"): 7},
    ...     totals={"cases": 164})})
    >>> [str(f) for f in reconcile(report)]
    ['[contradiction] abductions:cases:parts: Abduction cases by taking person / Total / Cases: \
the parts add up to 165, the stated total is 164']
    """
    if earlier is None:
        return _reconcile(report, {})
    if earlier.year >= report.year:
        raise ValidationError.single(
            "earlier", f"figures of a year before {report.year}, not of {earlier.year}"
        )
    return _reconcile(report, {earlier.year: earlier})


def reconcile_years(documents: Iterable[AnnualReport]) -> dict[int, tuple[Finding, ...]]:
    """Reconcile the documents of several years, each also against the others.

    Each document is reconciled as by :func:`reconcile`, with the documents
    of the other years at hand: a change its text states without the earlier
    value is checked against the earlier year's document, and every figure it
    quotes for another year (the earlier value of a change, a figure stated
    for that year, a row of the multi-year prevention tables) is compared
    with that year's own document. Where no document of the quoted year is
    given, the quote is compared with the same year's figure as earlier
    documents quote it. Each disagreement is a
    :attr:`~FindingKind.CROSS_YEAR_CONTRADICTION` of the quoting document,
    naming both publications and both values.

    Returns:
        The findings of each document, by its year, in year order.

    Raises:
        ValidationError: two documents of the same year.

    >>> from ikomodel import ChangeStatement, FigureRef, Table
    >>> cases = FigureRef(table="abductions", row=None, column="cases")
    >>> y2020 = AnnualReport(year=2020, tables={"abductions": Table(slug="abductions",
    ...     totals={"cases": 150})})
    >>> y2021 = AnnualReport(year=2021, tables={"abductions": Table(slug="abductions",
    ...     totals={"cases": 164})}, statements=(ChangeStatement(figure=cases, since=2020,
    ...     earlier=152),))
    >>> [f.message() for f in reconcile_years([y2021, y2020])[2021]]
    ['Abduction cases by taking person / Total / Cases of 2020: 152 in the publication of \
2021, 150 in that of 2020']
    """
    by_year: dict[int, AnnualReport] = {}
    for i, document in enumerate(documents):
        if not isinstance(document, AnnualReport):
            raise ValidationError.single(f"documents[{i}]", "an AnnualReport")
        if document.year in by_year:
            raise ValidationError.single(
                f"documents[{i}]",
                f"a second document of {document.year}; give one document per year",
            )
        by_year[document.year] = document
    return {
        year: _reconcile(by_year[year], {y: d for y, d in by_year.items() if y != year})
        for year in sorted(by_year)
    }
