"""Published figures: the figures file format, the bundled publications, reconciliation.

Also the comparison of two reports and the findings reconciliation returns.
"""
