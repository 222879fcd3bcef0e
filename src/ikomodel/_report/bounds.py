"""Bounds and approximations: the interval a publication's wording allows a figure.

Publications, press releases above all, state figures loosely: "ruim 17.000
contacten", "bijna 500 kinderen", "ongeveer 30%", "de helft". A figure is
kept as stated, with a :class:`Qualifier` for its wording, and checked as the
interval of true values the wording allows. The rules, for a stated number
``v`` (a count, a percentage, or a change):

* the **printed step** is the unit of its last printed digit: 1 for ``67``
  or ``17000``, 0.1 for ``10.4``, 0.01 for ``12.50``;
* the **round unit** is the place of its last non-zero digit: 1000 for
  ``17000``, 100 for ``500``, 10 for ``20``, 1 for ``29``, 0.1 for ``10.4``.

==============  ==============================  =================================
qualifier       Dutch wording                   interval
==============  ==============================  =================================
``rounded``     as printed ("67%", "164")       ``v`` ± half the printed step
``more_than``   "ruim", "meer dan"              from ``v`` up to ``v`` + round unit
``almost``      "bijna"                         between ``v`` − round unit and ``v``
``about``       "ongeveer", "circa", "zo'n"     ``v`` ± half the round unit
==============  ==============================  =================================

So a count as printed is exact (164 is 164), "67%" holds from 66.5 % to
67.5 %, "10,4%" from 10.35 % to 10.45 %, "ruim 29%" from 29 % up to (not
including) 30 %, "ruim 17.000" from 17,000 up to 18,000, "bijna 500" above
400 and below 500, "ongeveer 500" from 450 to 550. Both ends of a bound are
excluded, but for the number "ruim" names: "ruim 29%" holds for 29.0 %
(a share printed as "ruim" may be rounded onto it), "bijna 500" never for
500, so "bijna 17.000" and "ruim 17.000" cannot both be true.

A share in words ("de helft", "een derde", "een kwart") is a fraction,
read to 5 percentage points: its printed step and its round unit are both 5,
so "de helft" holds from 47.5 % to 52.5 %, "ruim de helft" from 50 % up to
55 %, "bijna de helft" above 45 % and below 50 %.

A signed value (a change, "9 minder", "-5%") is read on its size and keeps
its sign: "ruim 10% minder" is a change from -10 % down to (not including)
-20 %.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs

from ikomodel._core.vocabulary import Vocabulary, _labels

Number = int | Decimal | Fraction
"""A stated number: a whole count or percentage, a percentage with decimals, a fraction."""

WORD_STEP = Fraction(5)
"""The step, in percentage points, to which a share in words ("de helft") is read."""


class Qualifier(Vocabulary):
    """How the text words a figure: as printed, or as a bound or an approximation.

    ``rounded``: as printed ("67%", "164"; a count is exact, a percentage
    rounded to its last digit). ``more_than``: "ruim", "meer dan".
    ``almost``: "bijna". ``about``: "ongeveer", "circa", "zo'n". The
    interval each allows is described in the figures format reference.
    """

    ROUNDED = "rounded"
    MORE_THAN = "more_than"
    ALMOST = "almost"
    ABOUT = "about"


_labels(
    Qualifier,
    {
        "rounded": ("Afgerond", "Rounded"),
        "more_than": ("Ruim", "More than"),
        "almost": ("Bijna", "Almost"),
        "about": ("Ongeveer", "About"),
    },
)


@attrs.frozen
class Interval:
    """The true values a stated figure allows: from ``low`` to ``high``.

    An open end is excluded. Exact arithmetic (fractions), so that 10.45 is
    10.45 and not a float near it.
    """

    low: Fraction
    high: Fraction
    low_open: bool = False
    high_open: bool = False

    @classmethod
    def exact(cls, value: int | Fraction) -> Interval:
        """The interval of one value."""
        return cls(Fraction(value), Fraction(value))

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int | Fraction):
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def meets(self, other: Interval) -> bool:
        """Return whether some value lies in both intervals."""
        low = max(self.low, other.low)
        high = min(self.high, other.high)
        low_open = (self.low == low and self.low_open) or (other.low == low and other.low_open)
        high_open = (self.high == high and self.high_open) or (
            other.high == high and other.high_open
        )
        return low < high or (low == high and not low_open and not high_open)

    def negated(self) -> Interval:
        """The interval of the negated values."""
        return Interval(-self.high, -self.low, self.high_open, self.low_open)

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            self.low + other.low,
            self.high + other.high,
            self.low_open or other.low_open,
            self.high_open or other.high_open,
        )


def printed_step(value: Number) -> Fraction:
    """Return the unit of the last printed digit of ``value``.

    >>> printed_step(67), printed_step(Decimal("10.4")), printed_step(Decimal("12.50"))
    (Fraction(1, 1), Fraction(1, 10), Fraction(1, 100))
    """
    if isinstance(value, Fraction):
        return WORD_STEP
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)
        return Fraction(10) ** min(exponent, 0)
    return Fraction(1)


def round_unit(value: Number) -> Fraction:
    """Return the place of the last non-zero digit of ``value`` (its printed step for 0).

    >>> [str(round_unit(v)) for v in (17000, 500, 29, Decimal("10.4"), 0)]
    ['1000', '100', '1', '1/10', '1']
    """
    step = printed_step(value)
    if isinstance(value, Fraction):
        return step
    size = abs(Fraction(value))
    if size == 0:
        return step
    unit = step
    while (size / (unit * 10)).denominator == 1:
        unit *= 10
    return unit


def as_fraction(value: Number) -> Fraction:
    """Return ``value`` as an exact fraction (a share in words as a percentage)."""
    if isinstance(value, Fraction):
        return value * 100
    return Fraction(value)


def interval(value: Number, qualifier: Qualifier = Qualifier.ROUNDED) -> Interval:
    """Return the interval of true values that ``value``, worded by ``qualifier``, allows.

    A :class:`~fractions.Fraction` is a share in words (``Fraction(1, 2)``,
    "de helft") and is read as a percentage. A negative value keeps its sign.

    >>> found = interval(29, Qualifier.MORE_THAN)
    >>> (29 in found, Fraction(2999, 100) in found, 30 in found)
    (True, True, False)
    >>> interval(Fraction(1, 2))
    Interval(low=Fraction(95, 2), high=Fraction(105, 2), low_open=False, high_open=False)
    """
    number = as_fraction(value)
    if number < 0:
        return interval(-value, qualifier).negated()
    step, unit = printed_step(value), round_unit(value)
    if qualifier is Qualifier.MORE_THAN:
        return Interval(number, number + unit, high_open=True)
    if qualifier is Qualifier.ALMOST:
        return Interval(number - unit, number, low_open=True, high_open=True)
    half = (unit if qualifier is Qualifier.ABOUT else step) / 2
    return Interval(number - half, number + half)
