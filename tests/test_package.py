"""The package as it is installed: what the tests import, its data, and the distribution check.

``.ci/run`` builds the wheel, installs it (not editable) in a fresh virtual
environment and runs this module there with ``IKOMODEL_TEST_WHEEL=1``,
together with the tests that read the package's data; in the checkout the
tests import ``src/ikomodel``.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import os
import pkgutil
import tarfile
import types
import zipfile
from importlib import resources
from pathlib import Path

import pytest

import ikomodel

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {
    "_core",
    "_rules",
    "_wire",
    "_report",
    "_published",
    "_disclosure",
    "_present",
    "_synthetic",
}


def test_the_tests_import_the_package_they_mean_to_test() -> None:
    """The checkout's tests import ``src/ikomodel``; the wheel run imports the installed wheel."""
    location = Path(ikomodel.__file__).resolve().parent
    if os.environ.get("IKOMODEL_TEST_WHEEL") == "1":
        assert not location.is_relative_to(ROOT)
        assert "site-packages" in location.parts
    else:
        assert (ROOT / "src" / "ikomodel") == location


def test_every_layer_is_a_subpackage_that_imports() -> None:
    """Each layer of the architecture is in the package and imports."""
    found = {module.name for module in pkgutil.iter_modules(ikomodel.__path__) if module.ispkg}
    assert LAYERS == found
    for name in sorted(LAYERS):
        importlib.import_module(f"ikomodel.{name}")


def test_the_package_data_is_there() -> None:
    """The marker for type checkers, the JSON Schemas and the data files are package resources."""
    package = resources.files("ikomodel")
    assert package.joinpath("py.typed").is_file()
    for name in ("register.schema.json", "register-line.schema.json", "figures.schema.json"):
        assert package.joinpath("schemas", name).read_text("utf-8").startswith("{")
    for name in ("countries.csv", "hague1980-parties.csv", "register-2021.json"):
        assert package.joinpath("data", name).is_file()


def test_the_bundled_data_loads() -> None:
    """The example register, the published 2021 figures and the treaty table load and agree."""
    report = ikomodel.annual_report(ikomodel.example_register(), 2021)
    published = ikomodel.published_figures(2021)
    assert published.get("abductions", None, "children") == report.get(
        "abductions", None, "children"
    )
    assert ikomodel.hague_parties().lookup("MA").code == "MA"


# --- scripts/check_dist.py -----------------------------------------------------------


def _check_dist() -> types.ModuleType:
    path = ROOT / "scripts" / "check_dist.py"
    spec = importlib.util.spec_from_file_location("check_dist", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHECK = _check_dist()
VERSION = ikomodel.__version__
INFO = f"ikomodel-{VERSION}.dist-info"
METADATA = (
    f"Metadata-Version: 2.4\nName: ikomodel\nVersion: {VERSION}\n"
    "License-Expression: MIT\nDescription-Content-Type: text/markdown\n\n# ikomodel\n"
)


def write_wheel(path: Path, *, leave_out: str = "", add: str = "") -> Path:
    """Write a wheel of the checkout's package files, less ``leave_out``, plus ``add``."""
    with zipfile.ZipFile(path, "w") as wheel:
        for name in sorted(CHECK.package_files()):
            if name != leave_out:
                wheel.writestr(name, "")
        if add:
            wheel.writestr(add, "")
        wheel.writestr(f"{INFO}/METADATA", METADATA)
        wheel.writestr(
            f"{INFO}/entry_points.txt", "[console_scripts]\nikomodel = ikomodel.cli:main\n"
        )
        wheel.writestr(f"{INFO}/licenses/LICENSE", "MIT License\n")
    return path


def test_check_dist_passes_a_complete_wheel(tmp_path: Path) -> None:
    """A wheel with every package file and the metadata has no problem."""
    assert [] == CHECK.wheel_problems(write_wheel(tmp_path / "ok.whl"))


@pytest.mark.parametrize(
    "name",
    [
        "ikomodel/data/published/2021.json",
        "ikomodel/schemas/figures.schema.json",
        "ikomodel/py.typed",
        "ikomodel/_synthetic/__init__.py",
    ],
)
def test_check_dist_names_a_missing_file(tmp_path: Path, name: str) -> None:
    """A wheel without a data file, a schema, ``py.typed`` or a subpackage fails, naming it."""
    problems = CHECK.wheel_problems(write_wheel(tmp_path / "bad.whl", leave_out=name))
    assert f"bad.whl: missing {name}" in problems


def test_check_dist_names_a_stray_file(tmp_path: Path) -> None:
    """A wheel with a file the package does not have fails (e.g. a test or a cache file)."""
    problems = CHECK.wheel_problems(write_wheel(tmp_path / "bad.whl", add="ikomodel/x.pyc"))
    assert ["bad.whl: unexpected ikomodel/x.pyc"] == problems


def test_check_dist_reads_the_sdist(tmp_path: Path) -> None:
    """An sdist needs the project files and every package file under ``src/``."""
    sdist = tmp_path / f"ikomodel-{VERSION}.tar.gz"
    with tarfile.open(sdist, "w:gz") as archive:
        for name in [*CHECK.SDIST_FILES, *(f"src/{n}" for n in CHECK.package_files())]:
            if name != "LICENSE":
                member = tarfile.TarInfo(f"ikomodel-{VERSION}/{name}")
                archive.addfile(member, io.BytesIO(b""))
    assert [f"{sdist.name}: missing LICENSE"] == CHECK.sdist_problems(sdist)
