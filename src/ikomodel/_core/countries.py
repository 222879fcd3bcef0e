"""ISO 3166-1 alpha-2 country codes, from the maintained ``pycountry`` database.

Only the set of valid codes lives here (the ground floor the records need);
display names in Dutch and English are reference data in :mod:`ikomodel._rules.reference`.
"""

from __future__ import annotations

import functools


@functools.cache
def alpha2_codes() -> frozenset[str]:
    """Return every current ISO 3166-1 alpha-2 code known to pycountry.

    >>> "NL" in alpha2_codes(), "XX" in alpha2_codes()
    (True, False)
    """
    import pycountry  # noqa: PLC0415 - loading the database is deferred to first use

    return frozenset(c.alpha_2 for c in pycountry.countries)


def is_alpha2(code: object) -> bool:
    """Return whether ``code`` is a current ISO 3166-1 alpha-2 code (upper case).

    >>> is_alpha2("MA"), is_alpha2("ma"), is_alpha2("MAR")
    (True, False, False)
    """
    return isinstance(code, str) and code in alpha2_codes()
