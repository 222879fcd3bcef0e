"""Only the library's errors: bad input is answered with an IkoModelError subclass.

Regression tests of issue 17, defect 5 (item 4 of what to build).
"""

import contextlib
import datetime as dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ikomodel import (
    AgeAtDate,
    Case,
    Category,
    Child,
    ClientKind,
    Contact,
    DocumentError,
    IkoModelError,
    Line,
    Party,
    Register,
    Role,
    Sex,
    UnknownYearError,
    ValidationError,
    annual_report,
    dumps_register,
    example_register,
    loads_register,
    minimise,
    read_figures,
    read_register,
    write_register,
)
from ikomodel.cli import cli

MOTHER = Party(kind=ClientKind.MOTHER, roles=(Role.INITIATOR,))
DAY = dt.date(2021, 3, 10)


def _case(**changes: object) -> Case:
    fields: dict[str, object] = {
        "id": "k-1",
        "opened": DAY,
        "line": Line.FIRST,
        "category": Category.PREVENTION,
        "parties": (MOTHER,),
    }
    fields.update(changes)
    return Case(**fields)  # type: ignore[arg-type]


def test_loads_register_of_a_lone_surrogate_is_a_document_error() -> None:
    with pytest.raises(DocumentError):
        loads_register("\ud800")


def test_nul_in_a_path_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="NUL"):
        read_register("a\0b.json")
    with pytest.raises(DocumentError, match="NUL"):
        write_register(Register(), str(tmp_path / "a\0b.json"))
    with pytest.raises(DocumentError, match="NUL"):
        read_figures("a\0b.json")


def test_minimise_with_a_string_date_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        minimise(example_register(), on="2021-01-01")  # type: ignore[arg-type]
    assert caught.value.paths == ["on"]


def test_label_in_an_unknown_language_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        Category.PREVENTION.label("de")  # type: ignore[arg-type]
    assert caught.value.paths == ["lang"]


@pytest.mark.parametrize("year", [True, "2021", 2021.0])
def test_annual_report_of_a_year_that_is_no_whole_number_is_a_validation_error(
    year: object,
) -> None:
    with pytest.raises(ValidationError) as caught:
        annual_report(example_register(), year)  # type: ignore[arg-type]
    assert caught.value.paths == ["year"]


@pytest.mark.parametrize("year", [-1, 0, 10_000])
def test_annual_report_of_an_impossible_year_is_an_unknown_year(year: int) -> None:
    with pytest.raises(UnknownYearError) as caught:
        annual_report(example_register(), year)
    assert caught.value.year == year


def test_read_register_refuses_a_fifo_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "r.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match="FIFO"):
        read_register(fifo)


def test_read_register_refuses_a_link_to_dev_zero(tmp_path: Path) -> None:
    link = tmp_path / "r.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(DocumentError, match="character device"):
        read_register(link)


def test_report_charts_into_an_existing_file_is_one_line(tmp_path: Path) -> None:
    existing = tmp_path / "charts"
    existing.write_text("")
    result = CliRunner().invoke(cli, ["report", "--charts", str(existing)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith("ikomodel: error:")
    assert not isinstance(result.exception, OSError)


def test_case_with_a_string_opening_date_is_refused_at_construction() -> None:
    with pytest.raises(ValidationError) as caught:
        _case(opened="2021-03-10")
    assert caught.value.paths == ["opened"]
    assert "2021" not in str(caught.value)


def test_child_with_a_string_birth_date_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Child(id="c-1", birth_date="2014-07-02")  # type: ignore[arg-type]
    assert caught.value.paths == ["birth_date"]
    assert "2014" not in str(caught.value)


def test_case_with_a_numeric_id_is_refused_so_nothing_unreadable_is_written() -> None:
    with pytest.raises(ValidationError) as caught:
        _case(id=5)
    assert caught.value.paths == ["id"]


def test_datetime_bool_and_huge_numbers_are_refused() -> None:
    with pytest.raises(ValidationError):
        _case(opened=dt.datetime(2021, 3, 10))
    with pytest.raises(ValidationError):
        Contact(
            id="x",
            on=DAY,
            channel="telephone",  # type: ignore[arg-type]
            client=ClientKind.MOTHER,
            case_id=7,  # type: ignore[arg-type]
        )
    with pytest.raises(ValidationError):
        AgeAtDate(years=True, on=DAY)
    with pytest.raises(ValidationError):
        Register(cases=[_case()])  # type: ignore[arg-type]


def test_every_error_of_the_constructors_is_the_library_s() -> None:
    for value in (None, 1, 1.5, "x", b"x", (), [], {}, DAY, object()):
        for build in (
            lambda v: _case(opened=v),
            lambda v: _case(parties=v),
            lambda v: _case(children=(v,)),
            lambda v: Child(id="c", birth_date=v),
            lambda v: Child(id="c", age_at=v),
            lambda v: Child(id=v, birth_date=DAY),
        ):
            with contextlib.suppress(IkoModelError):
                build(value)


_TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12) | st.text(max_size=4)
_ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.dates(),
    st.datetimes(),
    _TEXT,
    st.sampled_from(list(Sex)),
)


@settings(max_examples=300, deadline=None)
@given(
    child_id=_ANY,
    birth=_ANY,
    sex=_ANY,
    case_id=_ANY,
    opened=st.one_of(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)), _ANY),
)
def test_any_record_the_constructors_accept_is_written_and_read_back(
    child_id: object, birth: object, sex: object, case_id: object, opened: object
) -> None:
    try:
        child = Child(id=child_id, birth_date=birth, sex=sex)  # type: ignore[arg-type]
        register = Register(
            cases=(_case(id=case_id, opened=opened, children=(child,)),),
            contacts=(
                Contact(id="c", on=DAY, channel="email", client=ClientKind.MOTHER),  # type: ignore[arg-type]
            ),
        )
    except IkoModelError:
        return
    for format_ in ("json", "jsonl"):
        assert loads_register(dumps_register(register, format=format_), format=format_) == register
