"""Run every Python example in README.md and docs/ as part of the test suite.

Sybil collects each fenced ``python`` block of the Markdown files: a block of
``>>>`` lines is a doctest whose output is checked, any other block is run as
code. The blocks of one page share a namespace, in page order, so a tutorial
can build on its earlier steps. Each page runs in a fresh temporary working
directory, so examples may read and write files by relative name.
"""

from __future__ import annotations

import datetime
import doctest
import os
import tempfile
from typing import Any

import pytest
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser


def _enter_scratch_directory(namespace: dict[str, Any]) -> None:
    scratch = tempfile.TemporaryDirectory(prefix="ikomodel-docs-")
    namespace["__scratch__"] = (scratch, os.getcwd())
    os.chdir(scratch.name)


def _leave_scratch_directory(namespace: dict[str, Any]) -> None:
    scratch, previous = namespace["__scratch__"]
    os.chdir(previous)
    scratch.cleanup()


pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(
            doctest_optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        ),
    ],
    patterns=["README.md", "docs/*.md", "docs/**/*.md"],
    setup=_enter_scratch_directory,
    teardown=_leave_scratch_directory,
).pytest()


@pytest.fixture(autouse=True)
def _docstring_names(doctest_namespace: dict[str, Any]) -> None:
    """Docstrings write dates as ``dt.date(...)``, as the modules that define them import it.

    Public names report ``ikomodel`` as their module, so their docstring examples
    run in the namespace of ``ikomodel``, which does not import ``datetime``.
    """
    doctest_namespace["dt"] = datetime
