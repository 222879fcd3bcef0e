"""The rules across the records of a register: unique ids, case links, the year's taxonomy.

Each check first asks the question of all records at once in C-level passes
(``map``, ``set``, ``dict``) and only walks the records one by one, to name
each offending record, when the answer is no. Paths name the collection and
index (``contacts[7].case_id``). The records are only read through the few
attributes each check needs.

The functions here are the internal interface of these rules (not in
``ikomodel.__all__``): the register calls them, and the aggregation calls
`check_taxonomy` to check the taxonomy a report of a year is given.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Container, Iterable, Sequence
from typing import Protocol, TypeVar

from ikomodel._core.errors import Problem, UnknownYearError, quote_id
from ikomodel._core.vocabulary import TAXONOMIES, Category, Taxonomy, taxonomy_for


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


class _Categorised(Protocol):
    @property
    def opened(self) -> dt.date: ...

    @property
    def category(self) -> Category: ...


class _Linked(Protocol):
    @property
    def case_id(self) -> str | None: ...


_R = TypeVar("_R", bound=_Identified)

_ID = operator.attrgetter("id")
_CASE_ID = operator.attrgetter("case_id")
_YEAR_AND_CATEGORY = operator.attrgetter("opened.year", "category")
_IS_NOT_NONE = functools.partial(operator.is_not, None)


def index_by_id(records: Sequence[_R], collection: str, problems: list[Problem]) -> dict[str, _R]:
    """Return the records by id, the first of each id; report every later duplicate."""
    index = dict(zip(map(_ID, records), records, strict=True))
    if len(index) == len(records):
        return index  # every id is unique
    first: dict[str, int] = {}
    for i, record in enumerate(records):
        if record.id in first:
            problems.append(
                Problem(
                    path=f"{collection}[{i}].id",
                    message=f"duplicate id {quote_id(record.id)} (first used at {collection}"
                    f"[{first[record.id]}]); ids are unique in a register",
                )
            )
        else:
            first[record.id] = i
    return {record_id: records[i] for record_id, i in first.items()}


def check_unique(
    records: Sequence[_Identified], collection: str, problems: list[Problem]
) -> set[str]:
    """Report every record whose id an earlier record of ``records`` has; return the ids.

    A set, not a dict of the records: at a million records the table no
    longer fits the processor's caches, and a set is about half the memory
    traffic of a dict (the index by id is built when it is first needed).
    """
    ids = set(map(_ID, records))
    if len(ids) != len(records):
        index_by_id(records, collection, problems)
    return ids


def check_taxonomy(
    cases: Sequence[_Categorised],
    problems: list[Problem],
    taxonomies: Iterable[Taxonomy] = TAXONOMIES,
    years: Container[int] | None = None,
) -> None:
    """Check that each case's category is in the taxonomy of the year it was opened.

    The taxonomy of a year is the first of ``taxonomies`` that covers it.
    With ``years``, only the cases opened in those years are checked.
    """
    known = tuple(taxonomies)
    by_year: dict[int, Taxonomy | str] = {}  # the year's taxonomy, or why there is none

    def taxonomy_of(year: int) -> Taxonomy | str:
        taxonomy = by_year.get(year)
        if taxonomy is None:
            try:
                taxonomy = taxonomy_for(year, known)
            except UnknownYearError as exc:
                taxonomy = str(exc)
            by_year[year] = taxonomy
        return taxonomy

    # Quick: the distinct (year, category) pairs, collected in C in one pass over
    # the cases; when each pair is in its year's taxonomy, no case breaks the rule.
    for year, category in set(map(_YEAR_AND_CATEGORY, cases)):
        if years is not None and year not in years:
            continue
        taxonomy = taxonomy_of(year)
        if isinstance(taxonomy, str) or category not in taxonomy:
            break
    else:
        return
    for i, case in enumerate(cases):
        if years is not None and case.opened.year not in years:
            continue
        taxonomy = taxonomy_of(case.opened.year)
        if isinstance(taxonomy, str):
            problems.append(Problem(path=f"cases[{i}].opened", message=taxonomy))
        elif case.category not in taxonomy:
            problems.append(
                Problem(
                    path=f"cases[{i}].category",
                    message=f"'{case.category}' is not a category in {case.opened.year} "
                    f"(taxonomy {taxonomy.name})",
                )
            )


def check_links(
    collection: str,
    records: Sequence[_Linked],
    cases: Container[str],
    problems: list[Problem],
) -> None:
    """Check that every ``case_id`` of ``records`` is one of the ids ``cases``."""
    if all(map(cases.__contains__, filter(_IS_NOT_NONE, map(_CASE_ID, records)))):
        return
    for i, record in enumerate(records):
        case_id = record.case_id
        if case_id is not None and case_id not in cases:
            problems.append(
                Problem(
                    path=f"{collection}[{i}].case_id",
                    message=f"no case with id {quote_id(case_id)} in this register",
                )
            )
