import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import ikomodel
from ikomodel import (
    AnnualReport,
    Case,
    Category,
    Channel,
    Child,
    ClientKind,
    Contact,
    Line,
    Party,
    Register,
    Role,
    RowKey,
    Table,
    TakingPerson,
    charts,
)


def bar_values(figure: Figure, axis: int = 0, *, horizontal: bool = False) -> list[float]:
    bars = [patch for patch in figure.axes[axis].patches if isinstance(patch, Rectangle)]
    return [bar.get_width() if horizontal else bar.get_height() for bar in bars]


def texts(figure: Figure) -> list[str]:
    return [text.get_text() for ax in figure.axes for text in ax.texts]


def computed_report() -> AnnualReport:
    """A report computed from a small register: an abduction to Morocco and a prevention case."""
    mother = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR, Role.LEFT_BEHIND_PARENT))
    father = Party(kind=ClientKind.FATHER, roles=(Role.INITIATOR,))
    abduction = Case(
        id="case-1",
        opened=dt.date(2021, 3, 15),
        line=Line.SECOND,
        category=Category.ABDUCTION,
        parties=(mother,),
        children=(Child(id="child-1", birth_date=dt.date(2014, 7, 2)),),
        habitual_residence="NL",
        destination="MA",
        taking_person=TakingPerson.FATHER,
        removal_date=dt.date(2021, 3, 1),
    )
    prevention = Case(
        id="case-2",
        opened=dt.date(2021, 5, 4),
        line=Line.SECOND,
        category=Category.PREVENTION,
        parties=(father,),
        children=(Child(id="child-2", birth_date=dt.date(2019, 1, 2)),),
        habitual_residence="NL",
        destination="TR",
    )
    call = Contact(
        id="k-1", on=dt.date(2021, 3, 15), channel=Channel.TELEPHONE, client=ClientKind.MOTHER
    )
    register = Register(cases=(abduction, prevention), contacts=(call,))
    return ikomodel.annual_report(register, 2021)


def test_contacts_chart_shows_one_bar_per_year_and_marks_absent_years() -> None:
    """Contacts per year: the stated totals as bars, a year without figures marked n/a, not 0."""
    reports = [ikomodel.published_figures(year) for year in (2019, 2020, 2021)]
    figure = charts.contacts_chart(reports, lang="nl")
    assert [0, 7065, 9596] == bar_values(figure)
    assert "Contacten per jaar" == figure.axes[0].get_title(loc="left")
    assert ["2019", "2020", "2021"] == [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert ["n.b.", "7.065", "9.596"] == texts(figure)


def test_prevention_chart_draws_mothers_and_fathers_over_the_years() -> None:
    """Prevention cases by initiating parent, 2018-2021, as in the published chart."""
    figure = charts.prevention_chart(ikomodel.published_figures(2021))
    assert [140, 120, 122, 145, 134, 139, 94, 90] == bar_values(figure)
    assert ["2018", "2019", "2020", "2021"] == [
        t.get_text() for t in figure.axes[0].get_xticklabels()
    ]
    legend = figure.axes[0].get_legend()
    assert legend is not None
    assert ["Mother", "Father"] == [t.get_text() for t in legend.get_texts()]


def test_prevention_chart_of_a_computed_report_includes_other_initiators() -> None:
    """A computed report has every initiator, so the chart adds the 'other' initiators."""
    figure = charts.prevention_chart(computed_report())
    legend = figure.axes[0].get_legend()
    assert legend is not None
    assert 3 == len(legend.get_texts())
    assert 12 == len(bar_values(figure))


def test_top_countries_chart_ranks_countries_per_direction_with_names() -> None:
    """Each direction's panel lists the countries with the most cases first, by name."""
    cells: dict[tuple[RowKey, str], int] = {("MA", "from_netherlands"): 5}
    cells |= {("DE", "from_netherlands"): 9}
    cells |= {("PL", "to_netherlands"): 2, ("TR", "from_netherlands"): 1}
    report = AnnualReport(
        year=2021, tables={"abductions_countries": Table(slug="abductions_countries", cells=cells)}
    )
    figure = charts.top_countries_chart(report, lang="en")
    to_nl, from_nl = figure.axes
    assert "To the Netherlands" == to_nl.get_title(loc="left")
    assert ["Poland"] == [t.get_text() for t in to_nl.get_yticklabels()]
    from_names = [t.get_text() for t in from_nl.get_yticklabels()]
    assert ["Germany", "Morocco", "Türkiye"] == from_names
    assert [9, 5, 1] == bar_values(figure, 1, horizontal=True)


def test_top_countries_chart_of_a_register_report() -> None:
    """A report computed from a register draws its abduction countries."""
    figure = charts.top_countries_chart(computed_report(), lang="nl")
    assert ["Marokko"] == [t.get_text() for t in figure.axes[1].get_yticklabels()]


def test_a_chart_without_figures_says_so() -> None:
    """A country table the report does not have gives a chart that says there are no figures."""
    figure = charts.top_countries_chart(ikomodel.published_figures(2021), lang="en")
    assert ["No figures in this report"] * 2 == texts(figure)


def test_age_bands_chart_draws_the_children_per_band() -> None:
    """Abducted children by age band: 113, 93, 16 and 7 in 2021."""
    figure = charts.age_bands_chart(ikomodel.published_figures(2021), lang="nl")
    assert [113, 93, 16, 7] == bar_values(figure)
    labels = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert ["5 jaar of jonger", "6 t/m 12 jaar", "13 t/m 15 jaar", "16 en 17 jaar"] == labels


def test_mediation_funnel_shows_each_stage_per_kind() -> None:
    """The funnel narrows from requests to successful mediations, for IKO and NIKO requests."""
    figure = charts.mediation_funnel_chart(ikomodel.published_figures(2021))
    assert [37, 25, 24, 7, 11, 9, 8, 5] == bar_values(figure, horizontal=True)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert ["Requests", "Started (intake)", "Mediations", "Successful"] == labels


def test_every_chart_renders_from_a_register(tmp_path: Path) -> None:
    """write_charts writes every chart of a computed report as a PNG and an SVG file."""
    written = charts.write_charts(computed_report(), tmp_path / "charts", lang="nl")
    names = {path.stem for path in written}
    assert {
        "contacts",
        "prevention",
        "age_bands",
        "mediation_funnel",
        "top_abductions_countries",
        "top_relocation_countries",
        "top_access_countries",
    } == names
    assert 2 * len(names) == len(written)
    for path in written:
        data = path.read_bytes()
        if path.suffix == ".png":
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
        else:
            assert b"<svg" in data
            assert b"<dc:date>" not in data


def test_contacts_history_goes_into_the_written_chart(tmp_path: Path) -> None:
    """Earlier reports passed as history become earlier bars of the contacts chart."""
    charts.write_charts(
        ikomodel.published_figures(2021),
        tmp_path,
        history=[ikomodel.published_figures(2020)],
        formats=("svg",),
    )
    svg = (tmp_path / "contacts.svg").read_text()
    assert "2020" in svg
    assert "7,065" in svg


def test_a_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib, drawing raises MissingExtraError naming the 'charts' extra."""
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ikomodel.MissingExtraError, match=r"ikomodel\[charts\]"):
        charts.age_bands_chart(ikomodel.published_figures(2021))


def test_importing_the_charts_module_does_not_import_matplotlib() -> None:
    """Matplotlib is imported when a chart is drawn, not when ikomodel.charts is imported."""
    code = "import sys, ikomodel.charts; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(Path(ikomodel.__file__).parent.parent)},
    )
    assert "False" == result.stdout.strip()


def test_every_chart_renders_from_the_bundled_register(tmp_path: Path) -> None:
    """Each chart of the report computed from the bundled register draws its figures."""
    report = ikomodel.annual_report(ikomodel.example_register(), 2021)
    top = report.top_countries("abductions_countries", "from_netherlands", 10)
    figure = charts.top_countries_chart(report, lang="en")
    assert [value for _, value in top] == bar_values(figure, 1, horizontal=True)
    ages = charts.age_bands_chart(report)
    assert [113, 93, 16, 7] == bar_values(ages)
    prevention = charts.prevention_chart(report)
    assert [140, 120, 122, 145] == bar_values(prevention)[:4]
    funnel = charts.mediation_funnel_chart(report)
    assert [37, 25, 24, 7] == bar_values(funnel, horizontal=True)[:4]
    written = charts.write_charts(report, tmp_path, history=[ikomodel.published_figures(2020)])
    assert 14 == len(written)
    assert all(path.stat().st_size > 1000 for path in written)
