"""The published figures as data, and the figures file format."""

import contextlib
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikomodel import (
    TABLE_SPECS,
    AnnualReport,
    ChangeStatement,
    DocumentError,
    FigureRef,
    IkoModelError,
    InitiatingParty,
    Measure,
    ShareStatement,
    Table,
    UnknownYearError,
    ValidationError,
    dumps_figures,
    figures_document,
    figures_schema,
    loads_figures,
    published_figures,
    published_years,
    read_figures,
    write_figures,
)


def test_published_2021_table_1_7_as_printed() -> None:
    """The first-line table holds the printed parts and the printed total, apart."""
    table = published_figures(2021)["first_line"]
    assert (4016, 4431, 6141) == (
        table.get("holiday_permission", "cases"),
        table.total("cases"),
        table.total("children"),
    )
    assert 4441 == sum(table.column("cases").values())


def test_absent_figures_are_absent_not_zero() -> None:
    """Figures the report does not give are None, while a printed 0 is 0."""
    report = published_figures(2021)
    assert (None, 0, None) == (
        report.get("first_line", "abduction", "children"),
        report.get("first_line", "refuting_threat", "cases"),
        report.get("abductions_countries", None, "from_netherlands"),
    )


def test_published_2021_section_figures() -> None:
    """Sections 1.3 to 1.6 and the mediation chapter are entered as published."""
    report = published_figures(2021)
    assert (145, 90, 13, 248, 384) == (
        report.get("prevention", "mother", "cases"),
        report.get("prevention", "father", "cases"),
        report.get("prevention", "other", "cases"),
        report.get("prevention", None, "cases"),
        report.get("prevention", None, "children"),
    )
    assert (55, 70, 38, 12) == (
        report.get("relocation", None, "cases"),
        report.get("relocation", None, "children"),
        report.get("relocation", "mother", "cases"),
        report.get("relocation", "father", "cases"),
    )
    assert (113, 93, 16, 7) == tuple(report["abductions_by_age"].column("children").values())
    assert (37, 25, 24, 7, 11, 8, 5, 35) == (
        report.get("mediation", "iko", "requests"),
        report.get("mediation", "iko", "started"),
        report.get("mediation", "iko", "mediations"),
        report.get("mediation", "iko", "successful"),
        report.get("mediation", "niko", "requests"),
        report.get("mediation", "niko", "mediations"),
        report.get("mediation", "niko", "successful"),
        report.get("mediation", None, "children_heard"),
    )


def test_prevention_chart_is_decoded_per_year() -> None:
    """The chart's labels give mothers and fathers for 2018 to 2021."""
    table = published_figures(2021)["prevention_years_by_initiator"]
    assert {2018: 140, 2019: 120, 2020: 122, 2021: 145} == table.column(InitiatingParty.MOTHER)
    assert {2018: 134, 2019: 139, 2020: 94, 2021: 90} == table.column(InitiatingParty.FATHER)


def test_every_table_cites_its_source() -> None:
    """Every published table says where in the report its figures stand."""
    report = published_figures(2021)
    assert [] == [slug for slug, table in report.tables.items() if not table.source]


def test_text_statements_are_kept() -> None:
    """The percentages and changes of the text are statements of the report."""
    statements = published_figures(2021).statements
    shares = [s.percent for s in statements if isinstance(s, ShareStatement)]
    changes = [s.change for s in statements if isinstance(s, ChangeStatement)]
    assert [67, 29, 4] == shares
    assert [1657, -9, 2531, None, None, None, None] == changes


def test_figures_of_2020_are_those_the_2021_report_quotes() -> None:
    """2020 holds the quoted figures and the totals derived from the stated changes only."""
    report = published_figures(2020)
    expected = {
        ("contacts", None, "contacts"): 7065,
        ("first_line", None, "cases"): 2774,
        ("second_line", None, "cases"): 598,
        ("prevention", "mother", "cases"): 122,
        ("prevention", "father", "cases"): 94,
        ("prevention", None, "cases"): 216,
        ("prevention", None, "children"): 329,
        ("abductions", None, "cases"): 152,
        ("abductions", None, "children"): 224,
    }
    assert expected == {(c.table, c.row, c.column): c.value for c in report.cells()}


def test_published_years_and_unknown_year() -> None:
    """Years without published figures raise UnknownYearError naming the known years."""
    assert (2018, 2019, 2020, 2021) == published_years()
    with pytest.raises(UnknownYearError, match="2018, 2019, 2020, 2021"):
        published_figures(2017)


def test_bundled_2021_document_validates_against_the_schema() -> None:
    """The bundled 2021 figures document is valid under the published JSON Schema."""
    document = figures_document(published_figures(2021))
    jsonschema.validate(document, figures_schema())
    jsonschema.Draft202012Validator.check_schema(figures_schema())


def test_the_shipped_schema_file_matches_the_format() -> None:
    """The figures schema shipped in the package is the one generated from the tables today.

    Regenerate it with ``figures_schema()`` when a table changes.
    """
    shipped = resources.files("ikomodel").joinpath("schemas", "figures.schema.json")
    assert figures_schema() == json.loads(shipped.read_text("utf-8"))


def test_write_and_read_round_trip(tmp_path: Path) -> None:
    """Writing figures and reading them back gives the same report, sources included."""
    report = published_figures(2021)
    path = tmp_path / "figures.json"
    write_figures(report, path)
    again = read_figures(path)
    assert report == again
    assert report["second_line"].source == again["second_line"].source
    assert report.statements[0].quote == again.statements[0].quote


def test_missing_file_is_a_document_error(tmp_path: Path) -> None:
    """A missing figures file raises DocumentError naming the file."""
    with pytest.raises(DocumentError, match=r"nothere\.json"):
        read_figures(tmp_path / "nothere.json")


def test_invalid_json_names_line_and_column() -> None:
    """Invalid JSON raises DocumentError with the line and column."""
    with pytest.raises(DocumentError) as info:
        loads_figures('{\n  "year": 2021,\n  oops\n}', path="f.json")
    assert (3, 3) == (info.value.line, info.value.column)


def _document(**tables: object) -> dict[str, object]:
    return {"format": "ikomodel-figures", "format_version": 1, "year": 2021, "tables": tables}


def test_every_problem_is_reported_with_its_path() -> None:
    """Bad rows, columns, counts and keys are all reported at once, each with its path."""
    document = _document(
        abductions={"cells": {"aunt": {"cases": 1}, "mother": {"cases": -1, "kids": 2}}},
        nonsense={},
        access={"totals": {"cases": "12"}, "colour": "red"},
    )
    with pytest.raises(ValidationError) as info:
        loads_figures(json.dumps(document))
    assert [
        "tables.abductions.cells.aunt.cases",
        "tables.abductions.cells.mother.cases",
        "tables.abductions.cells.mother.kids",
        "tables.nonsense",
        "tables.access.colour",
        "tables.access.totals.cases",
    ] == list(info.value.paths)


def test_wrong_format_version_is_rejected() -> None:
    """A document of another format version is rejected, naming the version read."""
    document = {**_document(), "format_version": 3}
    with pytest.raises(ValidationError, match="this release reads 1"):
        loads_figures(json.dumps(document))


def test_bad_statement_is_rejected_with_its_path() -> None:
    """A statement that points at a figure that does not exist is reported at its path."""
    document = {
        **_document(),
        "statements": [
            {
                "kind": "share",
                "part": {"table": "abductions", "row": "aunt", "column": "cases"},
                "whole": {"table": "abductions", "row": None, "column": "cases"},
                "percent": 50,
            }
        ],
    }
    with pytest.raises(ValidationError) as info:
        loads_figures(json.dumps(document))
    assert ["statements[0].part"] == list(info.value.paths)


def test_written_documents_validate_against_the_schema() -> None:
    """A report built in code writes a document the JSON Schema accepts."""
    report = AnnualReport(
        year=2022,
        tables={
            "abductions_countries": Table(
                slug="abductions_countries", cells={("MA", "from_netherlands"): 3}
            ),
            "prevention_years": Table(slug="prevention_years", cells={(2022, "cases"): 1}),
        },
        statements=(
            ChangeStatement(
                figure=FigureRef(table="prevention_years", row=2022, column=Measure.CASES),
                since=2021,
                earlier=0,
            ),
        ),
    )
    document = json.loads(dumps_figures(report))
    jsonschema.validate(document, figures_schema())
    assert report == loads_figures(json.dumps(document))


def test_every_table_is_documented_in_the_format_page() -> None:
    """The figures-format page lists every table slug with its section."""
    page = (Path(__file__).parents[1] / "docs" / "reference" / "figures-format.md").read_text()
    missing = [
        spec.slug for spec in TABLE_SPECS if f"| `{spec.slug}` | {spec.section} |" not in page
    ]
    assert [] == missing


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(_JSON)
def test_any_json_value_loads_or_raises_a_model_error(value: object) -> None:
    """Rule: any JSON value either reads as figures or raises IkoModelError, never another error."""
    with contextlib.suppress(IkoModelError):
        loads_figures(json.dumps(value))


def _damaged(document: object, path: list[int], replacement: object) -> object:
    """Return ``document`` with the value reached by following ``path`` replaced."""
    if not path or not isinstance(document, dict | list) or not document:
        return replacement
    keys = list(document) if isinstance(document, dict) else list(range(len(document)))
    key = keys[path[0] % len(keys)]
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[key] = _damaged(document[key], path[1:], replacement)
    return copy


@given(st.lists(st.integers(0, 50), min_size=1, max_size=6), _JSON)
def test_damaged_published_document_loads_or_raises_a_model_error(
    path: list[int], replacement: object
) -> None:
    """Rule: a valid figures document with one value damaged reads or raises IkoModelError."""
    document = figures_document(published_figures(2021))
    with contextlib.suppress(IkoModelError):
        loads_figures(json.dumps(_damaged(document, path, replacement)))


def test_each_call_returns_its_own_report() -> None:
    """Changing the tables of one loaded report does not change the next one loaded."""
    first = published_figures(2021)
    first.tables["abductions"].totals["cases"] = 0  # type: ignore[index]
    assert 164 == published_figures(2021).get("abductions", None, "cases")


def test_structural_problems_are_reported_with_their_paths() -> None:
    """Wrong JSON types for cells, totals, statements and the year are each reported."""
    document = {
        "format": "ikomodel-figures",
        "format_version": 1,
        "year": "2021",
        "tables": {
            "abductions": {"cells": [], "totals": 164},
            "access": {"cells": {"mother": 31}},
        },
        "statements": [
            {"kind": "guess"},
            {
                "kind": "change",
                "figure": {"table": "contacts", "column": "contacts"},
                "since": 2020,
            },
            {
                "kind": "change",
                "figure": {"table": "contacts", "row": None, "column": "contacts"},
                "since": 2020,
                "trend": "sideways",
            },
        ],
    }
    with pytest.raises(ValidationError) as info:
        loads_figures(json.dumps(document))
    assert [
        "year",
        "tables.abductions.cells",
        "tables.abductions.totals",
        "tables.access.cells.mother",
        "statements[0].kind",
        "statements[1].figure",
        "statements[2].trend",
    ] == list(info.value.paths)


def test_a_change_statement_needs_something_to_check() -> None:
    """A change statement without an earlier value, a change or a trend is rejected."""
    document = {
        **_document(),
        "statements": [
            {
                "kind": "change",
                "figure": {"table": "contacts", "row": None, "column": "contacts"},
                "since": 2020,
            }
        ],
    }
    with pytest.raises(ValidationError) as info:
        loads_figures(json.dumps(document))
    assert ["statements[0]"] == list(info.value.paths)
