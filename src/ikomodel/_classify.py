"""Classification rules as pure functions: age, age bands, the Hague age limit.

Every rule takes records and an explicit date and returns a value: no clock,
no I/O. Each docstring names the legal or report source of the rule.
"""

from __future__ import annotations

import datetime as dt

from ikomodel._errors import ValidationError
from ikomodel._model import ADULT_AGE, Child, years_between
from ikomodel._vocabulary import Vocabulary, _labels

HAGUE_AGE_LIMIT = 16
"""The 1980 Convention stops applying when the child reaches this age (Art. 4)."""

SPECIAL_GUARDIAN_OLDER_THAN = 3
"""Policy, not law: the Mediation Bureau arranges a special guardian (bijzondere
curator) when the child is older than this many whole years (2021 report,
chapter Mediation; Art. 1:250 BW itself has no age limit)."""


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Return the age in whole years on ``on`` of someone born on ``birth_date``.

    A 29 February birthday is celebrated on 1 March in common years, as in
    :func:`ikomodel.Child.age_on`.

    Raises:
        ValidationError: ``on`` lies before ``birth_date``.

    >>> age_on(dt.date(2012, 2, 29), dt.date(2021, 2, 28)), age_on(dt.date(2012, 2, 29), dt.date(2021, 3, 1))
    (8, 9)
    """  # noqa: E501
    if on < birth_date:
        raise ValidationError.single(
            "on", "the date to compute an age on must not lie before the birth date"
        )
    return years_between(birth_date, on)


class AgeBand(Vocabulary):
    """The age bands of a child in an abduction case (2021 report, section 1.5).

    The report's first band reads "< 5 jaar of jonger"; ikomodel reads it as
    5 or younger, so the four bands partition the ages 0 to 17.
    """

    UP_TO_5 = "0_5"
    FROM_6_TO_12 = "6_12"
    FROM_13_TO_15 = "13_15"
    FROM_16_TO_17 = "16_17"

    @property
    def ages(self) -> range:
        """The whole ages in this band.

        >>> list(AgeBand.FROM_13_TO_15.ages)
        [13, 14, 15]
        """
        low, high = (int(part) for part in self.value.split("_"))
        return range(low, high + 1)


_labels(
    AgeBand,
    {
        "0_5": ("5 jaar of jonger", "5 or younger"),
        "6_12": ("6 t/m 12 jaar", "6 to 12"),
        "13_15": ("13 t/m 15 jaar", "13 to 15"),
        "16_17": ("16 en 17 jaar", "16 and 17"),
    },
)


def age_band(age: int) -> AgeBand:
    """Return the report's age band of a child aged ``age`` whole years.

    Raises:
        ValidationError: ``age`` is not a whole number from 0 to 17.

    >>> age_band(5), age_band(6), age_band(17)
    (<AgeBand.UP_TO_5: '0_5'>, <AgeBand.FROM_6_TO_12: '6_12'>, <AgeBand.FROM_16_TO_17: '16_17'>)
    """
    if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age < ADULT_AGE:
        raise ValidationError.single("age", "an age is a whole number of years from 0 to 17")
    for band in AgeBand:
        if age in band.ages:
            return band
    raise AssertionError("unreachable: the bands partition 0-17")  # pragma: no cover


def hague_applies_by_age(child: Child, removal_date: dt.date, on: dt.date) -> bool:
    """Return whether the 1980 Convention can apply to ``child`` by age (Art. 4).

    The child must be under 16 at the date of the wrongful removal or
    retention, and the Convention "shall cease to apply when the child attains
    the age of 16 years", even while proceedings are pending: so the child
    must still be under 16 on ``on``, the date of the decision or of the
    question.

    Raises:
        ValidationError: ``on`` lies before ``removal_date``.

    >>> child = Child(id="c-1", birth_date=dt.date(2006, 3, 1))
    >>> hague_applies_by_age(child, dt.date(2021, 12, 1), dt.date(2022, 2, 28))
    True
    >>> hague_applies_by_age(child, dt.date(2021, 12, 1), dt.date(2022, 3, 1))
    False
    """
    if on < removal_date:
        raise ValidationError.single(
            "on", "the decision date must not lie before the date of removal or retention"
        )
    return child.age_on(removal_date) < HAGUE_AGE_LIMIT and child.age_on(on) < HAGUE_AGE_LIMIT


def special_guardian_indicated(
    child: Child, on: dt.date, *, older_than: int = SPECIAL_GUARDIAN_OLDER_THAN
) -> bool:
    """Return whether a special guardian (bijzondere curator) is indicated for ``child``.

    The Mediation Bureau arranges one "in die gevallen waarin het kind ouder
    was dan drie jaar" (2021 report, chapter Mediation). This is an agreed
    policy, not law (Art. 1:250 BW has no age limit), so the threshold is a
    keyword argument: the child's age in whole years on ``on`` must exceed
    ``older_than``.

    >>> child = Child(id="c-1", birth_date=dt.date(2017, 6, 1))
    >>> special_guardian_indicated(child, dt.date(2021, 6, 1)), special_guardian_indicated(
    ...     child, dt.date(2021, 5, 31), older_than=2)
    (True, True)
    >>> special_guardian_indicated(child, dt.date(2021, 5, 31))
    False
    """
    return child.age_on(on) > older_than
