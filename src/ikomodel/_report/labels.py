"""Labels, number formats and markers, in Dutch and English: every text a rendering shows.

Every rendering of a report (text, Markdown and CSV, the terminal, HTML for
Jupyter, data frames, charts) and every finding's message takes its words,
numbers and markers from here, so they cannot drift apart.

**Labels.** Row labels (:func:`row_label`; a country in a country table by
its name), column labels, table titles and captions, and the phrases of the
renderings (:func:`phrase`).

**Numbers.** CSV and JSON show a count as plain digits
(:func:`plain_count`: ``4431``), so that a spreadsheet, a diff or a script
reads it back the same in either language. Everything read by people (text,
Markdown and the terminal with :func:`text_count`; HTML, charts and findings
with :func:`format_count`) groups the digits in the language's way
(``4.431`` in Dutch, ``4,431`` in English) and writes a share with a decimal
comma or point (:func:`format_percent`).

**Markers.** A figure that is not shown as a count is never shown as 0:

=================  ==========================  ==========  ==========================
figure             text, Markdown, terminal    HTML        charts
=================  ==========================  ==========  ==========================
absent             ``—`` (:data:`ABSENT`)      ``—``       ``n/a`` (Dutch ``n.b.``)
suppressed         ``x`` (print convention)    ``×``       ``×``
=================  ==========================  ==========  ==========================

The absent marker is one glyph everywhere a table is drawn: an em dash,
which no one takes for a minus sign or a count, and which plain text can
carry (the output is UTF-8 already: country names, the terminal's boxes).
A chart writes the abbreviation of the marker's legend beside a missing bar,
because a lone dash there reads as a bar of 0. A suppressed figure is ``x``
in plain text (:data:`SUPPRESSION_MARK`, the Dutch statistical convention
for a secret figure, which :meth:`~ikomodel.SuppressedTable.text` prints) and
its typeset form ``×`` (:data:`SUPPRESSED`) in HTML and charts. HTML explains
each marker it shows in a legend (:func:`legend`). CSV and data frames carry
no marker: the value is empty (null), and the ``status`` column says
``absent`` or ``suppressed``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ikomodel._core.countries import is_alpha2
from ikomodel._core.vocabulary import Category, Lang, Taxonomy, Vocabulary
from ikomodel._report.tables import TABLES, UNKNOWN, RowKey, TableSpec
from ikomodel._rules.reference import country_name

# --- markers -------------------------------------------------------------------------------

ABSENT = "—"
"""How a figure that is absent (not computed, not published) is shown in a table."""

SUPPRESSED = "×"
"""How a figure hidden by small-count suppression is shown in HTML and charts."""

SUPPRESSION_MARK = "x"
"""How a suppressed figure is shown in print (the Dutch statistical convention, *geheim*)."""

_LEGEND: Mapping[str, tuple[str, str]] = {
    ABSENT: ("niet beschikbaar", "not available"),
    SUPPRESSED: ("onderdrukt (klein aantal)", "suppressed (small count)"),
    SUPPRESSION_MARK: ("onderdrukt (klein aantal)", "suppressed (small count)"),
}

_NOT_AVAILABLE = ("n.b.", "n/a")
"""The abbreviation of the absent marker's legend ("niet beschikbaar", "not available")."""


def _pick(texts: tuple[str, str], lang: Lang) -> str:
    return texts[0] if lang == "nl" else texts[1]


def is_marker(text: str) -> bool:
    """Return whether ``text`` is a marker of a figure not shown as a count."""
    return text in _LEGEND


def legend(marker: str, lang: Lang = "en") -> str:
    """Return the explanation of ``marker`` in ``lang``.

    >>> legend(ABSENT, "nl"), legend(SUPPRESSED)
    ('niet beschikbaar', 'suppressed (small count)')
    """
    return _pick(_LEGEND[marker], lang)


def not_available(lang: Lang = "en") -> str:
    """Return the short word for an absent figure, as a chart writes it beside a missing bar.

    >>> not_available("nl"), not_available("en")
    ('n.b.', 'n/a')
    """
    return _pick(_NOT_AVAILABLE, lang)


# --- numbers -------------------------------------------------------------------------------


def format_number(value: float, lang: Lang = "en") -> str:
    """Return a number with grouped digits: whole, or with one decimal.

    >>> format_number(4431, "nl"), format_number(4431, "en"), format_number(66.67, "nl")
    ('4.431', '4,431', '66,7')
    """
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def format_percent(value: float, lang: Lang = "en") -> str:
    """Return a percentage as the report writes it.

    >>> format_percent(67, "nl"), format_percent(66.67, "nl"), format_percent(66.67, "en")
    ('67%', '66,7%', '66.7%')
    """
    return f"{format_number(value, lang)}%"


def format_count(value: int | None, lang: Lang = "en", *, suppressed: bool = False) -> str:
    """Return a count for people: grouped digits, or the marker of an absent or hidden figure.

    >>> format_count(9596, "nl"), format_count(9596, "en"), format_count(None)
    ('9.596', '9,596', '—')
    >>> format_count(None, suppressed=True)
    '×'
    """
    if suppressed:
        return SUPPRESSED
    if value is None:
        return ABSENT
    return format_number(value, lang)


def text_count(value: int | None, lang: Lang = "en", *, suppressed: bool = False) -> str:
    """Return a count for plain text: grouped digits, or the plain-text marker.

    >>> text_count(4016, "nl"), text_count(4016, "en"), text_count(None, suppressed=True)
    ('4.016', '4,016', 'x')
    """
    if suppressed:
        return SUPPRESSION_MARK
    return ABSENT if value is None else format_number(value, lang)


def plain_count(value: int | None, *, suppressed: bool = False) -> str:
    """Return a count as plain text: its digits, or the marker of an absent or hidden figure.

    >>> plain_count(9596), plain_count(None), plain_count(None, suppressed=True)
    ('9596', '—', 'x')
    """
    if suppressed:
        return SUPPRESSION_MARK
    return ABSENT if value is None else str(value)


# --- phrases -------------------------------------------------------------------------------

_PHRASES: Mapping[str, tuple[str, str]] = {
    "total": ("Totaal", "Total"),
    "unknown": ("Onbekend", "Unknown"),
    "other_countries": ("Overige landen", "Other countries"),
    "more_countries": ("en nog {n} andere landen", "and {n} more countries"),
    "section": ("paragraaf {section}", "section {section}"),
    "annual_report": ("Jaarverslag {year}", "Annual report {year}"),
    "tables": ("{n} tabellen", "{n} tables"),
    "table": ("{n} tabel", "{n} table"),
    "suppressed_counts": (
        "Aantallen van 1 tot en met {last} zijn onderdrukt.",
        "Counts from 1 to {last} are suppressed.",
    ),
    "no_figures": ("Geen cijfers in dit verslag", "No figures in this report"),
    "contacts_per_year": ("Contacten per jaar", "Contacts per year"),
    "prevention_chart": (
        "Preventie advieszaken per initiatiefnemer",
        "Prevention cases by initiating parent",
    ),
    "age_chart": ("Ontvoerde kinderen per leeftijd", "Abducted children by age band"),
    "funnel_chart": (
        "Crossborder mediation: van verzoek tot akkoord",
        "Mediation: request to agreement",
    ),
    "top": ("Top {n}", "Top {n}"),
    "source": ("bron", "source"),
    "of_total": ("{part} van {total}", "{part} of {total}"),
    "register": ("Register", "Register"),
    "cases": ("Zaken", "Cases"),
    "contacts": ("Contacten", "Contacts"),
    "mediation_requests": ("Mediationverzoeken", "Mediation requests"),
    "records_per_year": ("Aantal per jaar", "Records per year"),
    "year": ("Jaar", "Year"),
    "first_cases": ("De eerste {n} zaken", "The first {n} cases"),
    "line": ("Lijn", "Line"),
    "category": ("Categorie", "Category"),
    "countries": ("Van → naar", "From → to"),
    "findings": ("{n} bevindingen", "{n} findings"),
    "more_findings": ("en nog {n} bevindingen", "and {n} more findings"),
    "severity": ("Ernst", "Severity"),
    "no_contradictions": ("{name}: geen tegenstrijdigheden", "{name}: no contradictions"),
    "gap": ("{n} hiaat", "{n} gap"),
    "gaps": ("{n} hiaten", "{n} gaps"),
    "counted_in_children": ("aantallen zijn kinderen", "counts are children"),
    "period": ("periode: {period}", "period: {period}"),
    "published_figures": ("gepubliceerde cijfers {year}", "published figures {year}"),
    "no_differences": (
        "Geen verschillen met de gepubliceerde cijfers.",
        "No differences from the published figures.",
    ),
    "differences": (
        "Verschillen met de gepubliceerde cijfers:",
        "Differences from the published figures:",
    ),
    "difference": (
        "berekend {computed}, gepubliceerd {published}",
        "computed {computed}, published {published}",
    ),
    "finding": ("Bevinding", "Finding"),
    "assumed_taxonomy": (
        "De zaakcategorieën van {years} zijn aangenomen, niet uit een bron (indeling {name})",
        "The case categories of {years} are assumed, not sourced (taxonomy {name})",
    ),
}


def phrase(key: str, lang: Lang = "en", **values: object) -> str:
    """Return the phrase ``key`` in ``lang``, with ``values`` filled in.

    >>> phrase("more_countries", "nl", n=3), phrase("annual_report", year=2021)
    ('en nog 3 andere landen', 'Annual report 2021')
    """
    return _pick(_PHRASES[key], lang).format(**values)


def taxonomy_notes(taxonomies: Mapping[int, Taxonomy], lang: Lang = "en") -> tuple[str, ...]:
    """Return a note for each assumed taxonomy among the taxonomies of a report's years.

    ``taxonomies`` maps each year whose cases a report counts to its
    taxonomy; the note names the years and the taxonomy, and adds its own
    note.

    >>> from ikomodel import taxonomy_for
    >>> taxonomy_notes({year: taxonomy_for(year) for year in (2017, 2018)}, "en")[0][:52]
    'The case categories of 2017 are assumed, not sourced'
    """
    years: dict[Taxonomy, list[int]] = {}
    for year, taxonomy in sorted(taxonomies.items()):
        if taxonomy.assumed:
            years.setdefault(taxonomy, []).append(year)
    notes = []
    for taxonomy, found in years.items():
        span = str(found[0]) if len(found) == 1 else f"{found[0]}-{found[-1]}"
        text = phrase("assumed_taxonomy", lang, years=span, name=taxonomy.name)
        notes.append(f"{text}: {taxonomy.note}." if taxonomy.note else f"{text}.")
    return tuple(notes)


# --- labels --------------------------------------------------------------------------------


def row_label(row: RowKey | None, lang: Lang = "en") -> str:
    """Return the display label of a row key; ``None`` is the stated total.

    >>> from ikomodel import InitiatingParty
    >>> row_label(InitiatingParty.MOTHER, "nl"), row_label(None, "nl"), row_label(2018)
    ('Moeder', 'Totaal', '2018')
    >>> row_label("MA", "nl")
    'Marokko'

    """
    if row is None:
        return phrase("total", lang)
    if isinstance(row, Vocabulary):
        return row.label(lang)
    if row == UNKNOWN:
        return phrase("unknown", lang)
    if isinstance(row, str) and is_alpha2(row):
        return country_name(row, lang)
    return str(row)


RowLabels = Callable[[RowKey | None, Lang], str]
"""A function giving a row's display label in a language (``None``: the total row)."""


def display_row_label(
    spec: TableSpec, row: RowKey | None, lang: Lang = "en", fallback: RowLabels = row_label
) -> str:
    """Return the label of a row of ``spec``: a country's name, a vocabulary label, a year, "Total".

    Rows that are not ISO country codes in a country table (such as a row of
    merged small countries) are labelled by ``fallback``, a function of the
    row and the language (by default :func:`row_label`).

    >>> display_row_label(TABLES["abductions_countries"], "MA", "nl")
    'Marokko'
    """
    if spec.rows == "country" and isinstance(row, str) and is_alpha2(row):
        return country_name(row, lang)
    return fallback(row, lang)


def column_label(column: str, lang: Lang = "en") -> str:
    """Return the label of a column (a vocabulary member; any other key as it is).

    >>> from ikomodel import Measure
    >>> column_label(Measure.CASES, "nl")
    'Zaken'
    """
    return column.label(lang) if isinstance(column, Vocabulary) else str(column)


def title(slug: str, lang: Lang = "en") -> str:
    """Return the title of table ``slug`` in ``lang``.

    >>> title("first_line", "nl")
    'Eerstelijnszaken per categorie'
    """
    return TABLES[slug].title(lang)


_SECTIONS: Mapping[str, tuple[str, str]] = {
    "1.3 (chart)": ("1.3 (grafiek)", "1.3 (chart)"),
    "Voorwoord, 1.3": ("Voorwoord, 1.3", "Foreword, 1.3"),
}
"""The report sections that are not a bare number, as each language names them.

A table's ``section`` is stored as the Dutch report's reference (the figures
format and the JSON Schema carry it as is); a rendering shows it through
:func:`section_label`. "Mediation" is the chapter's name in both languages.
"""


def section_label(section: str, lang: Lang = "en") -> str:
    """Return a table's report section as ``lang`` writes it.

    >>> section_label("1.3 (chart)", "nl"), section_label("Voorwoord, 1.3"), section_label("1.5")
    ('1.3 (grafiek)', 'Foreword, 1.3', '1.5')
    """
    pair = _SECTIONS.get(section)
    return section if pair is None else _pick(pair, lang)


def heading(slug: str, lang: Lang = "en") -> str:
    """Return the heading of a table in text and Markdown: its section, then its title.

    >>> heading("contacts")
    '1.2  Contacts by channel'
    >>> heading("prevention_years_by_initiator", "nl")
    '1.3 (grafiek)  Preventie advieszaken per jaar en initiatiefnemer'
    """
    spec = TABLES[slug]
    return f"{section_label(spec.section, lang)}  {spec.title(lang)}"


def caption(slug: str, lang: Lang = "en") -> str:
    """Return the caption of a table in HTML: its title, then its section.

    >>> caption("abductions_by_age", "nl")
    'Ontvoerde kinderen per leeftijd (paragraaf 1.5)'
    """
    spec = TABLES[slug]
    section = section_label(spec.section, lang)
    return f"{spec.title(lang)} ({phrase('section', lang, section=section)})"


def figure_label(table: str, row: RowKey | None, column: str, lang: Lang = "en") -> str:
    """Return a readable name of one figure: table title, row and column labels.

    >>> figure_label("abductions", "mother", "cases")
    'Abduction cases by taking person / Mother / Cases'
    """
    spec = TABLES[table]
    found = None if row is None else spec.row(row)
    return f"{spec.title(lang)} / {row_label(found, lang)} / {spec.column(column).label(lang)}"


def taxonomy_row_labels(taxonomy: Taxonomy | None, fallback: RowLabels) -> RowLabels:
    """Return ``fallback``, or when ``taxonomy`` names categories otherwise, labels that use them.

    The tables of a report by category show a category by the label of the
    report year's taxonomy (see :attr:`Taxonomy.labels <ikomodel.Taxonomy.labels>`).
    """
    if taxonomy is None or not taxonomy.labels:
        return fallback
    own = taxonomy

    def label(row: RowKey | None, lang: Lang) -> str:
        if isinstance(row, Category) and row in own.labels:
            return own.label(row, lang)
        return fallback(row, lang)

    return label
