"""Writes that leave nothing behind, follow symbolic links and keep registers private (issue 17)."""

from __future__ import annotations

import ctypes
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import ikomodel
from ikomodel import DocumentError, Register, published_figures, write_figures, write_register
from ikomodel._wire import files as files_module

# A child process that builds a large register (about 8 MB of JSON Lines) and
# writes it to the file named by argv[1] again and again, or once, stopping in
# the middle of the write, when argv[2] is "stop". argv[3] chooses how the
# temporary file is made: "anonymous" (Linux O_TMPFILE) or "named".
CHILD = textwrap.dedent(
    r"""
    import ctypes, os, sys, time
    from ikomodel import loads_register, write_register
    from ikomodel._wire import files

    path, how, temporary = sys.argv[1], sys.argv[2], sys.argv[3]
    if temporary == "named":
        files._anonymous = lambda directory, mode: None
    elif not LINK_THROUGH_PROC:
        libc = ctypes.CDLL(None, use_errno=True)

        def link(fd, name):
            if libc.linkat(fd, b"", -100, os.fsencode(name), 0x1000) != 0:
                raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), name)

        files._link = link
    case = (
        '{"record":"case","id":"k-%d","opened":"2021-03-01","line":"first",'
        '"category":"general_advice","parties":[{"kind":"mother","roles":["initiator"]}]}'
    )
    text = '{"schema_version":1}\n' + "\n".join(case % i for i in range(40_000)) + "\n"
    register = loads_register(text, format="jsonl")
    if how == "stop":
        def chunks():
            yield text.encode()[: 1 << 20]
            print("writing", flush=True)
            time.sleep(600)
        files.write_file(path, chunks(), private=True)
    else:
        print("writing", flush=True)
        while True:
            write_register(register, path)
    """
)


def _link_through_proc_works(directory: Path) -> bool:
    """Whether this machine names anonymous files through /proc (not in every sandbox)."""
    fd = os.open(directory, os.O_TMPFILE | os.O_WRONLY, 0o600)
    try:
        files_module._link(fd, str(directory / "probe"))
    except OSError:
        return False
    finally:
        os.close(fd)
    os.unlink(directory / "probe")
    return True


def _linkat_works(directory: Path) -> bool:
    """Whether linkat(AT_EMPTY_PATH) names anonymous files here (root, or Linux 6.10+)."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(directory, os.O_TMPFILE | os.O_WRONLY, 0o600)
    try:
        done: bool = libc.linkat(fd, b"", -100, os.fsencode(directory / "probe"), 0x1000) == 0
    finally:
        os.close(fd)
    if done:
        os.unlink(directory / "probe")
    return done


def _temporaries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def _start(tmp_path: Path, path: Path, how: str, temporary: str) -> subprocess.Popen[str]:
    via_proc = _link_through_proc_works(tmp_path)
    if temporary == "anonymous" and not via_proc:
        assert _linkat_works(tmp_path), "no way to name an anonymous file on this machine"
    script = f"LINK_THROUGH_PROC = {via_proc}\n" + CHILD
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(path), how, temporary],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    assert "writing\n" == child.stdout.readline()
    return child


def _kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.stdout is not None
    child.stdout.close()


def _age(directory: Path, seconds: float) -> None:
    """Make every file in ``directory`` look ``seconds`` old."""
    then = time.time() - seconds
    for entry in directory.iterdir():
        os.utime(entry, (then, then), follow_symlinks=False)


@pytest.mark.parametrize("temporary", ["anonymous", "named"])
def test_a_killed_write_leaves_no_copy_of_the_register_after_the_next_write(
    tmp_path: Path, temporary: str
) -> None:
    """Defect: a killed write left a full temporary copy that no later write removed.

    Each kill lands anywhere in a loop of writes of a large register; the
    register file is always whole, and the next write (once leftovers are
    stale) leaves the register file alone in its directory.
    """
    path = tmp_path / "register.jsonl"
    write_register(Register(), path)
    rng = random.Random(17)
    for _ in range(4):
        child = _start(tmp_path, path, "loop", temporary)
        time.sleep(rng.uniform(0.0, 0.5))
        _kill(child)
        assert len(ikomodel.read_register(path).cases) in {0, 40_000}
    _age(tmp_path, files_module.STALE_AFTER + 60)
    write_register(Register(), path)
    assert ["register.jsonl"] == os.listdir(tmp_path)


def test_an_anonymous_write_killed_mid_write_leaves_nothing_behind(tmp_path: Path) -> None:
    """With O_TMPFILE, a write killed halfway leaves no file at all, even before the next write."""
    path = tmp_path / "register.jsonl"
    write_register(Register(), path)
    for _ in range(2):
        _kill(_start(tmp_path, path, "stop", "anonymous"))
        assert ["register.jsonl"] == os.listdir(tmp_path)
    assert Register() == ikomodel.read_register(path)


def test_leftovers_of_killed_writes_are_swept_once_stale_and_nothing_else(tmp_path: Path) -> None:
    """Without anonymous files, the next write sweeps stale leftovers of ikomodel's naming only."""
    path = tmp_path / "register.jsonl"
    write_register(Register(), path)
    for _ in range(2):
        _kill(_start(tmp_path, path, "stop", "named"))
    leftovers = _temporaries(tmp_path)
    assert 2 == len(leftovers)
    assert all(name.startswith(".register.jsonl.ikomodel-") for name in leftovers)
    assert all(os.path.getsize(tmp_path / name) >= 1 << 20 for name in leftovers)
    write_register(Register(), path)
    assert leftovers == _temporaries(tmp_path)  # fresh: maybe a write in progress
    others = [
        ".register.jsonl.tmp",  # not ikomodel's pattern
        "notes.ikomodel-0123456789ab.tmp",  # not hidden
        ".other.json.ikomodel-0123456789ab.tmp.bak",
        ".other.json.0123abcd.tmp",  # an earlier release's name, for another target
    ]
    for name in others:
        (tmp_path / name).write_bytes(b"keep")
    (tmp_path / ".dir.ikomodel-0123456789ab.tmp").mkdir()
    (tmp_path / ".register.jsonl.89abcdef.tmp").write_bytes(b"an earlier release's leftover")
    _age(tmp_path, files_module.STALE_AFTER + 60)
    write_register(Register(), path)
    assert sorted(["register.jsonl", ".dir.ikomodel-0123456789ab.tmp", *others]) == sorted(
        os.listdir(tmp_path)
    )


def test_a_symlink_to_a_regular_file_is_written_through(tmp_path: Path) -> None:
    """Defect: a write replaced the symlink; now the link stays and its target is replaced."""
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "register.json"
    write_register(Register(), target)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    chain = tmp_path / "chain.json"
    chain.symlink_to(link)
    register = _register()
    write_register(register, chain)
    assert chain.is_symlink()
    assert link.is_symlink()
    assert register == ikomodel.read_register(target)
    assert 0o600 == stat.S_IMODE(target.stat().st_mode)
    assert ["chain.json", "data", "link.json"] == sorted(os.listdir(tmp_path))
    assert ["register.json"] == os.listdir(tmp_path / "data")


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    """A link to a file not there yet is written through too: the target is created, private."""
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "new.json")
    write_register(Register(), link)
    assert link.is_symlink()
    assert 0o600 == stat.S_IMODE((tmp_path / "new.json").stat().st_mode)


def _register() -> Register:
    return ikomodel.loads_register(
        '{"schema_version": 1, "cases": [{"id": "k-1", "opened": "2021-03-01", "line": "first",'
        ' "category": "general_advice", "parties": [{"kind": "mother", "roles": ["initiator"]}]}]}'
    )


@pytest.fixture
def special_files(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "dev-null.json").symlink_to("/dev/null")
    (tmp_path / "to-fifo.json").symlink_to(tmp_path / "fifo.json")
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "to-folder.json").symlink_to(tmp_path / "folder.json")
    return tmp_path


@pytest.mark.parametrize(
    "name", ["dev-null.json", "fifo.json", "to-fifo.json", "folder.json", "to-folder.json"]
)
def test_a_path_that_is_not_a_regular_file_is_refused_before_anything_is_written(
    special_files: Path, name: str
) -> None:
    """Defect: a link to /dev/null was renamed over, leaving a world-writable register file."""
    before = sorted(os.listdir(special_files))
    kinds = {n: os.lstat(special_files / n).st_mode for n in before}
    writes: tuple[Callable[[], None], ...] = (
        lambda: write_register(_register(), special_files / name),
        lambda: write_figures(published_figures(2021), special_files / name),
    )
    for write in writes:
        with pytest.raises(DocumentError) as info:
            write()
        assert info.value.path == str(special_files / name)
        assert "not a regular file" in str(info.value)
    assert before == sorted(os.listdir(special_files))
    assert kinds == {n: os.lstat(special_files / n).st_mode for n in before}
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlink_loop_is_a_document_error(tmp_path: Path) -> None:
    """A link that points at itself cannot be written through: DocumentError naming it."""
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    with pytest.raises(DocumentError, match=r"loop\.json: cannot write the file"):
        write_register(Register(), loop)
    assert ["loop.json"] == os.listdir(tmp_path)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (0o644, 0o600),  # readable by others: made owner-only
        (0o666, 0o600),
        (0o4755, 0o600),  # setuid and world bits
        (0o2640, 0o640),  # setgid dropped; shared with the group only: kept
        (0o1660, 0o660),  # sticky dropped
        (0o6700, 0o600),  # setuid, setgid and the execute bit dropped
        (0o600, 0o600),
    ],
)
def test_a_replaced_register_keeps_no_special_bits_and_no_access_for_others(
    tmp_path: Path, before: int, after: int
) -> None:
    """Defect: an existing file's setuid or world-readable mode was kept for a register."""
    path = tmp_path / "register.json"
    path.write_bytes(b"")
    path.chmod(before)
    write_register(_register(), path)
    assert after == stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    ("before", "after"), [(0o4644, 0o644), (0o2664, 0o664), (0o1644, 0o644), (0o640, 0o640)]
)
def test_a_replaced_figures_file_keeps_its_mode_without_special_bits(
    tmp_path: Path, before: int, after: int
) -> None:
    """Figures hold no personal data: a replaced file keeps its mode, less any special bits."""
    path = tmp_path / "figures.json"
    path.write_bytes(b"")
    path.chmod(before)
    write_figures(published_figures(2021), path)
    assert after == stat.S_IMODE(path.stat().st_mode)


def test_a_register_written_through_a_link_to_a_shared_file_becomes_private(
    tmp_path: Path,
) -> None:
    """The permissions checked are the target's: a world-readable target becomes owner-only."""
    target = tmp_path / "shared.json"
    target.write_bytes(b"")
    target.chmod(0o644)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_register(_register(), link)
    assert 0o600 == stat.S_IMODE(target.stat().st_mode)
    assert link.is_symlink()
