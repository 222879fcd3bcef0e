"""The built documentation site: complete reference, sitemap, version, install line, copy buttons.

The site is built once for the module (``mkdocs build --strict``, as CI does)
and its HTML is read back: every public attrs record shows its constructor
signature and a table of all its fields, with a type and a description each.
"""

from __future__ import annotations

import html
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import ikomodel

ROOT = Path(__file__).parent.parent
MODULES = ["ikomodel", "ikomodel.frames", "ikomodel.testing", "ikomodel.charts"]
TAG = re.compile(r"<[^>]+>")


def public_records() -> list[tuple[str, type[Any]]]:
    """Every attrs class in the ``__all__`` of ikomodel and its public submodules."""
    records = []
    for name in MODULES:
        module = importlib.import_module(name)
        for member in module.__all__:
            obj = getattr(module, member)
            if isinstance(obj, type) and attrs.has(obj):
                records.append((f"{name}.{member}", obj))
    return records


RECORDS = public_records()
REPO_URL = "https://example.org/ikomodel-repository"
"""The repository address the site is built with here (a publication build sets its own)."""


def text(fragment: str) -> str:
    """The text of an HTML fragment: tags removed, entities decoded."""
    return html.unescape(TAG.sub("", fragment))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("IKOMODEL_SITE_URL", None)
    env["IKOMODEL_REPO_URL"] = REPO_URL
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert 0 == build.returncode, build.stderr
    return out


@pytest.fixture(scope="module")
def reference(site: Path) -> dict[str, str]:
    """The HTML of each record's section on the reference pages, by its public path."""
    pages = [page.read_text("utf-8") for page in sorted((site / "reference").rglob("*.html"))]
    sections = {}
    for path, _ in RECORDS:
        for page in pages:
            start = page.find(f'<h2 id="{path}"')
            if start >= 0:
                end = page.find("<h2 ", start + 1)
                sections[path] = page[start : end if end >= 0 else len(page)]
                break
    return sections


def test_every_public_record_is_found() -> None:
    """The records cover the report and the model, so the checks below check something."""
    paths = {path for path, _ in RECORDS}
    assert {"ikomodel.Register", "ikomodel.Case", "ikomodel.Contact", "ikomodel.Finding"} <= paths
    assert {"ikomodel.AnnualReport", "ikomodel.Table", "ikomodel.frames.Column"} <= paths


def split_parameters(signature: str) -> list[str]:
    """Split ``Name(a:int,b:tuple[X,...]=(),)`` (no spaces) into its parameters."""
    inner = signature[signature.index("(") + 1 : signature.rindex(")")]
    parameters, depth, current = [], 0, ""
    for char in inner:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if char == "," and depth == 0:
            parameters.append(current)
            current = ""
        else:
            current += char
    if current:
        parameters.append(current)
    return parameters


def expected_parameters(record: type[Any]) -> Iterator[tuple[str, bool]]:
    """The parameters of attrs' ``__init__``: ``("*", False)`` first if keyword-only."""
    fields = [field for field in attrs.fields(record) if field.init]
    positional = [field for field in fields if not field.kw_only]
    keyword = [field for field in fields if field.kw_only]
    for field in positional:
        yield field.alias, field.default is not attrs.NOTHING
    if keyword:
        yield "*", False
    for field in keyword:
        yield field.alias, field.default is not attrs.NOTHING


@pytest.mark.parametrize(("path", "record"), RECORDS, ids=[path for path, _ in RECORDS])
def test_each_record_shows_its_constructor_signature(
    reference: dict[str, str], path: str, record: type[Any]
) -> None:
    """The heading shows ``Name(*, field: type = default, ...)`` with attrs' parameters."""
    assert path in reference, f"{path} is on no reference page"
    block = re.search(
        r'<div class="[^"]*\bdoc-signature\b[^"]*">(.*?)</div>', reference[path], re.S
    )
    assert block is not None, f"{path} shows no signature"
    signature = re.sub(r"\s+", "", text(block[1]))
    assert signature.startswith(f"{record.__name__}("), signature
    shown = [
        (parameter.split(":")[0].split("=")[0], "=" in parameter)
        for parameter in split_parameters(signature)
    ]
    assert list(expected_parameters(record)) == shown
    assert all(":" in p for p in split_parameters(signature) if p != "*"), "a type is missing"


ROW = re.compile(
    r'<tr class="doc-section-item">\s*<td><code><span title="(?P<path>[\w.]+)">\w+</span></code>'
    r"</td>\s*<td>(?P<type>.*?)</td>\s*<td>(?P<description>.*?)</td>",
    re.S,
)


@pytest.mark.parametrize(("path", "record"), RECORDS, ids=[path for path, _ in RECORDS])
def test_each_record_lists_every_field_with_a_type_and_a_description(
    reference: dict[str, str], path: str, record: type[Any]
) -> None:
    """The fields table names every public field once, in order, each typed and described."""
    assert path in reference, f"{path} is on no reference page"
    rows = [
        (row["path"].removeprefix(f"{path}."), text(row["type"]), text(row["description"]))
        for row in ROW.finditer(reference[path])
        if row["path"].startswith(f"{path}.")
    ]
    fields = [field.name for field in attrs.fields(record) if not field.name.startswith("_")]
    assert fields == [name for name, _, _ in rows]
    assert [] == [name for name, type_, _ in rows if not type_.strip()], "fields without a type"
    assert [] == [name for name, _, about in rows if not about.strip()], "fields undescribed"


def test_case_initiator_is_the_party_that_brought_the_case(reference: dict[str, str]) -> None:
    """``Case.initiator`` is documented as the initiating party of the case, not of a contact."""
    initiator = reference["ikomodel.Case"].split('id="ikomodel.Case.initiator"', 1)[1]
    about = text(initiator.split("</div>", 2)[1])
    assert "initiator" in about
    assert "contact" not in about


def test_the_sitemap_lists_every_page_under_the_site_url(site: Path) -> None:
    """``site_url`` is set, so the sitemap is not empty and names each page once."""
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    pages = [p for p in site.rglob("index.html") if p.parent != site / "search"]
    assert len(pages) == len(set(locations))
    assert all(location.startswith("https://ikomodel.invalid/") for location in locations)
    assert "https://ikomodel.invalid/reference/records/" in locations


def test_every_page_shows_the_version(site: Path) -> None:
    """The footer names the version of the documented code."""
    for page in (site / "index.html", site / "reference" / "records" / "index.html"):
        assert f"ikomodel {ikomodel.__version__}" in text(page.read_text("utf-8"))


def test_the_home_page_has_an_install_line(site: Path) -> None:
    """The home page tells how to install the package, before its first example."""
    home = text((site / "index.html").read_text("utf-8"))
    install = home.index("python -m pip install 'ikomodel[cli]'")
    assert install < home.index(">>> import ikomodel")


def code_blocks(site: Path) -> Iterator[tuple[str, str]]:
    """Every Python code block of the site: its page and its text, as a browser has it."""
    block = re.compile(
        r'<div class="language-(?:python|pycon)[ "][^>]*><pre><span></span><code>(.*?)</code>',
        re.S,
    )
    for page in sorted(site.rglob("*.html")):
        for match in block.finditer(page.read_text("utf-8")):
            yield str(page.relative_to(site)), text(match[1])


def copyable(texts: list[str]) -> list[str | None]:
    """What the site's copy script makes of each code block (``None``: copied as shown)."""
    node = shutil.which("node")
    assert node is not None, "the copy-button test needs Node.js"
    script = (ROOT / "docs" / "assets" / "javascripts" / "copy-code.js").read_text("utf-8")
    runner = (
        "const vm = require('vm');"
        "const context = {document$: {subscribe() {}}};"
        "vm.createContext(context);"
        f"vm.runInContext({json.dumps(script)}, context);"
        "const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(texts.map(t => context.copyableCode(t))));"
    )
    run = subprocess.run(
        [node, "-e", runner],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: list[str | None] = json.loads(run.stdout)
    return result


def test_the_copy_button_leaves_out_prompts_and_output(site: Path) -> None:
    """A ``>>>`` example is copied as its code alone; every copied example is valid Python."""
    blocks = list(code_blocks(site))
    copies = copyable([body for _, body in blocks])
    sessions = [
        (page, copy) for (page, body), copy in zip(blocks, copies, strict=True) if copy is not None
    ]
    assert len(sessions) > 50  # the docstrings' and the guides' examples
    assert [] == [page for page, copy in sessions if re.search(r"^(>>>|\.\.\.)", copy, re.M)]
    for page, copy in sessions:
        compile(copy, page, "exec")  # no output line left in
    home = next(copy for page, copy in sessions if page == "index.html")
    assert home == (
        "import ikomodel\n"
        "report = ikomodel.annual_report(ikomodel.example_register(), 2021)\n"
        'report.get("abductions", None, "children")\n'
        "for finding in ikomodel.reconcile(ikomodel.published_figures(2021))[:1]:\n"
        "    print(finding)"
    )


def test_code_without_prompts_is_copied_as_shown() -> None:
    """A block that is not a session has no ``data-copy`` text (Material copies all of it)."""
    assert [None, None] == copyable(["import ikomodel\nikomodel.Register()\n", "x = 1  # >>> y"])


def test_every_page_links_the_repository_it_is_built_with(site: Path) -> None:
    """``IKOMODEL_REPO_URL`` puts the repository link in every page's header (issue 16)."""
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        assert f'href="{REPO_URL}"' in page.read_text("utf-8"), page.relative_to(site)
