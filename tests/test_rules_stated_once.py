"""Tests: the aggregation applies the classification rules, stated once, through their cached forms.

``annual_report`` looks a rule's answer up per record in a ``Memo`` (the
rule run once per distinct input) of a ``YearRules``. These tests check, on
generated cases, that every cached form gives the answer of the public rule
it stands for, that a memo only ever calls the rule it wraps, and that the
aggregation reaches the rules through their documented internal interface
(no underscore-private name of another module).
"""

import ast
import datetime as dt
import importlib
from collections import Counter
from pathlib import Path

import attrs
from hypothesis import given
from hypothesis import strategies as st

import ikomodel
from ikomodel import (
    CameBack,
    Case,
    ClientGroup,
    ClientKind,
    InitiatingParty,
    Line,
    age_reference_date,
    case_treaty_status,
    direction,
    initiating_party,
    other_country,
)
from ikomodel._report.aggregate import ArgsMemo, Memo, YearRules
from ikomodel._rules.classify import came_back_answer, client_group, initiating_party_of
from ikomodel.testing import cases

_SRC = Path(ikomodel.__file__).parent
_YEARS = st.integers(min_value=2018, max_value=2023)
_NEAR = st.integers(min_value=-2, max_value=2)


@st.composite
def _near_the_year_end(draw: st.DrawFn, year: int) -> Case:
    """A case of ``year`` whose escalation and closing, if any, fall within days of its end."""
    case = draw(cases(year=year))
    end = dt.date(year, 12, 31)
    escalated = closed = None
    if case.escalated is not None:
        escalated = max(case.opened, end + dt.timedelta(days=draw(_NEAR)))
    if case.closed is not None:
        closed = max(escalated or case.opened, end + dt.timedelta(days=draw(_NEAR)))
    return attrs.evolve(case, escalated=escalated, closed=closed)


@st.composite
def _year_and_cases(draw: st.DrawFn) -> tuple[int, list[Case]]:
    """A year, and cases of any year or with dates at the end of that year."""
    year = draw(_YEARS)
    return year, draw(st.lists(cases() | _near_the_year_end(year), max_size=8))


@given(_year_and_cases())
def test_the_cached_rules_of_a_year_agree_with_the_public_rules(
    year_and_cases: tuple[int, list[Case]],
) -> None:
    """Rules: each cached form of ``YearRules(year)`` answers as the public rule does.

    * "A case counts in the year it was opened, on the line it was on at the
      year end": for a case on the second line now,
      ``second_line_at_end[escalated]`` is ``case.line_on(31 December)``; a
      case on the first line now was on it then.
    * "Of the cases opened in the year, those closed on or before 31 December
      are closed in the year": for a case opened by the year end,
      ``closed_by_end[closed]`` is ``not case.is_open_on(31 December)``.
    * "Direction by direction()", and the other country: ``route[habitual
      residence, destination]`` is ``(direction(case), other_country(case))``.
    * "Treaty status by case_treaty_status() ... of the other country on the
      removal date": ``treaty_class[direction, other country,
      age_reference_date(case)]`` is ``case_treaty_status(case)``.

    One ``YearRules`` serves every drawn case, so later cases also read
    answers cached for earlier ones, as in ``annual_report``.
    """
    year, drawn = year_and_cases
    rules = YearRules(year)
    end = dt.date(year, 12, 31)
    for case in drawn:
        for _ in range(2):  # the first look-up may run the rule, the second reads the cache
            if case.line is Line.SECOND:
                assert case.line_on(end) is rules.second_line_at_end[case.escalated]
            else:
                assert case.line_on(end) is Line.FIRST
            if case.opened <= end:
                assert case.is_open_on(end) is not rules.closed_by_end[case.closed]
            way, far = rules.route[case.habitual_residence, case.destination]
            assert (direction(case), other_country(case)) == (way, far)
            assert (
                case_treaty_status(case) is rules.treaty_class[way, far, age_reference_date(case)]
            )


@given(cases())
def test_the_rules_on_their_inputs_agree_with_the_rules_on_a_case(case: Case) -> None:
    """Rules: the aggregation's per-input rules give the case's classification.

    "The initiating party is the initiator's kind: mother, father, or other":
    ``initiating_party_of(initiator kind)`` is ``initiating_party(case)``.
    Came back as an abduction: recorded ``True`` is yes, ``False`` no, and
    not recorded is unknown (``None``).
    """
    assert initiating_party(case) is initiating_party_of(case.initiator.kind)
    expected = {True: CameBack.YES, False: CameBack.NO, None: None}
    assert expected[case.came_back_as_abduction] is came_back_answer(case.came_back_as_abduction)


def test_client_groups_and_initiating_parties_follow_the_report() -> None:
    """Rules: parents are mothers and fathers; relatives include friends; the rest are "other"."""
    assert {
        ClientKind.MOTHER: (ClientGroup.PARENTS, InitiatingParty.MOTHER),
        ClientKind.FATHER: (ClientGroup.PARENTS, InitiatingParty.FATHER),
        ClientKind.RELATIVE: (ClientGroup.RELATIVES, InitiatingParty.OTHER),
        ClientKind.FRIEND_OR_NEIGHBOUR: (ClientGroup.RELATIVES, InitiatingParty.OTHER),
        ClientKind.PROFESSIONAL: (ClientGroup.PROFESSIONALS, InitiatingParty.OTHER),
    } == {kind: (client_group(kind), initiating_party_of(kind)) for kind in ClientKind}


@given(st.lists(st.integers(min_value=-3, max_value=3), max_size=20))
def test_a_memo_runs_its_rule_once_per_distinct_input_and_returns_its_answer(
    keys: list[int],
) -> None:
    """A memo holds only the answers of the rule it wraps: one call per distinct key."""
    calls: Counter[int] = Counter()

    def rule(key: int) -> int:
        calls[key] += 1
        return key * key - 1

    memo: Memo[int, int] = Memo(rule)
    assert [key * key - 1 for key in keys] == [memo[key] for key in keys]
    assert dict.fromkeys(keys, 1) == dict(calls)


@given(st.lists(st.tuples(st.integers(-2, 2), st.integers(-2, 2)), max_size=20))
def test_an_args_memo_runs_its_rule_once_per_distinct_arguments(
    keys: list[tuple[int, int]],
) -> None:
    """An args memo calls its rule with the key's items as arguments, once per distinct key."""
    calls: Counter[tuple[int, int]] = Counter()

    def rule(a: int, b: int) -> int:
        calls[a, b] += 1
        return 10 * a - b

    memo: ArgsMemo[tuple[int, int], int] = ArgsMemo(rule)
    assert [10 * a - b for a, b in keys] == [memo[a, b] for a, b in keys]
    assert dict.fromkeys(keys, 1) == dict(calls)


def test_each_annual_report_call_has_rules_of_its_own_year() -> None:
    """The cached forms are made per year: one escalation date, two lines at two year ends."""
    escalated = dt.date(2022, 1, 10)
    assert Line.FIRST is YearRules(2021).second_line_at_end[escalated]
    assert Line.SECOND is YearRules(2022).second_line_at_end[escalated]


def _imports(path: Path) -> list[tuple[str, str]]:
    """Every (module, name) imported from an ikomodel module by the file at ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module is not None
        and node.module.startswith("ikomodel")
        for alias in node.names
    ]


def test_the_aggregation_uses_the_rules_through_their_internal_interface() -> None:
    """Aggregation and synthesis import no private name, and every internal rule is documented.

    A name that is neither public (``ikomodel.__all__``) nor private is part of
    a module's internal interface, and the docstring of that module says so.
    """
    users = [_SRC / "_report" / "aggregate.py", *sorted((_SRC / "_synthetic").glob("*.py"))]
    for path in users:
        for module, name in _imports(path):
            assert not name.startswith("_"), (path.name, module, name)
            if name in ikomodel.__all__ or not module.startswith(
                ("ikomodel._rules", "ikomodel._core")
            ):
                continue
            doc = importlib.import_module(module).__doc__ or ""
            assert "internal" in doc, (module, name)
            assert f"`{name}`" in doc, (module, name)
