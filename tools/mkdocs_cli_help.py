"""A MkDocs hook that puts the command line's own ``--help`` texts into the docs.

A page line ``<!-- ikomodel-help: report -->`` becomes a text block with the
output of ``ikomodel report --help`` (``<!-- ikomodel-help: -->`` for the
top-level help), so the command-line reference is always the help of the code
being documented.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

MARKER = re.compile(r"^<!-- ikomodel-help:\s*(?P<command>[\w-]*)\s*-->$", re.MULTILINE)


def on_config(config: Any, **kwargs: Any) -> Any:
    """Document the checkout's own code: put its ``src`` first on the import path."""
    src = str(Path(config.config_file_path).parent / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    return config


def command_help(command: str) -> str:
    """Return the ``--help`` text of ``ikomodel COMMAND`` (the group's help for ``""``)."""
    from click.testing import CliRunner  # noqa: PLC0415 - after on_config has set the path

    from ikomodel.cli import cli  # noqa: PLC0415

    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(cli, args, prog_name="ikomodel", terminal_width=88)
    if result.exit_code != 0:
        raise RuntimeError(f"ikomodel {' '.join(args)} failed: {result.output}")
    return result.output.rstrip()


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Replace every help marker of a page by the help text it names."""
    return MARKER.sub(lambda m: f"```text\n{command_help(m['command'])}\n```", markdown)
