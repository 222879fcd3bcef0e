"""Reference data shipped with ikomodel: the 1980 Convention's parties and country names.

The tables live as CSV files under ``ikomodel/data/`` with a JSON metadata
file each (the party table's metadata also describes the table of
non-parties that matter to the centre, kept with their evidence); they are
read once through :mod:`importlib.resources` and exposed as typed, frozen
records. ``get()`` returns a default for an unknown code,
``lookup()`` raises :class:`~ikomodel.UnknownCountryError`. Updating a table
is a data change with a CHANGELOG entry, not a code change.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any, overload

import attrs

from ikomodel._core.countries import is_alpha2
from ikomodel._core.errors import (
    WORD_SHAPE,
    UnknownCountryError,
    ValidationError,
    quote,
    quote_code,
)
from ikomodel._core.vocabulary import Lang, Vocabulary, _labels

HAGUE_TABLE = "hague1980-parties.csv"
"""File name of the Convention's party table in ``ikomodel/data/``."""

NONPARTY_TABLE = "hague1980-nonparties.csv"
"""File name of the table of non-parties that matter to the centre, with their evidence."""

COUNTRY_TABLE = "countries.csv"
"""File name of the frozen country-name table in ``ikomodel/data/``."""

KINGDOM_PARTS: frozenset[str] = frozenset({"NL", "AW", "CW", "SX", "BQ"})
"""ISO codes of the parts of the Kingdom of the Netherlands: the European
Netherlands (``NL``), Aruba, Curaçao, Sint Maarten and the Caribbean
Netherlands (Bonaire, Sint Eustatius and Saba, ``BQ``)."""

DEPENDENT_TERRITORIES: Mapping[str, str] = {
    **dict.fromkeys(("GF", "GP", "MQ", "RE", "YT", "PM", "BL", "MF", "NC", "PF"), "FR"),
    **dict.fromkeys(("WF", "TF"), "FR"),
    **dict.fromkeys(("IM", "JE", "GG", "AI", "BM", "IO", "VG", "KY", "FK", "GI"), "GB"),
    **dict.fromkeys(("MS", "PN", "SH", "GS", "TC"), "GB"),
    **dict.fromkeys(("PR", "GU", "VI", "AS", "MP", "UM"), "US"),
    **dict.fromkeys(("FO", "GL"), "DK"),
    **dict.fromkeys(("SJ", "BV"), "NO"),
    **dict.fromkeys(("CX", "CC", "NF", "HM"), "AU"),
    **dict.fromkeys(("CK", "NU", "TK"), "NZ"),
    "AX": "FI",
}
"""Territories with an ISO code of their own whose sovereign state is a party
to the 1980 Convention, mapped to that state. Whether the Convention extends
to each of them (Arts. 39/40) is not in the party table, so treaty questions
about them answer *unknown* while the sovereign is a party. The parts of the
Kingdom and China's Hong Kong and Macao are handled by their own rules."""


class JoinType(Vocabulary):
    """How a party joined the 1980 Convention (Arts. 37, 38 and 39/40)."""

    RATIFICATION = "ratification"
    SUCCESSION = "succession"
    ACCESSION = "accession"
    EXTENSION = "extension"


_labels(
    JoinType,
    {
        "ratification": ("Bekrachtiging", "Ratification"),
        "succession": ("Statenopvolging", "Succession"),
        "accession": ("Toetreding", "Accession"),
        "extension": ("Uitbreiding tot gebiedsdeel", "Extension to a territorial unit"),
    },
)


class Confidence(Vocabulary):
    """How well a row of a reference table is supported by its sources."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


_labels(
    Confidence,
    {
        "high": ("Hoog: officiële bron", "High: read in an official source"),
        "medium": ("Middel: afgeleid", "Medium: inferred or secondary source"),
        "low": ("Laag: ontbrekend of zwak", "Low: missing or weakly supported"),
    },
)


@attrs.frozen(kw_only=True)
class TreatyParty:
    """One row of the 1980 Convention's party table.

    A blank date in the table is ``None`` here and means *not known*, never
    *no relation*.

    Attributes:
        name_en: English name as the sources give it.
        code: ISO 3166-1 alpha-2 code (``None`` for the former Yugoslavia).
        join_type: Ratification, succession, accession or extension.
        entry_into_force: Entry into force for the party itself.
        nl_in_force_from: Date from which the Convention applies between the
            party and the Netherlands.
        party_by: Without ``entry_into_force``: a date by which the sources
            show the state was a party.
        nl_in_force_by: Without ``nl_in_force_from``: a date by which the
            sources show the Convention applied with the Netherlands.
        nl_not_in_force_before: Without ``nl_in_force_from``: a date before
            which the sources show it did not apply with the Netherlands.
        sources: The pages the row was read from.
        confidence: How well the row is supported.
        notes: Reasoning, conflicts between sources, caveats.
        bounds_note: The reasoning behind the three bound dates.
        evidence: The kind of evidence for the relation with the
            Netherlands: ``status_table``, ``tractatenblad``,
            ``eu_decision``, ``court_decision``, ``foreign_list``,
            ``secondary`` or ``none`` (the table's metadata describes each).
        ecli: For a court decision, its European Case Law Identifier.
        decision_date: For a court decision, the date it was given.
    """

    name_en: str
    code: str | None
    join_type: JoinType
    entry_into_force: dt.date | None
    nl_in_force_from: dt.date | None
    party_by: dt.date | None = None
    nl_in_force_by: dt.date | None = None
    nl_not_in_force_before: dt.date | None = None
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.LOW
    notes: str = ""
    bounds_note: str = ""
    evidence: str = ""
    ecli: str = ""
    decision_date: dt.date | None = None


@attrs.frozen(kw_only=True)
class _NonParty:
    """One row of the non-party table: a state that is not a Contracting Party, and why."""

    name_en: str
    code: str
    sources: tuple[str, ...]
    evidence: str
    confidence: Confidence
    notes: str


@attrs.frozen(kw_only=True)
class TreatyTable:
    """The 1980 Convention's parties, current to a stated date.

    >>> table = hague_parties()
    >>> table.lookup("MA").join_type, table.get("IR") is None
    (<JoinType.ACCESSION: 'accession'>, True)
    """

    parties: tuple[TreatyParty, ...]
    """The parties, one row each (a party without an ISO code cannot be looked up)."""
    current_to: dt.date
    """The date the table is complete to: facts about later dates are not in it."""
    version: int
    """The version of the table's data."""
    title: str = ""
    """What the table lists, as its data file states it."""
    current_to_sources: tuple[str, ...] = ()
    """The sources that make the table current to `current_to`."""
    _by_code: Mapping[str, TreatyParty] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_code = {p.code: p for p in self.parties if p.code is not None}
        object.__setattr__(self, "_by_code", by_code)

    def __iter__(self) -> Iterator[TreatyParty]:
        return iter(self.parties)

    def __len__(self) -> int:
        return len(self.parties)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @overload
    def get(self, code: str) -> TreatyParty | None: ...
    @overload
    def get(self, code: str, default: TreatyParty) -> TreatyParty: ...
    @overload
    def get(self, code: str, default: None) -> TreatyParty | None: ...

    def get(self, code: str, default: TreatyParty | None = None) -> TreatyParty | None:
        """Return the party with ISO code ``code``, or ``default`` if it is not in the table."""
        return self._by_code.get(code, default)

    def lookup(self, code: str) -> TreatyParty:
        """Return the party with ISO code ``code``.

        Raises:
            UnknownCountryError: ``code`` is not an ISO 3166-1 alpha-2 code,
                or the country is not a party in this table.
        """
        party = self._by_code.get(code)
        if party is not None:
            return party
        _check_code(code)
        raise UnknownCountryError(
            f"{quote_code(code)} is not a party to the 1980 Convention in the table current to "
            f"{self.current_to.isoformat()}",
            code=code,
        )


def _check_code(code: object, path: str = "country") -> str:
    if not is_alpha2(code):
        raise UnknownCountryError(
            f"{path}: {quote_code(code)} is not an ISO 3166-1 alpha-2 country code "
            "(two upper-case letters such as 'NL' or 'MA')",
            code=str(code),
        )
    assert isinstance(code, str)
    return code


def _read_text(name: str) -> str:
    return resources.files("ikomodel").joinpath("data", name).read_text(encoding="utf-8")


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _join_type(text: str) -> JoinType:
    return JoinType(text.split(" ", 1)[0])


def _sources(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in text.split(" ; ") if s.strip())


def _party(row: Mapping[str, str]) -> TreatyParty:
    return TreatyParty(
        name_en=row["country_name_en"],
        code=row["iso2"] or None,
        join_type=_join_type(row["type"]),
        entry_into_force=_date(row["state_entry_into_force"]),
        nl_in_force_from=_date(row["nl_in_force_from"]),
        party_by=_date(row["state_party_by"]),
        nl_in_force_by=_date(row["nl_in_force_by"]),
        nl_not_in_force_before=_date(row["nl_not_in_force_before"]),
        sources=_sources(row["source_url"]),
        confidence=Confidence(row["confidence"]),
        notes=row["notes"],
        bounds_note=row["bounds_note"],
        evidence=row["evidence"],
        ecli=row["ecli"],
        decision_date=_date(row["decision_date"]),
    )


def _meta() -> dict[str, Any]:
    meta: dict[str, Any] = json.loads(_read_text(HAGUE_TABLE.removesuffix(".csv") + ".json"))
    return meta


@functools.cache
def hague_parties() -> TreatyTable:
    """Return the 1980 Convention's party table (package data, read once).

    >>> hague_parties().current_to
    datetime.date(2026, 2, 9)
    """
    meta = _meta()
    rows = csv.DictReader(io.StringIO(_read_text(HAGUE_TABLE)))
    return TreatyTable(
        parties=tuple(_party(row) for row in rows),
        current_to=dt.date.fromisoformat(meta["current_to"]),
        version=int(meta["version"]),
        title=str(meta["title"]),
        current_to_sources=tuple(str(s) for s in meta.get("current_to_sources", ())),
    )


@functools.cache
def _evidence_kinds() -> Mapping[str, str]:
    """The kinds of evidence a row can cite, with their meaning (from the table's metadata)."""
    return {str(k): str(v) for k, v in _meta()["evidence_kinds"].items()}


@functools.cache
def _nonparties() -> Mapping[str, _NonParty]:
    """The non-party table (package data, read once), by ISO code."""
    rows = csv.DictReader(io.StringIO(_read_text(NONPARTY_TABLE)))
    return {
        row["iso2"]: _NonParty(
            name_en=row["country_name_en"],
            code=row["iso2"],
            sources=_sources(row["source_url"]),
            evidence=row["evidence"],
            confidence=Confidence(row["confidence"]),
            notes=row["notes"],
        )
        for row in rows
    }


def treaty_table_current_to() -> dt.date:
    """Return the date the 1980 Convention's party table is current to.

    Questions about later dates are answered as *unknown* wherever the
    answer could have changed since.

    >>> treaty_table_current_to()
    datetime.date(2026, 2, 9)
    """
    return hague_parties().current_to


@attrs.frozen(kw_only=True)
class CountryName:
    """The Dutch and English display names of one ISO 3166-1 alpha-2 country.

    Attributes:
        code: ISO 3166-1 alpha-2 code.
        name_nl: Dutch name (babel's CLDR name, or a documented override).
        name_en: English name (pycountry's common name where it has one).
        nl_override: Why the Dutch name differs from babel's, if it does.
        en_override: Why the English name differs from pycountry's, if it does.
    """

    code: str
    name_nl: str
    name_en: str
    nl_override: str = ""
    en_override: str = ""

    def name(self, lang: Lang = "nl") -> str:
        """Return the name in ``lang`` (``"nl"`` or ``"en"``)."""
        if lang == "nl":
            return self.name_nl
        if lang == "en":
            return self.name_en
        raise ValidationError.single(
            "lang", f"unknown language {quote(lang, WORD_SHAPE)}; expected 'nl' or 'en'"
        )


@functools.cache
def country_names() -> Mapping[str, CountryName]:
    """Return the frozen country-name table (package data, read once), by ISO code.

    >>> country_names()["AE"].name_nl
    'Verenigde Arabische Emiraten'
    """
    rows = csv.DictReader(io.StringIO(_read_text(COUNTRY_TABLE)))
    return {
        row["code"]: CountryName(
            code=row["code"],
            name_nl=row["name_nl"],
            name_en=row["name_en"],
            nl_override=row["nl_override"],
            en_override=row["en_override"],
        )
        for row in rows
    }


def country_name(code: str, lang: Lang = "nl") -> str:
    """Return the display name of country ``code`` in ``lang`` (Dutch by default).

    Raises:
        UnknownCountryError: ``code`` is not an ISO 3166-1 alpha-2 code.

    >>> country_name("MA"), country_name("TR"), country_name("MA", "en")
    ('Marokko', 'Turkije', 'Morocco')
    """
    entry = country_names().get(code)
    if entry is None:
        _check_code(code, "code")
        raise UnknownCountryError(  # pragma: no cover - the table covers every code
            f"code: no name is known for {quote_code(code)}; regenerate the country table",
            code=code,
        )
    return entry.name(lang)
