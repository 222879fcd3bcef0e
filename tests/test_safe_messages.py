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


def test_country_field_holding_a_birth_date_does_not_echo_it() -> None:
    with pytest.raises(ValidationError) as caught:
        loads_register(_document(',"destination":"2014-07-02"'))
    assert "2014" not in str(caught.value)
    assert "a date is not an ISO 3166-1 alpha-2 country code" in str(caught.value)


def test_long_id_is_not_echoed_whole() -> None:
    long_id = "x" * 10_000
    case = CASE.replace("EXTRA", "").replace('"k-1"', f'"{long_id}"')
    doc = '{"schema_version":1,"cases":[' + case + "," + case + "]}"
    with pytest.raises(ValidationError) as caught:
        loads_register(doc)
    assert long_id not in str(caught.value)
    assert "10000 characters of text" in str(caught.value)


def _chain(error: BaseException | None) -> list[BaseException]:
    chain = []
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    return chain


@pytest.mark.parametrize(
    ("text", "format_"),
    [
        ('{"schema_version":1,"cases":[{"birth_date":"2014-07-02",}]}', "json"),
        ('{"schema_version":1}\n{"birth_date":"2014-07-02",\n', "jsonl"),
        (_document(',"removal_date":"2014-02-30"'), "json"),
        (_document(',"destination":"2014-07-02"'), "json"),
        ('{"schema_version":1}\n{"record":"case","line":"2014-07-02"}\n', "jsonl"),
        ("2014-07-02\ud800", "json"),
    ],
)
def test_exception_chain_carries_no_document_text(text: str, format_: str) -> None:
    with pytest.raises((DocumentError, ValidationError)) as caught:
        loads_register(text, format=format_)  # type: ignore[arg-type]
    for error in _chain(caught.value):
        assert "2014" not in str(error)
        for value in vars(error).values():
            assert "2014" not in str(value)
        assert not hasattr(error, "doc")
