"""Reconciliation: check every relation between the figures of a report.

:func:`reconcile` never corrects a figure. It returns a :class:`Finding` for
each relation that does not hold, and nothing for the relations that hold or
cannot be checked because figures are absent. Where some parts are absent, a
relation still counts as far as it goes: the known parts must not exceed the
total.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ikomodel._core.vocabulary import Category, Channel, MediationKind
from ikomodel._published.findings import FigureValue, Finding, FindingKind, Severity
from ikomodel._report.report import (
    AnnualReport,
    ChangeStatement,
    FigureRef,
    Qualifier,
    ShareStatement,
    Trend,
)
from ikomodel._report.tables import TABLE_SPECS, TABLES, UNKNOWN, Measure, RowKey
from ikomodel._rules.classify import InitiatingParty

# The finding records live in _findings; they are re-exported here with reconcile.
__all__ = ["FigureValue", "Finding", "FindingKind", "Severity", "reconcile"]


def _value(report: AnnualReport, ref: FigureRef) -> int | None:
    return ref.value_in(report)


def _figure(report: AnnualReport, ref: FigureRef, value: int | None) -> FigureValue:
    return FigureValue(figure=ref, value=value, source=report[ref.table].source)


def _ref(table: str, row: RowKey | None, column: str) -> FigureRef:
    return FigureRef(table=table, row=row, column=column)


def _sum_relation(
    report: AnnualReport,
    relation: str,
    total: FigureRef,
    parts: Sequence[FigureRef],
    *,
    optional: Sequence[FigureRef] = (),
    gaps: bool = True,
    remainder: bool = False,
    subset: bool = False,
    lower_bounds: Sequence[int | None] = (),
    evidence: Sequence[FigureRef] = (),
) -> Finding | None:
    """Check ``total == sum(parts)``; with parts absent, the known parts must not exceed it.

    ``remainder``: the source names a row that holds the rest, so missing
    parts are no gap. ``subset``: the parts are only some of the total
    (``total >= sum(parts)``). ``lower_bounds`` gives, per part, a known
    minimum used when the part is absent, and ``evidence`` the figures those
    minimums come from (listed in a finding, not summed).
    """
    stated = _value(report, total)
    if stated is None:
        return None
    bounds = list(lower_bounds) or [None] * len(parts)
    values = [_value(report, ref) for ref in parts]
    extra = [_value(report, ref) for ref in optional]
    known = [v for v in values if v is not None] + [v for v in extra if v is not None]
    floor = sum(b for v, b in zip(values, bounds, strict=True) if v is None and b is not None)
    complete = all(v is not None for v in values) or remainder
    expected = sum(known) + floor
    involved = zip([*parts, *optional], [*values, *extra], strict=True)
    figures = (
        *(_figure(report, r, v) for r, v in involved if v is not None or r in parts),
        *(_figure(report, r, v) for r in evidence if (v := _value(report, r)) is not None),
        _figure(report, total, stated),
    )
    kind: FindingKind | None = None
    if not subset and all(v is not None for v in values) and expected != stated:
        kind = FindingKind.PARTS_DIFFER_FROM_TOTAL
    elif expected > stated:
        kind = FindingKind.PARTS_EXCEED_TOTAL
    elif gaps and not complete and known and expected < stated:
        kind = FindingKind.UNACCOUNTED_REMAINDER
    if kind is None:
        return None
    severity = Severity.GAP if kind is FindingKind.UNACCOUNTED_REMAINDER else Severity.CONTRADICTION
    return Finding(
        kind=kind,
        severity=severity,
        table=total.table,
        relation=relation,
        figures=figures,
        expected=expected,
        stated=stated,
        difference=expected - stated,
    )


def _same_figure(report: AnnualReport, relation: str, a: FigureRef, b: FigureRef) -> Finding | None:
    """Check that two figures that denote the same quantity agree (``b`` is the reference)."""
    left, right = _value(report, a), _value(report, b)
    if left is None or right is None or left == right:
        return None
    table_17 = {"first_line", "second_line"}
    kind = (
        FindingKind.TEXT_CONTRADICTS_TABLE
        if b.table in table_17 and a.table not in table_17
        else FindingKind.FIGURES_DISAGREE
    )
    return Finding(
        kind=kind,
        severity=Severity.CONTRADICTION,
        table=a.table,
        relation=relation,
        figures=(_figure(report, a, left), _figure(report, b, right)),
        expected=left,
        stated=right,
        difference=left - right,
    )


_NO_GENERIC = frozenset({"prevention_years"})


def _table_totals(report: AnnualReport) -> Iterator[Finding | None]:
    """Each table's parts against its stated totals."""
    for spec in TABLE_SPECS:
        if spec.slug in _NO_GENERIC or spec.slug not in report.tables:
            continue
        table = report[spec.slug]
        rows = (
            [r for r in spec.row_keys if spec.is_part(r) and r != UNKNOWN]
            if spec.closed
            else [r for r in table.rows if spec.is_part(r)]
        )
        optional = [r for r in spec.row_keys if r == UNKNOWN]
        for column in table.totals:
            yield _sum_relation(
                report,
                f"{spec.slug}:{column}:parts",
                _ref(spec.slug, None, column),
                [_ref(spec.slug, r, column) for r in rows],
                optional=[_ref(spec.slug, r, column) for r in optional],
                remainder=table.remainder is not None,
            )


_SECTIONS = {
    "prevention": Category.PREVENTION,
    "relocation": Category.RELOCATION_PERMISSION,
    "access": Category.INTERNATIONAL_ACCESS,
    "abductions": Category.ABDUCTION,
}
_ABDUCTION_TABLES = ("abductions_by_age", "abductions_by_treaty", "abductions_by_direction")


def _same_figures(report: AnnualReport) -> Iterator[Finding | None]:
    """Figures that appear in two places: section texts against table 1.7, and so on."""
    cases, children = Measure.CASES.value, Measure.CHILDREN.value
    for slug, category in _SECTIONS.items():
        for column in (cases, children):
            yield _same_figure(
                report,
                f"{slug}:{column}:table_1_7",
                _ref(slug, None, column),
                _ref("second_line", category, column),
            )
    for slug in _ABDUCTION_TABLES:
        for column in (cases, children):
            if slug == "abductions_by_age" and column == cases:
                continue
            yield _same_figure(
                report,
                f"{slug}:{column}:abductions",
                _ref(slug, None, column),
                _ref("abductions", None, column),
            )
    yield _same_figure(
        report,
        "second_line_flow:cases:second_line",
        _ref("second_line_flow", None, cases),
        _ref("second_line", None, cases),
    )
    yield _same_figure(
        report,
        "second_line_closed:cases:flow",
        _ref("second_line_closed", None, cases),
        _ref("second_line_flow", "closed_in_year", cases),
    )
    for channel in Channel:
        yield _same_figure(
            report,
            f"contacts_by_client:{channel}:contacts",
            _ref("contacts_by_client", None, channel),
            _ref("contacts", channel, Measure.CONTACTS),
        )
    for kind in MediationKind:
        yield _same_figure(
            report,
            f"mediation_not_started:{kind}:mediation",
            _ref("mediation_not_started", None, kind),
            _ref("mediation", kind, Measure.NOT_STARTED),
        )
    year = report.year
    for column, target in (
        (cases, _ref("prevention", None, cases)),
        (children, _ref("prevention", None, children)),
        (Measure.CAME_BACK.value, _ref("prevention_came_back", "yes", cases)),
    ):
        yield _same_figure(
            report,
            f"prevention_years:{column}:{year}",
            _ref("prevention_years", year, column),
            target,
        )
    for party in InitiatingParty:
        yield _same_figure(
            report,
            f"prevention_years_by_initiator:{party}:{year}",
            _ref("prevention_years_by_initiator", year, party),
            _ref("prevention", party, cases),
        )


def _fallback_totals() -> Iterator[tuple[str, str, FigureRef]]:
    """Each breakdown with the figure elsewhere that is its total."""
    cases, children = Measure.CASES.value, Measure.CHILDREN.value
    for slug in _ABDUCTION_TABLES:
        for column in (cases, children):
            yield slug, column, _ref("abductions", None, column)
    for slug, category in _SECTIONS.items():
        for column in (cases, children):
            yield slug, column, _ref("second_line", category, column)
    yield "second_line_flow", cases, _ref("second_line", None, cases)
    yield "second_line_closed", cases, _ref("second_line_flow", "closed_in_year", cases)
    for channel in Channel:
        yield "contacts_by_client", channel, _ref("contacts", channel, Measure.CONTACTS)
    for kind in MediationKind:
        yield "mediation_not_started", kind, _ref("mediation", kind, Measure.NOT_STARTED)


def _breakdowns_without_total(report: AnnualReport) -> Iterator[Finding | None]:
    """Breakdowns that state no total of their own: their parts against the figure elsewhere.

    (With a total of their own, the parts are checked against it, and it
    against the figure elsewhere.)
    """
    for slug, column, total in _fallback_totals():
        spec, table = TABLES[slug], report.tables.get(slug)
        if table is None or column not in spec.columns or table.total(column) is not None:
            continue
        rows = [r for r in spec.row_keys if spec.is_part(r)]
        yield _sum_relation(
            report,
            f"{slug}:{column}:parts_of_{total.table}",
            total,
            [_ref(slug, r, column) for r in rows if r != UNKNOWN],
            optional=[_ref(slug, r, column) for r in rows if r == UNKNOWN],
            remainder=table.remainder is not None,
        )


def _section_children(report: AnnualReport) -> Iterator[Finding | None]:
    """The second-line children: the sections' children are lower bounds of their categories."""
    children = Measure.CHILDREN.value
    bounds = {category: report.get(slug, None, children) for slug, category in _SECTIONS.items()}
    yield _sum_relation(
        report,
        "second_line:children:sections",
        _ref("second_line", None, children),
        [_ref("second_line", category, children) for category in Category],
        gaps=False,
        lower_bounds=[bounds.get(category) for category in Category],
        evidence=[
            _ref(slug, None, children)
            for slug, category in _SECTIONS.items()
            if report.get("second_line", category, children) is None
        ],
    )


def _mediation_funnel(report: AnnualReport) -> Iterator[Finding | None]:
    """The mediation funnel of each kind of request."""
    funnel = (
        (Measure.REQUESTS, (Measure.PENDING, Measure.NOT_STARTED, Measure.STARTED)),
        (Measure.STARTED, (Measure.IN_INTAKE, Measure.STOPPED, Measure.MEDIATIONS)),
        (Measure.MEDIATIONS, (Measure.CONCLUDED, Measure.RUNNING)),
        (Measure.CONCLUDED, (Measure.SUCCESSFUL,)),
        (Measure.MEDIATIONS, (Measure.SUCCESSFUL,)),
        (Measure.CHILDREN_HEARD, (Measure.CHILD_INTERVIEWS,)),
    )
    for kind in MediationKind:
        for whole, parts in funnel:
            yield _sum_relation(
                report,
                f"mediation:{kind}:{whole}:" + "+".join(parts),
                _ref("mediation", kind, whole),
                [_ref("mediation", kind, part) for part in parts],
                gaps=False,
                subset=len(parts) == 1,
            )


def _prevention_years(report: AnnualReport) -> Iterator[Finding | None]:
    """The multi-year prevention totals against the known figures of each year."""
    years_table = report["prevention_years"]
    parties_table = report["prevention_years_by_initiator"]
    years = sorted(set(years_table.rows) | set(parties_table.rows), key=int)
    for year in years:
        yield _sum_relation(
            report,
            f"prevention_years_by_initiator:{year}:cases",
            _ref("prevention_years", year, Measure.CASES),
            [_ref("prevention_years_by_initiator", year, party) for party in InitiatingParty],
            gaps=False,
        )
    for column in (Measure.CASES, Measure.CHILDREN, Measure.CAME_BACK):
        bounds: list[int | None] = []
        for year in years:
            parts = parties_table.cells
            known = [parts.get((year, p)) for p in InitiatingParty]
            floor = sum(v for v in known if v is not None)
            bounds.append(floor if column is Measure.CASES else None)
        yield _sum_relation(
            report,
            f"prevention_years:{column}:parts",
            _ref("prevention_years", None, column),
            [_ref("prevention_years", year, column) for year in years],
            gaps=False,
            lower_bounds=bounds,
            evidence=[
                _ref("prevention_years_by_initiator", year, party)
                for year in years
                if years_table.get(year, column) is None and column is Measure.CASES
                for party in InitiatingParty
            ],
        )


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
    chart's parts are lower bounds of a year's cases); and the text's
    percentages and changes (against ``earlier`` when the text does not state
    the earlier value). Relations with figures absent are checked as far as
    they go. No figure is ever corrected.

    >>> from ikomodel import Table
    >>> report = AnnualReport(year=2021, tables={"abductions": Table(slug="abductions",
    ...     cells={("mother", "cases"): 110, ("father", "cases"): 48, ("relative", "cases"): 7},
    ...     totals={"cases": 164})})
    >>> [str(f) for f in reconcile(report)]
    ['[contradiction] abductions:cases:parts: Abduction cases by taking person / Total / Cases: \
the parts add up to 165, the stated total is 164']
    """
    checks = (
        *_table_totals(report),
        *_same_figures(report),
        *_breakdowns_without_total(report),
        *_section_children(report),
        *_mediation_funnel(report),
        *_prevention_years(report),
        *_statements(report, earlier),
    )
    return tuple(finding for finding in checks if finding is not None)
