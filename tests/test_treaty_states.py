"""The 72 states that matter to the centre: the treaty answer on two dates, and its evidence.

Each state's test id names the source of its answer (an HCCH status-table
date, a Tractatenblad issue, an EU document, a Dutch court decision, a
foreign official list), so a failing test says which fact changed. The data
checks below guard every row of the two tables: a source, a confidence and a
kind of evidence, and for a court decision its ECLI and date.
"""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import ikomodel
from ikomodel._rules.reference import _evidence_kinds, _nonparties
from ikomodel.cli import cli

D = dt.date
Y2021 = D(2021, 6, 1)
CURRENT_TO = D(2026, 2, 9)
DATA = Path(__file__).resolve().parent.parent / "src" / "ikomodel" / "data"

T, F, U = True, False, None
STATES: list[tuple[str, bool | None, bool | None, str]] = [
    # EU Member States (ratifiers: both entries into force; acceding states: Art 38(4)).
    ("AT", T, T, "HCCH-status-table-Art37"),
    ("BE", T, T, "HCCH-status-table-Art37"),
    ("BG", T, T, "HCCH-acceptances-mid607-NL-13-XI-2003"),
    ("CY", U, U, "no-Dutch-acceptance-found"),
    ("CZ", T, T, "Trb-1998-236-Art37"),
    ("DE", T, T, "HCCH-status-table-Art37"),
    ("DK", T, T, "HCCH-status-table-Art37"),
    ("EE", U, U, "no-Dutch-acceptance-found"),
    ("ES", T, T, "HCCH-status-table-Art37"),
    ("FI", T, T, "HCCH-status-table-Art37"),
    ("FR", T, T, "HCCH-status-table-Art37"),
    ("GR", T, T, "HCCH-status-table-Art37"),
    ("HR", T, T, "HCCH-status-table-succession"),
    ("HU", T, T, "ECLI:NL:RBDHA:2021:3783"),
    ("IE", T, T, "HCCH-status-table-Art37"),
    ("IT", T, T, "HCCH-status-table-Art37"),
    ("LT", T, T, "ECLI:NL:RBDHA:2019:6400"),
    ("LU", T, T, "HCCH-status-table-Art37"),
    ("LV", T, T, "ECLI:NL:RBDHA:2017:16423"),
    ("MT", U, U, "no-Dutch-acceptance-found"),
    ("PL", T, T, "ECLI:NL:RBDHA:2019:9643"),
    ("PT", T, T, "UK-SI-1991-2624-Art37"),
    ("RO", T, T, "ECLI:NL:RBDHA:2016:7943"),
    ("SE", T, T, "UK-SI-1991-2624-Art37"),
    ("SI", U, U, "no-Dutch-acceptance-found"),
    ("SK", T, T, "Slovak-gazette-119-2001-Art37"),
    # Other European states.
    ("IS", T, T, "UK-HCWS292-2017-Council-decision"),
    ("NO", T, T, "UK-SI-1991-2624-Art37"),
    ("LI", F, F, "not-a-party-COM(2026)63-103-parties"),
    ("CH", T, T, "Swiss-SR-0.211.230.02-Art37"),
    ("GB", T, T, "UK-SI-1991-2624-Art37"),
    ("TR", T, T, "Trb-1998-236-Art37"),
    ("RU", T, T, "Russian-forum-list-NL-1-06-2016"),
    ("UA", U, T, "ECLI:NL:GHDHA:2025:636"),
    ("BA", T, T, "HCCH-status-table-succession"),
    ("RS", T, T, "succession-party-by-2006"),
    ("MK", T, T, "Trb-2006-87-succession"),
    ("AL", U, U, "no-Dutch-acceptance-found"),
    ("ME", T, T, "HCCH-status-table-succession"),
    ("GE", T, T, "HCCH-acceptances-mid620-NL-25-VIII-1997"),
    ("AM", U, U, "no-Dutch-acceptance-found"),
    ("AZ", F, F, "not-a-party-COM(2026)63-103-parties"),
    ("BY", T, T, "COM(2018)530"),
    ("MD", U, T, "ECLI:NL:RBDHA:2024:3862"),
    ("KZ", U, U, "no-Dutch-acceptance-found"),
    # The Americas.
    ("US", T, T, "HCCH-status-table-Art37"),
    ("CA", T, T, "HCCH-status-table-Art37"),
    ("MX", T, T, "ECLI:NL:RBDHA:2014:3729"),
    ("BR", T, T, "HCCH-acceptances-mid606-NL-8-I-2002"),
    ("SR", F, F, "not-a-party-COM(2026)63-103-parties"),
    ("DO", T, T, "Council-Decision-2019-305"),
    ("CO", T, T, "Council-Decision-2017-2464"),
    ("AR", T, T, "HCCH-status-table-Art37"),
    ("CL", T, T, "UK-HCWS292-2017-Council-decision"),
    ("PE", T, T, "COM-2016-proposal-AT-DK-RO-only"),
    ("VE", T, T, "Trb-1997-275-Art37"),
    # Africa and the Middle East.
    ("MA", T, T, "blog-2010-Israel-and-Netherlands-accepted"),
    ("ZA", T, T, "HCCH-acceptances-mid645-NL-25-VIII-1997"),
    ("TN", U, U, "no-Dutch-acceptance-found"),
    ("EG", F, F, "not-a-party-COM(2026)63-103-parties"),
    ("NG", F, F, "not-a-party-COM(2026)63-103-parties"),
    ("GH", F, F, "not-a-party-COM(2026)63-103-parties"),
    ("IL", T, T, "HCCH-status-table-Art37"),
    # Asia and Oceania.
    ("JP", T, T, "HCCH-status-table-Art37"),
    ("KR", U, U, "COM(2016)372-not-before-2016-09"),
    ("ID", F, F, "not-a-party-COM(2026)63-103-parties"),
    ("IN", F, F, "not-a-party-COM(2026)63-103-parties"),
    ("CN", F, F, "HCCH-status-table-only-HK-and-Macao"),
    ("TH", U, U, "no-Dutch-acceptance-found"),
    ("SG", U, U, "Council-Decision-2015-1024-not-before"),
    ("AU", T, T, "HCCH-status-table-Art37"),
    ("NZ", U, U, "no-Dutch-acceptance-found"),
]
"""(code, answer on 2021-06-01, answer on the current-to date, the source) for the 72 states."""


def test_the_list_holds_the_72_states_of_issue_15() -> None:
    """The list is the issue's 72 states, each once."""
    codes = [code for code, *_ in STATES]
    assert 72 == len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("code", "in_2021", "at_current_to"),
    [pytest.param(code, a, b, id=f"{code}-{source}") for code, a, b, source in STATES],
)
def test_answer_of_each_state_on_both_dates(
    code: str, in_2021: bool | None, at_current_to: bool | None
) -> None:
    """Answer (b) on 1 June 2021 and on the table's current-to date; True/False cite evidence."""
    assert CURRENT_TO == ikomodel.treaty_table_current_to()
    for on, expected in ((Y2021, in_2021), (CURRENT_TO, at_current_to)):
        facts = ikomodel.treaty_facts(code, on)
        assert (
            expected
            == facts.in_force_with_netherlands
            == ikomodel.in_force_with_netherlands(code, on)
        )
        assert facts.rule
        if expected is not None:
            assert facts.sources, code
            assert facts.evidence in set(_evidence_kinds()) - {"none"}, code


def test_unknown_states_are_the_documented_ones() -> None:
    """The states still unknown, on both dates: the list the explanation page gives."""
    unknown_2021 = {code for code, a, _, _ in STATES if a is None}
    unknown_now = {code for code, _, b, _ in STATES if b is None}
    assert {"CY", "EE", "MT", "SI", "UA", "KR", "TN", "TH", "SG", "NZ", "AL", "AM", "MD", "KZ"} == (
        unknown_2021
    )
    assert unknown_2021 - {"UA", "MD"} == unknown_now
    page = Path(__file__).resolve().parent.parent / "docs" / "explanation" / "treaty-status.md"
    text = page.read_text(encoding="utf-8")
    for code in unknown_2021:
        assert f"| {code} |" in text, code


THIRD_SEARCH: list[tuple[str, str, str]] = [
    # (state, what the row's notes must name, the key source of the third search)
    ("CY", "mjpo.gov.cy", "Cyprus-Ministry-of-Justice-list"),
    ("EE", "before Opinion 1/13", "no-EU-decision-on-Estonia"),
    ("MT", "mid=631", "HCCH-mid631-pt-cut-before-Netherlands"),
    ("SI", "Dutch acceptance of Slovenia", "no-Dutch-acceptance-found"),
    ("UA", "ECLI:NL:RBDHA:2013:18698", "no-EU-decision-ECLI:NL:RBDHA:2013:18698-no-bound"),
    ("KR", "COM(2016) 372", "COM(2016)372-no-later-list"),
    ("TN", "2017-30", "Tunisian-organic-law-2017-30"),
    ("TH", "Thailand's accession", "no-EU-decision-on-Thailand"),
    ("SG", "2015/1024", "Decision-(EU)-2015-1024"),
    ("NZ", "Trb. 2003, 35", "Trb-2003-35-no-issue-1998-2003"),
    ("AL", "2015/2355", "Decision-(EU)-2015-2355"),
    ("AM", "2015/2358", "Decision-(EU)-2015-2358-recital-not-stored"),
    ("MD", "earlier than the 2024 decisions", "nothing-before-ECLI:NL:RBDHA:2024:3862"),
    ("KZ", "ratification law", "no-Council-decision-on-Kazakhstan"),
]


@pytest.mark.parametrize(
    ("code", "named", "source"),
    [
        pytest.param(code, named, source, id=f"{code}-third-search-{source}")
        for code, named, source in THIRD_SEARCH
    ],
)
def test_states_unknown_in_2021_record_the_third_search(code: str, named: str, source: str) -> None:
    """A state unknown on 1 June 2021 records what the third search read, and stays unknown."""
    (row,) = [r for r in _rows("hague1980-parties.csv") if r["iso2"] == code]
    assert "Third pass (issue 15)" in row["notes"], source
    assert named in row["notes"], source
    assert ikomodel.in_force_with_netherlands(code, Y2021) is None


@pytest.mark.parametrize(
    ("on", "contracting", "in_force"),
    [
        pytest.param(D(1994, 5, 31), False, False, id="Aviso-278-94-Slovenia-day-before"),
        pytest.param(D(1994, 6, 1), True, None, id="Aviso-278-94-Slovenia-in-force-1994-06-01"),
    ],
)
def test_slovenia_is_a_party_from_its_own_entry_into_force(
    on: dt.date, contracting: bool, in_force: bool | None
) -> None:
    """Slovenia is a Contracting State from 1 June 1994; the Dutch acceptance stays unknown."""
    facts = ikomodel.treaty_facts("SI", on)
    assert (contracting, in_force) == (facts.contracting_state, facts.in_force_with_netherlands)


def test_the_third_search_covers_every_state_unknown_in_2021() -> None:
    """The third search is recorded for exactly the states that answer unknown on 1 June 2021."""
    assert {code for code, *_ in THIRD_SEARCH} == {code for code, a, _, _ in STATES if a is None}
    assert {r["iso2"] for r in _rows("hague1980-parties.csv") if "Third pass" in r["notes"]} == {
        code for code, *_ in THIRD_SEARCH
    }


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        pytest.param("PL", D(2019, 7, 16), None, id="ECLI:NL:RBDHA:2019:9643-day-before"),
        pytest.param("PL", D(2019, 7, 17), True, id="ECLI:NL:RBDHA:2019:9643-decision-date"),
        pytest.param("HU", D(2021, 4, 13), None, id="ECLI:NL:RBDHA:2021:3783-day-before"),
        pytest.param("BY", D(2018, 9, 30), None, id="COM(2018)530-before-bound"),
        pytest.param("BY", D(2018, 10, 1), True, id="COM(2018)530-Art38(4)-bound"),
        pytest.param("KR", D(2016, 8, 31), False, id="COM(2016)372-not-before"),
        pytest.param("KR", D(2016, 9, 1), None, id="COM(2016)372-unknown-after"),
        pytest.param("CV", D(2026, 2, 9), False, id="COM(2026)63-Cabo-Verde-not-yet"),
        pytest.param("UA", D(2025, 2, 25), True, id="ECLI:NL:GHDHA:2025:636"),
        pytest.param("UA", D(2025, 2, 24), None, id="ECLI:NL:GHDHA:2025:636-day-before"),
    ],
)
def test_bounds_turn_the_answer_on_their_dates(
    code: str, on: dt.date, expected: bool | None
) -> None:
    """Before "not before": False; from "in force by": True; in between: unknown."""
    assert expected == ikomodel.in_force_with_netherlands(code, on)


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        pytest.param(
            "SA", D(2018, 2, 7), False, id="ECLI:NL:RBDHA:2018:1705-Saudi-Arabia-non-party"
        ),
        pytest.param(
            "AE", D(2020, 8, 17), False, id="ECLI:NL:RBDHA:2020:7814-Arts-13-20-to-UAE-non-party"
        ),
        pytest.param("CY", D(2022, 8, 2), None, id="ECLI:NL:RBDHA:2022:7866-Cyprus-no-bound"),
        pytest.param("AL", D(2019, 7, 30), None, id="ECLI:NL:RBDHA:2019:7934-Albania-no-bound"),
        pytest.param("UA", D(2013, 12, 24), None, id="ECLI:NL:RBDHA:2013:18698-Ukraine-no-bound"),
        pytest.param("ID", D(2017, 4, 11), False, id="ECLI:NL:RBDHA:2017:3685-Indonesia-non-party"),
    ],
)
def test_a_return_decision_alone_is_no_treaty_relation(
    code: str, on: dt.date, expected: bool | None
) -> None:
    """Dutch courts decide requests about non-parties with the Convention's criteria too.

    So a decision whose text read does not name the Convention as its ground
    gives no "in force by" bound: Cyprus, Albania and Ukraine stay unknown on
    the dates of the decisions found, as Saudi Arabia, the Emirates and
    Indonesia stay non-parties on the dates of theirs.
    """
    assert expected == ikomodel.in_force_with_netherlands(code, on)


def test_decisions_that_give_no_bound_are_recorded_with_their_state() -> None:
    """The decisions found for Cyprus and Albania are cited in the row and on the page, unused."""
    rows = {row["iso2"]: row for row in _rows("hague1980-parties.csv")}
    page = (
        Path(__file__).resolve().parent.parent / "docs" / "explanation" / "treaty-status.md"
    ).read_text(encoding="utf-8")
    for code, ecli in (("CY", "ECLI:NL:RBDHA:2022:7866"), ("AL", "ECLI:NL:RBDHA:2019:7934")):
        row = rows[code]
        assert ecli in row["notes"], code
        assert ecli in row["source_url"], code
        assert ("none", "", "") == (row["evidence"], row["ecli"], row["nl_in_force_by"]), code
        assert ecli in page, code


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        pytest.param("IN", D(2026, 2, 9), False, id="COM(2026)63-India-not-a-party"),
        pytest.param("IN", D(2026, 2, 10), None, id="after-current-to-India-unknown"),
        pytest.param("SR", D(2026, 2, 10), None, id="after-current-to-Suriname-unknown"),
        pytest.param("FR", D(2030, 1, 1), True, id="Art37-France-stays-in-force"),
        pytest.param("PL", D(2030, 1, 1), True, id="court-bound-Poland-stays-in-force"),
        pytest.param("KR", D(2030, 1, 1), None, id="Korea-unknown-after-bound"),
    ],
)
def test_dates_after_the_current_to_date(code: str, on: dt.date, expected: bool | None) -> None:
    """After the current-to date a non-party is unknown; a proven relation stays in force."""
    assert expected == ikomodel.in_force_with_netherlands(code, on)


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        pytest.param("AW", D(2025, 9, 24), False, id="Kingdom-Aruba-PeoplesTribune-2025-09-24"),
        pytest.param("SX", D(2025, 9, 24), False, id="Kingdom-Sint-Maarten-PeoplesTribune"),
        pytest.param("CW", D(2025, 9, 25), None, id="Kingdom-Curacao-after-the-last-report"),
        pytest.param("BQ", CURRENT_TO, True, id="Kingdom-BES-covered"),
    ],
)
def test_kingdom_coverage_dates(code: str, on: dt.date, expected: bool | None) -> None:
    """Aruba, Curaçao and Sint Maarten are not covered up to the last report; BES is."""
    assert expected == ikomodel.contracting_state_status(code, on)
    assert ikomodel.in_force_with_netherlands(code, on) is False


def test_treaty_facts_explain_the_rule_the_dates_and_the_sources() -> None:
    """The explanation of a court-decision bound names the rule, the date, the ECLI, a source."""
    facts = ikomodel.treaty_facts("PL", Y2021)
    assert (D(2019, 7, 17), "ECLI:NL:RBDHA:2019:9643", D(2019, 7, 17)) == (
        facts.nl_in_force_by,
        facts.ecli,
        facts.decision_date,
    )
    text = facts.explain()
    assert "In force with the Netherlands: yes" in text
    assert "Court decision: ECLI:NL:RBDHA:2019:9643 of 2019-07-17" in text
    assert "https://lexboost.com/rechtspraak/ECLI:NL:RBDHA:2019:9643" in text
    assert "Party table complete to: 2026-02-09" in text
    unknown = ikomodel.treaty_facts("CY", Y2021)
    assert "In force with the Netherlands: unknown" in unknown.explain()
    assert "Dutch acceptance" in unknown.rule
    ratifier = ikomodel.treaty_facts("DE", D(1990, 11, 30))
    assert (False, D(1990, 12, 1)) == (
        ratifier.in_force_with_netherlands,
        ratifier.nl_in_force_from,
    )


# --- regeneration checks of the two tables ------------------------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((DATA / name).read_text(encoding="utf-8"))))


@pytest.mark.parametrize("name", ["hague1980-parties.csv", "hague1980-nonparties.csv"])
def test_every_row_has_a_source_a_confidence_and_a_kind_of_evidence(name: str) -> None:
    """Every row of both tables cites a source, gives a confidence and a known kind of evidence."""
    kinds = set(json.loads((DATA / "hague1980-parties.json").read_text())["evidence_kinds"])
    for row in _rows(name):
        assert row["source_url"].strip(), row["country_name_en"]
        assert row["confidence"] in {"high", "medium", "low"}, row["country_name_en"]
        assert row["evidence"] in kinds, row["country_name_en"]


def test_court_decisions_carry_their_ecli_and_date() -> None:
    """A court-decision row gives an ECLI, its date as the "in force by" bound, and cites it."""
    court = [row for row in _rows("hague1980-parties.csv") if row["evidence"] == "court_decision"]
    assert {"HU", "PL", "RO", "LT", "LV", "MX", "UA", "MD"} == {row["iso2"] for row in court}
    for row in court:
        assert row["ecli"].startswith("ECLI:NL:"), row["iso2"]
        assert row["decision_date"] == row["nl_in_force_by"], row["iso2"]
        assert row["ecli"] in row["source_url"], row["iso2"]
        assert row["ecli"] in row["bounds_note"], row["iso2"]
    others = [row for row in _rows("hague1980-parties.csv") if row["evidence"] != "court_decision"]
    assert all(not row["ecli"] and not row["decision_date"] for row in others)


def test_non_parties_are_not_in_the_party_table() -> None:
    """A state of the non-party table is never a party row, and every one of the 72 has a row."""
    table = ikomodel.hague_parties()
    assert set(_nonparties()).isdisjoint(code for code in (p.code for p in table) if code)
    for code, *_ in STATES:
        assert code in table or code in _nonparties(), code


# --- the command line ---------------------------------------------------------------------


def _treaty(*args: str) -> Result:
    return CliRunner().invoke(cli, ["treaty", *args])


def test_treaty_command_prints_the_answer_and_why() -> None:
    """`ikomodel treaty PL --on 2021-06-01` gives the answer, the rule, the ECLI and sources."""
    result = _treaty("PL", "--on", "2021-06-01")
    assert 0 == result.exit_code, result.output
    lines = result.stdout.splitlines()
    assert ["PL on 2021-06-01", "Contracting State: yes", "In force with the Netherlands: yes"] == (
        lines[:3]
    )
    assert "Court decision: ECLI:NL:RBDHA:2019:9643 of 2019-07-17" in lines
    assert any(line.startswith("Why: In force between the Netherlands and PL by") for line in lines)
    assert "  - https://lexboost.com/rechtspraak/ECLI:NL:RBDHA:2019:9643" in lines


@pytest.mark.parametrize(
    ("args", "answer"),
    [
        pytest.param(("cy", "--on", "2021-06-01"), "unknown", id="lower-case-code-Cyprus-unknown"),
        pytest.param(("IN", "--on", "2021-06-01"), "no", id="COM(2026)63-India-not-a-party"),
        pytest.param(("BG", "--on", "2004-01-31"), "no", id="HCCH-mid607-Bulgaria-before"),
    ],
)
def test_treaty_command_answers_yes_no_or_unknown(args: tuple[str, ...], answer: str) -> None:
    """The second line of the answer is yes, no or unknown, as the library answers."""
    result = _treaty(*args)
    assert 0 == result.exit_code, result.output
    assert f"In force with the Netherlands: {answer}" == result.stdout.splitlines()[2]


def test_treaty_command_defaults_to_today() -> None:
    """Without --on the question is asked for today's date."""
    result = _treaty("FR")
    assert 0 == result.exit_code
    assert f"FR on {dt.date.today().isoformat()}" == result.stdout.splitlines()[0]


@pytest.mark.parametrize(
    ("args", "status", "fragment"),
    [
        pytest.param(("PL", "--on", "2021-13-01"), 2, "--on: '2021-13-01'", id="bad-date"),
        pytest.param(("XX",), 1, "'XX' is not an ISO 3166-1 alpha-2", id="bad-code"),
    ],
)
def test_treaty_command_bad_input_is_one_line(
    args: tuple[str, ...], status: int, fragment: str
) -> None:
    """A bad date or code: one line on standard error, no traceback."""
    result = _treaty(*args)
    lines = result.stderr.splitlines()
    assert (status, 1) == (result.exit_code, len(lines)), result.stderr
    assert fragment in lines[0]
    assert "Traceback" not in result.output


def test_treaty_command_help_shows_the_example() -> None:
    """The help text shows the example the documentation uses."""
    result = _treaty("--help")
    assert 0 == result.exit_code
    assert "ikomodel treaty PL --on 2021-06-01" in result.stdout
