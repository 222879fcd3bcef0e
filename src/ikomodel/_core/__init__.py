"""The core: vocabularies, country codes, errors, records, cross-record rules, life cycles.

The lowest layer: it imports nothing else of ikomodel.
"""
