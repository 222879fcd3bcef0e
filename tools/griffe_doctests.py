"""A griffe extension that shows the docstrings' ``>>>`` examples as code on the site.

ikomodel's docstrings carry short doctest examples in their text (the test
suite runs them). Griffe's Google parser only recognises examples under an
``Examples:`` heading; elsewhere Markdown would read ``>>>`` as nested block
quotes. This extension wraps each unindented run of doctest lines (a ``>>>``
line up to the next blank line) in a fenced ``pycon`` code block before the
docstring is parsed. It only changes how the site renders the docstrings.
"""

from __future__ import annotations

from typing import Any

import griffe


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
        out.append(line)
    if in_example:
        out.append("```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Wrap the bare doctest examples of every docstring in code fences."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the object's docstring before it is parsed."""
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
