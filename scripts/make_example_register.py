"""Write the bundled synthetic 2021 register (package data) from the published 2021 figures.

Run from the repository root after changing the generator or the published
figures::

    python scripts/make_example_register.py

The test suite checks that the shipped file equals what this script writes.
"""

from pathlib import Path

from ikomodel._synthetic.plan import EXAMPLE_FILE, example_register_bytes

TARGET = Path(__file__).resolve().parent.parent / "src" / "ikomodel" / "data" / EXAMPLE_FILE

if __name__ == "__main__":
    TARGET.write_bytes(example_register_bytes())
    print(
        f"wrote {TARGET.relative_to(Path.cwd()) if TARGET.is_relative_to(Path.cwd()) else TARGET}"
    )
