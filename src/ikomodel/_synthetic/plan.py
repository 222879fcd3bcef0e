"""Synthetic registers that reproduce published figures, and the bundled 2021 register.

:func:`synthesise` reads published figures (an :class:`~ikomodel.AnnualReport`
such as ``published_figures(2021)``) and builds a register of individual,
fictitious cases, children, contacts and mediation requests whose
:func:`~ikomodel.annual_report` equals every published figure that is
consistent with the others. Where published figures contradict each other,
one of them is followed by a fixed rule, and the figures it could not meet
are returned with the register:

* **A table's stated total against its parts** (table 1.7: the first-line
  categories add up to 4,441 against 4,431, the second-line ones to 593
  against 589): the stated total is met, because the text repeats it and the
  case flow (303 closed + 286 carried over = 589) and the change since 2020
  confirm it. The difference is taken from (or added to) *general advice*,
  the catch-all category no other figure corroborates; so *general advice*
  is the unmet figure (103 instead of 113 on the first line, 15 instead of 19
  on the second).
* **A section against table 1.7** (relocation permission: 55 cases in
  section 1.4, 52 in table 1.7): table 1.7 is met, since the line totals are
  built from it; the section's total is unmet and its unnamed rest (the
  "other" initiators) shrinks to 2.
* **Parts that exceed a total** (abductions by taking person: 110 + 48 + 7
  = 165 against 164 cases): the smallest part gives way (6 relatives), which
  keeps the text's shares (67 % mothers, "ruim 29 %" fathers) true.
* **Several years of prevention** (987 cases over 2018-2021, while the
  chart's mothers and fathers alone add up to 997): the yearly parts are
  met and the multi-year total is not. Children per year follow the stated
  total (1,483); the cases that came back follow the text's 4 %.

What the report does not say is filled in with documented, plausible
choices (see ``docs/explanation/synthetic-register.md``): abductions between
two other countries make up what "to" and "from the Netherlands" leave out;
62 % of parents are mothers; countries come from
:data:`~ikomodel.TREATY_COUNTRIES` and :data:`~ikomodel.NON_TREATY_COUNTRIES`;
and so on. The same figures and seed always give an identical register.

:func:`synthesise_cases` makes a register of any size in the same
proportions (``ikomodel synth --cases N``): blocks of the register the
figures describe, each with its own seed, ids unique over all of them.
"""

from __future__ import annotations

import functools
import hashlib
import random
from collections.abc import Callable, Mapping
from importlib import resources

import attrs

from ikomodel._core.records import Register
from ikomodel._core.vocabulary import (
    Category,
    Channel,
    ClientKind,
    ClosureReason,
    MediationKind,
    TakingPerson,
    taxonomy_for,
)
from ikomodel._published.compare import FigureDifference, compare
from ikomodel._published.published import published_figures
from ikomodel._report import relations
from ikomodel._report.aggregate import annual_report
from ikomodel._report.bounds import as_fraction
from ikomodel._report.report import AnnualReport, Table
from ikomodel._report.statements import FigureRef, ShareStatement
from ikomodel._report.tables import TABLE_SPECS, CaseFlow, Measure, TableId
from ikomodel._rules.classify import AgeBand, CameBack, ClientGroup, InitiatingParty
from ikomodel._synthetic.builder import MediationPlan, Plan, PreventionYear, build
from ikomodel._wire.files import encode_register, loads_register

EXAMPLE_SEED = 2021
"""The seed of the bundled example register."""

EXAMPLE_YEAR = 2021
"""The year of the bundled example register."""

EXAMPLE_FILE = "register-2021.json"

_CASES, _CHILDREN = Measure.CASES.value, Measure.CHILDREN.value
_MOTHER_SHARE = 0.62
_CHILDREN_PER_CASE = 1.4


@attrs.frozen(kw_only=True)
class SyntheticRegister:
    """A synthetic register and the published figures it could not meet.

    Attributes:
        register: The register of individual, fictitious records.
        year: The report year the register reproduces.
        seed: The random seed it was built with.
        unmet: Every published figure the register's annual report does not
            equal, with the published value; these are the figures that
            contradict other published figures. Figures no register can
            record (the summer-holiday tables, the row ``both_parents`` of
            older reports, a country table counted in children) are neither
            reproduced nor listed.
    """

    register: Register
    year: int
    seed: int
    unmet: tuple[FigureDifference, ...]


def synthesise(figures: AnnualReport, *, seed: int) -> SyntheticRegister:
    """Build a register whose annual report reproduces ``figures`` as far as they agree.

    Args:
        figures: Published figures, e.g. ``published_figures(2021)``; absent
            figures get plausible values.
        seed: The random seed; the same figures and seed give an identical
            register.

    Returns:
        The register, and the published figures it does not meet (see the
        module documentation for which figure gives way in each contradiction).

    >>> from ikomodel import published_figures
    >>> result = synthesise(published_figures(2021), seed=1)
    >>> annual_report(result.register, 2021).get("abductions", None, "children")
    229
    """
    register = build(plan_from(figures), seed=seed)
    computed = annual_report(register, figures.year)
    return SyntheticRegister(
        register=register,
        year=figures.year,
        seed=seed,
        unmet=tuple(compare(computed, _recordable(figures))),
    )


def _recordable(figures: AnnualReport) -> AnnualReport:
    """The published figures a register can reproduce: those ``annual_report`` computes."""
    tables: dict[str, Table] = {}
    for spec in TABLE_SPECS:
        table = figures.tables.get(spec.slug)
        if table is None or table.unit is Measure.CHILDREN:
            continue
        cells = {key: n for key, n in table.cells.items() if key[0] not in spec.extra_rows}
        tables[spec.slug] = attrs.evolve(table, cells=cells)
    return AnnualReport(year=figures.year, tables=tables)


def _block_seed(seed: int, block: int) -> int:
    """The seed of block ``block`` of a register of a chosen size: ``seed`` itself for the first."""
    if block == 0:
        return seed
    digest = hashlib.sha256(f"{seed}:{block}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def synthesise_cases(
    figures: AnnualReport,
    cases: int,
    *,
    seed: int,
    progress: Callable[[int], object] | None = None,
) -> Register:
    """Return a register of exactly ``cases`` cases in the proportions of ``figures``.

    The register is made of blocks, each the register :func:`synthesise`
    builds from ``figures`` (the first block with ``seed`` itself, so a size
    of one block gives ``synthesise(figures, seed=seed).register``; the
    others with seeds derived from ``seed`` and their number), ids unique
    over all blocks. The last block is cut to size: a sample of its cases,
    the contacts and mediation requests of the cases kept, and its share of
    the contacts that belong to no case. The same figures, size and seed
    give an identical register. ``progress`` is called with the number of
    cases added after each block (for a progress bar).

    >>> from ikomodel import published_figures
    >>> register = synthesise_cases(published_figures(2021), 10, seed=3)
    >>> len(register.cases), register == synthesise_cases(published_figures(2021), 10, seed=3)
    (10, True)
    """
    if cases < 0:
        raise ValueError("the number of cases cannot be negative")
    plan = plan_from(figures)
    ids: set[str] = set()
    parts: list[Register] = []
    made = 0
    block = 0
    while made < cases:
        built = build(plan, seed=_block_seed(seed, block), ids=ids)
        if not built.cases:
            raise ValueError(f"the figures of {figures.year} describe no cases to repeat")
        wanted = cases - made
        if wanted < len(built.cases):
            built = _cut(built, wanted, random.Random(_block_seed(seed, block)))
        parts.append(built)
        made += len(built.cases)
        block += 1
        if progress is not None:
            progress(len(built.cases))
    return Register(
        cases=tuple(case for part in parts for case in part.cases),
        contacts=tuple(contact for part in parts for contact in part.contacts),
        mediation_requests=tuple(r for part in parts for r in part.mediation_requests),
    )


def _cut(register: Register, cases: int, rng: random.Random) -> Register:
    """A sample of ``cases`` of the register's cases, with their contacts and requests."""
    kept = set(rng.sample(range(len(register.cases)), cases))
    chosen = tuple(case for i, case in enumerate(register.cases) if i in kept)
    ids = {case.id for case in chosen}
    loose = [contact for contact in register.contacts if contact.case_id is None]
    share = round(len(loose) * cases / len(register.cases))
    keep_loose = {contact.id for contact in loose[:share]}
    return Register(
        cases=chosen,
        contacts=tuple(
            contact
            for contact in register.contacts
            if contact.case_id in ids or contact.id in keep_loose
        ),
        mediation_requests=tuple(
            request for request in register.mediation_requests if request.case_id in ids
        ),
    )


@functools.cache
def example_register() -> Register:
    """Return the bundled synthetic 2021 register (fictitious, reproduces the 2021 report).

    It is ``synthesise(published_figures(2021), seed=EXAMPLE_SEED).register``,
    stored as package data (``ikomodel/data/register-2021.json``, the register
    JSON format without indentation) so that it loads without building. The
    register is read once and shared: it is immutable.

    >>> register = example_register()
    >>> annual_report(register, 2021).get("contacts", None, "contacts")
    9596
    """
    data = resources.files("ikomodel").joinpath("data", EXAMPLE_FILE).read_bytes()
    return loads_register(data, format="json")


def example_register_bytes() -> bytes:
    """Return the text of the bundled register, built afresh from the published 2021 figures.

    The package data file holds exactly these bytes (compact register JSON);
    ``scripts/make_example_register.py`` writes them.
    """
    built = synthesise(published_figures(EXAMPLE_YEAR), seed=EXAMPLE_SEED)
    return b"".join(encode_register(built.register, "json", indent=False))


# -- reading a plan from figures ---------------------------------------------------------


def _give_way(parts: dict[object, int], total: int, absorber: object | None = None) -> None:
    """Make ``parts`` add up to at most ``total`` (exactly, when ``absorber`` is given)."""
    excess = sum(parts.values()) - total
    if absorber is not None:
        parts[absorber] = parts.get(absorber, 0) - excess
        if parts[absorber] >= 0:
            return
        excess, parts[absorber] = -parts[absorber], 0
    while excess > 0:
        smallest = min((k for k in parts if parts[k] > 0), key=lambda k: (parts[k], str(k)))
        taken = min(excess, parts[smallest])
        parts[smallest] -= taken
        excess -= taken


_SECTIONS = {category: slug for slug, category in relations.SECTIONS.items()}


def _section_cases(figures: AnnualReport, category: Category) -> int:
    """The cases of a section (1.3 to 1.6) when table 1.7 does not give them.

    The figure the catalogue declares the same (the section's total), else
    the sum of the section's parts.
    """
    ref = FigureRef(table=TableId.SECOND_LINE, row=category, column=_CASES)
    stated = relations.stated(figures, ref)
    return sum(figures[_SECTIONS[category]].column(_CASES).values()) if stated is None else stated


def _line(figures: AnnualReport, slug: str) -> tuple[dict[Category, int], int]:
    table = figures[slug]
    categories = sorted(taxonomy_for(figures.year).categories)
    parts: dict[object, int] = {}
    for category in categories:
        value = table.get(category, _CASES)
        if value is None and slug == TableId.SECOND_LINE and category in _SECTIONS:
            value = _section_cases(figures, category)
        parts[category] = value or 0
    total = table.total(_CASES)
    if total is not None:
        _give_way(parts, total, absorber=Category.GENERAL_ADVICE)
    cases = {Category(str(c)): n for c, n in parts.items()}
    children = table.total(_CHILDREN)
    if children is None:
        children = round(sum(cases.values()) * _CHILDREN_PER_CASE)
    return cases, max(children, sum(cases.values()))


def _others(count: int) -> dict[ClientKind, int]:
    """Split the report's "other" initiators into relatives and professionals."""
    relatives = (count * 3 + 4) // 5
    return {ClientKind.RELATIVE: relatives, ClientKind.PROFESSIONAL: count - relatives}


def _initiators(figures: AnnualReport, slug: str, cases: int) -> dict[ClientKind, int]:
    table = figures[slug]
    parts: dict[object, int] = {
        party: value for party in InitiatingParty if (value := table.get(party, _CASES)) is not None
    }
    _give_way(parts, cases)
    mothers = parts.get(InitiatingParty.MOTHER)
    fathers = parts.get(InitiatingParty.FATHER)
    if mothers is None and fathers is None:
        mothers = round(cases * _MOTHER_SHARE)
    if mothers is None:
        mothers = cases - (fathers or 0) - parts.get(InitiatingParty.OTHER, 0)
    if fathers is None:
        fathers = cases - mothers - parts.get(InitiatingParty.OTHER, 0)
    other = cases - mothers - fathers
    return {ClientKind.MOTHER: mothers, ClientKind.FATHER: fathers} | _others(other)


def _section_children(figures: AnnualReport, slug: str) -> int | None:
    return figures[slug].total(_CHILDREN)


_Abductions = tuple[dict[TakingPerson, int], dict[tuple[int, int], int], int, int, int]


def _abductions(figures: AnnualReport, cases: int) -> _Abductions:
    """Taking persons, age bands, treaty cases, and abductions to and from the Netherlands."""
    takers: dict[object, int] = {
        person: value
        for person in TakingPerson
        if (value := figures.get(TableId.ABDUCTIONS, person, _CASES)) is not None
    }
    _give_way(takers, cases)
    bands = {
        (band.ages.start, band.ages.stop - 1): value
        for band in AgeBand
        if (value := figures.get(TableId.ABDUCTIONS_BY_AGE, band, _CHILDREN)) is not None
    }
    treaty = figures.get(TableId.ABDUCTIONS_BY_TREATY, "contracting_state", _CASES)
    ways: dict[object, int] = {
        way: value
        for way in ("to_netherlands", "from_netherlands")
        if (value := figures.get(TableId.ABDUCTIONS_BY_DIRECTION, way, _CASES)) is not None
    }
    _give_way(ways, cases)
    to_home = ways.get("to_netherlands", round(cases * 0.3))
    return (
        {TakingPerson(str(k)): n for k, n in takers.items()},
        bands,
        round(cases * 0.74) if treaty is None else min(treaty, cases),
        to_home,
        ways.get("from_netherlands", cases - to_home),
    )


def _closed(figures: AnnualReport, opened: int) -> dict[ClosureReason, int]:
    closed_in_year = FigureRef(
        table=TableId.SECOND_LINE_FLOW, row=CaseFlow.CLOSED_IN_YEAR, column=_CASES
    )
    stated = relations.stated(figures, closed_in_year)
    by_reason = {
        reason: value
        for reason in ClosureReason
        if (value := figures.get(TableId.SECOND_LINE_CLOSED, reason, _CASES)) is not None
    }
    if by_reason and (stated is None or sum(by_reason.values()) == stated):
        return by_reason
    closed = min(round(opened * 0.5) if stated is None else stated, opened)
    resolved, informed = closed // 3, closed // 2
    return {
        ClosureReason.RESOLVED: resolved,
        ClosureReason.SUFFICIENTLY_INFORMED: informed,
        ClosureReason.UNREACHABLE: closed - resolved - informed,
    }


def _share_of(figures: AnnualReport, table: str, column: str) -> float | None:
    """The percentage the text gives of a total, as a number (a share in words too)."""
    for statement in figures.statements:
        if isinstance(statement, ShareStatement) and (
            statement.part.table,
            statement.part.row,
            statement.part.column,
        ) == (table, None, column):
            return float(as_fraction(statement.stated))
    return None


def _spread(total: int, weights: Mapping[int, int]) -> dict[int, int]:
    """Split ``total`` over the keys of ``weights`` in proportion (largest remainders)."""
    whole = sum(weights.values())
    if whole == 0 or total <= 0:
        return dict.fromkeys(weights, 0)
    exact = {k: total * w / whole for k, w in weights.items()}
    shares = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (shares[k] - exact[k], k))[: total - sum(shares.values())]:
        shares[k] += 1
    return shares


def _prevention_history(
    figures: AnnualReport, cases: int, children: int, came_back: int
) -> dict[int, PreventionYear]:
    year = figures.year
    years_table = figures[TableId.PREVENTION_YEARS]
    by_initiator = figures[TableId.PREVENTION_YEARS_BY_INITIATOR]
    earlier = sorted({int(r) for r in (*years_table.rows, *by_initiator.rows)} - {year})
    counts: dict[int, dict[ClientKind, int]] = {}
    for y in earlier:
        mothers = by_initiator.get(y, InitiatingParty.MOTHER) or 0
        fathers = by_initiator.get(y, InitiatingParty.FATHER) or 0
        stated = years_table.get(y, _CASES)
        other = by_initiator.get(y, InitiatingParty.OTHER)
        if other is None:
            other = max((stated or 0) - mothers - fathers, 0)
        counts[y] = {ClientKind.MOTHER: mothers, ClientKind.FATHER: fathers} | _others(other)
    sizes = {y: sum(c.values()) for y, c in counts.items()}
    stated_children = {y: v for y in earlier if (v := years_table.get(y, _CHILDREN)) is not None}
    total_children = years_table.total(_CHILDREN)
    rest = {y: n for y, n in sizes.items() if y not in stated_children}
    if total_children is None:
        spread = {y: round(n * _CHILDREN_PER_CASE) for y, n in rest.items()}
    else:
        spread = _spread(total_children - children - sum(stated_children.values()), rest)
    all_children = stated_children | spread
    percent = _share_of(figures, TableId.PREVENTION_YEARS, Measure.CAME_BACK)
    back_total = years_table.total(Measure.CAME_BACK)
    if back_total is None and percent is not None:
        back_total = round((cases + sum(sizes.values())) * percent / 100)
    backs = _spread(max((back_total or 0) - came_back, 0), sizes)
    return {
        y: PreventionYear(
            initiators=counts[y],
            children=max(all_children.get(y, sizes[y]), sizes[y]),
            came_back=min(backs.get(y, 0), sizes[y]),
        )
        for y in earlier
        if sizes[y] > 0
    }


def _contacts(figures: AnnualReport) -> dict[tuple[Channel, ClientKind], int]:
    contacts: dict[tuple[Channel, ClientKind], int] = {}
    by_client = figures[TableId.CONTACTS_BY_CLIENT]
    for channel in Channel:
        own = FigureRef(table=TableId.CONTACTS_BY_CLIENT, row=None, column=channel)
        total = relations.stated(figures, own) or 0
        groups: dict[object, int] = {
            group: value
            for group in ClientGroup
            if (value := by_client.get(group, channel)) is not None
        }
        _give_way(groups, total)
        parents = groups.get(ClientGroup.PARENTS)
        relatives = groups.get(ClientGroup.RELATIVES)
        if parents is None:
            parents = round(total * 0.8)
        if relatives is None:
            relatives = min(round(total * 0.06), total - parents)
        mothers = round(parents * _MOTHER_SHARE)
        contacts[channel, ClientKind.MOTHER] = mothers
        contacts[channel, ClientKind.FATHER] = parents - mothers
        contacts[channel, ClientKind.RELATIVE] = relatives
        contacts[channel, ClientKind.PROFESSIONAL] = total - parents - relatives
    return contacts


def _mediation(figures: AnnualReport) -> dict[MediationKind, MediationPlan]:
    table = figures[TableId.MEDIATION]
    interviews = {k: table.get(k, Measure.CHILD_INTERVIEWS) or 0 for k in MediationKind}
    stated_heard = {k: table.get(k, Measure.CHILDREN_HEARD) for k in MediationKind}
    total_heard = table.total(Measure.CHILDREN_HEARD)
    if total_heard is None:
        heard = {k: v if v is not None else interviews[k] for k, v in stated_heard.items()}
    else:
        open_kinds = {k: interviews[k] for k, v in stated_heard.items() if v is None}
        given = sum(v for v in stated_heard.values() if v is not None)
        heard = {k: v for k, v in stated_heard.items() if v is not None}
        heard |= _spread_kinds(total_heard - given, open_kinds)
    plans = {}
    for kind in MediationKind:
        requests = table.get(kind, Measure.REQUESTS) or 0
        not_started = table.get(kind, Measure.NOT_STARTED) or 0
        started = table.get(kind, Measure.STARTED)
        if started is None:
            started = requests - not_started
        stopped = table.get(kind, Measure.STOPPED) or 0
        mediations = table.get(kind, Measure.MEDIATIONS)
        if mediations is None:
            mediations = started - stopped
        successful = table.get(kind, Measure.SUCCESSFUL) or 0
        plans[kind] = MediationPlan(
            received=requests,
            not_started=not_started,
            stopped=stopped,
            in_mediation=mediations,
            successful=successful,
            mirror=successful // 3 if kind is MediationKind.IKO else 0,
            running=table.get(kind, Measure.RUNNING) or 0,
            child_interviews=interviews[kind],
            children_heard=max(heard.get(kind, 0), interviews[kind]),
        )
    return plans


def _spread_kinds(total: int, weights: Mapping[MediationKind, int]) -> dict[MediationKind, int]:
    by_index = _spread(total, {i: weights[k] for i, k in enumerate(weights)})
    return {k: by_index[i] for i, k in enumerate(weights)}


def plan_from(figures: AnnualReport) -> Plan:
    """Return the plan of counts that reproduces ``figures`` (see the module documentation)."""
    first_line, first_children = _line(figures, TableId.FIRST_LINE)
    second_line, second_children = _line(figures, TableId.SECOND_LINE)
    initiators: dict[Category, Mapping[ClientKind, int]] = {}
    category_children: dict[Category, int] = {}
    for category, slug in _SECTIONS.items():
        if category is not Category.ABDUCTION:
            initiators[category] = _initiators(figures, slug, second_line[category])
        if (children := _section_children(figures, slug)) is not None:
            category_children[category] = max(children, second_line[category])
    opened = sum(second_line.values())
    prevention = second_line[Category.PREVENTION]
    came_back_ref = FigureRef(table=TableId.PREVENTION_CAME_BACK, row=CameBack.YES, column=_CASES)
    came_back = relations.stated(figures, came_back_ref) or 0
    history = _prevention_history(
        figures,
        prevention,
        category_children.get(Category.PREVENTION, round(prevention * _CHILDREN_PER_CASE)),
        came_back,
    )
    takers, bands, treaty, to_home, from_home = _abductions(
        figures, second_line[Category.ABDUCTION]
    )
    return Plan(
        year=figures.year,
        first_line=first_line,
        first_line_children=first_children,
        second_line=second_line,
        second_line_children=max(second_children, sum(category_children.values())),
        category_children=category_children,
        initiators=initiators,
        closed_same_year=_closed(figures, opened),
        open_from_earlier=figures.get(TableId.SECOND_LINE_FLOW, CaseFlow.EARLIER_STILL_OPEN, _CASES)
        or 0,
        came_back=min(came_back, prevention),
        prevention_history=history,
        contacts=_contacts(figures),
        mediation=_mediation(figures),
        taking_persons=takers,
        age_bands=bands,
        treaty=treaty,
        to_home=to_home,
        from_home=from_home,
    )
