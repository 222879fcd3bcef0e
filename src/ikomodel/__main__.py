"""Run the command line with ``python -m ikomodel`` (needs the ``cli`` extra)."""

import sys

from ikomodel._core.errors import MissingExtraError

try:
    from ikomodel.cli import main
except MissingExtraError as error:  # pragma: no cover - the cli extra is installed in the tests
    sys.exit(f"ikomodel: error: {error}")

main()
