"""Rules: reference data, treaty status, classification of cases, privacy.

Pure functions over the core records and the bundled reference data; no file
I/O beyond reading package data, and no knowledge of reports.
"""
