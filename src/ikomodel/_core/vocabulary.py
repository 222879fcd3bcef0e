"""Closed vocabularies of Centrum IKO's casework, as string enums.

Every enum's *value* is a stable lowercase ASCII slug: it is the wire format
in JSON documents and never changes. Dutch and English display labels live
beside the values and are available through :meth:`Vocabulary.label`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from ikomodel._core.errors import WORD_SHAPE, UnknownYearError, ValidationError, quote

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


@attrs.frozen(kw_only=True)
class Taxonomy:
    """The case categories a range of report years uses.

    Centrum IKO's categories change over the years; a register of a year is
    checked against the taxonomy of that year.

    >>> taxonomy_for(2021).name
    'iko-2018'
    >>> Category.PREVENTION in taxonomy_for(2021)
    True
    """

    name: str
    """A stable name of the taxonomy, e.g. ``iko-2018``."""
    first_year: int
    """The first report year that uses it."""
    last_year: int | None
    """The last report year that uses it; ``None`` while it is still in use."""
    categories: frozenset[Category]
    """The case categories it has."""

    def __contains__(self, category: object) -> bool:
        return category in self.categories

    def covers(self, year: int) -> bool:
        """Return whether this taxonomy applies to report year ``year``."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy(name="iko-2018", first_year=2018, last_year=None, categories=frozenset(Category)),
)
"""The known taxonomies, oldest first: the twelve categories of report section 1.7
have been used since at least 2018 (the first year the 2021 report compares)."""


def taxonomy_for(year: int, taxonomies: Iterable[Taxonomy] = TAXONOMIES) -> Taxonomy:
    """Return the taxonomy that applies to report ``year``.

    Raises:
        UnknownYearError: no known taxonomy covers ``year``.
    """
    for taxonomy in taxonomies:
        if taxonomy.covers(year):
            return taxonomy
    raise UnknownYearError(
        f"no case taxonomy is known for year {year}; known: "
        + ", ".join(f"{t.name} ({t.first_year}-{t.last_year or ''})" for t in TAXONOMIES),
        year=year,
    )
