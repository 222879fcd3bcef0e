"""Presentation: labelled grids, text, Markdown, CSV and HTML renderings, the top-N ranking.

Everything a face (the command line, frames, charts, Jupyter) shows of a
report passes through here.
"""
