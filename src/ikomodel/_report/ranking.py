"""The one ranking of a table's rows: the most cases first, ties by report order, ties kept.

Every top list of the library comes from here: :meth:`~ikomodel.Table.top`,
:meth:`~ikomodel.AnnualReport.top_countries`, the country tables of the
command line's text and Markdown, the row order of a country table in HTML,
and the top-countries charts. (CSV and data frames hold every figure in key
order.)

The rule, stated once:

* a row is ranked by its count; over several columns (a grid that shows both
  directions) by the sum of its counts. Only counts a reader can see count:
  a suppressed figure (``None``) adds nothing;
* a row whose count is 0 is not ranked: it counted nobody;
* the highest count comes first; rows with equal counts follow in report
  order, which for countries is their ISO 3166-1 alpha-2 code;
* a top ``n`` is the first ``n`` ranked rows and every row tied with the
  ``n``-th on count: no country is left out of a top list that has as many
  cases as one shown, so a top 10 can hold 11 or more rows. Every rendering
  (tables, text, HTML, charts) shows the same countries;
* a table that shows ``n`` countries shows them in this order too, with the
  countries that are not ranked (0, or hidden) after the ranked ones, by
  code, when there is room; rows that are not a country (merged small
  countries) come last.

The functions are pure: they read counts and return keys in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from ikomodel._core.countries import is_alpha2
from ikomodel._report.tables import RowKey

_K = TypeVar("_K", bound=RowKey)


def _itself(key: RowKey) -> Any:
    return key


def rank(
    counts: Mapping[_K, int], n: int | None = None, *, order: Callable[[_K], Any] = _itself
) -> tuple[tuple[_K, int], ...]:
    """Return the rows with a count above 0, the highest first, ties by ``order``; the top ``n``.

    ``order`` gives a row's place in the report (by default the key itself:
    an ISO code or a year). The top ``n`` holds every row tied with the
    ``n``-th (see :func:`top`).

    >>> rank({"TR": 2, "MA": 2, "BE": 5, "DE": 0})
    (('BE', 5), ('MA', 2), ('TR', 2))
    >>> rank({"TR": 2, "MA": 2, "BE": 5}, 2)
    (('BE', 5), ('MA', 2), ('TR', 2))
    >>> rank({"TR": 1, "MA": 2, "BE": 5}, 2)
    (('BE', 5), ('MA', 2))
    """
    ranked = tuple(
        sorted(
            ((key, count) for key, count in counts.items() if count > 0),
            key=lambda item: (-item[1], order(item[0])),
        )
    )
    return ranked if n is None else top(ranked, n)


_R = TypeVar("_R")


def top(ranked: tuple[tuple[_R, int], ...], n: int) -> tuple[tuple[_R, int], ...]:
    """Return the first ``n`` of ``ranked`` rows and every later row tied with the ``n``-th.

    >>> top((("BE", 5), ("MA", 2), ("TR", 2), ("US", 1)), 2)
    (('BE', 5), ('MA', 2), ('TR', 2))
    >>> top((("BE", 5),), 0)
    ()
    """
    if n <= 0:
        return ()
    if len(ranked) <= n:
        return ranked
    last = ranked[n - 1][1]
    end = n
    while end < len(ranked) and ranked[end][1] == last:
        end += 1
    return ranked[:end]


@attrs.frozen(kw_only=True)
class CountryRanking:
    """The rows of a country table in ranked order.

    Attributes:
        ranked: The countries with a count above 0, the most first, ties by ISO code.
        unranked: The countries without a count above 0 (0, or hidden), by ISO code.
        others: The rows that are not a country (merged small countries), in table order.
    """

    ranked: tuple[tuple[str, int], ...]
    unranked: tuple[str, ...]
    others: tuple[RowKey, ...]

    def top(self, n: int) -> tuple[tuple[str, int], ...]:
        """Return the first ``n`` ranked countries with their counts, and any tied with the last."""
        return top(self.ranked, n)

    @property
    def order(self) -> tuple[RowKey, ...]:
        """Every row: the ranked countries, then the unranked ones, then the other rows."""
        return (*self.countries, *self.others)

    @property
    def countries(self) -> tuple[str, ...]:
        """Every country: the ranked ones, then the unranked ones."""
        return (*(code for code, _ in self.ranked), *self.unranked)


def rank_countries(
    cells: Mapping[tuple[RowKey, str], int | None], columns: Iterable[str]
) -> CountryRanking:
    """Rank the rows of a country table by their counts in ``columns``.

    ``cells`` maps ``(row, column)`` to a count, or to ``None`` for a
    suppressed figure (which adds nothing to a row's count).

    >>> cells = {("TR", "to"): 2, ("MA", "to"): 2, ("BE", "to"): 5, ("DE", "to"): 0,
    ...          ("other_countries", "to"): 9}
    >>> ranking = rank_countries(cells, ["to"])
    >>> ranking.top(2), ranking.countries[:2], ranking.order
    ((('BE', 5), ('MA', 2), ('TR', 2)), ('BE', 'MA'), ('BE', 'MA', 'TR', 'DE', 'other_countries'))
    """
    wanted = set(columns)
    rows: dict[RowKey, None] = {}
    counts: dict[str, int] = {}
    for (row, column), value in cells.items():
        rows[row] = None
        if isinstance(row, str) and is_alpha2(row):
            counts.setdefault(row, 0)
            if column in wanted and value is not None:
                counts[row] += value
    ranked = rank(counts)
    placed = {code for code, _ in ranked}
    return CountryRanking(
        ranked=ranked,
        unranked=tuple(sorted(code for code in counts if code not in placed)),
        others=tuple(row for row in rows if not (isinstance(row, str) and is_alpha2(row))),
    )
