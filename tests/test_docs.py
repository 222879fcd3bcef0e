"""The documentation covers the public API, and its examples are all run.

The examples themselves are collected and run by Sybil (see the root
``conftest.py``); these tests check that none can escape it and that the
README's commands are the ones CI runs.
"""

import importlib
import re
from pathlib import Path

import pytest

import ikomodel

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(?P<lang>[^\s`]*)[^\n]*\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)
NOT_PYTHON = {
    "console",
    "sh",
    "bash",
    "json",
    "text",
    "yaml",
    "toml",
    "csv",
    "html",
    "javascript",
    "mermaid",
}


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def fences(path: Path) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    return [(m["lang"], m["body"]) for m in FENCE.finditer(text)]


SUBMODULES = ["charts", "frames", "testing"]


def documented_names() -> set[str]:
    names: set[str] = set()
    for page in (DOCS / "reference").rglob("*.md"):
        names.update(re.findall(r"^::: ikomodel\.(\w+)\s*$", page.read_text(), re.MULTILINE))
    return names - set(SUBMODULES)


def documented_members(submodule: str) -> set[str]:
    """The names of a submodule's page: its own ``:::`` entries, or its ``members:`` list."""
    text = (DOCS / "reference" / f"{submodule}.md").read_text()
    own = re.findall(rf"^::: ikomodel\.{submodule}\.(\w+)\s*$", text, re.MULTILINE)
    if own:
        return set(own)
    block = text.split(f"::: ikomodel.{submodule}\n", 1)[1].split("members:\n", 1)[1]
    return set(re.findall(r"^ {8}- (\w+)$", block, re.MULTILINE))


def test_every_public_name_is_on_a_reference_page() -> None:
    """Each name in ``ikomodel.__all__`` has a ``::: ikomodel.NAME`` entry in the reference."""
    assert [] == sorted(set(ikomodel.__all__) - documented_names())


def test_reference_documents_only_public_names() -> None:
    """The reference names no top-level attribute that is not public API."""
    assert [] == sorted(documented_names() - set(ikomodel.__all__))


@pytest.mark.parametrize("submodule", SUBMODULES)
def test_every_public_name_of_an_extra_module_is_on_its_page(submodule: str) -> None:
    """The reference page of an optional submodule lists exactly the names in its ``__all__``."""
    module = importlib.import_module(f"ikomodel.{submodule}")
    assert set(module.__all__) == documented_members(submodule)


def test_every_code_block_is_python_or_a_known_other_language() -> None:
    """Every fenced block is ``python`` (run by Sybil) or an explicitly non-Python language.

    A block tagged ``py``, ``pycon`` or left untagged would silently escape the tests.
    """
    escaped = [
        f"{path.relative_to(ROOT)}: ```{lang}"
        for path in markdown_files()
        for lang, _ in fences(path)
        if lang != "python" and lang not in NOT_PYTHON
    ]
    assert [] == escaped


def test_the_docs_have_examples_that_run() -> None:
    """The README and the tutorial hold Python examples (so the Sybil collection is not empty)."""
    assert any(lang == "python" for lang, _ in fences(ROOT / "README.md"))
    assert any(lang == "python" for lang, _ in fences(DOCS / "tutorial" / "first-register.md"))


def test_readme_has_exactly_two_setup_commands() -> None:
    """The README gives exactly two shell commands: the main job, and the test suite."""
    commands = [body.strip() for lang, body in fences(ROOT / "README.md") if lang == "console"]
    expected = [
        "python -m pip install '.[cli]' && ikomodel report",
        "python -m pip install -e '.[test]' && python -m pytest",
    ]
    assert expected == commands


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs the README's test command verbatim, so the two cannot drift apart."""
    commands = [body.strip() for lang, body in fences(ROOT / "README.md") if lang == "console"]
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert any(line == commands[1] or line.startswith(commands[1] + " ||") for line in ci)


def test_changelog_page_includes_the_changelog_instead_of_copying_it() -> None:
    """The site's changelog page is a snippet include of CHANGELOG.md, not a copy."""
    assert '--8<-- "CHANGELOG.md"' == (DOCS / "changelog.md").read_text().strip()


def test_every_command_of_the_command_line_is_on_its_reference_page() -> None:
    """The command-line reference shows the --help of the group and of every subcommand."""
    from ikomodel.cli import cli

    page = (DOCS / "reference" / "cli.md").read_text()
    shown = set(re.findall(r"^<!-- ikomodel-help:\s*([\w-]*)\s*-->$", page, re.MULTILINE))
    assert {"", *cli.commands} == shown
