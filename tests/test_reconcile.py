"""Reconciliation: the golden findings on the published 2021 figures, and each kind of relation."""

import attrs

from ikomodel import (
    AnnualReport,
    ChangeStatement,
    FigureRef,
    FigureValue,
    Finding,
    FindingKind,
    Qualifier,
    RowKey,
    Severity,
    ShareStatement,
    Table,
    Trend,
    published_figures,
    reconcile,
)


def _summary(findings: tuple[Finding, ...]) -> list[tuple[str, str, str, float, float, float]]:
    return [
        (f.kind.value, f.severity.value, f.relation, f.expected, f.stated, f.difference)
        for f in findings
    ]


def test_golden_findings_on_the_published_2021_figures() -> None:
    """Reconciling the 2021 figures finds exactly the report's six inconsistencies, no others."""
    expected = [
        ("parts_differ_from_total", "contradiction", "first_line:cases:parts", 4441, 4431, 10),
        ("parts_differ_from_total", "contradiction", "second_line:cases:parts", 593, 589, 4),
        ("parts_differ_from_total", "contradiction", "abductions:cases:parts", 165, 164, 1),
        ("unaccounted_remainder", "gap", "abductions_by_direction:cases:parts", 160, 164, -4),
        ("text_contradicts_table", "contradiction", "relocation:cases:table_1_7", 55, 52, 3),
        ("parts_exceed_total", "contradiction", "prevention_years:cases:parts", 997, 987, 10),
    ]
    assert expected == _summary(reconcile(published_figures(2021)))


def test_golden_findings_name_the_figures_involved() -> None:
    """The taking-person finding lists each part with its value and the stated total last."""
    finding = reconcile(published_figures(2021))[2]
    expected = [("mother", 110), ("father", 48), ("relative", 7), (None, 164)]
    assert expected == [(v.figure.row, v.value) for v in finding.figures]
    assert "abductions" == finding.table


def test_golden_prevention_span_uses_the_chart_as_lower_bounds() -> None:
    """The multi-year finding shows 2018 and 2019 as absent and 2020 and 2021 as stated."""
    finding = reconcile(published_figures(2021))[-1]
    expected = [
        ("prevention_years", 2018, "cases", None),
        ("prevention_years", 2019, "cases", None),
        ("prevention_years", 2020, "cases", 216),
        ("prevention_years", 2021, "cases", 248),
        ("prevention_years_by_initiator", 2018, "mother", 140),
        ("prevention_years_by_initiator", 2018, "father", 134),
        ("prevention_years_by_initiator", 2019, "mother", 120),
        ("prevention_years_by_initiator", 2019, "father", 139),
        ("prevention_years", None, "cases", 987),
    ]
    assert expected == [
        (v.figure.table, v.figure.row, v.figure.column, v.value) for v in finding.figures
    ]
    assert "§1.3 chart 'preventie advieszaken' (data labels)" in finding.sources


def test_golden_messages_in_dutch_and_english() -> None:
    """Every finding reads as one line in Dutch and in English, citing the figures."""
    findings = reconcile(published_figures(2021))
    source = "[source: Table 1.7 (cases); §1.2 text (4,431); §1.7 text (6,141 children)]"
    assert (
        "First-line cases by category / Total / Cases: the parts add up to 4,441, "
        f"the stated total is 4,431 {source}" == findings[0].message("en")
    )
    assert (
        "Eerstelijnszaken per categorie / Totaal / Zaken: de delen tellen op tot 4.441, "
        "het vermelde totaal is 4.431 [bron: " in findings[0].message("nl")
    )
    assert (
        "Abductions to and from the Netherlands / Total / Cases: the stated parts add up to "
        "160 of 164; 4 unaccounted for [source: §1.5 (text)]" == findings[3].message()
    )


def test_golden_findings_cite_where_each_figure_was_published() -> None:
    """The relocation finding cites section 1.4's text and table 1.7."""
    finding = reconcile(published_figures(2021))[4]
    expected = ("§1.4 (text)", "Table 1.7 (cases); §1.2 text (589); §1.7 text (871 children)")
    assert expected == finding.sources


def test_reconcile_with_the_earlier_year_finds_nothing_more() -> None:
    """The changes the 2021 text quotes agree with the 2020 figures it quotes."""
    report = published_figures(2021)
    assert reconcile(report) == reconcile(report, earlier=published_figures(2020))


def test_reconcile_never_changes_the_report() -> None:
    """Reconciling leaves every published figure as it was."""
    report = published_figures(2021)
    before = list(report.cells())
    reconcile(report)
    assert before == list(report.cells())


def _abductions(**cells: int) -> Table:
    return Table(
        slug="abductions",
        cells={(row, "cases"): value for row, value in cells.items() if row != "total"},
        totals={"cases": cells["total"]} if "total" in cells else {},
    )


def test_relation_that_holds_gives_no_finding() -> None:
    """Parts that add up to the stated total give no finding."""
    table = _abductions(mother=1, father=2, relative=3, total=6)
    assert () == reconcile(AnnualReport(year=2021, tables={"abductions": table}))


def test_unknown_row_is_an_optional_part() -> None:
    """An 'unknown' row counts when present and is not required to be present."""
    table = _abductions(mother=1, father=2, relative=3, unknown=1, total=7)
    assert () == reconcile(AnnualReport(year=2021, tables={"abductions": table}))


def test_known_parts_below_the_total_with_parts_missing_are_a_gap() -> None:
    """With a part absent and the known parts short of the total, the remainder is a gap."""
    table = _abductions(mother=1, father=2, total=6)
    (finding,) = reconcile(AnnualReport(year=2021, tables={"abductions": table}))
    assert (FindingKind.UNACCOUNTED_REMAINDER, Severity.GAP, -3) == (
        finding.kind,
        finding.severity,
        finding.difference,
    )


def test_named_remainder_row_is_no_gap() -> None:
    """When the source names the row that holds the rest, missing parts are no gap."""
    table = attrs.evolve(_abductions(mother=1, father=2, total=6), remainder="relative")
    assert () == reconcile(AnnualReport(year=2021, tables={"abductions": table}))


def test_known_parts_above_the_total_with_parts_missing_exceed_it() -> None:
    """With a part absent, known parts above the total are a contradiction."""
    table = _abductions(mother=5, father=2, total=6)
    (finding,) = reconcile(AnnualReport(year=2021, tables={"abductions": table}))
    assert (FindingKind.PARTS_EXCEED_TOTAL, 7, 6) == (
        finding.kind,
        finding.expected,
        finding.stated,
    )


def test_same_figure_in_two_tables_must_agree() -> None:
    """Two totals of the same abductions that differ are reported as disagreeing figures."""
    report = AnnualReport(
        year=2021,
        tables={
            "abductions": Table(slug="abductions", totals={"children": 10}),
            "abductions_by_age": Table(slug="abductions_by_age", totals={"children": 11}),
        },
    )
    (finding,) = reconcile(report)
    assert (FindingKind.FIGURES_DISAGREE, "abductions_by_age:children:abductions") == (
        finding.kind,
        finding.relation,
    )


def test_mediation_funnel_is_checked() -> None:
    """More mediations than started requests contradict the funnel."""
    table = Table(
        slug="mediation",
        cells={("iko", "started"): 3, ("iko", "stopped"): 1, ("iko", "mediations"): 4},
    )
    (finding,) = reconcile(AnnualReport(year=2021, tables={"mediation": table}))
    assert (
        FindingKind.PARTS_EXCEED_TOTAL,
        "mediation:iko:started:in_intake+stopped+mediations",
    ) == (
        finding.kind,
        finding.relation,
    )


def test_more_successes_than_mediations_is_a_contradiction() -> None:
    """Successful mediations are some of the mediations, never more."""
    table = Table(slug="mediation", cells={("niko", "mediations"): 2, ("niko", "successful"): 3})
    (finding,) = reconcile(AnnualReport(year=2021, tables={"mediation": table}))
    assert "mediation:niko:mediations:successful" == finding.relation


def _share(percent: int, qualifier: Qualifier) -> AnnualReport:
    part = FigureRef(table="abductions", row="mother", column="cases")
    whole = FigureRef(table="abductions", row=None, column="cases")
    return AnnualReport(
        year=2021,
        tables={"abductions": _abductions(mother=110, father=48, relative=6, total=164)},
        statements=(ShareStatement(part=part, whole=whole, percent=percent, qualifier=qualifier),),
    )


def test_rounded_share_that_matches_gives_no_finding() -> None:
    """110 of 164 is 67.1%, which the text may call 67%."""
    assert () == reconcile(_share(67, Qualifier.ROUNDED))


def test_share_that_does_not_match_is_reported() -> None:
    """110 of 164 is not 'ruim 68%' (more than 68%)."""
    (finding,) = reconcile(_share(68, Qualifier.MORE_THAN))
    assert (FindingKind.SHARE_MISMATCH, 67.1, 68) == (
        finding.kind,
        finding.expected,
        finding.stated,
    )


def test_change_against_stated_earlier_value() -> None:
    """A stated change that differs from later minus earlier is reported."""
    figure = FigureRef(table="contacts", row=None, column="contacts")
    report = AnnualReport(
        year=2021,
        tables={"contacts": Table(slug="contacts", totals={"contacts": 9596})},
        statements=(ChangeStatement(figure=figure, since=2020, earlier=7065, change=2530),),
    )
    (finding,) = reconcile(report)
    assert (FindingKind.CHANGE_MISMATCH, 2531, 2530) == (
        finding.kind,
        finding.expected,
        finding.stated,
    )


def test_change_against_the_earlier_report() -> None:
    """Without a stated earlier value, a change is checked against the earlier report."""
    figure = FigureRef(table="second_line", row=None, column="cases")
    later = AnnualReport(
        year=2021,
        tables={"second_line": Table(slug="second_line", totals={"cases": 589})},
        statements=(ChangeStatement(figure=figure, since=2020, trend=Trend.INCREASE),),
    )
    earlier = AnnualReport(
        year=2020, tables={"second_line": Table(slug="second_line", totals={"cases": 598})}
    )
    assert () == reconcile(later)
    (finding,) = reconcile(later, earlier=earlier)
    assert (FindingKind.CHANGE_MISMATCH, -9) == (finding.kind, finding.expected)


def test_finding_str_names_severity_and_relation() -> None:
    """A finding prints as one line with its severity and relation."""
    finding = Finding(
        kind=FindingKind.PARTS_DIFFER_FROM_TOTAL,
        severity=Severity.CONTRADICTION,
        table="contacts",
        relation="contacts:contacts:parts",
        figures=(
            FigureValue(figure=FigureRef(table="contacts", row=None, column="contacts"), value=3),
        ),
        expected=4,
        stated=3,
        difference=1,
    )
    assert str(finding).startswith("[contradiction] contacts:contacts:parts: Contacts by channel")


def test_stated_trend_against_the_values() -> None:
    """A text that says a figure rose while it fell is reported, in words."""
    figure = FigureRef(table="prevention", row=None, column="cases")
    report = AnnualReport(
        year=2021,
        tables={"prevention": Table(slug="prevention", totals={"cases": 200})},
        statements=(ChangeStatement(figure=figure, since=2020, earlier=216, trend=Trend.INCREASE),),
    )
    (finding,) = reconcile(report)
    assert "prevention:cases:trend_since_2020" == finding.relation
    assert finding.message().endswith("the values give a change of -16, the text says an increase")
    assert finding.message("nl").endswith("de tekst noemt een toename")


def test_section_children_cannot_exceed_the_second_line_children() -> None:
    """The children of the section texts are lower bounds of table 1.7's second-line children."""
    report = AnnualReport(
        year=2021,
        tables={
            "second_line": Table(slug="second_line", totals={"children": 500}),
            "abductions": Table(slug="abductions", totals={"children": 229}),
            "prevention": Table(slug="prevention", totals={"children": 384}),
        },
    )
    (finding,) = reconcile(report)
    assert ("second_line:children:sections", FindingKind.PARTS_EXCEED_TOTAL, 613, 500) == (
        finding.relation,
        finding.kind,
        finding.expected,
        finding.stated,
    )


def test_section_children_against_table_1_7_children() -> None:
    """A section's children total must equal its category's children in table 1.7."""
    report = AnnualReport(
        year=2021,
        tables={
            "second_line": Table(slug="second_line", cells={("prevention", "children"): 380}),
            "prevention": Table(slug="prevention", totals={"children": 384}),
        },
    )
    (finding,) = reconcile(report)
    assert ("prevention:children:table_1_7", FindingKind.TEXT_CONTRADICTS_TABLE) == (
        finding.relation,
        finding.kind,
    )


def test_rounded_share_holds_up_to_half_a_point() -> None:
    """A share of exactly 66.5% may be called 67%, 66.4% may not."""
    part = FigureRef(table="prevention", row="mother", column="cases")
    whole = FigureRef(table="prevention", row=None, column="cases")

    def report(mothers: int, total: int) -> AnnualReport:
        return AnnualReport(
            year=2021,
            tables={
                "prevention": Table(
                    slug="prevention",
                    cells={("mother", "cases"): mothers},
                    totals={"cases": total},
                    remainder="other",
                )
            },
            statements=(ShareStatement(part=part, whole=whole, percent=67),),
        )

    assert () == reconcile(report(133, 200))
    assert [FindingKind.SHARE_MISMATCH] == [f.kind for f in reconcile(report(664, 1000))]


def test_more_than_share_excludes_the_next_whole_percent() -> None:
    """'ruim 29%' holds for 29.0% up to, not including, 30%."""
    part = FigureRef(table="prevention", row="father", column="cases")
    whole = FigureRef(table="prevention", row=None, column="cases")

    def findings(fathers: int) -> tuple[Finding, ...]:
        report = AnnualReport(
            year=2021,
            tables={
                "prevention": Table(
                    slug="prevention",
                    cells={("father", "cases"): fathers},
                    totals={"cases": 1000},
                    remainder="other",
                )
            },
            statements=(
                ShareStatement(part=part, whole=whole, percent=29, qualifier=Qualifier.MORE_THAN),
            ),
        )
        return reconcile(report)

    assert ((), (), 1, 1) == (
        findings(290),
        findings(299),
        len(findings(300)),
        len(findings(289)),
    )


def test_messages_for_every_kind_in_both_languages() -> None:
    """Each kind of finding has its own wording in English and in Dutch."""
    report = AnnualReport(
        year=2021,
        tables={
            "abductions": _abductions(mother=100, father=10, total=100),
            "abductions_by_treaty": Table(slug="abductions_by_treaty", totals={"cases": 90}),
        },
        statements=(
            ShareStatement(
                part=FigureRef(table="abductions", row="mother", column="cases"),
                whole=FigureRef(table="abductions", row=None, column="cases"),
                percent=50,
            ),
        ),
    )
    findings = reconcile(report)
    assert [
        FindingKind.PARTS_EXCEED_TOTAL,
        FindingKind.FIGURES_DISAGREE,
        FindingKind.SHARE_MISMATCH,
    ] == [f.kind for f in findings]
    assert [
        "Abduction cases by taking person / Total / Cases: the known parts add up to at least "
        "110, more than the total 100",
        "Abductions involving Convention and non-Convention states / Total / Cases is 90, but "
        "Abduction cases by taking person / Total / Cases is 100",
        "Abduction cases by taking person / Mother / Cases is 100% of Abduction cases by taking "
        "person / Total / Cases, the text says 50%",
    ] == [f.message() for f in findings]
    assert [
        "Kinderontvoeringszaken per ontvoerende persoon / Totaal / Zaken: de bekende delen zijn "
        "samen minstens 110, meer dan het totaal 100",
        "Kinderontvoeringen naar Verdragslanden en niet-Verdragslanden / Totaal / Zaken is 90, "
        "maar Kinderontvoeringszaken per ontvoerende persoon / Totaal / Zaken is 100",
        "Kinderontvoeringszaken per ontvoerende persoon / Moeder / Zaken is 100% van "
        "Kinderontvoeringszaken per ontvoerende persoon / Totaal / Zaken, de tekst noemt 50%",
    ] == [f.message("nl") for f in findings]


def test_change_message_with_decimals_and_dutch_separators() -> None:
    """A change finding prints its numbers with Dutch thousands separators in Dutch."""
    figure = FigureRef(table="contacts", row=None, column="contacts")
    report = AnnualReport(
        year=2021,
        tables={"contacts": Table(slug="contacts", totals={"contacts": 9596})},
        statements=(ChangeStatement(figure=figure, since=2020, earlier=1000, change=2531),),
    )
    (finding,) = reconcile(report)
    assert finding.message("nl").endswith(
        "de waarden geven een verandering van 8.596, de tekst noemt 2.531"
    )


def test_breakdown_without_a_total_is_checked_against_the_abductions() -> None:
    """Age bands given without their own total must add up to the abducted children."""
    report = AnnualReport(
        year=2021,
        tables={
            "abductions": Table(slug="abductions", totals={"children": 229}),
            "abductions_by_age": Table(
                slug="abductions_by_age",
                cells={
                    ("0_5", "children"): 113,
                    ("6_12", "children"): 93,
                    ("13_15", "children"): 16,
                    ("16_17", "children"): 8,
                },
            ),
        },
    )
    (finding,) = reconcile(report)
    assert ("abductions_by_age:children:parts_of_abductions", 230, 229) == (
        finding.relation,
        finding.expected,
        finding.stated,
    )


def test_section_parts_without_a_total_are_checked_against_table_1_7() -> None:
    """Initiating parties given without a total must add up to the category in table 1.7."""
    report = AnnualReport(
        year=2021,
        tables={
            "second_line": Table(slug="second_line", cells={("prevention", "cases"): 250}),
            "prevention": Table(
                slug="prevention",
                cells={("mother", "cases"): 145, ("father", "cases"): 90, ("other", "cases"): 13},
            ),
        },
    )
    (finding,) = reconcile(report)
    assert ("prevention:cases:parts_of_second_line", FindingKind.PARTS_DIFFER_FROM_TOTAL, -2) == (
        finding.relation,
        finding.kind,
        finding.difference,
    )


def test_share_finding_in_full() -> None:
    """A share finding names its relation and both figures, with the difference to 0.1 point."""
    (finding,) = reconcile(_share(68, Qualifier.MORE_THAN))
    part = FigureRef(table="abductions", row="mother", column="cases")
    whole = FigureRef(table="abductions", row=None, column="cases")
    assert (
        Finding(
            kind=FindingKind.SHARE_MISMATCH,
            severity=Severity.CONTRADICTION,
            table="abductions",
            relation="abductions:mother:share",
            figures=(FigureValue(figure=part, value=110), FigureValue(figure=whole, value=164)),
            expected=67.1,
            stated=68,
            difference=-0.9,
        )
        == finding
    )


def test_share_of_a_zero_whole_is_not_checked_but_of_one_is() -> None:
    """A share of 0 cannot be checked; a share of a whole of 1 can."""

    def share(part: int, whole: int) -> AnnualReport:
        cells: dict[tuple[RowKey, str], int] = {
            ("mother", "cases"): part,
            ("father", "cases"): 0,
            ("relative", "cases"): 0,
        }
        table = Table(slug="abductions", cells=cells, totals={"cases": whole})
        statement = ShareStatement(
            part=FigureRef(table="abductions", row="mother", column="cases"),
            whole=FigureRef(table="abductions", row=None, column="cases"),
            percent=50,
        )
        return AnnualReport(year=2021, tables={"abductions": table}, statements=(statement,))

    assert [] == [f for f in reconcile(share(0, 0)) if f.kind is FindingKind.SHARE_MISMATCH]
    assert [(100.0, 50)] == [
        (f.expected, f.stated)
        for f in reconcile(share(1, 1))
        if f.kind is FindingKind.SHARE_MISMATCH
    ]


def test_change_finding_in_full() -> None:
    """A change finding names figure, year and what was stated, with the later figure."""
    figure = FigureRef(table="contacts", row=None, column="contacts")
    report = AnnualReport(
        year=2021,
        tables={"contacts": Table(slug="contacts", totals={"contacts": 9596})},
        statements=(ChangeStatement(figure=figure, since=2020, earlier=7065, change=2530),),
    )
    expected = Finding(
        kind=FindingKind.CHANGE_MISMATCH,
        severity=Severity.CONTRADICTION,
        table="contacts",
        relation="contacts:contacts:change_since_2020",
        figures=(
            FigureValue(figure=figure, value=7065, year=2020),
            FigureValue(figure=figure, value=9596),
        ),
        expected=2531,
        stated=2530,
        difference=1,
    )
    assert (expected,) == reconcile(report)


def _trend(later: int, earlier: int, trend: Trend = Trend.DECREASE) -> tuple[Finding, ...]:
    figure = FigureRef(table="prevention", row=None, column="cases")
    report = AnnualReport(
        year=2021,
        tables={"prevention": Table(slug="prevention", totals={"cases": later})},
        statements=(ChangeStatement(figure=figure, since=2020, earlier=earlier, trend=trend),),
    )
    return reconcile(report)


def test_stated_decrease_holds_only_if_the_figure_fell() -> None:
    """A stated decrease holds for a lower figure; an unchanged one contradicts it (-1 stated)."""
    assert () == _trend(200, 216)
    (finding,) = _trend(216, 216)
    assert ("prevention:cases:trend_since_2020", 0, -1, 1) == (
        finding.relation,
        finding.expected,
        finding.stated,
        finding.difference,
    )


def test_only_the_unknown_row_known_below_the_total_is_a_gap() -> None:
    """With only the optional unknown row stated, the other parts are missing: a gap."""
    table = _abductions(unknown=2, total=5)
    findings = reconcile(AnnualReport(year=2021, tables={"abductions": table}))
    assert [("unaccounted_remainder", "gap", "abductions:cases:parts", 2, 5, -3)] == _summary(
        findings
    )


def test_case_flow_against_table_1_7_and_closures_in_full() -> None:
    """The flow's total must equal table 1.7's second-line cases; closures by reason its closed."""
    tables = {
        "second_line": Table(slug="second_line", totals={"cases": 10}),
        "second_line_flow": Table(
            slug="second_line_flow",
            cells={("closed_in_year", "cases"): 4, ("carried_over", "cases"): 7},
            totals={"cases": 11},
        ),
        "second_line_closed": Table(slug="second_line_closed", totals={"cases": 5}),
    }
    findings = reconcile(AnnualReport(year=2021, tables=tables))
    flow_total = FigureRef(table="second_line_flow", row=None, column="cases")
    closed_total = FigureRef(table="second_line_closed", row=None, column="cases")
    closed_in_year = FigureRef(table="second_line_flow", row="closed_in_year", column="cases")
    second_line = FigureRef(table="second_line", row=None, column="cases")

    def disagree(relation: str, a: FigureRef, left: int, b: FigureRef, right: int) -> Finding:
        kind = (
            FindingKind.TEXT_CONTRADICTS_TABLE if b is second_line else FindingKind.FIGURES_DISAGREE
        )
        return Finding(
            kind=kind,
            severity=Severity.CONTRADICTION,
            table=a.table,
            relation=relation,
            figures=(FigureValue(figure=a, value=left), FigureValue(figure=b, value=right)),
            expected=left,
            stated=right,
            difference=left - right,
        )

    assert [
        disagree("second_line_flow:cases:second_line", flow_total, 11, second_line, 10),
        disagree("second_line_closed:cases:flow", closed_total, 5, closed_in_year, 4),
    ] == [f for f in findings if f.relation.endswith((":second_line", ":flow"))]


def test_stated_increase_holds_for_a_rise_of_one_but_not_for_none() -> None:
    """A stated increase holds for a figure one higher; an unchanged one contradicts it."""
    assert () == _trend(217, 216, Trend.INCREASE)
    (finding,) = _trend(216, 216, Trend.INCREASE)
    assert (0, 1, -1) == (finding.expected, finding.stated, finding.difference)
