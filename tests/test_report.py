"""The annual report: its table type, the counting rules of annual_report, comparison."""

import datetime as dt

import pytest

from ikomodel import (
    TABLE_SPECS,
    AnnualReport,
    Case,
    Category,
    Cell,
    ChangeStatement,
    Channel,
    Child,
    ClientKind,
    ClosureReason,
    Contact,
    FigureRef,
    Line,
    MediationKind,
    MediationOutcome,
    MediationRequest,
    MediationStage,
    NotFoundError,
    NotStartedReason,
    Party,
    Problem,
    Register,
    Role,
    RowKey,
    StageChange,
    Table,
    TakingPerson,
    ValidationError,
    annual_report,
    compare,
    published_figures,
    year_over_year,
)
from ikomodel import AgencyKind as Agency

D = dt.date


def _case(
    case_id: str,
    opened: dt.date,
    category: Category = Category.ABDUCTION,
    *,
    line: Line = Line.SECOND,
    initiator: ClientKind = ClientKind.MOTHER,
    births: tuple[dt.date, ...] = (D(2015, 6, 1),),
    **fields: object,
) -> Case:
    agency = Agency.POLICE if initiator is ClientKind.PROFESSIONAL else None
    return Case(
        id=case_id,
        opened=opened,
        line=line,
        category=category,
        parties=(Party(kind=initiator, roles=(Role.INITIATOR,), agency=agency),),
        children=tuple(
            Child(id=f"{case_id}-k{i}", birth_date=born) for i, born in enumerate(births)
        ),
        **fields,  # type: ignore[arg-type]
    )


def test_case_counts_on_its_line_at_the_year_end() -> None:
    """A case escalated after the year end is a first-line case of its year; before, second."""
    late = _case("a", D(2021, 11, 1), Category.GENERAL_ADVICE, escalated=D(2022, 1, 5))
    early = _case("b", D(2021, 3, 1), Category.GENERAL_ADVICE, escalated=D(2021, 4, 1))
    report = annual_report(Register(cases=(late, early)), 2021)
    assert (1, 1, 1, 1) == (
        report.get("first_line", Category.GENERAL_ADVICE, "cases"),
        report.get("second_line", Category.GENERAL_ADVICE, "cases"),
        report.get("first_line", None, "children"),
        report.get("second_line", None, "children"),
    )


def test_case_flow_closed_carried_over_and_earlier() -> None:
    """Opened cases close in the year or carry over; older open second-line cases count apart."""
    cases = (
        _case("a", D(2021, 2, 1), closed=D(2021, 5, 1), closure_reason=ClosureReason.RESOLVED),
        _case("b", D(2021, 2, 1), closed=D(2022, 1, 3), closure_reason=ClosureReason.OTHER),
        _case("c", D(2021, 9, 1)),
        _case("d", D(2019, 9, 1)),
        _case("e", D(2020, 9, 1), closed=D(2021, 1, 3), closure_reason=ClosureReason.RESOLVED),
        _case("f", D(2020, 9, 1), Category.GENERAL_ADVICE, line=Line.FIRST),
        _case("g", D(2020, 11, 1), Category.RELOCATION_PERMISSION),
    )
    report = annual_report(Register(cases=cases), 2021)
    flow = report["second_line_flow"]
    assert (1, 2, 2, 3) == (
        flow.get("closed_in_year", "cases"),
        flow.get("carried_over", "cases"),
        flow.get("earlier_still_open", "cases"),
        flow.total("cases"),
    )
    assert {ClosureReason.RESOLVED: 1} == {
        r: v for r, v in report["second_line_closed"].column("cases").items() if v
    }


def test_abductions_by_taking_person_age_treaty_and_direction() -> None:
    """Abductions count taking person, age at removal, treaty status, direction and country."""
    cases = (
        _case(
            "a",
            D(2021, 7, 1),
            taking_person=TakingPerson.MOTHER,
            removal_date=D(2021, 5, 31),
            habitual_residence="NL",
            destination="MA",
        ),
        _case(
            "b",
            D(2021, 7, 1),
            births=(D(2010, 1, 1), D(2004, 1, 1)),
            habitual_residence="PL",
            destination="NL",
        ),
        _case("c", D(2021, 7, 1), taking_person=TakingPerson.FATHER, habitual_residence="NL"),
    )
    report = annual_report(Register(cases=cases), 2021)
    assert {"mother": 1, "father": 1, "relative": 0, "unknown": 1} == report["abductions"].column(
        "cases"
    )
    assert {"0_5": 1, "6_12": 2, "13_15": 0, "16_17": 1, "unknown": 0} == report[
        "abductions_by_age"
    ].column("children")
    treaty = report["abductions_by_treaty"].column("cases")
    assert (2, 1) == (treaty["contracting_state"], treaty["unknown"])
    direction = report["abductions_by_direction"].column("cases")
    assert (1, 1, 1) == (
        direction["from_netherlands"],
        direction["to_netherlands"],
        direction["unknown"],
    )
    assert (("MA", 1),) == report.top_countries("abductions_countries", "from_netherlands")
    assert (("PL", 1),) == report.top_countries("abductions_countries", "to_netherlands")
    assert (4, 3) == (
        report.get("abductions", None, "children"),
        report.get("abductions", None, "cases"),
    )


def test_prevention_initiators_came_back_and_years() -> None:
    """Prevention counts initiating party, cases that came back, and each year of the span."""
    cases = (
        _case("a", D(2021, 1, 5), Category.PREVENTION, came_back_as_abduction=True),
        _case(
            "b",
            D(2021, 1, 5),
            Category.PREVENTION,
            initiator=ClientKind.PROFESSIONAL,
            births=(),
        ),
        _case("c", D(2018, 3, 1), Category.PREVENTION, initiator=ClientKind.FATHER),
        _case("d", D(2018, 1, 1), Category.PREVENTION, line=Line.FIRST),
    )
    report = annual_report(Register(cases=cases), 2021)
    assert {"mother": 1, "father": 0, "other": 1} == report["prevention"].column("cases")
    assert {"yes": 1, "no": 0, "unknown": 1} == report["prevention_came_back"].column("cases")
    assert {2018: 1, 2019: 0, 2020: 0, 2021: 2} == report["prevention_years"].column("cases")
    assert (3, 1) == (
        report.get("prevention_years", None, "cases"),
        report.get("prevention_years", None, "came_back"),
    )
    assert 1 == report.get("prevention_years_by_initiator", 2018, "father")


def test_relocation_and_access_by_party_and_country() -> None:
    """Relocation and access count the initiating party and the country on the far side."""
    cases = (
        _case(
            "a",
            D(2021, 1, 5),
            Category.RELOCATION_PERMISSION,
            initiator=ClientKind.FATHER,
            habitual_residence="NL",
            destination="ES",
        ),
        _case(
            "b",
            D(2021, 1, 5),
            Category.INTERNATIONAL_ACCESS,
            initiator=ClientKind.RELATIVE,
            habitual_residence="TR",
            destination="NL",
        ),
    )
    report = annual_report(Register(cases=cases), 2021)
    assert (1, 1, 1, 1) == (
        report.get("relocation", "father", "cases"),
        report.get("relocation_countries", "ES", "from_netherlands"),
        report.get("access", "other", "children"),
        report.get("access_countries", "TR", "to_netherlands"),
    )


def _request(
    request_id: str, kind: MediationKind, stages: tuple[StageChange, ...], **fields: object
) -> MediationRequest:
    return MediationRequest(
        id=request_id,
        kind=kind,
        received=stages[0].on,
        case_id="a",
        stages=stages,
        **fields,  # type: ignore[arg-type]
    )


def test_mediation_funnel_as_at_the_year_end() -> None:
    """Mediation stages after the year end do not count: a mediation concluded later is running."""
    received = StageChange(stage=MediationStage.RECEIVED, on=D(2021, 3, 1))
    requests = (
        _request(
            "m1",
            MediationKind.IKO,
            (
                received,
                StageChange(stage=MediationStage.INTAKE, on=D(2021, 4, 1)),
                StageChange(stage=MediationStage.IN_MEDIATION, on=D(2021, 5, 1)),
                StageChange(stage=MediationStage.CONCLUDED, on=D(2022, 1, 10)),
            ),
            outcome=MediationOutcome.FULL_AGREEMENT,
            child_interviews=1,
            children_heard=2,
        ),
        _request(
            "m2",
            MediationKind.IKO,
            (
                received,
                StageChange(
                    stage=MediationStage.NOT_STARTED,
                    on=D(2021, 3, 9),
                    reason=NotStartedReason.FINANCIAL,
                ),
            ),
        ),
        _request(
            "m3",
            MediationKind.NIKO,
            (
                received,
                StageChange(stage=MediationStage.INTAKE, on=D(2021, 4, 1)),
                StageChange(stage=MediationStage.IN_MEDIATION, on=D(2021, 5, 1)),
                StageChange(stage=MediationStage.CONCLUDED, on=D(2021, 6, 1)),
            ),
            outcome=MediationOutcome.MIRROR_AGREEMENT,
        ),
    )
    register = Register(cases=(_case("a", D(2021, 2, 1)),), mediation_requests=requests)
    report = annual_report(register, 2021)
    iko = {k: v for k, v in report["mediation"].cells.items() if k[0] == "iko" and v}
    assert {
        ("iko", "requests"): 2,
        ("iko", "not_started"): 1,
        ("iko", "started"): 1,
        ("iko", "mediations"): 1,
        ("iko", "running"): 1,
        ("iko", "child_interviews"): 1,
        ("iko", "children_heard"): 2,
    } == iko
    assert (1, 1, 1) == (
        report.get("mediation", "niko", "successful"),
        report.get("mediation_not_started", "financial", "iko"),
        report.get("mediation", None, "successful"),
    )


def test_contacts_by_channel_and_client_group() -> None:
    """Contacts of the year count by channel and client group; friends count with relatives."""
    contacts = (
        Contact(id="t1", on=D(2021, 1, 1), channel=Channel.TELEPHONE, client=ClientKind.MOTHER),
        Contact(
            id="t2",
            on=D(2021, 1, 1),
            channel=Channel.EMAIL,
            client=ClientKind.FRIEND_OR_NEIGHBOUR,
        ),
        Contact(id="t3", on=D(2020, 12, 31), channel=Channel.EMAIL, client=ClientKind.FATHER),
    )
    report = annual_report(Register(contacts=contacts), 2021)
    assert (1, 1, 2, 1) == (
        report.get("contacts", "telephone", "contacts"),
        report.get("contacts_by_client", "relatives", "email"),
        report.get("contacts", None, "contacts"),
        report.get("contacts_by_client", None, "telephone"),
    )


def test_every_table_is_computed_with_all_rows() -> None:
    """A computed report has every table, and every row of each closed vocabulary."""
    report = annual_report(Register(), 2021)
    assert [spec.slug for spec in TABLE_SPECS] == list(report.tables)
    assert 12 == len(report["first_line"].rows)


def test_reports_of_disjoint_registers_add_up() -> None:
    """The report of a union equals the sum of the reports."""
    a = Register(cases=(_case("a", D(2021, 2, 1), habitual_residence="NL", destination="MA"),))
    b = Register(cases=(_case("b", D(2021, 2, 1), habitual_residence="NL", destination="TR"),))
    assert annual_report(a | b, 2021) == annual_report(a, 2021) + annual_report(b, 2021)


def test_absent_cells_stay_absent_when_adding() -> None:
    """Adding a table where one side lacks a cell leaves that cell absent, not summed with 0."""
    left = Table(slug="abductions", cells={("mother", "cases"): 1, ("father", "cases"): 2})
    right = Table(slug="abductions", cells={("mother", "cases"): 3})
    assert {("mother", "cases"): 4} == dict((left + right).cells)


def test_adding_reports_of_different_years_is_refused() -> None:
    """Reports of different years cannot be added: a ValidationError on 'year' naming both."""
    with pytest.raises(ValidationError) as info:
        AnnualReport(year=2021) + AnnualReport(year=2020)
    expected = Problem(path="year", message="cannot add the 2020 report to the 2021 report")
    assert [expected] == list(info.value.problems)


def test_table_rejects_bad_rows_columns_and_counts() -> None:
    """Every bad key or count of a table is reported with its path and what valid input is."""
    whole = "a count is a whole number (JSON integer), such as 12"
    with pytest.raises(ValidationError) as info:
        Table(
            slug="abductions",
            cells={
                ("aunt", "cases"): 1,
                ("mother", "cases"): -1,
                ("father", "cases"): True,
                ("mother", "kids"): 2,
            },
            totals={"kids": 3, "cases": -2, "children": "3"},  # type: ignore[dict-item]
            remainder="aunt",
        )
    rows, columns = "one of: mother, father, relative, unknown", "one of: cases, children"
    assert [
        Problem(path="cells.aunt.cases", message=f"not a cell of abductions: {rows}"),
        Problem(path="cells.mother.cases", message="a count is 0 or more"),
        Problem(path="cells.father.cases", message=whole),
        Problem(path="cells.mother.kids", message=f"not a cell of abductions: {columns}"),
        Problem(path="totals.kids", message=f"not a column: {columns}"),
        Problem(path="totals.cases", message="a count is 0 or more"),
        Problem(path="totals.children", message=whole),
        Problem(path="remainder", message=rows),
    ] == list(info.value.problems)


def test_unknown_table_slug_raises_not_found() -> None:
    """Asking a report for a table that does not exist raises NotFoundError."""
    with pytest.raises(NotFoundError, match="no table 'nope'"):
        AnnualReport(year=2021)["nope"]


def test_cells_yield_parts_then_totals_in_report_order() -> None:
    """cells() yields a table's cells in row order, then its stated totals."""
    table = Table(
        slug="prevention",
        cells={("other", "cases"): 1, ("mother", "cases"): 2},
        totals={"cases": 3},
    )
    report = AnnualReport(year=2021, tables={"prevention": table})
    assert [
        Cell(table="prevention", row="mother", column="cases", value=2),
        Cell(table="prevention", row="other", column="cases", value=1),
        Cell(table="prevention", row=None, column="cases", value=3),
    ] == list(report.cells())


def test_top_countries_break_ties_by_code_and_skip_zero() -> None:
    """The top-n list sorts by count, then by country code, keeps ties with the n-th, skips zeros.

    Issue 16 item 2 changed the expectation: the top 2 now holds TR, tied with MA.
    """
    table = Table(
        slug="abductions_countries",
        cells={
            ("TR", "from_netherlands"): 2,
            ("MA", "from_netherlands"): 2,
            ("BE", "from_netherlands"): 5,
            ("DE", "from_netherlands"): 0,
        },
    )
    report = AnnualReport(year=2021, tables={"abductions_countries": table})
    assert (("BE", 5), ("MA", 2), ("TR", 2)) == report.top_countries(
        "abductions_countries", "from_netherlands", 2
    )
    assert (("BE", 5),) == report.top_countries("abductions_countries", "from_netherlands", 1)


def test_compare_lists_published_figures_that_differ() -> None:
    """compare() lists each published figure the computed report misses or gets wrong."""
    computed = annual_report(Register(cases=(_case("a", D(2021, 2, 1)),)), 2021)
    differences = compare(computed, published_figures(2021))
    first = differences[0]
    assert (FigureRef(table="contacts", row="telephone", column="contacts"), 0, 5961, -5961) == (
        first.figure,
        first.computed,
        first.published,
        first.difference,
    )
    absent = [d for d in differences if d.computed is None]
    assert [] == [d for d in absent if d.figure.table != "prevention_years"]


def test_compare_all_figures_and_matches() -> None:
    """With mismatches_only off, every published figure is listed and matches flags equality."""
    published = published_figures(2021)
    every = compare(published, published, mismatches_only=False)
    assert len(list(published.cells())) == len(every)
    assert all(d.matches for d in every)


def test_year_over_year_change_and_percentage() -> None:
    """year_over_year gives the absolute and percentage change of shared figures."""
    changes = year_over_year(published_figures(2020), published_figures(2021))
    by_figure = {(c.figure.table, c.figure.row, str(c.figure.column)): c for c in changes}
    abductions = by_figure["abductions", None, "cases"]
    assert (152, 164, 12, 7.9) == (
        abductions.earlier,
        abductions.later,
        abductions.change,
        abductions.percent,
    )
    assert -9 == by_figure["second_line", None, "cases"].change


def test_known_parts_of_published_tables() -> None:
    """known_parts sums what is given and says whether every part (but 'unknown') is given."""
    report = published_figures(2021)
    assert ((165, True), (160, False), (4441, True)) == (
        report["abductions"].known_parts("cases"),
        report["abductions_by_direction"].known_parts("cases"),
        report["first_line"].known_parts("cases"),
    )


def test_year_boundaries_are_inclusive() -> None:
    """Cases opened on 1 January and 31 December count; closing or escalating on 31 December too."""
    cases = (
        _case("a", D(2021, 1, 1), closed=D(2021, 12, 31), closure_reason=ClosureReason.OTHER),
        _case("b", D(2021, 12, 31)),
        _case("c", D(2022, 1, 1)),
        _case("d", D(2021, 6, 1), Category.MISSING_CHILD, escalated=D(2021, 12, 31)),
        _case("e", D(2020, 6, 1), closed=D(2021, 12, 31), closure_reason=ClosureReason.OTHER),
    )
    report = annual_report(Register(cases=cases), 2021)
    flow = report["second_line_flow"].column("cases")
    assert (3, 1, 2, 0) == (
        report.get("second_line", None, "cases"),
        flow["closed_in_year"],
        flow["carried_over"],
        flow["earlier_still_open"],
    )


def test_mediation_stage_on_the_last_day_counts() -> None:
    """A stage entered on 31 December counts for that year; one on 1 January does not."""
    received = StageChange(stage=MediationStage.RECEIVED, on=D(2021, 12, 1))
    requests = (
        _request(
            "m1",
            MediationKind.NIKO,
            (received, StageChange(stage=MediationStage.INTAKE, on=D(2021, 12, 31))),
        ),
        _request(
            "m2",
            MediationKind.NIKO,
            (received, StageChange(stage=MediationStage.INTAKE, on=D(2022, 1, 1))),
        ),
    )
    register = Register(cases=(_case("a", D(2021, 2, 1)),), mediation_requests=requests)
    niko = annual_report(register, 2021)["mediation"]
    assert (2, 1, 1, 1) == (
        niko.get("niko", "requests"),
        niko.get("niko", "pending"),
        niko.get("niko", "started"),
        niko.get("niko", "in_intake"),
    )


def test_child_born_after_the_removal_date_has_an_unknown_age_band() -> None:
    """A child not yet born on the recorded removal date is counted in the unknown age band.

    Such a case is refused since issue 17 (a removal lies on or after the
    child's birth); the report still counts one that bypassed validation.
    """
    with pytest.raises(ValidationError, match="born after the wrongful removal"):
        _case("a", D(2021, 6, 1), births=(D(2021, 3, 1),), removal_date=D(2021, 1, 1))
    case = _case("a", D(2021, 6, 1), births=(D(2021, 3, 1),), removal_date=D(2021, 3, 1))
    object.__setattr__(case, "removal_date", D(2021, 1, 1))  # past the constructor's checks
    report = annual_report(Register(cases=(case,)), 2021)
    assert 1 == report.get("abductions_by_age", "unknown", "children")


def test_prevention_year_uses_the_line_at_the_end_of_its_own_year() -> None:
    """A 2019 prevention case escalated in 2020 is not a second-line prevention case of 2019."""
    case = _case("a", D(2019, 6, 1), Category.PREVENTION, escalated=D(2020, 2, 1))
    report = annual_report(Register(cases=(case,)), 2021)
    assert {2018: 0, 2019: 0, 2020: 0, 2021: 0} == report["prevention_years"].column("cases")


def test_span_sets_the_years_of_the_prevention_tables() -> None:
    """The span argument sets how many years the multi-year prevention tables cover."""
    report = annual_report(Register(), 2021, span=2)
    assert (2020, 2021) == report["prevention_years"].rows


@pytest.mark.parametrize(
    ("birth", "removal", "expected"),
    [
        pytest.param(D(2021, 1, 1), D(2021, 5, 1), "0_5", id="newborn-at-removal"),
        pytest.param(D(2003, 6, 1), D(2021, 8, 1), "unknown", id="eighteen-at-removal"),
    ],
)
def test_age_band_at_removal_bounds(birth: dt.date, removal: dt.date, expected: str) -> None:
    """A child under one at the removal is in the youngest band; one turned 18 has no band."""
    case = _case("a", D(2021, 2, 1), births=(birth,), removal_date=removal)
    report = annual_report(Register(cases=(case,)), 2021)
    assert 1 == report.get("abductions_by_age", expected, "children")


def test_cases_in_the_same_cell_add_up() -> None:
    """Every cell counts all its cases: two cases with the same row add, none overwrites."""
    twins = (D(2015, 6, 1), D(2017, 6, 1))
    cases = (
        _case(
            "a",
            D(2021, 1, 5),
            Category.RELOCATION_PERMISSION,
            habitual_residence="NL",
            destination="ES",
        ),
        _case(
            "b",
            D(2021, 2, 5),
            Category.RELOCATION_PERMISSION,
            habitual_residence="NL",
            destination="ES",
        ),
        _case("c", D(2021, 3, 5), Category.PREVENTION, births=twins, came_back_as_abduction=False),
        _case("d", D(2021, 4, 5), Category.PREVENTION, births=twins, came_back_as_abduction=False),
    )
    report = annual_report(Register(cases=cases), 2021)
    assert (2, 2, 4, 2) == (
        report.get("relocation_countries", "ES", "from_netherlands"),
        report.get("prevention_came_back", "no", "cases"),
        report.get("prevention_years", 2021, "children"),
        report.get("prevention_years_by_initiator", 2021, "mother"),
    )
    assert "computed" == report.source


def test_top_lists_the_highest_counts_first_and_ten_by_default() -> None:
    """The top list sorts by count, not by country code, and holds ten rows unless told."""
    codes = ["AR", "BE", "CA", "DE", "EG", "FR", "GH", "IN", "JP", "KE", "ZA"]
    cells: dict[tuple[RowKey, str], int] = {
        (code, "from_netherlands"): i + 1 for i, code in enumerate(codes)
    }
    report = AnnualReport(
        year=2021, tables={"abductions_countries": Table(slug="abductions_countries", cells=cells)}
    )
    top = report.top_countries("abductions_countries", "from_netherlands")
    assert [("ZA", 11), ("KE", 10)] == list(top[:2])
    assert 10 == len(top)
    assert 10 == len(report["abductions_countries"].top("from_netherlands"))


def test_figure_label_is_english_by_default() -> None:
    """A figure's label is in English unless another language is asked for."""
    figure = FigureRef(table="abductions", row="mother", column="cases")
    assert figure.label("en") == figure.label()
    assert figure.label("nl") != figure.label()


def test_change_statement_needs_a_stated_change() -> None:
    """A change statement stating no earlier value, change or trend fails on 'change'."""
    figure = FigureRef(table="abductions", row=None, column="cases")
    with pytest.raises(ValidationError) as info:
        ChangeStatement(figure=figure, since=2020)
    expected = Problem(
        path="change", message="state at least one of earlier, change, percent, trend"
    )
    assert [expected] == list(info.value.problems)


def test_get_reads_year_rows_given_as_strings() -> None:
    """A year row may be given as a string; other rows a table lacks read as absent."""
    table = Table(slug="prevention_years", cells={(2020, "cases"): 216})
    assert (216, 216, None) == (
        table.get("2020", "cases"),
        table.get(2020, "cases"),
        table.get("total", "cases"),
    )


def test_known_parts_ignore_rows_that_are_not_parts() -> None:
    """Earlier, still open cases are no part of the case flow: the parts are complete without."""
    table = Table(
        slug="second_line_flow",
        cells={("closed_in_year", "cases"): 3, ("carried_over", "cases"): 4},
    )
    partial = Table(slug="second_line_flow", cells={("closed_in_year", "cases"): 3})
    assert ((7, True), (3, False)) == (table.known_parts("cases"), partial.known_parts("cases"))


def test_shares_of_an_all_zero_column_are_zero() -> None:
    """Shares of a column whose parts sum to 0 are 0 %, not a division by zero."""
    table = Table(slug="prevention", cells={("mother", "cases"): 0, ("father", "cases"): 0})
    assert [0.0, 0.0] == list(table.shares("cases").values())


def test_figure_ref_to_an_unknown_table_names_it() -> None:
    """A reference to a table that does not exist is a ValidationError on 'figure' naming it."""
    with pytest.raises(ValidationError) as info:
        FigureRef(table="nope", row=None, column="cases")
    assert ["figure"] == [problem.path for problem in info.value.problems]
    assert info.value.problems[0].message.startswith("no table 'nope'; tables: contacts,")


def test_report_tables_must_be_tables_under_their_own_slug() -> None:
    """A table filed under another slug, or no table at all, is a ValidationError per entry."""
    with pytest.raises(ValidationError) as info:
        AnnualReport(
            year=2021,
            tables={"prevention": Table(slug="abductions"), "relocation": "42"},  # type: ignore[dict-item]
        )
    expected = [
        Problem(path="tables['prevention']", message="a Table with that slug"),
        Problem(path="tables['relocation']", message="a Table with that slug"),
    ]
    assert expected == list(info.value.problems)


def test_table_with_an_unknown_slug_or_a_key_that_is_no_pair() -> None:
    """An unknown slug fails on 'slug'; a cell key that is no (row, column) pair on 'cells'."""
    with pytest.raises(ValidationError) as unknown:
        Table(slug="nope")
    with pytest.raises(ValidationError) as no_pair:
        Table(slug="abductions", cells={"mother": 1})  # type: ignore[dict-item]
    assert ["slug"] == list(unknown.value.paths)
    assert unknown.value.problems[0].message.startswith("no table 'nope'; tables: contacts,")
    assert ["cells"] == list(no_pair.value.paths)
    assert no_pair.value.problems[0].message.startswith("not a cell of abductions: ")


def test_adding_tables_keeps_shared_totals_and_a_shared_remainder() -> None:
    """A sum states only the totals both tables state, and their remainder row only if shared."""
    left = Table(slug="abductions", totals={"cases": 2, "children": 3}, remainder="relative")
    right = Table(slug="abductions", totals={"cases": 5}, remainder="relative")
    other = Table(slug="abductions", totals={"cases": 1})
    assert ({"cases": 7}, TakingPerson.RELATIVE, None) == (
        (left + right).totals,
        (left + right).remainder,
        (left + other).remainder,
    )


def test_adding_tables_of_different_slugs_is_refused() -> None:
    """Two different tables cannot be added: a ValidationError on 'slug' naming both."""
    with pytest.raises(ValidationError) as info:
        Table(slug="abductions") + Table(slug="prevention")
    expected = Problem(path="slug", message="cannot add table prevention to abductions")
    assert [expected] == list(info.value.problems)


def test_a_sum_of_reports_keeps_their_source_and_html_is_english_by_default() -> None:
    """Adding computed reports gives a computed report; HTML is in English unless asked."""
    report = annual_report(Register(), 2021)
    total = report + annual_report(Register(), 2021)
    assert "computed" == total.source
    assert report.to_html("en") == report.to_html()
    assert report["abductions"].to_html("en") == report["abductions"].to_html()
