"""Repeat one job of ikomodel N times after a warm-up, for counting instructions.

Timings move with the machine and its load; the number of instructions a job
executes does not (within a fraction of a per cent). Run this twice under
valgrind's cachegrind, with N = 0 and N = 3, and divide the difference by 3::

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        python bench/instructions.py read REGISTER.jsonl 3

The warm-up reads the register and computes its report once, so that what
happens once per process (imports, the generated code of the fast path, the
country list) is in both runs and cancels out. Jobs: ``read``
(``read_register``), ``report`` (``annual_report`` of the register's last
year), ``write`` (``write_register`` into a temporary directory). The cyclic
garbage collector is paused throughout, as ``read_register`` does during a
load, so that no collection falls into one run and not the other.
"""

from __future__ import annotations

import gc
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import ikomodel  # noqa: E402

JOBS = ("read", "report", "write")


def main(argv: list[str]) -> int:
    """Warm up, then run the job ``argv[0]`` on register ``argv[1]`` ``argv[2]`` times."""
    if len(argv) != 3 or argv[0] not in JOBS or not argv[2].isdigit():
        print(f"usage: instructions.py {{{','.join(JOBS)}}} REGISTER N", file=sys.stderr)
        return 2
    job, path, times = argv[0], argv[1], int(argv[2])
    register = ikomodel.read_register(path)
    year = max(case.opened.year for case in register.cases)
    ikomodel.annual_report(register, year)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / Path(path).name
        ikomodel.write_register(register, target)
        gc.disable()
        for _ in range(times):
            if job == "read":
                ikomodel.read_register(path)
            elif job == "report":
                ikomodel.annual_report(register, year)
            else:
                ikomodel.write_register(register, target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
