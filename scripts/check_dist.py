"""Check a built wheel and sdist: every file of the package, its data and its metadata.

Run from the repository root after ``python -m build --outdir DIST .``::

    python scripts/check_dist.py DIST/ikomodel-*.whl DIST/ikomodel-*.tar.gz

A wheel must hold exactly the files of ``src/ikomodel`` (every subpackage,
the package data under ``data/`` and ``schemas/``, ``py.typed``) besides its
``.dist-info``, with the version of the checkout, the ``ikomodel`` command and
the licence; an sdist must hold every file of ``src/ikomodel`` and what a
wheel is built from. Each problem is printed; the exit status is 1 if there
is any.
"""

from __future__ import annotations

import re
import sys
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "ikomodel"
REQUIRED = (
    "ikomodel/py.typed",
    "ikomodel/data/register-2021.json",
    "ikomodel/data/published/2021.json",
    "ikomodel/schemas/register.schema.json",
)
"""Files whose absence is the usual packaging mistake (named so a message says which)."""
SDIST_FILES = ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md")


def package_files() -> set[str]:
    """The files of the package in the checkout, as ``ikomodel/...`` paths."""
    return {
        "ikomodel/" + path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def version() -> str:
    """``ikomodel.__version__`` as written in the checkout."""
    text = (PACKAGE / "__init__.py").read_text("utf-8")
    match = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    assert match is not None, "src/ikomodel/__init__.py sets no __version__"
    return match[1]


def expected_files() -> list[str]:
    """The files every distribution must carry: the required ones, each subpackage, all data."""
    pattern = re.compile(r"^ikomodel/(?:data/.+|schemas/[^/]+|[^/]+/__init__\.py)$")
    return [*REQUIRED, *sorted(name for name in package_files() if pattern.match(name))]


def wheel_problems(wheel: Path) -> list[str]:
    """Return what is wrong with ``wheel`` (nothing: an empty list)."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"ikomodel-{version()}.dist-info"
        read = {name: archive.read(name).decode() for name in names if name.startswith(info)}
    problems = [f"{wheel.name}: missing {name}" for name in expected_files() if name not in names]
    shipped = {name for name in names if not name.startswith(info)}
    problems += [f"{wheel.name}: missing {name}" for name in sorted(package_files() - shipped)]
    problems += [f"{wheel.name}: unexpected {name}" for name in sorted(shipped - package_files())]
    metadata = read.get(f"{info}/METADATA")
    if metadata is None:
        return [*problems, f"{wheel.name}: no {info}/METADATA (is the version {version()}?)"]
    headers = HeaderParser().parsestr(metadata)
    for header, value in (
        ("Name", "ikomodel"),
        ("Version", version()),
        ("License-Expression", "MIT"),
        ("Description-Content-Type", "text/markdown"),
    ):
        if headers[header] != value:
            problems.append(
                f"{wheel.name}: METADATA {header} is {headers[header]!r}, not {value!r}"
            )
    if "ikomodel = ikomodel.cli:main" not in read.get(f"{info}/entry_points.txt", ""):
        problems.append(f"{wheel.name}: no `ikomodel` command in entry_points.txt")
    if f"{info}/licenses/LICENSE" not in read:
        problems.append(f"{wheel.name}: missing {info}/licenses/LICENSE")
    return problems


def sdist_problems(sdist: Path) -> list[str]:
    """Return what is wrong with ``sdist`` (nothing: an empty list)."""
    prefix = f"ikomodel-{version()}/"
    with tarfile.open(sdist) as archive:
        names = {member.name.removeprefix(prefix) for member in archive.getmembers()}
    wanted = [*SDIST_FILES, *(f"src/{name}" for name in sorted(package_files()))]
    return [f"{sdist.name}: missing {name}" for name in wanted if name not in names]


def main(paths: list[str]) -> int:
    """Check each wheel (``.whl``) and sdist (``.tar.gz``) given; return the exit status."""
    problems = []
    for path in map(Path, paths):
        problems += wheel_problems(path) if path.suffix == ".whl" else sdist_problems(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not paths:
        print("usage: check_dist.py WHEEL_OR_SDIST...", file=sys.stderr)
    return 1 if problems or not paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
