"""Every label and caption in both languages (issue 16, item 4).

The test walks every label pair the renderings show: the labels of every
vocabulary (rows and columns), every table's title, heading and caption,
every phrase and marker legend of ``ikomodel._report.labels``, and the
texts of every chart drawn in Dutch. The Dutch text differs from the English
one unless the word is the same in both languages, holds none of a list of
English words (and the English none of a list of Dutch words), and a pair
that lists its members in brackets lists as many in both languages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import ikomodel
from ikomodel import charts
from ikomodel._core.vocabulary import Vocabulary
from ikomodel._report import labels
from ikomodel._report.tables import TABLES

ENGLISH = frozenset(
    (
        "the",
        "and",
        "or",
        "chart",
        "section",
        "case",
        "cases",
        "child",
        "children",
        "other",
        "others",
        "agency",
        "agencies",
        "by",
        "from",
        "with",
        "without",
        "total",
        "unknown",
        "request",
        "requests",
        "year",
        "years",
        "mother",
        "father",
        "came",
        "back",
        "not",
        "started",
        "successful",
        "contacts",
        "telephone",
        "abduction",
        "abductions",
        "relocation",
        "permission",
        "prevention",
        "access",
        "party",
        "parent",
        "country",
        "countries",
        "figures",
        "report",
        "foreword",
        "more",
        "suppressed",
        "small",
        "count",
        "counts",
        "first",
        "second",
        "line",
        "category",
        "finding",
        "findings",
        "records",
        "opened",
        "third",
        "parties",
        "relatives",
        "friend",
        "friends",
        "yes",
        "no",
        "closed",
        "reason",
        "kind",
        "client",
        "available",
        "source",
        "table",
        "tables",
        "taken",
        "holiday",
        "advice",
        "general",
        "missing",
        "mediation_request",
    )
)
"""English words that have no place in a Dutch text ("of", "in", "is" are Dutch too)."""

DUTCH = frozenset(
    (
        "de",
        "het",
        "een",
        "en",
        "van",
        "naar",
        "zaken",
        "kinderen",
        "overige",
        "instanties",
        "paragraaf",
        "grafiek",
        "voorwoord",
        "jaar",
        "moeder",
        "vader",
        "verzoek",
        "verzoeken",
        "totaal",
        "onbekend",
        "bron",
        "landen",
        "ontvoering",
    )
)
"""Dutch words that have no place in an English text."""

SAME_IN_BOTH = frozenset({"e", "mail", "mediations", "intake", "register", "top", "mediation"})
"""Words Dutch and English share, so a pair of only these may be equal ("E-mail", "Top 10")."""


def _vocabularies(root: type[Vocabulary] = Vocabulary) -> Iterator[type[Vocabulary]]:
    for sub in root.__subclasses__():
        yield sub
        yield from _vocabularies(sub)


def _fill(text: str) -> str:
    """A phrase with its placeholders filled, as a rendering shows it."""
    return re.sub(r"\{[a-z_]+\}", "7", text)


def pairs() -> Iterator[tuple[str, str, str]]:
    """Every (what, Dutch, English) pair of labels the renderings show."""
    for vocabulary in sorted(set(_vocabularies()), key=lambda v: v.__name__):
        for member in vocabulary:
            yield f"{vocabulary.__name__}.{member.value}", member.label("nl"), member.label("en")
    for slug, spec in TABLES.items():
        yield f"title {slug}", spec.title("nl"), spec.title("en")
        yield f"heading {slug}", labels.heading(slug, "nl"), labels.heading(slug, "en")
        yield f"caption {slug}", labels.caption(slug, "nl"), labels.caption(slug, "en")
    for key, (nl, en) in labels._PHRASES.items():
        yield f"phrase {key}", _fill(nl), _fill(en)
    for marker in (labels.ABSENT, labels.SUPPRESSED, labels.SUPPRESSION_MARK):
        yield f"legend {marker}", labels.legend(marker, "nl"), labels.legend(marker, "en")
    yield "not available", labels.not_available("nl"), labels.not_available("en")


PAIRS = list(pairs())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z_]+", text.lower()))


def test_the_walk_covers_every_kind_of_label() -> None:
    """Vocabularies, tables, phrases and legends are all walked (and there are many)."""
    kinds = {what.split(" ", 1)[0].split(".", 1)[0] for what, _, _ in PAIRS}
    assert {"title", "heading", "caption", "phrase", "legend", "Measure", "Category"} <= kinds
    assert len(PAIRS) > 200


@pytest.mark.parametrize(("what", "nl", "en"), PAIRS, ids=[p[0] for p in PAIRS])
def test_every_dutch_label_is_dutch_and_every_english_one_english(
    what: str, nl: str, en: str
) -> None:
    """Dutch differs from English unless shared, and neither holds the other's words."""
    if nl == en:
        assert _words(nl) <= SAME_IN_BOTH, what
    assert not _words(nl) & ENGLISH, (what, nl)
    assert not _words(en) & DUTCH, (what, en)


@pytest.mark.parametrize(("what", "nl", "en"), PAIRS, ids=[p[0] for p in PAIRS])
def test_a_label_pair_lists_as_many_members_in_both_languages(what: str, nl: str, en: str) -> None:
    """'Others (relatives, third parties, agencies)': a bracketed list has the same length."""
    inner_nl = re.findall(r"\(([^()]*,[^()]*)\)", nl)
    inner_en = re.findall(r"\(([^()]*,[^()]*)\)", en)
    assert [len(i.split(",")) for i in inner_nl] == [len(i.split(",")) for i in inner_en], what


def test_the_others_group_names_agencies_in_both_languages() -> None:
    """Issue 16: the Dutch label named agencies ("instanties"), the English one did not."""
    other = ikomodel.InitiatingParty.OTHER
    assert "instanties" in other.label("nl")
    assert "agencies" in other.label("en")


def test_dutch_headings_and_captions_hold_no_english() -> None:
    """Issue 16: "paragraaf 1.3 (chart)" in Dutch output is "paragraaf 1.3 (grafiek)" now."""
    assert "1.3 (grafiek)" in labels.caption("prevention_years_by_initiator", "nl")
    assert "Foreword, 1.3" in labels.caption("prevention_came_back", "en")


def _chart_texts(figure: object) -> Iterator[str]:
    from matplotlib.text import Text

    for text in figure.findobj(Text):  # type: ignore[attr-defined]
        if text.get_text():
            yield text.get_text()


def test_every_chart_drawn_in_dutch_holds_no_english_words() -> None:
    """The chart captions, axis labels, legends and markers of every chart, in both languages."""
    report = ikomodel.annual_report(ikomodel.example_register(), 2021)
    drawn: dict[str, Callable[..., Any]] = {
        "contacts": lambda lang: charts.contacts_chart([report], lang=lang),
        "prevention": lambda lang: charts.prevention_chart(report, lang=lang),
        "ages": lambda lang: charts.age_bands_chart(report, lang=lang),
        "funnel": lambda lang: charts.mediation_funnel_chart(report, lang=lang),
        "empty": lambda lang: charts.age_bands_chart(ikomodel.AnnualReport(year=2021), lang=lang),
        **{
            table: functools.partial(charts.top_countries_chart, report, table=table)
            for table in charts.COUNTRY_TABLES
        },
    }
    for name, draw in drawn.items():
        dutch = " ".join(_chart_texts(draw(lang="nl")))
        english = " ".join(_chart_texts(draw(lang="en")))
        assert dutch != english, name
        assert not _words(dutch) & ENGLISH, (name, _words(dutch) & ENGLISH)
        assert not _words(english) & DUTCH, (name, _words(english) & DUTCH)
