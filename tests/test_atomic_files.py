"""Every file ikomodel writes is written atomically, by one function."""

import os
from pathlib import Path
from typing import Any

import pytest

import ikomodel
from ikomodel import DocumentError, Register, published_figures, read_figures, write_figures
from ikomodel._published import figures as figures_module
from ikomodel._wire import files as io_module


def test_a_failed_figures_write_leaves_the_earlier_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing figures is atomic: when it fails halfway, the old file is intact."""
    path = tmp_path / "figures.json"
    write_figures(published_figures(2020), path)
    before = path.read_bytes()

    def fail_halfway(stream: Any, chunks: Any) -> None:
        stream.write(next(iter(chunks))[:100])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(io_module, "_write_all", fail_halfway)
    with pytest.raises(DocumentError, match="No space left"):
        write_figures(published_figures(2021), path)
    assert before == path.read_bytes()
    assert ["figures.json"] == os.listdir(tmp_path)
    monkeypatch.undo()
    write_figures(published_figures(2021), path)
    assert published_figures(2021) == read_figures(path)


def test_figures_and_registers_are_written_through_the_one_atomic_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both writers hand their text to ``write_file``; only registers are kept private."""
    calls: list[tuple[str, bool]] = []
    original = io_module.write_file

    def spy(path: Any, chunks: Any, *, private: bool) -> None:
        calls.append((Path(path).name, private))
        original(path, chunks, private=private)

    monkeypatch.setattr(io_module, "write_file", spy)
    monkeypatch.setattr(figures_module, "write_file", spy)
    ikomodel.write_register(Register(), tmp_path / "register.jsonl")
    write_figures(published_figures(2021), tmp_path / "figures.json")
    assert [("register.jsonl", True), ("figures.json", False)] == calls


def test_a_new_figures_file_follows_the_umask_and_a_replaced_one_keeps_its_mode(
    tmp_path: Path,
) -> None:
    """Figures hold no personal data: a new file is as readable as the umask allows."""
    umask = os.umask(0o022)
    try:
        new = tmp_path / "new.json"
        write_figures(published_figures(2021), new)
        assert 0o644 == new.stat().st_mode & 0o777
        register = tmp_path / "register.json"
        ikomodel.write_register(Register(), register)
        assert 0o600 == register.stat().st_mode & 0o777
        new.chmod(0o640)
        write_figures(published_figures(2020), new)
        assert 0o640 == new.stat().st_mode & 0o777
    finally:
        os.umask(umask)


def test_a_figures_file_that_cannot_be_written_is_a_document_error(tmp_path: Path) -> None:
    """A missing directory fails with DocumentError naming the file, as for registers."""
    with pytest.raises(DocumentError, match=r"figures\.json: cannot write the file"):
        write_figures(published_figures(2021), tmp_path / "nowhere" / "figures.json")
    assert [] == os.listdir(tmp_path)
