"""The command line reads and writes files only through the library, and fails in one line."""

import ast
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.console import Console

import ikomodel
from ikomodel import Register, example_register, write_register
from ikomodel._wire.files import Format
from ikomodel.cli import LARGE_FILE, cli, read_register_with_progress

SRC = Path(__file__).resolve().parent.parent / "src"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_one_line_error(result: Result, status: int, *fragments: str) -> None:
    lines = result.stderr.splitlines()
    assert (status, 1) == (result.exit_code, len(lines)), result.stderr
    assert lines[0].startswith("ikomodel: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture
def bad_files(tmp_path: Path) -> Path:
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00\x81garbage")
    (tmp_path / "binary.jsonl").write_bytes(b'{"schema_version": 1}\n\xff\xfe\x00\n')
    (tmp_path / "latin1.json").write_bytes(b'{"schema_version": 1, "cases": [{"id": "\xe9"}]}')
    (tmp_path / "register.txt").write_bytes(b'{"schema_version": 1}')
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    return tmp_path


@pytest.mark.parametrize("command", [["validate"], ["report"]])
@pytest.mark.parametrize(
    ("name", "status", "fragment"),
    [
        ("folder.json", 2, "folder.json: is a directory, not a file"),
        ("missing.json", 2, "missing.json: does not exist"),
        ("missing/register.json", 2, "register.json: does not exist"),
        ("binary.json", 1, "binary.json:1:1: invalid JSON"),
        ("binary.jsonl", 1, "binary.jsonl:2:1: invalid JSON"),
        ("latin1.json", 1, "latin1.json:1:"),
        ("register.txt", 1, "register.txt: unknown file suffix '.txt'"),
        ("loop.json", 1, "loop.json: cannot be read"),
        ("x" * 300 + ".json", 1, "cannot be read: File name too long"),
    ],
)
def test_every_read_error_is_one_line(
    bad_files: Path, command: list[str], name: str, status: int, fragment: str
) -> None:
    """Directories, missing, undecodable, unknown files: one line on stderr, never a traceback."""
    assert_one_line_error(run(*command, str(bad_files / name)), status, fragment)


@pytest.mark.parametrize("name", ["binary.jsonl", "folder.json", "register.txt", "missing.json"])
def test_a_figures_file_that_cannot_be_read_is_one_line_naming_it(
    bad_files: Path, name: str
) -> None:
    """`check`, `report --compare` and `synth --figures` fail in one line naming the file.

    `check` lists the problems of a readable file that breaks the figures format (here a
    register) first, each naming the file, all on stderr like the error line (issue 16).
    """
    status = 2 if name in {"folder.json", "missing.json"} else 1
    path = str(bad_files / name)
    for args in (["check", path], ["report", "--compare", path], ["synth", "--figures", path]):
        result = run(*args, *(["-o", "x.json"] if args[0] == "synth" else []))
        if args[0] == "check" and name == "register.txt":
            *problems, last = result.stderr.splitlines()
            assert problems
            assert all(line.startswith(f"{path}: ") for line in problems)
            assert ("", 1) == (result.stdout, result.exit_code)
            assert last.startswith("ikomodel: error: ")
            assert name in last
            continue
        assert_one_line_error(result, status, name)
    result = run("check", str(bad_files / "register.txt"))
    assert "run 'ikomodel validate'" not in result.stderr


def test_a_real_process_reads_an_undecodable_file_without_a_traceback(bad_files: Path) -> None:
    """In a fresh interpreter too: status 1 and one line on stderr."""
    env = os.environ | {"PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-m", "ikomodel", "validate", str(bad_files / "binary.jsonl")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert 1 == done.returncode
    assert 1 == len(done.stderr.splitlines()), done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("suffix", [".JSON", ".Jsonl", ".JSONL"])
def test_suffixes_in_any_case_are_read_and_written(tmp_path: Path, suffix: str) -> None:
    """`synth -o` writes and `validate` reads a register whatever the case of its suffix."""
    path = tmp_path / f"synthetic{suffix}"
    assert 0 == run("synth", "-o", str(path)).exit_code
    register = ikomodel.read_register(path)
    assert len(register.cases) > 4000
    format_: Format = "jsonl" if suffix.lower() == ".jsonl" else "json"
    assert ikomodel.dumps_register(register, format=format_) == path.read_bytes()
    result = run("validate", str(path))
    assert 0 == result.exit_code, result.output
    assert "valid (" in result.stdout


@pytest.mark.parametrize("suffix", [".JSONL", ".Json"])
def test_a_large_register_with_an_upper_case_suffix_loads_with_progress(
    tmp_path: Path, suffix: str
) -> None:
    """The progress bar reads through the library, which chooses the format by the suffix."""
    path = tmp_path / f"large{suffix}"
    write_register(example_register(), path)
    assert path.stat().st_size > LARGE_FILE
    screen = io.StringIO()
    loaded = read_register_with_progress(path, Console(file=screen, force_terminal=True, width=80))
    assert example_register() == loaded
    assert f"reading large{suffix}" in screen.getvalue()


def test_progress_on_a_terminal_keeps_the_reader_s_errors(tmp_path: Path) -> None:
    """A large file the reader refuses fails as without progress (a DocumentError)."""
    path = tmp_path / "large.jsonl"
    path.write_bytes(b'{"schema_version": 1}\n' + b" " * LARGE_FILE + b"\n{\n")
    console = Console(file=io.StringIO(), force_terminal=True, width=80)
    with pytest.raises(ikomodel.DocumentError, match=r"large\.jsonl:3:"):
        read_register_with_progress(path, console)
    assert Register() == read_register_with_progress(
        _empty(tmp_path / "empty.JSON"), Console(file=io.StringIO(), force_terminal=True)
    )


def _empty(path: Path) -> Path:
    write_register(Register(), path)
    return path


def test_the_command_line_uses_no_private_reader() -> None:
    """cli.py imports nothing from the library's files but its internal reading interface."""
    tree = ast.parse((SRC / "ikomodel" / "cli.py").read_text("utf-8"))
    private = [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and "_wire" in node.module
        for alias in node.names
    ]
    assert ["ikomodel._wire.files.read_register_file"] == private
    attributes = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_load")
    }
    assert set() == attributes
