"""Figures across years: what a publication quotes of other years, against their own publications.

A publication quotes figures of earlier years: the earlier value of a change
("van 216 zaken in 2020"), a figure stated for another year ("vorig jaar 152
zaken", ``FigureStatement(year=...)``), and the earlier years' rows of the
multi-year prevention tables. Each quote is a figure of that year, and that
year's own publication may state it otherwise. :func:`quotes` lists them;
:func:`cross_year` compares each with the figure the year's own document
states (exactly, or as a bound of its own), and, where no document of that
year is given, with the quotes of the same figure in earlier publications.
Each disagreement is a cross-year contradiction naming both publications and
both values. The published figures of a year that no bundled report covers
are made of these quotes (:func:`~ikomodel.published_figures`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from ikomodel._published.findings import FigureValue, Finding, FindingKind, Severity
from ikomodel._report import relations
from ikomodel._report.bounds import Interval, Qualifier, interval
from ikomodel._report.relations import SameFigure
from ikomodel._report.report import AnnualReport
from ikomodel._report.statements import ChangeStatement, FigureRef, FigureStatement
from ikomodel._report.tables import TableId

MULTI_YEAR = frozenset({TableId.PREVENTION_YEARS, TableId.PREVENTION_YEARS_BY_INITIATOR})
"""The tables whose rows are figures of several years (section 1.3)."""


@attrs.frozen(kw_only=True)
class Quote:
    """A figure of another year that a publication states.

    Attributes:
        year: The year the figure is of.
        figure: The figure, as that year's own report names it.
        value: The number as the publication prints it.
        qualifier: How it is worded ("ruim", "bijna", "ongeveer").
        source: Where the publication states it.
    """

    year: int
    figure: FigureRef
    value: int
    qualifier: Qualifier = Qualifier.ROUNDED
    source: str | None = None

    @property
    def interval(self) -> Interval:
        """The values the quote allows."""
        return interval(self.value, self.qualifier)


def multi_year_quotes(report: AnnualReport) -> Iterator[Quote]:
    """The earlier years' rows of the multi-year prevention tables, as that year's figures.

    The catalogue of each earlier year declares which of its own figures each
    row is (its prevention cases, children, cases that came back, parties).
    """
    years = sorted(
        {
            row
            for slug in MULTI_YEAR
            for row in report[slug].rows
            if isinstance(row, int) and row < report.year
        }
    )
    for year in years:
        for relation in relations.catalogue(year):
            if isinstance(relation, SameFigure) and relation.figure.table in MULTI_YEAR:
                value = relation.figure.value_in(report)
                if value is not None:
                    yield Quote(
                        year=year,
                        figure=relation.reference,
                        value=value,
                        source=report[relation.figure.table].source,
                    )


def quotes(report: AnnualReport) -> tuple[Quote, ...]:
    """Return every figure of another year that ``report`` states, in the order it states them.

    The figures stated for another year, the earlier values of changes, then
    the earlier years' rows of the multi-year prevention tables.
    """
    found: list[Quote] = []
    for statement in report.statements:
        if isinstance(statement, FigureStatement) and statement.year is not None:
            found.append(
                Quote(
                    year=statement.year,
                    figure=statement.figure,
                    value=statement.value,
                    qualifier=statement.qualifier,
                    source=statement.source,
                )
            )
        elif isinstance(statement, ChangeStatement) and statement.earlier is not None:
            found.append(
                Quote(
                    year=statement.since,
                    figure=statement.figure,
                    value=statement.earlier,
                    source=statement.source,
                )
            )
    found.extend(multi_year_quotes(report))
    return tuple(found)


def _where(report: AnnualReport, section: str | None) -> str | None:
    """The publication (the first sentence of the report's source) and the place in it."""
    publication = None if report.source is None else report.source.split(". ", 1)[0]
    return ", ".join(text for text in (publication, section) if text) or None


def _quoted(report: AnnualReport, quote: Quote) -> tuple[Interval, FigureValue]:
    return quote.interval, FigureValue(
        figure=quote.figure,
        value=quote.value,
        source=_where(report, quote.source),
        year=quote.year,
        published_in=report.year,
        qualifier=quote.qualifier,
    )


def own(report: AnnualReport, ref: FigureRef) -> list[tuple[Interval, FigureValue]]:
    """What ``report`` states of its own year's figure ``ref``: the figure, or its bounds."""
    exact = relations.stated(report, ref)
    if exact is not None:
        value = FigureValue(
            figure=ref,
            value=exact,
            source=_where(report, report[ref.table].source),
            year=report.year,
            published_in=report.year,
        )
        return [(Interval.exact(exact), value)]
    return [
        _quoted(
            report,
            Quote(
                year=report.year,
                figure=ref,
                value=statement.value,
                qualifier=statement.qualifier,
                source=statement.source,
            ),
        )
        for statement in report.statements
        if isinstance(statement, FigureStatement)
        and statement.year is None
        and statement.figure == ref
    ]


def cross_year(report: AnnualReport, others: Mapping[int, AnnualReport]) -> Iterator[Finding]:
    """Yield a cross-year contradiction for each quote of ``report`` that another year's disagrees.

    ``others`` holds the documents of other years, by year. A quote is
    compared with the document of its year when there is one, and otherwise
    with the quotes of the same figure in the documents published before
    ``report``.
    """
    if not others:
        return
    earlier: dict[tuple[int, FigureRef], list[tuple[Interval, FigureValue]]] = {}
    for year in sorted(y for y in others if y < report.year):
        for quote in quotes(others[year]):
            earlier.setdefault((quote.year, quote.figure), []).append(_quoted(others[year], quote))
    for quote in quotes(report):
        allowed, mine = _quoted(report, quote)
        document = others.get(quote.year)
        against = (
            own(document, quote.figure)
            if document is not None
            else earlier.get((quote.year, quote.figure), [])
        )
        for bounds, theirs in against:
            if allowed.meets(bounds):
                continue
            assert theirs.value is not None
            yield Finding(
                kind=FindingKind.CROSS_YEAR_CONTRADICTION,
                severity=Severity.CONTRADICTION,
                table=quote.figure.table,
                relation=f"{quote.figure.slug}:{quote.year}_quoted_in_{report.year}",
                figures=(mine, theirs),
                expected=quote.value,
                stated=theirs.value,
                difference=quote.value - theirs.value,
            )
            break
