"""One presentation layer: one ranking, one set of markers, one label module, no HTML in records."""

import ast
import csv
import io
from pathlib import Path

import pytest
from matplotlib.figure import Figure

import ikomodel
from ikomodel import AnnualReport, Lang, RowKey, Table, charts, frames
from ikomodel._core import display
from ikomodel._present.html import report_html, table_html
from ikomodel._present.table import display_rows
from ikomodel._present.text import grid, suppressed_csv, to_csv, to_markdown, to_text
from ikomodel._report import labels
from ikomodel._report.ranking import rank, rank_countries

SRC = Path(ikomodel.__file__).parent
FROM = "from_netherlands"
LANGS: tuple[Lang, ...] = ("nl", "en")

# Belgium leads; Morocco and Türkiye tie at the second place; Germany has no case.
# Türkiye comes first in the cells, so a ranking that kept insertion order would differ.
TIED = Table(
    slug="abductions_countries",
    cells={("TR", FROM): 2, ("BE", FROM): 5, ("MA", FROM): 2, ("DE", FROM): 0},
)
TIED_REPORT = AnnualReport(year=2021, tables={"abductions_countries": TIED})


def _imports(path: Path) -> set[str]:
    """Every module a source file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize(
    "layer", ["_core", "_rules", "_wire", "_report", "_published", "_disclosure"]
)
def test_no_layer_below_the_presentation_imports_it(layer: str) -> None:
    """The records keep no HTML code: nothing below ``_present`` imports it, not even lazily."""
    files = sorted((SRC / layer).glob("*.py"))
    assert files
    for path in files:
        upward = {name for name in _imports(path) if name.startswith("ikomodel._present")}
        assert set() == upward, path.name


def test_the_report_layer_imports_nothing_above_it() -> None:
    """The report computes without knowing what was published, suppressed, made up or shown."""
    above = (
        "ikomodel._published",
        "ikomodel._disclosure",
        "ikomodel._synthetic",
        "ikomodel._present",
    )
    for path in sorted((SRC / "_report").glob("*.py")):
        assert [] == [name for name in _imports(path) if name.startswith(above)], path.name


def test_the_display_hook_has_no_html_for_an_unknown_object() -> None:
    """The hook in the core answers None by default; to_html names what it cannot show."""
    assert display.html(object()) is None
    with pytest.raises(TypeError, match="no HTML rendering for object"):
        display.to_html(object())


def test_jupyter_shows_every_record_as_the_presentation_renders_it() -> None:
    """_repr_html_ and to_html give the markup of the registered renderers, as before."""
    report = ikomodel.published_figures(2021)
    table = report["contacts"]
    assert table_html(table) == table._repr_html_() == table.to_html()
    assert table_html(table, "nl") == table.to_html("nl")
    assert report_html(report) == report._repr_html_() == report.to_html()
    published = ikomodel.suppress(AGES, threshold=3)
    hidden = published["abductions_by_age"]
    assert hidden.to_html() == hidden._repr_html_()
    assert f"<td>{labels.SUPPRESSED}</td>" in hidden._repr_html_()
    note = "Counts from 1 to 2 are suppressed."
    assert note in published._repr_html_() == published.to_html()
    assert isinstance(table.to_html(), display.Html)


def test_the_one_ranking_breaks_ties_by_code_and_leaves_out_zeros() -> None:
    """Most cases first, ties by ISO code, 0 not ranked, a top n keeps the ties with the n-th.

    Issue 16 item 2 changed the expectation: the top 2 now holds Türkiye, tied with Morocco.
    """
    ranking = rank_countries(TIED.cells, [FROM])
    assert (("BE", 5), ("MA", 2), ("TR", 2)) == ranking.ranked
    assert ("DE",) == ranking.unranked
    assert (("BE", 5), ("MA", 2), ("TR", 2)) == ranking.top(2)
    assert (("BE", 5),) == ranking.top(1)
    assert ("BE", "MA", "TR", "DE") == ranking.order
    shown = ["Belgium", "Morocco", "Türkiye", "Germany"]
    assert shown == [row[0] for row in grid(TIED).rows]
    assert shown[:3] == [row[0] for row in grid(TIED, top=3).rows]
    assert "and 1 more countries" == grid(TIED, top=3).note
    assert (("BE", 5), ("MA", 2), ("TR", 2)) == rank({"TR": 2, "BE": 5, "MA": 2, "DE": 0}, 2)


def test_a_suppressed_figure_adds_nothing_to_a_rank() -> None:
    """Only what a reader can see ranks a country; merged countries come last, unranked."""
    cells: dict[tuple[RowKey, str], int | None] = {
        ("MA", FROM): None,
        ("MA", "to_netherlands"): 3,
        ("TR", FROM): 4,
        ("other_countries", FROM): 9,
    }
    both = rank_countries(cells, [FROM, "to_netherlands"])
    assert (("TR", 4), ("MA", 3)) == both.ranked
    assert ("TR", "MA", "other_countries") == both.order
    assert (("TR", 4),) == rank_countries(cells, [FROM]).ranked


def _chart_names(figure: Figure) -> list[str]:
    return [text.get_text() for text in figure.axes[1].get_yticklabels()]


def test_countries_tied_at_the_nth_place_show_the_same_in_every_output() -> None:
    """A top 2 with Morocco and Türkiye tied at the second place shows both everywhere.

    Text, Markdown, the report's top list and the chart keep the first two
    and Türkiye, tied with the second (issue 16 item 2 changed the
    expectation: Türkiye was left out by code before); HTML, which lists
    every row, puts them in the same order. CSV and data frames hold every
    figure, in key order.
    """
    expected = ["Belgium", "Morocco", "Türkiye"]
    assert [("BE", 5), ("MA", 2), ("TR", 2)] == list(
        TIED_REPORT.top_countries("abductions_countries", FROM, 2)
    )
    g = grid(TIED, top=2)
    assert expected == [row[0] for row in g.rows]
    assert "and 1 more countries" == g.note
    text = to_text([g])
    assert text.index("Belgium") < text.index("Morocco") < text.index("Türkiye")
    assert "Germany" not in text
    markdown = to_markdown([g])
    assert markdown.index("| Belgium |") < markdown.index("| Morocco |")
    assert markdown.index("| Morocco |") < markdown.index("| Türkiye |")
    assert "Germany" not in markdown
    assert expected == _chart_names(charts.top_countries_chart(TIED_REPORT, n=2))
    markup = TIED.to_html()
    assert markup.index("Belgium") < markup.index("Morocco") < markup.index("Türkiye")
    rows = frames.rows(TIED_REPORT, table="abductions_countries")
    counts = {r["row"]: r["value"] for r in rows if r["column"] == FROM and not r["total"]}
    assert ["BE", "DE", "MA", "TR"] == list(counts)
    assert {"BE": 5, "DE": 0, "MA": 2, "TR": 2} == counts
    written = csv.DictReader(io.StringIO(to_csv(TIED_REPORT)))
    assert ["BE", "DE", "MA", "TR"] == [r["row"] for r in written]


def test_a_tie_after_suppression_shows_the_same_in_every_output() -> None:
    """After suppression the text, HTML and chart still rank by the one rule (ties kept)."""
    published = ikomodel.suppress(TIED_REPORT, threshold=1)
    table = published["abductions_countries"]
    expected = ["Belgium", "Morocco", "Türkiye"]
    assert expected == [row[0] for row in grid(table, top=2).rows]
    assert expected == _chart_names(charts.top_countries_chart(published, n=2))
    markup = table.to_html()
    assert markup.index("Belgium") < markup.index("Morocco") < markup.index("Türkiye")
    assert ("BE", "MA", "TR", "DE") == display_rows(table)
    assert ("BE", "DE", "MA", "TR") == display_rows(table, ranked=False)


AGES = AnnualReport(
    year=2021,
    tables={
        "abductions_by_age": Table(
            slug="abductions_by_age",
            cells={("0_5", "children"): 9, ("6_12", "children"): 2, ("13_15", "children"): 4},
            totals={"children": 15},
        )
    },
)

ABSENT_FATHER = Table(
    slug="abductions",
    cells={("mother", "cases"): 110, ("mother", "children"): 150, ("father", "cases"): 40},
    totals={"cases": 164},
)


def test_every_table_rendering_shows_an_absent_figure_with_the_one_marker() -> None:
    """Text, Markdown and HTML show '—' for an absent figure; CSV and frames leave it empty."""
    marker = labels.ABSENT
    assert "—" == marker
    g = grid(ABSENT_FATHER)
    father = next(row for row in g.rows if row[0] == "Father")
    assert ("Father", "40", marker) == father
    assert ("Total", "164", marker) == g.total
    assert [["Father", "40", marker]] == [
        line.split() for line in to_text([g]).splitlines() if line.startswith("Father")
    ]
    assert f"| Father | 40 | {marker} |" in to_markdown([g])
    assert f"<th>Father</th><td>40</td><td>{marker}</td>" in ABSENT_FATHER.to_html()
    report = AnnualReport(year=2021, tables={"abductions": ABSENT_FATHER})
    written = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert [] == [r for r in written if r["row"] == "father" and r["column"] == "children"]
    found = frames.rows(report, table="abductions")
    cell = next(r for r in found if r["row"] == "father" and r["column"] == "children")
    assert (None, "absent") == (cell["value"], cell["status"])


def test_charts_mark_an_absent_bar_with_the_markers_abbreviation() -> None:
    """A missing bar is labelled with the abbreviation of the absent marker's legend."""
    report = AnnualReport(
        year=2021,
        tables={
            "abductions_by_age": Table(slug="abductions_by_age", cells={("0_5", "children"): 9})
        },
    )
    cases: tuple[tuple[Lang, str], ...] = (("en", "n/a"), ("nl", "n.b."))
    for lang, word in cases:
        figure = charts.age_bands_chart(report, lang=lang)
        assert word == labels.not_available(lang)
        assert [labels.format_count(9, lang), word, word, word] == [
            text.get_text() for text in figure.axes[0].texts
        ]


def test_every_rendering_marks_a_suppressed_figure_from_the_one_definition() -> None:
    """Plain text prints 'x' (as SuppressedTable.text), HTML and charts its typeset form '×'."""
    published = ikomodel.suppress(AGES, threshold=3)
    table = published["abductions_by_age"]
    assert labels.SUPPRESSION_MARK == ikomodel.SUPPRESSION_MARK == table.text("6_12", "children")
    g = grid(table)
    assert [("6 to 12", "x"), ("13 to 15", "x")] == [r for r in g.rows if r[1] == "x"]
    assert "| 6 to 12 | x |" in to_markdown([g])
    assert f"<th>6 to 12</th><td>{labels.SUPPRESSED}</td>" in table.to_html()
    figure = charts.age_bands_chart(published)
    assert labels.SUPPRESSED in [text.get_text() for text in figure.axes[0].texts]
    written = list(csv.DictReader(io.StringIO(suppressed_csv(published.tables))))
    hidden = next(r for r in written if r["row"] == "6_12")
    assert ("", "suppressed") == (hidden["value"], hidden["status"])
    found = frames.rows(published, table="abductions_by_age")
    assert "suppressed" == next(r for r in found if r["row"] == "6_12")["status"]


def test_numbers_are_written_by_one_module_in_both_languages() -> None:
    """HTML, charts, findings and text group digits the Dutch or English way; CSV stays plain.

    Issue 16 item 6 changed the expectation for text: "4,431" (was "4431").
    """
    assert ("4.431", "4,431") == (labels.format_count(4431, "nl"), labels.format_count(4431, "en"))
    assert ("66,7%", "66.7%") == (
        labels.format_percent(200 / 3, "nl"),
        labels.format_percent(200 / 3),
    )
    assert "4431" == labels.plain_count(4431)
    report = ikomodel.published_figures(2021)
    assert "<th>Totaal</th><td>4.431</td>" in report["first_line"].to_html("nl")
    assert "4,431" in to_text([grid(report["first_line"])])
    assert "4.431" in to_text([grid(report["first_line"], lang="nl")])
    finding = ikomodel.reconcile(report)[0]
    for language in LANGS:
        assert labels.format_number(finding.stated, language) in finding.message(language)
