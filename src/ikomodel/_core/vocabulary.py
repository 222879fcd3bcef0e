"""Closed vocabularies of Centrum IKO's casework, as string enums.

Every enum's *value* is a stable lowercase ASCII slug: it is the wire format
in JSON documents and never changes. Dutch and English display labels live
beside the values and are available through :meth:`Vocabulary.label`.

`check_year` is internal (not in ``ikomodel.__all__``): the one check that a
report or case year lies within the years the centre can have worked in,
used by the records and the aggregation.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from ikomodel._core.errors import WORD_SHAPE, Problem, UnknownYearError, ValidationError, quote

Lang = Literal["nl", "en"]
"""A display language: Dutch (``"nl"``) or English (``"en"``)."""

# Keyed by (vocabulary, value): members of different vocabularies with the same
# value (e.g. ``ClosureReason.OTHER`` and ``Sex.OTHER``) are equal as strings.
_LABELS: dict[tuple[type[Vocabulary], str], tuple[str, str]] = {}


class Vocabulary(enum.StrEnum):
    """Base of every ikomodel vocabulary: a slug value with Dutch and English labels."""

    def label(self, lang: Lang = "en") -> str:
        """Return the display label of this member in ``lang`` (``"nl"`` or ``"en"``).

        >>> Category.PREVENTION.label("nl")
        'Preventie'
        """
        nl, en = _LABELS[type(self), self.value]
        if lang == "nl":
            return nl
        if lang == "en":
            return en
        raise ValidationError.single(
            "lang", f"unknown language {quote(lang, WORD_SHAPE)}; expected 'nl' or 'en'"
        )

    @property
    def label_nl(self) -> str:
        """The Dutch display label."""
        return self.label("nl")

    @property
    def label_en(self) -> str:
        """The English display label."""
        return self.label("en")


def _labels(vocabulary: type[Vocabulary], labels: Mapping[str, tuple[str, str]]) -> None:
    members = {m.value for m in vocabulary}
    if set(labels) != members:  # pragma: no cover - guarded by the test suite
        raise AssertionError(f"labels of {vocabulary.__name__} do not match its members")
    for value, pair in labels.items():
        _LABELS[vocabulary, vocabulary(value).value] = pair


class Line(Vocabulary):
    """First- or second-line case (report section 1.1)."""

    FIRST = "first"
    SECOND = "second"


_labels(Line, {"first": ("Eerstelijns", "First line"), "second": ("Tweedelijns", "Second line")})


class Category(Vocabulary):
    """The twelve case categories of report section 1.7, used by both lines."""

    ABDUCTION = "abduction"
    ABDUCTION_WITHIN_KINGDOM = "abduction_within_kingdom"
    DOMESTIC_ABDUCTION_OR_ACCESS = "domestic_abduction_or_access"
    ABDUCTION_BY_RELATIVE = "abduction_by_relative"
    PREVENTION = "prevention"
    INTERNATIONAL_ACCESS = "international_access"
    RELOCATION_PERMISSION = "relocation_permission"
    HOLIDAY_PERMISSION = "holiday_permission"
    LAWFUL_RELOCATION = "lawful_relocation"
    REFUTING_THREAT = "refuting_threat"
    MISSING_CHILD = "missing_child"
    GENERAL_ADVICE = "general_advice"


_labels(
    Category,
    {
        "abduction": ("Ontvoering", "Abduction"),
        "abduction_within_kingdom": (
            "Ontvoering binnen het Koninkrijk",
            "Abduction within the Kingdom",
        ),
        "domestic_abduction_or_access": (
            "Binnenlandse ontvoering/omgang",
            "Domestic abduction or access",
        ),
        "abduction_by_relative": ("Ontvoering door familie", "Abduction by a relative"),
        "prevention": ("Preventie", "Prevention"),
        "international_access": ("Internationale omgang", "International access"),
        "relocation_permission": ("Toestemming vertrek", "Permission to relocate"),
        "holiday_permission": ("Toestemming vakantie", "Permission for a holiday"),
        "lawful_relocation": ("Geoorloofde overbrenging", "Lawful relocation"),
        "refuting_threat": ("Weerleggen dreiging", "Refuting a threat"),
        "missing_child": ("Vermissing", "Missing child"),
        "general_advice": ("Algemeen advies", "General advice"),
    },
)

ABDUCTION_CATEGORIES: frozenset[Category] = frozenset(
    {
        Category.ABDUCTION,
        Category.ABDUCTION_WITHIN_KINGDOM,
        Category.ABDUCTION_BY_RELATIVE,
        Category.DOMESTIC_ABDUCTION_OR_ACCESS,
    }
)
"""Categories in which a child was (allegedly) taken: only these carry a taking person."""


class ClientKind(Vocabulary):
    """Who contacts the centre or takes part in a case (report section 1.1)."""

    MOTHER = "mother"
    FATHER = "father"
    RELATIVE = "relative"
    FRIEND_OR_NEIGHBOUR = "friend_or_neighbour"
    PROFESSIONAL = "professional"


_labels(
    ClientKind,
    {
        "mother": ("Moeder", "Mother"),
        "father": ("Vader", "Father"),
        "relative": ("Familielid", "Relative"),
        "friend_or_neighbour": ("Vriend/buur", "Friend or neighbour"),
        "professional": ("Professional/instantie", "Professional or agency"),
    },
)

PARENTS: frozenset[ClientKind] = frozenset({ClientKind.MOTHER, ClientKind.FATHER})
"""The client kinds that are parents."""


class AgencyKind(Vocabulary):
    """The kind of agency a professional client works for (report section 1.1)."""

    YOUTH_CARE = "youth_care"
    POLICE = "police"
    ROYAL_MARECHAUSSEE = "royal_marechaussee"
    IMMIGRATION_SERVICE = "immigration_service"
    LAWYER = "lawyer"
    REFUGEE_SUPPORT = "refugee_support"
    EDUCATION = "education"
    OTHER = "other"


_labels(
    AgencyKind,
    {
        "youth_care": ("Jeugdzorg/jeugdbescherming", "Youth care and child protection"),
        "police": ("Politie", "Police"),
        "royal_marechaussee": ("Koninklijke Marechaussee", "Royal Marechaussee"),
        "immigration_service": ("IND", "Immigration service"),
        "lawyer": ("Advocatuur", "Lawyer"),
        "refugee_support": ("Vluchtelingenwerk", "Refugee support"),
        "education": ("Onderwijs", "Education"),
        "other": ("Overige instantie", "Other agency"),
    },
)


class Role(Vocabulary):
    """The role a party plays in a case; one party can hold several roles."""

    INITIATOR = "initiator"
    TAKING_PARENT = "taking_parent"
    LEFT_BEHIND_PARENT = "left_behind_parent"
    THIRD_PARTY = "third_party"


_labels(
    Role,
    {
        "initiator": ("Initiatiefnemer contact", "Initiator of the contact"),
        "taking_parent": ("(Dreigende) ontvoerende ouder", "(Threatening) taking parent"),
        "left_behind_parent": (
            "(Dreigende) achterblijvende ouder",
            "(Threatened) left-behind parent",
        ),
        "third_party": ("Derde", "Third party"),
    },
)


class Channel(Vocabulary):
    """How a contact reached the centre (report section 1.2)."""

    TELEPHONE = "telephone"
    EMAIL = "email"


_labels(Channel, {"telephone": ("Telefoon", "Telephone"), "email": ("E-mail", "E-mail")})


class TakingPerson(Vocabulary):
    """Who took the child in an abduction (report section 1.5)."""

    MOTHER = "mother"
    FATHER = "father"
    RELATIVE = "relative"


_labels(
    TakingPerson,
    {
        "mother": ("Moeder", "Mother"),
        "father": ("Vader", "Father"),
        "relative": ("Familie", "Relative"),
    },
)


class ClosureReason(Vocabulary):
    """Why a second-line case was closed (report section 1.1)."""

    RESOLVED = "resolved"
    SUFFICIENTLY_INFORMED = "sufficiently_informed"
    UNREACHABLE = "unreachable"
    OTHER = "other"


_labels(
    ClosureReason,
    {
        "resolved": ("Opgelost", "Resolved"),
        "sufficiently_informed": ("Voldoende geïnformeerd", "Sufficiently informed"),
        "unreachable": ("Niet meer bereikbaar", "No longer reachable"),
        "other": ("Overig", "Other"),
    },
)


class Sex(Vocabulary):
    """A child's registered sex, where known."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


_labels(
    Sex, {"female": ("Meisje", "Girl"), "male": ("Jongen", "Boy"), "other": ("Anders", "Other")}
)


class MediationKind(Vocabulary):
    """The kind of a mediation request (chapter Mediation).

    ``IKO``: within an international child-abduction case; ``NIKO``: any other
    international family case (relocation, access, ...).
    """

    IKO = "iko"
    NIKO = "niko"


_labels(
    MediationKind,
    {
        "iko": ("IKO-verzoek", "Request in an abduction case (IKO)"),
        "niko": ("NIKO-verzoek", "Request in another case (NIKO)"),
    },
)


class MediationStage(Vocabulary):
    """A stage in the life of a mediation request (chapter Mediation)."""

    RECEIVED = "received"
    NOT_STARTED = "not_started"
    INTAKE = "intake"
    STOPPED = "stopped"
    IN_MEDIATION = "in_mediation"
    CONCLUDED = "concluded"


_labels(
    MediationStage,
    {
        "received": ("Verzoek ontvangen", "Request received"),
        "not_started": ("Niet gestart", "Not started"),
        "intake": ("Intake", "Intake"),
        "stopped": (
            "Gestopt na intake of niet geschikt",
            "Stopped after intake or found unsuitable",
        ),
        "in_mediation": ("Mediation", "In mediation"),
        "concluded": ("Afgerond", "Concluded"),
    },
)

MEDIATION_TRANSITIONS: Mapping[MediationStage, frozenset[MediationStage]] = {
    MediationStage.RECEIVED: frozenset({MediationStage.NOT_STARTED, MediationStage.INTAKE}),
    MediationStage.NOT_STARTED: frozenset(),
    MediationStage.INTAKE: frozenset({MediationStage.STOPPED, MediationStage.IN_MEDIATION}),
    MediationStage.STOPPED: frozenset(),
    MediationStage.IN_MEDIATION: frozenset({MediationStage.CONCLUDED}),
    MediationStage.CONCLUDED: frozenset(),
}
"""The stages a mediation request may move to from each stage."""


class MediationOutcome(Vocabulary):
    """The outcome of a mediation that started (chapter Mediation).

    The report counts a mediation as *successful* when it ends in a full
    agreement (vaststellingsovereenkomst) or a mirror agreement
    (spiegelovereenkomst).
    """

    FULL_AGREEMENT = "full_agreement"
    MIRROR_AGREEMENT = "mirror_agreement"
    NO_AGREEMENT = "no_agreement"
    RUNNING = "running"


_labels(
    MediationOutcome,
    {
        "full_agreement": ("Volledige overeenkomst", "Full agreement"),
        "mirror_agreement": ("Spiegelovereenkomst", "Mirror agreement"),
        "no_agreement": ("Geen overeenkomst", "No agreement"),
        "running": ("Loopt nog door", "Still running at year end"),
    },
)

SUCCESSFUL_OUTCOMES: frozenset[MediationOutcome] = frozenset(
    {MediationOutcome.FULL_AGREEMENT, MediationOutcome.MIRROR_AGREEMENT}
)
"""Outcomes the report counts as a successful mediation."""


class NotStartedReason(Vocabulary):
    """Why a requested mediation did not start (chapter Mediation)."""

    FINANCIAL = "financial"
    DISCOURAGED_BY_LAWYER = "discouraged_by_lawyer"
    INFORMATION_LATE = "information_late"
    PAYMENT_LATE = "payment_late"
    OTHER = "other"


_labels(
    NotStartedReason,
    {
        "financial": ("Financieel", "Financial"),
        "discouraged_by_lawyer": ("Ontmoedigd door advocaat", "Discouraged by a lawyer"),
        "information_late": ("Informatie niet tijdig", "Information not in time"),
        "payment_late": ("Facturen niet tijdig betaald", "Invoices not paid in time"),
        "other": ("Overig", "Other"),
    },
)


FOUNDING_YEAR = 2006
"""The year Centrum IKO began: no case is opened, and no year is reported on, before it.

Source: S. Labadie, "NGO/support services perspective: the importance of an
independent specialist centre on international family conflicts", chapter 23
of the *Research Handbook on International Child Abduction* (Edward Elgar,
2023): the centre was "founded in 2006 as an independent legal expertise
centre".
"""

LAST_YEAR = 2100
"""The last year ikomodel reasons about; a later year is refused as the far future."""


def _year_problem(year: int) -> str | None:
    """Why Centrum IKO can have no cases in ``year``, or ``None`` when it can."""
    if year < FOUNDING_YEAR:
        return f"Centrum IKO began in {FOUNDING_YEAR}"
    if year > LAST_YEAR:
        return f"the last year ikomodel reasons about is {LAST_YEAR}"
    return None


def check_year(year: int) -> int:
    """Return ``year`` when Centrum IKO can have cases and a report in it.

    >>> check_year(2021)
    2021

    Raises:
        UnknownYearError: ``year`` is before :data:`FOUNDING_YEAR` or after
            :data:`LAST_YEAR`.
    """
    why = _year_problem(year)
    if why is None:
        return year
    raise UnknownYearError(
        f"no year {year} of Centrum IKO: {why} (years from {FOUNDING_YEAR} to {LAST_YEAR})",
        year=year,
    )


def _categories(value: Iterable[Category | str]) -> frozenset[Category]:
    """The categories of a taxonomy, given as members or slugs."""
    try:
        return frozenset(Category(category) for category in value)
    except (TypeError, ValueError):
        raise ValidationError.single(
            "categories",
            "case categories, such as 'prevention' (one of: " + ", ".join(Category) + ")",
        ) from None


def _category_labels(
    value: Mapping[Category | str, tuple[str, str]],
) -> dict[Category, tuple[str, str]]:
    """The labels of a taxonomy's categories by member, each a (Dutch, English) pair."""
    labels: dict[Category, tuple[str, str]] = {}
    for key, pair in dict(value).items():
        try:
            category = Category(key)
        except ValueError:
            raise ValidationError.single(
                f"labels.{key}", "not a case category (one of: " + ", ".join(Category) + ")"
            ) from None
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2
            and all(isinstance(text, str) and text for text in pair)
        ):
            raise ValidationError.single(
                f"labels.{category}", "a (Dutch, English) pair of non-empty labels"
            )
        labels[category] = pair
    return labels


@attrs.frozen(kw_only=True)
class Taxonomy:
    """The case categories a span of report years uses, as data.

    Centrum IKO's categories may change over the years; a register checks
    each case against the taxonomy of the year it was opened, and a report
    of a year shows the categories of that year's taxonomy. A taxonomy no
    source confirms is *assumed*: the library accepts the cases of its years,
    and every report of them says so in a note
    (:meth:`AnnualReport.notes <ikomodel.AnnualReport.notes>`).

    Declare your own taxonomy for the years your records use another one,
    and pass it to :class:`~ikomodel.Register` and
    :func:`~ikomodel.annual_report` before the library's (the first taxonomy
    that covers a year applies):

    >>> older = Taxonomy(name="iko-2010", first_year=2010, last_year=2013,
    ...     categories=set(Category) - {Category.REFUTING_THREAT},
    ...     labels={"missing_child": ("Vermissing kind", "Missing child")})
    >>> taxonomy_for(2012, (older, *TAXONOMIES)).name
    'iko-2010'
    >>> older.label(Category.MISSING_CHILD, "nl"), older.label(Category.PREVENTION, "nl")
    ('Vermissing kind', 'Preventie')
    >>> taxonomy_for(2021).name, taxonomy_for(2016).assumed
    ('iko-2018', True)
    """

    name: str
    """A stable name of the taxonomy, e.g. ``iko-2018``."""
    first_year: int
    """The first report year that uses it."""
    last_year: int | None
    """The last report year that uses it; ``None`` while it is still in use."""
    categories: frozenset[Category] = attrs.field(converter=_categories)
    """The case categories it has (members or their slugs); at least one."""
    labels: Mapping[Category, tuple[str, str]] = attrs.field(
        factory=dict, converter=_category_labels, hash=False
    )
    """Dutch and English labels of categories that were named otherwise in its years.

    A category without one here is shown with its usual label.
    """
    assumed: bool = False
    """Whether the taxonomy is assumed rather than taken from a source; reports of its
    years carry a note that says so."""
    note: str | None = None
    """Why the taxonomy is what it is, or where it comes from; shown in the note of a
    report of an assumed taxonomy's years."""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not self.name:
            problems.append(Problem(path="name", message="a taxonomy needs a non-empty name"))
        if self.last_year is not None and self.last_year < self.first_year:
            problems.append(
                Problem(path="last_year", message="the last year is not before the first year")
            )
        if not self.categories:
            problems.append(Problem(path="categories", message="a taxonomy has a category"))
        outside = sorted(set(self.labels) - self.categories)
        if outside:
            problems.append(
                Problem(
                    path="labels",
                    message="labels only for the taxonomy's own categories, not "
                    + ", ".join(outside),
                )
            )
        if problems:
            raise ValidationError(problems)

    def __contains__(self, category: object) -> bool:
        return category in self.categories

    def covers(self, year: int) -> bool:
        """Return whether this taxonomy applies to report year ``year``."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def label(self, category: Category, lang: Lang = "en") -> str:
        """Return the label of ``category`` in the years of this taxonomy, in ``lang``."""
        pair = self.labels.get(category)
        if pair is None:
            return category.label(lang)
        return pair[0] if lang == "nl" else pair[1]

    @property
    def span(self) -> str:
        """The years it covers as text, e.g. ``2006-2017`` or ``2018-``."""
        if self.last_year == self.first_year:
            return str(self.first_year)
        return f"{self.first_year}-{self.last_year or ''}"


_ASSUMED = Taxonomy(
    name="iko-assumed",
    first_year=FOUNDING_YEAR,
    last_year=2017,
    categories=frozenset(Category),
    assumed=True,
    note="no source at hand gives the categories Centrum IKO used before 2018; "
    "the twelve categories of 2018 on are assumed",
)

TAXONOMIES: tuple[Taxonomy, ...] = (
    _ASSUMED,
    Taxonomy(name="iko-2018", first_year=2018, last_year=None, categories=frozenset(Category)),
)
"""The library's taxonomies, oldest first.

``iko-2018``: the twelve categories of report section 1.7, sourced from the
2021 annual report, which compares the years from 2018 on. ``iko-assumed``
(*assumed*): the same twelve categories for the years from the centre's
founding (:data:`FOUNDING_YEAR`) to 2017, which no source at hand confirms;
reports of those years carry a note that says so."""


def taxonomy_for(year: int, taxonomies: Iterable[Taxonomy] = TAXONOMIES) -> Taxonomy:
    """Return the taxonomy that applies to report ``year``.

    That is the first of ``taxonomies`` that covers it.

    Raises:
        UnknownYearError: ``year`` is before the centre began (:data:`FOUNDING_YEAR`)
            or after :data:`LAST_YEAR`, or no taxonomy of ``taxonomies`` covers it.
    """
    why = _year_problem(year)
    if why is not None:
        raise UnknownYearError(f"no case taxonomy is known for year {year}: {why}", year=year)
    known = tuple(taxonomies)
    for taxonomy in known:
        if taxonomy.covers(year):
            return taxonomy
    raise UnknownYearError(
        f"no case taxonomy is known for year {year}; known: "
        + ", ".join(f"{t.name} ({t.span})" for t in known),
        year=year,
    )
