"""No birth date can be found in any text the library prints.

A birth date is looked for in every spelling a program is likely to print:
ISO 8601, the ``repr`` of a ``datetime.date``, its tuple inside that repr,
the Dutch day-month-year form and the compact basic ISO form.
"""

import ast
import datetime as dt
import pathlib
import re
from collections.abc import Callable

import attrs
import orjson
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import ikomodel
from ikomodel import (
    AgeAtDate,
    Case,
    Category,
    Child,
    ClientKind,
    ClosureReason,
    Line,
    Party,
    Register,
    Role,
    ValidationError,
    dumps_register,
    loads_register,
    minimise,
    opening_date,
)

INITIATOR = Party(kind=ClientKind.FATHER, roles=(Role.INITIATOR,))
SOURCE = pathlib.Path(ikomodel.__file__).parent


def spellings(day: dt.date) -> list[str]:
    """Every way a program is likely to print ``day``."""
    return [
        day.isoformat(),
        repr(day),
        f"{day.year}, {day.month}, {day.day}",
        day.strftime("%d-%m-%Y"),
        day.strftime("%Y%m%d"),
    ]


def leaks(text: str, day: dt.date) -> list[str]:
    """The spellings of ``day`` that occur in ``text`` (not as part of a longer number).

    >>> leaks("opened=datetime.date(2018, 1, 14)", dt.date(2018, 1, 1))
    []
    """
    return [s for s in spellings(day) if re.search(rf"(?<!\d){re.escape(s)}(?!\d)", text)]


@st.composite
def cases_and_birth_dates(draw: st.DrawFn) -> tuple[Case, list[dt.date]]:
    """A valid case with 1-3 children recorded by birth date, and those birth dates.

    Birth dates differ from every other date in the case, so finding one in
    printed text can only mean the birth date leaked.
    """
    opened = draw(st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2025, 12, 31)))
    closed = draw(st.none() | st.just(opened + dt.timedelta(days=draw(st.integers(1, 400)))))
    births = draw(
        st.lists(
            st.integers(1, 17 * 365).map(lambda d: opened - dt.timedelta(days=d)),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    others = {opened, closed}
    assume(all(b not in others for b in births))
    case = Case(
        id="k-1",
        opened=opened,
        closed=closed,
        closure_reason=None if closed is None else ClosureReason.RESOLVED,
        line=Line.SECOND,
        category=draw(st.sampled_from(sorted(ikomodel.ABDUCTION_CATEGORIES))),
        parties=(INITIATOR,),
        habitual_residence="NL",
        destination=draw(st.sampled_from(["MA", "TR", "DE", "PL"])),
        children=tuple(
            Child(id=f"c-{i}", birth_date=b, sex=draw(st.none() | st.sampled_from(ikomodel.Sex)))
            for i, b in enumerate(births)
        ),
    )
    return case, births


def printed(value: object) -> str:
    """Everything ``print``, logging and f-strings would show of ``value``."""
    return f"{value!r}\n{value!s}\n{value}"


@given(drawn=cases_and_birth_dates())
def test_no_birth_date_in_repr_or_str_of_records(drawn: tuple[Case, list[dt.date]]) -> None:
    """Rule: a birth date never appears in repr or str of a child, case or register."""
    case, births = drawn
    register = Register(cases=(case,))
    texts = [printed(case), printed(register), *(printed(c) for c in case.children)]
    texts.append(printed(minimise(register, on=opening_date)))
    for text in texts:
        for birth in births:
            assert [] == leaks(text, birth)


def damages(case: Case) -> list[tuple[Callable[[], object], set[dt.date]]]:
    """Ways to break a case with children, each raising on construction.

    Each comes with the dates it writes into non-personal fields (an opening
    date, a country field, a reference date): a message may echo those.
    """
    child = case.children[0]
    birth = child.birth_date
    assert birth is not None
    before, adult = birth - dt.timedelta(days=1), birth + dt.timedelta(days=18 * 366)
    return [
        (lambda: attrs.evolve(case, opened=before), {before}),
        (lambda: attrs.evolve(case, opened=adult, closed=None, closure_reason=None), {adult}),
        (lambda: attrs.evolve(case, children=(child, child)), set()),
        (lambda: attrs.evolve(case, closed=birth, closure_reason=ClosureReason.OTHER), {birth}),
        (lambda: attrs.evolve(case, destination=str(birth)), {birth}),
        (lambda: attrs.evolve(case, id="", line=Line.FIRST, escalated=case.opened), set()),
        (lambda: Child(id="", birth_date=birth, age_at=AgeAtDate(years=3, on=case.opened)), set()),
        (lambda: Child(id=child.id), set()),
        (lambda: Register(cases=(case, case)), set()),
        (lambda: minimise(Register(cases=(case,)), on=adult), {adult}),
        (lambda: minimise(Register(cases=(case,)), on=before), {before}),
    ]


@given(drawn=cases_and_birth_dates(), which=st.integers(0, 10))
def test_no_birth_date_in_validation_errors(drawn: tuple[Case, list[dt.date]], which: int) -> None:
    """Rule: an error raised by damaging a record with children never shows a birth date."""
    case, births = drawn
    damage, echoed = damages(case)[which]
    with pytest.raises(ValidationError) as info:
        damage()
    error = info.value
    text = printed(error) + "".join(printed(p) for p in error.problems)
    for birth in births:
        if birth not in echoed:
            assert [] == leaks(text, birth)


def test_damages_really_raise() -> None:
    """Each damage used above makes the model raise a ValidationError (the test bites)."""
    case = Case(
        id="k-1",
        opened=dt.date(2021, 3, 1),
        line=Line.SECOND,
        category=Category.ABDUCTION,
        parties=(INITIATOR,),
        children=(Child(id="c-1", birth_date=dt.date(2012, 2, 29)),),
    )
    raised = 0
    for damage, _ in damages(case):
        try:
            damage()
        except ValidationError:
            raised += 1
    assert len(damages(case)) == raised


def _library_modules() -> list[pathlib.Path]:
    return sorted(SOURCE.rglob("*.py"))


def test_the_library_never_logs() -> None:
    """No module imports logging, so no log line can carry a personal value."""
    offenders = []
    for path in _library_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            if any(n.split(".")[0] in {"logging", "structlog", "loguru"} for n in names):
                offenders.append(f"{path.name}:{node.lineno}")
    assert [] == offenders


def test_only_the_command_line_prints() -> None:
    """Only the command-line module calls print; library functions return values instead."""
    offenders = []
    for path in _library_modules():
        if path.stem in {"cli", "__main__"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "print"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert [] == offenders


@given(
    drawn=cases_and_birth_dates(),
    which=st.integers(0, 5),
    format=st.sampled_from(["json", "jsonl"]),
)
def test_no_birth_date_in_reader_errors(
    drawn: tuple[Case, list[dt.date]], which: int, format: str
) -> None:
    """Rule: reading a document with a damaged birth date never echoes any birth date."""
    case, births = drawn
    birth = births[0]
    bad_values: list[object] = [
        f"{birth.isoformat()}T00:00",
        f"{birth.year}-{birth.month:02d}-32",
        birth.strftime("%d-%m-%Y"),
        int(birth.strftime("%Y%m%d")),
        (case.opened + dt.timedelta(days=3)).isoformat(),
        {"date": birth.isoformat()},
    ]
    doc = orjson.loads(dumps_register(Register(cases=(case,)), format="json"))
    doc["cases"][0]["children"][0]["birth_date"] = bad_values[which]
    if format == "json":
        data = orjson.dumps(doc)
    else:
        data = b'{"schema_version":1}\n' + orjson.dumps({"record": "case", **doc["cases"][0]})
    with pytest.raises(ValidationError) as info:
        loads_register(data, format=format)  # type: ignore[arg-type]
    text = printed(info.value) + "".join(printed(p) for p in info.value.problems)
    for day in births:
        assert [] == leaks(text, day)
    assert str(bad_values[which]) not in text
