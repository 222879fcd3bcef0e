"""What a text states: statement records, the intervals of their wording, figures format 2."""

import json
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from typing import Any

import pytest

from ikomodel import (
    FIGURES_FORMAT_VERSION,
    AnnualReport,
    ChangeStatement,
    FigureRef,
    FigureStatement,
    FindingKind,
    ParentsTogether,
    Qualifier,
    ShareStatement,
    Table,
    Trend,
    ValidationError,
    compare,
    figures_document,
    loads_figures,
    published_figures,
    reconcile,
    year_over_year,
)
from ikomodel._present.table import display_rows
from ikomodel._report import relations
from ikomodel._report.bounds import Interval, interval

MOTHER = FigureRef(table="abductions", row="mother", column="cases")
FATHER = FigureRef(table="abductions", row="father", column="cases")
CASES = FigureRef(table="abductions", row=None, column="cases")
CONTACTS = FigureRef(table="contacts", row=None, column="contacts")


def test_vocabulary_fields_given_as_slugs_become_members() -> None:
    """Rule: a statement converts its fields at construction, like every other record."""
    share = ShareStatement(part=MOTHER, whole=CASES, percent=67, qualifier="more_than")
    change = ChangeStatement(
        figure=CASES, since=2020, trend="increase", qualifier="about", change=10
    )
    figure = FigureStatement(figure=CONTACTS, value=17000, qualifier="almost")
    assert (Qualifier.MORE_THAN, Trend.INCREASE, Qualifier.ABOUT, Qualifier.ALMOST) == (
        share.qualifier,
        change.trend,
        change.qualifier,
        figure.qualifier,
    )
    assert share == ShareStatement(
        part=MOTHER, whole=CASES, percent=67, qualifier=Qualifier.MORE_THAN
    )


def test_percentages_keep_their_printed_decimals() -> None:
    """'10,4%' is Decimal('10.4'), '12,50%' keeps two decimals; a whole Decimal is an int."""
    assert Decimal("10.4") == ShareStatement(part=MOTHER, whole=CASES, percent="10.4").percent
    kept = ShareStatement(part=MOTHER, whole=CASES, percent=Decimal("12.50")).percent
    assert "12.50" == str(kept)
    whole = ShareStatement(part=MOTHER, whole=CASES, percent=Decimal("67")).percent
    assert (67, int) == (whole, type(whole))


@pytest.mark.parametrize(
    ("fields", "paths"),
    [
        ({"percent": 10, "qualifier": "bogus"}, ["qualifier"]),
        ({"percent": 10.4}, ["percent"]),
        ({"percent": -3}, ["percent"]),
        ({"percent": True}, ["percent"]),
        ({}, ["percent"]),
        ({"percent": 50, "fraction": Fraction(1, 2)}, ["percent"]),
        ({"fraction": Fraction(3, 2)}, ["fraction"]),
        ({"fraction": "1/0"}, ["fraction"]),
        ({"percent": 5, "source": 3, "quote": b"x"}, ["source", "quote"]),
    ],
)
def test_a_bad_share_is_refused_naming_its_fields(fields: dict[str, Any], paths: list[str]) -> None:
    """Bad values raise one ValidationError with the path of every bad field."""
    with pytest.raises(ValidationError) as info:
        ShareStatement(part=MOTHER, whole=CASES, **fields)
    assert paths == list(info.value.paths)


@pytest.mark.parametrize(
    ("fields", "paths"),
    [
        ({"trend": "sideways"}, ["trend"]),
        ({"since": 1800, "earlier": 3}, ["since"]),
        ({"earlier": -1}, ["earlier"]),
        ({"change": 2.0}, ["change"]),
        ({"percent": 27.0}, ["percent"]),
        ({"change": 5, "trend": "decrease"}, ["trend"]),
        ({"change": -5, "percent": 3}, ["percent"]),
        ({"earlier": 5, "qualifier": "more_than"}, ["qualifier"]),
    ],
)
def test_a_bad_change_is_refused_naming_its_fields(
    fields: dict[str, Any], paths: list[str]
) -> None:
    """A change whose parts are of the wrong type, or point different ways, is refused."""
    with pytest.raises(ValidationError) as info:
        ChangeStatement(figure=CASES, **({"since": 2020} | fields))
    assert paths == list(info.value.paths)


def test_a_figure_of_another_year_is_of_an_earlier_year() -> None:
    """A report refuses a change since its own year and a figure quoted for a later year."""
    with pytest.raises(ValidationError) as info:
        AnnualReport(
            year=2021,
            statements=(
                ShareStatement(part=MOTHER, whole=CASES, percent=67),
                ChangeStatement(figure=CASES, since=2021, earlier=3),
                FigureStatement(figure=CONTACTS, value=3, year=2022),
                "67%",  # type: ignore[arg-type]
            ),
        )
    assert ["statements[1].since", "statements[2].year", "statements[3]"] == list(info.value.paths)


@pytest.mark.parametrize(
    ("value", "qualifier", "inside", "outside"),
    [
        (67, Qualifier.ROUNDED, ["66.5", "67.5"], ["66.49", "67.51"]),
        (Decimal("10.4"), Qualifier.ROUNDED, ["10.35", "10.45"], ["10.34", "10.46"]),
        (29, Qualifier.MORE_THAN, ["29", "29.99"], ["28.99", "30"]),
        (20, Qualifier.MORE_THAN, ["20", "29.9"], ["19.9", "30"]),
        (17000, Qualifier.MORE_THAN, ["17000", "17999"], ["16999", "18000"]),
        (500, Qualifier.ALMOST, ["401", "499"], ["400", "500"]),
        (500, Qualifier.ABOUT, ["450", "550"], ["449", "551"]),
        (230, Qualifier.ABOUT, ["225", "235"], ["224", "236"]),
        (Fraction(1, 2), Qualifier.ROUNDED, ["47.5", "52.5"], ["47.4", "52.6"]),
        (Fraction(1, 2), Qualifier.MORE_THAN, ["50", "54.9"], ["49.9", "55"]),
        (Fraction(1, 2), Qualifier.ALMOST, ["45.1", "49.9"], ["45", "50"]),
        (-10, Qualifier.MORE_THAN, ["-10", "-19.9"], ["-9.9", "-20"]),
        (-9, Qualifier.ROUNDED, ["-9"], ["-8", "-10"]),
    ],
)
def test_the_interval_each_wording_allows(
    value: int | Decimal | Fraction, qualifier: Qualifier, inside: list[str], outside: list[str]
) -> None:
    """Rule: as printed within half a printed step; ruim/bijna/ongeveer by the round unit."""
    allowed = interval(value, qualifier)
    assert [True] * len(inside) == [Fraction(x) in allowed for x in inside]
    assert [False] * len(outside) == [Fraction(x) in allowed for x in outside]


def test_intervals_meet_only_where_a_value_lies_in_both() -> None:
    """'ruim 17.000' and 'bijna 17.000' cannot both hold; 'ruim' and 'ongeveer' can."""
    more, almost = interval(17000, Qualifier.MORE_THAN), interval(17000, Qualifier.ALMOST)
    assert (False, True, True) == (
        more.meets(almost),
        more.meets(interval(17000, Qualifier.ABOUT)),
        Interval.exact(17000).meets(more),
    )


def test_every_bundled_version_1_document_still_loads_unchanged() -> None:
    """The bundled documents are version 1 and load as the published figures they are."""
    folder = resources.files("ikomodel").joinpath("data", "published")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
    assert ["2021.json"] == names
    for name in names:
        text = folder.joinpath(name).read_text("utf-8")
        assert 1 == json.loads(text)["format_version"]
        report = loads_figures(text)
        assert report == published_figures(int(name.removesuffix(".json")))
        assert FIGURES_FORMAT_VERSION == figures_document(report)["format_version"] == 2


def _document(version: int, **content: Any) -> str:
    return json.dumps(
        {"format": "ikomodel-figures", "format_version": version, "year": 2015, "tables": {}}
        | content
    )


def test_a_version_1_document_cannot_use_what_version_2_added() -> None:
    """Each addition of version 2 in a version 1 document is reported at its path."""
    tables = {
        "abductions": {"cells": {"both_parents": {"children": 2}}},
        "abductions_countries": {"unit": "children"},
        "summer_abductions": {"period": "zomer", "totals": {"children": 50}},
    }
    statements = [
        {
            "kind": "figure",
            "figure": {"table": "contacts", "row": None, "column": "contacts"},
            "value": 17000,
        },
        {
            "kind": "share",
            "part": {"table": "abductions", "row": "mother", "column": "cases"},
            "whole": {"table": "abductions", "row": None, "column": "cases"},
            "percent": "10.4",
            "qualifier": "about",
        },
        {
            "kind": "change",
            "figure": {"table": "abductions", "row": None, "column": "cases"},
            "since": 2014,
            "percent": 27,
        },
    ]
    with pytest.raises(ValidationError) as info:
        loads_figures(_document(1, tables=tables, statements=statements))
    assert [
        "tables.abductions.cells.both_parents",
        "tables.abductions_countries.unit",
        "tables.summer_abductions",
        "tables.summer_abductions.period",
        "statements[0].kind",
        "statements[1].percent",
        "statements[1].qualifier",
        "statements[2].percent",
    ] == list(info.value.paths)
    report = loads_figures(_document(2, tables=tables, statements=statements))
    assert (2, 50, "zomer") == (
        report.get("abductions", ParentsTogether.BOTH_PARENTS, "children"),
        report.get("summer_abductions", None, "children"),
        report["summer_abductions"].period,
    )


def test_a_percentage_with_decimals_is_a_string_in_json() -> None:
    """A JSON number with decimals cannot keep '12,50' as printed: it is refused, with the way."""
    share = {
        "kind": "share",
        "part": {"table": "abductions", "row": "mother", "column": "cases"},
        "whole": {"table": "abductions", "row": None, "column": "cases"},
        "percent": 10.4,
    }
    with pytest.raises(ValidationError, match=r'a string, such as "10\.4"') as info:
        loads_figures(_document(2, statements=[share]))
    assert ["statements[0].percent"] == list(info.value.paths)


def test_only_country_tables_have_a_unit_and_only_summer_tables_a_period() -> None:
    """A unit of a table that is no country table, or a period of a yearly table, is refused."""
    with pytest.raises(ValidationError) as info:
        Table(slug="abductions", unit="children", period="zomer")
    assert ["unit", "period"] == list(info.value.paths)
    with pytest.raises(ValidationError) as info:
        Table(slug="access_countries", unit="mediations")
    assert ["unit"] == list(info.value.paths)
    assert "cases" == Table(slug="access_countries").unit


def test_both_parents_is_an_optional_part_shown_only_when_stated() -> None:
    """The row 'ouders samen' counts in the total when stated; without it a table is complete."""
    table = Table(
        slug="abductions",
        cells={("mother", "children"): 5, ("father", "children"): 3, ("relative", "children"): 1},
        totals={"children": 9},
    )
    assert ((9, True), ()) == (
        table.known_parts("children"),
        reconcile(AnnualReport(year=2011, tables={"abductions": table})),
    )
    assert "both_parents" not in display_rows(table)
    with_both = Table(
        slug="abductions",
        cells={**table.cells, ("both_parents", "children"): 2},
        totals={"children": 11},
    )
    assert ["mother", "father", "relative", "both_parents"] == list(display_rows(with_both))
    assert () == reconcile(AnnualReport(year=2011, tables={"abductions": with_both}))
    assert "Ouders samen" == ParentsTogether.BOTH_PARENTS.label("nl")


def _shares(*shares: ShareStatement, cells: dict[str, int] | None = None) -> AnnualReport:
    table = Table(
        slug="abductions",
        cells={(row, "cases"): value for row, value in (cells or {}).items()},
        totals={"cases": 100},
    )
    return AnnualReport(year=2015, tables={"abductions": table}, statements=shares)


def test_shares_of_the_parts_of_one_whole_may_not_exceed_100_percent() -> None:
    """Rule: 67% mothers and 35% fathers cannot both hold (at least 66.5 + 34.5 = 101 %)."""
    too_much = _shares(
        ShareStatement(part=MOTHER, whole=CASES, percent=67),
        ShareStatement(part=FATHER, whole=CASES, percent=35),
    )
    (finding,) = reconcile(too_much)
    assert (FindingKind.SHARES_EXCEED_WHOLE, "abductions:cases:parts:shares", 101.0, 100) == (
        finding.kind,
        finding.relation,
        finding.expected,
        finding.stated,
    )
    assert finding.message().endswith(
        "Total / Cases: the percentages of its parts add up to at least 101%, more than 100%"
    )
    assert finding.message("nl").endswith("tellen op tot minstens 101%, meer dan 100%")
    fits = _shares(
        ShareStatement(part=MOTHER, whole=CASES, percent=67),
        ShareStatement(part=FATHER, whole=CASES, percent=34),
    )
    assert () == reconcile(fits)
    ruim = _shares(
        ShareStatement(part=MOTHER, whole=CASES, fraction=Fraction(1, 2), qualifier="more_than"),
        ShareStatement(part=FATHER, whole=CASES, percent=51),
    )
    assert [FindingKind.SHARES_EXCEED_WHOLE] == [f.kind for f in reconcile(ruim)]


def test_shares_of_different_breakdowns_are_not_siblings() -> None:
    """69% mothers and 60% from the Netherlands are shares of two breakdowns: no finding."""
    from_nl = FigureRef(table="abductions_by_direction", row="from_netherlands", column="cases")
    report = _shares(
        ShareStatement(part=MOTHER, whole=CASES, percent=69),
        ShareStatement(part=from_nl, whole=CASES, percent=60),
    )
    assert () == reconcile(report)


def test_a_figure_stated_on_its_own_is_checked_against_the_table_and_its_twin() -> None:
    """'ruim 17.000 contacten' with 16.500 in the table, or with 'bijna 17.000', contradicts."""
    table = Table(slug="contacts", totals={"contacts": 16500})
    said = FigureStatement(figure=CONTACTS, value=17000, qualifier="more_than")
    report = AnnualReport(year=2017, tables={"contacts": table}, statements=(said,))
    (finding,) = reconcile(report)
    assert (FindingKind.FIGURE_MISMATCH, "contacts:contacts:stated_more_than") == (
        finding.kind,
        finding.relation,
    )
    assert finding.message().endswith("Contacts is 16,500, the text says more than 17,000")
    assert finding.message("nl").endswith("Contacten is 16.500, de tekst noemt ruim 17.000")
    twins = AnnualReport(
        year=2017,
        statements=(said, FigureStatement(figure=CONTACTS, value=17000, qualifier="almost")),
    )
    assert ["contacts:contacts:twice_almost"] == [f.relation for f in reconcile(twins)]
    fits = AnnualReport(
        year=2017,
        tables={"contacts": Table(slug="contacts", totals={"contacts": 17250})},
        statements=(said,),
    )
    assert () == reconcile(fits)


def test_a_change_in_percent_is_checked_and_named_with_its_year() -> None:
    """'+27%' from 300 to 390 (+30 %) contradicts; the message names the earlier year."""
    children = FigureRef(table="prevention", row=None, column="children")
    report = AnnualReport(
        year=2016,
        tables={"prevention": Table(slug="prevention", totals={"children": 390})},
        statements=(ChangeStatement(figure=children, since=2015, earlier=300, percent=27),),
    )
    (finding,) = reconcile(report)
    assert ("prevention:children:percent_since_2015", 30.0, 27.0) == (
        finding.relation,
        finding.expected,
        finding.stated,
    )
    assert finding.message().endswith(
        "Children: from 300 in 2015 to 390: the values give a change of +30%, the text says +27%"
    )
    assert finding.message("nl").endswith(
        "van 300 in 2015 naar 390: de waarden geven een verandering van +30%, de tekst noemt +27%"
    )


def test_a_stated_change_with_a_bound_is_checked_as_an_interval() -> None:
    """'bijna 500 meer' holds for +460 and not for +500; 'ruim 20% minder' for -25 %."""

    def findings(later: int, **stated: Any) -> list[str]:
        report = AnnualReport(
            year=2016,
            tables={"abductions": Table(slug="abductions", totals={"cases": later})},
            statements=(ChangeStatement(figure=CASES, since=2015, earlier=1000, **stated),),
        )
        return [f.relation for f in reconcile(report)]

    assert [] == findings(1460, change=500, qualifier="almost")
    assert ["abductions:cases:change_since_2015"] == findings(1500, change=500, qualifier="almost")
    assert [] == findings(750, percent=-20, qualifier="more_than", trend="decrease")
    assert ["abductions:cases:percent_since_2015"] == findings(
        850, percent=-20, qualifier="more_than"
    )


def test_compare_refuses_reports_of_different_years() -> None:
    """compare() sets two reports of one year side by side, never two years."""
    with pytest.raises(ValidationError, match="cannot compare the 2021 report with the figures"):
        compare(published_figures(2021), published_figures(2020))


def test_year_over_year_refuses_reversed_years() -> None:
    """year_over_year(earlier, later) refuses a later report given first, or the same year."""
    with pytest.raises(ValidationError, match="give the earlier report first"):
        year_over_year(published_figures(2021), published_figures(2020))
    with pytest.raises(ValidationError):
        year_over_year(published_figures(2021), published_figures(2021))


def test_reconcile_refuses_an_earlier_report_that_is_not_earlier() -> None:
    """reconcile(report, earlier=...) needs a report of an earlier year."""
    report = published_figures(2021)
    with pytest.raises(ValidationError) as info:
        reconcile(report, earlier=report)
    assert ["earlier"] == list(info.value.paths)


def test_no_relation_id_contains_none() -> None:
    """Statement findings name a stated total by its table and column, never by 'None'."""
    came_back = FigureRef(table="prevention_years", row=None, column="came_back")
    cases = FigureRef(table="prevention_years", row=None, column="cases")
    report = AnnualReport(
        year=2021,
        tables={
            "prevention_years": Table(
                slug="prevention_years", totals={"cases": 100, "came_back": 10}
            )
        },
        statements=(
            ShareStatement(part=came_back, whole=cases, percent=4),
            ChangeStatement(figure=cases, since=2020, earlier=120, trend="increase"),
            FigureStatement(figure=cases, value=90, qualifier="almost"),
        ),
    )
    assert [
        "prevention_years:came_back:share",
        "prevention_years:cases:trend_since_2020",
        "prevention_years:cases:stated_almost",
    ] == [f.relation for f in reconcile(report)]
    every = (
        *relations.catalogue(2021),
        *relations.catalogue(2015, 2, frozenset({"abductions_countries"})),
    )
    assert [] == [relation.id for relation in every if "None" in relation.id]
