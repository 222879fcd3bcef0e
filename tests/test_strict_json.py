"""Strict JSON: a key repeated in any object is refused by every reader, with its path.

Regression tests of issue 17, defect 2 (msgspec and orjson keep the last of
repeated keys silently).
"""

import datetime as dt
from pathlib import Path

import pytest

from ikomodel import (
    DocumentError,
    ValidationError,
    dumps_figures,
    dumps_register,
    example_register,
    loads_figures,
    loads_register,
    published_figures,
    read_register,
)

CASE = (
    '{"id":"k-1","opened":"2021-03-01","line":"first","category":"prevention",'
    '"parties":[{"kind":"mother","roles":["initiator"]}],'
    '"children":[{"id":"c-1",BIRTH}]}'
)
GOOD_BIRTH = '"birth_date":"2014-07-02"'


def _case(birth: str = GOOD_BIRTH) -> str:
    return CASE.replace("BIRTH", birth)


def _paths(error: ValidationError) -> list[str]:
    return [p.path for p in error.problems]


def test_repeated_collection_key_is_refused_not_last_wins() -> None:
    text = '{"schema_version":1,"cases":[' + _case() + '],"cases":[]}'
    with pytest.raises(ValidationError) as caught:
        loads_register(text)
    assert _paths(caught.value) == ["cases"]
    assert "more than once" in caught.value.problems[0].message


def test_repeated_birth_date_key_is_refused_with_its_path() -> None:
    text = '{"schema_version":1,"cases":[' + _case('"birth_date":12345,' + GOOD_BIRTH) + "]}"
    with pytest.raises(ValidationError) as caught:
        loads_register(text)
    assert _paths(caught.value) == ["cases[0].children[0].birth_date"]
    assert "2014" not in str(caught.value)


def test_repeated_schema_version_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        loads_register('{"schema_version":1,"schema_version":1}')
    assert _paths(caught.value) == ["schema_version"]


def test_same_document_without_repetition_reads() -> None:
    text = '{"schema_version":1,"cases":[' + _case() + "]}"
    assert loads_register(text).cases[0].children[0].birth_date == dt.date(2014, 7, 2)


def test_repeated_key_in_json_lines_record_is_refused_with_line() -> None:
    line = '{"record":"case",' + _case('"birth_date":12345,' + GOOD_BIRTH)[1:]
    text = '{"schema_version":1}\n' + line + "\n"
    with pytest.raises(ValidationError) as caught:
        loads_register(text, format="jsonl")
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (2, "cases[0].children[0].birth_date")


def test_repeated_key_in_json_lines_header_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        loads_register('{"schema_version":1,"schema_version":1}\n', format="jsonl")
    assert [(p.line, p.path) for p in caught.value.problems] == [(1, "schema_version")]


def test_repeated_key_in_a_block_of_valid_lines_is_found(tmp_path: Path) -> None:
    # The fast path reads whole blocks of lines: one repeated key among many valid lines.
    text = dumps_register(example_register(), format="jsonl").decode()
    lines = text.splitlines()
    lines[100] = lines[100].replace('"id":', '"id":"x",' + '"id":', 1)
    file = tmp_path / "r.jsonl"
    file.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValidationError) as caught:
        read_register(file)
    assert [(p.line, p.path) for p in caught.value.problems] == [(101, "cases[99].id")]


def test_repeated_key_hidden_behind_an_escaped_colon_is_found() -> None:
    # An escaped colon in a string must not make up for the key that was dropped.
    case = _case().replace('"c-1"', '"c\\u003a1"').replace('"k-1"', '"k-1","id":"k-2"')
    with pytest.raises(ValidationError) as caught:
        loads_register('{"schema_version":1,"cases":[' + case + "]}")
    assert _paths(caught.value) == ["cases[0].id"]


def test_escaped_colons_without_repetition_read() -> None:
    case = _case().replace('"c-1"', '"c\\u003a1"')
    register = loads_register('{"schema_version":1,"cases":[' + case + "]}")
    assert register.cases[0].children[0].id == "c:1"


def test_explicit_nulls_without_repetition_read() -> None:
    case = _case().replace('"category":', '"closed":null,"category":')
    assert loads_register('{"schema_version":1,"cases":[' + case + "]}").cases[0].closed is None
    line = '{"record":"case",' + case[1:]
    register = loads_register('{"schema_version":1}\n' + line + "\n", format="jsonl")
    assert register.cases[0].closed is None


def test_written_registers_read_back_in_both_formats() -> None:
    register = example_register()
    for format_ in ("json", "jsonl"):
        assert loads_register(dumps_register(register, format=format_), format=format_) == register


def test_repeated_key_in_figures_document_is_refused() -> None:
    text = dumps_figures(published_figures(2021)).decode()
    repeated = text.replace('"year": 2021', '"year": 2021, "year": 2020', 1)
    assert repeated != text
    with pytest.raises(ValidationError) as caught:
        loads_figures(repeated)
    assert _paths(caught.value) == ["year"]


def test_lone_surrogate_is_a_document_error() -> None:
    with pytest.raises(DocumentError, match="lone surrogate"):
        loads_register("\ud800")
    with pytest.raises(DocumentError, match="lone surrogate"):
        loads_figures("\ud800")


# A party or a stage change is shared by the exact text of its object: the reader remembers
# only texts it has decoded and checked, so a repeated key inside one is found whether or
# not an equal-looking party came before, in a block of valid lines or line by line.
MOTHER = '{"kind":"mother","roles":["initiator"]}'
REPEATED = '{"kind":"father","kind":"mother","roles":["initiator"]}'


def _lines_with_parties(*parties: str) -> str:
    lines = ['{"schema_version":1}']
    for i, party in enumerate(parties):
        case = _case().replace('"k-1"', f'"k-{i}"').replace('"c-1"', f'"c-{i}"')
        case = case.replace(MOTHER, party)
        lines.append('{"record":"case",' + case[1:])
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "parties",
    [
        (MOTHER, REPEATED),  # the clean text first: the repeated one is another text
        (REPEATED, MOTHER),
        (REPEATED, REPEATED),  # never remembered: refused each time
    ],
    ids=["clean-first", "repeated-first", "repeated-twice"],
)
def test_repeated_key_in_a_shared_party_is_refused_wherever_it_comes(
    parties: tuple[str, ...],
) -> None:
    with pytest.raises(ValidationError) as caught:
        loads_register(_lines_with_parties(*parties), format="jsonl")
    expected = [
        (i + 2, f"cases[{i}].parties[0].kind") for i, p in enumerate(parties) if p == REPEATED
    ]
    assert [(p.line, p.path) for p in caught.value.problems] == expected


def test_repeated_key_in_a_shared_stage_change_is_refused() -> None:
    line = (
        '{"record":"mediation_request","id":"m","kind":"iko","received":"2021-03-02",'
        '"case_id":"k-0","stages":[{"stage":"received","stage":"received","on":"2021-03-02"}]}'
    )
    text = _lines_with_parties(MOTHER) + line + "\n"
    with pytest.raises(ValidationError) as caught:
        loads_register(text, format="jsonl")
    assert [(p.line, p.path) for p in caught.value.problems] == [
        (3, "mediation_requests[0].stages[0].stage")
    ]


def test_equal_parties_written_differently_read_as_one() -> None:
    spaced = '{ "roles" : [ "initiator" ], "kind" : "mother" }'
    register = loads_register(_lines_with_parties(MOTHER, spaced, MOTHER), format="jsonl")
    first, second, third = (case.parties[0] for case in register.cases)
    assert first == second == third
    assert first is third  # the same text: one shared record


def test_repeated_key_in_a_party_of_a_register_document_is_refused() -> None:
    cases = ",".join(
        _case().replace('"k-1"', f'"k-{i}"').replace(MOTHER, party)
        for i, party in enumerate((MOTHER, REPEATED))
    )
    with pytest.raises(ValidationError) as caught:
        loads_register('{"schema_version":1,"cases":[' + cases + "]}")
    assert _paths(caught.value) == ["cases[1].parties[0].kind"]
