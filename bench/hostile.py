"""Time `ikomodel validate` on hostile shapes of input, to show that it is linear.

Usage::

    python bench/hostile.py                  # each shape at 1, 2 and 4 MB
    python bench/hostile.py --sizes 2,4,8    # sizes in MB

Each shape is written at every size to a temporary directory and checked by
the command line's reader (``read_register_file(path, check=20)``, what
``ikomodel validate`` runs). The report prints the time per MB of each size:
linear time keeps it flat as the size doubles (a quadratic shape would
double it), and with ``--memory`` the peak memory traced (``tracemalloc``)
per MB.

Shapes: valid cases; deep nesting (arrays 1,000 deep, the most the parsers
read); one very long line (a single record with a huge id); many keys (one
object with a key per few bytes); many problems (every line invalid); and N
invalid cases followed by N cases sharing one id, which took quadratic time
before issue 17.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ikomodel import DocumentError
from ikomodel._wire.files import read_register_file

MB = 1 << 20
HEADER = b'{"schema_version":1}\n'
CASE = {
    "record": "case",
    "opened": "2021-03-01",
    "line": "first",
    "category": "prevention",
    "parties": [{"kind": "mother", "roles": ["initiator"]}],
}


def _lines(size: int, line: Callable[[int], bytes]) -> bytes:
    parts = [HEADER]
    total, i = len(HEADER), 0
    while total < size:
        part = line(i)
        parts.append(part)
        total += len(part)
        i += 1
    return b"".join(parts)


def valid(size: int) -> bytes:
    return _lines(size, lambda i: orjson.dumps({**CASE, "id": f"k-{i}"}) + b"\n")


def deep(size: int) -> bytes:
    depth = 1000
    nested = b'{"record":"case","id":' + b"[" * depth + b"]" * depth + b"}\n"
    return _lines(size, lambda i: nested)


def long_line(size: int) -> bytes:
    return HEADER + orjson.dumps({**CASE, "id": "x" * size}) + b"\n"


def many_keys(size: int) -> bytes:
    keys = b",".join(b'"k%d":%d' % (i, i) for i in range(size // 12))
    return HEADER + b'{"record":"case",' + keys + b"}\n"


def many_problems(size: int) -> bytes:
    return _lines(size, lambda i: orjson.dumps({**CASE, "id": f"k-{i}", "line": "third"}) + b"\n")


def invalid_then_shared_id(size: int) -> bytes:
    bad = orjson.dumps({**CASE, "line": "third", "id": "bad"}) + b"\n"
    same = orjson.dumps({**CASE, "id": "same"}) + b"\n"
    n = size // (len(bad) + len(same))
    return HEADER + bad * n + same * n


SHAPES: dict[str, Callable[[int], bytes]] = {
    "valid cases": valid,
    "deep nesting": deep,
    "one long line": long_line,
    "many keys": many_keys,
    "many problems": many_problems,
    "invalid, then one id": invalid_then_shared_id,
}


def _check(path: Path, *, memory: bool) -> tuple[float, int, str]:
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        found = read_register_file(path, check=20)
        verdict = f"{found.total} problems"
    except DocumentError as error:
        verdict = f"refused: {str(error).split(': ', 1)[-1][:40]}"
    seconds = time.perf_counter() - start
    peak = 0
    if memory:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return seconds, peak, verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4", help="file sizes in MB")
    parser.add_argument(
        "--memory", action="store_true", help="trace the peak memory (slows every run down)"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| shape | MB | seconds | s per MB | peak MB per MB | verdict |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, shape in SHAPES.items():
            for mb in sizes:
                data = shape(mb * MB)
                path = Path(tmp) / "hostile.jsonl"
                path.write_bytes(data)
                seconds, peak, verdict = _check(path, memory=args.memory)
                real = len(data) / MB
                print(
                    f"| {name} | {real:.1f} | {seconds:.2f} | {seconds / real:.3f} "
                    f"| {peak / MB / real:.2f} | {verdict} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
