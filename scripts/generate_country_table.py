"""Regenerate ``src/ikomodel/data/countries.csv``: ISO codes with Dutch and English names.

Codes and English names come from pycountry, Dutch names from babel (CLDR).
The table is frozen into package data so that ikomodel needs neither library
to print a name, and so that a library upgrade that renames a country shows up
as a failing test (``tests/test_reference.py``) instead of a silent change.

Where the library name is awkward for Centrum IKO's reports, an override with
its reason is written to the ``nl_override`` / ``en_override`` column.

Usage (from the repository root, with the ``test`` extra installed)::

    python scripts/generate_country_table.py            # rewrite the table
    python scripts/generate_country_table.py --check    # exit 1 if it is stale
"""

from __future__ import annotations

import csv
import io
import json
import sys
from importlib import metadata
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "src" / "ikomodel" / "data" / "countries.csv"
META = TABLE.with_suffix(".json")
VERSION = 1
"""Bump when the table's columns change; name updates keep the version."""
FIELDS = ("code", "name_nl", "name_en", "nl_override", "en_override")

NL_OVERRIDES: dict[str, tuple[str, str]] = {
    "HK": ("Hongkong", "the common Dutch short name; CLDR adds 'SAR van China'"),
    "MO": ("Macau", "the common Dutch short name; CLDR adds 'SAR van China'"),
    "SX": ("Sint Maarten", "the official name of the country within the Kingdom, without hyphen"),
}
"""Dutch names that replace babel's, with the reason."""

EN_OVERRIDES: dict[str, tuple[str, str]] = {
    "BQ": ("Caribbean Netherlands", "the name the Kingdom uses for Bonaire, Sint Eustatius, Saba"),
    "CD": ("Democratic Republic of the Congo", "pycountry's name is inverted for sorting"),
    "FM": ("Micronesia", "pycountry's name is inverted for sorting"),
    "PS": ("Palestine", "pycountry's name is inverted for sorting"),
    "SX": ("Sint Maarten", "the Kingdom's country; pycountry adds '(Dutch part)'"),
    "VA": ("Vatican City", "the common short name"),
    "VG": ("British Virgin Islands", "pycountry's name is inverted for sorting"),
    "VI": ("United States Virgin Islands", "pycountry's name is inverted for sorting"),
}
"""English names that replace pycountry's, with the reason."""


def rows() -> list[dict[str, str]]:
    """Return the table rows computed from the installed pycountry and babel."""
    import pycountry  # noqa: PLC0415 - dev-only dependency
    from babel import Locale  # noqa: PLC0415 - dev-only dependency

    dutch = Locale("nl").territories
    result = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        name_en = getattr(country, "common_name", None) or country.name
        name_nl = dutch[code]
        nl_override = en_override = ""
        if code in NL_OVERRIDES:
            name_nl, reason = NL_OVERRIDES[code]
            nl_override = f"babel: {dutch[code]}; {reason}"
        if code in EN_OVERRIDES:
            original = name_en
            name_en, reason = EN_OVERRIDES[code]
            en_override = f"pycountry: {original}; {reason}"
        result.append(
            {
                "code": code,
                "name_nl": name_nl,
                "name_en": name_en,
                "nl_override": nl_override,
                "en_override": en_override,
            }
        )
    return result


def render() -> str:
    """Return the CSV text of the table."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows())
    return out.getvalue()


def main(argv: list[str]) -> int:
    """Write the table, or with ``--check`` report whether it is up to date."""
    text = render()
    if "--check" in argv:
        current = TABLE.read_text(encoding="utf-8")
        if current != text:
            print(f"{TABLE.name} is stale: run scripts/generate_country_table.py")
            return 1
        return 0
    TABLE.write_text(text, encoding="utf-8")
    meta = {
        "table": TABLE.name,
        "version": VERSION,
        "generated_by": "scripts/generate_country_table.py",
        "generated_with": {name: metadata.version(name) for name in ("pycountry", "babel")},
        "sources": {
            "code": "pycountry (ISO 3166-1)",
            "name_en": "pycountry common_name, else name",
            "name_nl": "babel (Unicode CLDR), Locale('nl').territories",
        },
    }
    META.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
