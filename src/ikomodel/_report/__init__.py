"""The annual report: tables, report records, aggregation, relations between figures, labels.

The report computes from records and rules; it never knows what was
published, what is suppressed, how synthetic data is made or how it is shown.
"""
