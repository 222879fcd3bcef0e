"""Disclosure control: small-count suppression of a report, and the exact solver that audits it."""
