"""The tables of the annual report: their row and column vocabularies and specifications.

The vocabularies a classification rule answers in (age bands, directions,
initiating parties, client groups, came back, treaty status) live with their
rules in :mod:`ikomodel._rules.classify` and :mod:`ikomodel._rules.treaty`;
the rest are declared here.

Every table of an :class:`~ikomodel.AnnualReport` has a stable slug (the key
of the figures file format, of data-frame rows and of suppression markers),
a Dutch and an English title, the report section it reproduces, the kind of
its row keys (a vocabulary, ISO 3166-1 alpha-2 country codes, or years) and
its columns. :data:`TABLE_SPECS` lists the tables of the annual report in
report order, the tables :func:`~ikomodel.annual_report` computes from a
register; :data:`TABLES` also holds the tables of figures published apart
from the annual report (the summer-holiday press release), which a register
cannot compute. The code names a table by its :class:`TableId`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Literal

import attrs

from ikomodel._core import vocabulary as _vocabulary
from ikomodel._core.countries import is_alpha2
from ikomodel._core.errors import NotFoundError
from ikomodel._core.vocabulary import (
    Category,
    Channel,
    ClosureReason,
    Lang,
    MediationKind,
    NotStartedReason,
    TakingPerson,
    Vocabulary,
    _labels,
)
from ikomodel._rules.classify import AgeBand, CameBack, ClientGroup, Direction, InitiatingParty
from ikomodel._rules.treaty import TreatyStatus

RowKey = str | int
"""A row key: a vocabulary member (a ``str``), a country code, ``"unknown"`` or a year."""

UNKNOWN = "unknown"
"""The row key of parts whose class is not known (e.g. no taking person recorded)."""

RowKind = Literal["country", "year"]
"""Open row kinds: ISO 3166-1 alpha-2 codes, or report years."""

FIRST_YEAR = 1990
"""The earliest report year a table row may name (the Netherlands joined the 1980 Convention)."""
LAST_YEAR = _vocabulary.LAST_YEAR
"""The last report year a table row may name: the last year ikomodel reasons about."""

PREVENTION_SPAN = 4
"""Years in the multi-year prevention table, ending with the report year (2018-2021 in 2021)."""


def span_years(year: int, span: int = PREVENTION_SPAN) -> range:
    """Return the years of the multi-year prevention tables of report ``year`` (within bounds).

    >>> list(span_years(2021))
    [2018, 2019, 2020, 2021]
    """
    return range(max(FIRST_YEAR, year - span + 1), min(year, LAST_YEAR) + 1)


class TableId(enum.StrEnum):
    """The identity of a table of the annual report: its stable slug.

    Private. A member equals, hashes and formats as its slug, so a string
    works wherever a member is expected. The records of a report (a
    :class:`~ikomodel.Table`, a :class:`~ikomodel.FigureRef`, a report's
    tables) keep plain strings; the specifications (:attr:`TableSpec.slug`,
    the keys of :data:`TABLES`) hold members, whose ``repr`` is their
    slug's and which pickle as plain strings, so nothing public names this
    private class.

    Adding a table: a member here, its :class:`TableSpec` in
    :data:`TABLE_SPECS`, its counting in ``_report.aggregate`` and its
    relations to other figures in ``_report.relations``. A table that a
    register cannot compute (figures published apart from the annual report)
    has its specification in ``PRESS_TABLE_SPECS`` instead, and no counting.
    """

    CONTACTS = "contacts"
    CONTACTS_BY_CLIENT = "contacts_by_client"
    FIRST_LINE = "first_line"
    SECOND_LINE = "second_line"
    SECOND_LINE_FLOW = "second_line_flow"
    SECOND_LINE_CLOSED = "second_line_closed"
    PREVENTION = "prevention"
    PREVENTION_CAME_BACK = "prevention_came_back"
    PREVENTION_YEARS = "prevention_years"
    PREVENTION_YEARS_BY_INITIATOR = "prevention_years_by_initiator"
    RELOCATION = "relocation"
    RELOCATION_COUNTRIES = "relocation_countries"
    ABDUCTIONS = "abductions"
    ABDUCTIONS_BY_AGE = "abductions_by_age"
    ABDUCTIONS_BY_TREATY = "abductions_by_treaty"
    ABDUCTIONS_BY_DIRECTION = "abductions_by_direction"
    ABDUCTIONS_COUNTRIES = "abductions_countries"
    ACCESS = "access"
    ACCESS_COUNTRIES = "access_countries"
    MEDIATION = "mediation"
    MEDIATION_NOT_STARTED = "mediation_not_started"
    SUMMER_ABDUCTIONS = "summer_abductions"
    SUMMER_ABDUCTIONS_BY_DIRECTION = "summer_abductions_by_direction"
    SUMMER_ABDUCTIONS_COUNTRIES = "summer_abductions_countries"

    def __repr__(self) -> str:
        return repr(self.value)

    def __reduce_ex__(self, protocol: object) -> tuple[type[str], tuple[str]]:
        return str, (self.value,)


class Measure(Vocabulary):
    """What a column counts, where the column is not itself a vocabulary member."""

    CASES = "cases"
    CHILDREN = "children"
    CONTACTS = "contacts"
    CAME_BACK = "came_back"
    REQUESTS = "requests"
    PENDING = "pending"
    NOT_STARTED = "not_started"
    STARTED = "started"
    IN_INTAKE = "in_intake"
    STOPPED = "stopped"
    MEDIATIONS = "mediations"
    CONCLUDED = "concluded"
    SUCCESSFUL = "successful"
    RUNNING = "running"
    CHILD_INTERVIEWS = "child_interviews"
    CHILDREN_HEARD = "children_heard"


_labels(
    Measure,
    {
        "cases": ("Zaken", "Cases"),
        "children": ("Kinderen", "Children"),
        "contacts": ("Contacten", "Contacts"),
        "came_back": ("Teruggekomen als ontvoering", "Came back as an abduction"),
        "requests": ("Verzoeken", "Requests"),
        "pending": ("Nog geen besluit", "Awaiting a decision"),
        "not_started": ("Niet gestart", "Not started"),
        "started": ("Gestart (intake)", "Started (intake)"),
        "in_intake": ("Nog in intake", "Still in intake"),
        "stopped": ("Gestopt na intake of niet geschikt", "Stopped after intake or unsuitable"),
        "mediations": ("Mediations", "Mediations"),
        "concluded": ("Afgerond", "Concluded"),
        "successful": ("Geslaagd", "Successful"),
        "running": ("Loopt nog door", "Still running"),
        "child_interviews": ("Kindgesprekken", "Child interviews"),
        "children_heard": ("Kinderen gehoord", "Children heard"),
    },
)


class CaseFlow(Vocabulary):
    """The flow of second-line cases through a year (report section 1.2)."""

    CLOSED_IN_YEAR = "closed_in_year"
    CARRIED_OVER = "carried_over"
    EARLIER_STILL_OPEN = "earlier_still_open"


_labels(
    CaseFlow,
    {
        "closed_in_year": ("In hetzelfde jaar gesloten", "Closed in the same year"),
        "carried_over": ("Meegenomen naar volgend jaar", "Carried over to the next year"),
        "earlier_still_open": (
            "Uit eerdere jaren nog in behandeling",
            "From earlier years, still open",
        ),
    },
)


class ParentsTogether(Vocabulary):
    """Both parents together as the taking persons ("ouders samen"), a row of older reports.

    Reports before 2018 counted abductions by both parents together (for
    instance of a child placed in care) in a row of their own (section 1.5
    of those reports). A register records no such taking person, so a
    computed report never has the row; a published table may state it.
    """

    BOTH_PARENTS = "both_parents"


_labels(ParentsTogether, {"both_parents": ("Ouders samen", "Both parents together")})


def _parse_year(raw: object) -> int:
    if isinstance(raw, str) and raw.isdecimal():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not FIRST_YEAR <= raw <= LAST_YEAR:
        raise ValueError(f"a year from {FIRST_YEAR} to {LAST_YEAR}, such as 2021")
    return raw


@attrs.frozen(kw_only=True)
class TableSpec:
    """The specification of one table of the annual report.

    Attributes:
        slug: Stable key of the table.
        title_nl: Dutch title.
        title_en: English title.
        section: The report section (or chart) the table reproduces.
        rows: The vocabulary of the row keys, or ``"country"`` / ``"year"``.
        columns: The columns, each a vocabulary member.
        unknown_row: Whether the row ``"unknown"`` is allowed besides the vocabulary.
        parts: The rows that add up to the column totals; ``None`` for every row.
        extra_rows: Rows that older publications use besides the vocabulary
            (``both_parents``); parts of the totals that a report need not
            state, and that a register never computes.
        part_of_year: Whether the figures cover a period within the report
            year (the summer holiday), which a table names as its ``period``.
    """

    slug: TableId
    title_nl: str
    title_en: str
    section: str
    rows: type[Vocabulary] | RowKind
    columns: tuple[Vocabulary, ...]
    unknown_row: bool = False
    parts: frozenset[str] | None = None
    extra_rows: tuple[Vocabulary, ...] = ()
    part_of_year: bool = False
    # Looked up for every cell a table is built with: by value, not by a scan of enum members
    # (an enum member's ``value`` is a Python-level property).
    _column_of: dict[str, Vocabulary] = attrs.field(init=False, eq=False, repr=False)
    _position: dict[RowKey, int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_column_of", {str(c.value): c for c in self.columns})
        object.__setattr__(self, "_position", {row: i for i, row in enumerate(self.all_rows)})

    def title(self, lang: Lang = "en") -> str:
        """Return the title in ``lang``.

        >>> TABLES["first_line"].title("nl")
        'Eerstelijnszaken per categorie'
        """
        return self.title_nl if lang == "nl" else self.title_en

    @property
    def closed(self) -> bool:
        """Whether the row keys are a closed vocabulary (not countries or years)."""
        return not isinstance(self.rows, str)

    @property
    def row_keys(self) -> tuple[RowKey, ...]:
        """The rows of a closed table in report order (``()`` for countries and years).

        These are the rows a computed table has; a published one may also
        state the :attr:`extra_rows` (see :attr:`all_rows`).
        """
        if isinstance(self.rows, str):
            return ()
        keys: tuple[RowKey, ...] = tuple(self.rows)
        return (*keys, UNKNOWN) if self.unknown_row else keys

    @property
    def all_rows(self) -> tuple[RowKey, ...]:
        """Every row a table may state, in report order: the vocabulary, the extra rows, unknown.

        >>> TABLES["abductions"].all_rows
        (<TakingPerson.MOTHER: 'mother'>, <TakingPerson.FATHER: 'father'>, \
<TakingPerson.RELATIVE: 'relative'>, <ParentsTogether.BOTH_PARENTS: 'both_parents'>, 'unknown')
        """
        if isinstance(self.rows, str):
            return ()
        keys: tuple[RowKey, ...] = (*self.rows, *self.extra_rows)
        return (*keys, UNKNOWN) if self.unknown_row else keys

    def is_optional(self, row: RowKey) -> bool:
        """Return whether ``row`` is a part a complete statement need not name (unknown, extra)."""
        return row == UNKNOWN or row in self.extra_rows

    def column(self, raw: object) -> Vocabulary:
        """Return the column ``raw`` names.

        Raises:
            ValueError: ``raw`` is not a column of this table.
        """
        try:
            return self._column_of[raw]  # type: ignore[index]
        except (KeyError, TypeError):  # not a column, or not even a key
            raise ValueError("one of: " + ", ".join(self.columns)) from None

    def row(self, raw: object) -> RowKey:
        """Return the normalised row key ``raw`` names (a member, country code or year).

        Raises:
            ValueError: ``raw`` is not a row of this table; the message says what is.
        """
        if self.rows == "year":
            return _parse_year(raw)
        if self.rows == "country":
            if not is_alpha2(raw):
                raise ValueError("an ISO 3166-1 alpha-2 country code such as 'MA'")
            assert isinstance(raw, str)
            return raw
        assert not isinstance(self.rows, str)
        if self.unknown_row and raw == UNKNOWN:
            return UNKNOWN
        for extra in self.extra_rows:
            if raw == extra.value:
                return extra
        try:
            return self.rows(str(raw))
        except ValueError:
            raise ValueError("one of: " + ", ".join(map(str, self.row_keys))) from None

    def is_part(self, row: RowKey) -> bool:
        """Return whether ``row`` is one of the parts that add up to the totals."""
        return self.parts is None or row in self.parts

    def sort_key(self, row: RowKey) -> tuple[int, str]:
        """Return a key that puts rows in report order."""
        if self._position:
            try:
                return (self._position[row], "")
            except KeyError:
                raise ValueError(f"{row!r} is not a row of {self.slug}") from None
        if isinstance(row, int):
            return (row, "")
        return (0, row)


_CASES_CHILDREN = (Measure.CASES, Measure.CHILDREN)
_DIRECTIONS = (Direction.TO_NETHERLANDS, Direction.FROM_NETHERLANDS)

TABLE_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        slug=TableId.CONTACTS,
        title_nl="Contacten per kanaal",
        title_en="Contacts by channel",
        section="1.2",
        rows=Channel,
        columns=(Measure.CONTACTS,),
    ),
    TableSpec(
        slug=TableId.CONTACTS_BY_CLIENT,
        title_nl="Contacten per kanaal en soort cliënt",
        title_en="Contacts by channel and kind of client",
        section="1.2",
        rows=ClientGroup,
        columns=(Channel.TELEPHONE, Channel.EMAIL),
    ),
    TableSpec(
        slug=TableId.FIRST_LINE,
        title_nl="Eerstelijnszaken per categorie",
        title_en="First-line cases by category",
        section="1.7",
        rows=Category,
        columns=_CASES_CHILDREN,
    ),
    TableSpec(
        slug=TableId.SECOND_LINE,
        title_nl="Tweedelijnszaken per categorie",
        title_en="Second-line cases by category",
        section="1.7",
        rows=Category,
        columns=_CASES_CHILDREN,
    ),
    TableSpec(
        slug=TableId.SECOND_LINE_FLOW,
        title_nl="Verloop tweedelijnszaken",
        title_en="Flow of second-line cases",
        section="1.2",
        rows=CaseFlow,
        columns=(Measure.CASES,),
        parts=frozenset({CaseFlow.CLOSED_IN_YEAR, CaseFlow.CARRIED_OVER}),
    ),
    TableSpec(
        slug=TableId.SECOND_LINE_CLOSED,
        title_nl="In hetzelfde jaar gesloten tweedelijnszaken per reden",
        title_en="Second-line cases closed in the same year, by reason",
        section="1.2",
        rows=ClosureReason,
        columns=(Measure.CASES,),
    ),
    TableSpec(
        slug=TableId.PREVENTION,
        title_nl="Preventie advieszaken per initiatiefnemer",
        title_en="Prevention cases by initiating party",
        section="1.3",
        rows=InitiatingParty,
        columns=_CASES_CHILDREN,
    ),
    TableSpec(
        slug=TableId.PREVENTION_CAME_BACK,
        title_nl="Preventiezaken die terugkwamen als ontvoering",
        title_en="Prevention cases that came back as an abduction",
        section="Voorwoord, 1.3",
        rows=CameBack,
        columns=(Measure.CASES,),
        unknown_row=True,
    ),
    TableSpec(
        slug=TableId.PREVENTION_YEARS,
        title_nl="Preventie advieszaken over meerdere jaren",
        title_en="Prevention cases over several years",
        section="1.3",
        rows="year",
        columns=(Measure.CASES, Measure.CHILDREN, Measure.CAME_BACK),
    ),
    TableSpec(
        slug=TableId.PREVENTION_YEARS_BY_INITIATOR,
        title_nl="Preventie advieszaken per jaar en initiatiefnemer",
        title_en="Prevention cases by year and initiating party",
        section="1.3 (chart)",
        rows="year",
        columns=tuple(InitiatingParty),
    ),
    TableSpec(
        slug=TableId.RELOCATION,
        title_nl="Toestemming vertrek per initiatiefnemer",
        title_en="Relocation permission cases by initiating party",
        section="1.4",
        rows=InitiatingParty,
        columns=_CASES_CHILDREN,
    ),
    TableSpec(
        slug=TableId.RELOCATION_COUNTRIES,
        title_nl="Toestemming vertrek per land",
        title_en="Relocation permission cases by country",
        section="1.4",
        rows="country",
        columns=_DIRECTIONS,
    ),
    TableSpec(
        slug=TableId.ABDUCTIONS,
        title_nl="Kinderontvoeringszaken per ontvoerende persoon",
        title_en="Abduction cases by taking person",
        section="1.5",
        rows=TakingPerson,
        columns=_CASES_CHILDREN,
        unknown_row=True,
        extra_rows=(ParentsTogether.BOTH_PARENTS,),
    ),
    TableSpec(
        slug=TableId.ABDUCTIONS_BY_AGE,
        title_nl="Ontvoerde kinderen per leeftijd",
        title_en="Abducted children by age band",
        section="1.5",
        rows=AgeBand,
        columns=(Measure.CHILDREN,),
        unknown_row=True,
    ),
    TableSpec(
        slug=TableId.ABDUCTIONS_BY_TREATY,
        title_nl="Kinderontvoeringen naar Verdragslanden en niet-Verdragslanden",
        title_en="Abductions involving Convention and non-Convention states",
        section="1.5",
        rows=TreatyStatus,
        columns=_CASES_CHILDREN,
    ),
    TableSpec(
        slug=TableId.ABDUCTIONS_BY_DIRECTION,
        title_nl="Kinderontvoeringen naar en vanuit Nederland",
        title_en="Abductions to and from the Netherlands",
        section="1.5",
        rows=Direction,
        columns=_CASES_CHILDREN,
    ),
    TableSpec(
        slug=TableId.ABDUCTIONS_COUNTRIES,
        title_nl="Kinderontvoeringen per land",
        title_en="Abductions by country",
        section="1.5",
        rows="country",
        columns=_DIRECTIONS,
    ),
    TableSpec(
        slug=TableId.ACCESS,
        title_nl="Internationale omgangszaken per initiatiefnemer",
        title_en="International access cases by initiating party",
        section="1.6",
        rows=InitiatingParty,
        columns=_CASES_CHILDREN,
    ),
    TableSpec(
        slug=TableId.ACCESS_COUNTRIES,
        title_nl="Internationale omgangszaken per land",
        title_en="International access cases by country",
        section="1.6",
        rows="country",
        columns=_DIRECTIONS,
    ),
    TableSpec(
        slug=TableId.MEDIATION,
        title_nl="Crossborder mediation",
        title_en="Cross-border mediation",
        section="Mediation",
        rows=MediationKind,
        columns=(
            Measure.REQUESTS,
            Measure.PENDING,
            Measure.NOT_STARTED,
            Measure.STARTED,
            Measure.IN_INTAKE,
            Measure.STOPPED,
            Measure.MEDIATIONS,
            Measure.CONCLUDED,
            Measure.SUCCESSFUL,
            Measure.RUNNING,
            Measure.CHILD_INTERVIEWS,
            Measure.CHILDREN_HEARD,
        ),
    ),
    TableSpec(
        slug=TableId.MEDIATION_NOT_STARTED,
        title_nl="Niet gestarte mediations per reden",
        title_en="Mediations that did not start, by reason",
        section="Mediation",
        rows=NotStartedReason,
        columns=(MediationKind.IKO, MediationKind.NIKO),
    ),
)
"""Every table of the annual report, in report order: those ``annual_report`` computes."""

SUMMER_SECTION = "Persbericht zomervakantie"
"""Where the summer-holiday figures are published: a press release each autumn."""

PRESS_TABLE_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        slug=TableId.SUMMER_ABDUCTIONS,
        title_nl="Kinderontvoeringen in de zomervakantie per ontvoerende persoon",
        title_en="Abductions in the summer holiday by taking person",
        section=SUMMER_SECTION,
        rows=TakingPerson,
        columns=_CASES_CHILDREN,
        unknown_row=True,
        extra_rows=(ParentsTogether.BOTH_PARENTS,),
        part_of_year=True,
    ),
    TableSpec(
        slug=TableId.SUMMER_ABDUCTIONS_BY_DIRECTION,
        title_nl="Kinderontvoeringen in de zomervakantie naar en vanuit Nederland",
        title_en="Abductions in the summer holiday to and from the Netherlands",
        section=SUMMER_SECTION,
        rows=Direction,
        columns=_CASES_CHILDREN,
        part_of_year=True,
    ),
    TableSpec(
        slug=TableId.SUMMER_ABDUCTIONS_COUNTRIES,
        title_nl="Kinderontvoeringen in de zomervakantie per land",
        title_en="Abductions in the summer holiday by country",
        section=SUMMER_SECTION,
        rows="country",
        columns=_DIRECTIONS,
        part_of_year=True,
    ),
)
"""Tables of figures published apart from the annual report, which a register cannot compute.

The summer-holiday press release (each autumn) gives the abductions reported
during the summer holiday: their number, the taking persons, the directions
and the countries. A register records no holiday period, so
:func:`~ikomodel.annual_report` leaves these tables absent.
"""

TABLES: Mapping[str, TableSpec] = {spec.slug: spec for spec in (*TABLE_SPECS, *PRESS_TABLE_SPECS)}
"""Every table a report can hold, by slug (each key a :class:`TableId`, equal to its string).

The tables of the annual report (:data:`TABLE_SPECS`, in report order), then
the summer-holiday tables of the press releases, which only a publication
gives.
"""


def table_spec(slug: str) -> TableSpec:
    """Return the specification of table ``slug``.

    Raises:
        NotFoundError: there is no table ``slug``.

    >>> table_spec("abductions").section
    '1.5'
    """
    try:
        return TABLES[slug]
    except (KeyError, TypeError):
        raise NotFoundError(f"no table {slug!r}; tables: " + ", ".join(TABLES)) from None
