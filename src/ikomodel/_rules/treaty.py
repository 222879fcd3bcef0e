"""Treaty rules: the 1980 Hague Convention by date, the Kingdom, and the EU regime.

Two treaty questions are kept apart (domain facts §1):

(a) :func:`is_contracting_state`: is the country a Contracting State of the
    1980 Convention on a date? The 2021 report's split "121 to Verdragslanden,
    43 to niet-Verdragslanden" most likely uses this answer.
(b) :func:`in_force_with_netherlands`: does the Convention operate *between the
    Netherlands and that country* for a removal or retention on a date
    (Arts. 35, 37, 38)? Only this answer decides whether a return procedure is
    possible.

Where the reference table has no fact, the answer is *unknown* (``None``),
never a guess. All functions are pure: an explicit date in, a value out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from ikomodel._core.errors import UnknownTreatyStatusError, quote_code
from ikomodel._core.vocabulary import Vocabulary, _labels
from ikomodel._rules.reference import (
    DEPENDENT_TERRITORIES,
    KINGDOM_PARTS,
    JoinType,
    TreatyParty,
    _check_code,
    hague_parties,
)

CONVENTION_ENTRY_INTO_FORCE = dt.date(1983, 12, 1)
"""The 1980 Convention entered into force on 1 December 1983 (Art. 43)."""

NL_ENTRY_INTO_FORCE = dt.date(1990, 9, 1)
"""In force for the European Netherlands from 1 September 1990 (ratified 12 June 1990)."""

CARIBBEAN_NETHERLANDS_NOT_BEFORE = dt.date(2010, 10, 10)
"""Bonaire, Sint Eustatius and Saba became the Caribbean Netherlands on 10 October
2010; the Convention did not apply to the Netherlands Antilles before then."""

CARIBBEAN_NETHERLANDS_COVERED_BY = dt.date(2021, 3, 1)
"""By this date the Convention demonstrably applied in the Caribbean Netherlands
(statement of the President of the Joint Court of Justice, February 2021). The
exact effective date of the Kingdom's declaration is not known: between the two
dates the answer is *unknown* unless a date is passed as
``caribbean_netherlands_from``."""

BRUSSELS_IIA_FROM = dt.date(2005, 3, 1)
"""Regulation (EC) 2201/2003 (Brussels IIa) applies from 1 March 2005 (Art. 72)."""

BRUSSELS_IIB_FROM = dt.date(2022, 8, 1)
"""Regulation (EU) 2019/1111 (Brussels IIb) applies to proceedings instituted on
or after 1 August 2022 (Arts. 100, 105)."""


def art38_entry_into_force(deposit: dt.date) -> dt.date:
    """Return the first day of the third calendar month after ``deposit`` (Arts. 38, 43).

    An accession enters into force for the acceding state, and an acceptance
    of an accession between the two states, on this day.

    >>> art38_entry_into_force(dt.date(2003, 11, 13))  # NL accepts Bulgaria
    datetime.date(2004, 2, 1)
    """
    months = deposit.year * 12 + deposit.month - 1 + 3
    return dt.date(months // 12, months % 12 + 1, 1)


def _tri(on: dt.date, *, false_before: dt.date | None, true_from: dt.date | None) -> bool | None:
    if true_from is not None and on >= true_from:
        return True
    if false_before is not None and on < false_before:
        return False
    return None


def _caribbean_netherlands(on: dt.date, exact: dt.date | None) -> bool | None:
    if exact is not None:
        return on >= exact
    return _tri(
        on,
        false_before=CARIBBEAN_NETHERLANDS_NOT_BEFORE,
        true_from=CARIBBEAN_NETHERLANDS_COVERED_BY,
    )


def _party_status(party: TreatyParty, on: dt.date) -> bool | None:
    if party.entry_into_force is not None:
        return on >= party.entry_into_force
    return _tri(on, false_before=CONVENTION_ENTRY_INTO_FORCE, true_from=party.party_by)


def contracting_state_status(
    country: str, on: dt.date, *, caribbean_netherlands_from: dt.date | None = None
) -> bool | None:
    """Return whether ``country`` is a Contracting State on ``on``: True, False or None.

    The three-valued form of :func:`is_contracting_state`: ``None`` where the
    reference data cannot say. Rules, in order:

    - Before 1 December 1983 no state is a party (Art. 43).
    - Kingdom of the Netherlands: the European Netherlands from 1 September
      1990; the Caribbean Netherlands from its extension date (unknown between
      10 October 2010 and 1 March 2021 unless ``caribbean_netherlands_from`` is
      given); Aruba, Curaçao and Sint Maarten are not covered (up to the
      table's current-to date; Curaçao's planned extension is unverified).
    - A listed party from its own entry into force; with that date blank,
      True from the date the sources show it was a party by, else unknown.
    - Hong Kong and Macao are their own rows; mainland China is not a party.
    - A dependent territory of a party (e.g. Greenland, Puerto Rico): unknown
      while its sovereign is a party, as its coverage is not in the table.
    - Any other country: False up to the table's current-to date, unknown after.

    Raises:
        UnknownCountryError: ``country`` is not an ISO 3166-1 alpha-2 code.

    >>> contracting_state_status("MA", dt.date(2021, 6, 1)), contracting_state_status(
    ...     "AW", dt.date(2021, 6, 1)), contracting_state_status("ZM", dt.date(2021, 6, 1))
    (True, False, None)
    """
    _check_code(country)
    if on < CONVENTION_ENTRY_INTO_FORCE:
        return False
    table = hague_parties()
    if country in KINGDOM_PARTS:
        if country == "NL":
            return on >= NL_ENTRY_INTO_FORCE
        if country == "BQ":
            return _caribbean_netherlands(on, caribbean_netherlands_from)
        return False if on <= table.current_to else None
    party = table.get(country)
    if party is not None:
        return _party_status(party, on)
    sovereign = DEPENDENT_TERRITORIES.get(country)
    if sovereign is not None:
        return None if _party_status(table.lookup(sovereign), on) is not False else False
    return False if on <= table.current_to else None


def is_contracting_state(
    country: str, on: dt.date, *, caribbean_netherlands_from: dt.date | None = None
) -> bool:
    """Return whether ``country`` is a Contracting State of the 1980 Convention on ``on``.

    This is answer (a): membership of the Convention, whatever the relation
    with the Netherlands. See :func:`contracting_state_status` for the rules.
    It answers only what the reference data supports: where a row's dates
    are missing it raises instead of guessing, so a caller never counts an
    unknown state silently on either side. Use
    :func:`contracting_state_status` (or :func:`treaty_status`) for a
    three-valued answer.

    Raises:
        UnknownCountryError: ``country`` is not an ISO 3166-1 alpha-2 code.
        UnknownTreatyStatusError: the reference data cannot say.

    >>> on = dt.date(2021, 6, 1)
    >>> is_contracting_state("MA", on), is_contracting_state("CN", on)
    (True, False)
    """
    status = contracting_state_status(
        country, on, caribbean_netherlands_from=caribbean_netherlands_from
    )
    if status is None:
        raise UnknownTreatyStatusError(
            f"country: the reference data cannot say whether {quote_code(country)} was a "
            f"Contracting State of the 1980 Convention on {on.isoformat()} (dates missing, "
            "or after the "
            f"table's current-to date {hague_parties().current_to.isoformat()}); use "
            "contracting_state_status() for a True/False/None answer",
            code=country,
            on=on,
        )
    return status


def in_force_with_netherlands(
    country: str, on: dt.date, *, caribbean_netherlands_from: dt.date | None = None
) -> bool | None:
    """Return whether the 1980 Convention applies between the Netherlands and ``country``.

    This is answer (b), for a wrongful removal or retention on ``on`` (Art.
    35: the Convention applies only to removals after it entered into force
    between the two states; access applications under Art. 21 are not tied to
    that date). ``None`` means *unknown*. Decision procedure of domain facts §1:

    - A part of the Kingdom: False. The Kingdom is one Contracting State; no
      Hague procedure applies within it (see :func:`within_kingdom`).
    - Before 1 September 1990 (Dutch entry into force): False.
    - Not a Contracting State on ``on``: False; unknown membership: unknown.
    - The table's ``nl_in_force_from`` where filled.
    - Ratification or succession (Arts. 37, 38(3)): from the later of the two
      entries into force, 1 September 1990 and the state's own date.
    - Accession or extension (Art. 38): only from the date the Dutch
      acceptance took effect (the first day of the third calendar month after
      its deposit, :func:`art38_entry_into_force`). Where that date is not
      known: False before a date the sources show it did not yet apply, True
      from a date by which they show it applied, unknown in between.

    Raises:
        UnknownCountryError: ``country`` is not an ISO 3166-1 alpha-2 code.

    >>> in_force_with_netherlands("BG", dt.date(2004, 1, 31)), in_force_with_netherlands(
    ...     "BG", dt.date(2004, 2, 1))
    (False, True)
    >>> in_force_with_netherlands("BO", dt.date(2021, 6, 1)), in_force_with_netherlands(
    ...     "PL", dt.date(2021, 6, 1))
    (False, None)
    """
    _check_code(country)
    if country in KINGDOM_PARTS or on < NL_ENTRY_INTO_FORCE:
        return False
    member = contracting_state_status(
        country, on, caribbean_netherlands_from=caribbean_netherlands_from
    )
    party = hague_parties().get(country)
    if member is False:
        return False
    if party is None:  # an unknown dependent territory, or a date after the table
        return None
    if party.nl_in_force_from is not None:
        return on >= party.nl_in_force_from
    if party.join_type in {JoinType.RATIFICATION, JoinType.SUCCESSION}:
        own = party.entry_into_force or party.party_by
        if own is None:
            return None
        return _tri(
            on,
            false_before=max(NL_ENTRY_INTO_FORCE, party.entry_into_force or NL_ENTRY_INTO_FORCE),
            true_from=max(NL_ENTRY_INTO_FORCE, own),
        )
    return _tri(on, false_before=party.nl_not_in_force_before, true_from=party.nl_in_force_by)


def within_kingdom(country_a: str, country_b: str) -> bool:
    """Return whether a move from ``country_a`` to ``country_b`` stays within the Kingdom.

    A removal between two parts of the Kingdom of the Netherlands (European
    Netherlands, Aruba, Curaçao, Sint Maarten, Caribbean Netherlands) is its
    own category ("Ontvoering binnen het Koninkrijk"): the Kingdom is one
    Contracting State and Art. 33 does not bind it to apply the Convention
    internally, so national law applies (domain facts §3). A move within one
    part is not a move within the Kingdom in this sense.

    Raises:
        UnknownCountryError: a code is not an ISO 3166-1 alpha-2 code.

    >>> within_kingdom("NL", "CW"), within_kingdom("NL", "NL"), within_kingdom("NL", "BE")
    (True, False, False)
    """
    _check_code(country_a, "country_a")
    _check_code(country_b, "country_b")
    return country_a != country_b and {country_a, country_b} <= KINGDOM_PARTS


class EuRegime(Vocabulary):
    """The EU regulation that supplements the 1980 Convention between two states."""

    BRUSSELS_IIA = "brussels_iia"
    BRUSSELS_IIB = "brussels_iib"


_labels(
    EuRegime,
    {
        "brussels_iia": (
            "Brussel II bis (Verordening 2201/2003)",
            "Brussels IIa (Regulation 2201/2003)",
        ),
        "brussels_iib": (
            "Brussel II ter (Verordening 2019/1111)",
            "Brussels IIb (Regulation 2019/1111)",
        ),
    },
)

EU_MEMBERSHIP: Mapping[str, tuple[dt.date, dt.date | None]] = {
    **dict.fromkeys(("BE", "DE", "FR", "IT", "LU", "NL"), (dt.date(1958, 1, 1), None)),
    **dict.fromkeys(("DK", "IE"), (dt.date(1973, 1, 1), None)),
    "GB": (dt.date(1973, 1, 1), dt.date(2020, 12, 31)),
    "GR": (dt.date(1981, 1, 1), None),
    **dict.fromkeys(("ES", "PT"), (dt.date(1986, 1, 1), None)),
    **dict.fromkeys(("AT", "FI", "SE"), (dt.date(1995, 1, 1), None)),
    **dict.fromkeys(
        ("CY", "CZ", "EE", "HU", "LV", "LT", "MT", "PL", "SK", "SI"), (dt.date(2004, 5, 1), None)
    ),
    **dict.fromkeys(("BG", "RO"), (dt.date(2007, 1, 1), None)),
    "HR": (dt.date(2013, 7, 1), None),
}
"""EU Member States as (first day, last day bound by EU law or None).

The United Kingdom left the EU on 31 January 2020, but EU law, Brussels IIa
included, kept applying to and in it during the transition period until 31
December 2020 (Withdrawal Agreement, Arts. 126-127), and Brussels IIa still
governs proceedings instituted before that day (Art. 67(1)(b)): so the last
day here is 31 December 2020."""

EU_TERRITORIES: Mapping[str, tuple[str, dt.date | None]] = {
    **dict.fromkeys(("GF", "GP", "MQ", "RE", "MF"), ("FR", None)),
    "YT": ("FR", dt.date(2014, 1, 1)),
    "AX": ("FI", None),
}
"""Territories with their own ISO code that are part of the EU (outermost regions
of France, and Åland), mapped to their Member State and the date they joined
the EU if later (Mayotte became an outermost region on 1 January 2014)."""


def _eu_bound(country: str, on: dt.date) -> bool:
    state, since = EU_TERRITORIES.get(country, (country, None))
    if since is not None and on < since:
        return False
    span = EU_MEMBERSHIP.get(state)
    if span is None or state == "DK":
        return False
    first, last = span
    return first <= on and (last is None or on <= last)


def eu_regime(country_a: str, country_b: str, on: dt.date) -> EuRegime | None:
    """Return the EU regulation that applies between two states for proceedings started on ``on``.

    Brussels IIa (Regulation 2201/2003, from 1 March 2005) for proceedings
    instituted before 1 August 2022, Brussels IIb (Regulation 2019/1111) from
    that date, when both states are EU Member States bound by it on ``on``:
    every Member State except Denmark, from its accession (Croatia from 1 July
    2013, ...); the United Kingdom up to the end of the transition period
    (31 December 2020). Outermost regions count as their Member State; the
    Caribbean parts of the Kingdom are not EU territory. ``None`` otherwise,
    including for two places in the same state.

    Raises:
        UnknownCountryError: a code is not an ISO 3166-1 alpha-2 code.

    >>> eu_regime("NL", "PL", dt.date(2021, 6, 1)), eu_regime("NL", "PL", dt.date(2022, 8, 1))
    (<EuRegime.BRUSSELS_IIA: 'brussels_iia'>, <EuRegime.BRUSSELS_IIB: 'brussels_iib'>)
    >>> eu_regime("NL", "DK", dt.date(2021, 6, 1)) is None
    True
    """
    _check_code(country_a, "country_a")
    _check_code(country_b, "country_b")
    if on < BRUSSELS_IIA_FROM:
        return None
    state_a = EU_TERRITORIES.get(country_a, (country_a, None))[0]
    state_b = EU_TERRITORIES.get(country_b, (country_b, None))[0]
    if state_a == state_b or not (_eu_bound(country_a, on) and _eu_bound(country_b, on)):
        return None
    return EuRegime.BRUSSELS_IIA if on < BRUSSELS_IIB_FROM else EuRegime.BRUSSELS_IIB


class TreatyStatus(Vocabulary):
    """How a country relates to the Netherlands under the 1980 Convention on a date.

    The 2021 report counts abductions to "Verdragslanden" and to
    "niet-Verdragslanden"; a country within the Kingdom is neither, and a
    country the reference data cannot place is counted as unknown.
    """

    CONTRACTING_STATE = "contracting_state"
    NON_CONTRACTING_STATE = "non_contracting_state"
    WITHIN_KINGDOM = "within_kingdom"
    UNKNOWN = "unknown"


_labels(
    TreatyStatus,
    {
        "contracting_state": ("Verdragsland", "Contracting State"),
        "non_contracting_state": ("Niet-Verdragsland", "Non-Contracting State"),
        "within_kingdom": ("Binnen het Koninkrijk", "Within the Kingdom"),
        "unknown": ("Onbekend", "Unknown"),
    },
)


@attrs.frozen(kw_only=True)
class TreatyFacts:
    """Every treaty answer for one country, seen from the Netherlands, on one date.

    Attributes:
        country: ISO 3166-1 alpha-2 code.
        on: The date of the removal or retention (or of the question).
        contracting_state: Answer (a); ``None`` = unknown.
        in_force_with_netherlands: Answer (b); ``None`` = unknown.
        within_kingdom: The country is a part of the Kingdom other than the
            European Netherlands, or the European Netherlands itself.
        eu_regime: The EU regulation between the Netherlands and the country
            for proceedings started on ``on``, if any.
    """

    country: str
    on: dt.date
    contracting_state: bool | None
    in_force_with_netherlands: bool | None
    within_kingdom: bool
    eu_regime: EuRegime | None

    @property
    def status(self) -> TreatyStatus:
        """The report's treaty class of the country (based on answer (a))."""
        return _status(within_kingdom=self.within_kingdom, contracting_state=self.contracting_state)


def _status(*, within_kingdom: bool, contracting_state: bool | None) -> TreatyStatus:
    if within_kingdom:
        return TreatyStatus.WITHIN_KINGDOM
    if contracting_state is None:
        return TreatyStatus.UNKNOWN
    if contracting_state:
        return TreatyStatus.CONTRACTING_STATE
    return TreatyStatus.NON_CONTRACTING_STATE


def treaty_facts(
    country: str, on: dt.date, *, caribbean_netherlands_from: dt.date | None = None
) -> TreatyFacts:
    """Return every treaty answer for ``country`` on ``on``, seen from the Netherlands.

    Raises:
        UnknownCountryError: ``country`` is not an ISO 3166-1 alpha-2 code.

    >>> facts = treaty_facts("RU", dt.date(2015, 6, 1))
    >>> facts.contracting_state, facts.in_force_with_netherlands, facts.status.label("nl")
    (True, False, 'Verdragsland')
    """
    options = {"caribbean_netherlands_from": caribbean_netherlands_from}
    return TreatyFacts(
        country=country,
        on=on,
        contracting_state=contracting_state_status(country, on, **options),
        in_force_with_netherlands=in_force_with_netherlands(country, on, **options),
        within_kingdom=country in KINGDOM_PARTS,
        eu_regime=eu_regime("NL", country, on),
    )


def treaty_status(
    country: str, on: dt.date, *, caribbean_netherlands_from: dt.date | None = None
) -> TreatyStatus:
    """Return the report's treaty class of ``country`` on ``on`` (total: never raises on dates).

    >>> treaty_status("MA", dt.date(2021, 6, 1))
    <TreatyStatus.CONTRACTING_STATE: 'contracting_state'>
    >>> treaty_status("CW", dt.date(2021, 6, 1))
    <TreatyStatus.WITHIN_KINGDOM: 'within_kingdom'>
    """
    # ``treaty_facts(...).status`` without the answers the status does not read.
    contracting_state = contracting_state_status(
        country, on, caribbean_netherlands_from=caribbean_netherlands_from
    )
    return _status(within_kingdom=country in KINGDOM_PARTS, contracting_state=contracting_state)
