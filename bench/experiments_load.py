"""Experiment: where does the time of loading and writing a JSON Lines register go?

Not part of the benchmark table: it decomposes ``read_register`` and
``write_register`` into their steps, and times candidate fast paths, so the
owners of the reader and the writer see what each step costs next to the
``orjson`` floor. Run ``python bench/experiments_load.py [N_CASES] [ROUNDS]``.
It uses ikomodel internals and may need updating when they change.
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import orjson  # noqa: E402

import ikomodel  # noqa: E402
from ikomodel._core import records as _model  # noqa: E402


def timed(steps: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    """Median seconds of each step, interleaved over ``rounds``."""
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            gc.collect()
            start = time.perf_counter()
            result = step()
            times[name].append(time.perf_counter() - start)
            del result
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    """Print the decomposition for one register size."""
    from ikomodel._wire.mirror import structs

    n_cases = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    data = generate.generate(n_cases, mediation_share=0.01)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.jsonl"
        generate.write_jsonl(path, generate.lines(data))
        raw = path.read_bytes().splitlines()
        docs = [orjson.loads(line) for line in raw[1:]]
        register = ikomodel.read_register(path)
        body = b"".join(path.read_bytes().splitlines(keepends=True)[1:])
        decode_lines = structs().decoder.decode_lines
        to_record, to_struct = structs().to_record, structs().to_struct

        def parse() -> Any:
            enabled = gc.isenabled()
            gc.disable()
            try:
                return parse_gc_on()
            finally:
                if enabled:
                    gc.enable()

        def parse_gc_on() -> Any:
            with path.open("rb") as f:
                return [orjson.loads(line) for line in f]

        def paused(function: Callable[[], Any]) -> Callable[[], Any]:
            def run() -> Any:
                gc.disable()
                try:
                    return function()
                finally:
                    gc.enable()

            return run

        def decode_only() -> Any:
            return decode_lines(body)

        def decode_and_build() -> Any:
            return [to_record[s.__class__](s) for s in decode_lines(body)]

        def case_rules() -> Any:
            return [_model.case_problems(c) for c in register.cases]

        def register_rules() -> Any:
            return ikomodel.Register(
                cases=register.cases,
                contacts=register.contacts,
                mediation_requests=register.mediation_requests,
            )

        out = Path(tmp) / "w.jsonl"

        def structs_only() -> Any:
            return [to_struct[type(r)](r) for r in (*register.cases, *register.contacts)]

        def dumps_floor() -> Any:
            with out.open("wb") as f:
                f.writelines(orjson.dumps(d, option=orjson.OPT_APPEND_NEWLINE) for d in docs)

        def dumps_no_fsync() -> Any:
            out.write_bytes(ikomodel.dumps_register(register, format="jsonl"))

        steps = {
            "orjson.loads per line (floor, gc paused)": parse,
            "orjson.loads per line, gc on": parse_gc_on,
            "read_register (as is)": lambda: ikomodel.read_register(path),
            "read_register, gc left on": lambda: _gc_on(lambda: ikomodel.read_register(path)),
            "msgspec decode_lines into mirror Structs": paused(decode_only),
            "  same, then the attrs records (invariants)": paused(decode_and_build),
            "case_problems() over all cases": case_rules,
            "Register(...) of built records": register_rules,
            "orjson.dumps of dicts to file (floor)": dumps_floor,
            "write_register (as is, with fsync)": lambda: ikomodel.write_register(register, out),
            "dumps_register + write_bytes (no fsync)": dumps_no_fsync,
            "mirror Structs from records only": paused(structs_only),
        }
        gc.collect()
        gc.freeze()  # what the experiment holds is not traversed by the timed steps
        try:
            medians = timed(steps, rounds)
        finally:
            gc.unfreeze()
    floor_load = medians["orjson.loads per line (floor, gc paused)"]
    floor_write = medians["orjson.dumps of dicts to file (floor)"]
    print(f"{n_cases:,} cases, {len(raw):,} lines, median of {rounds} rounds")
    for name, seconds in medians.items():
        floor = (
            floor_write
            if "dump" in name or "write" in name or "from records" in name
            else floor_load
        )
        print(f"{name:45} {seconds * 1000:9.1f} ms  {seconds / floor:5.2f}x floor")


def _gc_on(function: Callable[[], Any]) -> Any:
    original = gc.disable
    gc.disable = lambda: None
    try:
        return function()
    finally:
        gc.disable = original


if __name__ == "__main__":
    main()
