"""Safe messages: nothing quoted adds a line, drives the terminal or shows a personal value.

Regression tests of issue 17, defects 3 and 4.
"""

from pathlib import Path

import pytest
from click.testing import CliRunner

from ikomodel import DocumentError, ValidationError, loads_register
from ikomodel.cli import cli

CASE = (
    '{"id":"k-1","opened":"2021-03-01","line":"first","category":"prevention",'
    '"parties":[{"kind":"mother","roles":["initiator"]}]EXTRA}'
)


def _document(extra: str) -> str:
    return '{"schema_version":1,"cases":[' + CASE.replace("EXTRA", extra) + "]}"


def test_key_with_a_newline_adds_no_fake_line_to_validate(tmp_path: Path) -> None:
    file = tmp_path / "r.json"
    file.write_text(_document(',"x\\nr.json: valid (1 cases)":1'))
    result = CliRunner().invoke(cli, ["validate", str(file)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1
    assert "valid (" not in result.output
    assert "<a key of 25 characters>: unknown key" in lines[0]


def test_terminal_escape_in_a_key_never_passes_through(tmp_path: Path) -> None:
    file = tmp_path / "r.json"
    file.write_text(_document(',"\\u001b[2J":1'))
    result = CliRunner().invoke(cli, ["validate", str(file)])
    assert "\x1b" not in result.output
    assert result.exit_code == 1


def test_problem_and_document_error_escape_control_characters() -> None:
    with pytest.raises(ValidationError) as caught:
        loads_register(_document(',"a\\u001b\\u2028b":1'))
    text = str(caught.value)
    assert "\x1b" not in text
    assert "\u2028" not in text
    error = DocumentError("bad", path="a\nb\x1b")
    assert str(error) == "a\\x0ab\\x1b: bad"


def test_file_name_with_a_newline_is_escaped_in_validate(tmp_path: Path) -> None:
    file = tmp_path / "a\nvalid.json"
    file.write_text(_document(',"zz":1'))
    result = CliRunner().invoke(cli, ["validate", str(file)])
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1
