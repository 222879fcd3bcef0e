"""Checks of what a report's text states: shares, changes, and figures on their own.

Each statement is checked as worded, against the interval its wording allows
(``_report.bounds``), and only for what it states:

* a **share** ("67%", "10,4%", "ruim 29%", "de helft") against the exact
  share of its part in its whole;
* the shares the text gives of the **parts of one whole** (the parts of a
  sum relation of the catalogue, ``_report.relations``): their least values
  may not add up to more than 100 %;
* a **change** against the later figure and the earlier value: the one the
  text quotes, or else the figure of the earlier year's own publication. The
  stated change, the stated percentage and, when neither is stated, the
  stated direction are checked; a statement that gives only the earlier
  value states no direction and is checked as a figure of the earlier year
  (``_published.years``);
* a **figure** stated on its own for the report's year ("ruim 17.000
  contacten") against the exact figure, and against the other statements of
  the same figure.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fractions import Fraction

from ikomodel._published.findings import FigureValue, Finding, FindingKind, Severity
from ikomodel._report import relations
from ikomodel._report.bounds import Interval, interval
from ikomodel._report.relations import SumRelation
from ikomodel._report.report import AnnualReport
from ikomodel._report.statements import (
    ChangeStatement,
    FigureRef,
    FigureStatement,
    ShareStatement,
    Trend,
)


def figure_value(report: AnnualReport, ref: FigureRef, value: int | None) -> FigureValue:
    """The figure ``ref`` of ``report`` with ``value``, citing where its table was published."""
    return FigureValue(figure=ref, value=value, source=report[ref.table].source)


def _share_id(ref: FigureRef) -> str:
    """``table:row:share`` for a cell, ``table:column:share`` for a stated total."""
    return f"{ref.table}:{ref.column if ref.row is None else ref.row}:share"


def _share(report: AnnualReport, statement: ShareStatement) -> Finding | None:
    part = relations.stated(report, statement.part)
    whole = relations.stated(report, statement.whole)
    if part is None or whole is None or whole == 0:
        return None
    share = Fraction(100 * part, whole)
    if share in interval(statement.stated, statement.qualifier):
        return None
    stated = float(100 * statement.stated if statement.fraction else statement.stated)
    return Finding(
        kind=FindingKind.SHARE_MISMATCH,
        severity=Severity.CONTRADICTION,
        table=statement.part.table,
        relation=_share_id(statement.part),
        figures=(
            figure_value(report, statement.part, part),
            figure_value(report, statement.whole, whole),
        ),
        expected=round(float(share), 1),
        stated=stated,
        difference=round(float(share) - stated, 1),
    )


def _sibling_shares(report: AnnualReport) -> Iterator[Finding]:
    """The shares stated of disjoint parts of one whole may add up to at most 100 %."""
    by_whole: dict[FigureRef, dict[FigureRef, Interval]] = {}
    for statement in report.statements:
        if isinstance(statement, ShareStatement):
            parts = by_whole.setdefault(statement.whole, {})
            allowed = interval(statement.stated, statement.qualifier)
            known = parts.get(statement.part)
            if known is None or (allowed.low, not allowed.low_open) > (
                known.low,
                not known.low_open,
            ):
                parts[statement.part] = allowed
    if all(len(parts) < 2 for parts in by_whole.values()):
        return
    seen: set[frozenset[FigureRef]] = set()
    for relation in relations.of_report(report):
        if not isinstance(relation, SumRelation) or relation.whole not in by_whole:
            continue
        siblings = {p: i for p, i in by_whole[relation.whole].items() if relation.has_part(p)}
        key = frozenset(siblings)
        if len(siblings) < 2 or key in seen:
            continue
        seen.add(key)
        least = sum(allowed.low for allowed in siblings.values())
        if least < 100 or (least == 100 and not any(i.low_open for i in siblings.values())):
            continue
        yield Finding(
            kind=FindingKind.SHARES_EXCEED_WHOLE,
            severity=Severity.CONTRADICTION,
            table=relation.whole.table,
            relation=f"{relation.id}:shares",
            figures=tuple(
                figure_value(report, ref, relations.stated(report, ref))
                for ref in (*siblings, relation.whole)
            ),
            expected=round(float(least), 1),
            stated=100,
            difference=round(float(least) - 100, 1),
        )


def _earlier(statement: ChangeStatement, others: Mapping[int, AnnualReport]) -> FigureValue | None:
    """The earlier value of a change: the one the text quotes, or that year's own figure."""
    ref, since = statement.figure, statement.since
    if statement.earlier is not None:
        return FigureValue(figure=ref, value=statement.earlier, source=statement.source, year=since)
    earlier = others.get(since)
    value = None if earlier is None else relations.stated(earlier, ref)
    if earlier is None or value is None:
        return None
    return FigureValue(
        figure=ref,
        value=value,
        source=earlier[ref.table].source,
        year=since,
        published_in=since,
    )


def _change(
    report: AnnualReport, statement: ChangeStatement, others: Mapping[int, AnnualReport]
) -> Iterator[Finding]:
    ref = statement.figure
    later = relations.stated(report, ref)
    before = _earlier(statement, others)
    if later is None or before is None or before.value is None:
        return
    actual = later - before.value
    checks: list[tuple[str, float, float]] = []
    if statement.change is not None and actual not in interval(
        statement.change, statement.qualifier
    ):
        checks.append(("change", actual, statement.change))
    if statement.percent is not None and before.value != 0:
        percent = Fraction(100 * actual, before.value)
        if percent not in interval(statement.percent, statement.qualifier):
            checks.append(("percent", round(float(percent), 1), float(statement.percent)))
    if statement.change is None and statement.percent is None and statement.trend is not None:
        up = statement.trend is Trend.INCREASE
        if not (actual > 0 if up else actual < 0):
            checks.append(("trend", actual, 1 if up else -1))
    for what, expected, stated in checks:
        yield Finding(
            kind=FindingKind.CHANGE_MISMATCH,
            severity=Severity.CONTRADICTION,
            table=ref.table,
            relation=f"{ref.slug}:{what}_since_{statement.since}",
            figures=(before, figure_value(report, ref, later)),
            expected=expected,
            stated=stated,
            difference=round(expected - stated, 1),
        )


def _said(statement: FigureStatement) -> FigureValue:
    return FigureValue(
        figure=statement.figure,
        value=statement.value,
        source=statement.source,
        qualifier=statement.qualifier,
    )


def _figures(report: AnnualReport) -> Iterator[Finding]:
    """Figures stated on their own for the report's year, against the table and each other."""
    checked: list[FigureStatement] = []
    for statement in report.statements:
        if not isinstance(statement, FigureStatement) or statement.year is not None:
            continue
        ref, allowed = statement.figure, interval(statement.value, statement.qualifier)
        exact = relations.stated(report, ref)
        against: list[tuple[Interval, FigureValue, str]] = []
        if exact is not None:
            against.append((Interval.exact(exact), figure_value(report, ref, exact), "stated"))
        for other in checked:
            if other.figure == ref:
                against.append((interval(other.value, other.qualifier), _said(other), "twice"))
        checked.append(statement)
        for bounds, value, what in against:
            if not allowed.meets(bounds):
                assert value.value is not None
                yield Finding(
                    kind=FindingKind.FIGURE_MISMATCH,
                    severity=Severity.CONTRADICTION,
                    table=ref.table,
                    relation=f"{ref.slug}:{what}_{statement.qualifier}",
                    figures=(_said(statement), value),
                    expected=statement.value,
                    stated=value.value,
                    difference=statement.value - value.value,
                )
                break


def check_statements(report: AnnualReport, others: Mapping[int, AnnualReport]) -> Iterator[Finding]:
    """Yield a finding for each statement of ``report`` that its figures contradict.

    ``others`` holds the documents of other years, by year: a change the text
    states without the earlier value is checked against the earlier year's.
    """
    for statement in report.statements:
        if isinstance(statement, ShareStatement):
            if (finding := _share(report, statement)) is not None:
                yield finding
        elif isinstance(statement, ChangeStatement):
            yield from _change(report, statement, others)
    yield from _sibling_shares(report)
    yield from _figures(report)
