"""Time `ikomodel validate` on hostile shapes of input, to show that it is linear.

Usage::

    python bench/hostile.py                  # each shape at 1, 2 and 4 MB
    python bench/hostile.py --sizes 2,4,8    # sizes in MB
    python bench/hostile.py --formats json   # only the .json shapes

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
before issue 17. The same shapes as one ``.json`` document (where the records
are checked one at a time as the document is parsed), and two of its own:
links before their cases (contacts first, then the cases they name) and many
unknown keys at the top of the document.
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


def _document(size: int, record: Callable[[int], bytes], collection: bytes = b"cases") -> bytes:
    parts = [b'{"schema_version":1,"' + collection + b'":[']
    total, i = len(parts[0]), 0
    while total < size:
        part = (b"," if i else b"") + record(i)
        parts.append(part)
        total += len(part)
        i += 1
    parts.append(b"]}\n")
    return b"".join(parts)


_JSON_CASE = {k: v for k, v in CASE.items() if k != "record"}


def json_valid(size: int) -> bytes:
    return _document(size, lambda i: orjson.dumps({**_JSON_CASE, "id": f"k-{i}"}))


def json_deep(size: int) -> bytes:
    depth = 1000
    nested = b'{"id":' + b"[" * depth + b"]" * depth + b"}"
    return _document(size, lambda i: nested)


def json_long_string(size: int) -> bytes:
    return _document(size, lambda i: orjson.dumps({**_JSON_CASE, "id": "x" * size}))


def json_many_keys(size: int) -> bytes:
    keys = b",".join(b'"k%d":%d' % (i, i) for i in range(size // 12))
    return b'{"schema_version":1,"cases":[{' + keys + b"}]}\n"


def json_many_problems(size: int) -> bytes:
    return _document(size, lambda i: orjson.dumps({**_JSON_CASE, "id": f"k-{i}", "line": "third"}))


def json_invalid_then_shared_id(size: int) -> bytes:
    bad = orjson.dumps({**_JSON_CASE, "line": "third", "id": "bad"})
    same = orjson.dumps({**_JSON_CASE, "id": "same"})
    n = size // (len(bad) + len(same) + 2)
    return b'{"schema_version":1,"cases":[' + b",".join([bad] * n + [same] * n) + b"]}\n"


def json_links_first(size: int) -> bytes:
    contact = (
        b'{"id":"c-%d","on":"2021-03-01","channel":"telephone","client":"mother","case_id":"k-%d"}'
    )
    n = size // (len(contact) + 120)
    contacts = b",".join(contact % (i, i) for i in range(n))
    cases = b",".join(orjson.dumps({**_JSON_CASE, "id": f"k-{i}"}) for i in range(n))
    return b'{"contacts":[' + contacts + b'],"cases":[' + cases + b'],"schema_version":1}\n'


def json_unknown_keys(size: int) -> bytes:
    keys = b",".join(b'"u%d":[{"a":%d}]' % (i, i) for i in range(size // 16))
    return b'{"schema_version":1,' + keys + b"}\n"


SHAPES: dict[str, Callable[[int], bytes]] = {
    "valid cases": valid,
    "deep nesting": deep,
    "one long line": long_line,
    "many keys": many_keys,
    "many problems": many_problems,
    "invalid, then one id": invalid_then_shared_id,
}

JSON_SHAPES: dict[str, Callable[[int], bytes]] = {
    "valid cases": json_valid,
    "deep nesting": json_deep,
    "one long string": json_long_string,
    "many keys": json_many_keys,
    "many problems": json_many_problems,
    "invalid, then one id": json_invalid_then_shared_id,
    "links before their cases": json_links_first,
    "many unknown keys": json_unknown_keys,
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
    parser.add_argument("--formats", default="jsonl,json", help="jsonl, json or both")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = {"jsonl": SHAPES, "json": JSON_SHAPES}
    print("| format | shape | MB | seconds | s per MB | peak MB per MB | verdict |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for format_ in args.formats.split(","):
            for name, shape in formats[format_].items():
                for mb in sizes:
                    data = shape(mb * MB)
                    path = Path(tmp) / f"hostile.{format_}"
                    path.write_bytes(data)
                    seconds, peak, verdict = _check(path, memory=args.memory)
                    real = len(data) / MB
                    print(
                        f"| {format_} | {name} | {real:.1f} | {seconds:.2f} "
                        f"| {seconds / real:.3f} | {peak / MB / real:.2f} | {verdict} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
