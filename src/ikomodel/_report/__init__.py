"""The annual report: tables, report records, aggregation, the ranking of rows, labels.

The report computes from records and rules; it never knows what was
published, what is suppressed, how synthetic data is made or how it is shown.
Its labels, number formats and markers (``labels``) and its one ranking of
rows (``ranking``) are plain data and functions that every rendering uses.
"""
