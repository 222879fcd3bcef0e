"""The core: vocabularies, country codes, errors, records, cross-record rules, life cycles.

Also the display hook through which records show themselves as HTML.

The lowest layer: it imports nothing else of ikomodel.
"""
