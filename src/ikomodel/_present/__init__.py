"""Presentation: labelled grids, text, Markdown, CSV and HTML renderings of a report.

Everything a face (the command line, frames, charts, Jupyter) shows of a
report passes through here or through the labels, markers and ranking it
takes from the report layer (``_report.labels``, ``_report.ranking``). The
HTML renderers register with the core's display hook (``_core.display``),
so the records show themselves without importing this package.
"""
