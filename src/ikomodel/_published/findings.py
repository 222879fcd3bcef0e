"""Findings: the typed records :func:`~ikomodel.reconcile` returns.

A :class:`Finding` names the relation between published figures that does
not hold, the figures involved (each with its value and where it was
published, and for a finding across years the year it is of and the year
of its publication), the difference, and reads as one line in Dutch or English, its
numbers written as ``ikomodel._report.labels`` writes them (``1.657`` in
Dutch, ``1,657`` in English). :class:`Findings` is the tuple that
:func:`~ikomodel.reconcile` returns: a plain tuple of findings with a short
``repr`` (how many of each severity) and an HTML summary in Jupyter.
"""

from __future__ import annotations

from collections import Counter

import attrs

from ikomodel._core.display import render
from ikomodel._core.vocabulary import Lang, Vocabulary, _labels
from ikomodel._report.bounds import Qualifier
from ikomodel._report.labels import format_number, format_percent, phrase
from ikomodel._report.statements import FigureRef


class FindingKind(Vocabulary):
    """What kind of inconsistency a finding reports."""

    PARTS_DIFFER_FROM_TOTAL = "parts_differ_from_total"
    PARTS_EXCEED_TOTAL = "parts_exceed_total"
    UNACCOUNTED_REMAINDER = "unaccounted_remainder"
    TEXT_CONTRADICTS_TABLE = "text_contradicts_table"
    FIGURES_DISAGREE = "figures_disagree"
    SHARE_MISMATCH = "share_mismatch"
    CHANGE_MISMATCH = "change_mismatch"
    FIGURE_MISMATCH = "figure_mismatch"
    SHARES_EXCEED_WHOLE = "shares_exceed_whole"
    CROSS_YEAR_CONTRADICTION = "cross_year_contradiction"


_labels(
    FindingKind,
    {
        "parts_differ_from_total": (
            "Delen wijken af van het totaal",
            "Parts differ from the total",
        ),
        "parts_exceed_total": (
            "Bekende delen zijn groter dan het totaal",
            "Known parts exceed the total",
        ),
        "unaccounted_remainder": ("Onverklaard restant", "Unaccounted remainder"),
        "text_contradicts_table": (
            "Tekst spreekt tabel 1.7 tegen",
            "Text contradicts table 1.7",
        ),
        "figures_disagree": ("Cijfers spreken elkaar tegen", "Figures disagree"),
        "share_mismatch": ("Percentage klopt niet", "Percentage does not match"),
        "change_mismatch": (
            "Verandering klopt niet",
            "Change does not match the values",
        ),
        "figure_mismatch": (
            "Genoemd cijfer klopt niet",
            "Stated figure does not match",
        ),
        "shares_exceed_whole": (
            "Percentages van de delen samen meer dan 100%",
            "Shares of the parts add up to more than 100 %",
        ),
        "cross_year_contradiction": (
            "Publicaties van verschillende jaren spreken elkaar tegen",
            "Publications of different years disagree",
        ),
    },
)


class Severity(Vocabulary):
    """How serious a finding is.

    ``contradiction``: the published figures cannot all be true.
    ``gap``: figures are missing, so a total is not fully explained by its
    parts; not necessarily an error.
    """

    CONTRADICTION = "contradiction"
    GAP = "gap"


_labels(Severity, {"contradiction": ("Tegenstrijdig", "Contradiction"), "gap": ("Hiaat", "Gap")})


def _signed(text: str, value: float) -> str:
    return f"+{text}" if value > 0 else (f"-{text}" if value < 0 else text)


@attrs.frozen(kw_only=True)
class FigureValue:
    """A figure involved in a finding, with its value (``None`` when absent)."""

    figure: FigureRef
    """The figure."""
    value: int | None
    """Its value in the report checked, ``None`` when the report does not give it."""
    source: str | None = None
    """Where the figure's table was published (section, table, chart), if the report says."""
    year: int | None = None
    """The year the value is of, where it is not the checked report's own (an earlier value)."""
    published_in: int | None = None
    """The year of the publication the value comes from, where it is not the checked report."""
    qualifier: Qualifier = Qualifier.ROUNDED
    """How the publication words the value ("ruim", "bijna", "ongeveer"), if it is a bound."""

    def text(self, lang: Lang = "en") -> str:
        """Return the value as the publication words it: ``ruim 17.000``, ``more than 17,000``."""
        number = format_number(self.value, lang) if self.value is not None else "?"
        if self.qualifier is Qualifier.ROUNDED:
            return number
        return f"{self.qualifier.label(lang).lower()} {number}"


@attrs.frozen(kw_only=True)
class Finding:
    """A relation between figures that does not hold.

    Attributes:
        kind: What kind of inconsistency.
        severity: ``contradiction`` or ``gap``.
        table: The table the relation belongs to.
        relation: A stable slug of the relation, e.g. ``first_line:cases:parts``.
        figures: The figures involved with their values: the parts (or the
            compared figures) first, the total last.
        expected: What the relation makes of the checked figure (e.g. the sum
            of the parts, or the share as a percentage; the least sum of the
            shares of sibling parts; the number the text states of a figure
            on its own, or quotes of another year).
        stated: The published figure it is checked against (for a stated
            trend without a number: +1 for an increase, -1 for a decrease;
            100 for shares of sibling parts; the figure in the table, or in
            the other year's own publication).
        difference: ``expected - stated``.
    """

    kind: FindingKind
    severity: Severity
    table: str
    relation: str
    figures: tuple[FigureValue, ...]
    expected: float
    stated: float
    difference: float

    @property
    def sources(self) -> tuple[str, ...]:
        """Where the figures involved were published, each once, in order."""
        return tuple(dict.fromkeys(v.source for v in self.figures if v.source))

    def message(self, lang: Lang = "en") -> str:
        """Return a one-line human description of the finding in ``lang``, citing its sources."""
        text = self._message(lang)
        if self.sources:
            text += f" [{phrase('source', lang)}: " + "; ".join(self.sources) + "]"
        return text

    def _message(self, lang: Lang) -> str:
        total = self.figures[-1].figure.label(lang)
        exp = format_number(self.expected, lang)
        st = format_number(self.stated, lang)
        diff = format_number(abs(self.difference), lang)
        nl = lang == "nl"
        if self.kind is FindingKind.PARTS_DIFFER_FROM_TOTAL:
            return (
                f"{total}: de delen tellen op tot {exp}, het vermelde totaal is {st}"
                if nl
                else f"{total}: the parts add up to {exp}, the stated total is {st}"
            )
        if self.kind is FindingKind.PARTS_EXCEED_TOTAL:
            return (
                f"{total}: de bekende delen zijn samen minstens {exp}, meer dan het totaal {st}"
                if nl
                else f"{total}: the known parts add up to at least {exp}, more than the total {st}"
            )
        if self.kind is FindingKind.UNACCOUNTED_REMAINDER:
            return (
                f"{total}: de vermelde delen tellen op tot {exp} van {st}; {diff} niet verklaard"
                if nl
                else f"{total}: the stated parts add up to {exp} of {st}; {diff} unaccounted for"
            )
        first = self.figures[0].figure.label(lang)
        if self.kind in {FindingKind.TEXT_CONTRADICTS_TABLE, FindingKind.FIGURES_DISAGREE}:
            return (
                f"{first} is {exp}, maar {total} is {st}"
                if nl
                else f"{first} is {exp}, but {total} is {st}"
            )
        if self.kind is FindingKind.SHARE_MISMATCH:
            share, said_share = (
                format_percent(self.expected, lang),
                format_percent(self.stated, lang),
            )
            return (
                f"{first} is {share} van {total}, de tekst noemt {said_share}"
                if nl
                else f"{first} is {share} of {total}, the text says {said_share}"
            )
        if self.kind is FindingKind.SHARES_EXCEED_WHOLE:
            least = format_percent(self.expected, lang)
            return (
                f"{total}: de percentages van de delen tellen op tot minstens {least}, "
                "meer dan 100%"
                if nl
                else f"{total}: the percentages of its parts add up to at least {least}, "
                "more than 100%"
            )
        if self.kind is FindingKind.FIGURE_MISMATCH:
            said, found = self.figures[0].text(lang), self.figures[-1].text(lang)
            return (
                f"{total} is {found}, de tekst noemt {said}"
                if nl
                else f"{total} is {found}, the text says {said}"
            )
        if self.kind is FindingKind.CROSS_YEAR_CONTRADICTION:
            return self._cross_year(total, lang)
        return self._change(total, lang)

    def _cross_year(self, total: str, lang: Lang) -> str:
        quoted, own = self.figures[0], self.figures[-1]
        if lang == "nl":
            return (
                f"{total} over {quoted.year}: {quoted.text(lang)} volgens de publicatie van "
                f"{quoted.published_in}, {own.text(lang)} volgens die van {own.published_in}"
            )
        return (
            f"{total} of {quoted.year}: {quoted.text(lang)} in the publication of "
            f"{quoted.published_in}, {own.text(lang)} in that of {own.published_in}"
        )

    def _change(self, total: str, lang: Lang) -> str:
        nl = lang == "nl"
        what = self.relation.split(":")[-1]
        if what.startswith("trend"):
            up = self.stated > 0
            said = (
                ("een toename" if up else "een afname")
                if nl
                else ("an increase" if up else "a decrease")
            )
            exp = format_number(self.expected, lang)
        elif what.startswith("percent"):
            said = _signed(format_percent(abs(self.stated), lang), self.stated)
            exp = _signed(format_percent(abs(self.expected), lang), self.expected)
        else:
            said = format_number(self.stated, lang)
            exp = format_number(self.expected, lang)
        since = ""
        if len(self.figures) > 1:
            earlier, later = self.figures[0], self.figures[-1]
            since = (
                f" van {earlier.text(lang)} in {earlier.year} naar {later.text(lang)}:"
                if nl
                else f" from {earlier.text(lang)} in {earlier.year} to {later.text(lang)}:"
            )
        return (
            f"{total}:{since} de waarden geven een verandering van {exp}, de tekst noemt {said}"
            if nl
            else f"{total}:{since} the values give a change of {exp}, the text says {said}"
        )

    def __str__(self) -> str:
        return f"[{self.severity}] {self.relation}: {self.message()}"


class Findings(tuple[Finding, ...]):
    """The findings of :func:`~ikomodel.reconcile`: a tuple with a short repr and an HTML summary.

    It is a tuple in every other respect (indexing, slicing, ``len``,
    equality with a plain tuple); ``print(finding)`` shows one finding. No
    findings show as the empty tuple they are.

    >>> Findings(())
    ()
    """

    __slots__ = ()

    def __repr__(self) -> str:
        counts = Counter(finding.severity for finding in self)
        parts = [
            f"{count} {severity.value}{'' if count == 1 else 's'}"
            for severity, count in sorted(counts.items(), key=lambda item: item[0].value)
        ]
        return f"Findings({', '.join(parts)})" if parts else "()"

    def _repr_html_(self) -> str:
        return render(self)
