"""What a publication's text states about its figures: references to figures, and statements.

A :class:`FigureRef` names one figure of a report (a cell, or a stated
total). The text around the tables states relations between figures, and
press releases state figures loosely; each becomes a statement record, kept
as worded:

* :class:`ShareStatement`: "67%", "10,4%", "ruim 20%", "de helft";
* :class:`ChangeStatement`: "1.657 meer dan in 2020", "+27%", "bijna 500
  meer", "een toename";
* :class:`FigureStatement`: a figure stated on its own, as a bound or an
  approximation ("ruim 17.000 contacten", "bijna 500 kinderen"), or quoted
  for another year ("vorig jaar 152 zaken").

Every statement checks and converts its fields at construction, like every
other record: a vocabulary value given as its slug becomes the member
(``qualifier="more_than"``), a percentage given as ``"10.4"`` a
:class:`~decimal.Decimal`; a value that cannot be one (``qualifier="bogus"``,
``percent=10.4`` as a float, which cannot keep the decimals as printed)
raises :class:`~ikomodel.ValidationError` naming the field. The intervals the
wording allows are those of ``_report.bounds``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, TypeVar, cast

import attrs

from ikomodel._core.errors import Problem, ValidationError
from ikomodel._core.vocabulary import Lang, Vocabulary, _labels
from ikomodel._report.bounds import Qualifier
from ikomodel._report.labels import figure_label
from ikomodel._report.tables import FIRST_YEAR, LAST_YEAR, RowKey, table_spec

if TYPE_CHECKING:  # only a method's parameter: the records' fields resolve without it
    from ikomodel._report.report import AnnualReport


@attrs.frozen(kw_only=True)
class FigureRef:
    """A reference to one figure: a cell, or (``row=None``) a stated total.

    >>> FigureRef(table="abductions", row="mother", column="cases").label()
    'Abduction cases by taking person / Mother / Cases'
    """

    table: str
    """The slug of the figure's table."""
    row: RowKey | None
    """The row key; ``None`` for the table's stated total of the column."""
    column: str
    """The column of the table (a measure such as ``cases`` or ``children``)."""

    def __attrs_post_init__(self) -> None:
        try:
            spec = table_spec(self.table)
            row = None if self.row is None else spec.row(self.row)
            column = spec.column(self.column)
        except (LookupError, ValueError) as error:
            raise ValidationError.single("figure", str(error)) from None
        object.__setattr__(self, "table", str(spec.slug))  # a plain string, never a TableId
        object.__setattr__(self, "row", row)
        object.__setattr__(self, "column", column)

    def value_in(self, report: AnnualReport) -> int | None:
        """Return the figure's value in ``report``, or ``None`` when absent."""
        table = report[self.table]
        return table.total(self.column) if self.row is None else table.get(self.row, self.column)

    def label(self, lang: Lang = "en") -> str:
        """Return a readable name of the figure: table title, row and column labels."""
        return figure_label(self.table, self.row, self.column, lang)

    @property
    def slug(self) -> str:
        """A stable name of the figure: ``table:row:column``, or ``table:column`` for a total.

        >>> FigureRef(table="contacts", row=None, column="contacts").slug
        'contacts:contacts'
        """
        if self.row is None:
            return f"{self.table}:{self.column}"
        return f"{self.table}:{self.row}:{self.column}"


class Trend(Vocabulary):
    """The direction of a change the text states ("toegenomen", "minder")."""

    INCREASE = "increase"
    DECREASE = "decrease"


_labels(Trend, {"increase": ("Toename", "Increase"), "decrease": ("Afname", "Decrease")})


# --- checking and converting fields ---------------------------------------------------------

_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_FRACTION = re.compile(r"[0-9]+/[0-9]+")
_PERCENT = (
    "a percentage as printed: a whole number such as 67, or a Decimal such as "
    "Decimal('10.4') for one printed with decimals (a float cannot keep them)"
)


def _ref(value: object, path: str, problems: list[Problem]) -> None:
    if not isinstance(value, FigureRef):
        problems.append(Problem(path=path, message="a FigureRef (table, row, column)"))


_V = TypeVar("_V", bound=Vocabulary)


def _member(vocabulary: type[_V], value: object, path: str, problems: list[Problem]) -> _V | None:
    if isinstance(value, str) and value in set(vocabulary):
        return vocabulary(value)
    problems.append(Problem(path=path, message="one of: " + ", ".join(vocabulary)))
    return None


def _whole(value: object, path: str, problems: list[Problem], low: int | None = 0) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(Problem(path=path, message="a whole number (an int), such as 12"))
        return None
    if low is not None and value < low:
        problems.append(Problem(path=path, message=f"a whole number of {low} or more"))
        return None
    return value


def _year(value: object, path: str, problems: list[Problem]) -> int | None:
    year = _whole(value, path, problems, None)
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        problems.append(Problem(path=path, message=f"a year from {FIRST_YEAR} to {LAST_YEAR}"))
        return None
    return year


def _percent(
    value: object, path: str, problems: list[Problem], *, signed: bool
) -> int | Decimal | None:
    """A percentage as printed: an int, or a Decimal that keeps its printed decimals."""
    number: int | Decimal
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        value = Decimal(value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        problems.append(Problem(path=path, message=_PERCENT))
        return None
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int):
            problems.append(Problem(path=path, message=_PERCENT))
            return None
        number = int(value) if exponent >= 0 else value
    else:
        number = value
    if not signed and number < 0:
        problems.append(Problem(path=path, message="a percentage of 0 or more"))
        return None
    return number


def _fraction(value: object, path: str, problems: list[Problem]) -> Fraction | None:
    if isinstance(value, str) and _FRACTION.fullmatch(value):
        numerator, denominator = map(int, value.split("/"))
        value = Fraction(numerator, denominator) if denominator else None
    if not isinstance(value, Fraction) or not 0 < value <= 1:
        problems.append(
            Problem(
                path=path,
                message="a share in words as a fraction from 0 to 1, such as Fraction(1, 2) "
                "for 'de helft' ('1/2' in JSON)",
            )
        )
        return None
    return value


# Converters: a valid value given as text (a slug, "10.4", "1/2") becomes the value it names;
# any other value is left as it is, for the record's check to report with every other problem.


def _as_qualifier(value: Qualifier | str) -> Qualifier:
    if isinstance(value, str) and value in set(Qualifier):
        return Qualifier(value)
    return cast("Qualifier", value)


def _as_trend(value: Trend | str | None) -> Trend | None:
    if isinstance(value, str) and value in set(Trend):
        return Trend(value)
    return cast("Trend | None", value)


def _as_percent(value: int | Decimal | str | None) -> int | Decimal | None:
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        value = Decimal(value)
    return cast("int | Decimal | None", value)


def _as_fraction(value: Fraction | str | None) -> Fraction | None:
    if isinstance(value, str) and _FRACTION.fullmatch(value):
        numerator, denominator = map(int, value.split("/"))
        if denominator:
            return Fraction(numerator, denominator)
    return cast("Fraction | None", value)


def _text(value: object, path: str, problems: list[Problem]) -> None:
    if value is not None and not isinstance(value, str):
        problems.append(Problem(path=path, message="a text (str)"))


def _sign(value: int | Decimal | None) -> int | None:
    return None if value is None else (value > 0) - (value < 0)


# --- the statements ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ShareStatement:
    """A share the text states: ``part`` is ``percent`` % (or ``fraction``) of ``whole``.

    The wording is kept: ``percent`` as printed (``67`` for "67%",
    ``Decimal("10.4")`` for "10,4%"), or ``fraction`` for a share in words
    (``Fraction(1, 2)`` for "de helft"), with the ``qualifier`` of the
    wording. It holds when the exact share lies in the interval the wording
    allows: ``rounded`` within half a unit of the last printed digit ("67%":
    66.5 % to 67.5 %; "10,4%": 10.35 % to 10.45 %), ``more_than`` ("ruim
    29%") from 29 % up to 30 %, ``almost`` ("bijna 30%") above 20 % and
    below 30 %, ``about`` ("ongeveer 30%") 25 % to 35 %; a share in words is read
    to 5 percentage points ("de helft": 47.5 % to 52.5 %).

    >>> part = FigureRef(table="abductions", row="mother", column="cases")
    >>> whole = FigureRef(table="abductions", row=None, column="cases")
    >>> share = ShareStatement(part=part, whole=whole, percent="10.4", qualifier="more_than")
    >>> share.percent, share.qualifier
    (Decimal('10.4'), <Qualifier.MORE_THAN: 'more_than'>)
    """

    part: FigureRef
    """The figure that is a share of the whole."""
    whole: FigureRef
    """The figure the share is taken of."""
    percent: int | Decimal | None = attrs.field(default=None, converter=_as_percent)
    """The percentage as printed: an ``int``, or a ``Decimal`` that keeps its printed decimals."""
    fraction: Fraction | None = attrs.field(default=None, converter=_as_fraction)
    """The share in words, instead of a percentage: ``Fraction(1, 2)`` for "de helft"."""
    qualifier: Qualifier = attrs.field(default=Qualifier.ROUNDED, converter=_as_qualifier)
    """How the text words the share: as printed, "ruim", "bijna" or "ongeveer"."""
    source: str | None = attrs.field(default=None, eq=False)
    """Where the text stands in the report, e.g. ``§1.5``; not compared by ``==``."""
    quote: str | None = attrs.field(default=None, eq=False)
    """The sentence of the report that states it; not compared by ``==``."""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        _ref(self.part, "part", problems)
        _ref(self.whole, "whole", problems)
        if (self.percent is None) == (self.fraction is None):
            problems.append(
                Problem(
                    path="percent",
                    message="give either the percentage (67, Decimal('10.4')) or the share "
                    "in words (fraction=Fraction(1, 2) for 'de helft')",
                )
            )
        elif self.percent is not None:
            percent = _percent(self.percent, "percent", problems, signed=False)
            object.__setattr__(self, "percent", percent)
        else:
            object.__setattr__(self, "fraction", _fraction(self.fraction, "fraction", problems))
        object.__setattr__(
            self, "qualifier", _member(Qualifier, self.qualifier, "qualifier", problems)
        )
        _text(self.source, "source", problems)
        _text(self.quote, "quote", problems)
        if problems:
            raise ValidationError(problems)

    @property
    def stated(self) -> int | Decimal | Fraction:
        """The share as stated: the percentage, or the fraction of a share in words."""
        value = self.percent if self.percent is not None else self.fraction
        assert value is not None
        return value


@attrs.frozen(kw_only=True)
class ChangeStatement:
    """A change since an earlier year that the text states; it checks only what it states.

    Give what the text gives: the earlier value ("van 216 in 2020"), the
    change ("1.657 meer", ``change=1657``; "9 minder", ``change=-9``), the
    change in percent ("+27%", ``percent=27``) and the direction ("een
    toename"). A statement that gives only the earlier value states no
    direction: it is a figure of the earlier year, checked against that
    year's own publication. The ``qualifier`` words the change and the
    percentage ("bijna 500 meer", "ruim 20% minder").

    >>> figure = FigureRef(table="contacts", row=None, column="contacts")
    >>> ChangeStatement(figure=figure, since=2020, percent=27, trend="increase").trend
    <Trend.INCREASE: 'increase'>
    """

    figure: FigureRef
    """The figure of the report's year that changed."""
    since: int
    """The earlier year."""
    earlier: int | None = None
    """The earlier value, when the text states it."""
    change: int | None = None
    """The stated change (later minus earlier, negative for a decrease), when the text states it."""
    percent: int | Decimal | None = attrs.field(default=None, converter=_as_percent)
    """The stated change as a percentage of the earlier value ("+27%": ``27``)."""
    trend: Trend | None = attrs.field(default=None, converter=_as_trend)
    """The stated direction, when the text states it."""
    qualifier: Qualifier = attrs.field(default=Qualifier.ROUNDED, converter=_as_qualifier)
    """How the text words the change and the percentage: as printed, "ruim", "bijna", "ongeveer"."""
    source: str | None = attrs.field(default=None, eq=False)
    """Where the text stands in the report, e.g. ``§1.2``; not compared by ``==``."""
    quote: str | None = attrs.field(default=None, eq=False)
    """The sentence of the report that states it; not compared by ``==``."""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        _ref(self.figure, "figure", problems)
        _year(self.since, "since", problems)
        if self.earlier is not None:
            _whole(self.earlier, "earlier", problems)
        if self.change is not None:
            _whole(self.change, "change", problems, None)
        if self.percent is not None:
            percent = _percent(self.percent, "percent", problems, signed=True)
            object.__setattr__(self, "percent", percent)
        if self.trend is not None:
            object.__setattr__(self, "trend", _member(Trend, self.trend, "trend", problems))
        qualifier = _member(Qualifier, self.qualifier, "qualifier", problems)
        object.__setattr__(self, "qualifier", qualifier)
        _text(self.source, "source", problems)
        _text(self.quote, "quote", problems)
        if problems:
            raise ValidationError(problems)
        stated = (self.earlier, self.change, self.percent, self.trend)
        if all(value is None for value in stated):
            raise ValidationError.single(
                "change", "state at least one of earlier, change, percent, trend"
            )
        if qualifier is not Qualifier.ROUNDED and self.change is None and self.percent is None:
            raise ValidationError.single(
                "qualifier", "a qualifier words a stated change or percent; give one"
            )
        self._check_directions()

    def _check_directions(self) -> None:
        """The change, the percentage and the trend must point the same way."""
        trend = None if self.trend is None else (1 if self.trend is Trend.INCREASE else -1)
        stated = {"change": _sign(self.change), "percent": _sign(self.percent), "trend": trend}
        signs = {name: sign for name, sign in stated.items() if sign is not None}
        if len(set(signs.values())) > 1:
            raise ValidationError.single(
                "trend" if "trend" in signs else "percent",
                "the change, percent and trend point different ways: "
                + ", ".join(f"{name} {sign:+d}" for name, sign in signs.items()),
            )


@attrs.frozen(kw_only=True)
class FigureStatement:
    """A figure the text states on its own: as a bound, an approximation, or of another year.

    "ruim 17.000 contacten" (``value=17000``, ``qualifier="more_than"``),
    "bijna 500 kinderen" (``almost``), "ongeveer 230" (``about``), "vorig
    jaar 152 zaken" (``year=`` the earlier year). An exact figure of the
    report's own year belongs in its table; a statement of it is checked
    against the table. A figure quoted for another year is checked against
    that year's own publication (:func:`~ikomodel.reconcile_years`).

    >>> contacts = FigureRef(table="contacts", row=None, column="contacts")
    >>> FigureStatement(figure=contacts, value=17000, qualifier="more_than", year=2017).qualifier
    <Qualifier.MORE_THAN: 'more_than'>
    """

    figure: FigureRef
    """The figure the text states."""
    value: int
    """The number as printed (``17000`` for "ruim 17.000")."""
    qualifier: Qualifier = attrs.field(default=Qualifier.ROUNDED, converter=_as_qualifier)
    """How the text words it: as printed (exact), "ruim", "bijna" or "ongeveer"."""
    year: int | None = None
    """The year the figure is of, when the text quotes another year; ``None``: the report's year."""
    source: str | None = attrs.field(default=None, eq=False)
    """Where the text stands in the publication; not compared by ``==``."""
    quote: str | None = attrs.field(default=None, eq=False)
    """The sentence of the publication that states it; not compared by ``==``."""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        _ref(self.figure, "figure", problems)
        _whole(self.value, "value", problems)
        object.__setattr__(
            self, "qualifier", _member(Qualifier, self.qualifier, "qualifier", problems)
        )
        if self.year is not None:
            _year(self.year, "year", problems)
        _text(self.source, "source", problems)
        _text(self.quote, "quote", problems)
        if problems:
            raise ValidationError(problems)


Statement = ShareStatement | ChangeStatement | FigureStatement
"""What a report's text states: a share, a change, or a figure on its own."""

STATEMENT_TYPES = (ShareStatement, ChangeStatement, FigureStatement)


def statements_of_year(year: int, statements: Iterable[object]) -> None:
    """Check that ``statements`` can be the statements of the report of ``year``.

    Raises:
        ValidationError: a value that is no statement, a change since a year
            that is not before ``year``, a figure quoted for ``year`` itself
            or a later year; paths ``statements[i].since``.
    """
    problems: list[Problem] = []
    for i, statement in enumerate(statements):
        path = f"statements[{i}]"
        if not isinstance(statement, STATEMENT_TYPES):
            problems.append(
                Problem(path=path, message="a ShareStatement, ChangeStatement or FigureStatement")
            )
        elif isinstance(statement, ChangeStatement) and statement.since >= year:
            problems.append(
                Problem(path=f"{path}.since", message=f"a year before the report's year {year}")
            )
        elif (
            isinstance(statement, FigureStatement)
            and statement.year is not None
            and statement.year >= year
        ):
            problems.append(
                Problem(
                    path=f"{path}.year",
                    message=f"a year before the report's year {year}; leave it out for "
                    f"a figure of {year}",
                )
            )
    if problems:
        raise ValidationError(problems)
