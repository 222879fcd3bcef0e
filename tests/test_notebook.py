# mypy: disable-error-code="no-untyped-call"
"""The analyst's first hour in Jupyter (issue 16, item 1).

Charts show themselves in a fresh kernel without magics, registers and
findings have short reprs and HTML summaries (never a birth date), the
report's folded headlines state each table's own total in its unit, and a
real kernel runs the README's notebook lines and the example notebook under
``docs/notebooks`` with every output a few kilobytes (an image for a chart).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any, cast

import nbformat
import pytest
from nbclient import NotebookClient

import ikomodel
from ikomodel import charts
from ikomodel._core import display
from ikomodel._present.html import report_html

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
EXAMPLE = ROOT / "docs" / "notebooks" / "first-hour.ipynb"
PNG = b"\x89PNG\r\n\x1a\n"
TEXT_LIMIT = 8_000
"""The most characters a text or HTML output may hold ("a few kilobytes")."""
HTML_REPORT_LIMIT = 20_000
"""The report shows every one of its 21 tables, folded: the one output allowed more."""
IMAGE_LIMIT = 120_000
"""A chart's PNG image, base64-encoded."""

REPORT = ikomodel.annual_report(ikomodel.example_register(), 2021)


def test_a_chart_answers_ipython_with_a_png_and_stays_a_figure(tmp_path: Path) -> None:
    """The chart is a matplotlib Figure with a PNG `_repr_png_`; savefig still works."""
    from matplotlib.figure import Figure

    figure = charts.age_bands_chart(REPORT, lang="nl")
    assert isinstance(figure, Figure)
    assert cast(Any, figure)._repr_png_().startswith(PNG)
    figure.savefig(tmp_path / "ages.svg")
    assert (tmp_path / "ages.svg").read_text().lstrip().startswith("<?xml")


def test_a_register_has_a_short_repr_and_an_html_summary_without_birth_dates() -> None:
    """Counts per collection and year and the first cases; no id, no birth date."""
    register = ikomodel.example_register()
    assert "Register(5859 cases, 9596 contacts, 48 mediation_requests)" == repr(register)
    markup = register._repr_html_()
    assert len(markup) < TEXT_LIMIT
    assert "<th>2021</th>" in markup
    assert "<td>9,596</td>" in markup
    assert "The first 5 cases" in markup
    first = register.cases[0]
    assert first.id not in markup
    births = {
        child.birth_date.isoformat()
        for case in register.cases[:5]
        for child in case.children
        if child.birth_date is not None
    }
    assert births
    assert not any(birth in markup for birth in births)
    dutch = display.to_html(register, "nl")
    assert "<th>Zaken</th>" in dutch
    assert "<td>9.596</td>" in dutch


def test_findings_are_a_tuple_with_a_short_repr_and_html() -> None:
    """`reconcile` returns a tuple subclass: equal to a tuple, a one-line repr, an HTML table."""
    findings = ikomodel.reconcile(ikomodel.published_figures(2021))
    assert tuple(findings) == findings
    assert isinstance(findings, tuple)
    assert re.fullmatch(r"Findings\(\d+ contradictions?(, \d+ gaps?)?\)", repr(findings))
    markup = cast(Any, findings)._repr_html_()
    assert len(markup) < TEXT_LIMIT
    assert findings[0].message() in markup.replace("&#x27;", "'")
    assert "()" == repr(ikomodel.reconcile(ikomodel.AnnualReport(year=2021)))


def test_an_annual_report_has_a_short_repr() -> None:
    """The report's repr names its year, source and tables, not every figure."""
    text = repr(REPORT)
    assert text.startswith("AnnualReport(year=2021, source='computed', 21 tables: [contacts,")
    assert len(text) < 1_000


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Prevention cases that came back as an abduction: 6 of 248 cases",
                "Prevention cases by year and initiating party: 997 cases",
                "Relocation permission cases by country: 52 cases",
                "Abductions by country: 160 cases",
                "Mediations that did not start, by reason: 14 requests",
                "Contacts by channel and kind of client: 9,596 contacts",
            ],
        ),
        (
            "nl",
            [
                "Preventiezaken die terugkwamen als ontvoering: 6 van 248 zaken",
                "Preventie advieszaken per jaar en initiatiefnemer: 997 zaken",
                "Toestemming vertrek per land: 52 zaken",
                "Niet gestarte mediations per reden: 14 verzoeken",
            ],
        ),
    ],
)
def test_report_headlines_state_the_tables_own_total_in_its_unit(
    lang: ikomodel.Lang, expected: list[str]
) -> None:
    """Issue 16: "came back: 248 cases" and "527 mother" were the wrong total and unit."""
    summaries = re.findall(r"<summary>(.*?)</summary>", report_html(REPORT, lang))
    for line in expected:
        assert line in summaries
    assert not any("naar nederland" in s or "iko-verzoek" in s for s in summaries)
    assert not any(
        re.search(r": \d[\d.,]* (mother|moeder|telephone|telefoon)$", s) for s in summaries
    )


def _run(cells: list[str], tmp_path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    return _execute(notebook, tmp_path)


def _execute(notebook: nbformat.NotebookNode, tmp_path: Path) -> nbformat.NotebookNode:
    bootstrap = nbformat.v4.new_code_cell(f"import sys; sys.path.insert(0, {str(SRC)!r})")
    notebook.cells.insert(0, bootstrap)
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()
    notebook.cells.pop(0)
    return notebook


def _outputs(notebook: nbformat.NotebookNode) -> list[tuple[str, dict[str, object]]]:
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert "error" != output["output_type"], output
            data = output.get("data", {"text/plain": output.get("text", "")})
            found.append((cell.source, data))
    return found


def _check_sizes(notebook: nbformat.NotebookNode) -> dict[str, dict[str, object]]:
    """Every output is small; return the outputs by the last line of their cell."""
    shown: dict[str, dict[str, object]] = {}
    for source, data in _outputs(notebook):
        for mime, value in data.items():
            size = len(str(value))
            if mime == "image/png":
                assert base64.b64decode(str(value)).startswith(PNG)
                assert size < IMAGE_LIMIT, (source, mime, size)
            elif mime == "text/html" and source.strip().splitlines()[-1] == "report":
                assert size < HTML_REPORT_LIMIT, (source, mime, size)
            else:
                assert size < TEXT_LIMIT, (source, mime, size)
        shown[source.strip().splitlines()[-1]] = data
    return shown


def _readme_lines() -> list[str]:
    """The README's notebook example, without prompts and outputs, plus the objects shown."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In a notebook", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    lines = [line[4:] for line in section.splitlines() if line.startswith((">>> ", "... "))]
    return ["\n".join(lines)]


def test_a_fresh_kernel_runs_the_readme_lines_and_shows_report_frame_and_chart(
    tmp_path: Path,
) -> None:
    """The README's lines, then `report`, `ages`, `figure`, `register`, `findings` on their own."""
    cells = [
        *_readme_lines(),
        "report",
        "ages",
        "figure",
        "register",
        "findings = ikomodel.reconcile(ikomodel.published_figures(2021))\nfindings",
    ]
    shown = _check_sizes(_run(cells, tmp_path))
    assert "<details>" in str(shown["report"]["text/html"])
    assert "<table" in str(shown["ages"]["text/html"])
    assert "image/png" in shown["figure"]
    assert str(shown["register"]["text/plain"]).startswith("Register(")
    assert str(shown["findings"]["text/plain"]).startswith("Findings(")


def test_the_example_notebook_runs_with_small_outputs_and_images(tmp_path: Path) -> None:
    """docs/notebooks/first-hour.ipynb: it runs; each chart cell shows an image."""
    notebook = _execute(nbformat.read(EXAMPLE, as_version=4), tmp_path)
    shown = _check_sizes(notebook)
    charts_shown = [data for last, data in shown.items() if last.startswith("charts.")]
    assert charts_shown
    assert all("image/png" in data for data in charts_shown)
    stored = nbformat.read(EXAMPLE, as_version=4)
    assert all(not cell.get("outputs") for cell in stored.cells if cell.cell_type == "code")
