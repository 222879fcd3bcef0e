"""Every year of the centre: registers of any year, reports of every year, series over years.

Issue 14, items 1 and 2 and ``ikomodel report --year Y``: cases opened in any
year since Centrum IKO began are valid; the years before 2018 use an assumed
taxonomy that every report of them names in a note; users declare their own
taxonomies; one call reports every year a register covers, and one call turns
several reports or figures documents into a tidy series.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import ikomodel
from ikomodel import (
    FOUNDING_YEAR,
    TAXONOMIES,
    AnnualReport,
    Case,
    Category,
    ClientKind,
    IkoModelError,
    Line,
    Party,
    Register,
    SeriesPoint,
    Taxonomy,
    UnknownYearError,
    ValidationError,
    annual_report,
    annual_reports,
    frames,
    published_figures,
    report_series,
    suppress,
    taxonomy_for,
    write_figures,
    write_register,
)
from ikomodel.cli import cli
from ikomodel.testing import registers

THIS_YEAR = dt.date.today().year
MOTHER = Party(kind=ClientKind.MOTHER, roles=(ikomodel.Role.INITIATOR,))


def case(
    case_id: str,
    opened: dt.date,
    category: Category = Category.PREVENTION,
    line: Line = Line.SECOND,
    **changes: Any,
) -> Case:
    return Case(
        id=case_id, opened=opened, line=line, category=category, parties=(MOTHER,), **changes
    )


# --- the centre's years ----------------------------------------------------------------------


def test_the_centre_began_in_2006() -> None:
    """Source: Labadie (2023), Research Handbook on International Child Abduction, ch. 23."""
    assert 2006 == FOUNDING_YEAR
    assert taxonomy_for(FOUNDING_YEAR).assumed


def test_a_case_opened_in_2016_is_a_valid_record() -> None:
    """The issue's example: ``Register(cases=(case_opened_2016,))`` no longer raises."""
    register = Register(cases=(case("c-2016", dt.date(2016, 5, 2)),))
    assert range(2016, 2017) == register.years
    assert taxonomy_for(2016).assumed
    assert not taxonomy_for(2018).assumed


@pytest.mark.parametrize("year", [FOUNDING_YEAR - 1, 1990, 1])
def test_a_case_opened_before_the_centre_is_refused_clearly(year: int) -> None:
    """Before the founding year a case is a problem at its opened date naming the founding."""
    with pytest.raises(ValidationError) as info:
        Register(cases=(case("c", dt.date(year, 6, 1)),))
    assert ["cases[0].opened"] == info.value.paths
    assert f"Centrum IKO began in {FOUNDING_YEAR}" in info.value.problems[0].message


@pytest.mark.parametrize("year", [-1, 0, FOUNDING_YEAR - 1, 2101, 10_000])
def test_bad_years_raise_the_library_error(year: int) -> None:
    """Negative, pre-centre and far-future years raise UnknownYearError, an IkoModelError."""
    for call in (
        lambda: annual_report(Register(), year),
        lambda: annual_reports(Register(), years=[2021, year]),
        lambda: taxonomy_for(year),
    ):
        with pytest.raises(UnknownYearError) as info:
            call()
        assert isinstance(info.value, IkoModelError)
        assert not isinstance(info.value, ValueError)
        assert str(year) in str(info.value)
        assert info.value.year == year


def test_every_year_from_the_founding_has_a_taxonomy() -> None:
    """The library's taxonomies cover the founding year to the far future without a gap."""
    names = [taxonomy_for(year).name for year in range(FOUNDING_YEAR, 2101)]
    assert {"iko-assumed", "iko-2018"} == set(names)
    assert all(t.assumed == (t.first_year < 2018) for t in TAXONOMIES)
    assert all(t.note for t in TAXONOMIES if t.assumed)


# --- a register of every year ----------------------------------------------------------------


@st.composite
def registers_of_every_year(draw: st.DrawFn) -> Register:
    """Registers with cases opened from the centre's first years to today."""
    return draw(registers(year=THIS_YEAR, since=FOUNDING_YEAR, max_cases=30))


@settings(max_examples=60, deadline=None)
@given(registers_of_every_year())
def test_every_year_reports_and_the_case_counts_add_up(register: Register) -> None:
    """Rule: "A case counts in the year it was opened, on the line it was on at the year end".

    So each year's first- and second-line totals add up to the register's
    cases opened in that year, for every year the register covers.
    """
    opened = Counter(c.opened.year for c in register.cases)
    reports = annual_reports(register)
    assert list(register.years) == list(reports)
    for year, report in reports.items():
        first = report.get("first_line", None, "cases") or 0
        second = report.get("second_line", None, "cases") or 0
        assert opened[year] == first + second, year
    assert sum(opened.values()) == sum(
        (r.get("first_line", None, "cases") or 0) + (r.get("second_line", None, "cases") or 0)
        for r in reports.values()
    )


@settings(max_examples=60, deadline=None)
@given(registers_of_every_year(), st.integers(1, 6))
def test_the_reports_of_every_year_equal_the_single_year_reports(
    register: Register, span: int
) -> None:
    """``annual_reports(r)[y] == annual_report(r, y)``: same rules, earlier cases included."""
    reports = annual_reports(register, span=span)
    for year, report in reports.items():
        single = annual_report(register, year, span=span)
        assert single == report
        assert single.taxonomies == report.taxonomies
        assert single.notes() == report.notes()


def test_earlier_cases_count_as_still_open_as_in_the_2021_report() -> None:
    """A second-line case opened before the year and open at its end is "from earlier years"."""
    register = Register(
        cases=(
            case("a", dt.date(2009, 5, 1)),  # never closed
            case("b", dt.date(2010, 2, 1), closed=dt.date(2012, 3, 1), closure_reason="resolved"),
            case("c", dt.date(2011, 2, 1), line=Line.FIRST, category=Category.GENERAL_ADVICE),
            case("d", dt.date(2012, 2, 1), escalated=dt.date(2013, 6, 1)),
        )
    )
    still_open = {
        year: report.get("second_line_flow", "earlier_still_open", "cases")
        for year, report in annual_reports(register).items()
    }
    assert {2009: 0, 2010: 1, 2011: 2, 2012: 1} == still_open  # the years with a record
    for year, expected in ((2013, 2), (2015, 2)):  # d counts from its escalation on
        report = annual_report(register, year)
        assert expected == report.get("second_line_flow", "earlier_still_open", "cases")


def test_the_years_of_a_register_span_its_records() -> None:
    """From the earliest to the latest year of a case, contact or request; gaps included."""
    contact = ikomodel.Contact(
        id="t", on=dt.date(2019, 1, 5), channel=ikomodel.Channel.EMAIL, client=ClientKind.FATHER
    )
    register = Register(cases=(case("a", dt.date(2012, 5, 1)),), contacts=(contact,))
    assert range(2012, 2020) == register.years
    assert list(range(2012, 2020)) == list(annual_reports(register))
    assert [2014] == list(annual_reports(register, years=[2014]))
    assert {} == annual_reports(Register())


# --- the assumed taxonomy's note -------------------------------------------------------------


def test_a_report_of_an_assumed_year_says_so() -> None:
    """The report of 2016, and of 2019 (whose multi-year tables reach 2016), carry a note."""
    register = Register(cases=(case("a", dt.date(2016, 5, 2)), case("b", dt.date(2019, 1, 2))))
    assert (
        annual_report(register, 2016)
        .notes()[0]
        .startswith(
            "The case categories of 2013-2016 are assumed, not sourced (taxonomy iko-assumed): "
            "no source at hand gives the categories"
        )
    )
    assert "of 2016 are" in annual_report(register, 2016, span=1).notes()[0]
    assert "2016-2017" in annual_report(register, 2019).notes()[0]
    assert (
        "De zaakcategorieën van 2016-2017 zijn aangenomen"
        in (annual_report(register, 2019).notes("nl")[0])
    )
    assert () == annual_report(register, 2021).notes()
    assert () == published_figures(2021).notes()
    assert annual_reports(register)[2017].notes() == annual_report(register, 2017).notes()


def test_the_note_is_shown_by_html_text_suppression_and_the_command_line(tmp_path: Path) -> None:
    """HTML, the suppressed report and `ikomodel report` show the note; 2021 has none."""
    register = Register(cases=tuple(case(f"c{i}", dt.date(2015, 3, 1 + i)) for i in range(9)))
    report = annual_report(register, 2015)
    note = report.notes()[0]
    assert note in report.to_html()
    suppressed = suppress(report, threshold=5)
    assert (note,) == suppressed.notes()
    assert note in suppressed.to_html()
    path = tmp_path / "register.json"
    write_register(register, path)
    text = CliRunner().invoke(cli, ["report", str(path), "--year", "2015"])
    assert 0 == text.exit_code, text.output
    assert text.stdout.startswith(note)
    markdown = CliRunner().invoke(cli, ["report", str(path), "--format", "markdown"])
    assert markdown.stdout.startswith(f"> {note}")
    dutch = CliRunner().invoke(cli, ["report", str(path), "--lang", "nl"])
    assert dutch.stdout.startswith("De zaakcategorieën van 2012-2015 zijn aangenomen")
    as_json = CliRunner().invoke(cli, ["report", str(path), "--format", "json"])
    assert 2015 == json.loads(as_json.stdout)["year"]
    assert f"ikomodel: note: {note}" in as_json.stderr
    hidden = CliRunner().invoke(cli, ["report", str(path), "--suppress", "5"])
    assert hidden.stdout.startswith(note)
    assert "assumed" not in CliRunner().invoke(cli, ["report"]).output


# --- a user's taxonomy ---------------------------------------------------------------------


OLDER = Taxonomy(
    name="iko-2010",
    first_year=2010,
    last_year=2013,
    categories=set(Category) - {Category.REFUTING_THREAT},
    labels={"missing_child": ("Vermissing of weglopen", "Missing or runaway child")},
)


def test_a_users_taxonomy_is_honoured_by_validation() -> None:
    """A category the user's taxonomy lacks is refused in its years, accepted in others."""
    threat_2012 = case("a", dt.date(2012, 5, 1), category=Category.REFUTING_THREAT)
    threat_2014 = case("b", dt.date(2014, 5, 1), category=Category.REFUTING_THREAT)
    Register(cases=(threat_2012, threat_2014))  # the library's taxonomies have it
    with pytest.raises(ValidationError) as info:
        Register(cases=(threat_2012, threat_2014), taxonomies=(OLDER, *TAXONOMIES))
    assert ["cases[0].category"] == info.value.paths
    assert "taxonomy iko-2010" in info.value.problems[0].message
    with pytest.raises(ValidationError) as info:
        Register(cases=(threat_2014,), taxonomies=(OLDER,))
    assert "no case taxonomy is known for year 2014; known: iko-2010 (2010-2013)" in str(info.value)


def test_a_users_taxonomy_is_honoured_by_the_report() -> None:
    """Its categories are the report's rows (the others absent), with its labels and note."""
    assumed = attrs.evolve(OLDER, assumed=True, note="read from the 2011 leaflet")
    register = Register(
        cases=(case("a", dt.date(2012, 5, 1), category=Category.MISSING_CHILD),),
        taxonomies=(assumed, *TAXONOMIES),
    )
    report = annual_report(register, 2012)
    assert report == annual_reports(register)[2012]
    assert report.taxonomies[2012] is assumed
    assert None is report.get("second_line", "refuting_threat", "cases")
    assert 1 == report.get("second_line", "missing_child", "cases")
    assert 0 == report.get("second_line", "prevention", "cases")
    assert 1 == report.get("second_line", None, "cases")
    notes = report.notes()
    assert "The case categories of 2009 are assumed, not sourced (taxonomy iko-assumed)" in notes[0]
    assert notes[1] == (
        "The case categories of 2010-2012 are assumed, not sourced (taxonomy iko-2010): "
        "read from the 2011 leaflet."
    )
    assert "Missing or runaway child" in report.to_html()
    assert "Vermissing of weglopen" in report.to_html("nl")
    assert "Missing or runaway child" in ikomodel._present.text.to_csv(report)
    labels = {
        row["row"]: row["row_label"] for row in frames.rows(report, table="second_line", lang="nl")
    }
    assert "Vermissing of weglopen" == labels["missing_child"]
    assert "Preventie" == labels["prevention"]
    # The library's taxonomy for the same year: every category, its usual label.
    plain = annual_report(register, 2012, taxonomies=TAXONOMIES)
    assert 0 == plain.get("second_line", "refuting_threat", "cases")
    assert "Missing or runaway child" not in plain.to_html()


def test_a_report_with_another_taxonomy_checks_the_cases_it_counts() -> None:
    """A case of a counted year outside the given taxonomy is named; other years are not read."""
    register = Register(
        cases=(
            case("a", dt.date(2008, 5, 1)),
            case("b", dt.date(2012, 5, 1), category=Category.REFUTING_THREAT),
        )
    )
    with pytest.raises(ValidationError) as info:
        annual_report(register, 2012, taxonomies=(OLDER, *TAXONOMIES))
    assert ["cases[1].category"] == info.value.paths
    with pytest.raises(ValidationError):
        annual_reports(register, taxonomies=(OLDER, *TAXONOMIES))
    report = annual_report(register, 2008, taxonomies=(OLDER, *TAXONOMIES))
    assert 1 == report.get("second_line", "prevention", "cases")


def test_a_taxonomy_is_checked_when_it_is_made() -> None:
    """Unknown categories, labels of other categories and reversed years are refused."""
    with pytest.raises(ValidationError, match="case categories"):
        Taxonomy(name="x", first_year=2010, last_year=None, categories={"preventie"})
    with pytest.raises(ValidationError) as info:
        Taxonomy(
            name="",
            first_year=2012,
            last_year=2010,
            categories={Category.PREVENTION},
            labels={"abduction": ("Ontvoering", "Abduction")},
        )
    assert ["name", "last_year", "labels"] == info.value.paths
    with pytest.raises(ValidationError, match="Dutch, English"):
        Taxonomy(
            name="x",
            first_year=2010,
            last_year=None,
            categories={Category.PREVENTION},
            labels={"prevention": ("Preventie",)},  # type: ignore[dict-item]
        )
    with pytest.raises(ValidationError, match="expected a tuple of a Taxonomy"):
        Register(taxonomies=OLDER)  # type: ignore[arg-type]


def test_a_union_keeps_the_taxonomies_of_the_left_register() -> None:
    """``a | b`` is checked against ``a``'s taxonomies."""
    left = Register(taxonomies=(OLDER, *TAXONOMIES))
    right = Register(cases=(case("a", dt.date(2012, 5, 1), category=Category.REFUTING_THREAT),))
    with pytest.raises(ValidationError):
        _ = left | right
    assert TAXONOMIES == (right | left).taxonomies


# --- series over the years -------------------------------------------------------------------


def test_a_series_of_published_figures_is_tidy(tmp_path: Path) -> None:
    """One point per figure and year, in report order, from reports or figures files."""
    earlier = tmp_path / "figures-2020.json"
    write_figures(published_figures(2020), earlier)
    series = report_series([published_figures(2021), earlier], table="contacts")
    totals = [(p.year, p.value) for p in series if p.row is None]
    assert [(2020, 7065), (2021, 9596)] == totals
    assert all(p.table == "contacts" for p in series)
    assert (
        series
        == report_series({2020: published_figures(2020), 2021: published_figures(2021)})[
            : len(series)
        ]
    )
    everything = report_series([published_figures(y) for y in ikomodel.published_years()])
    figures = sum(len(list(published_figures(y).cells())) for y in ikomodel.published_years())
    assert figures == len(everything)
    assert len(everything) == len({(p.year, p.table, p.row, p.column) for p in everything})


def test_a_series_has_one_report_per_year() -> None:
    """Two reports of one year, or a report filed under another year, are refused."""
    with pytest.raises(ValidationError, match="a second report of 2021"):
        report_series([published_figures(2021), annual_report(Register(), 2021)])
    with pytest.raises(ValidationError, match="the report of 2021, not of 2020"):
        report_series({2020: published_figures(2021)})


def test_a_series_of_a_register_feeds_frames_and_charts() -> None:
    """``report_series(annual_reports(register))`` converts to a frame and draws over the years."""
    from matplotlib.patches import Rectangle

    from ikomodel import charts

    register = Register(
        cases=(case("a", dt.date(2016, 5, 2)), case("b", dt.date(2018, 1, 2))),
        contacts=(
            ikomodel.Contact(
                id="t",
                on=dt.date(2017, 3, 1),
                channel=ikomodel.Channel.EMAIL,
                client=ClientKind.FATHER,
            ),
        ),
    )
    reports = annual_reports(register)
    series = report_series(reports, table="second_line")
    frame = frames.to_pandas(series)
    assert [c.name for c in frames.SERIES_COLUMNS] == list(frame.columns)
    total = frame[frame["total"] & (frame["column"] == "cases")]
    assert [[2016, 1], [2017, 0], [2018, 1]] == total[["year", "value"]].to_numpy().tolist()
    assert [SeriesPoint] == list({type(p) for p in series})
    labelled = frames.rows(series, lang="nl")
    assert "Tweedelijnszaken per categorie" == labelled[0]["title"]
    for source in (reports, list(reports.values()), report_series(reports)):
        figure = charts.contacts_chart(source)
        texts = {t.get_text() for t in figure.axes[0].get_xticklabels()}
        assert {"2016", "2017", "2018"} == texts
        prevention = charts.prevention_chart(source)
        bars = [p.get_height() for p in prevention.axes[0].patches if isinstance(p, Rectangle)]
        assert 2 == sum(bars)  # one prevention case in 2016 and one in 2018, each in its year


# --- the command line ------------------------------------------------------------------------


def test_report_year_works_for_every_year_the_register_covers(tmp_path: Path) -> None:
    """`ikomodel report --year Y` for each year from the first to the last record, gaps too."""
    register = Register(
        cases=(
            case("a", dt.date(FOUNDING_YEAR, 5, 2)),
            case("b", dt.date(2010, 1, 2), line=Line.FIRST, category=Category.GENERAL_ADVICE),
            case("c", dt.date(2021, 1, 2)),
        )
    )
    path = tmp_path / "register.json"
    write_register(register, path)
    runner = CliRunner()
    for year in (FOUNDING_YEAR, 2008, 2010, 2017, 2021):
        result = runner.invoke(cli, ["report", str(path), "--year", str(year), "--format", "json"])
        assert 0 == result.exit_code, result.output
        computed = ikomodel.loads_figures(result.stdout)
        assert computed == annual_report(register, year)
    latest = runner.invoke(cli, ["report", str(path), "--format", "json"])
    assert 2021 == json.loads(latest.stdout)["year"]
    outside = runner.invoke(cli, ["report", str(path), "--year", "2005"])
    assert 1 == outside.exit_code
    assert f"(it covers {FOUNDING_YEAR}-2021)" in outside.stderr
    assert isinstance(annual_report(register, 2008), AnnualReport)
