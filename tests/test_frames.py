import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import ikomodel
from ikomodel import (
    AgencyKind,
    Case,
    Category,
    Channel,
    Child,
    ClientKind,
    ClosureReason,
    Contact,
    Line,
    MediationKind,
    MediationOutcome,
    MediationRequest,
    MediationStage,
    Party,
    Register,
    Role,
    StageChange,
    TakingPerson,
    frames,
)


def a_register() -> Register:
    abduction = Case(
        id="case-1",
        opened=dt.date(2021, 3, 15),
        line=Line.SECOND,
        category=Category.ABDUCTION,
        parties=(
            Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR, Role.LEFT_BEHIND_PARENT)),
            Party(kind=ClientKind.FATHER, roles=(Role.TAKING_PARENT,)),
        ),
        children=(
            Child(id="child-1", birth_date=dt.date(2014, 7, 2)),
            Child(id="child-2", birth_date=dt.date(2017, 1, 20)),
        ),
        habitual_residence="NL",
        destination="MA",
        taking_person=TakingPerson.FATHER,
        removal_date=dt.date(2021, 3, 1),
        closed=dt.date(2021, 9, 1),
        closure_reason=ClosureReason.RESOLVED,
    )
    advice = Case(
        id="case-2",
        opened=dt.date(2021, 4, 1),
        line=Line.FIRST,
        category=Category.GENERAL_ADVICE,
        parties=(
            Party(kind=ClientKind.PROFESSIONAL, agency=AgencyKind.POLICE, roles=(Role.INITIATOR,)),
        ),
    )
    contacts = (
        Contact(
            id="k-1",
            on=dt.date(2021, 3, 15),
            channel=Channel.TELEPHONE,
            client=ClientKind.MOTHER,
            case_id="case-1",
        ),
        Contact(id="k-2", on=dt.date(2021, 5, 2), channel=Channel.EMAIL, client=ClientKind.FATHER),
    )
    mediation = MediationRequest(
        id="m-1",
        kind=MediationKind.IKO,
        received=dt.date(2021, 4, 1),
        case_id="case-1",
        stages=(
            StageChange(stage=MediationStage.RECEIVED, on=dt.date(2021, 4, 1)),
            StageChange(stage=MediationStage.INTAKE, on=dt.date(2021, 4, 8)),
            StageChange(stage=MediationStage.IN_MEDIATION, on=dt.date(2021, 4, 20)),
        ),
        outcome=MediationOutcome.RUNNING,
        child_interviews=1,
        children_heard=2,
    )
    return Register(cases=(abduction, advice), contacts=contacts, mediation_requests=(mediation,))


@pytest.mark.parametrize(
    ("table", "expected"),
    [("cases", 2), ("children", 2), ("contacts", 2), ("mediation_requests", 1)],
)
def test_a_register_converts_to_one_row_per_record(table: str, expected: int) -> None:
    """Each register frame has one row per case, child, contact or mediation request."""
    register = a_register()
    assert expected == len(frames.to_pandas(register, table=table))
    assert expected == frames.to_polars(register, table=table).height
    assert expected == frames.to_arrow(register, table=table).num_rows


def test_the_three_libraries_hold_the_same_values() -> None:
    """pandas, polars and Arrow frames hold exactly the values of rows()."""
    register = a_register()
    expected = frames.rows(register, table="contacts")
    assert expected == frames.to_arrow(register, table="contacts").to_pylist()
    assert expected == frames.to_polars(register, table="contacts").to_dicts()
    pandas_rows = frames.to_pandas(register, table="contacts").to_dict("records")
    assert [r["contact_id"] for r in expected] == [r["contact_id"] for r in pandas_rows]
    assert [r["on"] for r in expected] == [r["on"].date() for r in pandas_rows]


def test_absent_values_are_nulls_not_zero() -> None:
    """A value the register does not hold is a null in every library, never 0 or ''."""
    register = a_register()
    advice = frames.to_pandas(register).set_index("case_id").loc["case-2"]
    assert [2, 0] == frames.to_pandas(register)["children"].tolist()
    import pandas as pd

    assert pd.isna(advice["closed"])
    assert pd.isna(advice["came_back_as_abduction"])
    assert pd.isna(advice["taking_person"])
    cases = frames.to_polars(register)
    assert [None, None] == cases["came_back_as_abduction"].to_list()
    assert 1 == frames.to_arrow(register)["closed"].null_count


def test_counts_are_integers_and_dates_are_dates() -> None:
    """Counts are nullable integers and dates are dates, in each library's own types."""
    register = a_register()
    pandas_frame = frames.to_pandas(register, table="mediation_requests")
    assert "Int64" == str(pandas_frame["children_heard"].dtype)
    assert str(pandas_frame["received"].dtype).startswith("datetime64")
    import polars as pl

    assert pl.Date == frames.to_polars(register).schema["opened"]
    assert "date32[day]" == str(frames.to_arrow(register).schema.field("opened").type)


def test_labels_in_dutch_or_english_on_request() -> None:
    """lang='nl' or 'en' turns vocabulary slugs into display labels; the default keeps slugs."""
    register = a_register()
    assert ["abduction", "general_advice"] == frames.to_polars(register)["category"].to_list()
    dutch = frames.to_polars(register, lang="nl")
    assert ["Ontvoering", "Algemeen advies"] == dutch["category"].to_list()
    assert ["Moeder", "Professional/instantie"] == dutch["initiator"].to_list()
    english = frames.rows(register, table="contacts", lang="en")
    assert ["Telephone", "E-mail"] == [row["channel"] for row in english]


def test_children_frame_holds_ages_not_birth_dates() -> None:
    """The children frame gives the age when the case was opened, and no birth date."""
    children = frames.rows(a_register(), table="children")
    assert [6, 4] == [row["age_at_opening"] for row in children]
    assert all(not isinstance(value, dt.date) for row in children for value in row.values())


def test_columns_describe_the_frames() -> None:
    """columns() lists the frame's columns in order, with their types."""
    register = a_register()
    expected = [column.name for column in frames.columns(register, table="mediation_requests")]
    assert expected == frames.to_pandas(register, table="mediation_requests").columns.tolist()


def test_an_unknown_table_is_not_found() -> None:
    """Asking for a frame the register does not have names the ones it does."""
    with pytest.raises(ikomodel.NotFoundError, match="one of: cases, children"):
        frames.to_pandas(a_register(), table="parties")


@pytest.mark.parametrize(
    ("convert", "package"),
    [(frames.to_pandas, "pandas"), (frames.to_polars, "polars"), (frames.to_arrow, "pyarrow")],
)
def test_a_missing_library_names_the_extra(
    convert: Callable[[Register], object], package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the library, conversion raises MissingExtraError naming the 'frames' extra."""
    monkeypatch.setitem(sys.modules, package, None)
    with pytest.raises(ikomodel.MissingExtraError, match=r"ikomodel\[frames\]") as info:
        convert(a_register())
    assert ("frames", package) == (info.value.extra, info.value.package)


def test_importing_ikomodel_does_not_import_the_frame_libraries() -> None:
    """The frame libraries are imported only when a conversion asks for them."""
    code = (
        "import sys, ikomodel, ikomodel.frames; "
        "print(sorted({'pandas', 'polars', 'pyarrow'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(Path(ikomodel.__file__).parent.parent)},
    )
    assert "[]" == result.stdout.strip()


def a_published_report() -> ikomodel.AnnualReport:
    return ikomodel.published_figures(2021)


def test_a_report_converts_to_one_row_per_figure() -> None:
    """Each figure of a table is one row, keyed by table, row and column, with its total rows."""
    report = ikomodel.AnnualReport(
        year=2021,
        tables={
            "contacts": ikomodel.Table(
                slug="contacts",
                cells={("telephone", "contacts"): 5961, ("email", "contacts"): 3635},
                totals={"contacts": 9596},
            )
        },
    )
    expected = [
        ("telephone", "contacts", False, 5961, "published"),
        ("email", "contacts", False, 3635, "published"),
        (None, "contacts", True, 9596, "published"),
    ]
    found = frames.rows(report, table="contacts")
    assert expected == [(r["row"], r["column"], r["total"], r["value"], r["status"]) for r in found]
    assert {2021} == {r["year"] for r in found}


def test_an_absent_figure_is_a_null_with_status_absent_never_zero() -> None:
    """A figure the published report leaves out is a null value with the status 'absent'."""
    report = a_published_report()
    frame = frames.to_polars(report, table="contacts_by_client")
    professionals = frame.filter(frame["row"] == "professionals")
    assert [None, None] == professionals["value"].to_list()
    assert ["absent", "absent"] == professionals["status"].to_list()
    import polars as pl

    assert 0 == frame.filter(pl.col("status") == "absent")["value"].drop_nulls().len()


def test_every_row_of_a_closed_table_is_in_the_frame() -> None:
    """A closed table lists every row of its vocabulary, present or not, and its totals.

    The 'unknown' row is the exception: it is listed only when it holds a figure.
    """
    report = a_published_report()
    found = frames.rows(report, table="abductions_by_direction")
    spec = ikomodel.table_spec("abductions_by_direction")
    expected = {str(row) for row in spec.row_keys if row != "unknown"} | {None}
    assert expected == {r["row"] for r in found}


def test_a_multi_year_table_lists_every_year_it_covers() -> None:
    """The years a multi-year table covers are rows even when the source leaves them out."""
    found = frames.rows(a_published_report(), table="prevention_years")
    cases = {r["row"]: r["value"] for r in found if r["column"] == "cases"}
    assert {"2018": None, "2019": None, "2020": 216, "2021": 248, None: 987} == cases


def test_a_computed_report_has_every_figure_present() -> None:
    """A report computed from a register has no absent figures."""
    report = ikomodel.annual_report(a_register(), 2021)
    frame = frames.to_pandas(report)
    assert {"published"} == set(frame["status"])
    abductions = frame[(frame["table"] == "abductions") & frame["total"]]
    assert [1, 2] == abductions["value"].tolist()


def test_report_frames_of_the_three_libraries_agree() -> None:
    """pandas, polars and Arrow frames of a report hold the same figures as rows()."""
    report = a_published_report()
    expected = frames.rows(report)
    assert expected == frames.to_arrow(report).to_pylist()
    assert expected == frames.to_polars(report).to_dicts()
    pandas_frame = frames.to_pandas(report)
    assert len(expected) == len(pandas_frame)
    values = [r["value"] for r in expected]
    assert sum(v for v in values if isinstance(v, int)) == int(pandas_frame["value"].sum())
    assert values.count(None) == int(pandas_frame["value"].isna().sum())
    assert "Int64" == str(pandas_frame["value"].dtype)


def test_report_labels_are_added_beside_the_keys() -> None:
    """A display language adds title, row and column labels, and keeps the slugs as keys."""
    found = frames.rows(a_published_report(), table="abductions", lang="nl")
    mother = next(r for r in found if r["row"] == "mother" and r["column"] == "cases")
    assert "Kinderontvoeringszaken per ontvoerende persoon" == mother["title"]
    assert ("Moeder", "Zaken") == (mother["row_label"], mother["column_label"])
    total = next(r for r in found if r["total"] and r["column"] == "cases")
    assert ("Totaal", 164) == (total["row_label"], total["value"])


def test_country_rows_are_labelled_with_country_names() -> None:
    """Country tables label their rows with the country's name in the chosen language."""
    report = ikomodel.annual_report(a_register(), 2021)
    found = frames.rows(report, table="abductions_countries", lang="en")
    morocco = [r for r in found if r["row"] == "MA"]
    assert {"Morocco"} == {r["row_label"] for r in morocco}


def test_an_unknown_report_table_is_not_found() -> None:
    """Asking for a table the report does not have names the tables it does."""
    with pytest.raises(ikomodel.NotFoundError, match="abductions"):
        frames.rows(a_published_report(), table="kidnappings")


def test_a_suppressed_figure_is_a_null_with_status_suppressed() -> None:
    """After suppression, a hidden figure is a null value with the status 'suppressed'."""
    report = ikomodel.AnnualReport(
        year=2021,
        tables={
            "abductions": ikomodel.Table(
                slug="abductions",
                cells={
                    ("mother", "cases"): 9,
                    ("father", "cases"): 2,
                    ("relative", "cases"): 4,
                    ("unknown", "cases"): 0,
                },
                totals={"cases": 15},
            )
        },
    )
    published = ikomodel.suppress(report, threshold=3)
    found = frames.rows(published, table="abductions")
    cases = {r["row"]: (r["value"], r["status"]) for r in found if r["column"] == "cases"}
    assert (9, "published") == cases["mother"]
    assert (None, "suppressed") == cases["father"]
    assert (None, "suppressed") == cases["relative"]
    assert (15, "published") == cases[None]
    children = [r for r in found if r["column"] == "children" and not r["total"]]
    assert {"absent"} == {r["status"] for r in children}


def test_merged_small_countries_are_labelled_as_other_countries() -> None:
    """A country table whose small countries were merged labels that row 'other countries'."""
    report = ikomodel.AnnualReport(
        year=2021,
        tables={
            "abductions_countries": ikomodel.Table(
                slug="abductions_countries",
                cells={("MA", "from_netherlands"): 9, ("TR", "from_netherlands"): 1},
            )
        },
    )
    published = ikomodel.suppress(report, threshold=1, collapse=5)
    found = frames.rows(published, table="abductions_countries", lang="nl")
    labels = {r["row"]: r["row_label"] for r in found if not r["total"]}
    assert {"MA": "Marokko", "other_countries": "Overige landen"} == labels
