"""The peers ikomodel is measured against, each doing the same job.

* the floor: ``orjson.loads`` of every line, nothing else;
* pydantic v2 models and msgspec Structs of the same shape, strict, with the
  same invariants: the single-record rules are ikomodel's own rule functions
  (``case_problems``, ``mediation_problems``) called on the peer's objects,
  which have the same attribute names, so every contender checks exactly the
  same rules; the register-wide rules (unique ids, known case ids, the
  taxonomy of the year) are one shared function;
* the aggregation: one reference specification of the annual report's
  group-bys, implemented as a single pure-Python ``Counter`` pass over records,
  as polars group-bys over prebuilt frames, and as DuckDB SQL over Arrow tables
  and over the JSON Lines file itself. Every implementation returns the same
  normalised ``{(metric, key): count}`` mapping, and the harness checks that
  they agree before it times them.

  The specification counts what ``annual_report`` counts, at the grain an
  analyst would group by: every table of the report including the
  multi-year prevention table (the second-line prevention cases of the last
  ``PREVENTION_SPAN`` years, by year: cases, children, came back, initiator),
  which every peer computes from the same frames. Where ``annual_report``
  applies a dated rule, the specification uses the simpler form an analyst
  would write and the synthetic register makes equivalent: treaty status as
  membership of the current party list (not on the removal date), the line
  as recorded (not at the year end), the mediation's last stage (not its
  history up to the year end), the age at opening (not at removal); see the
  performance page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
import orjson
import pydantic
from generate import HEADER, TAG

from ikomodel import (
    ABDUCTION_CATEGORIES,
    PREVENTION_SPAN,
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
    taxonomy_for,
)
from ikomodel._core.errors import Problem
from ikomodel._core.records import (
    ADULT_AGE,
    _check_agency,
    case_problems,
    mediation_problems,
    years_between,
)

# Contracting states of the 1980 Hague Convention (shared/reference/hague1980-parties.csv).
_HAGUE_CODES = """
NL AR AU AT BE CA CZ DK FI FR DE GR IE IL IT JP LU NO PT ES SE CH GB US VE TR SK BA HR MK RS ME
HK MO ZA GE BR BG MA RU SG SM CL IS BS PA UY CO SV PE HN DO BO PH AL AD AM GA SC BB BY BZ BW BF
CV CR CU CY EC EE FJ GT GN GY HU IQ JM KZ KR LV LS LT MT MU MX MD MC NZ NI PK PY PL RO KN SI LK
TH TT TN TM UA UZ ZM ZW
"""
HAGUE = frozenset(_HAGUE_CODES.split())


class PeerInvalidError(ValueError):
    """A peer found a problem in the document."""


def _party_problems(party: Any) -> list[Problem]:
    problems: list[Problem] = []
    if not party.roles:
        problems.append(Problem(path="roles", message="a party holds at least one role"))
    elif len(set(party.roles)) != len(party.roles):
        problems.append(Problem(path="roles", message="each role is listed once"))
    _check_agency(party.kind, party.agency, problems)
    return problems


def _child_problems(child: Any) -> list[Problem]:
    if not child.id:
        return [Problem(path="id", message="a child needs a non-empty pseudonymous id")]
    if (child.birth_date is None) == (child.age_at is None):
        return [Problem(path="birth_date", message="give exactly one of birth_date or age_at")]
    return []


def _contact_problems(contact: Any) -> list[Problem]:
    problems: list[Problem] = []
    if not contact.id:
        problems.append(Problem(path="id", message="a contact needs a non-empty id"))
    _check_agency(contact.client, contact.agency, problems)
    return problems


def _stage_problems(change: Any) -> list[Problem]:
    if (change.stage is MediationStage.NOT_STARTED) != (change.reason is not None):
        return [Problem(path="reason", message="a reason is given exactly for 'not_started'")]
    return []


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise PeerInvalidError("; ".join(map(str, problems)))


def _age_on(child: Any, on: dt.date) -> int:
    if child.birth_date is not None:
        return years_between(child.birth_date, on)
    return child.age_at.years + years_between(child.age_at.on, on)


def register_problems(cases: list[Any], contacts: list[Any], mediations: list[Any]) -> None:
    """Check the register-wide rules (as ikomodel.Register does) and raise on a problem."""
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for name, records in (("cases", cases), ("contacts", contacts), ("mediations", mediations)):
        seen: set[str] = set()
        for i, record in enumerate(records):
            if record.id in seen:
                problems.append(Problem(path=f"{name}[{i}].id", message="duplicate id"))
            seen.add(record.id)
        ids[name] = seen
    for i, case in enumerate(cases):
        if case.category not in taxonomy_for(case.opened.year):
            problems.append(Problem(path=f"cases[{i}].category", message="not in the taxonomy"))
    case_ids = ids["cases"]
    for name, records in (("contacts", contacts), ("mediations", mediations)):
        for i, record in enumerate(records):
            if record.case_id is not None and record.case_id not in case_ids:
                problems.append(Problem(path=f"{name}[{i}].case_id", message="unknown case"))
    _raise(problems)


# --------------------------------------------------------------------------- floor


def orjson_load(path: Path) -> list[Any]:
    """The floor: parse every line with ``orjson.loads``; no validation, no records."""
    with path.open("rb") as f:
        return [orjson.loads(line) for line in f]


def orjson_write(docs: list[Any], path: Path) -> None:
    """The write floor: ``orjson.dumps`` of the equivalent dicts, one per line."""
    dumps, opt = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    with path.open("wb") as f:
        f.writelines(dumps(doc, option=opt) for doc in docs)


# --------------------------------------------------------------------------- msgspec


class _MS(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """msgspec at its best: records hold no cycles, so they need no collector tracking."""


class MParty(_MS):
    kind: ClientKind
    roles: tuple[Role, ...]
    agency: AgencyKind | None = None

    def __post_init__(self) -> None:
        _raise(_party_problems(self))


class MAgeAt(_MS):
    years: int
    on: dt.date

    def __post_init__(self) -> None:
        if not 0 <= self.years < ADULT_AGE:
            raise PeerInvalidError("years: a child's age is a whole number from 0 to 17")


class MChild(_MS):
    id: str
    birth_date: dt.date | None = None
    age_at: MAgeAt | None = None
    sex: Sex | None = None

    def __post_init__(self) -> None:
        _raise(_child_problems(self))

    def age_on(self, on: dt.date) -> int:
        return _age_on(self, on)


class MCase(_MS, tag_field=TAG, tag="case"):
    id: str
    opened: dt.date
    line: Line
    category: Category
    parties: tuple[MParty, ...]
    children: tuple[MChild, ...] = ()
    escalated: dt.date | None = None
    closed: dt.date | None = None
    closure_reason: ClosureReason | None = None
    habitual_residence: str | None = None
    destination: str | None = None
    taking_person: TakingPerson | None = None
    removal_date: dt.date | None = None
    came_back_as_abduction: bool | None = None

    def __post_init__(self) -> None:
        _raise(case_problems(self))  # type: ignore[arg-type]


class MContact(_MS, tag_field=TAG, tag="contact"):
    id: str
    on: dt.date
    channel: Channel
    client: ClientKind
    agency: AgencyKind | None = None
    case_id: str | None = None

    def __post_init__(self) -> None:
        _raise(_contact_problems(self))


class MStage(_MS):
    stage: MediationStage
    on: dt.date
    reason: NotStartedReason | None = None

    def __post_init__(self) -> None:
        _raise(_stage_problems(self))


# While ikomodel's tag key is ``kind`` a mediation request line cannot carry it (the
# request has a ``kind`` field of its own); the harness then leaves requests out.
_MEDIATION_TAG = TAG if TAG != "kind" else "line_kind"


class MMediation(_MS, tag_field=_MEDIATION_TAG, tag="mediation_request"):
    id: str
    kind: MediationKind
    received: dt.date
    case_id: str
    stages: tuple[MStage, ...]
    outcome: MediationOutcome | None = None
    child_interviews: int = 0
    children_heard: int = 0
    special_guardian: bool = False

    def __post_init__(self) -> None:
        _raise(mediation_problems(self))  # type: ignore[arg-type]


class MHeader(_MS):
    schema_version: int


_M_LINE = msgspec.json.Decoder(
    MCase | MContact | MMediation if _MEDIATION_TAG == TAG else MCase | MContact, strict=True
)
_M_HEADER = msgspec.json.Decoder(MHeader, strict=True)
_M_ENC = msgspec.json.Encoder()


class MRegister:
    """The msgspec peer's register: three lists of Structs."""

    def __init__(self, cases: list[Any], contacts: list[Any], mediations: list[Any]) -> None:
        self.cases, self.contacts, self.mediation_requests = cases, contacts, mediations


def _collect(records: Iterable[Any]) -> tuple[list[Any], list[Any], list[Any]]:
    cases: list[Any] = []
    contacts: list[Any] = []
    mediations: list[Any] = []
    by_type = {"case": cases, "contact": contacts, "mediation_request": mediations}
    for record in records:
        by_type[_kind_of(record)].append(record)
    return cases, contacts, mediations


def _kind_of(record: Any) -> str:
    kind = getattr(record, "line_kind", None)
    if kind is not None:
        return str(kind)
    return str(type(record).__struct_config__.tag)


def msgspec_load(path: Path) -> MRegister:
    """Strictly decode every line into frozen msgspec Structs, then the register rules."""
    with path.open("rb") as f:
        header = _M_HEADER.decode(f.readline())
        if header.schema_version != HEADER["schema_version"]:
            raise PeerInvalidError("schema_version: unknown")
        decode = _M_LINE.decode
        lists = _collect(decode(line) for line in f)
    register_problems(*lists)
    return MRegister(*lists)


def msgspec_write(register: MRegister, path: Path) -> None:
    """Encode every Struct with msgspec's JSON encoder, one per line."""
    with path.open("wb") as f:
        f.write(_M_ENC.encode(HEADER) + b"\n")
        for records in (register.cases, register.contacts, register.mediation_requests):
            f.write(_M_ENC.encode_lines(records))


# --------------------------------------------------------------------------- pydantic


class _PM(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(strict=True, frozen=True, extra="forbid")


class PParty(_PM):
    kind: ClientKind
    roles: tuple[Role, ...]
    agency: AgencyKind | None = None

    @pydantic.model_validator(mode="after")
    def _rules(self) -> PParty:
        _raise(_party_problems(self))
        return self


class PAgeAt(_PM):
    years: Annotated[int, pydantic.Field(ge=0, lt=ADULT_AGE)]
    on: dt.date


class PChild(_PM):
    id: str
    birth_date: dt.date | None = None
    age_at: PAgeAt | None = None
    sex: Sex | None = None

    @pydantic.model_validator(mode="after")
    def _rules(self) -> PChild:
        _raise(_child_problems(self))
        return self

    def age_on(self, on: dt.date) -> int:
        return _age_on(self, on)


class PCase(_PM):
    line_kind: Literal["case"] = pydantic.Field(alias=TAG)
    id: str
    opened: dt.date
    line: Line
    category: Category
    parties: tuple[PParty, ...]
    children: tuple[PChild, ...] = ()
    escalated: dt.date | None = None
    closed: dt.date | None = None
    closure_reason: ClosureReason | None = None
    habitual_residence: str | None = None
    destination: str | None = None
    taking_person: TakingPerson | None = None
    removal_date: dt.date | None = None
    came_back_as_abduction: bool | None = None

    @pydantic.model_validator(mode="after")
    def _rules(self) -> PCase:
        _raise(case_problems(self))  # type: ignore[arg-type]
        return self


class PContact(_PM):
    line_kind: Literal["contact"] = pydantic.Field(alias=TAG)
    id: str
    on: dt.date
    channel: Channel
    client: ClientKind
    agency: AgencyKind | None = None
    case_id: str | None = None

    @pydantic.model_validator(mode="after")
    def _rules(self) -> PContact:
        _raise(_contact_problems(self))
        return self


class PStage(_PM):
    stage: MediationStage
    on: dt.date
    reason: NotStartedReason | None = None

    @pydantic.model_validator(mode="after")
    def _rules(self) -> PStage:
        _raise(_stage_problems(self))
        return self


class PMediation(_PM):
    line_kind: Literal["mediation_request"] = pydantic.Field(alias=_MEDIATION_TAG)
    id: str
    kind: MediationKind
    received: dt.date
    case_id: str
    stages: tuple[PStage, ...]
    outcome: MediationOutcome | None = None
    child_interviews: int = 0
    children_heard: int = 0
    special_guardian: bool = False

    @pydantic.model_validator(mode="after")
    def _rules(self) -> PMediation:
        _raise(mediation_problems(self))  # type: ignore[arg-type]
        return self


class PHeader(_PM):
    schema_version: int


_P_LINE: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(
    Annotated[
        PCase | PContact | PMediation if _MEDIATION_TAG == TAG else PCase | PContact,
        pydantic.Field(discriminator="line_kind"),
    ]
)


def pydantic_load(path: Path) -> MRegister:
    """Strictly validate every line into frozen pydantic models, then the register rules."""
    with path.open("rb") as f:
        header = PHeader.model_validate_json(f.readline())
        if header.schema_version != HEADER["schema_version"]:
            raise PeerInvalidError("schema_version: unknown")
        validate = _P_LINE.validate_json
        lists = _collect(validate(line) for line in f)
    register_problems(*lists)
    return MRegister(*lists)


def pydantic_write(register: MRegister, path: Path) -> None:
    """``model_dump_json`` of every model (``None`` left out, as the wire format does)."""
    with path.open("w", encoding="utf-8") as f:
        f.write(PHeader(**HEADER).model_dump_json() + "\n")
        for records in (register.cases, register.contacts, register.mediation_requests):
            f.writelines(
                m.model_dump_json(exclude_none=True, by_alias=True) + "\n" for m in records
            )


def same_documents(a: Path, b: Path) -> bool:
    """Return whether two JSON Lines files hold the same documents (key and line order aside).

    Compares a digest of each line's document with sorted keys, one line at a
    time: holding both files' documents at once would need about 30 GB at a
    million cases.
    """

    def digests(path: Path) -> list[bytes]:
        out = []
        with path.open("rb") as f:
            for line in f:
                if line.strip():
                    canonical = orjson.dumps(orjson.loads(line), option=orjson.OPT_SORT_KEYS)
                    out.append(hashlib.blake2b(canonical, digest_size=16).digest())
        out.sort()
        return out

    return digests(a) == digests(b)


# --------------------------------------------------------------------------- aggregation

Totals = Counter[tuple[str, str]]


def age_band(age: int) -> str:
    """The report's age band of a child's age in whole years."""
    if age < 4:
        return "0-3"
    if age < 8:
        return "4-7"
    if age < 12:
        return "8-11"
    if age < 16:
        return "12-15"
    return "16-17"


def _initiator(case: Any) -> str:
    for party in case.parties:
        if Role.INITIATOR in party.roles:
            return str(party.kind)
    return "none"


def python_aggregate(register: Any, year: int) -> Totals:
    """The reference specification: one pure-Python pass with a ``Counter``.

    Works on any records with ikomodel's attribute names (attrs, msgspec,
    pydantic). Keys are ``(metric, key)``; values are counts.
    """
    out: Totals = Counter()
    start = dt.date(year, 1, 1)
    first_year = year - PREVENTION_SPAN + 1
    for contact in register.contacts:
        if contact.on.year == year:
            out["contacts.channel", str(contact.channel)] += 1
            out["contacts.client", str(contact.client)] += 1
    for case in register.cases:
        opened = case.opened
        children = len(case.children)
        line = str(case.line)
        category = str(case.category)
        if (
            line == "second"
            and opened.year < year
            and (case.closed is None or case.closed >= start)
        ):
            out["flow", "open_from_earlier"] += 1
        if (
            category == "prevention"
            and line == "second"
            and first_year <= opened.year <= year
            and (case.escalated is None or case.escalated.year <= opened.year)
        ):
            # The multi-year prevention table, by the year the case was opened, of the
            # cases on the second line at the end of that year.
            at = str(opened.year)
            out["prevention_years.cases", at] += 1
            out["prevention_years.children", at] += children
            out["prevention_years.came_back", at] += case.came_back_as_abduction is True
            out["prevention_years.initiator", f"{at}|{_initiator(case)}"] += 1
        if opened.year != year:
            continue
        out["cases.line_category", f"{line}|{category}"] += 1
        out["children.line_category", f"{line}|{category}"] += children
        if line != "second":
            continue
        out["flow", "opened"] += 1
        if case.closed is not None and case.closed.year == year:
            out["flow", "closed_same_year"] += 1
            out["flow.closed_reason", str(case.closure_reason)] += 1
        else:
            out["flow", "carried_over"] += 1
        section = _SECTIONS.get(category)
        if section is None:
            continue
        out[section, "cases"] += 1
        out[section, "children"] += children
        if category != "abduction":
            out[f"{section}.initiator", _initiator(case)] += 1
        if section == "prevention":
            if case.came_back_as_abduction:
                out[section, "came_back"] += 1
            continue
        hr, dest = case.habitual_residence, case.destination
        if section == "abduction":
            out["abduction.taking_person", str(case.taking_person)] += 1
            for child in case.children:
                out["abduction.age_band", age_band(child.age_on(opened))] += 1
            foreign = dest if hr == "NL" else hr
            out["abduction.treaty", "treaty" if foreign in HAGUE else "non_treaty"] += 1
            if hr == "NL":
                out["abduction.direction", "from_nl"] += 1
                out["abduction.to", str(dest)] += 1
            elif dest == "NL":
                out["abduction.direction", "to_nl"] += 1
                out["abduction.from", str(hr)] += 1
        else:
            out[f"{section}.to", str(dest)] += 1
            out[f"{section}.from", str(hr)] += 1
    for request in register.mediation_requests:
        if request.received.year != year:
            continue
        last = request.stages[-1]
        out["mediation.kind", str(request.kind)] += 1
        out["mediation.stage", str(last.stage)] += 1
        if last.reason is not None:
            out["mediation.not_started_reason", str(last.reason)] += 1
        if request.outcome is not None:
            out["mediation.outcome", str(request.outcome)] += 1
        out["mediation", "child_interviews"] += request.child_interviews
        out["mediation", "children_heard"] += request.children_heard
        out["mediation", "special_guardian"] += request.special_guardian
    return +out


_SECTIONS = {
    "prevention": "prevention",
    "relocation_permission": "relocation",
    "abduction": "abduction",
    "international_access": "access",
}
assert set(_SECTIONS) <= {str(c) for c in Category}
assert Category.ABDUCTION in ABDUCTION_CATEGORIES


# --------------------------------------------------------------------------- frames


def build_frames(register: Any) -> dict[str, Any]:
    """Build the analyst's polars frames (flat, one row per case/child/contact/request)."""
    import polars as pl

    cases = register.cases
    return {
        "cases": pl.DataFrame(
            {
                "year": [c.opened.year for c in cases],
                "line": [str(c.line) for c in cases],
                "category": [str(c.category) for c in cases],
                "initiator": [_initiator(c) for c in cases],
                "n_children": [len(c.children) for c in cases],
                "closed": [c.closed for c in cases],
                "escalated_year": [
                    None if c.escalated is None else c.escalated.year for c in cases
                ],
                "closure_reason": [_s(c.closure_reason) for c in cases],
                "habitual_residence": [c.habitual_residence for c in cases],
                "destination": [c.destination for c in cases],
                "taking_person": [_s(c.taking_person) for c in cases],
                "came_back": [c.came_back_as_abduction for c in cases],
            },
            schema_overrides={"closed": pl.Date, "came_back": pl.Boolean},
        ),
        "children": pl.DataFrame(
            {
                "year": [c.opened.year for c in cases for _ in c.children],
                "line": [str(c.line) for c in cases for _ in c.children],
                "category": [str(c.category) for c in cases for _ in c.children],
                "age": [k.age_on(c.opened) for c in cases for k in c.children],
            }
        ),
        "contacts": pl.DataFrame(
            {
                "year": [c.on.year for c in register.contacts],
                "channel": [str(c.channel) for c in register.contacts],
                "client": [str(c.client) for c in register.contacts],
            }
        ),
        "mediations": pl.DataFrame(
            {
                "year": [m.received.year for m in register.mediation_requests],
                "kind": [str(m.kind) for m in register.mediation_requests],
                "stage": [str(m.stages[-1].stage) for m in register.mediation_requests],
                "reason": [_s(m.stages[-1].reason) for m in register.mediation_requests],
                "outcome": [_s(m.outcome) for m in register.mediation_requests],
                "child_interviews": [m.child_interviews for m in register.mediation_requests],
                "children_heard": [m.children_heard for m in register.mediation_requests],
                "special_guardian": [m.special_guardian for m in register.mediation_requests],
            },
            schema_overrides={"special_guardian": pl.Boolean},
        ),
    }


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


def polars_aggregate(frames: dict[str, Any], year: int) -> Any:
    """The same specification as lazy polars group-bys, collected together."""
    import polars as pl

    cases = frames["cases"].lazy()
    children = frames["children"].lazy()
    contacts = frames["contacts"].lazy().filter(pl.col("year") == year)
    meds = frames["mediations"].lazy().filter(pl.col("year") == year)
    of_year = cases.filter(pl.col("year") == year)
    second = of_year.filter(pl.col("line") == "second")
    kids = children.filter(pl.col("year") == year)
    closed_in_year = pl.col("closed").dt.year() == year
    line_cat = pl.concat_str("line", "category", separator="|")
    section = pl.col("category").replace_strict(_SECTIONS, default=None)
    sec = second.with_columns(section=section).filter(pl.col("section").is_not_null())
    abd = sec.filter(pl.col("section") == "abduction")
    foreign = (
        pl.when(pl.col("habitual_residence") == "NL")
        .then(pl.col("destination"))
        .otherwise(pl.col("habitual_residence"))
    )

    def count(lf: Any, metric: str, key: Any) -> Any:
        return (
            lf.group_by(key.alias("key"))
            .agg(pl.len().alias("value"))
            .select(pl.lit(metric).alias("metric"), pl.col("key").cast(pl.String), "value")
        )

    def total(lf: Any, metric: str, key: str, value: Any) -> Any:
        return lf.select(
            pl.lit(metric).alias("metric"), pl.lit(key).alias("key"), value.alias("value")
        )

    open_earlier = cases.filter(
        (pl.col("line") == "second")
        & (pl.col("year") < year)
        & (pl.col("closed").is_null() | (pl.col("closed") >= dt.date(year, 1, 1)))
    )
    hr, dest, sect = pl.col("habitual_residence"), pl.col("destination"), pl.col("section")
    from_nl, to_nl = hr == "NL", (hr != "NL") & (dest == "NL")
    both = sec.filter(sect.is_in(["relocation", "access"]))
    n = pl.len().alias("value")
    bands = ["0-3", "4-7", "8-11", "12-15", "16-17"]
    abd_kids = kids.filter((pl.col("line") == "second") & (pl.col("category") == "abduction"))
    treaty = pl.when(foreign.is_in(list(HAGUE))).then(pl.lit("treaty"))
    direction = pl.when(from_nl).then(pl.lit("from_nl")).otherwise(pl.lit("to_nl"))
    prev = cases.filter(
        (pl.col("category") == "prevention")
        & (pl.col("line") == "second")
        & pl.col("year").is_between(year - PREVENTION_SPAN + 1, year)
        & (pl.col("escalated_year").is_null() | (pl.col("escalated_year") <= pl.col("year")))
    )
    at = pl.col("year").cast(pl.String)
    queries = [
        count(contacts, "contacts.channel", pl.col("channel")),
        count(contacts, "contacts.client", pl.col("client")),
        count(of_year, "cases.line_category", line_cat),
        of_year.group_by(line_cat.alias("key")).agg(pl.col("n_children").sum().alias("value"))
        .select(pl.lit("children.line_category").alias("metric"), "key", "value"),
        total(open_earlier, "flow", "open_from_earlier", pl.len()),
        total(second, "flow", "opened", pl.len()),
        total(second, "flow", "closed_same_year", closed_in_year.fill_null(False).sum()),
        total(second, "flow", "carried_over", (~closed_in_year).fill_null(True).sum()),
        count(second.filter(closed_in_year), "flow.closed_reason", pl.col("closure_reason")),
        sec.group_by(sect.alias("metric")).agg(n)
        .select("metric", pl.lit("cases").alias("key"), "value"),
        sec.group_by(sect.alias("metric")).agg(pl.col("n_children").sum().alias("value"))
        .select("metric", pl.lit("children").alias("key"), "value"),
        sec.filter(sect != "abduction")
        .group_by((sect + ".initiator").alias("metric"), pl.col("initiator").alias("key"))
        .agg(n),
        total(sec.filter(sect == "prevention"), "prevention", "came_back",
              pl.col("came_back").fill_null(False).sum()),
        both.group_by((sect + ".to").alias("metric"), dest.alias("key")).agg(n),
        both.group_by((sect + ".from").alias("metric"), hr.alias("key")).agg(n),
        count(abd, "abduction.taking_person", pl.col("taking_person").fill_null("None")),
        count(abd_kids, "abduction.age_band", pl.col("age").cut([3, 7, 11, 15], labels=bands)),
        count(abd, "abduction.treaty", treaty.otherwise(pl.lit("non_treaty"))),
        count(abd.filter(from_nl | to_nl), "abduction.direction", direction),
        count(abd.filter(from_nl), "abduction.to", dest),
        count(abd.filter(to_nl), "abduction.from", hr),
        count(meds, "mediation.kind", pl.col("kind")),
        count(meds, "mediation.stage", pl.col("stage")),
        count(meds.filter(pl.col("reason").is_not_null()), "mediation.not_started_reason",
              pl.col("reason")),
        count(meds.filter(pl.col("outcome").is_not_null()), "mediation.outcome",
              pl.col("outcome")),
        total(meds, "mediation", "child_interviews", pl.col("child_interviews").sum()),
        total(meds, "mediation", "children_heard", pl.col("children_heard").sum()),
        total(meds, "mediation", "special_guardian", pl.col("special_guardian").sum()),
        count(prev, "prevention_years.cases", at),
        prev.group_by(at.alias("key")).agg(pl.col("n_children").sum().alias("value"))
        .select(pl.lit("prevention_years.children").alias("metric"), "key", "value"),
        prev.group_by(at.alias("key")).agg(pl.col("came_back").fill_null(False).sum().alias("value"))
        .select(pl.lit("prevention_years.came_back").alias("metric"), "key", "value"),
        count(prev, "prevention_years.initiator", pl.concat_str(at, "initiator", separator="|")),
    ]  # fmt: skip
    schema = {"metric": pl.String, "key": pl.String, "value": pl.Int64}
    return pl.concat([q.cast(schema) for q in pl.collect_all(queries)])  # type: ignore[arg-type]


def frame_totals(frame: Any) -> Totals:
    """Normalise a ``(metric, key, value)`` frame or row list to the reference form."""
    rows = frame.iter_rows() if hasattr(frame, "iter_rows") else frame
    out: Totals = Counter()
    for metric, key, value in rows:
        out[metric, "None" if key is None else key] += int(value or 0)
    return +out


# --------------------------------------------------------------------------- DuckDB

_FLAT_SQL = """
WITH of_year AS (SELECT * FROM cases WHERE year = {y}),
second AS (SELECT * FROM of_year WHERE line = 'second'),
sec AS (
  SELECT *, CASE category WHEN 'prevention' THEN 'prevention'
    WHEN 'relocation_permission' THEN 'relocation' WHEN 'abduction' THEN 'abduction'
    WHEN 'international_access' THEN 'access' END AS section
  FROM second WHERE category IN
    ('prevention', 'relocation_permission', 'abduction', 'international_access')),
abd AS (SELECT * FROM sec WHERE section = 'abduction'),
con AS (SELECT * FROM contacts WHERE year = {y}),
med AS (SELECT * FROM mediations WHERE year = {y}),
prev AS (SELECT * FROM cases WHERE category = 'prevention' AND line = 'second'
  AND year BETWEEN {first} AND {y} AND coalesce(escalated_year <= year, true))
SELECT 'contacts.channel', channel, count(*) FROM con GROUP BY ALL
UNION ALL SELECT 'contacts.client', client, count(*) FROM con GROUP BY ALL
UNION ALL SELECT 'cases.line_category', line || '|' || category, count(*) FROM of_year GROUP BY ALL
UNION ALL SELECT 'children.line_category', line || '|' || category, sum(n_children)
  FROM of_year GROUP BY ALL
UNION ALL SELECT 'flow', 'open_from_earlier', count(*) FROM cases
  WHERE line = 'second' AND year < {y} AND (closed IS NULL OR closed >= DATE '{y}-01-01')
UNION ALL SELECT 'flow', 'opened', count(*) FROM second
UNION ALL SELECT 'flow', 'closed_same_year', count(*) FROM second WHERE year(closed) = {y}
UNION ALL SELECT 'flow', 'carried_over', count(*) FROM second
  WHERE closed IS NULL OR year(closed) <> {y}
UNION ALL SELECT 'flow.closed_reason', closure_reason, count(*) FROM second
  WHERE year(closed) = {y} GROUP BY ALL
UNION ALL SELECT section, 'cases', count(*) FROM sec GROUP BY ALL
UNION ALL SELECT section, 'children', sum(n_children) FROM sec GROUP BY ALL
UNION ALL SELECT section || '.initiator', initiator, count(*) FROM sec
  WHERE section <> 'abduction' GROUP BY ALL
UNION ALL SELECT 'prevention', 'came_back', count(*) FROM sec
  WHERE section = 'prevention' AND came_back
UNION ALL SELECT section || '.to', destination, count(*) FROM sec
  WHERE section IN ('relocation', 'access') GROUP BY ALL
UNION ALL SELECT section || '.from', habitual_residence, count(*) FROM sec
  WHERE section IN ('relocation', 'access') GROUP BY ALL
UNION ALL SELECT 'abduction.taking_person', coalesce(taking_person, 'None'), count(*) FROM abd
  GROUP BY ALL
UNION ALL SELECT 'abduction.age_band', CASE WHEN age < 4 THEN '0-3' WHEN age < 8 THEN '4-7'
    WHEN age < 12 THEN '8-11' WHEN age < 16 THEN '12-15' ELSE '16-17' END, count(*)
  FROM children WHERE year = {y} AND line = 'second' AND category = 'abduction' GROUP BY ALL
UNION ALL SELECT 'abduction.treaty', CASE WHEN (CASE WHEN habitual_residence = 'NL'
    THEN destination ELSE habitual_residence END) IN ({hague}) THEN 'treaty' ELSE 'non_treaty' END,
  count(*) FROM abd GROUP BY ALL
UNION ALL SELECT 'abduction.direction', CASE WHEN habitual_residence = 'NL' THEN 'from_nl'
    ELSE 'to_nl' END, count(*) FROM abd
  WHERE habitual_residence = 'NL' OR destination = 'NL' GROUP BY ALL
UNION ALL SELECT 'abduction.to', destination, count(*) FROM abd
  WHERE habitual_residence = 'NL' GROUP BY ALL
UNION ALL SELECT 'abduction.from', habitual_residence, count(*) FROM abd
  WHERE habitual_residence <> 'NL' AND destination = 'NL' GROUP BY ALL
UNION ALL SELECT 'mediation.kind', kind, count(*) FROM med GROUP BY ALL
UNION ALL SELECT 'mediation.stage', stage, count(*) FROM med GROUP BY ALL
UNION ALL SELECT 'mediation.not_started_reason', reason, count(*) FROM med
  WHERE reason IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'mediation.outcome', outcome, count(*) FROM med
  WHERE outcome IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'mediation', 'child_interviews', sum(child_interviews) FROM med
UNION ALL SELECT 'mediation', 'children_heard', sum(children_heard) FROM med
UNION ALL SELECT 'mediation', 'special_guardian', count(*) FROM med WHERE special_guardian
UNION ALL SELECT 'prevention_years.cases', CAST(year AS VARCHAR), count(*) FROM prev GROUP BY ALL
UNION ALL SELECT 'prevention_years.children', CAST(year AS VARCHAR), sum(n_children) FROM prev
  GROUP BY ALL
UNION ALL SELECT 'prevention_years.came_back', CAST(year AS VARCHAR), count(*) FROM prev
  WHERE came_back GROUP BY ALL
UNION ALL SELECT 'prevention_years.initiator', CAST(year AS VARCHAR) || '|' || initiator, count(*)
  FROM prev GROUP BY ALL
"""


def flat_sql(year: int) -> str:
    """The specification as one DuckDB query over flat ``cases``/``children``/... relations."""
    hague = ", ".join(f"'{code}'" for code in sorted(HAGUE))
    return _FLAT_SQL.format(y=year, first=year - PREVENTION_SPAN + 1, hague=hague)


def duckdb_arrow_aggregate(frames: dict[str, Any], year: int) -> list[Any]:
    """Run the specification in DuckDB over Arrow tables of the prebuilt frames."""
    import duckdb

    con = duckdb.connect()
    try:
        for name, frame in frames.items():
            con.register(name, frame)
        return con.execute(flat_sql(year)).fetchall()
    finally:
        con.close()


def arrow_tables(frames: dict[str, Any]) -> dict[str, Any]:
    """Convert the polars frames to Arrow tables (zero-copy where polars can)."""
    return {name: frame.to_arrow() for name, frame in frames.items()}


_JSON_COLUMNS = {
    TAG: "VARCHAR",
    "schema_version": "INTEGER",
    "id": "VARCHAR",
    "opened": "DATE",
    "line": "VARCHAR",
    "category": "VARCHAR",
    "parties": "STRUCT(kind VARCHAR, roles VARCHAR[], agency VARCHAR)[]",
    "children": 'STRUCT(id VARCHAR, birth_date DATE, age_at STRUCT(years INTEGER, "on" DATE), '
    "sex VARCHAR)[]",
    "escalated": "DATE",
    "closed": "DATE",
    "closure_reason": "VARCHAR",
    "habitual_residence": "VARCHAR",
    "destination": "VARCHAR",
    "taking_person": "VARCHAR",
    "removal_date": "DATE",
    "came_back_as_abduction": "BOOLEAN",
    "on": "DATE",
    "channel": "VARCHAR",
    "client": "VARCHAR",
    "agency": "VARCHAR",
    "case_id": "VARCHAR",
    "kind": "VARCHAR",
    "received": "DATE",
    "stages": 'STRUCT(stage VARCHAR, "on" DATE, reason VARCHAR)[]',
    "outcome": "VARCHAR",
    "child_interviews": "INTEGER",
    "children_heard": "INTEGER",
    "special_guardian": "BOOLEAN",
}

_JSON_VIEWS = """
CREATE TEMP TABLE raw AS SELECT * FROM read_json({path}, format = 'newline_delimited',
  columns = {columns});
CREATE TEMP VIEW cases AS SELECT year(opened) AS year, opened, line, category,
  list_filter(parties, lambda p: list_contains(p.roles, 'initiator'))[1].kind AS initiator,
  len(children) AS n_children, closed, year(escalated) AS escalated_year, closure_reason,
  habitual_residence, destination,
  taking_person, came_back_as_abduction AS came_back, children
  FROM raw WHERE "{tag}" = 'case';
CREATE TEMP VIEW children AS SELECT year, line, category,
  CASE WHEN k.birth_date IS NOT NULL THEN
    year(opened) - year(k.birth_date)
    - CASE WHEN strftime(opened, '%m%d') < strftime(k.birth_date, '%m%d') THEN 1 ELSE 0 END
  ELSE k.age_at.years + year(opened) - year(k.age_at."on")
    - CASE WHEN strftime(opened, '%m%d') < strftime(k.age_at."on", '%m%d') THEN 1 ELSE 0 END
  END AS age
  FROM (SELECT year, line, category, opened, unnest(children) AS k FROM cases);
CREATE TEMP VIEW contacts AS SELECT year("on") AS year, channel, client
  FROM raw WHERE "{tag}" = 'contact';
CREATE TEMP VIEW mediations AS SELECT year(received) AS year, kind,
  stages[-1].stage AS stage, stages[-1].reason AS reason, outcome,
  coalesce(child_interviews, 0) AS child_interviews,
  coalesce(children_heard, 0) AS children_heard,
  coalesce(special_guardian, false) AS special_guardian
  FROM raw WHERE "{tag}" = 'mediation_request';
"""


def duckdb_json_aggregate(path: Path, year: int) -> list[Any]:
    """Read the JSON Lines file with DuckDB's ``read_json`` and run the same specification."""
    import duckdb

    columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in _JSON_COLUMNS.items()) + "}"
    con = duckdb.connect()
    try:
        con.execute(_JSON_VIEWS.format(path=f"'{path}'", columns=columns, tag=TAG))
        return con.execute(flat_sql(year)).fetchall()
    finally:
        con.close()
