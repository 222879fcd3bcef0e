"""Twelve press-release-like figures documents, 2009 to 2020, in figures format version 2.

Each is the text of a press release in the style of the centre's yearly
releases, with its figures entered as the format asks: as stated, never
corrected. The figures of 2020 are those the 2021 annual report quotes; the
others are invented for the tests, consistent with each other, so that
checking them finds no contradiction. They use every addition of version 2:
percentages with decimals, changes in percent, "ruim", "bijna", "ongeveer",
"circa", "meer dan", "de helft", figures stated on their own or for another
year, country tables counted in children, "ouders samen" and the summer
holiday.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikomodel import (
    AnnualReport,
    ChangeStatement,
    FigureRef,
    FigureStatement,
    FigureValue,
    Finding,
    FindingKind,
    IkoModelError,
    Measure,
    Severity,
    Table,
    ValidationError,
    annual_report,
    dumps_figures,
    example_register,
    figures_schema,
    frames,
    loads_figures,
    published_figures,
    reconcile,
    reconcile_years,
)
from ikomodel._present.text import grids

JSON = dict[str, Any]


def ref(table: str, row: str | None, column: str) -> JSON:
    """A figure reference of the format."""
    return {"table": table, "row": row, "column": column}


def total(table: str, column: str) -> JSON:
    """The stated total of a column."""
    return ref(table, None, column)


@attrs.frozen
class PressRelease:
    """A press release: its text and the figures document entered from it."""

    year: int
    text: str
    tables: JSON
    statements: list[JSON] = attrs.Factory(list)

    @property
    def document(self) -> JSON:
        """The figures document of the release."""
        return {
            "format": "ikomodel-figures",
            "format_version": 2,
            "year": self.year,
            "source": f"Persbericht jaarcijfers {self.year} (voorbeeld)",
            "tables": self.tables,
            "statements": self.statements,
        }


CHILDREN = total("abductions", "children")
CASES = total("abductions", "cases")
CONTACTS = total("contacts", "contacts")

RELEASES: tuple[PressRelease, ...] = (
    PressRelease(
        year=2009,
        text="In 2009 werden 190 kinderen ontvoerd, in 131 zaken. In 69% van de zaken was "
        "de moeder de ontvoerder, in 28% de vader.",
        tables={"abductions": {"totals": {"cases": 131, "children": 190}}},
        statements=[
            {
                "kind": "share",
                "part": ref("abductions", "mother", "cases"),
                "whole": CASES,
                "percent": 69,
                "quote": "In 69% van de zaken was de moeder de ontvoerder",
            },
            {
                "kind": "share",
                "part": ref("abductions", "father", "cases"),
                "whole": CASES,
                "percent": 28,
                "quote": "in 28% de vader",
            },
        ],
    ),
    PressRelease(
        year=2010,
        text="In 2010 werden 203 kinderen ontvoerd, tegen 190 in 2009. Daarnaast dreigde bij "
        "bijna 500 kinderen een ontvoering.",
        tables={"abductions": {"totals": {"children": 203}}},
        statements=[
            {
                "kind": "change",
                "figure": CHILDREN,
                "since": 2009,
                "earlier": 190,
                "trend": "increase",
                "quote": "203 kinderen ontvoerd, tegen 190 in 2009",
            },
            {
                "kind": "figure",
                "figure": total("prevention", "children"),
                "value": 500,
                "qualifier": "almost",
                "quote": "bij bijna 500 kinderen dreigde een ontvoering",
            },
        ],
    ),
    PressRelease(
        year=2011,
        text="In 2011 werden 210 kinderen ontvoerd: 120 door hun moeder, 70 door hun vader, "
        "12 door ouders samen en 8 door familieleden. Dat is 3% meer dan in 2010.",
        tables={
            "abductions": {
                "cells": {
                    "mother": {"children": 120},
                    "father": {"children": 70},
                    "both_parents": {"children": 12},
                    "relative": {"children": 8},
                },
                "totals": {"children": 210},
            }
        },
        statements=[
            {
                "kind": "change",
                "figure": CHILDREN,
                "since": 2010,
                "percent": 3,
                "quote": "Dat is 3% meer dan in 2010.",
            }
        ],
    ),
    PressRelease(
        year=2012,
        text="In 2012 werden 221 kinderen ontvoerd, 150 vanuit Nederland naar het buitenland "
        "en 71 naar Nederland. De meeste kinderen werden ontvoerd naar Marokko (18), Turkije "
        "(15) en Polen (12).",
        tables={
            "abductions": {"totals": {"children": 221}},
            "abductions_by_direction": {
                "cells": {
                    "from_netherlands": {"children": 150},
                    "to_netherlands": {"children": 71},
                }
            },
            "abductions_countries": {
                "unit": "children",
                "cells": {
                    "MA": {"from_netherlands": 18},
                    "TR": {"from_netherlands": 15},
                    "PL": {"from_netherlands": 12},
                },
            },
        },
    ),
    PressRelease(
        year=2013,
        text="In 2013 ging het om 160 ontvoeringszaken met 232 kinderen. Bij 82 zaken, de "
        "helft, ging het om een Verdragsland. 100 kinderen waren 5 jaar of jonger: ruim 40%.",
        tables={
            "abductions": {"totals": {"cases": 160, "children": 232}},
            "abductions_by_treaty": {"cells": {"contracting_state": {"cases": 82}}},
            "abductions_by_age": {"cells": {"0_5": {"children": 100}}},
        },
        statements=[
            {
                "kind": "share",
                "part": ref("abductions_by_treaty", "contracting_state", "cases"),
                "whole": CASES,
                "fraction": "1/2",
                "quote": "Bij 82 zaken, de helft, ging het om een Verdragsland.",
            },
            {
                "kind": "share",
                "part": ref("abductions_by_age", "0_5", "children"),
                "whole": CHILDREN,
                "percent": 40,
                "qualifier": "more_than",
                "quote": "100 kinderen waren 5 jaar of jonger: ruim 40%",
            },
        ],
    ),
    PressRelease(
        year=2014,
        text="In de zomervakantie van 2014 (5 juli tot en met 31 augustus) werden 41 kinderen "
        "ontvoerd: 29 vanuit Nederland en 12 naar Nederland. 26 kinderen werden door hun "
        "moeder meegenomen, 13 door hun vader en 2 door ouders samen. De meeste kinderen "
        "gingen naar Marokko (6) en Turkije (4). Over heel 2014 werden 248 kinderen ontvoerd.",
        tables={
            "abductions": {"totals": {"children": 248}},
            "summer_abductions": {
                "period": "zomervakantie 2014 (5 juli tot en met 31 augustus)",
                "cells": {
                    "mother": {"children": 26},
                    "father": {"children": 13},
                    "both_parents": {"children": 2},
                },
                "totals": {"children": 41},
            },
            "summer_abductions_by_direction": {
                "period": "zomervakantie 2014 (5 juli tot en met 31 augustus)",
                "cells": {
                    "from_netherlands": {"children": 29},
                    "to_netherlands": {"children": 12},
                },
            },
            "summer_abductions_countries": {
                "unit": "children",
                "period": "zomervakantie 2014 (5 juli tot en met 31 augustus)",
                "cells": {"MA": {"from_netherlands": 6}, "TR": {"from_netherlands": 4}},
            },
        },
    ),
    PressRelease(
        year=2015,
        text="In 2015 werden 250 kinderen ontvoerd, in 170 zaken. 26 kinderen (10,4%) waren "
        "13 tot en met 15 jaar oud. In 52 zaken, ongeveer 30%, ging het om een "
        "niet-Verdragsland. Bij 300 kinderen dreigde een ontvoering.",
        tables={
            "abductions": {"totals": {"cases": 170, "children": 250}},
            "abductions_by_age": {"cells": {"13_15": {"children": 26}}},
            "abductions_by_treaty": {"cells": {"non_contracting_state": {"cases": 52}}},
            "prevention": {"totals": {"children": 300}},
        },
        statements=[
            {
                "kind": "share",
                "part": ref("abductions_by_age", "13_15", "children"),
                "whole": CHILDREN,
                "percent": "10.4",
                "quote": "26 kinderen (10,4%) waren 13 tot en met 15 jaar oud",
            },
            {
                "kind": "share",
                "part": ref("abductions_by_treaty", "non_contracting_state", "cases"),
                "whole": CASES,
                "percent": 30,
                "qualifier": "about",
                "quote": "In 52 zaken, ongeveer 30%, ging het om een niet-Verdragsland.",
            },
        ],
    ),
    PressRelease(
        year=2016,
        text="Het aantal kinderen bij wie een ontvoering dreigde, steeg in 2016 naar 381 (+27% "
        "ten opzichte van 2015). Er werden 262 kinderen ontvoerd.",
        tables={
            "prevention": {"totals": {"children": 381}},
            "abductions": {"totals": {"children": 262}},
        },
        statements=[
            {
                "kind": "change",
                "figure": total("prevention", "children"),
                "since": 2015,
                "percent": 27,
                "trend": "increase",
                "quote": "steeg in 2016 naar 381 (+27% ten opzichte van 2015)",
            }
        ],
    ),
    PressRelease(
        year=2017,
        text="In 2017 had het centrum ruim 17.000 contacten met ouders en professionals, bijna "
        "4.000 meer dan in 2016. Er werden 270 kinderen ontvoerd.",
        tables={"abductions": {"totals": {"children": 270}}},
        statements=[
            {
                "kind": "figure",
                "figure": CONTACTS,
                "value": 17000,
                "qualifier": "more_than",
                "quote": "ruim 17.000 contacten",
            },
            {
                "kind": "change",
                "figure": CONTACTS,
                "since": 2016,
                "change": 4000,
                "qualifier": "almost",
                "quote": "bijna 4.000 meer dan in 2016",
            },
        ],
    ),
    PressRelease(
        year=2018,
        text="Na ruim 17.000 contacten in 2017 waren er in 2018 16.012 contacten. Het centrum "
        "opende circa 600 tweedelijnszaken. Er werden 238 kinderen ontvoerd.",
        tables={
            "contacts": {"totals": {"contacts": 16012}},
            "abductions": {"totals": {"children": 238}},
        },
        statements=[
            {
                "kind": "figure",
                "figure": CONTACTS,
                "value": 17000,
                "qualifier": "more_than",
                "year": 2017,
                "quote": "Na ruim 17.000 contacten in 2017",
            },
            {
                "kind": "figure",
                "figure": total("second_line", "cases"),
                "value": 600,
                "qualifier": "about",
                "quote": "circa 600 tweedelijnszaken",
            },
        ],
    ),
    PressRelease(
        year=2019,
        text="In 2019 werden 235 kinderen ontvoerd, van wie 150 vanuit Nederland: meer dan "
        "60%. Bijna de helft, 112 kinderen, was 5 jaar of jonger. Het centrum had 15.800 "
        "contacten.",
        tables={
            "abductions": {"totals": {"children": 235}},
            "abductions_by_direction": {"cells": {"from_netherlands": {"children": 150}}},
            "abductions_by_age": {"cells": {"0_5": {"children": 112}}},
            "contacts": {"totals": {"contacts": 15800}},
        },
        statements=[
            {
                "kind": "share",
                "part": ref("abductions_by_direction", "from_netherlands", "children"),
                "whole": CHILDREN,
                "percent": 60,
                "qualifier": "more_than",
                "quote": "van wie 150 vanuit Nederland: meer dan 60%",
            },
            {
                "kind": "share",
                "part": ref("abductions_by_age", "0_5", "children"),
                "whole": CHILDREN,
                "fraction": "1/2",
                "qualifier": "almost",
                "quote": "Bijna de helft, 112 kinderen, was 5 jaar of jonger.",
            },
        ],
    ),
    PressRelease(
        year=2020,
        text="In 2020 werden 224 kinderen ontvoerd in 152 zaken, tegen 235 kinderen in 2019. "
        "Bij 216 preventiezaken met 329 kinderen dreigde een ontvoering; in 122 zaken nam de "
        "moeder contact op, in 94 de vader. Het aantal contacten daalde naar 7.065, ruim 55% "
        "minder dan in 2019.",
        tables={
            "abductions": {"totals": {"cases": 152, "children": 224}},
            "prevention": {
                "cells": {"mother": {"cases": 122}, "father": {"cases": 94}},
                "totals": {"cases": 216, "children": 329},
            },
            "contacts": {"totals": {"contacts": 7065}},
        },
        statements=[
            {
                "kind": "change",
                "figure": CHILDREN,
                "since": 2019,
                "earlier": 235,
                "trend": "decrease",
                "quote": "224 kinderen ontvoerd in 152 zaken, tegen 235 kinderen in 2019",
            },
            {
                "kind": "change",
                "figure": CONTACTS,
                "since": 2019,
                "percent": -55,
                "qualifier": "more_than",
                "trend": "decrease",
                "quote": "daalde naar 7.065, ruim 55% minder dan in 2019",
            },
        ],
    ),
)
"""The twelve releases, one a year from 2009 to 2020."""


# --- the tests ------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:\.\d{3})*(?:,\d+)?")


def printed_numbers(text: str) -> set[Decimal]:
    """Every number a text prints, Dutch style ("17.000", "10,4")."""
    return {Decimal(found.replace(".", "").replace(",", ".")) for found in _NUMBER.findall(text)}


def entered_numbers(report: AnnualReport) -> set[Decimal]:
    """Every number a report holds: figures, row keys, periods, years and statements."""
    found: set[Decimal] = {Decimal(report.year)}
    for table in report.tables.values():
        found.update(Decimal(cell.value) for cell in report.cells() if cell.table == table.slug)
        for row in table.rows:
            found.update(Decimal(part) for part in str(row).split("_") if part.isdecimal())
        found.update(printed_numbers(table.period or ""))
    for statement in report.statements:
        values = attrs.asdict(statement, recurse=False)
        for key in ("value", "earlier", "change", "percent", "since", "year"):
            if isinstance(values.get(key), int | Decimal):
                found.add(abs(Decimal(values[key])))
    return found


def _load(release: PressRelease) -> AnnualReport:
    return loads_figures(json.dumps(release.document))


@pytest.mark.parametrize("release", RELEASES, ids=[str(r.year) for r in RELEASES])
def test_a_press_release_enters_the_format_without_losing_a_printed_figure(
    release: PressRelease,
) -> None:
    """Every number the release prints is in its document, which the schema accepts."""
    jsonschema.validate(release.document, figures_schema())
    report = _load(release)
    assert set() == printed_numbers(release.text) - entered_numbers(report)
    again = loads_figures(dumps_figures(report))
    assert report == again
    assert [s.quote for s in report.statements] == [s.quote for s in again.statements]
    jsonschema.validate(json.loads(dumps_figures(report)), figures_schema())


def test_twelve_years_of_press_releases_check_without_contradictions() -> None:
    """Checked together and with the 2021 report, the releases contradict nothing.

    Where a release gives only some parts of a breakdown, the rest is a gap,
    never a contradiction; the 2021 report keeps exactly its own findings.
    """
    reports = [_load(release) for release in RELEASES]
    findings = reconcile_years([*reports, published_figures(2021)])
    assert list(range(2009, 2022)) == list(findings)
    assert [] == [
        (year, str(f))
        for year, found in findings.items()
        if year != 2021
        for f in found
        if f.severity is Severity.CONTRADICTION
    ]
    assert reconcile(published_figures(2021)) == findings[2021]
    assert {Severity.GAP} == {f.severity for y in range(2009, 2021) for f in findings[y]}


def _mutated(year: int, change: Callable[[JSON], None]) -> dict[int, tuple[Finding, ...]]:
    reports = []
    for release in RELEASES:
        document = copy.deepcopy(release.document)
        if release.year == year:
            change(document)
        reports.append(loads_figures(json.dumps(document)))
    return reconcile_years(reports)


def _set(path: str, value: object) -> Callable[[JSON], None]:
    def change(document: JSON) -> None:
        *keys, last = path.split("/")
        target: Any = document
        for key in keys:
            target = target[int(key)] if key.isdecimal() else target[key]
        target[last] = value

    return change


@pytest.mark.parametrize(
    ("year", "path", "value", "kind"),
    [
        (2009, "statements/1/percent", 35, "shares_exceed_whole"),
        (2010, "statements/0/earlier", 191, "cross_year_contradiction"),
        (2011, "statements/0/percent", 4, "change_mismatch"),
        (2011, "tables/abductions/cells/both_parents/children", 13, "parts_differ_from_total"),
        (2012, "tables/abductions_countries/cells/MA/from_netherlands", 140, "parts_exceed_total"),
        (2013, "tables/abductions_by_treaty/cells/contracting_state/cases", 86, "share_mismatch"),
        (2013, "tables/abductions_by_age/cells/0_5/children", 116, "share_mismatch"),
        (2014, "tables/summer_abductions/cells/both_parents/children", 5, "parts_exceed_total"),
        (2014, "tables/abductions/totals/children", 40, "parts_exceed_total"),
        (2015, "statements/0/percent", "10.5", "share_mismatch"),
        (
            2015,
            "tables/abductions_by_treaty/cells/non_contracting_state/cases",
            61,
            "share_mismatch",
        ),
        (2016, "statements/0/percent", 28, "change_mismatch"),
        (2018, "statements/0/value", 18000, "cross_year_contradiction"),
        (2018, "statements/0/qualifier", "almost", "cross_year_contradiction"),
        (2019, "statements/1/fraction", "2/5", "share_mismatch"),
        (2020, "statements/1/percent", -57, "change_mismatch"),
        (2020, "statements/0/earlier", 236, "cross_year_contradiction"),
    ],
)
def test_each_stated_figure_is_checked(year: int, path: str, value: object, kind: str) -> None:
    """Changing one printed figure of a release makes exactly that release contradict."""
    findings = _mutated(year, _set(path, value))
    found = [f for f in findings[year] if f.severity is Severity.CONTRADICTION]
    assert [kind] == [f.kind for f in found]
    assert [] == [
        f
        for y, fs in findings.items()
        if y != year
        for f in fs
        if f.severity is Severity.CONTRADICTION
    ]


def test_a_quote_that_differs_from_the_years_publication_names_both() -> None:
    """A release quoting 2009 as 191 children, where 2009's release says 190, is reported."""
    findings = _mutated(2010, _set("statements/0/earlier", 191))
    (finding,) = findings[2010]
    children = FigureRef(table="abductions", row=None, column="children")
    assert (
        Finding(
            kind=FindingKind.CROSS_YEAR_CONTRADICTION,
            severity=Severity.CONTRADICTION,
            table="abductions",
            relation="abductions:children:2009_quoted_in_2010",
            figures=(
                FigureValue(
                    figure=children,
                    value=191,
                    source="Persbericht jaarcijfers 2010 (voorbeeld)",
                    year=2009,
                    published_in=2010,
                ),
                FigureValue(
                    figure=children,
                    value=190,
                    source="Persbericht jaarcijfers 2009 (voorbeeld)",
                    year=2009,
                    published_in=2009,
                ),
            ),
            expected=191,
            stated=190,
            difference=1,
        )
        == finding
    )
    assert (
        "Abduction cases by taking person / Total / Children of 2009: 191 in the publication "
        "of 2010, 190 in that of 2009 [source: Persbericht jaarcijfers 2010 (voorbeeld); "
        "Persbericht jaarcijfers 2009 (voorbeeld)]"
    ) == finding.message()
    assert finding.message("nl").startswith(
        "Kinderontvoeringszaken per ontvoerende persoon / Totaal / Kinderen over 2009: 191 "
        "volgens de publicatie van 2010, 190 volgens die van 2009"
    )


def test_a_bound_quoted_for_another_year_is_compared_as_an_interval() -> None:
    """'bijna 17.000' for 2017 cannot be the 'ruim 17.000' that 2017's release states."""
    findings = _mutated(2018, _set("statements/0/qualifier", "almost"))
    (finding,) = [f for f in findings[2018] if f.kind is FindingKind.CROSS_YEAR_CONTRADICTION]
    assert "of 2017: almost 17,000 in the publication of 2018, more than 17,000 in that of " in (
        finding.message()
    )
    assert "over 2017: bijna 17.000 volgens de publicatie van 2018, ruim 17.000 volgens" in (
        finding.message("nl")
    )


def test_quotes_of_a_year_without_its_own_document_are_compared_with_each_other() -> None:
    """With no 2015 document, 2018's 'ongeveer 15.000' for 2015 meets 2016's quote of 16.500."""
    reports = {r.year: _load(r) for r in RELEASES if r.year != 2017}
    contacts = FigureRef(table="contacts", row=None, column="contacts")
    quoting = attrs.evolve(
        reports[2016],
        statements=(FigureStatement(figure=contacts, value=16500, year=2015),),
    )
    reports[2016] = quoting
    later = attrs.evolve(
        reports[2018],
        statements=(
            *reports[2018].statements,
            FigureStatement(figure=contacts, value=15000, qualifier="about", year=2015),
        ),
    )
    reports[2018] = later
    reports.pop(2015)
    findings = reconcile_years(reports.values())
    (finding,) = findings[2018]
    assert ("contacts:contacts:2015_quoted_in_2018", 15000, 16500) == (
        finding.relation,
        finding.expected,
        finding.stated,
    )
    assert [] == [f for f in findings[2016] if f.severity is Severity.CONTRADICTION]


def test_reconcile_honours_the_earlier_documents_values() -> None:
    """reconcile(later, earlier=...) compares the later report's quotes with the earlier's own."""
    later = _load(RELEASES[1])
    earlier = _load(RELEASES[0])
    assert () == reconcile(later, earlier=earlier)
    wrong = attrs.evolve(
        earlier, tables={"abductions": Table(slug="abductions", totals={"children": 189})}
    )
    (finding,) = reconcile(later, earlier=wrong)
    assert (FindingKind.CROSS_YEAR_CONTRADICTION, 190, 189) == (
        finding.kind,
        finding.expected,
        finding.stated,
    )


def test_one_document_per_year() -> None:
    """reconcile_years refuses two documents of one year, naming the second."""
    report = _load(RELEASES[0])
    with pytest.raises(ValidationError) as info:
        reconcile_years([report, _load(RELEASES[1]), report])
    assert ["documents[2]"] == list(info.value.paths)


def test_a_change_stating_only_the_earlier_value_assumes_no_direction() -> None:
    """'since 2021, earlier 229' states no trend: a rise to 292 contradicts nothing."""
    children = FigureRef(table="abductions", row=None, column="children")
    report = AnnualReport(
        year=2022,
        tables={"abductions": Table(slug="abductions", totals={"children": 292})},
        statements=(ChangeStatement(figure=children, since=2021, earlier=229),),
    )
    assert () == reconcile(report)
    assert () == reconcile(report, earlier=published_figures(2021))
    quoted = attrs.evolve(
        report, statements=(ChangeStatement(figure=children, since=2021, earlier=230),)
    )
    assert [FindingKind.CROSS_YEAR_CONTRADICTION] == [
        f.kind for f in reconcile(quoted, earlier=published_figures(2021))
    ]


def test_the_summer_holiday_tables_are_published_only() -> None:
    """annual_report leaves the summer tables absent; a published one is checked like the others."""
    assert not {"summer_abductions", "summer_abductions_countries"} & set(
        annual_report(example_register(), 2021).tables
    )
    summer = _load(RELEASES[5])
    assert (
        "zomervakantie 2014 (5 juli tot en met 31 augustus)" == summer["summer_abductions"].period
    )
    assert Measure.CHILDREN is summer["summer_abductions_countries"].unit
    assert (2, None) == (
        summer.get("summer_abductions", "both_parents", "children"),
        summer.get("summer_abductions", "relative", "children"),
    )


def test_country_tables_in_children_are_checked_against_children() -> None:
    """A country table counted in children is some of the children in its direction, not cases."""
    countries = Table(
        slug="abductions_countries", unit="children", cells={("MA", "from_netherlands"): 20}
    )
    by_direction = Table(
        slug="abductions_by_direction",
        cells={("from_netherlands", "cases"): 10, ("from_netherlands", "children"): 25},
    )
    report = AnnualReport(
        year=2012,
        tables={"abductions_countries": countries, "abductions_by_direction": by_direction},
    )
    assert [] == [f for f in reconcile(report) if f.severity is Severity.CONTRADICTION]
    as_cases = attrs.evolve(
        report,
        tables={**report.tables, "abductions_countries": attrs.evolve(countries, unit="cases")},
    )
    assert ["abductions_countries:from_netherlands:parts_of_abductions_by_direction"] == [
        f.relation for f in reconcile(as_cases)
    ]


def test_frames_hold_a_summer_table_only_where_the_report_has_one() -> None:
    """A release's summer tables are rows of its frame; a computed report has none."""
    summer = {row["table"] for row in frames.rows(_load(RELEASES[5]))}
    computed = {row["table"] for row in frames.rows(annual_report(example_register(), 2021))}
    assert {"summer_abductions", "summer_abductions_countries"} <= summer
    assert [] == [table for table in computed if str(table).startswith("summer")]


def test_renderings_say_when_counts_are_children_and_which_period() -> None:
    """A country list in children and a summer table's period are shown with the table."""
    summer = _load(RELEASES[5])
    (found,) = [g for g in grids(summer, lang="nl") if g.slug == "summer_abductions_countries"]
    assert (
        "aantallen zijn kinderen; periode: zomervakantie 2014 (5 juli tot en met 31 augustus)"
        == found.note
    )
    assert "counts are children; period: zomervakantie 2014" in str(
        summer["summer_abductions_countries"].to_html()
    )
    computed = annual_report(example_register(), 2021)
    assert [] == [g.note for g in grids(computed) if g.note and "children" in g.note]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _damaged(document: object, path: list[int], replacement: object) -> object:
    """Return ``document`` with the value reached by following ``path`` replaced."""
    if not path or not isinstance(document, dict | list) or not document:
        return replacement
    keys = list(document) if isinstance(document, dict) else list(range(len(document)))
    key = keys[path[0] % len(keys)]
    copied: Any = dict(document) if isinstance(document, dict) else list(document)
    copied[key] = _damaged(document[key], path[1:], replacement)
    return copied


@given(
    st.sampled_from(RELEASES),
    st.lists(st.integers(0, 50), min_size=1, max_size=6),
    _JSON | st.sampled_from(["10.4", "1/2", "1/0", "almost", "children", "both_parents", 2.5]),
)
def test_a_damaged_release_loads_or_raises_a_model_error(
    release: PressRelease, path: list[int], replacement: object
) -> None:
    """Rule: a version 2 document with one value damaged reads, or raises IkoModelError."""
    with contextlib.suppress(IkoModelError):
        loads_figures(json.dumps(_damaged(release.document, path, replacement)))


def test_report_headline_of_a_country_table_in_children_says_children() -> None:
    """The folded headline states a country list counted in children in children, not cases."""
    in_children = AnnualReport(
        year=2021,
        tables={
            "abductions_countries": Table(
                slug="abductions_countries",
                unit="children",
                cells={("PL", "to_netherlands"): 3, ("PL", "from_netherlands"): 4},
                totals={"to_netherlands": 3, "from_netherlands": 4},
            )
        },
    )
    summaries = re.findall(r"<summary>(.*?)</summary>", str(in_children.to_html()))
    assert ["Abductions by country: 7 children"] == summaries
    in_cases = attrs.evolve(in_children["abductions_countries"], unit=None)
    report = AnnualReport(year=2021, tables={"abductions_countries": in_cases})
    assert ["Abductions by country: 7 cases"] == re.findall(
        r"<summary>(.*?)</summary>", str(report.to_html())
    )
