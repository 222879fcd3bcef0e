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
    Confidence,
    JoinType,
    TreatyParty,
    _check_code,
    _nonparties,
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

_CARIBBEAN_COUNTRIES_NOT_COVERED_TO = dt.date(2025, 9, 24)
"""Up to this date the Convention demonstrably did not apply in Aruba, Curaçao
and Sint Maarten: in September 2025 the Kingdom Relations budget still listed
its extension to them as delayed (The People's Tribune, Sint Maarten, 24
September 2025,
https://thepeoplestribunesxm.com/articles/aruba-st-maarten-and-curacao-face-delays-in-implementing-key-human-rights-treaties;
earlier: statement of the President of the Joint Court of Justice, February
2021). Later dates are unknown."""

_CARIBBEAN_COUNTRIES_SOURCES = (
    "https://thepeoplestribunesxm.com/articles/aruba-st-maarten-and-curacao-face-delays-in-implementing-key-human-rights-treaties",
    "https://curacao.nu/hofpresident-wil-dat-kinderverdragen-ook-gelden-voor-aruba-curacao-en-sint-maarten/",
)

_CONVENTION_SOURCE = "https://www.hcch.net/en/instruments/conventions/full-text/?cid=24"

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
        return False if on <= _CARIBBEAN_COUNTRIES_NOT_COVERED_TO else None
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
      from a date by which they show it applied (for example the date of a
      Dutch court decision that ordered a return to that state under the
      Convention), unknown in between.

    :func:`treaty_facts` gives the rule applied, the dates and the sources.

    Raises:
        UnknownCountryError: ``country`` is not an ISO 3166-1 alpha-2 code.

    >>> in_force_with_netherlands("BG", dt.date(2004, 1, 31)), in_force_with_netherlands(
    ...     "BG", dt.date(2004, 2, 1))
    (False, True)
    >>> in_force_with_netherlands("BO", dt.date(2021, 6, 1)), in_force_with_netherlands(
    ...     "CY", dt.date(2021, 6, 1))
    (False, None)
    """
    return _in_force(country, on, caribbean_netherlands_from).value


@attrs.frozen(kw_only=True)
class _Answer:
    """Answer (b) with the rule that gave it and the row (if any) it rests on."""

    value: bool | None
    rule: str
    party: TreatyParty | None = None
    sources: tuple[str, ...] = ()
    evidence: str = ""
    confidence: Confidence | None = None

    @classmethod
    def resting_on(cls, party: TreatyParty, value: bool | None, rule: str) -> _Answer:
        """Return an answer that rests on ``party``'s row: its sources, evidence and confidence."""
        return cls(
            value=value,
            rule=rule,
            party=party,
            sources=party.sources,
            evidence=party.evidence,
            confidence=party.confidence,
        )


def _not_a_party(country: str, on: dt.date, party: TreatyParty | None) -> _Answer:
    table = hague_parties()
    if party is not None:
        own = party.entry_into_force
        rule = (
            f"{country} is a Contracting State only from {own.isoformat()} (its own entry "
            "into force, Arts. 38 and 43): the Convention cannot apply before."
            if own is not None
            else f"{country} was not yet a Contracting State on {on.isoformat()}."
        )
        return _Answer.resting_on(party, False, rule)
    sovereign = DEPENDENT_TERRITORIES.get(country)
    if sovereign is not None:
        return _Answer(
            value=False,
            rule=f"{country} is a territory of {sovereign}, which was not a Contracting State "
            f"on {on.isoformat()}.",
            sources=table.current_to_sources,
            evidence="status_table",
        )
    row = _nonparties().get(country)
    if row is not None:
        return _Answer(
            value=False,
            rule=f"{country} is not a Contracting State of the Convention: not among the parties "
            f"in the table, which is complete to {table.current_to.isoformat()}. {row.notes}",
            sources=row.sources,
            evidence=row.evidence,
            confidence=row.confidence,
        )
    return _Answer(
        value=False,
        rule=f"{country} is not a Contracting State of the Convention: not among the parties in "
        f"the table, which is complete to {table.current_to.isoformat()}.",
        sources=table.current_to_sources,
        evidence="status_table",
    )


def _bounded(party: TreatyParty, on: dt.date) -> _Answer:
    """Answer (b) for an accession or extension without an exact Dutch date."""
    by, before = party.nl_in_force_by, party.nl_not_in_force_before
    value = _tri(on, false_before=before, true_from=by)
    code = party.code or party.name_en
    if value is True:
        assert by is not None
        rule = f"In force between the Netherlands and {code} by {by.isoformat()} at the latest"
        if party.ecli:
            rule += f" (court decision {party.ecli}"
            if party.decision_date is not None:
                rule += f" of {party.decision_date.isoformat()}"
            rule += ")"
        rule += "; the exact date of the Dutch acceptance (Art. 38(4)) is not known."
    elif value is False:
        assert before is not None
        rule = (
            f"Not in force between the Netherlands and {code} before {before.isoformat()}: "
            "the Dutch acceptance of the accession (Art. 38(4)) came later, or not at all."
        )
    else:
        known = []
        if before is not None:
            known.append(f"not in force before {before.isoformat()}")
        if by is not None:
            known.append(f"in force by {by.isoformat()}")
        rule = (
            f"{code} acceded (Art. 38): the Convention applies with the Netherlands only from "
            "the Dutch acceptance, whose date the sources do not give"
            + (f" ({'; '.join(known)})" if known else "")
            + f": unknown on {on.isoformat()}."
        )
    if party.bounds_note:
        rule += f" {party.bounds_note}"
    return _Answer.resting_on(party, value, rule)


def _in_force(country: str, on: dt.date, caribbean_netherlands_from: dt.date | None) -> _Answer:
    """Answer (b) of :func:`in_force_with_netherlands` with its rule and evidence."""
    _check_code(country)
    if country in KINGDOM_PARTS:
        return _Answer(
            value=False,
            rule="A part of the Kingdom of the Netherlands: the Kingdom is one Contracting "
            "State, so no Convention procedure applies within it (Art. 33).",
            sources=(_CONVENTION_SOURCE, *_CARIBBEAN_COUNTRIES_SOURCES),
            evidence="status_table",
        )
    table = hague_parties()
    if on < NL_ENTRY_INTO_FORCE:
        nl = table.get("NL")
        return _Answer(
            value=False,
            rule="The Convention entered into force for the Netherlands only on 1990-09-01 "
            "(ratified 12-06-1990): no relation before (Art. 43).",
            sources=nl.sources if nl is not None else (),
            evidence="status_table",
            confidence=nl.confidence if nl is not None else None,
        )
    member = contracting_state_status(
        country, on, caribbean_netherlands_from=caribbean_netherlands_from
    )
    party = table.get(country)
    if member is False:
        return _not_a_party(country, on, party)
    if party is None:  # an unknown dependent territory, or a date after the table
        sovereign = DEPENDENT_TERRITORIES.get(country)
        rule = (
            f"{country} is a territory of {sovereign}; whether {sovereign} extended the "
            "Convention to it (Arts. 39/40) is not in the table."
            if sovereign is not None
            else f"{country} was not a party up to {table.current_to.isoformat()}, the date "
            "the table is complete to; it may have joined since."
        )
        return _Answer(value=None, rule=rule, sources=table.current_to_sources)
    if party.nl_in_force_from is not None:
        start = party.nl_in_force_from
        return _Answer.resting_on(
            party,
            on >= start,
            f"In force between the Netherlands and {country} from {start.isoformat()} "
            f"({_how(party)}).",
        )
    if party.join_type in {JoinType.RATIFICATION, JoinType.SUCCESSION}:
        own = party.entry_into_force or party.party_by
        if own is None:
            return _Answer.resting_on(
                party,
                None,
                f"{country} is bound by {party.join_type.value} (no acceptance needed, "
                "Arts. 37 and 43), but the date it became bound is not known.",
            )
        value = _tri(
            on,
            false_before=max(NL_ENTRY_INTO_FORCE, party.entry_into_force or NL_ENTRY_INTO_FORCE),
            true_from=max(NL_ENTRY_INTO_FORCE, own),
        )
        return _Answer.resting_on(
            party,
            value,
            f"{country} is bound by {party.join_type.value}: in force with the Netherlands "
            "from the later of both entries into force (Arts. 37 and 43), 1990-09-01 and "
            f"{own.isoformat()}"
            + (
                " (a date by which it was a party; its exact date is not known)"
                if party.entry_into_force is None
                else ""
            )
            + ".",
        )
    return _bounded(party, on)


def _how(party: TreatyParty) -> str:
    if party.join_type in {JoinType.RATIFICATION, JoinType.SUCCESSION}:
        return f"{party.join_type.value}: the later of both entries into force, Arts. 37 and 43"
    return (
        f"{party.join_type.value}: the Dutch acceptance took effect on the first day of the "
        "third calendar month after its deposit, Art. 38(4)"
    )


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
    """Every treaty answer for one country, seen from the Netherlands, on one date, and why.

    Attributes:
        country: ISO 3166-1 alpha-2 code.
        on: The date of the removal or retention (or of the question).
        contracting_state: Answer (a); ``None`` = unknown.
        in_force_with_netherlands: Answer (b); ``None`` = unknown.
        within_kingdom: The country is a part of the Kingdom other than the
            European Netherlands, or the European Netherlands itself.
        eu_regime: The EU regulation between the Netherlands and the country
            for proceedings started on ``on``, if any.
        rule: How answer (b) was reached: the rule applied and its dates.
        evidence: The kind of evidence answer (b) rests on (``status_table``,
            ``tractatenblad``, ``eu_decision``, ``court_decision``,
            ``foreign_list``, ``secondary`` or ``none``).
        sources: The pages and official citations answer (b) rests on.
        confidence: How well the reference row behind answer (b) is
            supported, where there is one.
        nl_in_force_from: The exact date from which the Convention applies
            with the Netherlands, where known.
        nl_in_force_by: A date by which the sources show it applied.
        nl_not_in_force_before: A date before which they show it did not.
        ecli: The court decision behind ``nl_in_force_by``, if any.
        decision_date: The date of that decision.
        table_current_to: The date the party table is complete to: later
            dates can be unknown where the answer could have changed since.
    """

    country: str
    on: dt.date
    contracting_state: bool | None
    in_force_with_netherlands: bool | None
    within_kingdom: bool
    eu_regime: EuRegime | None
    rule: str = ""
    evidence: str = ""
    sources: tuple[str, ...] = ()
    confidence: Confidence | None = None
    nl_in_force_from: dt.date | None = None
    nl_in_force_by: dt.date | None = None
    nl_not_in_force_before: dt.date | None = None
    ecli: str = ""
    decision_date: dt.date | None = None
    table_current_to: dt.date | None = None

    @property
    def status(self) -> TreatyStatus:
        """The report's treaty class of the country (based on answer (a))."""
        return _status(within_kingdom=self.within_kingdom, contracting_state=self.contracting_state)

    def explain(self) -> str:
        """Return the answers and the reasons for them as lines of plain English text.

        >>> print(treaty_facts("BG", dt.date(2021, 6, 1)).explain().splitlines()[2])
        In force with the Netherlands: yes
        """
        lines = [
            f"{self.country} on {self.on.isoformat()}",
            f"Contracting State: {_word(self.contracting_state)}",
            f"In force with the Netherlands: {_word(self.in_force_with_netherlands)}",
        ]
        if self.eu_regime is not None:
            lines.append(f"EU regime: {self.eu_regime.label('en')}")
        lines.append(f"Why: {self.rule}")
        dates = [
            ("in force from", self.nl_in_force_from),
            ("in force by", self.nl_in_force_by),
            ("not in force before", self.nl_not_in_force_before),
        ]
        shown = [f"{name} {date.isoformat()}" for name, date in dates if date is not None]
        if shown:
            lines.append("Dates: " + "; ".join(shown))
        if self.ecli:
            decided = f" of {self.decision_date.isoformat()}" if self.decision_date else ""
            lines.append(f"Court decision: {self.ecli}{decided}")
        if self.evidence:
            confidence = f" (confidence {self.confidence.value})" if self.confidence else ""
            lines.append(f"Evidence: {self.evidence}{confidence}")
        if self.sources:
            lines.append("Sources:")
            lines.extend(f"  - {source}" for source in self.sources)
        if self.table_current_to is not None:
            lines.append(f"Party table complete to: {self.table_current_to.isoformat()}")
        return "\n".join(lines)


def _word(answer: bool | None) -> str:
    return {True: "yes", False: "no", None: "unknown"}[answer]


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
    """Return every treaty answer for ``country`` on ``on``, seen from the Netherlands, and why.

    Besides both answers, the Kingdom flag and the EU regime, the record says
    which rule gave answer (b), the dates the reference data holds for the
    relation with the Netherlands (exact, or the bounds "in force by" and "not
    in force before"), the kind of evidence, its sources and a confidence;
    :meth:`TreatyFacts.explain` prints them.

    Raises:
        UnknownCountryError: ``country`` is not an ISO 3166-1 alpha-2 code.

    >>> facts = treaty_facts("RU", dt.date(2015, 6, 1))
    >>> facts.contracting_state, facts.in_force_with_netherlands, facts.status.label("nl")
    (True, False, 'Verdragsland')
    >>> facts = treaty_facts("PL", dt.date(2021, 6, 1))
    >>> facts.in_force_with_netherlands, facts.evidence, facts.ecli
    (True, 'court_decision', 'ECLI:NL:RBDHA:2019:9643')
    """
    options = {"caribbean_netherlands_from": caribbean_netherlands_from}
    answer = _in_force(country, on, caribbean_netherlands_from)
    party = answer.party
    return TreatyFacts(
        country=country,
        on=on,
        contracting_state=contracting_state_status(country, on, **options),
        in_force_with_netherlands=answer.value,
        within_kingdom=country in KINGDOM_PARTS,
        eu_regime=eu_regime("NL", country, on),
        rule=answer.rule,
        evidence=answer.evidence,
        sources=answer.sources,
        confidence=answer.confidence,
        nl_in_force_from=party.nl_in_force_from if party else None,
        nl_in_force_by=party.nl_in_force_by if party else None,
        nl_not_in_force_before=party.nl_not_in_force_before if party else None,
        ecli=party.ecli if party else "",
        decision_date=party.decision_date if party else None,
        table_current_to=hague_parties().current_to,
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
