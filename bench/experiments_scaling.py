"""Experiment: the linear-scaling check for ikomodel alone, lean enough for 1M cases.

``run.py --sizes 10000,100000,1000000`` times every peer too (one at a
time at 1M cases, with only its own copy of the register in memory) and
takes a quarter of an hour or more on a small machine. This script times
only ikomodel's jobs and the orjson floor, one register at a time, and
prints each job's time at the largest size over its time at a tenth of it
(target: at most 12x). Run ``python bench/experiments_scaling.py
[SIZES] [ROUNDS]``, e.g. ``100000,1000000 3``.
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
import peers  # noqa: E402
from run import paused  # noqa: E402

import ikomodel  # noqa: E402

TARGET = 12.0


def measure(n_cases: int, rounds: int, workdir: Path) -> dict[str, float]:
    """Median seconds of each job on a register of ``n_cases`` cases."""
    path = workdir / f"r{n_cases}.jsonl"
    generate.write_jsonl(path, generate.lines(generate.generate(n_cases)))
    gc.collect()
    register = ikomodel.read_register(path)
    out = workdir / "w.jsonl"
    jobs: dict[str, Callable[[], Any]] = {
        "orjson.loads (floor, gc paused)": lambda: paused(peers.orjson_load, path),
        "read_register": lambda: ikomodel.read_register(path),
        "write_register": lambda: ikomodel.write_register(register, out),
        "annual_report": lambda: ikomodel.annual_report(register, generate.YEAR),
        "read_register + annual_report": lambda: ikomodel.annual_report(
            ikomodel.read_register(path), generate.YEAR
        ),
    }
    gc.collect()
    gc.freeze()
    times: dict[str, list[float]] = {name: [] for name in jobs}
    try:
        for _ in range(rounds):
            for name, job in jobs.items():
                gc.collect()
                start = time.perf_counter()
                result = job()
                times[name].append(time.perf_counter() - start)
                del result
    finally:
        gc.unfreeze()
    path.unlink()
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    """Print each job's median per size and the scaling ratio."""
    sizes = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "100000,1000000").split(",")]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="ikomodel-scaling-") as tmp:
        for n_cases in sorted(sizes):
            print(f"== {n_cases:,} cases ...", flush=True)
            results[n_cases] = measure(n_cases, rounds, Path(tmp))
            gc.collect()
    print("| job | " + " | ".join(f"{n:,} cases" for n in sorted(results)) + " | ratio | target |")
    print("|---|" + "---|" * (len(results) + 2))
    big = max(results)
    small = big // 10
    for job in results[big]:
        cells = [f"{results[n][job] * 1000:,.0f} ms" for n in sorted(results)]
        ratio = results[big][job] / results[small][job] if small in results else None
        verdict = "-" if ratio is None else f"{ratio:.1f}x"
        target = "-" if job.startswith("orjson") else f"<= {TARGET:g}x"
        print(f"| {job} | " + " | ".join(cells) + f" | {verdict} | {target} |")


if __name__ == "__main__":
    main()
