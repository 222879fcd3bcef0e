"""Reconciliation: check every relation between the figures of a report.

:func:`reconcile` never corrects a figure. It returns a :class:`Finding` for
each relation that does not hold, and nothing for the relations that hold or
cannot be checked because figures are absent. Where some parts are absent, a
relation still counts as far as it goes: the known parts must not exceed the
total.

The relations between figures are those of the one catalogue that
suppression also reasons with (``_report.relations``); reconciliation checks
each of them, in the catalogue's order, and then the statements of the text.
"""

from __future__ import annotations

from collections.abc import Iterator

from ikomodel._published.findings import FigureValue, Finding, FindingKind, Findings, Severity
from ikomodel._report import relations
from ikomodel._report.relations import TABLE_1_7, SameFigure, SumRelation
from ikomodel._report.report import (
    AnnualReport,
    ChangeStatement,
    FigureRef,
    Qualifier,
    ShareStatement,
    Trend,
)
from ikomodel._report.tables import TABLES

# The finding records live in _findings; they are re-exported here with reconcile.
__all__ = ["FigureValue", "Finding", "FindingKind", "Severity", "reconcile"]


def _value(report: AnnualReport, ref: FigureRef) -> int | None:
    return ref.value_in(report)


def _figure(report: AnnualReport, ref: FigureRef, value: int | None) -> FigureValue:
    return FigureValue(figure=ref, value=value, source=report[ref.table].source)


def _every_row(report: AnnualReport, relation: SumRelation) -> list[FigureRef]:
    """The parts of ``relation`` that are the rows ``report`` states of a country table."""
    return [
        FigureRef(table=every.table, row=row, column=every.column)
        for every in relation.every_row
        for row in report[every.table].rows
        if TABLES[every.table].is_part(row)
    ]


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
    parts = [*relation.parts, *_every_row(report, relation)]
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


def _share(report: AnnualReport, statement: ShareStatement) -> Finding | None:
    part, whole = _value(report, statement.part), _value(report, statement.whole)
    if part is None or whole is None or whole == 0:
        return None
    share = 100 * part / whole
    stated = statement.percent
    if statement.qualifier is Qualifier.MORE_THAN:
        holds = stated <= share < stated + 1
    else:
        holds = abs(share - stated) <= 0.5
    if holds:
        return None
    return Finding(
        kind=FindingKind.SHARE_MISMATCH,
        severity=Severity.CONTRADICTION,
        table=statement.part.table,
        relation=f"{statement.part.table}:{statement.part.row}:share",
        figures=(_figure(report, statement.part, part), _figure(report, statement.whole, whole)),
        expected=round(share, 1),
        stated=stated,
        difference=round(share - stated, 1),
    )


def _change(
    report: AnnualReport, statement: ChangeStatement, earlier: AnnualReport | None
) -> Finding | None:
    later = _value(report, statement.figure)
    before = statement.earlier
    if before is None and earlier is not None and earlier.year == statement.since:
        before = _value(earlier, statement.figure)
    if later is None or before is None:
        return None
    actual = later - before
    if statement.change is not None:
        holds = actual == statement.change
        stated = statement.change
        what = "change"
    else:
        holds = (actual > 0) if statement.trend is Trend.INCREASE else (actual < 0)
        stated = 1 if statement.trend is Trend.INCREASE else -1
        what = "trend"
    if holds:
        return None
    ref = statement.figure
    return Finding(
        kind=FindingKind.CHANGE_MISMATCH,
        severity=Severity.CONTRADICTION,
        table=ref.table,
        relation=f"{ref.table}:{ref.row}:{ref.column}:{what}_since_{statement.since}",
        figures=(_figure(report, ref, later),),
        expected=actual,
        stated=stated,
        difference=actual - stated,
    )


def _statements(report: AnnualReport, earlier: AnnualReport | None) -> Iterator[Finding | None]:
    for statement in report.statements:
        if isinstance(statement, ShareStatement):
            yield _share(report, statement)
        else:
            yield _change(report, statement, earlier)


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
    and access cases); and the text's percentages and changes (against
    ``earlier`` when the text does not state the earlier value). Relations
    with figures absent are checked as far as they go. No figure is ever corrected.

    >>> from ikomodel import Table
    >>> report = AnnualReport(year=2021, tables={"abductions": Table(slug="abductions",
    ...     cells={("mother", "cases"): 110, ("father", "cases"): 48, ("relative", "cases"): 7},
    ...     totals={"cases": 164})})
    >>> [str(f) for f in reconcile(report)]
    ['[contradiction] abductions:cases:parts: Abduction cases by taking person / Total / Cases: \
the parts add up to 165, the stated total is 164']
    """
    checks = (*_relations(report), *_statements(report, earlier))
    return Findings(finding for finding in checks if finding is not None)
