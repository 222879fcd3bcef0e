"""A griffe extension that renders ikomodel's docstrings well on the site.

Two things in the docstrings are written for the source and ``help()``
rather than for Markdown:

* short doctest examples in the text (the test suite runs them). Griffe's
  Google parser only recognises examples under an ``Examples:`` heading;
  elsewhere Markdown would read ``>>>`` as nested block quotes. Each
  unindented run of doctest lines (a ``>>>`` line up to the next blank line)
  is wrapped in a fenced ``pycon`` code block.
* Sphinx-style cross-references such as ``:func:`~ikomodel.direction```.
  They become links to the reference page of the name (optional ones: a
  name without a page, such as a private module, is shown as code).

It only changes how the site renders the docstrings, never the code.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:func|class|meth|data|attr|mod|exc|obj):`(?P<short>~?)(?P<target>[\w.]+)`")
"""A Sphinx cross-reference role, e.g. ``:func:`~ikomodel.direction```."""


def link_roles(line: str) -> str:
    """Return ``line`` with its Sphinx roles turned into optional autorefs links.

    A target without a package is taken to be a public name of ``ikomodel``.
    """

    def link(match: re.Match[str]) -> str:
        target = match["target"]
        identifier = target if target.startswith("ikomodel") else f"ikomodel.{target}"
        title = target.rsplit(".", 1)[-1] if match["short"] else target
        return f'<autoref identifier="{identifier}" optional><code>{title}</code></autoref>'

    return ROLE.sub(link, line)


def fence_doctests(text: str) -> str:
    """Return ``text`` with every unindented doctest run wrapped in a ``pycon`` fence.

    A run starts at a line beginning with ``>>>`` outside a fenced block and
    ends before the next blank line (or at the end of the text).
    """
    out: list[str] = []
    in_fence = in_example = False
    for line in text.split("\n"):
        if in_example and not line.strip():
            out.append("```")
            in_example = False
        elif not in_example and line.startswith("```"):
            in_fence = not in_fence
        elif not in_example and not in_fence and line.startswith(">>>"):
            out.append("```pycon")
            in_example = True
        elif not in_example and not in_fence:
            line = link_roles(line)  # noqa: PLW2901 - the rewritten line replaces the original
        out.append(line)
    if in_example:
        out.append("```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Fence the bare doctest examples and link the Sphinx roles of every docstring."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the object's docstring before it is parsed."""
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
