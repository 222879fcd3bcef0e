"""Synthetic registers: the plan of counts read from published figures, and the builder.

The builder turns a plan of counts into individual, fictitious records.
"""
