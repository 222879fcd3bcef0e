"""The one catalogue of relations between figures, and the tables as typed identities.

Reconciliation and suppression both read ``_report.relations.catalogue``;
these tests prove it, check that every relation names real tables, columns
and rows, and that every table identity has a specification and a computed
table.
"""

import pickle
from collections.abc import Callable

import pytest

from ikomodel import (
    TABLE_SPECS,
    TABLES,
    AnnualReport,
    FigureKey,
    FigureRef,
    FigureStatus,
    FindingKind,
    Register,
    Relation,
    RowKey,
    Table,
    annual_report,
    example_register,
    feasible_ranges,
    published_figures,
    reconcile,
    suppress,
)
from ikomodel._published import reconcile as reconcile_module
from ikomodel._report import relations
from ikomodel._report.relations import FigureRelation, SameFigure, SumRelation
from ikomodel._report.tables import PRESS_TABLE_SPECS, TableId

Catalogue = Callable[..., tuple[FigureRelation, ...]]


def _key(ref: FigureRef) -> FigureKey:
    return ref.table, ref.row, ref.column


def _possible_keys(
    relation: FigureRelation, report: AnnualReport
) -> tuple[FigureKey, set[FigureKey]]:
    """The whole of a catalogue relation and every figure that may be one of its parts."""
    if isinstance(relation, SameFigure):
        return _key(relation.reference), {_key(relation.figure)}
    parts = {_key(ref) for ref in (*relation.parts, *relation.optional)}
    for every in relation.every_row:
        parts |= {(every.table, row, every.column) for row in report[every.table].rows}
    return _key(relation.whole), parts


def _is_view(used: Relation, report: AnnualReport) -> bool:
    """Whether a relation suppression reasons with is a relation of the report's catalogue."""
    for relation in relations.catalogue(report.year, relations.report_span(report)):
        whole, parts = _possible_keys(relation, report)
        exact = isinstance(relation, SameFigure) or not relation.subset
        if used.whole == whole and set(used.parts) <= parts and (exact or not used.exact):
            return True
    return False


@pytest.fixture(scope="module")
def computed() -> AnnualReport:
    return annual_report(example_register(), 2021)


def test_the_2021_findings_are_relations_of_the_catalogue() -> None:
    """Every finding on the published 2021 figures names a relation of the 2021 catalogue."""
    ids = {relation.id for relation in relations.catalogue(2021)}
    findings = reconcile(published_figures(2021))
    assert 6 == len(findings)
    assert [] == [f.relation for f in findings if f.relation not in ids]


def test_reconcile_checks_every_relation_of_the_catalogue_and_no_other(
    monkeypatch: pytest.MonkeyPatch, computed: AnnualReport
) -> None:
    """Reconciliation checks exactly the catalogue's relations, each once, in its order."""
    checked: list[FigureRelation] = []
    sums, same = reconcile_module._sum_relation, reconcile_module._same_figure

    def record_sum(report: AnnualReport, relation: SumRelation) -> object:
        checked.append(relation)
        return sums(report, relation)

    def record_same(report: AnnualReport, relation: SameFigure) -> object:
        checked.append(relation)
        return same(report, relation)

    monkeypatch.setattr(reconcile_module, "_sum_relation", record_sum)
    monkeypatch.setattr(reconcile_module, "_same_figure", record_same)
    for report in (published_figures(2021), computed):
        checked.clear()
        reconcile(report)
        assert relations.catalogue(2021, 4) == tuple(checked)


def test_suppression_reasons_only_with_relations_of_the_catalogue(computed: AnnualReport) -> None:
    """Every relation suppression uses is a catalogue relation, as far as its figures are stated."""
    for report in (computed, published_figures(2021)):
        published = suppress(report, threshold=5)
        assert published.relations
        assert [] == [r for r in published.relations if not _is_view(r, report)]


def test_reconcile_and_suppress_call_the_one_catalogue(
    monkeypatch: pytest.MonkeyPatch, computed: AnnualReport
) -> None:
    """Both read ``relations.catalogue``: replaced, it changes what both do."""
    original: Catalogue = relations.catalogue
    calls: list[tuple[object, ...]] = []

    def spy(*args: object) -> tuple[FigureRelation, ...]:
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(relations, "catalogue", spy)
    reconcile(computed)
    suppress(computed, threshold=5)
    assert [(2021, 4), (2021, 4)] == calls

    def without_relocation(*args: object) -> tuple[FigureRelation, ...]:
        return tuple(r for r in original(*args) if r.id != "relocation:cases:table_1_7")

    monkeypatch.setattr(relations, "catalogue", without_relocation)
    assert 5 == len(reconcile(published_figures(2021)))

    monkeypatch.setattr(relations, "catalogue", lambda *args: ())
    assert () == reconcile(published_figures(2021))
    published = suppress(computed, threshold=5)
    assert () == published.relations
    small = [
        key for key, value in _figures(computed).items() if 0 < value < 5 and key[1] is not None
    ]
    assert sorted(map(str, small)) == sorted(map(str, published.suppressed))


def _figures(report: AnnualReport) -> dict[FigureKey, int]:
    return {(c.table, c.row, c.column): c.value for c in report.cells()}


def test_the_mediation_funnel_is_the_same_for_both(computed: AnnualReport) -> None:
    """Suppression reasons with each step of the funnel that reconciliation checks."""
    published = suppress(computed, threshold=1)
    steps = {(r.whole, r.parts, r.exact) for r in published.relations}
    for whole, parts in relations.MEDIATION_FUNNEL:
        for kind in ("iko", "niko"):
            key = ("mediation", kind, whole)
            assert (key, tuple(("mediation", kind, p) for p in parts), len(parts) > 1) in steps
    ids = {r.id for r in relations.catalogue(2021)}
    assert {"mediation:niko:mediations:successful", "mediation:iko:concluded:successful"} <= ids


def test_a_funnel_step_with_a_part_not_stated_still_bounds_the_parts() -> None:
    """A stopped mediation of 1 is not given away by 'started >= stopped + mediations'.

    The published 2021 figures state the started requests, the stopped ones
    and the mediations, but not those still in intake. A reader still knows
    the stopped ones are at most started minus mediations, and that a hidden
    count is 1 or more: with 25 started and 24 mediations, a hidden 1 would
    be pinned down. So a second figure of the step is hidden with it.
    """
    cells: dict[tuple[RowKey, str], int] = {
        ("iko", "started"): 25,
        ("iko", "stopped"): 1,
        ("iko", "mediations"): 24,
    }
    report = AnnualReport(year=2021, tables={"mediation": Table(slug="mediation", cells=cells)})
    published = suppress(report, threshold=2)
    step = Relation(
        whole=("mediation", "iko", "started"),
        parts=(("mediation", "iko", "stopped"), ("mediation", "iko", "mediations")),
        exact=False,
    )
    assert step in published.relations
    assert 2 == len(published.suppressed)
    assert FigureStatus.SUPPRESSED == published.status("mediation", "iko", "stopped")
    low, high = feasible_ranges(published)["mediation", "iko", "stopped"]
    assert high is not None
    assert low < high


def test_reconcile_checks_the_country_tables_against_their_totals() -> None:
    """Countries of a direction are some of the abductions in that direction; so for sections."""
    report = AnnualReport(
        year=2021,
        tables={
            "abductions_by_direction": Table(
                slug="abductions_by_direction", cells={("to_netherlands", "cases"): 3}
            ),
            "abductions_countries": Table(
                slug="abductions_countries",
                cells={("MA", "to_netherlands"): 2, ("TR", "to_netherlands"): 2},
            ),
            "relocation": Table(slug="relocation", totals={"cases": 4}),
            "relocation_countries": Table(
                slug="relocation_countries",
                cells={("DE", "to_netherlands"): 1, ("DE", "from_netherlands"): 3},
            ),
            "access": Table(slug="access", totals={"cases": 3}),
            "access_countries": Table(
                slug="access_countries",
                cells={("BE", "to_netherlands"): 2, ("FR", "from_netherlands"): 2},
            ),
        },
    )
    assert [
        ("abductions_countries:to_netherlands:parts_of_abductions_by_direction", 4, 3),
        ("access_countries:to_netherlands+from_netherlands:parts_of_access", 4, 3),
    ] == [
        (f.relation, f.expected, f.stated)
        for f in reconcile(report)
        if f.kind is FindingKind.PARTS_EXCEED_TOTAL
    ]


def test_every_table_id_has_a_spec_and_a_computed_table() -> None:
    """One vocabulary of tables: each has a spec, in report order, and annual_report makes it.

    The summer-holiday tables of the press releases come last; a register
    cannot compute them, so annual_report leaves them absent.
    """
    press = [spec.slug for spec in PRESS_TABLE_SPECS]
    assert list(TableId) == [spec.slug for spec in TABLE_SPECS] + press == list(TABLES)
    assert all(spec.slug is TableId(spec.slug) for spec in TABLES.values())
    assert [spec.slug for spec in TABLE_SPECS] == list(annual_report(Register(), 2021).tables)
    assert ["summer_abductions", "summer_abductions_by_direction"] == press[:2]


def test_every_table_takes_part_in_relations() -> None:
    """Each table has relations of its own: at least its parts against its totals."""
    tables = relations.by_table(2021)
    assert list(TableId) == list(tables)
    assert [] == [slug for slug, found in tables.items() if not found]
    assert sum(map(len, tables.values())) == len(relations.catalogue(2021))


def test_a_table_id_is_its_slug_in_every_public_sense() -> None:
    """Members equal, hash, print and pickle as their slugs; records keep plain strings."""
    member = TableId.ABDUCTIONS
    assert ("abductions", "'abductions'", "abductions") == (member, repr(member), f"{member}")
    assert {"abductions": 1}[member] == 1
    assert type(pickle.loads(pickle.dumps(member))) is str
    assert "slug='abductions'" in repr(TABLES[member])
    report = annual_report(Register(), 2021)
    assert all(type(slug) is str for slug in report.tables)
    assert all(type(table.slug) is str for table in report.tables.values())
    assert type(FigureRef(table=member, row=None, column="cases").table) is str


@pytest.mark.parametrize(("year", "span"), [(2021, 4), (2021, 2), (1991, 4), (2030, 6)])
def test_every_relation_names_existing_tables_columns_and_rows(year: int, span: int) -> None:
    """Each figure a relation names is a real cell or total; ids are unique and never say None."""
    catalogue = relations.catalogue(year, span)
    ids = [relation.id for relation in catalogue]
    assert len(ids) == len(set(ids))
    assert [] == [i for i in ids if "None" in i or i.split(":")[0] not in TABLES]
    for relation in catalogue:
        for ref in relation.refs:
            spec = TABLES[ref.table]
            assert ref.column in spec.columns, relation.id
            assert ref.row is None or spec.row(ref.row) == ref.row, relation.id
        if isinstance(relation, SumRelation):
            assert relation.parts or relation.every_row, relation.id
            assert len(relation.lower_bounds) in (0, len(relation.parts)), relation.id
            for every in relation.every_row:
                assert TABLES[every.table].rows == "country", relation.id
                assert every.column in TABLES[every.table].columns, relation.id


def test_the_multi_year_relations_follow_the_report_year_and_span() -> None:
    """The years of the prevention tables come from the report year and the span."""
    ids = {relation.id for relation in relations.catalogue(2021, 2)}
    assert {"prevention_years_by_initiator:2020:cases", "prevention_years:cases:2021"} <= ids
    assert "prevention_years_by_initiator:2019:cases" not in ids
    assert 2 == relations.report_span(annual_report(Register(), 2021, span=2))
    assert 4 == relations.report_span(published_figures(2021))
    assert 4 == relations.report_span(AnnualReport(year=2021))


def test_stated_reads_the_figure_the_catalogue_declares_the_same() -> None:
    """A figure absent from its table is read from the table that repeats it."""
    report = AnnualReport(
        year=2021,
        tables={"contacts": Table(slug="contacts", cells={("email", "contacts"): 3635})},
    )
    own = FigureRef(table="contacts_by_client", row=None, column="email")
    other = FigureRef(table="contacts_by_client", row=None, column="telephone")
    assert (3635, None) == (relations.stated(report, own), relations.stated(report, other))
