"""Tests of the reference data (treaty parties, country names) and the treaty rules."""

import datetime as dt
import importlib.util
import types
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ikomodel
from ikomodel import EuRegime, JoinType, TreatyStatus

D = dt.date
Y2021 = D(2021, 6, 1)
ROOT = Path(__file__).resolve().parent.parent
ISO_CODES = sorted(ikomodel.alpha2_codes())


def _load_script() -> types.ModuleType:
    path = ROOT / "scripts" / "generate_country_table.py"
    spec = importlib.util.spec_from_file_location("generate_country_table", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the party table -----------------------------------------------------------------


def test_table_keeps_every_row_with_source_and_confidence() -> None:
    """All 105 rows are loaded, each with at least one source and a confidence."""
    table = ikomodel.hague_parties()
    assert 105 == len(table)
    assert all(party.sources for party in table)
    assert {"high", "medium", "low"} == {party.confidence.value for party in table}


def test_table_is_loaded_once() -> None:
    """The package data is read once and the same table object is returned."""
    assert ikomodel.hague_parties() is ikomodel.hague_parties()


def test_table_current_to() -> None:
    """The table says the date it is current to, from its metadata file."""
    assert D(2026, 2, 9) == ikomodel.treaty_table_current_to()
    assert ikomodel.hague_parties().current_to == ikomodel.treaty_table_current_to()


def test_get_and_lookup() -> None:
    """get() returns a default for a non-party; lookup() returns the typed row."""
    table = ikomodel.hague_parties()
    bulgaria = table.lookup("BG")
    assert (JoinType.ACCESSION, D(2003, 8, 1), D(2004, 2, 1)) == (
        bulgaria.join_type,
        bulgaria.entry_into_force,
        bulgaria.nl_in_force_from,
    )
    assert table.get("IR") is None
    assert bulgaria is table.get("BG", bulgaria)
    assert "BG" in table
    assert "CN" not in table


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        pytest.param("IR", "not a party", id="valid-code-not-a-party"),
        pytest.param("XX", "not an ISO 3166-1 alpha-2", id="not-a-code"),
        pytest.param("nl", "not an ISO 3166-1 alpha-2", id="lower-case"),
    ],
)
def test_lookup_raises_unknown_country(code: str, fragment: str) -> None:
    """lookup() raises UnknownCountryError (also a LookupError) naming the code."""
    with pytest.raises(ikomodel.UnknownCountryError) as info:
        ikomodel.hague_parties().lookup(code)
    assert fragment in str(info.value)
    assert code == info.value.code
    assert isinstance(info.value, LookupError)


def test_former_yugoslavia_is_kept_without_a_code() -> None:
    """The historic SFRY row is kept, without an ISO code, and cannot be looked up."""
    rows = [p for p in ikomodel.hague_parties() if p.code is None]
    assert ["Yugoslavia (SFRY, dissolved)"] == [p.name_en for p in rows]


def test_ratifier_rows_agree_with_the_rule() -> None:
    """Filled NL dates of ratifiers and successors equal max(NL EIF, own EIF) (Arts 37, 38(3)).

    North Macedonia is the one documented exception: its Tractatenblad date
    precedes Yugoslavia's own entry into force, so the table takes the later date.
    """
    mismatches = [
        p.code
        for p in ikomodel.hague_parties()
        if p.join_type in {JoinType.RATIFICATION, JoinType.SUCCESSION}
        and p.entry_into_force is not None
        and p.nl_in_force_from is not None
        and p.nl_in_force_from != max(ikomodel.NL_ENTRY_INTO_FORCE, p.entry_into_force)
    ]
    assert ["MK"] == mismatches


def test_bounds_only_fill_gaps_and_are_explained() -> None:
    """Bound dates appear only where the exact date is blank, and always with a reason."""
    for party in ikomodel.hague_parties():
        if party.party_by is not None:
            assert party.entry_into_force is None
        if party.nl_in_force_by is not None or party.nl_not_in_force_before is not None:
            assert party.nl_in_force_from is None
        has_bound = party.party_by or party.nl_in_force_by or party.nl_not_in_force_before
        assert bool(has_bound) == bool(party.bounds_note), party.code


def test_every_table_code_is_iso() -> None:
    """Every code in the table and the territory lists is a current ISO 3166-1 alpha-2 code."""
    codes = {p.code for p in ikomodel.hague_parties() if p.code is not None}
    codes |= set(ikomodel.DEPENDENT_TERRITORIES) | set(ikomodel.EU_TERRITORIES)
    codes |= set(ikomodel.EU_MEMBERSHIP) | ikomodel.KINGDOM_PARTS
    assert set() == {c for c in codes if not ikomodel.is_alpha2(c)}


# --- Art 38: the date rule -------------------------------------------------------------


@pytest.mark.parametrize(
    ("deposit", "expected"),
    [
        pytest.param(D(2003, 11, 13), D(2004, 2, 1), id="Art38(5)-NL-accepts-Bulgaria"),
        pytest.param(D(1997, 8, 25), D(1997, 11, 1), id="Art38(5)-NL-accepts-Georgia"),
        pytest.param(D(2002, 1, 8), D(2002, 4, 1), id="Art38(5)-NL-accepts-Brazil"),
        pytest.param(D(1998, 4, 10), D(1998, 7, 1), id="Art38(3)-Moldova-accedes"),
        pytest.param(D(1998, 5, 13), D(1998, 8, 1), id="Art38(3)-Paraguay-accedes"),
        pytest.param(D(2016, 12, 22), D(2017, 3, 1), id="Art38(3)-Pakistan-over-year-end"),
    ],
)
def test_art38_entry_into_force(deposit: dt.date, expected: dt.date) -> None:
    """An accession or acceptance takes effect on the first day of the third month after deposit."""
    assert expected == ikomodel.art38_entry_into_force(deposit)


# --- answer (a): Contracting State -----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        pytest.param("MA", Y2021, True, id="Art38-Morocco-2021"),
        pytest.param("MA", D(2010, 5, 31), False, id="Art38-Morocco-before-EIF-2010"),
        pytest.param("TR", Y2021, True, id="Art37-Turkiye-2021"),
        pytest.param("DE", Y2021, True, id="Art37-Germany-2021"),
        pytest.param("GB", Y2021, True, id="Art37-UK-2021"),
        pytest.param("US", Y2021, True, id="Art37-US-2021"),
        pytest.param("PL", Y2021, True, id="Art38-Poland-2021"),
        pytest.param("BO", Y2021, True, id="Art38-Bolivia-party-though-not-with-NL"),
        pytest.param("PH", Y2021, True, id="Art38-Philippines-party-by-2016"),
        pytest.param("PT", Y2021, True, id="Art37-Portugal-party-by-1986-UK-SI-1991"),
        pytest.param("RS", Y2021, True, id="succession-Serbia-party-by-2006"),
        pytest.param("UA", Y2021, True, id="Art38-Ukraine-party-by-2007"),
        pytest.param("RO", Y2021, True, id="Art38-Romania-party-by-2013"),
        pytest.param("BW", Y2021, False, id="Art38-Botswana-only-from-2023"),
        pytest.param("BW", D(2023, 2, 1), True, id="Art38-Botswana-2023"),
        pytest.param("IR", Y2021, False, id="Iran-never-a-party"),
        pytest.param("IN", Y2021, False, id="India-never-a-party"),
        pytest.param("FR", D(1983, 11, 30), False, id="Art43-before-the-Convention"),
        pytest.param("FR", D(1983, 12, 1), True, id="Art43-Convention-in-force-1983"),
    ],
)
def test_is_contracting_state(code: str, on: dt.date, expected: bool) -> None:
    """Answer (a) follows each state's own entry into force, or its sourced 'party by' date."""
    assert expected == ikomodel.is_contracting_state(code, on)


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        pytest.param("NL", D(1990, 8, 31), False, id="Kingdom-NL-before-1990"),
        pytest.param("NL", D(1990, 9, 1), True, id="Kingdom-NL-from-1990-09-01"),
        pytest.param("AW", Y2021, False, id="Kingdom-Aruba-not-covered-2021"),
        pytest.param("CW", Y2021, False, id="Kingdom-Curacao-not-covered-2021"),
        pytest.param("SX", Y2021, False, id="Kingdom-Sint-Maarten-not-covered-2021"),
        pytest.param(
            "CW", D(2024, 6, 1), False, id="Kingdom-Curacao-not-covered-PeoplesTribune-2025"
        ),
        pytest.param("CW", D(2026, 6, 1), None, id="Kingdom-Curacao-extension-unverified"),
        pytest.param("BQ", D(2010, 10, 9), False, id="Kingdom-BES-before-10-10-2010"),
        pytest.param("BQ", D(2015, 1, 1), None, id="Kingdom-BES-effective-date-unknown"),
        pytest.param("BQ", Y2021, True, id="Kingdom-BES-covered-2021"),
        pytest.param("HK", Y2021, True, id="Art39-China-Hong-Kong"),
        pytest.param("MO", Y2021, True, id="Art39-China-Macao"),
        pytest.param("HK", D(2000, 1, 1), None, id="Art39-Hong-Kong-date-not-captured"),
        pytest.param("CN", Y2021, False, id="Art39-mainland-China-not-covered"),
        pytest.param("GL", Y2021, None, id="Art39-Greenland-coverage-unknown"),
        pytest.param("PR", Y2021, None, id="Art39-Puerto-Rico-coverage-unknown"),
        pytest.param("GL", D(1991, 1, 1), False, id="Art39-Greenland-before-Denmark-1991"),
        pytest.param("LK", Y2021, None, id="Art38-Sri-Lanka-dates-not-captured"),
        pytest.param("IR", D(2026, 6, 1), None, id="after-table-current-to"),
    ],
)
def test_contracting_state_status_territories_and_gaps(
    code: str, on: dt.date, expected: bool | None
) -> None:
    """Territorial units and missing facts get their own answer, None meaning unknown."""
    assert expected == ikomodel.contracting_state_status(code, on)


def test_caribbean_netherlands_date_is_configurable() -> None:
    """A known effective date for the Caribbean Netherlands replaces the unknown window."""
    on = D(2011, 6, 1)
    assert ikomodel.contracting_state_status("BQ", on) is None
    assert ikomodel.contracting_state_status("BQ", on, caribbean_netherlands_from=D(2010, 10, 10))
    assert not ikomodel.contracting_state_status("BQ", on, caribbean_netherlands_from=D(2012, 1, 1))


def test_is_contracting_state_raises_when_unknown() -> None:
    """The two-valued answer raises UnknownTreatyStatusError instead of guessing."""
    with pytest.raises(ikomodel.UnknownTreatyStatusError) as info:
        ikomodel.is_contracting_state("LK", Y2021)
    assert ("LK", Y2021) == (info.value.code, info.value.on)
    assert isinstance(info.value, ikomodel.IkoModelError)


@pytest.mark.parametrize("code", ["XX", "nl", "NLD", ""])
def test_treaty_questions_reject_bad_codes(code: str) -> None:
    """A code that is not ISO 3166-1 alpha-2 raises UnknownCountryError in every treaty rule."""
    for rule in (
        ikomodel.contracting_state_status,
        ikomodel.in_force_with_netherlands,
        ikomodel.treaty_status,
    ):
        with pytest.raises(ikomodel.UnknownCountryError):
            rule(code, Y2021)


# --- answer (b): in force with the Netherlands -----------------------------------------


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        pytest.param("DE", D(1990, 11, 30), False, id="Art37-Germany-before-own-EIF"),
        pytest.param("DE", D(1990, 12, 1), True, id="Art37-Germany-from-own-EIF"),
        pytest.param("FR", D(1990, 8, 31), False, id="Art35-France-before-NL-EIF"),
        pytest.param("FR", D(1990, 9, 1), True, id="Art37-France-from-NL-EIF"),
        pytest.param("JP", D(2014, 3, 31), False, id="Art37-Japan-before-2014"),
        pytest.param("JP", D(2014, 4, 1), True, id="Art37-Japan-ratified-2014"),
        pytest.param("TR", Y2021, True, id="Art37-Turkiye-2021"),
        pytest.param("HR", Y2021, True, id="succession-Croatia"),
        pytest.param("RS", D(2006, 6, 3), True, id="succession-Serbia-by-2006"),
        pytest.param("RS", D(1995, 1, 1), None, id="succession-Serbia-date-not-captured"),
        pytest.param("BG", D(2004, 1, 31), False, id="Art38(4)-Bulgaria-accepted-2003-before"),
        pytest.param("BG", D(2004, 2, 1), True, id="Art38(4)-Bulgaria-accepted-2003"),
        pytest.param("BR", D(2002, 3, 31), False, id="Art38(4)-Brazil-before-acceptance"),
        pytest.param("BR", D(2002, 4, 1), True, id="Art38(4)-Brazil-accepted-2002"),
        pytest.param("GE", D(1997, 11, 1), True, id="Art38(4)-Georgia-accepted-1997"),
        pytest.param("ZA", D(1997, 10, 31), False, id="Art38(4)-South-Africa-before"),
        pytest.param("MA", Y2021, True, id="Art38(4)-Morocco-2010"),
        pytest.param("RU", D(2016, 5, 31), False, id="Art38(4)-Russia-before-2016"),
        pytest.param("RU", D(2016, 6, 1), True, id="Art38(4)-Russia-accepted-2016"),
        pytest.param("BO", Y2021, False, id="COM(2021)369-Bolivia-not-accepted-2021"),
        pytest.param("PH", Y2021, False, id="COM(2021)359-Philippines-not-accepted-2021"),
        pytest.param("SM", D(2017, 6, 1), False, id="Decision-2017-2463-San-Marino-2017"),
        pytest.param("SM", Y2021, None, id="Decision-2017-2463-San-Marino-date-unknown"),
        pytest.param("SG", D(2015, 6, 1), False, id="Decision-2015-1024-Singapore-2015"),
        pytest.param("CL", Y2021, True, id="HCWS292-Chile-accepted-before-2018"),
        pytest.param("CO", Y2021, True, id="Decision-2017-2464-Colombia"),
        pytest.param("HN", Y2021, True, id="Decision-2019-307-Honduras"),
        pytest.param("DO", Y2021, True, id="Decision-2019-305-Dominican-Republic"),
        pytest.param("PL", Y2021, True, id="ECLI:NL:RBDHA:2019:9643-Poland"),
        pytest.param("HU", Y2021, True, id="ECLI:NL:RBDHA:2021:3783-Hungary"),
        pytest.param("CY", Y2021, None, id="Art38(4)-Cyprus-acceptance-not-found"),
        pytest.param("MA", D(2010, 5, 31), False, id="Art38-Morocco-not-yet-a-party"),
        pytest.param("IR", Y2021, False, id="Iran-not-a-party"),
        pytest.param("CN", Y2021, False, id="Art39-mainland-China"),
        pytest.param("HK", Y2021, None, id="Art39-Hong-Kong-relation-not-captured"),
        pytest.param("GL", Y2021, None, id="Art39-Greenland-coverage-unknown"),
        pytest.param("PT", D(1990, 9, 1), True, id="Art37-Portugal-from-NL-EIF"),
    ],
)
def test_in_force_with_netherlands(code: str, on: dt.date, expected: bool | None) -> None:
    """Answer (b) follows domain-facts §1: ratifiers automatic, accessions from NL acceptance."""
    assert expected == ikomodel.in_force_with_netherlands(code, on)


@pytest.mark.parametrize("code", sorted(ikomodel.KINGDOM_PARTS))
def test_never_in_force_within_the_kingdom(code: str) -> None:
    """No Hague procedure applies between the Netherlands and a part of the Kingdom (Art 33)."""
    assert ikomodel.in_force_with_netherlands(code, Y2021) is False
    assert TreatyStatus.WITHIN_KINGDOM == ikomodel.treaty_status(code, Y2021)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param("NL", "CW", True, id="Kingdom-NL-Curacao"),
        pytest.param("AW", "SX", True, id="Kingdom-Aruba-Sint-Maarten"),
        pytest.param("BQ", "NL", True, id="Kingdom-BES-NL"),
        pytest.param("NL", "NL", False, id="Kingdom-same-part"),
        pytest.param("NL", "BE", False, id="Kingdom-to-Belgium"),
        pytest.param("CW", "VE", False, id="Kingdom-Curacao-to-Venezuela"),
    ],
)
def test_within_kingdom(a: str, b: str, expected: bool) -> None:
    """A move between two different parts of the Kingdom is within the Kingdom."""
    assert expected == ikomodel.within_kingdom(a, b)


# --- the EU regime ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "on", "expected"),
    [
        pytest.param("NL", "DE", Y2021, EuRegime.BRUSSELS_IIA, id="Reg2201/2003-NL-DE-2021"),
        pytest.param("NL", "DE", D(2022, 7, 31), EuRegime.BRUSSELS_IIA, id="Reg2019/1111-Art100"),
        pytest.param("NL", "DE", D(2022, 8, 1), EuRegime.BRUSSELS_IIB, id="Reg2019/1111-Art105"),
        pytest.param("NL", "DK", Y2021, None, id="Reg2201/2003-Art2(3)-Denmark-not-bound"),
        pytest.param("NL", "MA", Y2021, None, id="third-state-Morocco"),
        pytest.param("NL", "GB", D(2020, 12, 31), EuRegime.BRUSSELS_IIA, id="UK-transition"),
        pytest.param("NL", "GB", Y2021, None, id="UK-after-transition"),
        pytest.param("NL", "HR", D(2013, 6, 30), None, id="Croatia-before-accession"),
        pytest.param("NL", "HR", D(2013, 7, 1), EuRegime.BRUSSELS_IIA, id="Croatia-2013-07-01"),
        pytest.param("NL", "PL", D(2004, 5, 1), None, id="Reg2201/2003-Art72-from-2005-03"),
        pytest.param("NL", "PL", D(2005, 3, 1), EuRegime.BRUSSELS_IIA, id="Reg2201/2003-Art72"),
        pytest.param("FR", "RE", Y2021, None, id="same-state-Reunion"),
        pytest.param("NL", "RE", Y2021, EuRegime.BRUSSELS_IIA, id="outermost-region-Reunion"),
        pytest.param("NL", "YT", D(2013, 6, 1), None, id="Mayotte-before-2014"),
        pytest.param("CW", "NL", Y2021, None, id="Kingdom-Curacao-not-EU"),
        pytest.param("NL", "NL", Y2021, None, id="same-state"),
    ],
)
def test_eu_regime(a: str, b: str, on: dt.date, expected: EuRegime | None) -> None:
    """Brussels IIa before 1 August 2022, IIb from then, between Member States except Denmark."""
    assert expected == ikomodel.eu_regime(a, b, on)
    assert expected == ikomodel.eu_regime(b, a, on)


# --- the combined record ----------------------------------------------------------------


def test_treaty_facts_combine_every_answer() -> None:
    """treaty_facts() gives both treaty answers, the Kingdom flag and the EU regime at once."""
    facts = ikomodel.treaty_facts("PL", Y2021)
    assert (True, True, False, EuRegime.BRUSSELS_IIA, TreatyStatus.CONTRACTING_STATE) == (
        facts.contracting_state,
        facts.in_force_with_netherlands,
        facts.within_kingdom,
        facts.eu_regime,
        facts.status,
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("MA", TreatyStatus.CONTRACTING_STATE, id="report-1.5-Verdragsland"),
        pytest.param("BO", TreatyStatus.CONTRACTING_STATE, id="report-1.5-Bolivia-is-party"),
        pytest.param("EG", TreatyStatus.NON_CONTRACTING_STATE, id="report-1.5-Egypt"),
        pytest.param("AW", TreatyStatus.WITHIN_KINGDOM, id="report-1.7-Kingdom"),
        pytest.param("LK", TreatyStatus.UNKNOWN, id="Sri-Lanka-unknown"),
    ],
)
def test_treaty_status(code: str, expected: TreatyStatus) -> None:
    """The report's treaty class is based on answer (a), with the Kingdom and unknown apart."""
    assert expected == ikomodel.treaty_status(code, Y2021)


# --- properties ---------------------------------------------------------------------------

codes = st.sampled_from(ISO_CODES)
dates = st.dates(min_value=D(1980, 1, 1), max_value=D(2030, 12, 31))
_RANK = {False: 0, None: 1, True: 2}


@given(codes, dates, dates)
def test_in_force_never_turns_false_later(code: str, first: dt.date, second: dt.date) -> None:
    """Business rule: once in force with the Netherlands, always in force (Art 35).

    No state has left the Convention, so the answer never turns from True to
    False (nor to unknown) as the date moves later.
    """
    early, late = sorted((first, second))
    before = ikomodel.in_force_with_netherlands(code, early)
    after = ikomodel.in_force_with_netherlands(code, late)
    assert _RANK[before] <= _RANK[after] or before is False


@given(codes, dates, dates)
def test_contracting_never_turns_false_later(code: str, first: dt.date, second: dt.date) -> None:
    """Business rule: a Contracting State stays one as the date moves later (no denunciations)."""
    early, late = sorted((first, second))
    if ikomodel.contracting_state_status(code, early) is True:
        assert ikomodel.contracting_state_status(code, late) is True


@given(codes, dates)
def test_in_force_implies_contracting(code: str, on: dt.date) -> None:
    """Business rule: the Convention only operates with a state that is a Contracting State."""
    if ikomodel.in_force_with_netherlands(code, on):
        assert ikomodel.contracting_state_status(code, on) is True


@given(codes, codes, dates)
def test_every_code_classifies(a: str, b: str, on: dt.date) -> None:
    """Business rule: every ISO code gets a treaty answer, Kingdom flag and EU regime, no error."""
    facts = ikomodel.treaty_facts(a, on)
    assert facts.status in set(TreatyStatus)
    assert ikomodel.eu_regime(a, b, on) in {None, *EuRegime}
    assert isinstance(ikomodel.within_kingdom(a, b), bool)


@given(codes, dates)
def test_treaty_status_is_the_status_of_the_facts(code: str, on: dt.date) -> None:
    """Business rule: the report's treaty class of a country is that of its treaty facts.

    treaty_status() computes only the answer the class reads; it must agree
    with treaty_facts(...).status for every country and date.
    """
    expected = ikomodel.treaty_facts(code, on).status
    assert expected == ikomodel.treaty_status(code, on)


# --- country names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "lang", "expected"),
    [
        pytest.param("MA", "nl", "Marokko", id="babel-nl-Morocco"),
        pytest.param("AE", "nl", "Verenigde Arabische Emiraten", id="babel-nl-UAE"),
        pytest.param("TR", "nl", "Turkije", id="babel-nl-Turkiye"),
        pytest.param("US", "nl", "Verenigde Staten", id="babel-nl-US"),
        pytest.param("GB", "nl", "Verenigd Koninkrijk", id="babel-nl-UK"),
        pytest.param("HK", "nl", "Hongkong", id="override-nl-Hong-Kong"),
        pytest.param("SX", "nl", "Sint Maarten", id="override-nl-Sint-Maarten"),
        pytest.param("MA", "en", "Morocco", id="pycountry-en-Morocco"),
        pytest.param("KR", "en", "South Korea", id="pycountry-common-name"),
        pytest.param("CD", "en", "Democratic Republic of the Congo", id="override-en-DRC"),
    ],
)
def test_country_name(code: str, lang: ikomodel.Lang, expected: str) -> None:
    """Country names come from the frozen table, in Dutch by default."""
    assert expected == ikomodel.country_name(code, lang)


def test_country_name_unknown_code_raises() -> None:
    """A code that is not ISO 3166-1 alpha-2 raises UnknownCountryError naming 'code'."""
    with pytest.raises(ikomodel.UnknownCountryError, match="code: 'XX'"):
        ikomodel.country_name("XX")


def test_country_table_covers_every_iso_code() -> None:
    """The frozen table has exactly one row per current ISO 3166-1 alpha-2 code."""
    assert ISO_CODES == sorted(ikomodel.country_names())


def test_overrides_are_documented() -> None:
    """Every name that differs from the libraries' says so, with the original and a reason."""
    for entry in ikomodel.country_names().values():
        if entry.nl_override:
            assert entry.nl_override.startswith("babel: ")
        if entry.en_override:
            assert entry.en_override.startswith("pycountry: ")


def test_country_table_matches_installed_libraries() -> None:
    """Regenerating the country table with the installed libraries gives the shipped file.

    A pycountry or babel upgrade that renames a country fails here until the
    table is regenerated with scripts/generate_country_table.py.
    """
    script = _load_script()
    shipped = (ROOT / "src" / "ikomodel" / "data" / "countries.csv").read_text(encoding="utf-8")
    assert shipped == script.render()


def test_shipped_table_keeps_every_column_of_the_research_table() -> None:
    """The package data keeps the research table's columns, then the bound and evidence columns."""
    header = (
        (ROOT / "src" / "ikomodel" / "data" / "hague1980-parties.csv")
        .read_text(encoding="utf-8")
        .splitlines()[0]
        .split(",")
    )
    assert [
        "country_name_en",
        "iso2",
        "type",
        "state_entry_into_force",
        "nl_in_force_from",
        "source_url",
        "confidence",
        "notes",
        "state_party_by",
        "nl_in_force_by",
        "nl_not_in_force_before",
        "bounds_note",
        "evidence",
        "ecli",
        "decision_date",
    ] == header


def test_country_names_are_loaded_once() -> None:
    """The frozen country table is read once and shared."""
    assert ikomodel.country_names() is ikomodel.country_names()
