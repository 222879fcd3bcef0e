"""Read a JSON Lines register of many cases and report the memory it takes.

Usage::

    python bench/stream_memory.py            # one million cases
    python bench/stream_memory.py --cases 100000 --trace

The file is written line by line (never held in memory), then read with
``ikomodel.read_register``. The script prints the file size, the time, the
peak resident memory of the process, and with ``--trace`` the memory
allocated while reading beyond what the finished register keeps (the reader's
own overhead, measured with tracemalloc; slow for a million cases).
A streaming reader keeps that overhead far below the file size; reading the
same register as one JSON document needs the whole text and its parsed tree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import resource
import sys
import tempfile
import time
import tracemalloc

import orjson

from ikomodel import read_register

START = dt.date(2021, 1, 1)


def write_cases(path: pathlib.Path, count: int) -> None:
    """Write a JSON Lines register of ``count`` valid second-line prevention cases."""
    with path.open("wb") as stream:
        stream.write(orjson.dumps({"schema_version": 1}) + b"\n")
        for i in range(count):
            opened = START + dt.timedelta(days=i % 365)
            record = {
                "record": "case",
                "id": f"k-{i:07d}",
                "opened": opened.isoformat(),
                "line": "second",
                "category": "prevention",
                "parties": [{"kind": "mother", "roles": ["initiator"]}],
                "children": [{"id": "c-1", "birth_date": f"2014-01-{1 + i % 28:02d}"}],
                "destination": "MA",
            }
            stream.write(orjson.dumps(record) + b"\n")


def peak_rss_mib() -> float:
    """The peak resident memory of this process so far, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--trace", action="store_true", help="measure the reader's overhead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = pathlib.Path(directory) / "register.jsonl"
        write_cases(path, args.cases)
        size = path.stat().st_size
        print(f"cases:                {args.cases:,}")
        print(f"file size:            {size / 2**20:,.1f} MiB")
        print(f"peak RSS before read: {peak_rss_mib():,.1f} MiB")
        if args.trace:
            tracemalloc.start()
        begin = time.perf_counter()
        register = read_register(path)
        seconds = time.perf_counter() - begin
        if args.trace:
            kept, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"register kept:        {kept / 2**20:,.1f} MiB")
            print(
                f"reader overhead:      {(peak - kept) / 2**20:,.1f} MiB "
                f"({(peak - kept) / size:.0%} of the file)"
            )
        print(f"read time:            {seconds:,.1f} s ({len(register.cases):,} cases)")
        print(f"peak RSS after read:  {peak_rss_mib():,.1f} MiB")


if __name__ == "__main__":
    main()
