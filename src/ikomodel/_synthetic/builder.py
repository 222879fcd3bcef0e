"""The engine that turns a plan of counts into a synthetic register.

A :class:`Plan` holds every count a synthetic register must reproduce, as
plain numbers. :func:`build` turns a plan and a seed into individual records:
cases with parties and children, contacts and mediation requests. All
randomness comes from one ``random.Random(seed)``, so the same plan and seed
always give an identical register.

What the plan does not fix is filled with documented, plausible choices (see
``docs/explanation/synthetic-register.md``): the split of parents into
mothers and fathers, countries from :data:`TREATY_COUNTRIES` and
:data:`NON_TREATY_COUNTRIES`, dates spread over the year, closure dates
within 90 days, and so on. The public entry point, which derives the plan
from published figures and reports the figures it could not meet, is
:func:`ikomodel.synthesise`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping
from typing import TypeVar

import attrs

from ikomodel._core.records import (
    Case,
    Child,
    Contact,
    MediationRequest,
    Party,
    Register,
    StageChange,
)
from ikomodel._core.vocabulary import (
    PARENTS,
    AgencyKind,
    Category,
    Channel,
    ClientKind,
    ClosureReason,
    Line,
    MediationKind,
    MediationOutcome,
    MediationStage,
    NotStartedReason,
    Role,
    Sex,
    TakingPerson,
)
from ikomodel._rules.classify import AgeBand, line_for, special_guardian_indicated

_T = TypeVar("_T")

HOME = "NL"
"""The country of the centre: the "Netherlands" side of every direction."""

TREATY_COUNTRIES: Mapping[str, int] = {
    "MA": 14, "DE": 13, "BE": 12, "TR": 11, "GB": 10, "ES": 9, "US": 8, "FR": 7,
    "IT": 6, "BR": 4, "RU": 3, "CH": 3, "GR": 2, "AT": 2, "BG": 2, "DK": 1,
}  # fmt: skip
"""Countries (with relative weights) where a synthetic treaty abduction goes.

Each is a party to the 1980 Hague Convention with a known date from which it
applies between that state and the Netherlands, long before 2018."""

NON_TREATY_COUNTRIES: Mapping[str, int] = {
    "EG": 9, "IN": 8, "SR": 8, "NG": 6, "IR": 5, "SY": 4, "GH": 4, "ID": 3,
    "LB": 3, "SA": 2, "DZ": 2, "AF": 2,
}  # fmt: skip
"""Countries (with relative weights) where a synthetic non-treaty abduction goes:
none of them is a party to the 1980 Hague Convention."""

BAND_AGES: Mapping[tuple[int, int], tuple[int, int]] = {
    (band.ages[0], band.ages[-1]): (band.ages[0], band.ages[-1] - 1) for band in AgeBand
}
"""Per age band (:class:`~ikomodel.AgeBand`, by its first and last age), the range
of ages on 1 January of the report year given to a child, so that the child
stays in its band on every day of that year: every age of the band but the last."""

_MOTHER_SHARE = 0.62
_COUNTRY_CATEGORIES = frozenset(
    {
        Category.ABDUCTION,
        Category.ABDUCTION_BY_RELATIVE,
        Category.PREVENTION,
        Category.INTERNATIONAL_ACCESS,
        Category.RELOCATION_PERMISSION,
        Category.HOLIDAY_PERMISSION,
        Category.LAWFUL_RELOCATION,
        Category.REFUTING_THREAT,
    }
)
_PARENT_KINDS = {TakingPerson.MOTHER: ClientKind.MOTHER, TakingPerson.FATHER: ClientKind.FATHER}


@attrs.frozen(kw_only=True)
class MediationPlan:
    """The funnel of one kind of mediation request received in the report year."""

    received: int
    not_started: int
    stopped: int
    in_mediation: int
    successful: int
    mirror: int
    running: int
    child_interviews: int
    children_heard: int


@attrs.frozen(kw_only=True)
class PreventionYear:
    """The second-line prevention cases of one earlier year (section 1.3, over the years)."""

    initiators: Mapping[ClientKind, int]
    children: int
    came_back: int


@attrs.frozen(kw_only=True)
class Plan:
    """Every count a synthetic register of ``year`` reproduces.

    Attributes:
        year: The report year; every count is about this year.
        first_line: First-line cases opened, per category.
        first_line_children: Children in those cases.
        second_line: Second-line cases opened, per category.
        second_line_children: Children in those cases.
        category_children: Children of second-line cases of a category, where
            the report gives them; the other categories share the rest.
        initiators: Who initiated the second-line cases of a category, where
            the report says; parents otherwise.
        closed_same_year: Second-line cases opened and closed in the year, per
            reason; the others are carried over.
        open_from_earlier: Second-line cases from earlier years still open.
        taking_persons: Abduction cases per taking person.
        age_bands: Children in abduction cases per age band (inclusive years).
        treaty: Abduction cases with a treaty country; the rest have none.
        to_home: Abductions to the Netherlands.
        from_home: Abductions from the Netherlands; the remaining abductions
            are between two other countries.
        came_back: Prevention cases of the year that came back as an abduction.
        prevention_history: Prevention cases of earlier years.
        contacts: Contacts per channel and client kind.
        mediation: The mediation funnel per kind of request.
        escalate_third_parties: Whether a second-line case initiated by a
            relative, friend or professional opens on the first line and is
            escalated (as the centre registers them).
    """

    year: int
    first_line: Mapping[Category, int]
    first_line_children: int
    second_line: Mapping[Category, int]
    second_line_children: int
    category_children: Mapping[Category, int]
    initiators: Mapping[Category, Mapping[ClientKind, int]]
    closed_same_year: Mapping[ClosureReason, int]
    open_from_earlier: int
    taking_persons: Mapping[TakingPerson, int]
    age_bands: Mapping[tuple[int, int], int]
    treaty: int
    to_home: int
    from_home: int
    came_back: int
    prevention_history: Mapping[int, PreventionYear]
    contacts: Mapping[tuple[Channel, ClientKind], int]
    mediation: Mapping[MediationKind, MediationPlan]
    escalate_third_parties: bool = True


def build(plan: Plan, *, seed: int, ids: set[str] | None = None) -> Register:
    """Return the register that ``plan`` describes, built with random source ``seed``.

    ``ids`` are the ids already handed out (and receives the new ones), so
    that several registers built from one set join without a clash.

    >>> plan = Plan(year=2021, first_line={Category.GENERAL_ADVICE: 2},
    ...     first_line_children=3, second_line={}, second_line_children=0,
    ...     category_children={}, initiators={}, closed_same_year={}, open_from_earlier=0,
    ...     taking_persons={}, age_bands={}, treaty=0, to_home=0, from_home=0, came_back=0,
    ...     prevention_history={}, contacts={}, mediation={})
    >>> register = build(plan, seed=1)
    >>> len(register.cases), sum(len(c.children) for c in register.cases)
    (2, 3)
    >>> build(plan, seed=1) == register
    True
    """
    builder = _Builder(plan, seed, ids)
    cases = builder.cases()
    contacts = builder.contacts(cases)
    requests = builder.mediation_requests(cases)
    return Register(cases=tuple(cases), contacts=tuple(contacts), mediation_requests=requests)


class _Builder:
    """The random source, the ids handed out, and the steps of one build."""

    def __init__(self, plan: Plan, seed: int, ids: set[str] | None = None) -> None:
        self.plan = plan
        self.year = plan.year
        self.year_end = dt.date(plan.year, 12, 31)
        self.rng = random.Random(seed)
        self.ids: set[str] = set() if ids is None else ids

    # -- primitives ---------------------------------------------------------

    def new_id(self, prefix: str) -> str:
        while True:
            candidate = f"{prefix}-{self.rng.getrandbits(40):010x}"
            if candidate not in self.ids:
                self.ids.add(candidate)
                return candidate

    def day_in(self, year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randint(0, 364))

    def after(self, day: dt.date, max_days: int, *, last: dt.date | None = None) -> dt.date:
        end = dt.date(day.year, 12, 31) if last is None else last
        return min(day + dt.timedelta(days=self.rng.randint(0, max_days)), end)

    def deck(self, counts: Mapping[_T, int], size: int) -> list[_T | None]:
        """Return ``size`` values, ``counts[v]`` of each and ``None`` for the rest, shuffled."""
        items: list[_T | None] = [
            key for key in sorted(counts, key=str) for _ in range(max(counts[key], 0))
        ]
        items = items[:size] + [None] * (size - len(items))
        self.rng.shuffle(items)
        return items

    def spread(self, total: int, slots: int, *, cap: int = 6) -> list[int]:
        """Split ``total`` children over ``slots`` cases, at least one each, at most ``cap``."""
        sizes = [1] * slots
        extra = max(total - slots, 0)
        open_slots = list(range(slots))
        while extra and open_slots:
            i = self.rng.choice(open_slots)
            sizes[i] += 1
            extra -= 1
            if sizes[i] >= cap:
                open_slots.remove(i)
        return sizes

    def country(self, weights: Mapping[str, int]) -> str:
        keys = sorted(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def parent(self) -> ClientKind:
        return ClientKind.MOTHER if self.rng.random() < _MOTHER_SHARE else ClientKind.FATHER

    def party(self, kind: ClientKind, roles: tuple[Role, ...]) -> Party:
        agency = self.rng.choice(tuple(AgencyKind)) if kind is ClientKind.PROFESSIONAL else None
        return Party(kind=kind, roles=roles, agency=agency)

    def children(self, count: int, *, ages: Iterator[int] | None = None) -> tuple[Child, ...]:
        """``count`` children with birth dates; ``ages`` gives each one's age on 1 January."""
        result = []
        for _ in range(count):
            age = next(ages) if ages is not None else self.rng.randint(0, 16)
            born = dt.date(self.year - age, 1, 1) - dt.timedelta(days=self.rng.randint(0, 364))
            sex = self.rng.choice((Sex.FEMALE, Sex.MALE))
            result.append(Child(id=self.new_id("k"), birth_date=born, sex=sex))
        return tuple(result)

    # -- cases ----------------------------------------------------------------

    def cases(self) -> list[Case]:
        plan = self.plan
        cases = self.first_line_cases()
        cases += self.second_line_cases()
        cases += self.earlier_open_cases()
        for year in sorted(plan.prevention_history):
            cases += self.prevention_history(year, plan.prevention_history[year])
        return cases

    def first_line_cases(self) -> list[Case]:
        plan = self.plan
        categories = [
            c or Category.GENERAL_ADVICE
            for c in self.deck(plan.first_line, sum(plan.first_line.values()))
        ]
        sizes = self.spread(plan.first_line_children, len(categories), cap=5)
        cases = []
        for category, size in zip(categories, sizes, strict=True):
            opened = self.day_in(self.year)
            initiator = self.first_line_initiator()
            roles = (Role.INITIATOR,)
            home, abroad = self.where(category)
            cases.append(
                Case(
                    id=self.new_id("z"),
                    opened=opened,
                    line=Line.FIRST,
                    category=category,
                    parties=(self.party(initiator, roles),),
                    children=self.children(size),
                    closed=self.after(opened, 14, last=self.year_end),
                    closure_reason=ClosureReason.SUFFICIENTLY_INFORMED,
                    habitual_residence=home,
                    destination=abroad,
                )
            )
        return cases

    def first_line_initiator(self) -> ClientKind:
        roll = self.rng.random()
        if roll < 0.86:
            return self.parent()
        if roll < 0.92:
            return ClientKind.RELATIVE
        if roll < 0.94:
            return ClientKind.FRIEND_OR_NEIGHBOUR
        return ClientKind.PROFESSIONAL

    def where(self, category: Category) -> tuple[str | None, str | None]:
        """Habitual residence and destination of a case of ``category``."""
        if category is Category.DOMESTIC_ABDUCTION_OR_ACCESS:
            return HOME, HOME
        if category not in _COUNTRY_CATEGORIES:
            return None, None
        other = self.country({**TREATY_COUNTRIES, **NON_TREATY_COUNTRIES})
        if category is not Category.PREVENTION and self.rng.random() < 0.3:
            return other, HOME
        return HOME, other

    def second_line_cases(self) -> list[Case]:
        plan = self.plan
        counts = {c: n for c, n in sorted(plan.second_line.items()) if n > 0}
        reasons = self.deck(plan.closed_same_year, sum(counts.values()))
        shared = [c for c in counts if c not in plan.category_children]
        shared_children = plan.second_line_children - sum(
            plan.category_children.get(c, 0) for c in counts
        )
        shared_sizes = iter(self.spread(shared_children, sum(counts[c] for c in shared)))
        cases: list[Case] = []
        for category, count in counts.items():
            if category in plan.category_children:
                sizes = self.spread(plan.category_children[category], count)
            else:
                sizes = [next(shared_sizes) for _ in range(count)]
            if category is Category.ABDUCTION:
                cases += self.abductions(sizes, reasons)
                continue
            initiators = self.deck(plan.initiators.get(category, {}), count)
            came_back = self.deck({True: plan.came_back}, count)
            for i, size in enumerate(sizes):
                back = came_back[i] is True if category is Category.PREVENTION else None
                initiator = initiators[i] or self.parent()
                home, abroad = self.where(category)
                cases.append(
                    self.second_line_case(
                        category=category,
                        opened=self.day_in(self.year),
                        parties=(self.party(initiator, self.roles(initiator)),),
                        children=self.children(size),
                        reason=reasons.pop(),
                        came_back=back,
                        habitual_residence=home,
                        destination=abroad,
                    )
                )
        return cases

    def roles(self, initiator: ClientKind) -> tuple[Role, ...]:
        if initiator in PARENTS:
            return (Role.INITIATOR, Role.LEFT_BEHIND_PARENT)
        return (Role.INITIATOR,)

    def second_line_case(
        self,
        *,
        category: Category,
        opened: dt.date,
        parties: tuple[Party, ...],
        children: tuple[Child, ...],
        reason: ClosureReason | None,
        habitual_residence: str | None = None,
        destination: str | None = None,
        taking_person: TakingPerson | None = None,
        removal_date: dt.date | None = None,
        came_back: bool | None = None,
    ) -> Case:
        initiator = next(p for p in parties if Role.INITIATOR in p.roles)
        escalated = None
        # A second-line case is a complex situation; one that line_for opens on
        # the first line even so (a third party's) reached the second by escalation.
        opening_line = line_for(initiator.kind, category, is_complex=True)
        if self.plan.escalate_third_parties and opening_line is Line.FIRST:
            escalated = self.after(opened, 5, last=self.year_end)
        closed = None
        if reason is not None:
            closed = self.after(escalated or opened, 90, last=self.year_end)
        return Case(
            id=self.new_id("z"),
            opened=opened,
            line=Line.SECOND,
            category=category,
            parties=parties,
            children=children,
            escalated=escalated,
            closed=closed,
            closure_reason=reason,
            habitual_residence=habitual_residence,
            destination=destination,
            taking_person=taking_person,
            removal_date=removal_date,
            came_back_as_abduction=came_back,
        )

    def abductions(self, sizes: list[int], reasons: list[ClosureReason | None]) -> list[Case]:
        """Abduction cases (section 1.5): taking person, ages, treaty status and direction."""
        plan = self.plan
        count = len(sizes)
        takers = self.deck(plan.taking_persons, count)
        treaty = self.deck({True: plan.treaty}, count)
        directions = self.deck({"to": plan.to_home, "from": plan.from_home}, count)
        ages: list[int] = []
        for band, n in sorted(plan.age_bands.items()):
            low, high = BAND_AGES.get(band, (band[0], band[0]))
            ages += [self.rng.randint(low, high) for _ in range(n)]
        ages += [self.rng.randint(0, 16) for _ in range(sum(sizes) - len(ages))]
        self.rng.shuffle(ages)
        age_iter = iter(ages)
        cases = []
        for i, size in enumerate(sizes):
            foreign = self.country(TREATY_COUNTRIES if treaty[i] else NON_TREATY_COUNTRIES)
            if directions[i] == "to":
                home, abroad = foreign, HOME
            elif directions[i] == "from":
                home, abroad = HOME, foreign
            else:  # between two other countries: the report counts neither direction
                home = self.country({c: n for c, n in TREATY_COUNTRIES.items() if c != foreign})
                abroad = foreign
            taker = takers[i] or TakingPerson.FATHER
            opened = self.day_in(self.year)
            removal = opened - dt.timedelta(
                days=self.rng.randint(
                    0, min(60, opened.toordinal() - dt.date(self.year, 1, 1).toordinal())
                )
            )
            cases.append(
                self.second_line_case(
                    category=Category.ABDUCTION,
                    opened=opened,
                    parties=self.abduction_parties(taker),
                    children=self.children(size, ages=age_iter),
                    reason=reasons.pop(),
                    taking_person=taker,
                    removal_date=removal,
                    habitual_residence=home,
                    destination=abroad,
                )
            )
        return cases

    def abduction_parties(self, taker: TakingPerson) -> tuple[Party, ...]:
        if taker is TakingPerson.RELATIVE:
            return (
                self.party(self.parent(), (Role.INITIATOR, Role.LEFT_BEHIND_PARENT)),
                self.party(ClientKind.RELATIVE, (Role.TAKING_PARENT,)),
            )
        taking = _PARENT_KINDS[taker]
        left = _other_parent(taking)
        if self.rng.random() < 0.9:
            return (
                self.party(left, (Role.INITIATOR, Role.LEFT_BEHIND_PARENT)),
                self.party(taking, (Role.TAKING_PARENT,)),
            )
        return (
            self.party(taking, (Role.INITIATOR, Role.TAKING_PARENT)),
            self.party(left, (Role.LEFT_BEHIND_PARENT,)),
        )

    def earlier_open_cases(self) -> list[Case]:
        """Second-line cases opened in the two years before, still open all through the year."""
        weights = {
            c: n
            for c, n in self.plan.second_line.items()
            if n > 0 and c not in (Category.PREVENTION, Category.ABDUCTION)
        }
        cases = []
        for _ in range(self.plan.open_from_earlier):
            category = Category(self.country({c.value: n for c, n in weights.items()}))
            year = self.year - (1 if self.rng.random() < 0.8 else 2)
            home, abroad = self.where(category)
            initiator = self.parent()
            cases.append(
                Case(
                    id=self.new_id("z"),
                    opened=self.day_in(year),
                    line=Line.SECOND,
                    category=category,
                    parties=(self.party(initiator, self.roles(initiator)),),
                    children=self.children(
                        self.rng.choice((1, 1, 1, 2, 2, 3)),
                        ages=iter(self.rng.randint(2, 16) for _ in range(3)),
                    ),
                    habitual_residence=home,
                    destination=abroad,
                )
            )
        return cases

    def prevention_history(self, year: int, history: PreventionYear) -> list[Case]:
        """Closed second-line prevention cases of an earlier year."""
        count = sum(history.initiators.values())
        initiators = self.deck(history.initiators, count)
        came_back = self.deck({True: history.came_back}, count)
        cases = []
        for i, size in enumerate(self.spread(history.children, count)):
            opened = self.day_in(year)
            initiator = initiators[i] or self.parent()
            home, abroad = self.where(Category.PREVENTION)
            cases.append(
                Case(
                    id=self.new_id("z"),
                    opened=opened,
                    line=Line.SECOND,
                    category=Category.PREVENTION,
                    parties=(self.party(initiator, self.roles(initiator)),),
                    children=self.children(
                        size,
                        ages=iter(self.rng.randint(1, 12) + self.year - year for _ in range(size)),
                    ),
                    closed=self.after(opened, 90),
                    closure_reason=ClosureReason.SUFFICIENTLY_INFORMED,
                    came_back_as_abduction=came_back[i] is True,
                    habitual_residence=home,
                    destination=abroad,
                )
            )
        return cases

    # -- contacts and mediation ---------------------------------------------------

    def contacts(self, cases: list[Case]) -> list[Contact]:
        """Contacts of the year per channel and client kind.

        Half belong to a case of the year and fall within 60 days after it opened.
        """
        of_year = [c for c in cases if c.opened.year == self.year]
        contacts = []
        for (channel, client), count in sorted(self.plan.contacts.items()):
            for _ in range(count):
                agency = (
                    self.rng.choice(tuple(AgencyKind))
                    if client is ClientKind.PROFESSIONAL
                    else None
                )
                case = self.rng.choice(of_year) if of_year and self.rng.random() < 0.5 else None
                on = self.day_in(self.year) if case is None else self.after(case.opened, 60)
                contacts.append(
                    Contact(
                        id=self.new_id("t"),
                        on=on,
                        channel=channel,
                        client=client,
                        agency=agency,
                        case_id=None if case is None else case.id,
                    )
                )
        self.rng.shuffle(contacts)
        return contacts

    def mediation_requests(self, cases: list[Case]) -> tuple[MediationRequest, ...]:
        """Requests of the year with stage histories that follow the planned funnel."""
        of_year = [c for c in cases if c.opened.year == self.year and c.line is Line.SECOND]
        pools = {
            MediationKind.IKO: [c for c in of_year if c.category is Category.ABDUCTION],
            MediationKind.NIKO: [c for c in of_year if c.category is not Category.ABDUCTION],
        }
        requests = []
        for kind, funnel in sorted(self.plan.mediation.items()):
            pool = pools[kind] or of_year
            chosen = self.rng.sample(pool, min(funnel.received, len(pool)))
            chosen += [self.rng.choice(pool) for _ in range(funnel.received - len(chosen))]
            fates = self.fates(funnel)
            talks = self.spread(funnel.child_interviews, funnel.in_mediation, cap=10**6)
            if funnel.child_interviews < funnel.in_mediation:
                talks = [1] * funnel.child_interviews + [0] * (
                    funnel.in_mediation - funnel.child_interviews
                )
                self.rng.shuffle(talks)
            heard = self.heard(talks, funnel.children_heard)
            in_mediation = iter(zip(talks, heard, strict=True))
            for case, fate in zip(chosen, fates, strict=True):
                interviews_held, children_heard = (0, 0)
                if fate[0] in (MediationStage.IN_MEDIATION, MediationStage.CONCLUDED):
                    interviews_held, children_heard = next(in_mediation)
                requests.append(self.request(kind, case, fate, interviews_held, children_heard))
        return tuple(requests)

    def fates(
        self, funnel: MediationPlan
    ) -> list[tuple[MediationStage, MediationOutcome | NotStartedReason | None]]:
        reasons = tuple(NotStartedReason)
        fates: list[tuple[MediationStage, MediationOutcome | NotStartedReason | None]] = []
        fates += [
            (MediationStage.NOT_STARTED, reasons[i % len(reasons)])
            for i in range(funnel.not_started)
        ]
        fates += [(MediationStage.STOPPED, None)] * funnel.stopped
        fates += [(MediationStage.IN_MEDIATION, MediationOutcome.RUNNING)] * funnel.running
        fates += [(MediationStage.CONCLUDED, MediationOutcome.MIRROR_AGREEMENT)] * funnel.mirror
        fates += [(MediationStage.CONCLUDED, MediationOutcome.FULL_AGREEMENT)] * (
            funnel.successful - funnel.mirror
        )
        concluded_without = funnel.in_mediation - funnel.running - funnel.successful
        fates += [(MediationStage.CONCLUDED, MediationOutcome.NO_AGREEMENT)] * concluded_without
        fates += [(MediationStage.NOT_STARTED, NotStartedReason.OTHER)] * (
            funnel.received - len(fates)
        )
        self.rng.shuffle(fates)
        return fates

    def heard(self, talks: list[int], children: int) -> list[int]:
        """Children heard per request: at least one per interview, the rest spread."""
        heard = list(talks)
        with_talks = [i for i, n in enumerate(talks) if n > 0]
        for _ in range(max(children - sum(talks), 0)):
            if not with_talks:
                break
            heard[self.rng.choice(with_talks)] += 1
        return heard

    def request(
        self,
        kind: MediationKind,
        case: Case,
        fate: tuple[MediationStage, MediationOutcome | NotStartedReason | None],
        interviews: int,
        heard: int,
    ) -> MediationRequest:
        stage, detail = fate
        received = self.after(case.opened, 30, last=case.closed or self.year_end)
        stages = [StageChange(stage=MediationStage.RECEIVED, on=received)]
        outcome = None
        day = received
        if stage is MediationStage.NOT_STARTED:
            assert isinstance(detail, NotStartedReason)
            stages.append(StageChange(stage=stage, on=self.after(day, 30), reason=detail))
        else:
            day = self.after(day, 21)
            stages.append(StageChange(stage=MediationStage.INTAKE, on=day))
            if stage is MediationStage.STOPPED:
                stages.append(StageChange(stage=stage, on=self.after(day, 14)))
            else:
                day = self.after(day, 14)
                stages.append(StageChange(stage=MediationStage.IN_MEDIATION, on=day))
                if stage is MediationStage.CONCLUDED:
                    stages.append(StageChange(stage=stage, on=self.after(day, 30)))
                assert isinstance(detail, MediationOutcome)
                outcome = detail
        guardian = stage in (MediationStage.IN_MEDIATION, MediationStage.CONCLUDED) and any(
            special_guardian_indicated(child, received) for child in case.children
        )
        return MediationRequest(
            id=self.new_id("m"),
            kind=kind,
            received=received,
            case_id=case.id,
            stages=tuple(stages),
            outcome=outcome,
            child_interviews=interviews,
            children_heard=heard,
            special_guardian=guardian and kind is MediationKind.IKO,
        )


def _other_parent(kind: ClientKind) -> ClientKind:
    return ClientKind.FATHER if kind is ClientKind.MOTHER else ClientKind.MOTHER
