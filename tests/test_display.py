from ikomodel._display import ABSENT, SUPPRESSED, Html, HtmlRow, format_count, html_table


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
        corner="a&b",
        columns=['"col"'],
        rows=[HtmlRow(label="<row>", cells=("<1>",))],
        totals=HtmlRow(label="Total & more", cells=("2",)),
        note="<i>note</i>",
    )
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    for escaped in ("a&amp;b", "&quot;col&quot;", "&lt;row&gt;", "&lt;1&gt;", "Total &amp; more"):
        assert escaped in markup
    assert "&lt;i&gt;note&lt;/i&gt;" in markup


def test_a_legend_explains_the_markers_in_the_chosen_language() -> None:
    """A legend names the absent and suppressed markers the table shows, in Dutch or English."""
    rows = [HtmlRow(label="a", cells=(ABSENT, SUPPRESSED))]
    dutch = html_table(caption="t", corner="", columns=["x", "y"], rows=rows, lang="nl")
    english = html_table(caption="t", corner="", columns=["x", "y"], rows=rows, lang="en")
    assert "niet beschikbaar" in dutch
    assert "onderdrukt" in dutch
    assert "not available" in english
    assert "suppressed" in english
    plain = html_table(
        caption="t", corner="", columns=["x"], rows=[HtmlRow(label="a", cells=("1",))]
    )
    assert "<p" not in plain


def test_totals_go_in_the_table_foot() -> None:
    """The stated totals row is the table's foot, after the body."""
    markup = html_table(
        caption="t",
        corner="",
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
