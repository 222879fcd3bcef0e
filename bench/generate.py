"""Deterministic synthetic registers for the benchmark, in realistic proportions.

The proportions follow Centrum IKO's 2021 annual report: about 12 % of the
cases are second-line cases, about 1.4 children per case, about 1.9 contacts
per case (9,596 contacts against 5,020 cases) and mediation requests for
about 1 % of the cases. Dates fall within the report year (a few cases were
opened late in the year before, so the case flow has cases carried in).

The generator builds plain JSON-ready dicts (the wire format, see
:func:`line_of`) with a seeded :class:`random.Random`, so the same size always
gives the same bytes. :func:`build_register` turns the dicts into validated
ikomodel records by hand; it checks that every generated register is valid
and is one of the experiments (a hand-written structuring fast path).
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import orjson

_SRC = str(Path(__file__).resolve().parent.parent / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

YEAR = 2021
SEED = 20211231

# The JSON Lines wire format of ikomodel (``ikomodel._wire.files``): a header line, then
# one object per record with its kind in a tag key; ``None`` fields left out,
# every other field written. The tag key is read off ikomodel's own writer when
# it has one (see `wire_tag`), so the benchmark follows the format as it evolves.
DEFAULT_TAG = "record"


def wire_tag() -> str:
    """Return the key that tags a record line in ikomodel's JSON Lines format."""
    try:
        import ikomodel
    except ImportError:
        return DEFAULT_TAG
    dumps = getattr(ikomodel, "dumps_register", None)
    if dumps is None:
        return DEFAULT_TAG
    contact = ikomodel.Contact(
        id="x",
        on=dt.date(YEAR, 1, 1),
        channel=ikomodel.Channel.EMAIL,
        client=ikomodel.ClientKind.MOTHER,
    )
    text = dumps(ikomodel.Register(contacts=(contact,)), format="jsonl")
    line = orjson.loads(text.splitlines()[1])
    (tag,) = set(line) - {a.name for a in attrs.fields(ikomodel.Contact)}
    return str(tag)


TAG = wire_tag()
HEADER: dict[str, Any] = {"schema_version": 1}
KINDS = ("case", "contact", "mediation_request")

CATEGORY_WEIGHTS = {
    "first": {
        "general_advice": 22,
        "prevention": 16,
        "relocation_permission": 15,
        "holiday_permission": 12,
        "abduction": 11,
        "international_access": 7,
        "lawful_relocation": 5,
        "domestic_abduction_or_access": 4,
        "refuting_threat": 3,
        "missing_child": 2,
        "abduction_by_relative": 2,
        "abduction_within_kingdom": 1,
    },
    "second": {
        "abduction": 38,
        "prevention": 18,
        "international_access": 16,
        "relocation_permission": 10,
        "domestic_abduction_or_access": 5,
        "abduction_by_relative": 3,
        "abduction_within_kingdom": 3,
        "general_advice": 3,
        "missing_child": 2,
        "holiday_permission": 1,
        "lawful_relocation": 1,
    },
}
ABDUCTIONS = {
    "abduction",
    "abduction_within_kingdom",
    "domestic_abduction_or_access",
    "abduction_by_relative",
}
WITH_COUNTRIES = ABDUCTIONS | {
    "prevention",
    "relocation_permission",
    "international_access",
    "holiday_permission",
    "lawful_relocation",
    "missing_child",
}
FOREIGN = {
    "MA": 9, "PL": 8, "DE": 7, "BE": 7, "GB": 6, "TR": 6, "US": 5, "ES": 5, "FR": 4,
    "IN": 3, "IT": 3, "SY": 3, "EG": 2, "SR": 2, "CW": 2, "AW": 2, "BR": 2, "RO": 2,
    "BG": 2, "UA": 2, "CN": 2, "NG": 1, "GH": 1, "PK": 1, "IR": 1, "ID": 1, "JP": 1,
    "CA": 1, "AU": 1, "ZA": 1, "LT": 1, "PT": 1, "GR": 1, "CH": 1, "SE": 1, "AF": 1,
}  # fmt: skip
CLIENTS = {"mother": 45, "father": 30, "relative": 8, "friend_or_neighbour": 2, "professional": 15}
AGENCIES = (
    "youth_care",
    "police",
    "royal_marechaussee",
    "immigration_service",
    "lawyer",
    "refugee_support",
    "education",
    "other",
)
REASONS = ("financial", "discouraged_by_lawyer", "information_late", "payment_late", "other")


def _choices(weights: dict[str, int]) -> tuple[list[str], list[int]]:
    keys = list(weights)
    cum: list[int] = []
    total = 0
    for key in keys:
        total += weights[key]
        cum.append(total)
    return keys, cum


class _Gen:
    def __init__(self, n_cases: int, seed: int) -> None:
        self.rng = random.Random(seed * 1_000_003 + n_cases)
        self.n_cases = n_cases
        self.cats = {line: _choices(w) for line, w in CATEGORY_WEIGHTS.items()}
        self.foreign = _choices(FOREIGN)
        self.clients = _choices(CLIENTS)
        self.start = dt.date(YEAR, 1, 1)
        self.end = dt.date(YEAR, 12, 31)
        self.n_contacts = 0
        self.n_mediations = 0

    def pick(self, table: tuple[list[str], list[int]]) -> str:
        keys, cum = table
        return self.rng.choices(keys, cum_weights=cum)[0]

    def day(self, low: dt.date, high: dt.date) -> dt.date:
        return low + dt.timedelta(days=self.rng.randint(0, (high - low).days))

    def party(self, kind: str, roles: list[str]) -> dict[str, Any]:
        party: dict[str, Any] = {"kind": kind, "roles": roles}
        if kind == "professional":
            party["agency"] = self.rng.choice(AGENCIES)
        return party

    def case(self, i: int) -> dict[str, Any]:
        rng = self.rng
        line = "second" if rng.random() < 0.117 else "first"
        category = self.pick(self.cats[line])
        if rng.random() < 0.05:
            opened = self.day(dt.date(YEAR - 1, 9, 1), dt.date(YEAR - 1, 12, 31))
        else:
            opened = self.day(self.start, self.end)
        case: dict[str, Any] = {
            "id": f"case-{i:07d}",
            "opened": opened.isoformat(),
            "line": line,
            "category": category,
        }
        initiator = self.pick(self.clients)
        parent_role = "taking_parent" if rng.random() < 0.3 else "left_behind_parent"
        roles = ["initiator", parent_role] if initiator in {"mother", "father"} else ["initiator"]
        parties = [self.party(initiator, roles)]
        if category in ABDUCTIONS and rng.random() < 0.6:
            other = "father" if initiator == "mother" else "mother"
            other_role = "left_behind_parent" if parent_role == "taking_parent" else "taking_parent"
            parties.append(self.party(other, [other_role]))
        case["parties"] = parties
        r = rng.random()
        n_children = 1 if r < 0.7 else 2 if r < 0.92 else 3 if r < 0.98 else 4
        children = []
        youngest = 17 * 365
        for k in range(n_children):
            child: dict[str, Any] = {"id": f"{case['id']}-c{k + 1}"}
            age_days = rng.randint(30, 17 * 365)
            youngest = min(youngest, age_days)
            if rng.random() < 0.05:
                child["age_at"] = {"years": age_days // 366, "on": opened.isoformat()}
            else:
                child["birth_date"] = (opened - dt.timedelta(days=age_days)).isoformat()
            s = rng.random()
            if s < 0.35:
                child["sex"] = "female"
            elif s < 0.7:
                child["sex"] = "male"
            children.append(child)
        case["children"] = children
        closed: dt.date | None = None
        if rng.random() < 0.6:
            closed = self.day(opened, self.end)
        if line == "second" and rng.random() < 0.1:
            case["escalated"] = self.day(opened, closed or self.end).isoformat()
        if closed is not None:
            case["closed"] = closed.isoformat()
            case["closure_reason"] = rng.choice(
                ("resolved", "resolved", "sufficiently_informed", "unreachable", "other")
            )
        if category in WITH_COUNTRIES:
            foreign = self.pick(self.foreign)
            if rng.random() < 0.8:
                case["habitual_residence"], case["destination"] = "NL", foreign
            else:
                case["habitual_residence"], case["destination"] = foreign, "NL"
        if category in ABDUCTIONS:
            if rng.random() < 0.9:
                case["taking_person"] = rng.choice(("mother", "mother", "father", "relative"))
            if rng.random() < 0.8:
                # A removal lies on or after the youngest child's birth.
                removal = opened - dt.timedelta(days=rng.randint(0, min(90, youngest)))
                case["removal_date"] = removal.isoformat()
        if category == "prevention" and rng.random() < 0.7:
            case["came_back_as_abduction"] = rng.random() < 0.06
        return case

    def contacts(self, case: dict[str, Any]) -> Iterator[dict[str, Any]]:
        rng = self.rng
        # 1.9 contacts per case on average: one or two with the case, a few without.
        n = 1 + (rng.random() < 0.8) + (rng.random() < 0.1)
        opened = dt.date.fromisoformat(case["opened"])
        for k in range(n):
            self.n_contacts += 1
            client = self.pick(self.clients)
            contact: dict[str, Any] = {
                "id": f"contact-{self.n_contacts:08d}",
                "on": self.day(max(opened, self.start), self.end).isoformat(),
                "channel": "telephone" if rng.random() < 0.62 else "email",
                "client": client,
            }
            if client == "professional":
                contact["agency"] = rng.choice(AGENCIES)
            if k == 0 or rng.random() < 0.8:
                contact["case_id"] = case["id"]
            yield contact

    def mediation(self, case: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        self.n_mediations += 1
        received = self.day(max(dt.date.fromisoformat(case["opened"]), self.start), self.end)
        request: dict[str, Any] = {
            "id": f"med-{self.n_mediations:07d}",
            "kind": "iko" if case["category"] in ABDUCTIONS else "niko",
            "received": received.isoformat(),
            "case_id": case["id"],
        }
        stages: list[dict[str, Any]] = [{"stage": "received", "on": received.isoformat()}]
        request.update(child_interviews=0, children_heard=0, special_guardian=False)
        on = received
        r = rng.random()
        if r < 0.4:
            stages.append({"stage": "not_started", "on": on.isoformat(), "reason": "financial"})
            stages[-1]["reason"] = rng.choice(REASONS)
        else:
            on = self.day(on, self.end)
            stages.append({"stage": "intake", "on": on.isoformat()})
            if r < 0.55:
                stages.append({"stage": "stopped", "on": self.day(on, self.end).isoformat()})
            else:
                on = self.day(on, self.end)
                stages.append({"stage": "in_mediation", "on": on.isoformat()})
                if r < 0.65:
                    request["outcome"] = "running"
                else:
                    stages.append({"stage": "concluded", "on": self.day(on, self.end).isoformat()})
                    request["outcome"] = rng.choice(
                        ("full_agreement", "mirror_agreement", "no_agreement")
                    )
                if rng.random() < 0.3:
                    interviews = rng.randint(1, 2)
                    request["child_interviews"] = interviews
                    request["children_heard"] = interviews + rng.randint(0, 1)
                if rng.random() < 0.1:
                    request["special_guardian"] = True
        request["stages"] = stages
        return request


def generate(
    n_cases: int, seed: int = SEED, mediation_share: float = 0.01
) -> dict[str, list[dict[str, Any]]]:
    """Return the collections of a deterministic synthetic register of ``n_cases`` cases."""
    gen = _Gen(n_cases, seed)
    cases: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    mediations: list[dict[str, Any]] = []
    for i in range(n_cases):
        case = gen.case(i + 1)
        cases.append(case)
        contacts.extend(gen.contacts(case))
        if gen.rng.random() < mediation_share:
            mediations.append(gen.mediation(case))
    return {"case": cases, "contact": contacts, "mediation_request": mediations}


def line_of(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON Lines line of one record: its fields with the collection tag."""
    if TAG in record:
        raise ValueError(f"a {kind} has a field {TAG!r}: the tag key cannot mark its lines")
    return {TAG: kind, **record}


def lines(collections: dict[str, list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """Yield the header and every record line of a register, cases first."""
    yield HEADER
    for kind in KINDS:
        for record in collections[kind]:
            yield line_of(kind, record)


def write_jsonl(path: Path, docs: Iterable[dict[str, Any]]) -> None:
    """Write ``docs`` as JSON Lines."""
    with path.open("wb") as f:
        f.writelines(orjson.dumps(doc, option=orjson.OPT_APPEND_NEWLINE) for doc in docs)


def build_register(collections: dict[str, list[dict[str, Any]]]) -> Any:
    """Build a validated :class:`ikomodel.Register` from generated dicts, by hand.

    A hand-written structuring path: direct constructor calls, shared date
    objects from a cache, and the cyclic collector paused while the records are
    made (and re-enabled on any error).
    """
    from ikomodel import (
        AgeAtDate,
        AgencyKind,
        Case,
        Category,
        Channel,
        Child,
        ClientKind,
        ClosureReason,
        Contact,
        Line,
        MediationKind,
        MediationOutcome,
        MediationRequest,
        MediationStage,
        NotStartedReason,
        Party,
        Register,
        Role,
        Sex,
        StageChange,
        TakingPerson,
    )

    dates: dict[str, dt.date] = {}

    def date(text: str | None) -> dt.date | None:
        if text is None:
            return None
        d = dates.get(text)
        if d is None:
            d = dates[text] = dt.date.fromisoformat(text)
        return d

    def opt(enum: Any, value: str | None) -> Any:
        return None if value is None else enum(value)

    def child(c: dict[str, Any]) -> Any:
        age_at = c.get("age_at")
        return Child(
            id=c["id"],
            birth_date=date(c.get("birth_date")),
            age_at=None
            if age_at is None
            else AgeAtDate(years=age_at["years"], on=date(age_at["on"])),
            sex=opt(Sex, c.get("sex")),
        )

    def case(c: dict[str, Any]) -> Any:
        return Case(
            id=c["id"],
            opened=date(c["opened"]),
            line=Line(c["line"]),
            category=Category(c["category"]),
            parties=tuple(
                Party(
                    kind=ClientKind(p["kind"]),
                    roles=tuple(Role(r) for r in p["roles"]),
                    agency=opt(AgencyKind, p.get("agency")),
                )
                for p in c["parties"]
            ),
            children=tuple(child(k) for k in c.get("children", ())),
            escalated=date(c.get("escalated")),
            closed=date(c.get("closed")),
            closure_reason=opt(ClosureReason, c.get("closure_reason")),
            habitual_residence=c.get("habitual_residence"),
            destination=c.get("destination"),
            taking_person=opt(TakingPerson, c.get("taking_person")),
            removal_date=date(c.get("removal_date")),
            came_back_as_abduction=c.get("came_back_as_abduction"),
        )

    def contact(c: dict[str, Any]) -> Any:
        return Contact(
            id=c["id"],
            on=date(c["on"]),
            channel=Channel(c["channel"]),
            client=ClientKind(c["client"]),
            agency=opt(AgencyKind, c.get("agency")),
            case_id=c.get("case_id"),
        )

    def mediation(m: dict[str, Any]) -> Any:
        return MediationRequest(
            id=m["id"],
            kind=MediationKind(m["kind"]),
            received=date(m["received"]),
            case_id=m["case_id"],
            stages=tuple(
                StageChange(
                    stage=MediationStage(s["stage"]),
                    on=date(s["on"]),
                    reason=opt(NotStartedReason, s.get("reason")),
                )
                for s in m["stages"]
            ),
            outcome=opt(MediationOutcome, m.get("outcome")),
            child_interviews=m.get("child_interviews", 0),
            children_heard=m.get("children_heard", 0),
            special_guardian=m.get("special_guardian", False),
        )

    enabled = gc.isenabled()
    gc.disable()
    try:
        return Register(
            cases=tuple(case(c) for c in collections["case"]),
            contacts=tuple(contact(c) for c in collections["contact"]),
            mediation_requests=tuple(mediation(m) for m in collections["mediation_request"]),
        )
    finally:
        if enabled:
            gc.enable()


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    data = generate(n)
    print({k: len(v) for k, v in data.items()})
    register = build_register(data)
    print(len(register.cases), len(register.contacts), len(register.mediation_requests))
