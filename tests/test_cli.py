import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.console import Console

from ikomodel import (
    SCHEMA_VERSION,
    AnnualReport,
    Register,
    Severity,
    Table,
    annual_report,
    compare,
    dumps_figures,
    example_register,
    loads_figures,
    published_figures,
    read_register,
    reconcile,
    suppress,
    synthesise,
    write_register,
)
from ikomodel.cli import LARGE_FILE, cli, read_register_with_progress

SRC = Path(__file__).resolve().parent.parent / "src"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_one_line_error(result: Result, status: int, *fragments: str) -> None:
    """The command failed with ``status`` and exactly one line on stderr naming the fragments."""
    lines = result.stderr.splitlines()
    assert (status, 1) == (result.exit_code, len(lines)), result.stderr
    assert lines[0].startswith("ikomodel: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registers") / "synthetic.json"
    write_register(example_register(), path)
    return path


def test_report_without_a_register_prints_the_2021_tables_from_the_bundled_register() -> None:
    """`ikomodel report` prints every table of 2021 as plain text when not on a terminal."""
    result = run("report")
    assert 0 == result.exit_code
    lines = result.stdout.splitlines()
    start = lines.index("1.5  Abduction cases by taking person")
    assert ["Mother", "110", "Father", "48"] == [
        *lines[start + 3].split()[:2],
        *lines[start + 4].split()[:2],
    ]
    # Issue 16 item 6: text output groups digits by language (was "4431", "6141").
    assert ["Total", "4,431", "6,141"] == next(
        line.split()
        for line in lines[lines.index("1.7  First-line cases by category") :]
        if line.startswith("Total")
    )
    assert "─" not in result.stdout


def test_report_in_dutch_uses_dutch_titles_and_labels() -> None:
    """`--lang nl` gives the Dutch titles and row labels."""
    result = run("report", "--lang", "nl", "--table", "abductions")
    assert 0 == result.exit_code
    assert "1.5  Kinderontvoeringszaken per ontvoerende persoon" in result.stdout
    assert "Moeder" in result.stdout
    assert "Mother" not in result.stdout


def test_report_as_json_is_a_figures_document_equal_to_the_computed_report() -> None:
    """`--format json` writes the figures format: reading it back gives the computed report."""
    result = run("report", "--format", "json")
    assert 0 == result.exit_code
    assert annual_report(example_register(), 2021) == loads_figures(result.stdout)


def test_report_as_csv_has_one_row_per_figure() -> None:
    """`--format csv` writes one row per figure, with keys and labels."""
    result = run("report", "--format", "csv", "--table", "contacts")
    assert 0 == result.exit_code
    assert [
        "table,row,column,value,table_label,row_label,column_label",
        "contacts,telephone,contacts,5961,Contacts by channel,Telephone,Contacts",
        "contacts,email,contacts,3635,Contacts by channel,E-mail,Contacts",
        "contacts,,contacts,9596,Contacts by channel,Total,Contacts",
    ] == result.stdout.splitlines()


def test_report_as_markdown_has_a_heading_and_a_pipe_table_per_table() -> None:
    """`--format markdown` writes a heading and a pipe table, the total in bold."""
    result = run("report", "--format", "markdown", "--table", "contacts")
    assert 0 == result.exit_code
    assert [
        "### 1.2  Contacts by channel",
        "",
        "|  | Contacts |",
        "|:--|--:|",
        "| Telephone | 5,961 |",
        "| E-mail | 3,635 |",
        "| **Total** | **9,596** |",
    ] == result.stdout.splitlines()


def test_text_and_markdown_group_digits_by_language_and_csv_json_stay_plain() -> None:
    """Issue 16 item 6: 4.431 in Dutch and 4,431 in English text; CSV and JSON plain digits."""
    for lang, total in (("nl", "4.431"), ("en", "4,431")):
        text = run("report", "--table", "first_line", "--lang", lang).stdout
        assert total in text.splitlines()[-1]
        markdown = run("report", "--table", "first_line", "--lang", lang, "--format", "markdown")
        assert f"**{total}**" in markdown.stdout
        csv_text = run("report", "--table", "first_line", "--lang", lang, "--format", "csv").stdout
        assert ",4431," in csv_text
        assert total not in csv_text
    json_text = run("report", "--table", "first_line", "--format", "json").stdout
    assert "4431" in json_text
    assert "4,431" not in json_text


def test_report_of_a_register_file_for_a_chosen_year(tmp_path: Path) -> None:
    """A register file is reported on for `--year`; by default for its latest year."""
    register = synthesise(published_figures(2021), seed=5).register
    path = tmp_path / "r.json"
    write_register(register, path)
    latest = run("report", str(path), "--format", "json")
    earlier = run("report", str(path), "--year", "2020", "--format", "json")
    assert annual_report(register, 2021) == loads_figures(latest.stdout)
    assert annual_report(register, 2020) == loads_figures(earlier.stdout)


def test_report_compared_with_the_published_figures_lists_the_unmet_figures() -> None:
    """`--compare published` lists exactly the figures the synthetic register does not meet."""
    result = run("report", "--compare", "published")
    unmet = synthesise(published_figures(2021), seed=0).unmet
    listed = result.stdout.split("Differences from the published figures:\n")[1].splitlines()
    assert 0 == result.exit_code
    assert [
        f"  {d.figure.label()}: computed {d.computed}, published {d.published}" for d in unmet
    ] == listed


def test_check_published_2021_lists_every_finding_and_exits_1() -> None:
    """`check --published 2021` prints one line per finding and fails on contradictions."""
    findings = reconcile(published_figures(2021))
    result = run("check", "--published", "2021")
    assert 1 == result.exit_code
    assert [f"{f.severity.label()}: {f.message()}" for f in findings] == result.stdout.splitlines()
    assert 5 == sum(f.severity is Severity.CONTRADICTION for f in findings)


def test_check_of_consistent_figures_says_no_contradictions(tmp_path: Path) -> None:
    """A figures file that adds up everywhere passes with exit status 0."""
    path = tmp_path / "figures.json"
    path.write_text(run("report", "--format", "json").stdout)
    result = run("check", str(path))
    assert (0, [f"{path}: no contradictions"]) == (result.exit_code, result.stdout.splitlines())


def test_validate_accepts_a_valid_register(synthetic_file: Path) -> None:
    """A valid register file passes with a one-line summary."""
    result = run("validate", str(synthetic_file))
    assert 0 == result.exit_code
    assert result.stdout.startswith(f"{synthetic_file}: valid (")


def test_validate_lists_every_problem_with_its_line_and_path(tmp_path: Path) -> None:
    """Each problem of a JSON Lines register is printed with its line number and path."""
    case = {
        "record": "case",
        "id": "z-1",
        "opened": "2021-03-01",
        "line": "second",
        "category": "abduction",
        "parties": [{"kind": "mother", "roles": ["initiator"]}],
    }
    lines = [
        {"schema_version": SCHEMA_VERSION},
        case,
        case | {"id": "z-2", "opened": "2021-02-30"},
        case | {"id": "z-3", "category": "kidnap"},
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = run("validate", str(path))
    # Issue 16 item 6: the problems are diagnostics, on standard error (were on stdout).
    printed = result.stderr.splitlines()
    assert "" == result.stdout
    assert 1 == result.exit_code
    assert 2 == len(printed)
    assert printed[0].startswith(f"{path}: line 3: cases[1].opened: ")
    assert printed[1].startswith(f"{path}: line 4: cases[2].category: ")


def test_validate_reports_an_empty_and_a_non_json_file_on_standard_error(tmp_path: Path) -> None:
    """Issue 16 item 6: every diagnostic of validate goes to stderr, nothing to stdout."""
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "words.json").write_bytes(b"hello")
    for name in ("empty.jsonl", "words.json"):
        result = run("validate", str(tmp_path / name))
        assert (1, "") == (result.exit_code, result.stdout)
        assert result.stderr.startswith(str(tmp_path / name)) or result.stderr.startswith(
            f"ikomodel: error: {tmp_path / name}"
        )


def test_help_lists_the_exit_statuses() -> None:
    """`ikomodel --help` lists each exit status and says where diagnostics go."""
    text = " ".join(run("--help").stdout.split())
    for status in ("0 success", "1 findings", "2 usage error"):
        assert status in text
    assert "Diagnostics (errors, problems, progress) go to standard error" in text


def test_synth_writes_the_register_that_synthesise_builds(tmp_path: Path) -> None:
    """`synth` writes exactly `synthesise(published_figures(2021), seed)` and lists the unmet."""
    path = tmp_path / "s.jsonl"
    result = run("synth", "--year", "2021", "--seed", "9", "-o", str(path))
    expected = synthesise(published_figures(2021), seed=9)
    assert 0 == result.exit_code
    assert expected.register == read_register(path)
    assert len(expected.unmet) == result.stderr.count("(published ")


def test_synth_from_a_figures_file_reproduces_its_figures(tmp_path: Path) -> None:
    """Consistent figures from a file are met exactly: nothing is listed as unmet."""
    cases = {"mother": 20, "father": 9, "relative": 1}
    figures = AnnualReport(
        year=2022,
        tables={
            "abductions": Table(
                slug="abductions",
                cells={(k, "cases"): n for k, n in cases.items()},
                totals={"cases": 30, "children": 41},
            ),
            "contacts": Table(slug="contacts", cells={("email", "contacts"): 70}),
        },
    )
    path = tmp_path / "figures.json"
    path.write_bytes(dumps_figures(figures))
    out = tmp_path / "s.json"
    result = run("synth", "--figures", str(path), "--seed", "1", "-o", str(out))
    assert 0 == result.exit_code
    assert "not met" not in result.stderr
    assert () == compare(annual_report(read_register(out), 2022), figures)


@pytest.mark.parametrize("document", ["register", "figures"])
def test_schema_prints_a_json_schema(document: str) -> None:
    """`schema register` and `schema figures` print a JSON Schema document."""
    result = run("schema", document)
    schema = json.loads(result.stdout)
    assert (0, "https://json-schema.org/draft/2020-12/schema") == (
        result.exit_code,
        schema["$schema"],
    )


def test_help_of_every_command_shows_an_example() -> None:
    """Every command has help text with usage, and the commands with files show examples."""
    for command in ("report", "check", "validate", "synth", "schema"):
        result = run(command, "--help")
        assert 0 == result.exit_code
        assert f"Usage: cli {command}" in result.stdout
    assert "ikomodel check --published 2021" in run("check", "--help").stdout


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    """A register that does not exist: one line, exit status 2."""
    assert_one_line_error(
        run("report", str(tmp_path / "nope.json")), 2, "nope.json", "does not exist"
    )
    assert_one_line_error(run("validate", str(tmp_path / "nope.jsonl")), 2, "does not exist")
    assert_one_line_error(run("check", str(tmp_path / "nope.json")), 2, "does not exist")


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    """Invalid JSON: one line with the file, line and column; exit status 1."""
    path = tmp_path / "bad.json"
    path.write_text('{"schema_version": 1,\n "cases": [}\n')
    assert_one_line_error(run("report", str(path)), 1, f"{path}:2:", "invalid JSON")
    assert_one_line_error(run("validate", str(path)), 1, f"{path}:2:")


def test_unknown_schema_version_is_one_line(tmp_path: Path) -> None:
    """A register of an unknown schema version: one line naming the version; exit status 1."""
    path = tmp_path / "v9.json"
    path.write_text('{"schema_version": 9, "cases": []}')
    assert_one_line_error(run("report", str(path)), 1, "schema version 9")


def test_a_year_the_register_does_not_cover_is_one_line(synthetic_file: Path) -> None:
    """Reporting on a year without records names the years the register covers."""
    assert_one_line_error(
        run("report", str(synthetic_file), "--year", "2016"), 1, "2016", "2018-2021"
    )


def test_figures_of_another_year_than_the_report_are_refused(
    tmp_path: Path, synthetic_file: Path
) -> None:
    """Comparing a 2020 report with 2021 figures is refused in one line."""
    figures = tmp_path / "f.json"
    figures.write_text(run("report", "--format", "json").stdout)
    result = run("report", str(synthetic_file), "--year", "2020", "--compare", str(figures))
    assert_one_line_error(result, 1, "figures of 2021, not of 2020")


def test_unpublished_year_is_one_line() -> None:
    """Checking or synthesising a year without published figures fails in one line."""
    assert_one_line_error(run("check", "--published", "1999"), 1, "1999")
    assert_one_line_error(run("synth", "--year", "1999", "-o", "x.json"), 1, "1999")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["report", "--format", "xml"], "--format"),
        (["report", "--table", "nonsense"], "nonsense"),
        (["check"], "--published"),
        (["schema", "cases"], "cases"),
        (["bogus"], "bogus"),
        (["report", "--lang", "de"], "--lang"),
    ],
)
def test_usage_errors_are_one_line_with_status_2(args: list[str], fragment: str) -> None:
    """Unknown options, values, tables and commands: one line on stderr, exit status 2."""
    assert_one_line_error(run(*args), 2, fragment)


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_a_large_register_loads_with_a_progress_bar_on_a_terminal(
    tmp_path: Path, suffix: str
) -> None:
    """On a terminal, a register file over the size limit shows progress and loads the same."""
    path = tmp_path / f"large{suffix}"
    write_register(example_register(), path)
    assert path.stat().st_size > LARGE_FILE
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80)
    loaded = read_register_with_progress(path, console)
    assert example_register() == loaded
    assert f"reading large{suffix}" in screen.getvalue()


def test_a_small_register_loads_without_progress(tmp_path: Path) -> None:
    """A small file or a non-terminal loads silently."""
    path = tmp_path / "small.json"
    write_register(Register(), path)
    screen = io.StringIO()
    assert Register() == read_register_with_progress(
        path, Console(file=screen, force_terminal=True)
    )
    assert "" == screen.getvalue()


def python(*args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, check=False, timeout=60
    )


def test_python_m_ikomodel_report_runs_in_a_real_process() -> None:
    """`python -m ikomodel report` prints the 2021 tables in a fresh interpreter."""
    done = python("-m", "ikomodel", "report", "--table", "second_line")
    assert (0, "") == (done.returncode, done.stderr)
    assert "Total                           589       871" in done.stdout


def test_python_m_ikomodel_bad_input_exits_without_traceback(tmp_path: Path) -> None:
    """A missing file in a real process: exit status 2 and one line on stderr."""
    done = python("-m", "ikomodel", "report", str(tmp_path / "missing.json"))
    assert 2 == done.returncode
    assert [
        f"ikomodel: error: {tmp_path / 'missing.json'}: does not exist"
    ] == done.stderr.splitlines()


def test_importing_ikomodel_does_not_import_click_or_rich() -> None:
    """The library itself never loads the command-line dependencies."""
    done = python("-c", "import sys, ikomodel; print(sorted({'click', 'rich'} & set(sys.modules)))")
    assert "[]" == done.stdout.strip()


def test_on_a_terminal_the_tables_are_drawn_as_rich_tables() -> None:
    """On a terminal each table is a rich table with its title, rows and total."""
    from ikomodel._present.text import grids
    from ikomodel.cli import draw

    screen = io.StringIO()
    report = annual_report(example_register(), 2021)
    only = AnnualReport(year=2021, tables={"abductions": report["abductions"]})
    draw(grids(only), Console(file=screen, force_terminal=True, width=100, color_system=None))
    text = screen.getvalue()
    assert "1.5  Abduction cases by taking person" in text
    assert "│ Mother   │   110 │      " in text
    assert "│ Total    │   164 │      229 │" in text


def test_version_names_the_package_version() -> None:
    """`--version` prints the library's version, installed or not."""
    import ikomodel

    assert f"ikomodel {ikomodel.__version__}\n" == run("--version").stdout


def test_the_wide_mediation_table_is_turned_to_fit() -> None:
    """The mediation funnel prints one measure per line, kinds and total as columns."""
    result = run("report", "--table", "mediation")
    lines = result.stdout.splitlines()
    assert ["Requests", "37", "11", "48"] == lines[3].split()
    assert ["Children", "heard", "25", "10", "35"] == lines[-1].split()


def test_suppressed_report_shows_no_small_count() -> None:
    """`--suppress 5` publishes no cell from 1 to 4; hidden cells are marked, never 0."""
    result = run("report", "--suppress", "5", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    cells = [r for r in rows if r["row"]]
    assert 0 == result.exit_code
    assert all(r["value"] == "" for r in rows if r["status"] == "suppressed")
    assert [] == [r for r in cells if r["value"] and 0 < int(r["value"]) < 5]
    assert any(r["status"] == "suppressed" for r in cells)


def test_suppressed_tables_mark_hidden_cells_with_x() -> None:
    """The printed tables show 'x' exactly where `suppress` hides a figure."""
    computed = annual_report(example_register(), 2021)
    hidden = suppress(computed, threshold=5)["abductions_by_age"]
    result = run("report", "--suppress", "5", "--table", "abductions_by_age")
    lines = result.stdout.splitlines()[3:8]
    expected = [hidden.text(row, "children") or "-" for row in hidden.rows]
    assert expected == [line.split()[-1] for line in lines]


def test_collapse_merges_small_countries_before_suppressing() -> None:
    """`--collapse 3` merges countries with fewer than 3 cases into 'Other countries'."""
    result = run("report", "--suppress", "3", "--collapse", "3", "--table", "abductions_countries")
    assert 0 == result.exit_code
    assert "Other countries" in result.stdout


def test_suppress_writes_json_with_hidden_figures_as_null() -> None:
    """`--suppress N --format json` writes the tables with every hidden figure null, never 0."""
    import json

    computed = annual_report(example_register(), 2021)
    published = suppress(computed, threshold=5)
    result = run("report", "--suppress", "5", "--format", "json")
    assert 0 == result.exit_code
    document = json.loads(result.stdout)
    assert ("ikomodel-suppressed", 5, 5) == (
        document["format"],
        document["threshold"],
        document["protection"],
    )
    nulls = [
        (slug, row, column)
        for slug, table in document["tables"].items()
        for row, columns in table["cells"].items()
        for column, value in columns.items()
        if value is None
    ]
    hidden_cells = [key for key in published.suppressed if key[1] is not None]
    assert len(hidden_cells) == len(nulls)
    assert 164 == document["tables"]["abductions"]["totals"]["cases"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--collapse", "3"], "--suppress"),
        (["--suppress", "5", "--compare", "published"], "--compare"),
        (["--suppress", "5", "--charts", "charts"], "--charts"),
        (["--suppress", "1"], "--suppress"),
    ],
)
def test_options_that_would_show_hidden_counts_are_refused(args: list[str], fragment: str) -> None:
    """Combinations that would print an exact count next to --suppress are usage errors."""
    assert_one_line_error(run("report", *args), 2, fragment)


def test_charts_are_written_as_png_and_svg(tmp_path: Path) -> None:
    """`--charts DIR` writes every chart of the report as PNG and SVG."""
    result = run("report", "--charts", str(tmp_path / "charts"), "--table", "contacts")
    written = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert 0 == result.exit_code
    assert 14 == len(written)
    assert {"contacts.png", "contacts.svg", "mediation_funnel.svg"} <= set(written)
    assert f"{tmp_path / 'charts'}: 14 chart files written" in result.stderr


def test_without_a_command_the_help_is_shown() -> None:
    """`ikomodel` alone prints the help with the commands and exits with status 0."""
    result = run()
    assert 0 == result.exit_code
    assert "Commands:" in result.stdout
    assert "report" in result.stdout


def test_suppression_is_the_same_whichever_tables_are_printed() -> None:
    """Printing one table with --suppress hides the same cells as printing the whole report."""
    whole = run("report", "--suppress", "5", "--format", "csv").stdout.splitlines()
    one = run("report", "--suppress", "5", "--format", "csv", "--table", "mediation")
    assert 0 == one.exit_code
    assert [line for line in whole if line.startswith("mediation,")] == one.stdout.splitlines()[1:]


def _figures_file(path: Path, year: int, children: int, **statement: object) -> Path:
    document = {
        "format": "ikomodel-figures",
        "format_version": 2,
        "year": year,
        "source": f"Persbericht {year}",
        "tables": {"abductions": {"totals": {"children": children}}},
        "statements": [statement] if statement else [],
    }
    path.write_text(json.dumps(document))
    return path


def _quote_of(year: int, earlier: int) -> dict[str, object]:
    children = {"table": "abductions", "row": None, "column": "children"}
    return {"kind": "change", "figure": children, "since": year, "earlier": earlier}


def test_check_of_several_files_compares_each_quote_with_its_years_file(tmp_path: Path) -> None:
    """A 2021 file quoting 2020 as 225 children, where 2020's file says 224, fails."""
    earlier = _figures_file(tmp_path / "2020.json", 2020, 224)
    agrees = _figures_file(tmp_path / "2021.json", 2021, 229, **_quote_of(2020, 224))
    result = run("check", str(earlier), str(agrees))
    assert (0, [f"{earlier}: no contradictions", f"{agrees}: no contradictions"]) == (
        result.exit_code,
        result.stdout.splitlines(),
    )
    differs = _figures_file(tmp_path / "2021b.json", 2021, 229, **_quote_of(2020, 225))
    result = run("check", str(differs), str(earlier), "--lang", "nl")
    assert 1 == result.exit_code
    assert [
        f"{differs}: Tegenstrijdig: Kinderontvoeringszaken per ontvoerende persoon / Totaal / "
        "Kinderen over 2020: 225 volgens de publicatie van 2021, 224 volgens die van 2020 "
        "[bron: Persbericht 2021; Persbericht 2020]",
        f"{earlier}: geen tegenstrijdigheden",
    ] == result.stdout.splitlines()


def test_check_of_a_file_with_the_bundled_figures(tmp_path: Path) -> None:
    """`check FILE --published 2021` checks a 2022 file against the bundled 2021 figures."""
    later = _figures_file(tmp_path / "2022.json", 2022, 292, **_quote_of(2021, 230))
    result = run("check", str(later), "--published", "2021")
    assert 1 == result.exit_code
    assert result.stdout.splitlines()[0].startswith(
        f"{later}: Contradiction: Abduction cases by taking person / Total / Children of 2021: "
        "230 in the publication of 2022, 229 in that of 2021"
    )


def test_check_needs_one_document_per_year(tmp_path: Path) -> None:
    """Two files of one year are a usage error naming both."""
    first = _figures_file(tmp_path / "a.json", 2020, 224)
    second = _figures_file(tmp_path / "b.json", 2020, 225)
    assert_one_line_error(run("check", str(first), str(second)), 2, "a.json", "b.json", "2020")


def test_check_lists_every_problem_of_an_invalid_figures_file(tmp_path: Path) -> None:
    """An invalid figures file: every problem on its own line with its path; exit status 1."""
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "format": "ikomodel-figures",
                "format_version": 2,
                "year": 2021,
                "tables": {"abductions": {"cells": {"aunt": {"cases": 1}}, "totals": {"kids": 2}}},
            }
        )
    )
    result = run("check", str(path))
    assert 1 == result.exit_code
    assert [
        f"{path}: tables.abductions.cells.aunt.cases: not a cell of abductions: one of: "
        "mother, father, relative, unknown",
        f"{path}: tables.abductions.totals.kids: not a column: one of: cases, children",
    ] == result.stderr.splitlines()[:-1]
    assert "" == result.stdout
    assert "validate" not in result.output


def test_an_invalid_figures_file_elsewhere_points_to_check(tmp_path: Path) -> None:
    """`synth --figures` names the first problem and `ikomodel check FILE` for the rest."""
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps({"format": "ikomodel-figures", "format_version": 2, "year": "x", "tables": 3})
    )
    result = run("synth", "--figures", str(path), "-o", str(tmp_path / "out.json"))
    assert_one_line_error(result, 1, "year", f"run 'ikomodel check {path}' for all")


def test_check_summary_in_dutch(tmp_path: Path) -> None:
    """`--lang nl` translates the summary line, the gaps and the name of bundled figures."""
    path = tmp_path / "figures.json"
    path.write_text(run("report", "--format", "json").stdout)
    assert [f"{path}: geen tegenstrijdigheden"] == run(
        "check", str(path), "--lang", "nl"
    ).stdout.splitlines()
    gap = tmp_path / "gap.json"
    gap.write_text(
        json.dumps(
            {
                "format": "ikomodel-figures",
                "format_version": 2,
                "year": 2021,
                "tables": {
                    "contacts": {"cells": {"email": {"contacts": 2}}, "totals": {"contacts": 5}}
                },
            }
        )
    )
    result = run("check", str(gap), "--lang", "nl")
    assert (0, f"{gap}: geen tegenstrijdigheden (1 hiaat)") == (
        result.exit_code,
        result.stdout.splitlines()[-1],
    )
    assert f"{gap}: no contradictions (1 gap)" == run("check", str(gap)).stdout.splitlines()[-1]


def test_synth_cases_writes_exactly_n_cases_the_same_for_the_same_seed(tmp_path: Path) -> None:
    """Issue 16 item 6: `synth --cases N --seed S` makes N cases; the same seed, the same bytes."""
    first, again, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    for path, seed in ((first, "3"), (again, "3"), (other, "4")):
        result = run("synth", "--cases", "12345", "--seed", seed, "-o", str(path))
        assert 0 == result.exit_code, result.output
        assert "" == result.stdout
        assert result.stderr.startswith(f"{path}: 12,345 cases, ")
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    register = read_register(first)
    assert 12345 == len(register.cases)
    assert 12345 == len({case.id for case in register.cases})
    # The proportions of the 2021 figures: about 1.9 contacts per case opened in 2021.
    assert 1.5 < len(register.contacts) / len(register.cases) < 2.0
    assert synthesise(published_figures(2021), seed=3).register.cases == register.cases[:5859]


def test_synth_cases_draws_a_progress_bar_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal the cases built are counted on standard error; the library reports them."""
    from ikomodel import cli as cli_module
    from ikomodel._synthetic.plan import synthesise_cases

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(cli_module, "_stderr_console", lambda: console)
    path = tmp_path / "bar.json"
    assert 0 == run("synth", "--cases", "7000", "-o", str(path)).exit_code
    assert "building cases" in screen.getvalue()
    assert "7000/7000" in screen.getvalue()
    steps: list[int] = []
    synthesise_cases(published_figures(2021), 7000, seed=0, progress=steps.append)
    assert [5859, 1141] == steps


def test_check_of_an_invalid_figures_file_names_it_once_on_stderr(tmp_path: Path) -> None:
    """Diagnostics go to stderr: the problems, then one error line per invalid file (issue 16)."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "ikomodel-figures", "format_version": 2, "year": "x"}))
    good = _figures_file(tmp_path / "2020.json", 2020, 224)
    result = run("check", str(bad), str(good))
    assert 1 == result.exit_code
    *problems, summary = result.stderr.splitlines()
    assert f"ikomodel: error: {bad}: breaks the figures format (1 problem listed)" == summary
    assert 1 == len(problems)
    assert problems[0].startswith(f"{bad}: ")
    assert "" == result.stdout
