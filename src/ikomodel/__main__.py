"""Run the command line with ``python -m ikomodel`` (needs the ``cli`` extra)."""

from ikomodel.cli import main

main()
