"""Small-count suppression: publish a report so that no small count can be recovered.

A table cell of 1 for a small country can identify a child. :func:`suppress`
hides such cells in three steps:

1. **Collapsing** (optional): in the country tables, countries whose row
   adds up to less than ``collapse`` are merged into one
   :data:`OTHER_COUNTRIES` row.
2. **Primary suppression**: every cell from 1 to ``threshold - 1`` is hidden.
   A 0 is published: it counts nobody.
3. **Secondary suppression**: more cells are hidden until every hidden
   figure is protected against a determined reader (``_disclosure.reader``:
   every published figure, the relations of the one catalogue that
   reconciliation checks, ``_report.relations``, the published zeros, so a
   hidden count is at least 1, and the earlier reports given). Given all
   that, every hidden figure's feasible interval is at least the protection
   level wide, and a hidden small count's reaches the protection level
   above its value and as far below as the figure can go (interval
   protection, as in tau-argus). A hidden figure short of that gets a
   partner: the cheapest published figure in a relation with it (a cell
   before a total, then the smallest) that protects it, or else the one
   that widens its interval most. A 0 is never a partner: a 0 hides
   nobody, and a reader knows a hidden count is not 0.

   Each check runs over the rationals first (quick, and a rational interval
   too narrow settles it: it holds the whole-number one) and then in whole
   numbers, by exact branch and bound (``_disclosure.solver``): an interval
   wide enough over the rationals but not in whole numbers gets a partner
   too. So the guarantee holds in whole numbers, as :func:`~ikomodel.audit`
   checks it, with or without SciPy. The one limit: a figure whose relations
   leave nothing more to hide (every figure in them hidden, a 0, or
   published by an earlier report given in ``earlier``) keeps the interval
   it has; without ``earlier`` that never falls short, as a group of hidden
   figures tied only to 0s has no upper bound and reaches its least value.

Published totals stay the true totals; hidden cells have the status
``suppressed`` and no value, never 0. :func:`feasible_ranges` shows what a
reader can still work out about each hidden figure: the least and greatest
value given everything published, computed exactly by linear programming
(the solver is ``_disclosure.solver``); :func:`~ikomodel.audit` checks the
same by integer programming with another solver (``_disclosure.audit``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from ikomodel._core.display import Html, render, to_html
from ikomodel._core.errors import NotFoundError, Problem, ValidationError
from ikomodel._core.vocabulary import Lang, Taxonomy, Vocabulary, _labels
from ikomodel._disclosure import reader as reader_model
from ikomodel._disclosure import solver
from ikomodel._disclosure.solver import FigureKey, Relation
from ikomodel._report import relations
from ikomodel._report.labels import SUPPRESSION_MARK, phrase, row_label, taxonomy_notes
from ikomodel._report.relations import FigureRelation, SameFigure
from ikomodel._report.report import AnnualReport
from ikomodel._report.statements import FigureRef
from ikomodel._report.tables import TABLES, RowKey

OTHER_COUNTRIES = "other_countries"
_CONTRADICTION = (
    "the published figures contradict their relations: no counts of 1 or more fit "
    "(a hidden figure is never 0; was a 0 hidden?)"
)
_DIFFERENT_EDITION = (
    "the earlier reports do not fit this report's figures: no counts of 1 or more satisfy "
    "both (are they suppressed from another edition of the data?)"
)
"""The row key of the countries merged by collapsing."""


class FigureStatus(Vocabulary):
    """Whether a figure of a suppressed report is shown."""

    PUBLISHED = "published"
    SUPPRESSED = "suppressed"
    ABSENT = "absent"


_labels(
    FigureStatus,
    {
        "published": ("Gepubliceerd", "Published"),
        "suppressed": ("Geheim (klein aantal)", "Suppressed (small count)"),
        "absent": ("Niet beschikbaar", "Not available"),
    },
)


@attrs.frozen(kw_only=True)
class SuppressedTable:
    """One table of a suppressed report: published values, hidden cells marked.

    Attributes:
        slug: The table's slug.
        cells: Every cell by ``(row, column)``: its count, or ``None`` when suppressed.
        totals: The true stated totals by column (``None`` only in the rare
            case that a total had to be hidden to protect a cell).
        collapsed: The country rows merged into :data:`OTHER_COUNTRIES`.
    """

    slug: str
    cells: Mapping[tuple[RowKey, str], int | None]
    totals: Mapping[str, int | None]
    collapsed: tuple[RowKey, ...] = ()

    @property
    def rows(self) -> tuple[RowKey, ...]:
        """The rows, in report order (:data:`OTHER_COUNTRIES` last)."""
        return tuple(dict.fromkeys(row for row, _ in self.cells))

    def get(self, row: RowKey | None, column: str) -> int | None:
        """Return a published figure (``row=None`` for the total); ``None`` if hidden or absent."""
        if row is None:
            return self.totals.get(column)
        return self.cells.get((row, column))

    def status(self, row: RowKey | None, column: str) -> FigureStatus:
        """Return whether figure ``(row, column)`` is published, suppressed or absent."""
        if row is None:
            present, value = column in self.totals, self.totals.get(column)
        else:
            present, value = (row, column) in self.cells, self.cells.get((row, column))
        if not present:
            return FigureStatus.ABSENT
        return FigureStatus.PUBLISHED if value is not None else FigureStatus.SUPPRESSED

    def to_html(self, lang: Lang = "en") -> Html:
        """Return the table as escaped HTML with ``lang`` labels, suppressed cells marked."""
        return to_html(self, lang)

    def _repr_html_(self) -> str:
        return render(self)

    def text(self, row: RowKey | None, column: str) -> str:
        """Return the figure as printed: the count, :data:`SUPPRESSION_MARK`, or ``""``."""
        status = self.status(row, column)
        if status is FigureStatus.SUPPRESSED:
            return SUPPRESSION_MARK
        return "" if status is FigureStatus.ABSENT else str(self.get(row, column))


def suppressed_row_label(row: RowKey | None, lang: Lang = "en") -> str:
    """Return the display label of a row of a suppressed table.

    >>> suppressed_row_label(OTHER_COUNTRIES, "nl")
    'Overige landen'
    """
    if row == OTHER_COUNTRIES:
        return phrase("other_countries", lang)
    return row_label(row, lang)


@attrs.frozen(kw_only=True)
class SuppressedReport:
    """An annual report ready for publication: small counts hidden.

    The hidden values are not kept anywhere in this object.

    Attributes:
        year: The report year.
        threshold: Cells from 1 to ``threshold - 1`` were suppressed.
        protection: The protection level the hidden cells have (see :func:`suppress`).
        tables: The tables, by slug.
        relations: The relations between figures that a reader can use, as
            taken into account by the secondary suppression.
        taxonomies: The case taxonomy of each year the report counts, as in
            the report suppressed (:attr:`AnnualReport.taxonomies
            <ikomodel.AnnualReport.taxonomies>`). Not compared by ``==``.
    """

    year: int
    threshold: int
    protection: int
    tables: Mapping[str, SuppressedTable]
    relations: tuple[Relation, ...] = attrs.field(repr=False)
    taxonomies: Mapping[int, Taxonomy] = attrs.field(factory=dict, eq=False, repr=False)

    def notes(self, lang: Lang = "en") -> tuple[str, ...]:
        """Return the remarks a reader needs with the figures.

        As :meth:`AnnualReport.notes <ikomodel.AnnualReport.notes>` does.
        """
        return taxonomy_notes(self.taxonomies, lang)

    def __getitem__(self, slug: str) -> SuppressedTable:
        """Return table ``slug``.

        Raises:
            NotFoundError: the report has no table ``slug``.
        """
        try:
            return self.tables[slug]
        except KeyError:
            raise NotFoundError(
                f"no table {slug!r} in this report; tables: " + ", ".join(self.tables)
            ) from None

    def to_html(self, lang: Lang = "en") -> Html:
        """Return the report as short, escaped HTML with ``lang`` labels; hidden cells marked."""
        return to_html(self, lang)

    def _repr_html_(self) -> str:
        return render(self)

    def get(self, table: str, row: RowKey | None, column: str) -> int | None:
        """Return a published figure, or ``None`` when it is suppressed or absent."""
        return self[table].get(row, column)

    def status(self, table: str, row: RowKey | None, column: str) -> FigureStatus:
        """Return the status of a figure."""
        return self[table].status(row, column) if table in self.tables else FigureStatus.ABSENT

    @property
    def suppressed(self) -> tuple[FigureKey, ...]:
        """Every suppressed figure, table by table."""
        return tuple(key for key, value in _figures(self.tables).items() if value is None)


def _figures(tables: Mapping[str, SuppressedTable]) -> dict[FigureKey, int | None]:
    figures: dict[FigureKey, int | None] = {}
    for slug, table in tables.items():
        for (row, column), value in table.cells.items():
            figures[slug, row, column] = value
        for column, total in table.totals.items():
            figures[slug, None, column] = total
    return figures


# --- the relations a reader can use -------------------------------------------------------


def _key(ref: FigureRef) -> FigureKey:
    return ref.table, ref.row, ref.column


def _usable(
    relation: FigureRelation,
    values: Mapping[FigureKey, int],
    columns: Mapping[tuple[str, str], Sequence[FigureKey]],
) -> Relation | None:
    """Return catalogue ``relation`` as a reader of the figures ``values`` can use it, if at all.

    ``columns`` holds the part cells of each country column (the collapsed
    row included). A figure the report does not state is unknown, 0 or more:
    a sum with one of its parts absent tells only that the whole is at least
    the parts present. A relation whose whole is absent or that names no
    part present tells nothing, and a breakdown's sum against the figure
    elsewhere (``only_without``) is used only when its own total is absent.
    """
    if isinstance(relation, SameFigure):
        whole, part = _key(relation.reference), _key(relation.figure)
        return Relation(whole=whole, parts=(part,)) if whole in values and part in values else None
    whole = _key(relation.whole)
    if whole not in values or (
        relation.only_without is not None and _key(relation.only_without) in values
    ):
        return None
    required = [_key(ref) for ref in relation.parts]
    parts = [key for key in required if key in values]
    parts += [key for ref in relation.optional if (key := _key(ref)) in values]
    for every in relation.every_row:
        parts += columns.get((every.table, every.column), ())
    if not parts:
        return None
    exact = not relation.subset and all(key in values for key in required)
    return Relation(whole=whole, parts=tuple(parts), exact=exact)


def _relations(
    report: AnnualReport,
    cells: Mapping[str, Mapping[tuple[RowKey, str], int]],
    values: Mapping[FigureKey, int],
) -> tuple[Relation, ...]:
    """The relations of the catalogue (``_report.relations``) that ``values`` satisfy, once each.

    Relations the report's own figures do not satisfy (a published report
    that does not add up) tell a reader nothing exact and are left out.
    """
    columns: dict[tuple[str, str], list[FigureKey]] = {}
    for slug, keys in cells.items():
        if TABLES[slug].rows == "country":
            for row, column in keys:
                columns.setdefault((slug, column), []).append((slug, row, column))
    usable = (_usable(relation, values, columns) for relation in relations.of_report(report))
    return tuple(dict.fromkeys(r for r in usable if r is not None and r.holds(values)))


def _protects(
    value: int,
    low: Fraction,
    high: Fraction | None,
    *,
    primary: bool,
    protection: int,
    floor: int = 1,
) -> bool:
    """Whether a hidden figure of ``value`` with feasible interval ``[low, high]`` is protected.

    Every hidden figure's interval is at least ``protection`` wide; a primary
    (small) figure's reaches ``protection`` above its value, and as far
    below as the figure can go: ``protection`` below, or down to ``floor``,
    the least it can be when every count it is made of is hidden
    (:func:`floors`).
    """
    if high is not None and high - low < protection:
        return False
    if not primary:
        return True
    return (high is None or high >= value + protection) and low <= max(floor, value - protection)


def floors(values: Mapping[FigureKey, int], relations: Sequence[Relation]) -> dict[FigureKey, int]:
    """A quick lower bound of each figure when every count of 1 or more is hidden.

    A figure is at least 1 when it is not 0, and at least the floors of the
    parts of a relation it is the whole of: a total of two hidden counts is 2
    or more whatever else is hidden. The exact least value with everything
    hidden, the limit of lower protection, is at least this one.
    """
    parts_of: dict[FigureKey, list[tuple[FigureKey, ...]]] = {}
    for relation in relations:
        parts_of.setdefault(relation.whole, []).append(relation.parts)
    found: dict[FigureKey, int] = {}

    def floor(key: FigureKey, visiting: frozenset[FigureKey]) -> int:
        if key in found:
            return found[key]
        if values.get(key, 0) <= 0 or key in visiting:
            return 0
        inner = visiting | {key}
        least = max([1, *(sum(floor(p, inner) for p in parts) for parts in parts_of.get(key, ()))])
        if not visiting:
            found[key] = least
        return least

    return {key: floor(key, frozenset()) for key in values}


def _protect(
    system: solver.System,
    primary: Iterable[FigureKey],
    order: Mapping[FigureKey, int],
    *,
    protection: int,
    reader: reader_model.Model,
) -> set[FigureKey]:
    """Return the primary figures plus the secondary ones that protect them.

    The reader's model (``reader``) has every hidden figure at least 1 (a 0
    is never hidden). A hidden figure of this report whose feasible interval
    is too narrow (:func:`_protects`) gets a partner: among the published
    figures of the relations that bind it, the cheapest (a cell before a
    total, then the smallest count) that makes it protected, or else the one
    that widens its interval most. Figures an earlier report published are
    never partners: their value is out. Protected means protected in whole
    numbers (``safe``): the rational interval first, then branch and bound.
    """
    small = set(primary)
    hidden = small | set(reader.hidden_before)
    totals = {key for key in order if key[1] is None}
    hopeless: set[FigureKey] = set()
    least = floors(system.values, system.relations)
    exact: dict[FigureKey, int] = {}

    every = {key for key in order if system.values[key] > 0} | set(reader.unknown)

    def floor(key: FigureKey) -> int:
        """The least ``key`` can be with every count of 1 or more hidden, in whole numbers."""
        if key not in exact:
            exact[key] = system.least(key, every)
        return exact[key]

    def safe(key: FigureKey, variables: set[FigureKey]) -> bool:
        """Whether ``key`` is protected: first over the rationals, then in whole numbers.

        The rational interval holds the whole-number one, so a rational
        interval too narrow settles it; otherwise branch and bound decides
        (``solver.System.reaches``), undecided counting as too narrow.
        """
        low, high = system.range(key, variables)
        value = system.values[key]
        primary = key in small
        if not _protects(
            value, low, high, primary=primary, protection=protection, floor=least[key]
        ):
            if not primary or least[key] == floor(key):
                return False
            if not _protects(
                value, low, high, primary=True, protection=protection, floor=floor(key)
            ):
                return False
        if not primary:  # at least the protection level wide
            if high is None:
                return True  # no upper bound over the rationals, so none in whole numbers
            lowest = system.lowest(key, variables)
            return system.reaches(key, variables, lowest + protection, above=True)
        if high is not None and not system.reaches(key, variables, value + protection, above=True):
            return False
        below = max(least[key], value - protection)
        if not system.reaches(key, variables, below, above=False):
            exactly = max(floor(key), value - protection)
            return exactly != below and system.reaches(key, variables, exactly, above=False)
        return True

    def cost(key: FigureKey) -> tuple[bool, int, int]:
        return key in totals, system.values[key], order[key]

    def width(key: FigureKey, variables: set[FigureKey]) -> tuple[bool, Fraction]:
        low, high = system.range(key, variables)
        return high is None, Fraction(0) if high is None else high - low

    while True:
        variables = hidden | reader.unknown
        target = next(
            (
                key
                for key in sorted(hidden, key=order.__getitem__)
                if key not in hopeless and not safe(key, variables)
            ),
            None,
        )
        if target is None:
            return hidden
        _, indices = system.component(target, variables)
        pool = sorted(
            {
                key
                for index in indices
                for key in system.relations[index].keys
                if key in order
                and key not in variables
                and key not in reader.shown
                and system.values[key] > 0
            },
            key=cost,
        )
        if not pool:
            hopeless.add(target)
            continue
        chosen = next((key for key in pool if safe(target, variables | {key})), None)
        if chosen is None:
            chosen = max(pool, key=lambda key: (width(target, variables | {key}), -pool.index(key)))
        hidden.add(chosen)


# --- the public functions -----------------------------------------------------------------


def _check_counts(threshold: object, collapse: object, protection: object = None) -> None:
    problems: list[Problem] = []
    for name, value, optional in (
        ("threshold", threshold, False),
        ("collapse", collapse, True),
        ("protection", protection, True),
    ):
        if optional and value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems.append(
                Problem(path=name, message=f"{name} is a whole number of 1 or more, such as 5")
            )
    if problems:
        raise ValidationError(problems)


def _collapsed(
    slug: str, cells: Mapping[tuple[RowKey, str], int], collapse: int | None
) -> tuple[dict[tuple[RowKey, str], int], tuple[RowKey, ...]]:
    if collapse is None or TABLES[slug].rows != "country":
        return dict(cells), ()
    sizes: dict[RowKey, int] = {}
    for (row, _), value in cells.items():
        sizes[row] = sizes.get(row, 0) + value
    small = tuple(row for row, size in sizes.items() if size < collapse)
    if not small:
        return dict(cells), ()
    result: dict[tuple[RowKey, str], int] = {}
    other: dict[str, int] = {}
    for (row, column), value in cells.items():
        if row in small:
            other[column] = other.get(column, 0) + value
        else:
            result[row, column] = value
    for column, value in other.items():
        result[OTHER_COUNTRIES, column] = value
    return result, small


def suppress(
    report: AnnualReport,
    *,
    threshold: int,
    collapse: int | None = None,
    protection: int | None = None,
    earlier: Sequence[SuppressedReport] = (),
) -> SuppressedReport:
    """Return ``report`` ready for publication, its small counts hidden.

    Args:
        report: The report to publish (computed or published figures).
        threshold: The smallest count that may be shown; every cell from 1 to
            ``threshold - 1`` is suppressed (primary suppression). No default:
            the threshold is a policy decision.
        collapse: When given, country rows adding up to less than ``collapse``
            are first merged into one :data:`OTHER_COUNTRIES` row.
        protection: The protection level (default: ``threshold``). Given
            everything published, a hidden small cell of value ``v`` can be
            anything from 1 (or from ``v - protection``, if that is more) to
            ``v + protection`` or more, and every hidden figure's range is at
            least ``protection`` wide (:func:`audit` checks this).
        earlier: The suppressed reports of earlier years that this report
            republishes rows of (the multi-year prevention tables). A
            republished figure an earlier report hid is hidden again; one it
            published is never hidden as a partner (its value is out); and
            the earlier reports' relations count as what a reader knows.

    Then more cells are suppressed (secondary suppression) until every
    suppressed figure is protected, as a reader who knows all published
    figures, the relations between them, and that a hidden count is at least
    1 (a 0 is published) would work it out (see :func:`feasible_ranges`).
    Totals are published as they are; only when a cell cannot be protected
    otherwise is a total suppressed too. Relations that the report's own
    figures do not satisfy (a published report that does not add up) are
    not used: they tell a reader nothing exact.

    Raises:
        ValidationError: ``threshold``, ``collapse`` or ``protection`` is not a
            whole number of 1 or more, or the ``earlier`` reports do not fit
            this one's figures (another edition of the data).

    >>> from ikomodel import Table
    >>> report = AnnualReport(year=2021, tables={"abductions": Table(slug="abductions",
    ...     cells={("mother", "cases"): 9, ("father", "cases"): 2, ("relative", "cases"): 4,
    ...            ("unknown", "cases"): 0}, totals={"cases": 15})})
    >>> published = suppress(report, threshold=3)["abductions"]
    >>> [published.text(row, "cases") for row in ("mother", "father", "relative", "unknown")]
    ['9', 'x', 'x', '0']
    >>> suppress(report, threshold=3).protection
    3
    >>> published.get(None, "cases")
    15
    """
    _check_counts(threshold, collapse, protection)
    level = threshold if protection is None else protection
    cells: dict[str, dict[tuple[RowKey, str], int]] = {}
    collapsed: dict[str, tuple[RowKey, ...]] = {}
    values: dict[FigureKey, int] = {}
    order: dict[FigureKey, int] = {}
    for slug, table in report.tables.items():
        cells[slug], collapsed[slug] = _collapsed(slug, table.cells, collapse)
        for (row, column), value in cells[slug].items():
            order[slug, row, column] = len(order)
            values[slug, row, column] = value
        for column, value in table.totals.items():
            order[slug, None, column] = len(order)
            values[slug, None, column] = value
    usable = _relations(report, cells, values)
    reader = reader_model.model(report.year, values, usable, earlier)
    primary = [
        key
        for key, value in values.items()
        if key[1] is not None and 0 < value < threshold and key not in reader.shown
    ]
    system = solver.System({**reader.known, **values}, reader.relations)
    try:
        hidden = _protect(system, primary, order, protection=level, reader=reader)
    except solver.Contradiction as error:  # only earlier reports can disagree with the report
        raise ValidationError(
            [Problem(path=f"earlier: {error.args[0]}", message=_DIFFERENT_EDITION)]
        ) from None
    tables = {
        slug: SuppressedTable(
            slug=slug,
            cells={
                (row, column): None if (slug, row, column) in hidden else value
                for (row, column), value in cells[slug].items()
            },
            totals={
                column: None if (slug, None, column) in hidden else value
                for column, value in table.totals.items()
            },
            collapsed=collapsed[slug],
        )
        for slug, table in report.tables.items()
    }
    return SuppressedReport(
        year=report.year,
        threshold=threshold,
        protection=level,
        tables=tables,
        relations=usable,
        taxonomies=report.taxonomies,
    )


def feasible_ranges(
    published: SuppressedReport,
) -> dict[FigureKey, tuple[Fraction, Fraction | None]]:
    """Return, for each suppressed figure, the least and greatest value a reader can derive.

    The reader knows every published figure, the relations between figures
    and that a hidden count is 1 or more (a 0 is published); ``None`` as the
    upper end means no upper bound. After :func:`suppress` the two ends
    differ for every figure. :func:`~ikomodel.audit` gives the whole-number
    intervals by integer programming.

    Raises:
        ValidationError: no counts of 1 or more fit the published figures
            and their relations (for example a hidden 0).

    >>> from ikomodel import Table
    >>> report = AnnualReport(year=2021, tables={"abductions": Table(slug="abductions",
    ...     cells={("mother", "cases"): 9, ("father", "cases"): 2, ("relative", "cases"): 4,
    ...            ("unknown", "cases"): 0}, totals={"cases": 15})})
    >>> ranges = feasible_ranges(suppress(report, threshold=3))
    >>> ranges["abductions", "father", "cases"]
    (Fraction(1, 1), Fraction(5, 1))
    """
    figures = _figures(published.tables)
    hidden = {key for key, value in figures.items() if value is None}
    known = {key: value for key, value in figures.items() if value is not None}
    system = solver.System(known, published.relations)
    try:
        return {key: system.range(key, hidden) for key in published.suppressed}
    except solver.Contradiction as error:
        raise ValidationError([Problem(path=str(error.args[0]), message=_CONTRADICTION)]) from None
