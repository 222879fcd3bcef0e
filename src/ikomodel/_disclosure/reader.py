"""What a reader of a suppressed report knows: the model that suppression and its audit share.

A determined reader of a publication knows:

* every published figure, of this report and of the earlier reports given;
* every relation between figures that the catalogue (``_report.relations``)
  states and that the published report keeps (:attr:`SuppressedReport.relations`),
  within and across tables;
* that a row of a multi-year table republished by a later report is the same
  figure in both (``relations.republished``), so the relations of the earlier
  report count as well;
* the suppression rule: a 0 is always published, so a hidden count is at
  least 1. A reader also knows that the cells from 1 to ``threshold - 1``
  are hidden, but not which hidden cells they are: a secondary cell can be
  any count of 1 or more, so the rule gives no upper bound.

:func:`model` writes this knowledge down: the figures whose value is known,
the unknowns (the hidden figures), and the relations between them. A figure
of an earlier report is named ``("YEAR:table", row, column)`` unless it is
the same figure as one of this report's, when it takes that figure's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from ikomodel._disclosure.solver import FigureKey, Relation
from ikomodel._report import relations

if TYPE_CHECKING:
    from ikomodel._disclosure.suppress import SuppressedReport


@attrs.frozen(kw_only=True)
class Model:
    """The reader's knowledge of a report together with earlier publications."""

    known: dict[FigureKey, int]
    """Every figure whose value the reader knows (earlier reports' under their own names)."""
    unknown: frozenset[FigureKey]
    """The hidden figures of earlier reports that are not figures of this one."""
    relations: tuple[Relation, ...]
    """This report's relations and the earlier reports', with republished figures shared."""
    shown: frozenset[FigureKey]
    """This report's figures that an earlier report published: their value is out."""
    hidden_before: frozenset[FigureKey]
    """This report's figures that an earlier report hid."""


def earlier_name(year: int, key: FigureKey) -> FigureKey:
    """The name, in the reader's model, of figure ``key`` of the earlier report of ``year``."""
    return (f"{year}:{key[0]}", key[1], key[2])


def figures(published: SuppressedReport) -> dict[FigureKey, int | None]:
    """Every figure a suppressed report states: its value, or ``None`` when hidden."""
    found: dict[FigureKey, int | None] = {}
    for slug, table in published.tables.items():
        for (row, column), value in table.cells.items():
            found[slug, row, column] = value
        for column, total in table.totals.items():
            found[slug, None, column] = total
    return found


def model(
    year: int,
    current: Mapping[FigureKey, int | None],
    own: Sequence[Relation],
    earlier: Sequence[SuppressedReport],
) -> Model:
    """Return the reader's knowledge of the report of ``year`` beside ``earlier`` reports.

    ``current`` holds this report's figures: the value of each, or ``None``
    for a figure whose value the reader does not know. A republished figure
    (``relations.republished``) is taken as the same figure as in an earlier
    report unless the two visibly differ (both published with other values,
    or a 0 now where the earlier report hid a count of 1 or more).
    """
    known: dict[FigureKey, int] = {k: v for k, v in current.items() if v is not None}
    unknown: set[FigureKey] = set()
    shown: set[FigureKey] = set()
    hidden_before: set[FigureKey] = set()
    rules = list(own)
    for report in earlier:
        if report.year >= year:
            continue
        names: dict[FigureKey, FigureKey] = {}
        for key, value in figures(report).items():
            now = current.get(key)
            same = (
                key in current
                and relations.republished(key[0], key[1], year)
                and (now is None or (value is None and now != 0) or value == now)
            )
            names[key] = key if same else earlier_name(report.year, key)
            if not same and value is None:
                unknown.add(names[key])
            elif not same and value is not None:
                known[names[key]] = value
            elif value is None:
                hidden_before.add(key)
            else:
                shown.add(key)
                known[key] = value
        for relation in report.relations:
            rules.append(
                Relation(
                    whole=names.get(relation.whole, earlier_name(report.year, relation.whole)),
                    parts=tuple(names.get(p, earlier_name(report.year, p)) for p in relation.parts),
                    exact=relation.exact,
                )
            )
    return Model(
        known=known,
        unknown=frozenset(unknown),
        relations=tuple(dict.fromkeys(rules)),
        shown=frozenset(shown),
        hidden_before=frozenset(hidden_before),
    )
