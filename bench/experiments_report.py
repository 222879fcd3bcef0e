"""Experiment: how fast can a pure-Python pass compute the annual report's group-bys?

Compares, on the same records, the benchmark's reference ``Counter`` pass
(``peers.python_aggregate``: ``counter[key] += 1`` per record) with a tuned
single pass that appends keys to lists and counts each list once with
``Counter(list)`` (counted in C), keeps enum members as keys until the end,
and tests the year with a date range instead of ``.year``; and both with the
polars group-bys on prebuilt frames. Every variant must give the reference
figures. Run ``python bench/experiments_report.py [N_CASES] [ROUNDS]``.
"""

from __future__ import annotations

import datetime as dt
import gc
import operator
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import peers  # noqa: E402

from ikomodel import Category, Line, Role, annual_report  # noqa: E402

_BANDS = ["0-3"] * 4 + ["4-7"] * 4 + ["8-11"] * 4 + ["12-15"] * 4 + ["16-17"] * 2
_SECTION_OF = {Category(k): v for k, v in peers._SECTIONS.items()}


def tuned_aggregate(register: Any, year: int) -> peers.Totals:
    """One pass; keys appended to lists, each list counted once in C."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    channel: list[Any] = []
    client: list[Any] = []
    for contact in register.contacts:
        if start <= contact.on <= end:
            channel.append(contact.channel)
            client.append(contact.client)
    line_cat: list[tuple[Any, Any]] = []
    children_by: Counter[tuple[Any, Any]] = Counter()
    closed_reason: list[Any] = []
    initiators: list[tuple[str, Any]] = []
    section_cases: list[str] = []
    section_children: Counter[str] = Counter()
    taking: list[Any] = []
    bands: list[str] = []
    treaty: list[bool] = []
    to: list[tuple[str, Any]] = []
    frm: list[tuple[str, Any]] = []
    direction: list[str] = []
    open_earlier = opened_second = closed_same = came_back = 0
    second, initiator_role, hague = Line.SECOND, Role.INITIATOR, peers.HAGUE
    for case in register.cases:
        opened = case.opened
        if opened < start:
            if case.line is second and (case.closed is None or case.closed >= start):
                open_earlier += 1
            continue
        if opened > end:
            continue
        key = (case.line, case.category)
        line_cat.append(key)
        n_children = len(case.children)
        children_by[key] += n_children
        if case.line is not second:
            continue
        opened_second += 1
        closed = case.closed
        if closed is not None and closed <= end:
            closed_same += 1
            closed_reason.append(case.closure_reason)
        section = _SECTION_OF.get(case.category)
        if section is None:
            continue
        section_cases.append(section)
        section_children[section] += n_children
        if section == "prevention":
            initiators.append((section, _initiator(case, initiator_role)))
            came_back += case.came_back_as_abduction is True
            continue
        hr, dest = case.habitual_residence, case.destination
        if section == "abduction":
            taking.append(case.taking_person)
            bands.extend(_BANDS[child.age_on(opened)] for child in case.children)
            treaty.append((dest if hr == "NL" else hr) in hague)
            if hr == "NL":
                direction.append("from_nl")
                to.append(("abduction", dest))
            elif dest == "NL":
                direction.append("to_nl")
                frm.append(("abduction", hr))
        else:
            initiators.append((section, _initiator(case, initiator_role)))
            to.append((section, dest))
            frm.append((section, hr))
    out: peers.Totals = Counter()
    for metric, keys in (
        ("contacts.channel", channel),
        ("contacts.client", client),
        ("flow.closed_reason", closed_reason),
        ("abduction.taking_person", taking),
        ("abduction.age_band", bands),
        ("abduction.direction", direction),
    ):
        for k, v in Counter(keys).items():
            out[metric, str(k)] = v
    for (line, category), v in Counter(line_cat).items():
        out["cases.line_category", f"{line}|{category}"] = v
    for (line, category), v in children_by.items():
        out["children.line_category", f"{line}|{category}"] = v
    for (section, kind), v in Counter(initiators).items():
        out[f"{section}.initiator", str(kind)] = v
    for (section, country), v in Counter(to).items():
        out[f"{section}.to", str(country)] = v
    for (section, country), v in Counter(frm).items():
        out[f"{section}.from", str(country)] = v
    for section, v in Counter(section_cases).items():
        out[section, "cases"] = v
        out[section, "children"] = section_children[section]
    for is_treaty, v in Counter(treaty).items():
        out["abduction.treaty", "treaty" if is_treaty else "non_treaty"] = v
    out["flow", "open_from_earlier"] = open_earlier
    out["flow", "opened"] = opened_second
    out["flow", "closed_same_year"] = closed_same
    out["flow", "carried_over"] = opened_second - closed_same
    out["prevention", "came_back"] = came_back
    mediation = peers.python_aggregate(
        type(
            "R",
            (),
            {"contacts": (), "cases": (), "mediation_requests": register.mediation_requests},
        ),
        year,
    )
    out.update(mediation)
    return +out


def mapped_aggregate(register: Any, year: int) -> peers.Totals:
    """Like :func:`tuned_aggregate`, but the all-cases work is done by C-level map/Counter.

    Only the filters run as Python comprehensions; keys are fetched with
    ``operator.attrgetter`` through ``map`` and counted with ``Counter``; the
    per-case Python loop runs over the second-line cases only (about 12 %).
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    contacts = [c for c in register.contacts if start <= c.on <= end]
    out: peers.Totals = Counter()
    for k, v in Counter(map(_CHANNEL, contacts)).items():
        out["contacts.channel", str(k)] = v
    for k, v in Counter(map(_CLIENT, contacts)).items():
        out["contacts.client", str(k)] = v
    cases = register.cases
    second = Line.SECOND
    of_year = [c for c in cases if start <= c.opened <= end]
    keys = list(map(_LINE_CATEGORY, of_year))
    children: dict[Any, int] = dict.fromkeys(keys, 0)
    for key, n in zip(keys, map(len, map(_CHILDREN, of_year)), strict=True):
        children[key] += n
    for (line, category), v in Counter(keys).items():
        out["cases.line_category", f"{line}|{category}"] = v
    for (line, category), v in children.items():
        if v:
            out["children.line_category", f"{line}|{category}"] = v
    out["flow", "open_from_earlier"] = sum(
        1
        for c in cases
        if c.opened < start and c.line is second and (c.closed is None or c.closed >= start)
    )
    second_cases = [c for c in of_year if c.line is second]
    rest = type(
        "R",
        (),
        {"contacts": (), "cases": second_cases, "mediation_requests": register.mediation_requests},
    )
    for (metric, key), v in tuned_aggregate(rest, year).items():
        if not metric.endswith("line_category") and metric not in {"contacts.channel"}:
            out[metric, key] = v
    return +out


_CHANNEL = operator.attrgetter("channel")
_CLIENT = operator.attrgetter("client")
_LINE_CATEGORY = operator.attrgetter("line", "category")
_CHILDREN = operator.attrgetter("children")


def _initiator(case: Any, role: Any) -> Any:
    for party in case.parties:
        if role in party.roles:
            return party.kind
    return "none"


def main() -> None:
    """Print each variant's median and its ratio to the polars group-bys."""
    n_cases = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    register = generate.build_register(generate.generate(n_cases, mediation_share=0.01))
    frames = peers.build_frames(register)
    reference = peers.python_aggregate(register, generate.YEAR)
    assert peers.frame_totals(peers.polars_aggregate(frames, generate.YEAR)) == reference
    # The two sketches leave out the multi-year prevention table (a few hundred
    # cases); they are compared on everything else.
    single_year = Counter(
        {key: n for key, n in reference.items() if not key[0].startswith("prevention_years")}
    )
    assert tuned_aggregate(register, generate.YEAR) == single_year
    assert mapped_aggregate(register, generate.YEAR) == single_year
    variants: dict[str, Callable[[], Any]] = {
        "polars group-bys (prebuilt frames)": lambda: peers.polars_aggregate(frames, 2021),
        "reference Counter pass (+= per record)": lambda: peers.python_aggregate(register, 2021),
        "tuned pass (lists, Counter(list) once)": lambda: tuned_aggregate(register, 2021),
        "mapped (attrgetter/map/Counter in C)": lambda: mapped_aggregate(register, 2021),
        "ikomodel annual_report (every table)": lambda: annual_report(register, 2021),
    }
    gc.collect()
    gc.freeze()
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, variant in variants.items():
            begin = time.perf_counter()
            variant()
            times[name].append(time.perf_counter() - begin)
    base = times["polars group-bys (prebuilt frames)"]
    print(f"{n_cases:,} cases, median of {rounds} rounds")
    for name, values in times.items():
        ratio = statistics.median(a / b for a, b in zip(values, base, strict=True))
        print(f"{name:42} {statistics.median(values) * 1000:8.1f} ms  {ratio:5.2f}x polars")


if __name__ == "__main__":
    main()
