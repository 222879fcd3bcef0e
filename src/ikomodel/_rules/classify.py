"""Classification rules as pure functions: age, line, direction, initiating party of a case.

Every rule takes records and an explicit date and returns a value: no clock,
no I/O. Each docstring names the legal or report source of the rule. The
treaty rules live in :mod:`ikomodel._rules.treaty`; a case's own line and
openness on a date in :mod:`ikomodel._core.records`.

Each rule is stated once, here. Besides the public functions (exported by
:mod:`ikomodel`), this module offers the annual-report aggregation a small
internal interface: the rules on the inputs they read rather than on a
record, so that the aggregation can apply each once per distinct input
(:func:`route`, :func:`treaty_class`, :func:`initiating_party_of`,
:func:`came_back_answer`, :func:`client_group`). These names have no leading
underscore but are internal to the package: they are not in
``ikomodel.__all__`` and may change without notice.
"""

from __future__ import annotations

import datetime as dt

from ikomodel._core.errors import ValidationError
from ikomodel._core.records import ADULT_AGE, Case, Child, years_between
from ikomodel._core.vocabulary import PARENTS, Category, ClientKind, Line, Vocabulary, _labels
from ikomodel._rules.reference import KINGDOM_PARTS
from ikomodel._rules.treaty import TreatyStatus, treaty_status

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

    >>> leap_day = dt.date(2012, 2, 29)
    >>> age_on(leap_day, dt.date(2021, 2, 28)), age_on(leap_day, dt.date(2021, 3, 1))
    (8, 9)
    """
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


def age_reference_date(case: Case) -> dt.date:
    """Return the date the annual report takes a child's age at: removal, else opening.

    The report sorts abducted children into age bands by their age on the
    date of the wrongful removal or retention, or the opening date when
    none is recorded; :func:`case_treaty_status` looks at the other country
    on the same date. Minimising with this date keeps every age band.

    >>> from ikomodel import Party, Role
    >>> case = Case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.SECOND,
    ...             category=Category.ABDUCTION, removal_date=dt.date(2021, 2, 14),
    ...             parties=(Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,)),))
    >>> age_reference_date(case)
    datetime.date(2021, 2, 14)
    """
    return case.removal_date or case.opened


def hague_applies_by_age(child: Child, removal_date: dt.date, on: dt.date) -> bool:
    """Return whether the 1980 Convention can apply to ``child`` by age (Art. 4).

    The child must be under 16 at the date of the wrongful removal or
    retention, and the Convention "shall cease to apply when the child attains
    the age of 16 years", even while proceedings are pending: so the child
    must still be under 16 on ``on``, the date of the decision or of the
    question. For a child recorded only with an age at a date, the age is the
    lower bound of :meth:`ikomodel.Child.age_on`.

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


SIMPLE_CATEGORIES: frozenset[Category] = frozenset(
    {Category.HOLIDAY_PERMISSION, Category.GENERAL_ADVICE}
)
"""Categories whose questions are first-line unless the situation is complex
(2021 report, section 1.1: questions about travel documents and about consent
to travel with a minor). Every other category is a "complexere situatie":
(threatened) abduction, international relocation, international access and
related problems."""


def line_for(initiator: ClientKind, category: Category, *, is_complex: bool | None = None) -> Line:
    """Return the line a new case is registered on (2021 report, section 1.1).

    - Relatives, friends or neighbours and professionals: first line ("worden
      in eerste instantie ook als eerstelijnszaak geregistreerd"); a case
      moves to the second line later by :func:`escalate`.
    - Parents: second line for complex situations, first line otherwise. By
      default the category decides: holiday permission and general advice
      (:data:`SIMPLE_CATEGORIES`) are simple, every other category is
      complex. ``is_complex`` overrides that judgement for one case, e.g.
      ``True`` for a refused holiday permission (the report's 11 "complex"
      holiday cases) or ``False`` for a simple question in a complex category.

    >>> line_for(ClientKind.MOTHER, Category.HOLIDAY_PERMISSION)
    <Line.FIRST: 'first'>
    >>> line_for(ClientKind.FATHER, Category.HOLIDAY_PERMISSION, is_complex=True)
    <Line.SECOND: 'second'>
    >>> line_for(ClientKind.PROFESSIONAL, Category.ABDUCTION)
    <Line.FIRST: 'first'>
    """
    if initiator not in {ClientKind.MOTHER, ClientKind.FATHER}:
        return Line.FIRST
    complex_situation = category not in SIMPLE_CATEGORIES if is_complex is None else is_complex
    return Line.SECOND if complex_situation else Line.FIRST


class Direction(Vocabulary):
    """Where a child was (to be) taken, seen from the Netherlands (2021 report, section 1.5).

    "The Netherlands" is any part of the Kingdom: the Kingdom is the one
    Contracting State, and moves between its parts are ``within_kingdom``.
    """

    TO_NETHERLANDS = "to_netherlands"
    FROM_NETHERLANDS = "from_netherlands"
    WITHIN_KINGDOM = "within_kingdom"
    BETWEEN_OTHER_STATES = "between_other_states"
    DOMESTIC = "domestic"
    UNKNOWN = "unknown"


_labels(
    Direction,
    {
        "to_netherlands": ("Naar Nederland", "To the Netherlands"),
        "from_netherlands": ("Vanuit Nederland", "From the Netherlands"),
        "within_kingdom": ("Binnen het Koninkrijk", "Within the Kingdom"),
        "between_other_states": ("Tussen twee andere landen", "Between two other states"),
        "domestic": ("Binnen één land", "Within one country"),
        "unknown": ("Onbekend", "Unknown"),
    },
)


def direction(case: Case) -> Direction:
    """Return the direction of ``case`` from its habitual residence to its destination.

    ``unknown`` when either country is missing: a missing country is never
    guessed to be the Netherlands. ``domestic`` when both are the same
    country (e.g. a domestic abduction within the Netherlands).

    >>> from ikomodel import Party, Role
    >>> case = Case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.SECOND,
    ...     category=Category.ABDUCTION, habitual_residence="NL", destination="MA",
    ...     parties=(Party(kind=ClientKind.FATHER, roles=(Role.INITIATOR,)),))
    >>> direction(case)
    <Direction.FROM_NETHERLANDS: 'from_netherlands'>
    """
    return route(case.habitual_residence, case.destination)[0]


def other_country(case: Case) -> str | None:
    """Return the country on the far side of ``case``, seen from the Netherlands.

    The destination for a case from the Netherlands, between other states or
    within the Kingdom; the habitual residence for a case to the Netherlands;
    with one country missing, the known one if it lies outside the Kingdom;
    ``None`` otherwise.

    >>> from ikomodel import Party, Role
    >>> case = Case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.SECOND,
    ...     category=Category.ABDUCTION, habitual_residence="PL", destination="NL",
    ...     parties=(Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,)),))
    >>> other_country(case)
    'PL'
    """
    return route(case.habitual_residence, case.destination)[1]


def route(origin: str | None, destination: str | None) -> tuple[Direction, str | None]:
    """Return the :func:`direction` and the :func:`other_country` of a move between two countries.

    The rules of both functions read only a case's habitual residence
    (``origin``) and destination, so an aggregation can apply them once per
    distinct pair of countries.

    >>> route("NL", "MA")
    (<Direction.FROM_NETHERLANDS: 'from_netherlands'>, 'MA')
    >>> route(None, "CW")
    (<Direction.UNKNOWN: 'unknown'>, None)
    """
    if origin is None or destination is None:
        known = destination or origin
        return (
            Direction.UNKNOWN,
            known if known is not None and known not in KINGDOM_PARTS else None,
        )
    if origin == destination:
        return Direction.DOMESTIC, destination
    home_origin, home_destination = origin in KINGDOM_PARTS, destination in KINGDOM_PARTS
    if home_origin and home_destination:
        return Direction.WITHIN_KINGDOM, destination
    if home_origin:
        return Direction.FROM_NETHERLANDS, destination
    if home_destination:
        return Direction.TO_NETHERLANDS, origin
    return Direction.BETWEEN_OTHER_STATES, destination


def case_treaty_status(case: Case, *, on: dt.date | None = None) -> TreatyStatus:
    """Return the report's treaty class of ``case`` (answer (a) of :func:`is_contracting_state`).

    The country is :func:`other_country`; the date is ``on``, else
    :func:`age_reference_date`: the date of removal or retention, else the
    date the case was opened (Art. 35 looks at the removal). A case within the
    Kingdom is ``within_kingdom`` and a case without a usable country is
    ``unknown``.

    >>> from ikomodel import Party, Role
    >>> case = Case(id="k-1", opened=dt.date(2021, 3, 1), line=Line.SECOND,
    ...     category=Category.ABDUCTION, habitual_residence="NL", destination="EG",
    ...     parties=(Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,)),))
    >>> case_treaty_status(case)
    <TreatyStatus.NON_CONTRACTING_STATE: 'non_contracting_state'>
    """
    way, country = route(case.habitual_residence, case.destination)
    return treaty_class(way, country, on or age_reference_date(case))


def treaty_class(way: Direction, country: str | None, on: dt.date) -> TreatyStatus:
    """Return the treaty class of a case going ``way`` with ``country`` on the far side, on ``on``.

    The rule of :func:`case_treaty_status` on its inputs (the direction, the
    :func:`other_country` and the date), so that an aggregation can apply it
    once per distinct combination.

    >>> treaty_class(Direction.FROM_NETHERLANDS, "EG", dt.date(2021, 3, 1))
    <TreatyStatus.NON_CONTRACTING_STATE: 'non_contracting_state'>
    """
    if way is Direction.WITHIN_KINGDOM:
        return TreatyStatus.WITHIN_KINGDOM
    if country is None:
        return TreatyStatus.UNKNOWN
    return treaty_status(country, on)


class InitiatingParty(Vocabulary):
    """Who opened a prevention, relocation or access case (report sections 1.3, 1.4, 1.6).

    The report names mothers and fathers and groups everyone else (relatives,
    friends, professionals, agencies) as the rest.
    """

    MOTHER = "mother"
    FATHER = "father"
    OTHER = "other"


_labels(
    InitiatingParty,
    {
        "mother": ("Moeder", "Mother"),
        "father": ("Vader", "Father"),
        "other": (
            "Overige (familie, derden, instanties)",
            "Others (relatives, third parties, agencies)",
        ),
    },
)


def initiating_party(case: Case) -> InitiatingParty:
    """Return the report's initiating party of ``case``: mother, father, or other.

    The kind of the case's initiator decides (:func:`initiating_party_of`).

    >>> from ikomodel import Party, Role
    >>> case = Case(id="z-1", opened=dt.date(2021, 3, 1), line=Line.SECOND,
    ...     category=Category.PREVENTION,
    ...     parties=(Party(kind=ClientKind.RELATIVE, roles=(Role.INITIATOR,)),))
    >>> initiating_party(case)
    <InitiatingParty.OTHER: 'other'>
    """
    return initiating_party_of(case.initiator.kind)


def initiating_party_of(kind: ClientKind) -> InitiatingParty:
    """Return the initiating party of a case whose initiator is of ``kind``.

    The rule of :func:`initiating_party` on the one field it reads: a mother
    or a father is named, every other kind is ``other``.

    >>> initiating_party_of(ClientKind.FATHER), initiating_party_of(ClientKind.PROFESSIONAL)
    (<InitiatingParty.FATHER: 'father'>, <InitiatingParty.OTHER: 'other'>)
    """
    if kind is ClientKind.MOTHER:
        return InitiatingParty.MOTHER
    if kind is ClientKind.FATHER:
        return InitiatingParty.FATHER
    return InitiatingParty.OTHER


class ClientGroup(Vocabulary):
    """The client groups of the contact counts (report section 1.2).

    Parents are mothers and fathers; relatives include friends and
    neighbours; professionals are every agency.
    """

    PARENTS = "parents"
    RELATIVES = "relatives"
    PROFESSIONALS = "professionals"


_labels(
    ClientGroup,
    {
        "parents": ("Ouders", "Parents"),
        "relatives": ("Familie, vrienden en buren", "Relatives, friends and neighbours"),
        "professionals": ("Professionals en instanties", "Professionals and agencies"),
    },
)


def client_group(kind: ClientKind) -> ClientGroup:
    """Return the report's client group of a client of ``kind`` (report section 1.2).

    Mothers and fathers (:data:`~ikomodel.PARENTS`) are parents; relatives,
    friends and neighbours are relatives; professionals are professionals.

    >>> client_group(ClientKind.FRIEND_OR_NEIGHBOUR)
    <ClientGroup.RELATIVES: 'relatives'>
    """
    return _CLIENT_GROUPS[kind]


_CLIENT_GROUPS: dict[ClientKind, ClientGroup] = {
    **dict.fromkeys(PARENTS, ClientGroup.PARENTS),
    ClientKind.RELATIVE: ClientGroup.RELATIVES,
    ClientKind.FRIEND_OR_NEIGHBOUR: ClientGroup.RELATIVES,
    ClientKind.PROFESSIONAL: ClientGroup.PROFESSIONALS,
}


class CameBack(Vocabulary):
    """Whether a prevention case later came back as an actual abduction (section 1.3)."""

    YES = "yes"
    NO = "no"


_labels(
    CameBack,
    {
        "yes": ("Teruggekomen als ontvoering", "Came back as an abduction"),
        "no": ("Niet teruggekomen", "Did not come back"),
    },
)


def came_back_answer(recorded: bool | None) -> CameBack | None:
    """Return whether a prevention case came back as an abduction, from what is ``recorded``.

    ``recorded`` is a case's ``came_back_as_abduction``: ``True`` came back,
    ``False`` did not, ``None`` is not known (``None`` here too). Only a case
    that came back counts as one that came back (2021 report, section 1.3).

    >>> came_back_answer(True), came_back_answer(False), came_back_answer(None)
    (<CameBack.YES: 'yes'>, <CameBack.NO: 'no'>, None)
    """
    if recorded is None:
        return None
    return CameBack.YES if recorded else CameBack.NO
