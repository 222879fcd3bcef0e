"""Streaming validation: bounded output, linear time, the same verdict as the reader.

Regression tests of issue 17, defect 8 (item 7 of what to build).
"""

import contextlib
import time
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from ikomodel import ValidationError, dumps_register, example_register, read_register
from ikomodel._wire.files import read_register_file
from ikomodel.cli import cli

CASE = {
    "record": "case",
    "opened": "2021-03-01",
    "line": "first",
    "category": "prevention",
    "parties": [{"kind": "mother", "roles": ["initiator"]}],
}


def _invalid_then_shared_id(path: Path, n: int) -> Path:
    """N invalid cases, then N cases sharing one id: the shape that took quadratic time."""
    with path.open("wb") as f:
        f.write(b'{"schema_version":1}\n')
        bad = orjson.dumps({**CASE, "id": "x", "line": "third"}) + b"\n"
        for i in range(n):
            f.write(bad.replace(b'"x"', f'"bad-{i}"'.encode()))
        same = orjson.dumps({**CASE, "id": "same"}) + b"\n"
        f.write(same * n)
    return path


def _run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["validate", *args])
    return result.exit_code, result.output.splitlines()


def test_validate_prints_at_most_max_problems_and_counts_the_rest(tmp_path: Path) -> None:
    file = _invalid_then_shared_id(tmp_path / "r.jsonl", 50)
    status, lines = _run(str(file), "--max-problems", "5")
    assert status == 1
    assert len(lines) == 6
    assert lines[-1].endswith("and 94 more problems (see --max-problems)")
    status, lines = _run(str(file))
    assert len(lines) == 21  # the default: 20


def test_validate_finds_what_the_reader_finds(tmp_path: Path) -> None:
    file = _invalid_then_shared_id(tmp_path / "r.jsonl", 30)
    try:
        read_register(file)
    except ValidationError as error:
        expected = [(p.line, p.path) for p in error.problems]
    found = read_register_file(file, check=1000)
    assert sorted((p.line, p.path) for p in found.problems) == sorted(expected)
    # The first use of the shared id is named by its index in the document.
    assert "first used at cases[30]" in found.problems[-1].message
    assert found.total == len(expected) == 59


def test_validate_of_a_valid_file_counts_its_records(tmp_path: Path) -> None:
    register = example_register()
    file = tmp_path / "r.jsonl"
    file.write_bytes(dumps_register(register, format="jsonl"))
    status, lines = _run(str(file))
    assert status == 0
    assert lines == [
        f"{file}: valid ({len(register.cases)} cases, {len(register.contacts)} contacts, "
        f"{len(register.mediation_requests)} mediation requests)"
    ]


def test_links_to_cases_later_in_the_file_are_found(tmp_path: Path) -> None:
    text = dumps_register(example_register(), format="jsonl").splitlines(keepends=True)
    header, body = text[0], text[1:]
    file = tmp_path / "r.jsonl"
    file.write_bytes(header + b"".join(reversed(body)))  # contacts before their cases
    assert read_register_file(file, check=20).total == 0


def test_invalid_then_shared_id_is_linear(tmp_path: Path) -> None:
    small = _invalid_then_shared_id(tmp_path / "small.jsonl", 2_000)
    large = _invalid_then_shared_id(tmp_path / "large.jsonl", 8_000)

    def seconds(path: Path) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            with contextlib.suppress(ValidationError):
                read_register(path)
            read_register_file(path, check=20)
            best = min(best, time.perf_counter() - start)
        return best

    # Four times the input: about four times the time (quadratic would be sixteen).
    assert seconds(large) < 8 * seconds(small)


def test_deep_nesting_is_a_library_error_in_every_reader(tmp_path: Path) -> None:
    nested = b'{"record":"case","id":' + b"[" * 1000 + b"]" * 1000 + b"}\n"
    file = tmp_path / "r.jsonl"
    file.write_bytes(b'{"schema_version":1}\n' + nested)
    found = read_register_file(file, check=20)
    assert found.problems[0].path == "cases[0].id"
    assert {p.line for p in found.problems} == {2}
    with pytest.raises(ValidationError) as caught:
        read_register(file)
    assert {p.line for p in caught.value.problems} == {2}
