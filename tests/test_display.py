import ikomodel
from ikomodel import AnnualReport, Table
from ikomodel._present.html import (
    ABSENT,
    SUPPRESSED,
    Html,
    HtmlRow,
    display_rows,
    format_count,
    html_table,
)


def test_counts_are_grouped_in_the_language_convention() -> None:
    """Dutch groups thousands with a dot, English with a comma."""
    assert ("4.431", "4,431", "12") == (
        format_count(4431, "nl"),
        format_count(4431, "en"),
        format_count(12, "nl"),
    )


def test_absent_and_suppressed_figures_are_markers_never_zero() -> None:
    """An absent figure shows a dash and a suppressed one a cross, never 0."""
    assert ABSENT == format_count(None)
    assert SUPPRESSED == format_count(3, suppressed=True)
    assert "0" == format_count(0)


def test_every_text_in_a_table_is_escaped() -> None:
    """Caption, headers, row labels, cells and notes are HTML-escaped."""
    markup = html_table(
        caption="<script>alert(1)</script>",
        columns=['"col"'],
        rows=[HtmlRow(label="<row>", cells=("<1>",))],
        totals=HtmlRow(label="Total & more", cells=("2",)),
        note="<i>note</i>",
    )
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    for escaped in ("&quot;col&quot;", "&lt;row&gt;", "&lt;1&gt;", "Total &amp; more"):
        assert escaped in markup
    assert "&lt;i&gt;note&lt;/i&gt;" in markup


def test_a_legend_explains_the_markers_in_the_chosen_language() -> None:
    """A legend names the absent and suppressed markers the table shows, in Dutch or English."""
    rows = [HtmlRow(label="a", cells=(ABSENT, SUPPRESSED))]
    dutch = html_table(caption="t", columns=["x", "y"], rows=rows, lang="nl")
    english = html_table(caption="t", columns=["x", "y"], rows=rows, lang="en")
    assert "niet beschikbaar" in dutch
    assert "onderdrukt" in dutch
    assert "not available" in english
    assert "suppressed" in english
    plain = html_table(caption="t", columns=["x"], rows=[HtmlRow(label="a", cells=("1",))])
    assert "<p" not in plain


def test_totals_go_in_the_table_foot() -> None:
    """The stated totals row is the table's foot, after the body."""
    markup = html_table(
        caption="t",
        columns=["n"],
        rows=[HtmlRow(label="a", cells=("1",))],
        totals=HtmlRow(label="Total", cells=("1",)),
    )
    assert markup.index("</tbody>") < markup.index("<tfoot>") < markup.index("Total")


def test_html_renders_in_jupyter_and_prints_as_markup() -> None:
    """Html is a str whose _repr_html_ is the markup itself."""
    markup = Html("<b>x</b>")
    assert "<b>x</b>" == markup._repr_html_()
    assert "<b>x</b>" == str(markup)


def test_a_table_shows_in_jupyter_with_english_labels_by_default() -> None:
    """A report table's _repr_html_ is its HTML table with English labels and its stated total."""
    table = ikomodel.published_figures(2021)["abductions_by_age"]
    markup = table._repr_html_()
    assert "<caption>Abducted children by age band (section 1.5)</caption>" in markup
    assert "<th>5 or younger</th><td>113</td>" in markup
    assert "<tfoot><tr><th>Total</th><td>229</td></tr></tfoot>" in markup


def test_to_html_gives_dutch_labels_and_dutch_digit_grouping() -> None:
    """to_html('nl') labels rows, columns and totals in Dutch and groups digits with a dot."""
    table = ikomodel.published_figures(2021)["contacts"]
    markup = table.to_html("nl")
    assert "<th>Telefoon</th><td>5.961</td>" in markup
    assert "<th>Totaal</th><td>9.596</td>" in markup
    assert markup == markup._repr_html_()


def test_absent_figures_show_as_a_dash_with_a_legend() -> None:
    """A figure the publication leaves out shows a dash, explained under the table, never 0."""
    table = Table(slug="abductions", cells={("mother", "cases"): 110}, totals={"cases": 164})
    markup = table.to_html("en")
    assert f"<th>Father</th><td>{ABSENT}</td><td>{ABSENT}</td>" in markup
    assert "not available" in markup
    assert "<td>0</td>" not in markup


def test_the_unknown_row_shows_only_when_it_has_a_figure() -> None:
    """A closed table's 'unknown' row is left out of the display unless it holds a figure."""
    without = Table(slug="abductions_by_age", cells={("0_5", "children"): 3})
    with_unknown = Table(
        slug="abductions_by_age", cells={("0_5", "children"): 3, ("unknown", "children"): 1}
    )
    assert "unknown" not in display_rows(without)
    assert "unknown" in display_rows(with_unknown)


def test_country_tables_list_the_largest_first_with_country_names() -> None:
    """A country table shows Dutch or English country names, the most cases first."""
    table = Table(
        slug="abductions_countries",
        cells={
            ("MA", "from_netherlands"): 5,
            ("DE", "from_netherlands"): 9,
            ("PL", "to_netherlands"): 7,
        },
    )
    markup = table.to_html("nl")
    assert markup.index("Duitsland") < markup.index("Polen") < markup.index("Marokko")


def test_a_multi_year_table_shows_the_years_expected_even_when_absent() -> None:
    """The years a multi-year table should cover are rows, absent ones included."""
    table = ikomodel.published_figures(2021)["prevention_years"]
    assert (2018, 2019, 2020, 2021) == display_rows(table, years=range(2018, 2022))
    assert (2020, 2021) == display_rows(table)


def test_a_report_shows_one_folded_table_per_table_with_its_headline() -> None:
    """A report's HTML folds each table under a summary with its title and first stated total."""
    report = ikomodel.published_figures(2021)
    markup = report._repr_html_()
    assert len(report.tables) == markup.count("<details>") == markup.count("<table")
    assert "<summary>Contacts by channel: 9,596 contacts</summary>" in markup
    assert 1 == markup.count("<style>")
    assert "<strong>Jaarverslag 2021</strong>" in report.to_html("nl")


def test_an_empty_report_is_a_short_heading() -> None:
    """A report without tables shows its heading and no table."""
    markup = AnnualReport(year=2020).to_html("en")
    assert "<strong>Annual report 2020</strong> (0 tables)" in markup
    assert "<table" not in markup


def test_a_suppressed_report_marks_hidden_cells_with_a_cross() -> None:
    """A suppressed table shows its hidden cells as a cross with a legend, never their values."""
    report = AnnualReport(
        year=2021,
        tables={
            "abductions": Table(
                slug="abductions",
                cells={("mother", "cases"): 9, ("father", "cases"): 2, ("relative", "cases"): 4},
                totals={"cases": 15},
            )
        },
    )
    published = ikomodel.suppress(report, threshold=3)
    markup = published["abductions"].to_html("en")
    assert f"<th>Father</th><td>{SUPPRESSED}</td>" in markup
    assert "<th>Mother</th><td>9</td>" in markup
    assert "suppressed (small count)" in markup
    assert "<td>2</td>" not in markup
    whole = published._repr_html_()
    assert "Counts from 1 to 2 are suppressed." in whole
    assert "Aantallen van 1 tot en met 2 zijn onderdrukt." in published.to_html("nl")


def test_merged_countries_come_last_in_a_country_table() -> None:
    """The row of merged small countries follows the named countries, even when it is larger."""
    report = AnnualReport(
        year=2021,
        tables={
            "abductions_countries": Table(
                slug="abductions_countries",
                cells={
                    ("MA", "from_netherlands"): 6,
                    ("TR", "from_netherlands"): 4,
                    ("PL", "from_netherlands"): 4,
                },
            )
        },
    )
    markup = ikomodel.suppress(report, threshold=1, collapse=5)["abductions_countries"].to_html()
    assert markup.index("Morocco") < markup.index("Other countries")
