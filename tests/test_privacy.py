import datetime as dt
import hashlib
import hmac

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ikomodel import (
    MIN_KEY_BYTES,
    AgeAtDate,
    Case,
    Category,
    Channel,
    Child,
    ClientKind,
    Contact,
    Line,
    MediationKind,
    MediationRequest,
    MediationStage,
    Party,
    Pseudonymiser,
    Register,
    Role,
    StageChange,
    ValidationError,
    age_reference_date,
    annual_report,
    minimise,
    opening_date,
    pseudonymise,
    pseudonymise_register,
)
from ikomodel.testing import registers as register_strategy

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
INITIATOR = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))

# Random keys, as generate_key makes them (keys with too little variety are refused).
keys = st.builds(
    lambda seed, size: hashlib.shake_256(seed).digest(size),
    st.binary(max_size=16),
    st.integers(MIN_KEY_BYTES, 64),
)
purposes = st.from_regex(r"[a-z][a-z0-9_-]{0,31}", fullmatch=True)
opened_dates = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2025, 12, 31))


@st.composite
def cases_with_children(draw: st.DrawFn, case_id: str = "k") -> Case:
    """A valid case whose children are recorded with birth dates (0 to 17 years old)."""
    opened = draw(opened_dates)
    count = draw(st.integers(min_value=1, max_value=3))
    children = tuple(
        Child(
            id=f"c-{i}",
            birth_date=opened - dt.timedelta(days=draw(st.integers(0, 17 * 365))),
        )
        for i in range(count)
    )
    return Case(
        id=case_id,
        opened=opened,
        line=Line.SECOND,
        category=draw(st.sampled_from(Category)),
        parties=(INITIATOR,),
        children=children,
    )


@st.composite
def registers(draw: st.DrawFn) -> Register:
    """A valid register of cases with children, contacts and mediation requests."""
    count = draw(st.integers(min_value=0, max_value=4))
    cases = tuple(draw(cases_with_children(case_id=f"k-{i}")) for i in range(count))
    contacts = tuple(
        Contact(
            id=f"t-{i}",
            on=case.opened,
            channel=Channel.EMAIL,
            client=ClientKind.MOTHER,
            case_id=case.id,
        )
        for i, case in enumerate(cases)
    )
    mediation = tuple(
        MediationRequest(
            id=f"m-{i}",
            kind=MediationKind.NIKO,
            received=case.opened,
            case_id=case.id,
            stages=(StageChange(stage=MediationStage.RECEIVED, on=case.opened),),
        )
        for i, case in enumerate(cases[:2])
    )
    return Register(cases=cases, contacts=contacts, mediation_requests=mediation)


def test_pseudonym_is_keyed_hmac_sha256_with_purpose_and_version() -> None:
    """The pseudonym is purpose, version and a base32 prefix of HMAC-SHA256 over all three."""
    import base64

    raw = hmac.new(KEY, b"ikomodel-pseudonym\x00case\x001\x00IKO-7", hashlib.sha256).digest()
    expected = "case:v1:" + base64.b32encode(raw).decode().lower()[:26]
    assert expected == pseudonymise("IKO-7", key=KEY, purpose="case")


def test_pseudonym_is_not_the_plain_hash() -> None:
    """Without the key a pseudonym cannot be recomputed from a plain SHA-256 of the value."""
    plain = hashlib.sha256(b"IKO-7").hexdigest()
    assert plain[:10] not in pseudonymise("IKO-7", key=KEY, purpose="case")


@given(value=st.text(), key=keys, purpose=purposes, version=st.integers(1, 1000))
def test_pseudonymise_is_deterministic_and_well_formed(
    value: str, key: bytes, purpose: str, version: int
) -> None:
    """Rule: the same value, key, purpose and version always give the same pseudonym."""
    first = pseudonymise(value, key=key, purpose=purpose, version=version)
    assert first == pseudonymise(value, key=key, purpose=purpose, version=version)
    head, ver, digest = first.rsplit(":", 2)
    assert (purpose, f"v{version}", 26) == (head, ver, len(digest))
    assert set(digest) <= set("abcdefghijklmnopqrstuvwxyz234567")


@given(a=st.text(), b=st.text())
def test_different_values_give_different_pseudonyms(a: str, b: str) -> None:
    """Rule: distinct values never share a pseudonym (130 bits make collisions negligible)."""
    assume(a != b)
    assert pseudonymise(a, key=KEY, purpose="case") != pseudonymise(b, key=KEY, purpose="case")


def test_key_purpose_and_version_each_change_the_pseudonym() -> None:
    """Another key, purpose or key version gives an unrelated pseudonym for the same value."""
    base = pseudonymise("IKO-7", key=KEY, purpose="case")
    variants = {
        pseudonymise("IKO-7", key=OTHER_KEY, purpose="case"),
        pseudonymise("IKO-7", key=KEY, purpose="child"),
        pseudonymise("IKO-7", key=KEY, purpose="case", version=2),
    }
    digests = {v.rsplit(":", 1)[1] for v in variants}
    assert 3 == len(digests)
    assert base.rsplit(":", 1)[1] not in digests


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"key": b"short", "purpose": "case"}, "key"),
        ({"key": "a string key of enough length", "purpose": "case"}, "key"),
        ({"key": KEY, "purpose": "Case ID"}, "purpose"),
        ({"key": KEY, "purpose": ""}, "purpose"),
        ({"key": KEY, "purpose": "case", "version": 0}, "version"),
        ({"key": KEY, "purpose": "case", "version": True}, "version"),
    ],
)
def test_bad_key_purpose_or_version_is_rejected_by_name(
    kwargs: dict[str, object], path: str
) -> None:
    """A short or non-bytes key, a malformed purpose or a version below 1 raise naming it."""
    with pytest.raises(ValidationError) as info:
        pseudonymise("IKO-7", **kwargs)  # type: ignore[arg-type]
    assert [path] == list(info.value.paths)


def test_short_key_error_says_how_long_and_never_shows_the_key() -> None:
    """The short-key error gives the minimum length and does not echo the key or the value."""
    with pytest.raises(ValidationError) as info:
        pseudonymise("IKO-7", key=b"sekrit", purpose="case")
    message = str(info.value)
    assert "16" in message
    assert "sekrit" not in message
    assert "IKO-7" not in message


def test_pseudonymiser_matches_the_function_and_hides_its_key() -> None:
    """A Pseudonymiser gives the function's pseudonym and its repr never shows the key."""
    to_child = Pseudonymiser(key=KEY, purpose="child", version=3)
    assert pseudonymise("c-1", key=KEY, purpose="child", version=3) == to_child("c-1")
    assert "Pseudonymiser(purpose='child', version=3)" == repr(to_child)
    with pytest.raises(ValidationError):
        Pseudonymiser(key=b"x", purpose="child")


@given(register=registers(), key=keys)
def test_pseudonymised_register_keeps_links_and_hides_ids(register: Register, key: bytes) -> None:
    """Rule: every id is replaced by its pseudonym and every case_id follows its case."""
    result = pseudonymise_register(register, key=key, version=2)
    case_map = {c.id: r.id for c, r in zip(register.cases, result.cases, strict=True)}
    for original, new in zip(register.cases, result.cases, strict=True):
        assert pseudonymise(original.id, key=key, purpose="case", version=2) == new.id
        assert [
            pseudonymise(k.id, key=key, purpose="child", version=2) for k in original.children
        ] == [k.id for k in new.children]
        assert attrs.evolve(original, id=new.id, children=new.children) == new
    for original_contact, new_contact in zip(register.contacts, result.contacts, strict=True):
        assert original_contact.case_id is not None
        assert case_map[original_contact.case_id] == new_contact.case_id
    for original_request, new_request in zip(
        register.mediation_requests, result.mediation_requests, strict=True
    ):
        assert case_map[original_request.case_id] == new_request.case_id
        assert new_request.id.startswith("mediation:v2:")


@given(register=registers(), on=opened_dates)
def test_minimise_keeps_the_age_on_the_reference_date(register: Register, on: dt.date) -> None:
    """Rule: after minimising, every child's age on the reference date is exactly as before."""
    assume(
        all(
            k.birth_date is not None and k.birth_date <= on and k.age_on(on) < 18
            for c in register.cases
            for k in c.children
        )
    )
    result = minimise(register, on=on)
    for original, new in zip(register.cases, result.cases, strict=True):
        for before, after in zip(original.children, new.children, strict=True):
            assert after.birth_date is None
            assert AgeAtDate(years=before.age_on(on), on=on) == after.age_at
            assert before.age_on(on) == after.age_on(on)
    assert register.contacts == result.contacts


@given(register=registers(), later=st.integers(0, 3000))
def test_minimise_at_opening_is_exact_then_a_lower_bound_within_a_year(
    register: Register, later: int
) -> None:
    """Rule: ages at the opening date are exact; on later dates at most one year short."""
    result = minimise(register, on=opening_date)
    for original, new in zip(register.cases, result.cases, strict=True):
        assert attrs.evolve(original, children=new.children) == new
        other = original.opened + dt.timedelta(days=later)
        for before, after in zip(original.children, new.children, strict=True):
            assert before.age_on(original.opened) == after.age_on(original.opened)
            assert 0 <= before.age_on(other) - after.age_on(other) <= 1


def test_minimise_keeps_children_recorded_by_age() -> None:
    """A child recorded only with an age keeps that age unchanged."""
    child = Child(id="c-1", age_at=AgeAtDate(years=7, on=dt.date(2020, 1, 1)))
    case = Case(
        id="k-1",
        opened=dt.date(2021, 1, 1),
        line=Line.FIRST,
        category=Category.GENERAL_ADVICE,
        parties=(INITIATOR,),
        children=(child,),
    )
    register = Register(cases=(case,))
    assert register == minimise(register, on=dt.date(2021, 6, 1))


def test_minimise_refuses_a_reference_date_at_which_a_child_is_an_adult() -> None:
    """A reference date when a child is 18 or unborn is an error naming the child only."""
    case = Case(
        id="k-1",
        opened=dt.date(2021, 1, 1),
        line=Line.FIRST,
        category=Category.GENERAL_ADVICE,
        parties=(INITIATOR,),
        children=(
            Child(id="c-1", birth_date=dt.date(2010, 5, 17)),
            Child(id="c-2", birth_date=dt.date(2020, 9, 3)),
        ),
    )
    with pytest.raises(ValidationError) as info:
        minimise(Register(cases=(case,)), on=dt.date(2028, 6, 1))
    assert ["cases[0].children[0]"] == list(info.value.paths)
    with pytest.raises(ValidationError) as info:
        minimise(Register(cases=(case,)), on=dt.date(2020, 1, 1))
    assert ["cases[0].children[1]"] == list(info.value.paths)
    assert "2010" not in str(info.value)
    assert "05-17" not in str(info.value)


@settings(max_examples=60)
@given(register=register_strategy(max_cases=12))
def test_minimised_register_gives_the_same_annual_report(register: Register) -> None:
    """Rule: minimising at the report's age reference date loses no figure of the annual report."""
    # A removal before a child's birth is refused by the model, and minimise refuses it too.
    assume(
        all(
            k.birth_date is None or k.birth_date <= age_reference_date(c)
            for c in register.cases
            for k in c.children
        )
    )
    minimal = minimise(register, on=age_reference_date)
    assert all(k.birth_date is None for c in minimal.cases for k in c.children)
    for year in (2020, 2021):
        assert annual_report(register, year) == annual_report(minimal, year)
